// Every counted event of a pixel, for export: pixel_events holds each event once (copies deduplicated
// away into pixel_event_duplicates) and never a test event (those are in pixel_test_events).
import type { CompiledSql } from '../../warehouse/dialect.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';

export function pixelEventsQuery(facts: FactStore, pixelCode: string): CompiledSql {
  return {
    text: `SELECT advertiser_id, pixel_code, event, event_id, event_time, received_at, source, event_source,
        ttclid, ttp, page_url, value_micros, currency, order_id, ip, user_agent, user_data, properties
      FROM ${FACT_TABLES.pixelEvents} WHERE pixel_code = ${facts.dialect.placeholder(1, pixelCode)}
      ORDER BY received_at, event_time, event, event_id`,
    values: [pixelCode],
  };
}
