// landing_page_mismatch (ad): people click (CTR healthy) but do not buy (CVR far below the ad's siblings
// or its own past): the page does not keep the ad's promise, or is broken. Two checks:
//  - siblings: the ad's CVR against the pooled CVR of the other ads in its ad group, same days;
//  - own past: the ad's CVR since it changed (the change point of its daily conversions ÷ clicks)
//    against its CVR before, provided the advertiser's other ads did not
//    fall alike (a fall everywhere is tracking — a silent pixel — not this page).
// Conversions come days after the click and are counted on the impression's day, so the most recent days
// are left out of every conversion rate (CONVERSION_MATURITY_DAYS).
// Low volume: instead of a fixed minimum of clicks, the ad needs enough clicks that the baseline's CVR
// would have given it a few conversions (minExpectedConversions), and the fall is judged by Fisher's
// exact test, right at a handful of conversions where the normal approximation is not.
import { addDays } from '../../core/dates.ts';
import type { Insight } from '../../shared/insights-api.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import type { AdFacts, DayCounts } from '../facts-view.ts';
import { changePoint, fisherLess, inWindow, sum, twoProportionZ } from '../stats.ts';
import { CONVERSION_MATURITY_DAYS } from '../windows.ts';

export const LANDING_PAGE_MISMATCH = {
  /** CVR ÷ baseline CVR at most this. */
  maxCvrRatio: 0.5,
  /** At or below this it is critical. */
  criticalCvrRatio: 0.25,
  /** CTR healthy: at least this share of the same baseline's CTR. */
  minCtrRatio: 0.7,
  /** The others' CVR ratio (own-past check) above this: the fall is this ad's alone. */
  othersMinCvrRatio: 0.7,
  siblingWindowDays: 14,
  /** The ad's clicks × the baseline's CVR: the conversions it should have had, at least this many. */
  minExpectedConversions: 6,
  minBaselineConversions: 6,
  maxP: 0.001,
  /**
   * Low volume: a CVR at most this share of the siblings' (a page that barely converts at all) over the
   * fixed sibling window needs only collapseMaxP — a broken page on a small ad shows as a handful of
   * missing conversions, never as p < 0.001.
   */
  collapseCvrRatio: 0.25,
  collapseMaxP: 0.01,
  /**
   * Days picked by the change point: the split is the worst-looking of a month of candidate days, so a
   * noisy week passes a plain 0.001 by chance. Neighbouring splits are nearly the same test; the level
   * is 0.001 ÷ 5, as for about five independent looks.
   */
  changePointMaxP: 0.0002,
};

interface Side {
  clicks: number;
  impressions: number;
  conversions: number;
}
const side = (days: readonly DayCounts[]): Side => ({
  clicks: sum(days, 'clicks'),
  impressions: sum(days, 'impressions'),
  conversions: sum(days, 'conversions'),
});
const cvr = (s: Side) => (s.clicks > 0 ? s.conversions / s.clicks : null);
const ctr = (s: Side) => (s.impressions > 0 ? s.clicks / s.impressions : null);

export const landingPageMismatch: Detector = {
  code: 'landing_page_mismatch',
  detect(view) {
    const out: Insight[] = [];
    const L = LANDING_PAGE_MISMATCH;
    const matureEnd = addDays(view.asOf, -CONVERSION_MATURITY_DAYS);
    const siblingFrom = addDays(matureEnd, -(L.siblingWindowDays - 1));
    for (const ad of view.ads) {
      const found =
        againstSiblings(view.ads, ad, siblingFrom, matureEnd) ?? againstOwnPast(view.ads, ad, matureEnd);
      if (!found) continue;
      const { mine, base, from, to, baseFrom, baseTo, baseline, since } = found;
      const ratio = cvr(mine)! / cvr(base)!;
      const test = twoProportionZ(mine.conversions, mine.clicks, base.conversions, base.clicks)!;
      const p = fisherLess(mine.conversions, mine.clicks, base.conversions, base.clicks);
      out.push({
        code: 'landing_page_mismatch',
        level: 'ad',
        entity_id: ad.ad.ad_id,
        entity_name: ad.ad.ad_name,
        severity: ratio <= L.criticalCvrRatio ? 'critical' : 'warning',
        since,
        evidence: {
          window: { from, to },
          baseline_window: baseFrom === from && baseTo === to ? null : { from: baseFrom, to: baseTo },
          baseline,
          metrics: [
            evidenceMetric(
              'ctr',
              'CTR',
              { numerator: mine.clicks, denominator: mine.impressions },
              { numerator: base.clicks, denominator: base.impressions },
            ),
            evidenceMetric(
              'conversion_rate',
              'CVR',
              { numerator: mine.conversions, denominator: mine.clicks },
              { numerator: base.conversions, denominator: base.clicks },
            ),
          ],
          tests: [
            {
              name: "Fisher's exact test on CVR (one-sided; z of the two-proportion test for scale)",
              metric: 'conversion_rate',
              z: Number(test.z.toFixed(3)),
              p_value: Number(p.toPrecision(3)),
              confidence: Number((1 - p).toFixed(6)),
              effect_size: Number((ratio - 1).toFixed(4)),
            },
          ],
          thresholds: {
            max_cvr_ratio: L.maxCvrRatio,
            min_ctr_ratio: L.minCtrRatio,
            min_expected_conversions: L.minExpectedConversions,
            min_baseline_conversions: L.minBaselineConversions,
            maturity_days_left_out: CONVERSION_MATURITY_DAYS,
            max_p: L.maxP,
            collapse_cvr_ratio: L.collapseCvrRatio,
            collapse_max_p: L.collapseMaxP,
            change_point_max_p: L.changePointMaxP,
          },
        },
        summary: `People click (CTR ${pct(ctr(mine)!, 2)}, baseline ${pct(ctr(base)!, 2)}) but only ${pct(cvr(mine)!, 2)} of clicks convert against ${pct(cvr(base)!, 2)} for ${baseline}: the landing page loses them.`,
        recommendation: `Open ${ad.ad.landing_page_url} as a visitor from this ad would: check that it loads, works on a phone, and shows the product and offer the ad promises. Pause the ad until it does.`,
        brief: {
          headline: 'Make the page keep the ad’s promise',
          items: [
            'Land on the exact product and offer shown in the ad, not a home or category page.',
            'Repeat the ad’s hook and visual at the top of the page so the visitor knows they are in the right place.',
            'If the page cannot change, rewrite the ad’s on-screen text and call to action to match what the page sells.',
          ],
        },
      });
    }
    return out;
  },
};

interface Found {
  mine: Side;
  base: Side;
  from: string;
  to: string;
  baseFrom: string;
  baseTo: string;
  baseline: string;
  since: string;
}

/**
 * `fixedWindow`: the days were chosen before looking (the sibling window), so a near-total collapse may
 * pass at the looser low-volume level; days picked by the change point always need the strict level.
 */
function significant(mine: Side, base: Side, fixedWindow = false): boolean {
  const L = LANDING_PAGE_MISMATCH;
  const mineCvr = cvr(mine);
  const baseCvr = cvr(base);
  if (base.conversions < L.minBaselineConversions || !baseCvr) return false;
  if (mine.clicks * baseCvr < L.minExpectedConversions) return false;
  const mineCtr = ctr(mine);
  const baseCtr = ctr(base);
  if (mineCvr === null || !baseCvr || mineCtr === null || !baseCtr) return false;
  if (mineCtr / baseCtr < L.minCtrRatio) return false;
  const ratio = mineCvr / baseCvr;
  if (ratio > L.maxCvrRatio) return false;
  return (
    fisherLess(mine.conversions, mine.clicks, base.conversions, base.clicks) < maxPFor(ratio, fixedWindow)
  );
}

/** The p-value an insight must beat: strict, or looser for a near-total collapse on fixed days. */
function maxPFor(ratio: number, fixedWindow: boolean): number {
  const L = LANDING_PAGE_MISMATCH;
  if (!fixedWindow) return L.changePointMaxP;
  return ratio <= L.collapseCvrRatio ? L.collapseMaxP : L.maxP;
}

/**
 * The ad's days after its CVR changed (the change point of conversions ÷ clicks over its mature days),
 * when the rate fell there: a page that broke recently is judged on its broken days only.
 */
function brokenSpan(
  ad: AdFacts,
  to: string,
): { before: DayCounts[]; after: DayCounts[]; since: string } | null {
  const clicked = ad.days.filter((d) => d.date <= to && d.clicks > 0);
  const at = changePoint(clicked, 'conversions', 'clicks');
  if (!at) return null;
  const before = clicked.filter((d) => d.date < at);
  const after = clicked.filter((d) => d.date >= at);
  const b = cvr(side(before));
  const a = cvr(side(after));
  if (b === null || a === null || a >= b) return null;
  return { before, after, since: at };
}

function againstSiblings(all: AdFacts[], ad: AdFacts, from: string, to: string): Found | null {
  const siblings = all.filter((o) => o.ad.adgroup_id === ad.ad.adgroup_id && o.ad.ad_id !== ad.ad.ad_id);
  if (siblings.length === 0) return null;
  const span = brokenSpan(ad, to);
  // The whole window first; failing that, only the days since the ad's CVR fell.
  for (const start of [from, ...(span && span.since > from ? [span.since] : [])]) {
    const mine = side(inWindow(ad.days, start, to));
    const base = side(siblings.flatMap((o) => inWindow(o.days, start, to)));
    if (!significant(mine, base, start === from)) continue;
    // Since when: the change point if the ad started out converting (a page that broke later), else its
    // first click (a page that never matched).
    const earlyCvr = span ? cvr(side(span.before)) : null;
    const brokeLater = span !== null && earlyCvr !== null && earlyCvr >= 2 * cvr(mine)!;
    const first = ad.days.find((d) => d.clicks > 0)?.date ?? start;
    return {
      mine,
      base,
      from: start,
      to,
      baseFrom: start,
      baseTo: to,
      baseline: 'the other ads in its ad group',
      since: brokeLater ? span.since : first,
    };
  }
  return null;
}

function againstOwnPast(all: AdFacts[], ad: AdFacts, matureEnd: string): Found | null {
  const span = brokenSpan(ad, matureEnd);
  if (!span) return null;
  const mine = side(span.after);
  const base = side(span.before);
  if (!significant(mine, base)) return null;
  const baseFrom = span.before[0]!.date;
  const baseTo = span.before[span.before.length - 1]!.date;
  // The same days for every other ad of the advertiser: if they fell alike, it is tracking, not the page.
  const others = all.filter((o) => o.ad.ad_id !== ad.ad.ad_id);
  const othersBefore = side(others.flatMap((o) => inWindow(o.days, baseFrom, baseTo)));
  const othersAfter = side(others.flatMap((o) => inWindow(o.days, span.since, matureEnd)));
  const ob = cvr(othersBefore);
  const oa = cvr(othersAfter);
  if (ob === null || oa === null || othersBefore.conversions < LANDING_PAGE_MISMATCH.minBaselineConversions)
    return null;
  if (oa / ob <= LANDING_PAGE_MISMATCH.othersMinCvrRatio) return null;
  return {
    mine,
    base,
    from: span.since,
    to: matureEnd,
    baseFrom,
    baseTo,
    baseline: 'its own days before the fall',
    since: span.since,
  };
}
