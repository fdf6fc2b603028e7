// An event as the Events API accepted it, whatever shape it came in (2.0 `event/track`, 1.0
// `pixel/track` and `pixel/batch`): what the journal holds and the warehouse stores.

export interface NormalisedEvent {
  /** TikTok's name after the 2025 renames; custom names as sent. */
  event: string;
  /** The sender's id; '' when none was sent (such an event is never deduplicated). */
  event_id: string;
  /** When it happened, in epoch milliseconds. */
  event_time: number;
  ttclid: string | null;
  ttp: string | null;
  ip: string | null;
  user_agent: string | null;
  page_url: string | null;
  /** Hashed identifiers (lists of SHA-256 hex) and other user fields, as sent. */
  user_data: Record<string, unknown>;
  /** Properties as sent; value and currency are also read out below. */
  properties: Record<string, unknown> | null;
  value_micros: number | null;
  currency: string | null;
  order_id: string | null;
}

/** One accepted request's events, as one journal record. */
export interface EventsRecord {
  advertiser_id: string;
  pixel_code: string;
  /** When the request arrived, in epoch milliseconds: the dedup window counts from it. */
  received_at: number;
  source: 'browser' | 'server';
  /** web, app, offline or crm (2.0); web for 1.0 requests. */
  event_source: string;
  /** Set for test events: they go to the test view and are not counted. */
  test_event_code: string | null;
  events: NormalisedEvent[];
}
