// Positions of the warehouse counters in a fact row, looked up once by column name.
import { COUNTER_COLUMNS } from '../../warehouse/schema.ts';

function at(column: string): number {
  const index = COUNTER_COLUMNS.indexOf(column);
  if (index < 0) throw new Error(`No counter column "${column}" in the warehouse schema.`);
  return index;
}

export const C = {
  spend: at('spend_micros'),
  impressions: at('impressions'),
  clicks: at('clicks'),
  engagements: at('engagements'),
  plays: at('video_play_actions'),
  v2s: at('video_watched_2s'),
  v3s: at('video_watched_3s'),
  v6s: at('video_watched_6s'),
  p25: at('video_views_p25'),
  p50: at('video_views_p50'),
  p75: at('video_views_p75'),
  p100: at('video_views_p100'),
  likes: at('likes'),
  comments: at('comments'),
  shares: at('shares'),
  follows: at('follows'),
  conversion: at('conversion'),
  ctaConversion: at('cta_conversion'),
  vtaConversion: at('vta_conversion'),
  landingPageView: at('total_landing_page_view'),
  contentView: at('page_content_view_events'),
  addToCart: at('web_event_add_to_cart'),
  checkout: at('initiate_checkout'),
  purchase: at('complete_payment'),
  purchaseValue: at('purchase_value_micros'),
  playTimeMs: at('video_play_time_ms'),
  engagedView: at('engaged_view'),
} as const;

export const COUNTERS = COUNTER_COLUMNS.length;

export const newCounters = (): number[] => new Array<number>(COUNTERS).fill(0);

/** A copy of the counters from `at` on, as a fact row holds them (Array.from would step an iterator). */
export function countersAt(values: Float64Array, at = 0): number[] {
  const row = newCounters();
  for (let c = 0; c < COUNTERS; c++) row[c] = values[at + c]!;
  return row;
}

/**
 * Where an impression's outcomes add up: the ad's row for the hour, and its audience cell's row for the
 * day (`day` holds the ad's rows for every cell of its audience side by side; `at` is where the cell's
 * begins). Adding to both as it happens costs less than adding up each cell's row for every hour.
 */
export class CounterSink {
  readonly hour = new Float64Array(COUNTERS);
  day: Float64Array = new Float64Array(COUNTERS);
  at = 0;

  add(counter: number, value: number): void {
    this.hour[counter]! += value;
    this.day[this.at + counter]! += value;
  }
}
