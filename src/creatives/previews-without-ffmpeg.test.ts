// Without ffmpeg (here: the override names a binary that does not exist) an upload is still received,
// checked and stored; its previews are missing and say why and how to install it. Nothing crashes.
process.env.ADCOCKPIT_FFMPEG = '/nonexistent/ffmpeg';

import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, expect, test } from 'vitest';
import { makeVideo } from '../../test/helpers/make-media.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { makePreviews } from './previews.ts';
import { receiveMedia } from './receive-media.ts';

const dataDir = tempDir('adcockpit-no-ffmpeg-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('the file is stored with its properties, and the previews say why they are missing', async () => {
  const video = makeVideo({ width: 540, height: 960, seconds: 5 });
  const media = await receiveMedia(dataDir, 'teaser.mp4', Readable.from([video]));
  expect(media).toMatchObject({ width: 540, height: 960, duration_s: 5, format: 'mp4', newFile: true });
  expect(fs.readFileSync(media.path).equals(video)).toBe(true);
  const previews = await makePreviews(dataDir, media);
  expect(previews.has_poster).toBe(false);
  expect(previews.has_thumbnail).toBe(false);
  expect(previews.preview_error).toMatch(
    /^ffmpeg, which makes thumbnails and poster frames, is not available/,
  );
  expect(previews.preview_error).toContain('Run "npm ci"');
  expect(fs.readdirSync(`${dataDir}/media/tmp`)).toEqual([]);
});
