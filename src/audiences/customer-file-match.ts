// How many of a customer file's people "match", i.e. could be reached: a hash matches when the
// advertiser's pixel events carry it (hashed email, phone or external_id sent with an event), and, for a
// sandbox advertiser, when the simulated population holds it. The population holds a hash when its first
// byte is below 0x9a: 154 of 256 values, so ≈ 60.2 % of any file, the same hashes every time.
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

/** First byte below which a hash is in the sandbox population (154 / 256 ≈ 60.2 %). */
export const SANDBOX_MATCH_BYTE = 0x9a;
export const SANDBOX_MATCH_RATE = SANDBOX_MATCH_BYTE / 256;

export interface MatchCount {
  matched_size: number;
  size_basis: string;
}

export async function countCustomerFileMatches(
  facts: FactStore,
  audienceId: string,
  advertiser: { advertiser_id: string; source: string },
): Promise<MatchCount> {
  const sandbox = advertiser.source === 'sandbox';
  const d = facts.dialect;
  const audience = d.placeholder(1, audienceId);
  const advertiserId = d.placeholder(2, advertiser.advertiser_id);
  const inPopulation = d.placeholder(3, sandbox);
  // The hashed identifiers the advertiser's pixel events carry, as the members' 32 bytes.
  const seen = ['email', 'phone', 'external_id'].map(
    (field) =>
      `SELECT unnest(CAST(json_extract(user_data, '$.${field}') AS VARCHAR[])) AS h FROM ${FACT_TABLES.pixelEvents}
       WHERE advertiser_id = ${advertiserId} AND json_extract(user_data, '$.${field}') IS NOT NULL`,
  );
  // A blob below the single byte 0x9a is one whose first byte is below it (bytes compare in order).
  const [row] = await facts.query({
    text: `WITH seen AS (
         SELECT DISTINCT unhex(lower(h)) AS hash FROM (${seen.join(' UNION ALL ')})
         WHERE regexp_full_match(lower(h), '[0-9a-f]{64}')
       )
       SELECT count(*)::INTEGER AS members,
              count(seen.hash)::INTEGER AS pixel,
              count(*) FILTER (WHERE seen.hash IS NOT NULL OR (${inPopulation} AND m.hash < '\\x${SANDBOX_MATCH_BYTE.toString(16)}'::BLOB))::INTEGER AS matched
       FROM ${FACT_TABLES.audienceMembers} m LEFT JOIN seen ON seen.hash = m.hash
       WHERE m.audience_id = ${audience}`,
    values: [audienceId, advertiser.advertiser_id, sandbox],
  });
  const members = Number(row!.members);
  const pixel = Number(row!.pixel);
  const matched = Number(row!.matched);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const basis = sandbox
    ? `${fmt(matched)} of ${fmt(members)} hashes matched: ${fmt(pixel)} seen in pixel events, the rest in the sandbox population (which holds ≈ ${Math.round(SANDBOX_MATCH_RATE * 100)} % of any file)`
    : `${fmt(matched)} of ${fmt(members)} hashes matched people seen in this advertiser's pixel events`;
  return { matched_size: matched, size_basis: basis };
}
