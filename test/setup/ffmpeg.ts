// Vitest global setup: Debian's ffmpeg, which the tests use to make real media files to upload. It is a
// different build from the one the app runs (the npm package's), so the app's own parser is checked
// against files it did not make. Installed when missing; a test never skips for want of it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { installDebianPackage } from './debian.ts';

export const TEST_FFMPEG = '/usr/bin/ffmpeg';

export default function setup(): void {
  if (!existsSync(TEST_FFMPEG))
    installDebianPackage('ffmpeg', 'The creative upload tests make media files with ffmpeg, which');
  try {
    execFileSync(TEST_FFMPEG, ['-version'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`${TEST_FFMPEG} is installed but does not run: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
