// Browser tests: Playwright (playwright-core) driving Debian's Chromium against a real server. One file at a
// time, in one worker, because each starts a server and a browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.{ts,tsx}', 'test/setup/**/*.e2e.test.{ts,tsx}'],
    globalSetup: ['test/setup/postgres.ts', 'test/setup/chromium.ts', 'test/setup/ffmpeg.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    // Starting a server on a fresh data directory creates the demo advertiser's history first.
    hookTimeout: 180_000,
  },
});
