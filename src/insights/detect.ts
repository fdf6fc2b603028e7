// The insights runner: loads the facts view once and runs every detector over it. Critical first, then
// warnings, then information; within a severity, by code and entity name, so the order is stable.
import { getAdvertiser } from '../catalog/advertisers.ts';
import { localToday } from '../core/timezone.ts';
import { notFound } from '../core/errors.ts';
import type { Insight, InsightList } from '../shared/insights-api.ts';
import type { Detector } from './detector.ts';
import { audienceTooSmall } from './detectors/audience-too-small.ts';
import { bidTooLow } from './detectors/bid-too-low.ts';
import { budgetNotSpending } from './detectors/budget-not-spending.ts';
import { creativeFatigue } from './detectors/creative-fatigue.ts';
import { hookNotHolding } from './detectors/hook-not-holding.ts';
import { landingPageMismatch } from './detectors/landing-page-mismatch.ts';
import { pixelSilent } from './detectors/pixel-silent.ts';
import { runawayCpa } from './detectors/runaway-cpa.ts';
import { stoppedDelivering } from './detectors/stopped-delivering.ts';
import { stuckInReview } from './detectors/stuck-in-review.ts';
import { unprofitable } from './detectors/unprofitable.ts';
import { weakHook } from './detectors/weak-hook.ts';
import { winner } from './detectors/winner.ts';
import { type FactsView, type InsightsContext, loadFactsView } from './facts-view.ts';

export const DETECTORS: readonly Detector[] = [
  creativeFatigue,
  weakHook,
  hookNotHolding,
  landingPageMismatch,
  winner,
  stuckInReview,
  stoppedDelivering,
  audienceTooSmall,
  bidTooLow,
  budgetNotSpending,
  runawayCpa,
  unprofitable,
  pixelSilent,
];

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function runDetectors(view: FactsView, detectors: readonly Detector[] = DETECTORS): Insight[] {
  return detectors
    .flatMap((d) => d.detect(view))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.code.localeCompare(b.code) ||
        a.entity_name.localeCompare(b.entity_name),
    );
}

/** `asOf` defaults to the advertiser's today. */
export async function detectInsights(
  ctx: InsightsContext,
  advertiserId: string,
  asOf?: string,
): Promise<InsightList> {
  let day = asOf;
  if (!day) {
    const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
    if (!advertiser) throw notFound('Advertiser', advertiserId);
    day = localToday(advertiser.timezone);
  }
  const view = await loadFactsView(ctx, advertiserId, day);
  return { insights: runDetectors(view) };
}
