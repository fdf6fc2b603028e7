// Installs the Debian packages the tests run against (Chromium, PostgreSQL) when they are missing, so that
// `npm test` works on a fresh machine. Only as root; otherwise it says what to install and fails.
import { execFileSync } from 'node:child_process';

export const isRoot = process.getuid?.() === 0;

export function installDebianPackage(pkg: string, why: string): void {
  if (!isRoot) {
    throw new Error(
      `${why} needs the Debian package "${pkg}", which is not installed. ` +
        `Install it with: sudo apt-get update && sudo apt-get install -y ${pkg}`,
    );
  }
  console.log(`[test setup] ${why}: installing the Debian package "${pkg}" ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', pkg], { stdio: ['ignore', 'inherit', 'inherit'], env });
  } catch (error) {
    throw new Error(`Installing "${pkg}" with apt-get failed: ${(error as Error).message}`, { cause: error });
  }
}
