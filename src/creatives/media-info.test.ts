// The header reader and the type sniffer on real files made by Debian's ffmpeg: rotation, the movie header
// before or after the media data, cut-off files; what a file really is from its first bytes.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeImage, makeVideo } from '../../test/helpers/make-media.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { aspectRatio } from './limits.ts';
import { MediaError, readMediaInfo } from './media-info.ts';
import { type MediaFormat, sniff } from './sniff.ts';

const dir = tempDir('adcockpit-media-info-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function info(bytes: Buffer, format: MediaFormat) {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, bytes);
  const handle = await fsp.open(file, 'r');
  try {
    return await readMediaInfo(handle, format, bytes.length);
  } finally {
    await handle.close();
  }
}

describe('MP4 / MOV headers', () => {
  test('a phone-style video stored landscape with a 90° rotation is portrait', async () => {
    const video = makeVideo({ width: 960, height: 540, seconds: 5, rotate: 90 });
    expect(await info(video, 'mp4')).toEqual({
      width: 540,
      height: 960,
      duration_s: 5,
      video_codec: 'h264',
      audio_codec: null,
    });
  });

  test('the movie header is found before the media data and after it', async () => {
    const after = makeVideo({ width: 640, height: 640, seconds: 5, audio: true });
    const before = makeVideo({ width: 640, height: 640, seconds: 5, audio: true, faststart: true });
    expect(after.indexOf('moov')).toBeGreaterThan(after.indexOf('mdat'));
    expect(before.indexOf('moov')).toBeLessThan(before.indexOf('mdat'));
    const expected = { width: 640, height: 640, duration_s: 5, video_codec: 'h264', audio_codec: 'aac' };
    expect(await info(after, 'mp4')).toEqual(expected);
    expect(await info(before, 'mp4')).toEqual(expected);
  });

  test('a file cut before its movie header, or inside it, is refused as damaged', async () => {
    const video = makeVideo({ width: 540, height: 960, seconds: 5 });
    const moov = video.indexOf('moov') - 4;
    await expect(info(video.subarray(0, moov), 'mp4')).rejects.toThrow(/no movie header/);
    await expect(info(video.subarray(0, moov + 40), 'mp4')).rejects.toThrow(MediaError);
  });
});

describe('PNG and JPEG headers', () => {
  test('sizes from IHDR and from the start-of-frame marker', async () => {
    expect(await info(makeImage(1080, 1920, 'png'), 'png')).toMatchObject({ width: 1080, height: 1920 });
    expect(await info(makeImage(1200, 628, 'jpg'), 'jpeg')).toMatchObject({ width: 1200, height: 628 });
  });
});

describe('what a file really is', () => {
  test.each([
    [makeImage(64, 64, 'png'), { accepted: true, format: 'png', kind: 'image' }],
    [makeImage(64, 64, 'jpg'), { accepted: true, format: 'jpeg', kind: 'image' }],
    [makeVideo({ width: 540, height: 960, seconds: 5 }), { accepted: true, format: 'mp4', kind: 'video' }],
    [
      makeVideo({ width: 540, height: 960, seconds: 5, container: 'mov' }),
      { accepted: true, format: 'mov', kind: 'video' },
    ],
    [Buffer.from('GIF89a\x01\x00\x01\x00'), { accepted: false, what: 'a GIF image' }],
    [
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]),
      { accepted: false, what: 'a WebM/Matroska video' },
    ],
    [Buffer.from('%PDF-1.7\n%âãÏÓ\n'), { accepted: false, what: 'a PDF document' }],
    [Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '), { accepted: false, what: 'a WebP image' }],
    [Buffer.from('name,email\nAda,ada@example.com\n'), { accepted: false, what: 'a text file' }],
    [Buffer.from('Crème brûlée — naïve café'), { accepted: false, what: 'a text file' }],
    [
      Buffer.from([0x00, 0x13, 0x37, 0x99, 0xfe, 0x01, 0x02]),
      { accepted: false, what: 'data of an unknown format' },
    ],
    [Buffer.alloc(0), { accepted: false, what: 'an empty file' }],
  ])('%#', (bytes, expected) => {
    expect(sniff(bytes.subarray(0, 64))).toEqual(expected);
  });
});

test('aspect ratios: reduced when small, else the nearest common one', () => {
  expect(aspectRatio(1080, 1920)).toBe('9:16');
  expect(aspectRatio(1920, 1080)).toBe('16:9');
  expect(aspectRatio(1080, 1350)).toBe('4:5');
  expect(aspectRatio(1200, 628)).toBe('≈1.91:1');
  expect(aspectRatio(1079, 1920)).toBe('≈9:16');
});
