// Insights: what the detectors find in an advertiser's numbers as of a day (src/insights/), and the team's
// decisions about them — dismissed or snoozed ones leave the list (src/insights/states.ts).
import { z } from 'zod';
import { dismissInsight, listInsights, restoreInsight, snoozeInsight } from '../../insights/states.ts';
import { isIsoDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import {
  InsightKey,
  InsightList,
  InsightSnooze,
  InsightStateChange,
  InsightsQuery,
} from '../../shared/insights-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const params = z.object({ advertiserId: z.string().min(1) });

function checkDay(value: string | undefined, field: string): void {
  if (value !== undefined && !isIsoDate(value)) {
    throw new AppError('validation_failed', `${field} (${value}) is not a date on the calendar.`, [
      { field, message: 'is not a date on the calendar' },
    ]);
  }
}

const insightsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/insights',
  access: { advertiser: 'view' },
  summary:
    "The insights found in the advertiser's numbers as of a day (default: its today): tired creatives, weak hooks, hooks that do not hold, landing pages that lose the click, statistically real winners — each with its severity, the day it began, the evidence (values, baselines, windows, tests), a summary, a recommendation and a creative brief. Critical first. Dismissed and currently snoozed insights are left out unless include=dismissed, which lists them with their state.",
  tag: 'insights',
  params,
  query: InsightsQuery,
  response: InsightList,
  handler: async ({ params, query }, ctx) => {
    checkDay(query.as_of, 'as_of');
    return listInsights(ctx, params.advertiserId, {
      asOf: query.as_of,
      includeDismissed: query.include === 'dismissed',
    });
  },
});

// Dismissing is the team's decision, not one person's view: it hides the insight for everyone, so it
// takes the right to edit the advertiser's campaigns.
const dismissRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/advertisers/:advertiserId/insights/dismiss',
  access: { advertiser: 'edit' },
  summary:
    'Dismisses an insight for the whole team: the same problem on the same entity stays out of the list (a detector re-run moving its onset keeps it dismissed; the problem coming back after today shows again). Who and when are kept; restore undoes it.',
  tag: 'insights',
  params,
  body: InsightKey,
  response: InsightStateChange,
  handler: async ({ params, body, principal }, ctx) => {
    checkDay(body.since, 'body.since');
    return dismissInsight(ctx.catalog, params.advertiserId, body, principal!.actor);
  },
});

const snoozeRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/advertisers/:advertiserId/insights/snooze',
  access: { advertiser: 'edit' },
  summary:
    "Snoozes an insight for the whole team until a day (after the advertiser's today): it leaves the list and comes back on that day if the problem is still there. Restore undoes it.",
  tag: 'insights',
  params,
  body: InsightSnooze,
  response: InsightStateChange,
  handler: async ({ params, body, principal }, ctx) => {
    checkDay(body.since, 'body.since');
    checkDay(body.until, 'body.until');
    return snoozeInsight(ctx.catalog, params.advertiserId, body, principal!.actor);
  },
});

const restoreRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/advertisers/:advertiserId/insights/restore',
  access: { advertiser: 'edit' },
  summary: 'Opens a dismissed or snoozed insight again (the undo of dismiss and snooze).',
  tag: 'insights',
  params,
  body: InsightKey.omit({ since: true }),
  response: InsightStateChange,
  handler: async ({ params, body, principal }, ctx) =>
    restoreInsight(ctx.catalog, params.advertiserId, body, principal!.actor),
});

export const insightRoutes: RouteDef[] = [insightsRoute, dismissRoute, snoozeRoute, restoreRoute];
