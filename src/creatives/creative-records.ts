// The catalog side of the library: media files (one row per stored file) and the creatives that point to
// them. Creatives are the rows ads already use; an upload adds one, a sandbox creative gains its file.
import { randomInt } from 'node:crypto';
import { type Actor, audit } from '../access/audit.ts';
import type { CatalogDb, Queryable } from '../catalog/db.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { CreativeUse, MediaFile } from '../shared/creatives-api.ts';
import type { Previews } from './previews.ts';
import type { ReceivedMedia } from './receive-media.ts';
import { STORED_EXTENSION } from './sniff.ts';

export interface CreativeRow {
  creative_id: string;
  advertiser_id: string;
  file_name: string;
  kind: 'video' | 'image';
  uploaded: boolean;
  create_time: string;
  width: number;
  height: number;
  duration_s: number | null;
  media: MediaFile | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type Row = Record<string, unknown>;

function toCreative(row: Row): CreativeRow {
  return {
    creative_id: String(row.creative_id),
    advertiser_id: String(row.advertiser_id),
    file_name: String(row.file_name),
    kind: row.kind as 'video' | 'image',
    uploaded: Boolean(row.uploaded),
    create_time: row.create_time instanceof Date ? row.create_time.toISOString() : String(row.create_time),
    width: Number(row.width),
    height: Number(row.height),
    duration_s: num(row.duration_s),
    media:
      row.sha256 === null || row.sha256 === undefined
        ? null
        : {
            sha256: String(row.sha256),
            md5: String(row.md5),
            size_bytes: Number(row.size_bytes),
            format: row.format as MediaFile['format'],
            video_codec: String(row.video_codec),
            audio_codec: (row.audio_codec as string | null) ?? null,
            has_poster: Boolean(row.has_poster),
            has_thumbnail: Boolean(row.has_thumbnail),
            preview_error: (row.preview_error as string | null) ?? null,
          },
  };
}

const SELECT = `select c.creative_id, c.advertiser_id, c.file_name, c.kind, c.uploaded, c.create_time, c.width,
    c.height, c.duration_s, m.sha256, m.md5, m.size_bytes, m.format, m.video_codec, m.audio_codec,
    m.has_poster, m.has_thumbnail, m.preview_error
  from creatives c left join media_files m on m.sha256 = c.media_sha256`;

export async function listCreativeRows(db: Queryable, advertiserId: string): Promise<CreativeRow[]> {
  const rows = await db.query<Row>(
    `${SELECT} where c.advertiser_id = $1 order by c.create_time desc, c.file_name`,
    [advertiserId],
  );
  return rows.map(toCreative);
}

export async function getCreativeRow(
  db: Queryable,
  advertiserId: string,
  creativeId: string,
): Promise<CreativeRow> {
  const [row] = await db.query<Row>(`${SELECT} where c.advertiser_id = $1 and c.creative_id = $2`, [
    advertiserId,
    creativeId,
  ]);
  if (!row) throw notFound('Creative', creativeId);
  return toCreative(row);
}

/** The ads using each creative of the advertiser, by creative id. */
export async function creativeUses(db: Queryable, advertiserId: string): Promise<Map<string, CreativeUse[]>> {
  const rows = await db.query<CreativeUse & { creative_id: string }>(
    `select a.creative_id, a.ad_id, a.ad_name, a.adgroup_id, g.adgroup_name, a.campaign_id, c.campaign_name,
       a.operation_status
     from ads a join adgroups g on g.adgroup_id = a.adgroup_id join campaigns c on c.campaign_id = a.campaign_id
     where a.advertiser_id = $1 and a.operation_status <> 'DELETE'
     order by c.campaign_name, g.adgroup_name, a.ad_name`,
    [advertiserId],
  );
  const uses = new Map<string, CreativeUse[]>();
  for (const { creative_id, ...use } of rows) {
    const list = uses.get(creative_id) ?? [];
    list.push(use);
    uses.set(creative_id, list);
  }
  return uses;
}

async function upsertMedia(tx: Queryable, media: ReceivedMedia, previews: Previews): Promise<void> {
  await tx.query(
    `insert into media_files (sha256, md5, size_bytes, format, width, height, duration_s, video_codec, audio_codec,
       has_poster, has_thumbnail, preview_error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (sha256) do update set has_poster = excluded.has_poster, has_thumbnail = excluded.has_thumbnail,
       preview_error = excluded.preview_error`,
    [
      media.sha256,
      media.md5,
      media.size_bytes,
      media.format,
      media.width,
      media.height,
      media.duration_s,
      media.video_codec,
      media.audio_codec,
      previews.has_poster,
      previews.has_thumbnail,
      previews.preview_error,
    ],
  );
}

/** A creative id in TikTok's look (19 digits), as the sandbox's are. */
const newCreativeId = (): string => `7${Array.from({ length: 18 }, () => randomInt(10)).join('')}`;

/** TikTok wants file names unique per account: a second "promo.mp4" with other content becomes "promo (2).mp4". */
async function uniqueFileName(tx: Queryable, advertiserId: string, fileName: string): Promise<string> {
  const taken = new Set(
    (
      await tx.query<{ file_name: string }>('select file_name from creatives where advertiser_id = $1', [
        advertiserId,
      ])
    ).map((r) => r.file_name.toLowerCase()),
  );
  if (!taken.has(fileName.toLowerCase())) return fileName;
  const dot = fileName.lastIndexOf('.');
  const [stem, ext] = [fileName.slice(0, dot), fileName.slice(dot)];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

export async function addUploadedCreative(
  db: CatalogDb,
  actor: Actor,
  advertiserId: string,
  fileName: string,
  media: ReceivedMedia,
  previews: Previews,
): Promise<{ creativeId: string; duplicate: boolean; fileName: string }> {
  return db.transaction(async (tx) => {
    await upsertMedia(tx, media, previews);
    const [existing] = await tx.query<{ creative_id: string; file_name: string }>(
      'select creative_id, file_name from creatives where advertiser_id = $1 and media_sha256 = $2',
      [advertiserId, media.sha256],
    );
    if (existing) return { creativeId: existing.creative_id, duplicate: true, fileName: existing.file_name };
    const creativeId = newCreativeId();
    const name = await uniqueFileName(tx, advertiserId, fileName);
    // The same file sent twice at once: the second insert finds the first and answers as a duplicate.
    const inserted = await tx.query(
      `insert into creatives (creative_id, advertiser_id, file_name, kind, duration_s, width, height, media_sha256, uploaded)
       values ($1, $2, $3, $4, $5, $6, $7, $8, true)
       on conflict (advertiser_id, media_sha256) do nothing returning creative_id`,
      [creativeId, advertiserId, name, media.kind, media.duration_s, media.width, media.height, media.sha256],
    );
    if (inserted.length === 0) {
      const [first] = await tx.query<{ creative_id: string; file_name: string }>(
        'select creative_id, file_name from creatives where advertiser_id = $1 and media_sha256 = $2',
        [advertiserId, media.sha256],
      );
      return { creativeId: first!.creative_id, duplicate: true, fileName: first!.file_name };
    }
    await audit(tx, actor, {
      action: 'creative.upload',
      targetType: 'creative',
      targetId: creativeId,
      advertiserId,
      after: { file_name: name, sha256: media.sha256, md5: media.md5, size_bytes: media.size_bytes },
    });
    return { creativeId, duplicate: false, fileName: name };
  });
}

/** Gives a creative that came without a file (the sandbox's) its generated media and real properties. */
export async function attachMedia(
  db: CatalogDb,
  creativeId: string,
  media: ReceivedMedia,
  previews: Previews,
): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertMedia(tx, media, previews);
    await tx.query(
      `update creatives set media_sha256 = $2, width = $3, height = $4, duration_s = $5
       where creative_id = $1 and media_sha256 is null`,
      [creativeId, media.sha256, media.width, media.height, media.duration_s],
    );
  });
}

/**
 * Deletes a creative no ad uses; the ads using one are named in the refusal. Returns the stored file's
 * address when no creative refers to it any more (the caller removes the files after the commit).
 */
export async function deleteCreative(
  db: CatalogDb,
  actor: Actor,
  advertiserId: string,
  creativeId: string,
): Promise<{ orphan: { sha256: string; extension: string } | null }> {
  return db.transaction(async (tx) => {
    const creative = await getCreativeRow(tx, advertiserId, creativeId);
    const ads = await tx.query<{ ad_id: string; ad_name: string }>(
      `select ad_id, ad_name from ads where creative_id = $1 order by ad_name`,
      [creativeId],
    );
    if (ads.length > 0) {
      throw new AppError(
        'conflict',
        `"${creative.file_name}" is used by ${ads.length === 1 ? 'an ad' : `${ads.length} ads`} (${ads
          .map((a) => a.ad_name)
          .join(', ')}): change ${ads.length === 1 ? 'its' : 'their'} creative first, or keep it.`,
        ads.map((a) => ({ field: `ads.${a.ad_id}`, message: a.ad_name })),
      );
    }
    await tx.query('delete from creatives where creative_id = $1', [creativeId]);
    await audit(tx, actor, {
      action: 'creative.delete',
      targetType: 'creative',
      targetId: creativeId,
      advertiserId,
      before: { file_name: creative.file_name, sha256: creative.media?.sha256 ?? null },
    });
    if (!creative.media) return { orphan: null };
    const [{ count }] = (await tx.query<{ count: number }>(
      'select count(*)::int as count from creatives where media_sha256 = $1',
      [creative.media.sha256],
    )) as [{ count: number }];
    if (count > 0) return { orphan: null };
    await tx.query('delete from media_files where sha256 = $1', [creative.media.sha256]);
    return { orphan: { sha256: creative.media.sha256, extension: STORED_EXTENSION[creative.media.format] } };
  });
}
