// `adcockpit creative add` as a person runs it: on a data directory with the demo advertiser, a real video
// made by ffmpeg is added and its properties printed; the same file again is found, not stored twice; a
// renamed text file is refused with exit status 1 and what it really is.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeVideo } from '../../test/helpers/make-media.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';

const run = promisify(execFile);
const main = path.join(import.meta.dirname, 'main.ts');
let dataDir: string;
let filesDir: string;

const cli = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, [
      '--import',
      'tsx',
      main,
      ...args,
      '--data-dir',
      dataDir,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

beforeAll(async () => {
  dataDir = tempDir();
  filesDir = tempDir('adcockpit-cli-media-');
  const seeded = await cli('sandbox', 'seed', '--days', '1');
  expect(seeded.code, seeded.stderr).toBe(0);
}, 180_000);
afterAll(() => {
  for (const dir of [dataDir, filesDir]) fs.rmSync(dir, { recursive: true, force: true });
});

test('adds a video and prints its id and the properties read from it; the same file again is found', async () => {
  const video = makeVideo({ width: 960, height: 540, seconds: 5 });
  const file = path.join(filesDir, 'landscape-teaser.mp4');
  fs.writeFileSync(file, video);
  const added = await cli('creative', 'add', file);
  expect(added.code, added.stderr).toBe(0);
  const lines = Object.fromEntries(
    added.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')),
  );
  expect(added.stdout.split('\n')[0]).toBe('Added "landscape-teaser.mp4" to the library.');
  expect(lines).toMatchObject({
    file_name: 'landscape-teaser.mp4',
    kind: 'video',
    format: 'mp4',
    width: '960',
    height: '540',
    aspect_ratio: '16:9',
    duration_s: '5',
    video_codec: 'h264',
    audio_codec: '-',
    size_bytes: String(video.length),
    md5: createHash('md5').update(video).digest('hex'),
    previews: 'poster, thumbnail',
  });
  expect(lines.creative_id).toMatch(/^\d{19}$/);

  const again = await cli('creative', 'add', file, '--format', 'json');
  expect(again.code).toBe(0);
  const json = JSON.parse(again.stdout);
  expect(json.duplicate).toBe(true);
  expect(json.creative.creative_id).toBe(lines.creative_id);
}, 120_000);

test('a renamed text file is refused with status 1, saying what it is', async () => {
  const file = path.join(filesDir, 'script.mov');
  fs.writeFileSync(file, 'INT. KITCHEN - DAY\nA runner laces her shoes.\n');
  const refused = await cli('creative', 'add', file);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(
    'error: "script.mov" is named like a QuickTime (MOV) video (.mov) but it is a text file.',
  );
  expect(fs.readdirSync(path.join(dataDir, 'media', 'tmp'))).toEqual([]);
}, 120_000);
