// The catalog side of audiences: their rows, the ad groups naming them in targeting, and the limit of
// 400 per advertiser. Members (hashes) are written by the customer-file import.
import { randomInt } from 'node:crypto';
import type { Queryable } from '../catalog/db.ts';
import { AppError, notFound } from '../core/errors.ts';
import {
  type AudienceType,
  type AudienceUse,
  MAX_AUDIENCES_PER_ADVERTISER,
} from '../shared/audiences-api.ts';

export interface NewAudience {
  audience_id: string;
  advertiser_id: string;
  name: string;
  type: AudienceType;
  retention_days: number;
  definition: unknown;
  matched_size: number | null;
  size_basis: string;
}

export interface AudienceRow extends NewAudience {
  sized_at: string | null;
  created_at: string;
  updated_at: string;
}

type Row = Record<string, unknown>;
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

function toAudience(row: Row): AudienceRow {
  return {
    audience_id: String(row.audience_id),
    advertiser_id: String(row.advertiser_id),
    name: String(row.name),
    type: row.type as AudienceType,
    retention_days: Number(row.retention_days),
    definition: typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition,
    matched_size: row.matched_size === null ? null : Number(row.matched_size),
    size_basis: String(row.size_basis),
    sized_at: row.sized_at === null ? null : iso(row.sized_at),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** A custom audience id in TikTok's look (digits). */
export const newAudienceId = (): string => `9${Array.from({ length: 15 }, () => randomInt(10)).join('')}`;

export async function listAudienceRows(db: Queryable, advertiserId: string): Promise<AudienceRow[]> {
  const rows = await db.query<Row>(
    'select * from audiences where advertiser_id = $1 order by created_at desc, name',
    [advertiserId],
  );
  return rows.map(toAudience);
}

export async function getAudienceRow(
  db: Queryable,
  advertiserId: string,
  audienceId: string,
): Promise<AudienceRow> {
  const [row] = await db.query<Row>('select * from audiences where advertiser_id = $1 and audience_id = $2', [
    advertiserId,
    audienceId,
  ]);
  if (!row) throw notFound('Audience', audienceId);
  return toAudience(row);
}

/** Refuses a new audience when the advertiser has 400 already (TikTok's limit). */
export async function checkAudienceLimit(db: Queryable, advertiserId: string): Promise<void> {
  const [row] = await db.query<{ n: number }>(
    'select count(*)::int as n from audiences where advertiser_id = $1',
    [advertiserId],
  );
  if (Number(row!.n) >= MAX_AUDIENCES_PER_ADVERTISER) {
    throw new AppError(
      'conflict',
      `This advertiser has ${MAX_AUDIENCES_PER_ADVERTISER} audiences, TikTok's limit: delete one it no longer needs before adding another.`,
    );
  }
}

export async function insertAudienceRow(tx: Queryable, a: NewAudience): Promise<void> {
  await tx.query(
    `insert into audiences (audience_id, advertiser_id, name, type, retention_days, definition, matched_size,
       size_basis, sized_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      a.audience_id,
      a.advertiser_id,
      a.name,
      a.type,
      a.retention_days,
      JSON.stringify(a.definition),
      a.matched_size,
      a.size_basis,
    ],
  );
}

export async function saveAudienceSize(
  db: Queryable,
  audienceId: string,
  size: { matched_size: number | null; size_basis: string },
): Promise<void> {
  await db.query(
    'update audiences set matched_size = $2, size_basis = $3, sized_at = now() where audience_id = $1',
    [audienceId, size.matched_size, size.size_basis],
  );
}

export async function updateAudienceRow(
  tx: Queryable,
  audienceId: string,
  patch: { name?: string; retention_days?: number },
): Promise<void> {
  await tx.query(
    `update audiences set name = coalesce($2, name), retention_days = coalesce($3, retention_days),
       updated_at = now() where audience_id = $1`,
    [audienceId, patch.name ?? null, patch.retention_days ?? null],
  );
}

export async function deleteAudienceRow(tx: Queryable, audienceId: string): Promise<void> {
  await tx.query('delete from audiences where audience_id = $1', [audienceId]);
}

/** The ad groups (not deleted) that include or exclude each audience of the advertiser, by audience id. */
export async function audienceUses(db: Queryable, advertiserId: string): Promise<Map<string, AudienceUse[]>> {
  const rows = await db.query<AudienceUse & { audience_id: string }>(
    `select a.audience_id, g.adgroup_id, g.adgroup_name, g.campaign_id, c.campaign_name, a.mode
     from adgroups g
     join campaigns c on c.campaign_id = g.campaign_id
     cross join lateral (
       select jsonb_array_elements_text(coalesce(g.targeting->'audience_ids', '[]'::jsonb)) as audience_id,
              'include' as mode
       union all
       select jsonb_array_elements_text(coalesce(g.targeting->'excluded_audience_ids', '[]'::jsonb)), 'exclude'
     ) a
     where g.advertiser_id = $1 and g.operation_status <> 'DELETE'
     order by c.campaign_name, g.adgroup_name`,
    [advertiserId],
  );
  const uses = new Map<string, AudienceUse[]>();
  for (const { audience_id, ...use } of rows) {
    const list = uses.get(audience_id) ?? [];
    list.push(use);
    uses.set(audience_id, list);
  }
  return uses;
}
