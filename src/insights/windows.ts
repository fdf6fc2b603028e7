// The windows the detectors judge in, named once so every detector and the docs agree on them.
import { addDays } from '../core/dates.ts';
import type { AdFacts, DayCounts } from './facts-view.ts';
import { inWindow } from './stats.ts';

/** Days in the "recent" window and in an ad's early baseline. A whole week: weekdays cancel out. */
export const WEEK = 7;

/**
 * Conversions are counted on the day of the impression but many come days after the click, so the last
 * days' conversions are still incomplete. Conversion rates leave out this many most recent days.
 */
export const CONVERSION_MATURITY_DAYS = 3;

export interface Window {
  from: string;
  to: string;
  days: DayCounts[];
}

export function window(ad: AdFacts, from: string, to: string): Window {
  return { from, to, days: inWindow(ad.days, from, to) };
}

/** The last `length` days up to `end`. */
export function lastDays(ad: AdFacts, end: string, length: number): Window {
  return window(ad, addDays(end, -(length - 1)), end);
}

/** The ad's first `length` days with delivery (its own early baseline), or null before it has them. */
export function earlyBaseline(ad: AdFacts, length = WEEK): Window | null {
  const first = ad.days.find((d) => d.impressions > 0);
  if (!first) return null;
  return window(ad, first.date, addDays(first.date, length - 1));
}

export const isVideo = (ad: AdFacts): boolean =>
  ad.ad.ad_format === 'SINGLE_VIDEO' && ad.creative?.kind !== 'image';
