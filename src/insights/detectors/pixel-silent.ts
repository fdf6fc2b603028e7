// pixel_silent (ad group): the site stopped sending pixel events while the ad groups reporting through
// that pixel still get clicks — conversions "stop" only because nobody counts them. Judged per pixel on
// its own history: each of the last 2 days has under 5 % of the events it expected from that day's clicks
// at the pixel's usual events-per-click (the 14 days before), with enough clicks that silence cannot be
// chance. Reported on each ad group that uses the pixel and had clicks, as the level the contract has.
import { addDays, eachDate } from '../../core/dates.ts';
import type { AdGroup } from '../../core/entities.ts';
import type { Insight } from '../../shared/insights-api.ts';
import { groupDays } from '../delivery.ts';
import { type Detector, evidenceMetric } from '../detector.ts';
import type { FactsView } from '../facts-view.ts';
import { inWindow, poissonLowerTail, poissonZ, statTest, sum } from '../stats.ts';

export const PIXEL_SILENT = {
  silentDays: 2,
  baselineDays: 14,
  /** A silent day has at most this share of the events its clicks would have sent. */
  maxShareOfExpected: 0.05,
  /** Clicks over the silent days, over every ad group on the pixel: the silence means something. */
  minClicks: 100,
  /** The pixel's baseline: at least this many events, so its events per click is known. */
  minBaselineEvents: 100,
  maxP: 0.001,
};

export interface SilentPixel {
  pixelId: string;
  pixelName: string;
  groups: AdGroup[];
  from: string;
  to: string;
  since: string;
  baseFrom: string;
  baseTo: string;
  events: number;
  clicks: number;
  baseEvents: number;
  baseClicks: number;
  expected: number;
  p: number;
}

/** The pixels gone silent as of the view's day, with the ad groups reporting through them. */
export function silentPixels(view: FactsView): SilentPixel[] {
  const P = PIXEL_SILENT;
  const to = view.asOf;
  const from = addDays(to, -(P.silentDays - 1));
  const baseTo = addDays(from, -1);
  const baseFrom = addDays(baseTo, -(P.baselineDays - 1));
  const out: SilentPixel[] = [];
  for (const pixel of view.pixels) {
    const groups = view.adGroups.filter((g) => g.pixel_id === pixel.pixel_id);
    if (groups.length === 0) continue;
    const eventsOn = new Map((view.pixelDays.get(pixel.pixel_id) ?? []).map((d) => [d.date, d.events]));
    const clicksOn = (date: string) =>
      groups.reduce((s, g) => s + (groupDays(view, g).find((d) => d.date === date)?.clicks ?? 0), 0);
    const baseEvents = eachDate(baseFrom, baseTo).reduce((s, d) => s + (eventsOn.get(d) ?? 0), 0);
    const baseClicks = eachDate(baseFrom, baseTo).reduce((s, d) => s + clicksOn(d), 0);
    if (baseEvents < P.minBaselineEvents || baseClicks === 0) continue;
    const perClick = baseEvents / baseClicks;
    const silentDates = eachDate(from, to);
    const clicks = silentDates.reduce((s, d) => s + clicksOn(d), 0);
    if (clicks < P.minClicks) continue;
    // Every silent day on its own, so one quiet evening does not pass for a dead pixel.
    if (silentDates.some((d) => (eventsOn.get(d) ?? 0) > clicksOn(d) * perClick * P.maxShareOfExpected))
      continue;
    const events = silentDates.reduce((s, d) => s + (eventsOn.get(d) ?? 0), 0);
    const expected = clicks * perClick;
    const p = poissonLowerTail(events, expected);
    if (p >= P.maxP) continue;
    // The silence began the day after the last day that still sent a fair share of its events.
    let since = from;
    for (let d = addDays(from, -1); d >= view.from; d = addDays(d, -1)) {
      if ((eventsOn.get(d) ?? 0) > clicksOn(d) * perClick * P.maxShareOfExpected) break;
      since = d;
    }
    out.push({
      pixelId: pixel.pixel_id,
      pixelName: pixel.pixel_name,
      groups: groups.filter((g) => sum(inWindow(groupDays(view, g), from, to), 'clicks') > 0),
      from,
      to,
      since,
      baseFrom,
      baseTo,
      events,
      clicks,
      baseEvents,
      baseClicks,
      expected,
      p,
    });
  }
  return out;
}

/** Whether the ad group reports through a pixel that has gone silent (its conversions say nothing). */
export function reportsThroughSilentPixel(
  view: FactsView,
  group: AdGroup,
  silent = silentPixels(view),
): boolean {
  return silent.some((s) => s.pixelId === group.pixel_id);
}

export const pixelSilent: Detector = {
  code: 'pixel_silent',
  detect(view) {
    return silentPixels(view).flatMap((s) =>
      s.groups.map((group): Insight => ({
        code: 'pixel_silent',
        level: 'adgroup',
        entity_id: group.adgroup_id,
        entity_name: group.adgroup_name,
        severity: 'critical',
        since: s.since,
        evidence: {
          window: { from: s.from, to: s.to },
          baseline_window: { from: s.baseFrom, to: s.baseTo },
          baseline: `pixel "${s.pixelName}"'s events per click over the ${PIXEL_SILENT.baselineDays} days before`,
          metrics: [
            evidenceMetric(
              'pixel_events_per_click',
              `Pixel events per click (pixel "${s.pixelName}", every ad group on it)`,
              { numerator: s.events, denominator: s.clicks },
              { numerator: s.baseEvents, denominator: s.baseClicks },
            ),
            evidenceMetric(
              'clicks',
              'Clicks (every ad group on the pixel)',
              { numerator: s.clicks, denominator: 1 },
              {
                numerator: (s.baseClicks / PIXEL_SILENT.baselineDays) * PIXEL_SILENT.silentDays,
                denominator: 1,
              },
            ),
          ],
          tests: [
            statTest(
              'Poisson test: events observed vs expected from the clicks (one-sided)',
              'pixel_events',
              poissonZ(s.events, s.expected),
              s.p,
              s.expected > 0 ? s.events / s.expected - 1 : 0,
            ),
          ],
          thresholds: {
            silent_days: PIXEL_SILENT.silentDays,
            max_share_of_expected: PIXEL_SILENT.maxShareOfExpected,
            min_clicks: PIXEL_SILENT.minClicks,
            min_baseline_events: PIXEL_SILENT.minBaselineEvents,
            max_p: PIXEL_SILENT.maxP,
          },
        },
        summary: `Pixel "${s.pixelName}" sent ${s.events.toLocaleString('en-US')} events in the last ${PIXEL_SILENT.silentDays} days where its ${s.clicks.toLocaleString('en-US')} clicks would have sent about ${Math.round(s.expected).toLocaleString('en-US')}: conversions are no longer counted, sales may still happen.`,
        recommendation:
          'Check the site: is the pixel snippet still on every page (a theme or checkout change often removes it)? Look at Assets → Events for the last event received. Until it fires again, judge this ad group on shop orders, not on reported conversions, and do not pause it for its CPA.',
        brief: null,
      })),
    );
  },
};
