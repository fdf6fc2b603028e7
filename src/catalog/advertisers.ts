// Advertisers in the catalog.
import type { Advertiser } from '../core/entities.ts';
import { AppError } from '../core/errors.ts';
import { fromMicros, toMicros } from '../core/money.ts';
import type { Queryable } from './db.ts';

interface AdvertiserRow {
  advertiser_id: string;
  name: string;
  currency: string;
  timezone: string;
  source: Advertiser['source'];
  product_value_micros: bigint | null;
  margin: string | number | null;
  create_time: Date;
  data_updated_at: Date | null;
}

export interface AdvertiserRecord extends Advertiser {
  data_updated_at: string | null;
}

function toRecord(row: AdvertiserRow): AdvertiserRecord {
  return {
    advertiser_id: row.advertiser_id,
    name: row.name,
    currency: row.currency,
    timezone: row.timezone,
    source: row.source,
    product_value: row.product_value_micros === null ? null : fromMicros(row.product_value_micros),
    margin: row.margin === null ? null : Number(row.margin),
    create_time: row.create_time.toISOString(),
    data_updated_at: row.data_updated_at?.toISOString() ?? null,
  };
}

export async function listAdvertisers(db: Queryable): Promise<AdvertiserRecord[]> {
  const rows = await db.query<AdvertiserRow>('select * from advertisers order by name');
  return rows.map(toRecord);
}

export async function getAdvertiser(db: Queryable, advertiserId: string): Promise<AdvertiserRecord | null> {
  const [row] = await db.query<AdvertiserRow>('select * from advertisers where advertiser_id = $1', [
    advertiserId,
  ]);
  return row ? toRecord(row) : null;
}

/** Resolves what a person typed on the command line: an advertiser id, or a name (case-insensitive). */
export async function findAdvertiser(db: Queryable, idOrName: string): Promise<AdvertiserRecord> {
  const [row] = await db.query<AdvertiserRow>(
    'select * from advertisers where advertiser_id = $1 or lower(name) = lower($1) limit 1',
    [idOrName],
  );
  if (!row) {
    throw new AppError(
      'not_found',
      `No advertiser has the id or name "${idOrName}". List them with "adcockpit advertiser list".`,
      [{ field: 'advertiser', message: 'unknown advertiser' }],
    );
  }
  return toRecord(row);
}

export async function insertAdvertiser(db: Queryable, a: Omit<Advertiser, 'create_time'>): Promise<void> {
  await db.query(
    `insert into advertisers (advertiser_id, name, currency, timezone, source, product_value_micros, margin)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      a.advertiser_id,
      a.name,
      a.currency,
      a.timezone,
      a.source,
      a.product_value === null ? null : toMicros(a.product_value),
      a.margin,
    ],
  );
}

export async function deleteAdvertiser(db: Queryable, advertiserId: string): Promise<void> {
  await db.query('delete from advertisers where advertiser_id = $1', [advertiserId]);
}

export async function markDataUpdated(db: Queryable, advertiserId: string, at: Date): Promise<void> {
  await db.query('update advertisers set data_updated_at = $2 where advertiser_id = $1', [advertiserId, at]);
}
