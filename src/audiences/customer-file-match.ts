// How many of a customer file's people "match", i.e. could be reached: a hash matches when the
// advertiser's pixel events carry it (hashed email, phone or external_id sent with an event), and, for a
// sandbox advertiser, when the simulated population holds it. The population holds a hash when its first
// byte is below 0x9a: 154 of 256 values, so ≈ 60.2 % of any file, the same hashes every time.
import type { Queryable } from '../catalog/db.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

/** First byte below which a hash is in the sandbox population (154 / 256 ≈ 60.2 %). */
export const SANDBOX_MATCH_BYTE = 0x9a;
export const SANDBOX_MATCH_RATE = SANDBOX_MATCH_BYTE / 256;

/** The distinct hashed identifiers the advertiser's pixel events carry (lower-case hex). */
export async function pixelIdentityHashes(facts: FactStore, advertiserId: string): Promise<string[]> {
  const p = facts.dialect.placeholder(1, advertiserId);
  const fields = ['email', 'phone', 'external_id'].map(
    (field) =>
      `SELECT unnest(CAST(json_extract(user_data, '$.${field}') AS VARCHAR[])) AS h FROM ${FACT_TABLES.pixelEvents}
       WHERE advertiser_id = ${p} AND user_data IS NOT NULL AND json_extract(user_data, '$.${field}') IS NOT NULL`,
  );
  const rows = await facts.query({
    text: `SELECT DISTINCT lower(h) AS h FROM (${fields.join(' UNION ALL ')})`,
    values: [advertiserId],
  });
  return rows.map((r) => String(r.h)).filter((h) => /^[0-9a-f]{64}$/.test(h));
}

export interface MatchCount {
  matched_size: number;
  size_basis: string;
}

export async function countCustomerFileMatches(
  db: Queryable,
  facts: FactStore,
  audienceId: string,
  advertiser: { advertiser_id: string; source: string },
): Promise<MatchCount> {
  const identities = await pixelIdentityHashes(facts, advertiser.advertiser_id);
  const sandbox = advertiser.source === 'sandbox';
  const [row] = await db.query<{ members: number; pixel: number; matched: number }>(
    `with seen as (select decode(h, 'hex') as hash from unnest($2::text[]) as h),
       m as (
         select m.hash, exists (select 1 from seen s where s.hash = m.hash) as in_pixel
         from audience_members m where m.audience_id = $1
       )
     select count(*)::int as members,
            count(*) filter (where in_pixel)::int as pixel,
            count(*) filter (where in_pixel or ($3 and get_byte(hash, 0) < $4))::int as matched
     from m`,
    [audienceId, identities, sandbox, SANDBOX_MATCH_BYTE],
  );
  const members = Number(row!.members);
  const pixel = Number(row!.pixel);
  const matched = Number(row!.matched);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const basis = sandbox
    ? `${fmt(matched)} of ${fmt(members)} hashes matched: ${fmt(pixel)} seen in pixel events, the rest in the sandbox population (which holds ≈ ${Math.round(SANDBOX_MATCH_RATE * 100)} % of any file)`
    : `${fmt(matched)} of ${fmt(members)} hashes matched people seen in this advertiser's pixel events`;
  return { matched_size: matched, size_basis: basis };
}
