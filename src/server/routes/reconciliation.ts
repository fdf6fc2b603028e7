// The shop reconciliation (platform, pixel and shop side by side, waterfalls with their orders), Adcockpit's
// first-party attribution per ad, and — for sandbox advertisers — the replay under other windows.
import { z } from 'zod';
import { getReconciliation } from '../../attribution/reconciliation-report.ts';
import { loadReconciliationFacts } from '../../attribution/load-facts.ts';
import { buildPurchases } from '../../attribution/first-party.ts';
import { attributionByAd } from '../../attribution/reconcile.ts';
import { replayWindows } from '../../attribution/window-replay.ts';
import { isIsoDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { AppContext } from '../../app-context.ts';
import {
  FirstPartyAttributionResponse,
  ReconciliationResponse,
  WindowReplayQuery,
  WindowReplayResponse,
} from '../../shared/reconciliation-api.ts';
import { advertiserOr404, checkRange } from './advertiser-guards.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');
const RangeQuery = z.object({ from: isoDate, to: isoDate });
/** A reconciliation reads every order and event of its dates; a year is plenty and keeps answers quick. */
const MAX_DAYS = 366;

async function advertiserFor(ctx: AppContext, advertiserId: string, range: { from: string; to: string }) {
  checkRange(range);
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1;
  if (days > MAX_DAYS) {
    throw new AppError(
      'invalid_date_range',
      `Reconcile at most ${MAX_DAYS} days at a time (asked: ${days}).`,
      [{ field: 'query.to', message: `at most ${MAX_DAYS} days after "from"` }],
    );
  }
  return advertiserOr404(ctx, advertiserId);
}

const reconciliationRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/reconciliation',
  access: { advertiser: 'view' },
  summary:
    "Platform purchases (click- and view-through), the pixel's and the shop's orders for the dates, and two waterfalls meeting at the shop's attributable orders — from the platform's number and from every shop order — each bar with the orders, events or platform rows behind it; attribution windows per ad group.",
  tag: 'events',
  params: AdvertiserParams,
  query: RangeQuery,
  response: ReconciliationResponse,
  handler: async ({ params, query }, ctx) => {
    const advertiser = await advertiserFor(ctx, params.advertiserId, query);
    return getReconciliation(ctx.facts, ctx.catalog, advertiser, { from: query.from, to: query.to });
  },
});

const attributionRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/attribution',
  access: { advertiser: 'view' },
  summary:
    "Per ad: the platform's click- and view-through purchases and Adcockpit's own click-through ones (pixel purchases and shop orders tied to a click on the ad within its ad group's click window, on the click's day).",
  tag: 'events',
  params: AdvertiserParams,
  query: RangeQuery,
  response: FirstPartyAttributionResponse,
  handler: async ({ params, query }, ctx) => {
    const advertiser = await advertiserFor(ctx, params.advertiserId, query);
    const range = { from: query.from, to: query.to };
    const loaded = await loadReconciliationFacts(ctx.facts, ctx.catalog, advertiser, range);
    const inRange = (date: string | null) => date !== null && date >= range.from && date <= range.to;
    return {
      advertiser_id: advertiser.advertiser_id,
      range,
      ads: attributionByAd(loaded, buildPurchases(loaded), inRange),
    };
  },
});

const replayRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/reconciliation/window-replay',
  access: { advertiser: 'view' },
  summary:
    "Sandbox advertisers only: the purchases the platform would have reported for the dates under other click and view windows (every ad group), beside what it reported under each ad group's own, from the sandbox's record of every order's path.",
  tag: 'events',
  params: AdvertiserParams,
  query: RangeQuery.merge(WindowReplayQuery),
  response: WindowReplayResponse,
  handler: async ({ params, query }, ctx) => {
    const advertiser = await advertiserFor(ctx, params.advertiserId, query);
    if (advertiser.source !== 'sandbox') {
      throw new AppError(
        'validation_failed',
        'Window replay needs the truth behind every purchase, which only a sandbox advertiser has; this advertiser is not one.',
        [{ field: 'params.advertiserId', message: 'not a sandbox advertiser' }],
      );
    }
    return replayWindows(
      ctx.facts,
      ctx.catalog,
      advertiser.advertiser_id,
      { from: query.from, to: query.to },
      query,
    );
  },
});

export const reconciliationRoutes: RouteDef[] = [reconciliationRoute, attributionRoute, replayRoute];
