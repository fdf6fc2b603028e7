// How many events each pixel received per event name over the last 24 hours and 7 days, and from where
// (browser pixel, Events API, or both): the Pixels screen's table and a pixel's events. One grouped query
// over the 7 days of pixel_events and pixel_event_duplicates, filtered on the advertiser, its pixels and
// the arrival time as bare columns, so DuckDB skips every row group outside the week by its min/max
// (arrivals are appended in time order) instead of reading the whole table.
import type { EventSources, PixelEventCount } from '../../shared/pixels-api.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { isStandardEvent } from './event-names.ts';

const DAY_MS = 24 * 3600_000;
export const SUMMARY_DAYS = 7;

export interface PixelEventCounts {
  pixel_code: string;
  events: PixelEventCount[];
}

export function sourcesOf(browser: number, server: number): EventSources {
  if (browser > 0 && server > 0) return 'both';
  return browser > 0 ? 'browser' : 'server';
}

/** Per pixel, its event names of the last 7 days with their counts, the busiest first. */
export async function eventCounts(
  facts: FactStore,
  advertiserId: string,
  pixelCodes: readonly string[],
  now = Date.now(),
): Promise<Map<string, PixelEventCount[]>> {
  const out = new Map<string, PixelEventCount[]>(pixelCodes.map((code) => [code, []]));
  if (pixelCodes.length === 0) return out;
  const values: (string | number)[] = [advertiserId, now - SUMMARY_DAYS * DAY_MS, now - DAY_MS];
  const marks = pixelCodes.map((code) => {
    values.push(code);
    return `$${values.length}`;
  });
  const where = `advertiser_id = $1 AND pixel_code IN (${marks.join(', ')})
      AND received_at >= make_timestamp($2::BIGINT * 1000)`;
  const rows = await facts.query({
    text: `WITH arrivals AS (
        SELECT pixel_code, event, source, received_at, 0 AS duplicate FROM ${FACT_TABLES.pixelEvents} WHERE ${where}
        UNION ALL
        SELECT pixel_code, event, source, received_at, 1 AS duplicate FROM ${FACT_TABLES.duplicateEvents} WHERE ${where}
      )
      SELECT pixel_code, event,
        COUNT(*) FILTER (WHERE duplicate = 0 AND received_at >= make_timestamp($3::BIGINT * 1000)) AS count_24h,
        COUNT(*) FILTER (WHERE duplicate = 0) AS count_7d,
        COUNT(*) FILTER (WHERE source = 'browser') AS browser_7d,
        COUNT(*) FILTER (WHERE source = 'server') AS server_7d,
        COUNT(*) FILTER (WHERE duplicate = 1) AS duplicates_7d,
        epoch_ms(MAX(received_at)) AS last_ms
      FROM arrivals GROUP BY pixel_code, event
      ORDER BY pixel_code, count_7d DESC, event`,
    values,
  });
  for (const r of rows) {
    const browser = Number(r.browser_7d);
    const server = Number(r.server_7d);
    out.get(String(r.pixel_code))?.push({
      event: String(r.event),
      standard: isStandardEvent(String(r.event)),
      count_24h: Number(r.count_24h),
      count_7d: Number(r.count_7d),
      browser_7d: browser,
      server_7d: server,
      duplicates_7d: Number(r.duplicates_7d),
      sources: sourcesOf(browser, server),
      last_received_at: new Date(Number(r.last_ms)).toISOString(),
    });
  }
  return out;
}
