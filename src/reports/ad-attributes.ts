// Keeps the warehouse's copy of each ad's catalog attributes (names, objective, creative) fresh for the
// report planner, which joins it in SQL instead of reading the catalog on every report. A cheap catalog
// fingerprint (counts and last changes of campaigns, ad groups and ads, and the count of creatives) is
// compared with the one last copied by this process; only a difference rewrites the advertiser's rows. The
// fingerprint itself is read again only when the catalog's write-ahead log has moved.
import type { Queryable } from '../catalog/db.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { type AdAttributes, emptyBatch } from '../warehouse/schema.ts';

/** A copy of one advertiser's attributes: the fingerprint it copies, and whether it is written yet. */
interface Copy {
  fingerprint: Promise<string>;
  done: boolean;
}

/** Per warehouse, per advertiser: the copy last made or under way. */
const copied = new WeakMap<FactStore, Map<string, Copy>>();
/** Per catalog, per advertiser: the fingerprint read at a WAL position (nothing written since: same). */
const verified = new WeakMap<Queryable, Map<string, { wal: string; fingerprint: string }>>();

/**
 * Where the catalog's write-ahead log stands: any write anywhere moves it. Reading it costs a fraction of a
 * millisecond where the fingerprint reads every ad, so an unchanged position skips the fingerprint. Null
 * when the server does not tell (a standby); the fingerprint is then read every time.
 */
async function walPosition(catalog: Queryable): Promise<string | null> {
  try {
    const [row] = await catalog.query<{ wal: string }>('select pg_current_wal_lsn()::text as wal');
    return row?.wal ?? null;
  } catch {
    return null;
  }
}

async function currentFingerprint(catalog: Queryable, advertiserId: string): Promise<string> {
  let byAdvertiser = verified.get(catalog);
  if (!byAdvertiser) verified.set(catalog, (byAdvertiser = new Map()));
  // Read before the fingerprint: a write between the two moves the position, so it is never missed.
  const wal = await walPosition(catalog);
  const known = byAdvertiser.get(advertiserId);
  if (wal !== null && known?.wal === wal) return known.fingerprint;
  const value = await fingerprint(catalog, advertiserId);
  if (wal !== null) byAdvertiser.set(advertiserId, { wal, fingerprint: value });
  return value;
}

async function fingerprint(catalog: Queryable, advertiserId: string): Promise<string> {
  const [row] = await catalog.query<{ f: string }>(
    `select concat_ws('|',
       (select count(*) || ':' || coalesce(max(modify_time)::text, '') from campaigns where advertiser_id = $1),
       (select count(*) || ':' || coalesce(max(modify_time)::text, '') from adgroups where advertiser_id = $1),
       (select count(*) || ':' || coalesce(max(modify_time)::text, '') from ads where advertiser_id = $1),
       (select count(*)::text from creatives where advertiser_id = $1)) as f`,
    [advertiserId],
  );
  return row?.f ?? '';
}

async function readAttributes(catalog: Queryable, advertiserId: string): Promise<AdAttributes[]> {
  return catalog.query<AdAttributes>(
    `select a.ad_id, a.campaign_id, a.adgroup_id, c.campaign_name, g.adgroup_name, a.ad_name,
            c.objective_type as objective, a.creative_id, coalesce(cr.file_name, '') as creative_name
     from ads a
     join campaigns c on c.campaign_id = a.campaign_id
     join adgroups g on g.adgroup_id = a.adgroup_id
     left join creatives cr on cr.creative_id = a.creative_id
     where a.advertiser_id = $1`,
    [advertiserId],
  );
}

/**
 * Makes the attribute table match the catalog for this advertiser; cheap when nothing changed. Answers
 * whether statements started before the call may have read an older copy: when this call rewrote it, or
 * waited for a rewrite another report had started.
 */
export async function ensureAdAttributes(
  facts: FactStore,
  catalog: Queryable,
  advertiserId: string,
): Promise<boolean> {
  let byAdvertiser = copied.get(facts);
  if (!byAdvertiser) copied.set(facts, (byAdvertiser = new Map()));
  const current = await currentFingerprint(catalog, advertiserId);
  const known = byAdvertiser.get(advertiserId);
  if (known) {
    const wasDone = known.done;
    if ((await known.fingerprint.catch(() => null)) === current) return !wasDone;
  }
  // Concurrent reports of a changed advertiser share one refresh: another may have started one meanwhile.
  const started = byAdvertiser.get(advertiserId);
  if (started && started !== known && (await started.fingerprint.catch(() => null)) === current) return true;
  const copy: Copy = { done: false, fingerprint: Promise.resolve(current) };
  copy.fingerprint = (async () => {
    const rows = await readAttributes(catalog, advertiserId);
    await facts.append({ ...emptyBatch(), adAttributes: { advertiser_id: advertiserId, rows } });
    copy.done = true;
    return current;
  })();
  byAdvertiser.set(advertiserId, copy);
  try {
    await copy.fingerprint;
    return true;
  } catch (error) {
    // A failed copy must not count as copied: the next report tries again.
    if (byAdvertiser.get(advertiserId) === copy) byAdvertiser.delete(advertiserId);
    throw error;
  }
}
