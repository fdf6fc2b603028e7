// Campaigns, ad groups, ads and creatives in the catalog.
import type { Ad, AdGroup, Campaign, Creative } from '../core/entities.ts';
import { type Actor, audit } from '../access/audit.ts';
import type { Queryable } from './db.ts';

type Row = Record<string, unknown>;

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));
const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : iso(value);

function withTimes<T extends Row>(row: T): T {
  const out: Row = { ...row };
  for (const key of ['create_time', 'modify_time', 'schedule_start_time'])
    if (key in out) out[key] = iso(out[key]);
  for (const key of ['schedule_end_time', 'review_submitted_at', 'reviewed_at']) {
    if (key in out) out[key] = isoOrNull(out[key]);
  }
  return out as T;
}

export async function insertCampaign(
  db: Queryable,
  c: Omit<Campaign, 'create_time' | 'modify_time'>,
): Promise<void> {
  await db.query(
    `insert into campaigns (campaign_id, advertiser_id, campaign_name, objective_type, budget_mode, budget_micros, operation_status)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      c.campaign_id,
      c.advertiser_id,
      c.campaign_name,
      c.objective_type,
      c.budget_mode,
      c.budget_micros,
      c.operation_status,
    ],
  );
}

export async function insertAdGroup(
  db: Queryable,
  g: Omit<AdGroup, 'create_time' | 'modify_time'>,
): Promise<void> {
  await db.query(
    `insert into adgroups (adgroup_id, campaign_id, advertiser_id, adgroup_name, budget_mode, budget_micros, targeting,
       placements, optimization_goal, billing_event, bid_type, bid_price_micros, conversion_bid_price_micros, pacing,
       schedule_start_time, schedule_end_time, click_attribution_window, view_attribution_window, operation_status,
       dayparting, pixel_id)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
    [
      g.adgroup_id,
      g.campaign_id,
      g.advertiser_id,
      g.adgroup_name,
      g.budget_mode,
      g.budget_micros,
      JSON.stringify(g.targeting),
      JSON.stringify(g.placements),
      g.optimization_goal,
      g.billing_event,
      g.bid_type,
      g.bid_price_micros,
      g.conversion_bid_price_micros,
      g.pacing,
      g.schedule_start_time,
      g.schedule_end_time,
      g.click_attribution_window,
      g.view_attribution_window,
      g.operation_status,
      g.dayparting,
      g.pixel_id,
    ],
  );
}

export async function insertCreative(db: Queryable, c: Omit<Creative, 'create_time'>): Promise<void> {
  await db.query(
    `insert into creatives (creative_id, advertiser_id, file_name, kind, duration_s, width, height)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [c.creative_id, c.advertiser_id, c.file_name, c.kind, c.duration_s, c.width, c.height],
  );
}

type NewAd = Omit<Ad, 'create_time' | 'modify_time' | 'reviewed_at' | 'reject_reason'>;

export async function insertAd(db: Queryable, a: NewAd): Promise<void> {
  await db.query(
    `insert into ads (ad_id, adgroup_id, campaign_id, advertiser_id, ad_name, ad_format, ad_text, call_to_action,
       landing_page_url, creative_id, operation_status, review_status, review_submitted_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      a.ad_id,
      a.adgroup_id,
      a.campaign_id,
      a.advertiser_id,
      a.ad_name,
      a.ad_format,
      a.ad_text,
      a.call_to_action,
      a.landing_page_url,
      a.creative_id,
      a.operation_status,
      a.review_status,
      a.review_submitted_at,
    ],
  );
}

/** Records review's decision on an ad: approved, or rejected with the reason. */
export async function recordReview(
  db: Queryable,
  adId: string,
  decision: { approved: true; at: Date } | { approved: false; at: Date; reason: string },
): Promise<void> {
  await db.query(
    `update ads set review_status = $2, reviewed_at = $3, reject_reason = $4 where ad_id = $1 and review_status = 'REVIEWING'`,
    [adId, decision.approved ? 'SUCCEED' : 'FAIL', decision.at, decision.approved ? null : decision.reason],
  );
}

/** Changes whenever any campaign, ad group or ad of the advertiser changes: a cheap "anything new?" check. */
export async function structureVersion(db: Queryable, advertiserId: string): Promise<string> {
  const [row] = await db.query<{ version: Date | null }>(
    `select max(t) as version from (
       select max(modify_time) as t from campaigns where advertiser_id = $1
       union all select max(modify_time) from adgroups where advertiser_id = $1
       union all select max(coalesce(greatest(modify_time, reviewed_at), modify_time)) from ads where advertiser_id = $1) x`,
    [advertiserId],
  );
  return row?.version?.toISOString() ?? '';
}

export async function listCampaigns(db: Queryable, advertiserId: string): Promise<Campaign[]> {
  const rows = await db.query<Campaign>(
    'select * from campaigns where advertiser_id = $1 order by campaign_name',
    [advertiserId],
  );
  return rows.map(withTimes);
}

export async function listAdGroups(db: Queryable, advertiserId: string): Promise<AdGroup[]> {
  const rows = await db.query<AdGroup>(
    'select * from adgroups where advertiser_id = $1 order by adgroup_name',
    [advertiserId],
  );
  return rows.map(withTimes);
}

export async function listAds(db: Queryable, advertiserId: string): Promise<Ad[]> {
  const rows = await db.query<Ad>('select * from ads where advertiser_id = $1 order by ad_name', [
    advertiserId,
  ]);
  return rows.map(withTimes);
}

/** What an ad's delivery status and the Campaign tab's filters read: no texts, URLs or creatives. */
export type AdOutline = Pick<
  Ad,
  | 'ad_id'
  | 'adgroup_id'
  | 'campaign_id'
  | 'ad_name'
  | 'operation_status'
  | 'review_status'
  | 'review_submitted_at'
  | 'reject_reason'
>;

/**
 * Every ad of the advertiser in outline, by name. Reading all columns of thousands of ads costs several
 * times as much (most of it decoding rows), and a table shows only a page of them in full.
 */
export async function listAdOutlines(db: Queryable, advertiserId: string): Promise<AdOutline[]> {
  const rows = await db.query<AdOutline & { review_submitted_at: unknown }>(
    `select ad_id, adgroup_id, campaign_id, ad_name, operation_status, review_status, review_submitted_at,
       reject_reason from ads where advertiser_id = $1 order by ad_name`,
    [advertiserId],
  );
  for (const row of rows) row.review_submitted_at = isoOrNull(row.review_submitted_at);
  return rows;
}

/** These ads of the advertiser in full, in no particular order (an id not found is left out). */
export async function listAdsById(
  db: Queryable,
  advertiserId: string,
  ids: readonly string[],
): Promise<Ad[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<Ad>('select * from ads where advertiser_id = $1 and ad_id = any($2)', [
    advertiserId,
    [...ids],
  ]);
  return rows.map(withTimes);
}

/**
 * Changes with every write to the advertiser's campaigns, ad groups or ads, whoever makes it: the
 * count of rows and the sum of their row versions (PostgreSQL's `xmin`, the writing transaction's id,
 * which every insert and update sets anew). Cheap next to reading the rows.
 */
export async function structureMarker(db: Queryable, advertiserId: string): Promise<string> {
  const part = (table: string) =>
    `(select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from ${table} where advertiser_id = $1)`;
  const [row] = await db.query<{ marker: string }>(
    `select ${part('campaigns')} || '/' || ${part('adgroups')} || '/' || ${part('ads')} as marker`,
    [advertiserId],
  );
  return row?.marker ?? '';
}

export async function listCreatives(db: Queryable, advertiserId: string): Promise<Creative[]> {
  const rows = await db.query<Creative & { duration_s: unknown }>(
    'select * from creatives where advertiser_id = $1 order by file_name',
    [advertiserId],
  );
  return rows.map((r) => ({
    ...withTimes(r),
    duration_s: r.duration_s === null ? null : Number(r.duration_s),
  }));
}

/** Fields a change may set on each entity (each its own column): an allow-list, never free SQL. */
const UPDATABLE: Record<'campaign' | 'adgroup' | 'ad', readonly string[]> = {
  campaign: ['campaign_name', 'budget_micros', 'operation_status'],
  adgroup: [
    'adgroup_name',
    'budget_micros',
    'operation_status',
    'bid_type',
    'bid_price_micros',
    'conversion_bid_price_micros',
    'pacing',
    'schedule_end_time',
    'dayparting',
    'targeting',
  ],
  ad: [
    'ad_name',
    'ad_text',
    'call_to_action',
    'landing_page_url',
    'creative_id',
    'ad_format',
    'operation_status',
    'review_status',
    'review_submitted_at',
    'reviewed_at',
    'reject_reason',
  ],
};
export type UpdatableValue = string | bigint | null | Record<string, unknown>;

/** A value as comparable text: dates as ISO instants, JSON with its keys sorted. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const sorted = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
    return JSON.stringify(sorted(value));
  }
  const text = String(value);
  // Timestamps arrive as ISO strings and leave the database as Dates.
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text).toISOString() : text;
}

const TABLE = {
  campaign: ['campaigns', 'campaign_id'],
  adgroup: ['adgroups', 'adgroup_id'],
  ad: ['ads', 'ad_id'],
} as const;

/**
 * Changes an entity's settings and records the change, with the values before and after, in the audit
 * log — in the caller's transaction when there is one.
 */
export async function updateEntity(
  db: Queryable,
  kind: 'campaign' | 'adgroup' | 'ad',
  id: string,
  patch: Record<string, UpdatableValue>,
  actor: Actor,
  options: { action?: string; undoesChange?: string } = {},
): Promise<void> {
  const entries = Object.entries(patch);
  if (entries.length === 0) return;
  const columns = entries.map(([field]) => {
    if (!UPDATABLE[kind].includes(field)) throw new Error(`"${field}" cannot be changed on a ${kind}.`);
    return field;
  });
  const [table, key] = TABLE[kind];
  const [before] = await db.query<Record<string, unknown>>(
    `select advertiser_id, ${columns.join(', ')} from ${table} where ${key} = $1`,
    [id],
  );
  if (!before) return;
  const changed = entries.filter(([field, value]) => comparable(before[field]) !== comparable(value));
  if (changed.length === 0) return;
  const sets = changed.map(([field], i) => `${field} = $${i + 2}`);
  const asParam = (value: UpdatableValue) =>
    value !== null && typeof value === 'object' && typeof value !== 'bigint' ? JSON.stringify(value) : value;
  await db.query(`update ${table} set ${sets.join(', ')}, modify_time = now() where ${key} = $1`, [
    id,
    ...changed.map(([, value]) => asParam(value)),
  ]);
  await audit(db, actor, {
    action: options.action ?? `${kind}.update`,
    targetType: kind,
    targetId: id,
    advertiserId: String(before.advertiser_id),
    before: Object.fromEntries(changed.map(([field]) => [field, before[field]])),
    after: Object.fromEntries(changed),
    undoesChange: options.undoesChange,
  });
}
