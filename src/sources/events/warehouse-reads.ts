// What the ingestion reads back from the warehouse at start-up: how far the journal has been stored, and
// the dedup keys of the window.
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES, JOURNAL_POSITIONS_TABLE, type JournalPosition } from '../../warehouse/schema.ts';

export async function storedJournalPosition(
  facts: FactStore,
  journal: string,
): Promise<JournalPosition | null> {
  const p = facts.dialect.placeholder(1, journal);
  const [row] = await facts.query({
    text: `SELECT segment, byte_offset FROM ${JOURNAL_POSITIONS_TABLE} WHERE journal = ${p}`,
    values: [journal],
  });
  return row ? { journal, segment: Number(row.segment), offset: Number(row.byte_offset) } : null;
}

export interface DedupKey {
  pixel_code: string;
  event: string;
  event_id: string;
  first_received_at: number;
}

/** The counted events with an event_id received since `sinceMs`, each key with its first arrival. */
export async function loadDedupKeys(facts: FactStore, sinceMs: number): Promise<DedupKey[]> {
  const p = facts.dialect.placeholder(1, sinceMs);
  const rows = await facts.query({
    text: `SELECT pixel_code, event, event_id, MIN(epoch_ms(received_at)) AS first_ms
      FROM ${FACT_TABLES.pixelEvents}
      WHERE event_id <> '' AND epoch_ms(received_at) >= ${p}
      GROUP BY pixel_code, event, event_id`,
    values: [sinceMs],
  });
  return rows.map((r) => ({
    pixel_code: String(r.pixel_code),
    event: String(r.event),
    event_id: String(r.event_id),
    first_received_at: Number(r.first_ms),
  }));
}
