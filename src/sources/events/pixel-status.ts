// A pixel's status as Events Manager shows it, from when its events last arrived: Active, No recent
// activity, or Never fired. Test events do not count (they say nothing about the live site); duplicate
// copies do (the pixel did fire).
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';

export type PixelStatus = 'Active' | 'No recent activity' | 'Never fired';

/** A pixel is Active while its last event arrived less than this long ago (docs/events-api.md). */
export const ACTIVE_WITHIN_MS = 24 * 3600_000;

export interface PixelActivity {
  pixel_code: string;
  status: PixelStatus;
  /** When its last counted event (or a duplicate copy of one) arrived; null when none ever did. */
  last_event_time: Date | null;
}

export function statusOf(lastEventTime: Date | null, now: number): PixelStatus {
  if (lastEventTime === null) return 'Never fired';
  return now - lastEventTime.getTime() < ACTIVE_WITHIN_MS ? 'Active' : 'No recent activity';
}

/**
 * Status and last event time of each pixel. `accepted` adds what this process accepted and the warehouse
 * may not hold yet (EventIngest.lastAccepted), so a pixel is Active from its first acknowledged event.
 */
export async function pixelActivity(
  facts: FactStore,
  pixelCodes: string[],
  options: { now?: number; accepted?: (pixelCode: string) => Date | null } = {},
): Promise<PixelActivity[]> {
  const now = options.now ?? Date.now();
  const stored = new Map<string, number>();
  if (pixelCodes.length > 0) {
    const marks = pixelCodes.map((code, i) => facts.dialect.placeholder(i + 1, code)).join(', ');
    const rows = await facts.query({
      text: `SELECT pixel_code, MAX(last_ms) AS last_ms FROM (
          SELECT pixel_code, epoch_ms(MAX(received_at)) AS last_ms FROM ${FACT_TABLES.pixelEvents}
            WHERE pixel_code IN (${marks}) GROUP BY pixel_code
          UNION ALL
          SELECT pixel_code, epoch_ms(MAX(received_at)) AS last_ms FROM ${FACT_TABLES.duplicateEvents}
            WHERE pixel_code IN (${marks}) GROUP BY pixel_code
        ) GROUP BY pixel_code`,
      values: pixelCodes,
    });
    for (const row of rows) stored.set(String(row.pixel_code), Number(row.last_ms));
  }
  return pixelCodes.map((code) => {
    const times = [stored.get(code), options.accepted?.(code)?.getTime()].filter(
      (t): t is number => t !== undefined,
    );
    const last = times.length > 0 ? new Date(Math.max(...times)) : null;
    return { pixel_code: code, status: statusOf(last, now), last_event_time: last };
  });
}
