// Website audiences: people the advertiser's pixel events show doing something — one of some events, on
// a URL containing or equal to some text, within the last N days — minus people matching an exclusion.
// A person is the event's _ttp cookie, or else the first hashed email, phone or external_id it carries:
// the keys the warehouse stores. The size is one warehouse query; answers are kept 30 seconds, so a
// size follows new events within that time without every screen re-counting.
import { normaliseEventName } from '../sources/events/event-names.ts';
import type { WebsiteCondition, WebsiteRule } from '../shared/audiences-api.ts';
import { ParamAllocator } from '../warehouse/dialect.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

export const WEBSITE_SIZE_TTL_MS = 30_000;
const DAY_MS = 86_400_000;

/** The person an event belongs to, as SQL over pixel_events; NULL when the event names nobody. */
export const PERSON_KEY = `COALESCE('ttp:' || NULLIF(ttp, ''),
  'email:' || json_extract_string(user_data, '$.email[0]'),
  'phone:' || json_extract_string(user_data, '$.phone[0]'),
  'external_id:' || json_extract_string(user_data, '$.external_id[0]'))`;

function conditionSql(
  c: WebsiteCondition,
  retentionDays: number,
  now: number,
  params: ParamAllocator,
): string {
  const days = Math.min(c.within_days, retentionDays);
  const parts = [`epoch_ms(event_time) >= ${params.add(now - days * DAY_MS)}`];
  if (c.events.length > 0) {
    const names = [...new Set(c.events.map(normaliseEventName))];
    parts.push(`event IN (${names.map((n) => params.add(n)).join(', ')})`);
  }
  if (c.url) {
    parts.push(
      c.url.match === 'contains'
        ? `contains(page_url, ${params.add(c.url.value)})`
        : `page_url = ${params.add(c.url.value)}`,
    );
  }
  return `(${parts.join(' AND ')})`;
}

export interface WebsiteScope {
  advertiserId: string;
  /** The pixel codes whose events count; null for all of the advertiser's. */
  pixelCodes: string[] | null;
}

/** The number of people matching the rule now. */
export async function websiteAudienceSize(
  facts: FactStore,
  scope: WebsiteScope,
  rule: WebsiteRule,
  retentionDays: number,
  now: number = Date.now(),
): Promise<number> {
  const params = new ParamAllocator(facts.dialect);
  const pixelFilter =
    scope.pixelCodes === null
      ? ''
      : ` AND pixel_code IN (${scope.pixelCodes.map((c) => params.add(c)).join(', ') || 'NULL'})`;
  const events = `SELECT ${PERSON_KEY} AS person, event, page_url, event_time FROM ${FACT_TABLES.pixelEvents}
    WHERE advertiser_id = ${params.add(scope.advertiserId)}${pixelFilter}`;
  const include = rule.include.map((c) => conditionSql(c, retentionDays, now, params)).join(' OR ');
  const exclude = rule.exclude.map((c) => conditionSql(c, MAX_DAYS, now, params)).join(' OR ');
  const text = `WITH ev AS (${events}),
    included AS (SELECT DISTINCT person FROM ev WHERE person IS NOT NULL AND (${include}))
    SELECT COUNT(*) AS n FROM included${
      exclude ? ` WHERE person NOT IN (SELECT person FROM ev WHERE person IS NOT NULL AND (${exclude}))` : ''
    }`;
  const [row] = await facts.query({ text, values: params.values });
  return Number(row?.n ?? 0);
}

/** Exclusions look back as far as they say, whatever the audience's retention. */
const MAX_DAYS = 365;

interface Cached {
  size: number;
  at: number;
}

/** Sizes of rules by their scope and definition, each kept WEBSITE_SIZE_TTL_MS. */
export class WebsiteSizeCache {
  private readonly entries = new Map<string, Cached>();

  async size(
    facts: FactStore,
    scope: WebsiteScope,
    rule: WebsiteRule,
    retentionDays: number,
    options: { fresh?: boolean; now?: number } = {},
  ): Promise<number> {
    const now = options.now ?? Date.now();
    const key = JSON.stringify([scope, rule, retentionDays]);
    const hit = this.entries.get(key);
    if (hit && !options.fresh && now - hit.at < WEBSITE_SIZE_TTL_MS) return hit.size;
    const size = await websiteAudienceSize(facts, scope, rule, retentionDays, now);
    // Bounded: rules are few, but a long-running server should not keep every preview it ever answered.
    if (this.entries.size > 500) this.entries.clear();
    this.entries.set(key, { size, at: now });
    return size;
  }
}
