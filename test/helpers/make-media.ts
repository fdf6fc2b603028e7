// Real media files for upload tests, made by Debian's ffmpeg (installed by test/setup/ffmpeg.ts) from its
// test pattern, so every property the app reads is known from the command that made the file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_FFMPEG } from '../setup/ffmpeg.ts';

export interface VideoSpec {
  width: number;
  height: number;
  seconds: number;
  container?: 'mp4' | 'mov';
  audio?: boolean;
  /** Stored as phones do: the frames as encoded, and a display rotation (90 = shown turned). */
  rotate?: 90;
  /** The movie header before the media data (web-optimised) rather than after it (ffmpeg's default). */
  faststart?: boolean;
}

function run(args: string[], ext: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adcockpit-media-'));
  const out = path.join(dir, `out.${ext}`);
  try {
    execFileSync(TEST_FFMPEG, ['-hide_banner', '-v', 'error', '-y', ...args, out], { stdio: 'pipe' });
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function makeVideo(spec: VideoSpec): Buffer {
  const { width, height, seconds, container = 'mp4', audio = false, rotate, faststart } = spec;
  const encoded = encode(width, height, seconds, container, audio, faststart);
  if (!rotate) return encoded;
  // ffmpeg 5 sets the rotation matrix when copying streams, not when encoding.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adcockpit-media-'));
  try {
    const input = path.join(dir, `in.${container}`);
    fs.writeFileSync(input, encoded);
    return run(['-i', input, '-c', 'copy', '-metadata:s:v:0', `rotate=${rotate}`], container);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function encode(
  width: number,
  height: number,
  seconds: number,
  container: string,
  audio: boolean,
  faststart: boolean | undefined,
): Buffer {
  return run(
    [
      ...['-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=10:d=${seconds}`],
      ...(audio
        ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:a', 'aac', '-shortest']
        : []),
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
      ...(faststart ? ['-movflags', '+faststart'] : []),
    ],
    container,
  );
}

export function makeImage(width: number, height: number, format: 'png' | 'jpg'): Buffer {
  return run(['-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}`, '-frames:v', '1'], format);
}
