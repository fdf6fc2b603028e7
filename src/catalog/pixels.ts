// Pixels in the catalog: the tracking code an advertiser's site and server send events with.
import { randomBytes } from 'node:crypto';
import type { Pixel } from '../core/entities.ts';
import type { Queryable } from './db.ts';

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const CODE_LENGTH = 20;

/** A pixel code in TikTok's shape: "C" and 19 upper-case letters or digits, from the given bytes. */
export function pixelCodeFrom(bytes: ArrayLike<number>): string {
  let code = 'C';
  for (let i = 0; code.length < CODE_LENGTH; i++) code += CODE_ALPHABET[bytes[i % bytes.length]! % 36];
  return code;
}

export const newPixelCode = (): string => pixelCodeFrom(randomBytes(CODE_LENGTH));

export async function insertPixel(db: Queryable, p: Omit<Pixel, 'create_time'>): Promise<void> {
  await db.query(
    'insert into pixels (pixel_id, advertiser_id, pixel_code, pixel_name) values ($1, $2, $3, $4)',
    [p.pixel_id, p.advertiser_id, p.pixel_code, p.pixel_name],
  );
}

const toPixel = (row: Omit<Pixel, 'create_time'> & { create_time: unknown }): Pixel => ({
  ...row,
  create_time: row.create_time instanceof Date ? row.create_time.toISOString() : String(row.create_time),
});

export async function listPixels(db: Queryable, advertiserId: string): Promise<Pixel[]> {
  const rows = await db.query<Omit<Pixel, 'create_time'> & { create_time: unknown }>(
    'select * from pixels where advertiser_id = $1 order by create_time, pixel_name',
    [advertiserId],
  );
  return rows.map(toPixel);
}

export async function getPixelByCode(db: Queryable, code: string): Promise<Pixel | null> {
  const [row] = await db.query<Omit<Pixel, 'create_time'> & { create_time: unknown }>(
    'select * from pixels where pixel_code = $1',
    [code],
  );
  return row ? toPixel(row) : null;
}
