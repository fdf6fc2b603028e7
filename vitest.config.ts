// Unit and integration tests. The browser tests have their own config (vitest.e2e.config.ts) and run after
// these; `npm test` runs both.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}', 'web/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'dist/**', 'test/e2e/**', '**/*.e2e.test.{ts,tsx}'],
    globalSetup: ['test/setup/postgres.ts', 'test/setup/ffmpeg.ts'],
    pool: 'forks',
    // The machines have two cores.
    maxWorkers: 2,
    // Integration tests open real databases (PGlite, DuckDB, PostgreSQL), which takes a moment on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
