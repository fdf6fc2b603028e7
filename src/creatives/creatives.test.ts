// The creative library through its API, on a real data directory: real media files made by ffmpeg are
// uploaded and their properties read back exactly; renamed files and TikTok's limits are refused naming
// what is wrong; the same file twice is one asset; a creative in use cannot be deleted; the sandbox's
// creatives come with generated files; results come from the report query.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeImage, makeVideo } from '../../test/helpers/make-media.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { type SeededContext, seededContext } from '../../test/helpers/seeded-context.ts';
import { localToday } from '../core/timezone.ts';
import { queryReport } from '../reports/query-report.ts';
import { buildApp } from '../server/app.ts';
import type { CreativeAsset, CreativeLibrary, CreativeUploaded } from '../shared/creatives-api.ts';
import { mediaPath, mediaTempDir, posterPath, thumbnailPath } from './media-paths.ts';

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
let s: SeededContext;
let app: FastifyInstance;
let owner: Awaited<ReturnType<typeof memberWithToken>>;
let viewer: Awaited<ReturnType<typeof memberWithToken>>;
let base: string;

const portrait = makeVideo({ width: 540, height: 960, seconds: 6, audio: true });
const square = makeVideo({ width: 640, height: 640, seconds: 5, container: 'mov' });

beforeAll(async () => {
  s = await seededContext({ days: 3, now: NOW });
  app = await buildApp(s.ctx);
  owner = await memberWithToken(s.ctx.catalog, 'owner');
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
  base = `/api/v1/advertisers/${s.advertiserId}/creatives`;
}, 180_000);
afterAll(async () => {
  await app?.close();
  await s?.dispose();
});

async function upload(fileName: string, bytes: Buffer, headers = owner.headers) {
  const response = await app.inject({
    method: 'POST',
    url: `${base}?file_name=${encodeURIComponent(fileName)}`,
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
  return { status: response.statusCode, body: response.json() };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const tempFiles = () => {
  const dir = mediaTempDir(s.dataDir);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('uploading', () => {
  test('an MP4 is stored by its content with the properties read from its own headers', async () => {
    const { status, body } = await upload('spring-launch.mp4', portrait);
    expect(status).toBe(200);
    const { creative, duplicate } = body as CreativeUploaded;
    expect(duplicate).toBe(false);
    expect(creative).toMatchObject({
      file_name: 'spring-launch.mp4',
      kind: 'video',
      uploaded: true,
      width: 540,
      height: 960,
      aspect_ratio: '9:16',
      duration_s: 6,
      used_in: [],
      media: {
        format: 'mp4',
        video_codec: 'h264',
        audio_codec: 'aac',
        size_bytes: portrait.length,
        md5: md5(portrait),
        sha256: sha256(portrait),
        has_poster: true,
        has_thumbnail: true,
        preview_error: null,
      },
    });
    const stored = mediaPath(s.dataDir, sha256(portrait), 'mp4');
    expect(fs.readFileSync(stored).equals(portrait)).toBe(true);
    expect(path.relative(s.dataDir, stored)).toBe(
      path.join('media', sha256(portrait).slice(0, 2), `${sha256(portrait)}.mp4`),
    );
    // The poster and thumbnail are JPEGs no larger than their bounds, served from the creative's address.
    for (const [url, file] of [
      [creative.poster_url!, posterPath(s.dataDir, sha256(portrait))],
      [creative.thumbnail_url!, thumbnailPath(s.dataDir, sha256(portrait))],
    ] as const) {
      const response = await app.inject({ method: 'GET', url, headers: owner.headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/jpeg');
      expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(fs.existsSync(file)).toBe(true);
    }
    // The file answers byte ranges, as a video player asks.
    const part = await app.inject({
      method: 'GET',
      url: creative.file_url!,
      headers: { ...owner.headers, range: 'bytes=100-199' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${portrait.length}`);
    expect(part.rawPayload.equals(portrait.subarray(100, 200))).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  test('the same file twice is one asset, and the second upload says so', async () => {
    const { status, body } = await upload('spring-launch-copy.mp4', portrait);
    expect(status).toBe(200);
    expect(body.duplicate).toBe(true);
    expect(body.creative.file_name).toBe('spring-launch.mp4');
    expect(body.message).toContain('already in the library as "spring-launch.mp4"');
    const dir = path.dirname(mediaPath(s.dataDir, sha256(portrait), 'mp4'));
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(sha256(portrait)))).toEqual([
      `${sha256(portrait)}.mp4`,
      `${sha256(portrait)}.poster.jpg`,
      `${sha256(portrait)}.thumb.jpg`,
    ]);
    const [{ count }] = (await s.ctx.catalog.query<{ count: number }>(
      'select count(*)::int as count from creatives where media_sha256 = $1',
      [sha256(portrait)],
    )) as [{ count: number }];
    expect(count).toBe(1);
  });

  test('the same new file sent twice at once is still one creative', async () => {
    const twice = makeVideo({ width: 640, height: 640, seconds: 6 });
    const [a, b] = await Promise.all([upload('race-a.mp4', twice), upload('race-b.mp4', twice)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.creative.creative_id).toBe(b.body.creative.creative_id);
    expect([a.body.duplicate, b.body.duplicate].sort()).toEqual([false, true]);
    expect(tempFiles()).toEqual([]);
  });

  test('a MOV, a PNG and a JPEG: container, ratio and codec from their headers', async () => {
    const mov = (await upload('square.mov', square)).body as CreativeUploaded;
    expect(mov.creative).toMatchObject({
      width: 640,
      height: 640,
      aspect_ratio: '1:1',
      duration_s: 5,
      media: { format: 'mov', video_codec: 'h264', audio_codec: null, has_poster: true },
    });
    const png = (await upload('banner.png', makeImage(800, 600, 'png'))).body as CreativeUploaded;
    expect(png.creative).toMatchObject({
      kind: 'image',
      width: 800,
      height: 600,
      aspect_ratio: '4:3',
      duration_s: null,
      media: { format: 'png', video_codec: 'png', has_poster: false, has_thumbnail: true },
    });
    expect(png.creative.poster_url).toBeNull();
    const jpeg = (await upload('landscape.jpeg', makeImage(1200, 628, 'jpg'))).body as CreativeUploaded;
    expect(jpeg.creative).toMatchObject({
      width: 1200,
      height: 628,
      aspect_ratio: '≈1.91:1',
      media: { format: 'jpeg', video_codec: 'jpeg' },
    });
  });

  test('another file under a name already taken gets a name of its own', async () => {
    const other = makeVideo({ width: 540, height: 960, seconds: 5 });
    const { body } = await upload('spring-launch.mp4', other);
    expect(body.duplicate).toBe(false);
    expect(body.creative.file_name).toBe('spring-launch (2).mp4');
    expect(body.message).toContain('already has another file named "spring-launch.mp4"');
  });
});

describe('refusals name what is wrong, and leave nothing behind', () => {
  test('a PNG named .mp4 is refused as the PNG it is', async () => {
    const { status, body } = await upload('clip.mp4', makeImage(800, 600, 'png'));
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      '"clip.mp4" is named like an MP4 video (.mp4) but it is a PNG image. Rename it to .png or upload the right file.',
    );
  });

  test('a text file renamed to .mov is refused as a text file', async () => {
    const { status, body } = await upload(
      'notes.mov',
      Buffer.from('Shot list:\n1. unboxing\n2. close-up\n'.repeat(4)),
    );
    expect(status).toBe(400);
    expect(body.error.message).toContain('it is a text file');
  });

  test('types TikTok does not take are refused by name and by content', async () => {
    expect((await upload('clip.webm', portrait)).body.error.details[0].field).toBe('file_name');
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(100)]);
    expect((await upload('anim.png', gif)).body.error.message).toContain('it is a GIF image');
  });

  test('a video below 540 px on its shorter side names the pixel count', async () => {
    const { status, body } = await upload('small.mp4', makeVideo({ width: 320, height: 240, seconds: 6 }));
    expect(status).toBe(400);
    expect(body.error.details).toEqual([
      {
        field: 'pixel_count',
        message:
          'The video is 320×240 (76,800 pixels); TikTok needs at least 540 px on the shorter side (540×960, 960×540 or 640×640 and up).',
      },
    ]);
  });

  test('a video shorter than 5 seconds names its duration', async () => {
    const { body } = await upload('short.mp4', makeVideo({ width: 540, height: 960, seconds: 2 }));
    expect(body.error.details).toEqual([
      { field: 'duration', message: 'The video lasts 2 s; TikTok needs at least 5 s.' },
    ]);
  });

  test('an image over 3,686,400 pixels names the limit', async () => {
    const { status, body } = await upload('huge.png', makeImage(2000, 2000, 'png'));
    expect(status).toBe(400);
    expect(body.error.details[0]).toEqual({
      field: 'pixel_count',
      message:
        'The image is 2000×2000 (4,000,000 pixels); TikTok takes at most 3,686,400 pixels (e.g. 1920×1920). Scale it down.',
    });
  });

  test('an image over 50 MB is refused for its size', async () => {
    const png = makeImage(800, 600, 'png');
    const big = Buffer.concat([png, Buffer.alloc(50 * 1024 * 1024 + 1 - png.length)]);
    const { status, body } = await upload('poster.png', big);
    expect(status).toBe(400);
    expect(body.error.details).toEqual([
      { field: 'size', message: "Images may be at most 50 MB (TikTok's limit); save it smaller or as JPEG." },
    ]);
  });

  test('a cut-off video is refused as incomplete', async () => {
    const cut = portrait.subarray(0, Math.floor(portrait.length / 2));
    const { body } = await upload('cut.mp4', cut);
    expect(body.error.message).toMatch(/moov|cut short/);
  });

  test('no refused upload left a file behind', () => {
    expect(tempFiles()).toEqual([]);
  });

  test('a viewer may not upload', async () => {
    const { status } = await upload('viewer.mp4', portrait, viewer.headers);
    expect(status).toBe(403);
  });
});

test('a sandbox creative asked for on its own, before the library was opened, gets its file', async () => {
  const [row] = await s.ctx.catalog.query<{ creative_id: string }>(
    'select creative_id from creatives where advertiser_id = $1 and not uploaded order by file_name limit 1',
    [s.advertiserId],
  );
  const response = await app.inject({
    method: 'GET',
    url: `${base}/${row!.creative_id}`,
    headers: owner.headers,
  });
  expect(response.statusCode).toBe(200);
  const creative = response.json() as CreativeAsset;
  expect(creative.media).not.toBeNull();
  expect(creative.thumbnail_url).not.toBeNull();
  expect(creative.used_in.length).toBeGreaterThan(0);
});

describe('the library', () => {
  let library: CreativeLibrary;
  const to = () => localToday('America/New_York', NOW);
  const from = () => new Date(Date.parse(to()) - 2 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    const response = await app.inject({
      method: 'GET',
      url: `${base}/library?from=${from()}&to=${to()}`,
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(200);
    library = response.json() as CreativeLibrary;
  }, 120_000);

  test("the sandbox's creatives come with generated files whose properties are read from them", () => {
    const sandbox = library.creatives.filter((c) => !c.uploaded);
    expect(sandbox.length).toBeGreaterThan(5);
    for (const c of sandbox) {
      expect(c.media, c.file_name).not.toBeNull();
      expect(c.media!.preview_error).toBeNull();
      expect(c.thumbnail_url).not.toBeNull();
      if (c.kind === 'video') {
        expect(c).toMatchObject({ width: 540, height: 960, aspect_ratio: '9:16' });
        expect(c.media!.video_codec).toBe('h264');
      }
    }
    const video = sandbox.find((c) => c.kind === 'video')!;
    const stored = mediaPath(s.dataDir, video.media!.sha256, 'mp4');
    expect(md5(fs.readFileSync(stored))).toBe(video.media!.md5);
  });

  test('each creative lists its ads and its results equal the report by creative', async () => {
    const used = library.creatives.filter((c) => c.used_in.length > 0);
    expect(used.length).toBeGreaterThan(0);
    const report = await queryReport(s.ctx, {
      advertiser_id: s.advertiserId,
      from: from(),
      to: to(),
      dimensions: ['creative_name'],
      metrics: ['spend', 'ctr', 'hook_rate', 'hold_rate', 'cost_per_conversion'],
      filters: [],
    });
    const withSpend = used.filter((c) => (c.results.spend ?? 0) > 0);
    expect(withSpend.length).toBeGreaterThan(0);
    for (const c of withSpend) {
      const row = report.rows.find((r) => r.creative_name === c.file_name)!;
      expect(c.results.spend).toBe(row.spend);
      expect(c.results.ctr).toBe(row.ctr);
      expect(c.results.hook_rate).toBe(row.hook_rate);
      expect(c.results.hold_rate).toBe(row.hold_rate);
    }
    const uploaded = library.creatives.find((c) => c.file_name === 'spring-launch.mp4')!;
    expect(uploaded.used_in).toEqual([]);
    expect(uploaded.results.spend).toBeNull();
  });

  test('a creative in use cannot be deleted, and the refusal lists its ads', async () => {
    const used = library.creatives.find((c) => c.used_in.length > 0) as CreativeAsset;
    const response = await app.inject({
      method: 'DELETE',
      url: `${base}/${used.creative_id}`,
      headers: owner.headers,
    });
    expect(response.statusCode).toBe(409);
    const body = response.json();
    for (const ad of used.used_in) expect(body.error.message).toContain(ad.ad_name);
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(used.used_in.map((ad) => `ads.${ad.ad_id}`)),
    );
  });

  test('an unused creative is deleted with its file', async () => {
    const unused = library.creatives.find((c) => c.file_name === 'square.mov')!;
    const file = mediaPath(s.dataDir, unused.media!.sha256, 'mov');
    expect(fs.existsSync(file)).toBe(true);
    const response = await app.inject({
      method: 'DELETE',
      url: `${base}/${unused.creative_id}`,
      headers: owner.headers,
    });
    expect(response.json()).toEqual({ creative_id: unused.creative_id, file_removed: true });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(posterPath(s.dataDir, unused.media!.sha256))).toBe(false);
    const gone = await app.inject({ method: 'GET', url: unused.file_url!, headers: owner.headers });
    expect(gone.statusCode).toBe(404);
  });
});

test('the OpenAPI document describes the upload and the library', async () => {
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: owner.headers });
  const doc = response.json() as {
    paths: Record<string, Record<string, { summary: string; parameters: { name: string }[] }>>;
  };
  const upload = doc.paths['/api/v1/advertisers/{advertiserId}/creatives']!.post!;
  expect(upload.summary).toContain('send the file itself as the body');
  expect(upload.parameters.map((p) => p.name)).toEqual(['advertiserId', 'file_name']);
  expect(doc.paths['/api/v1/advertisers/{advertiserId}/creatives/library']!.get).toBeDefined();
  expect(doc.paths['/api/v1/advertisers/{advertiserId}/creatives/{creativeId}']!.delete).toBeDefined();
});
