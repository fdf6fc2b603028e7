// The ffmpeg binary that makes posters and thumbnails. It ships inside an npm package
// (@ffmpeg-installer/ffmpeg picks the one for this platform), so `npm ci` is all a machine needs; when the
// package or its binary is missing, callers get a clear reason instead of a crash.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

export type FfmpegLookup = { path: string } | { missing: string };

let cached: FfmpegLookup | undefined;

export function findFfmpeg(): FfmpegLookup {
  if (cached) return cached;
  const override = process.env.ADCOCKPIT_FFMPEG;
  try {
    const path =
      override ?? (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    fs.accessSync(path, fs.constants.X_OK);
    cached = { path };
  } catch (error) {
    cached = {
      missing:
        `ffmpeg, which makes thumbnails and poster frames, is not available (${(error as Error).message.split('\n')[0]}). ` +
        'Run "npm ci" to install it (package @ffmpeg-installer/ffmpeg), or set ADCOCKPIT_FFMPEG to an ffmpeg binary.',
    };
  }
  return cached;
}

/** Runs ffmpeg with the given arguments; rejects with its own error output. */
export function runFfmpeg(args: string[], timeoutMs = 120_000): Promise<void> {
  const found = findFfmpeg();
  if ('missing' in found) return Promise.reject(new Error(found.missing));
  return new Promise((resolve, reject) => {
    execFile(
      found.path,
      ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error)
          reject(
            new Error(`ffmpeg failed: ${(stderr || error.message).trim().split('\n').slice(-3).join(' ')}`),
          );
        else resolve();
      },
    );
  });
}
