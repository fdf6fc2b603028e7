#!/usr/bin/env node
// `npm test`: the unit and integration tests, then the browser tests. Both always run, so that one run shows
// every failure; the exit status is non-zero when either fails. What they need (PostgreSQL, Chromium, the web
// build) is installed or started by their global setups in test/setup/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from './build-web.js';

const require = createRequire(import.meta.url);
const vitest = path.join(
  path.dirname(require.resolve('vitest/package.json', { paths: [projectRoot] })),
  'vitest.mjs',
);

const suites = [
  { name: 'unit and integration tests', args: ['run'] },
  { name: 'browser tests', args: ['run', '--config', 'vitest.e2e.config.ts'] },
];

const results = suites.map(({ name, args }) => {
  console.log(`\n=== ${name}: vitest ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [vitest, ...args], { cwd: projectRoot, stdio: 'inherit' });
  const ok = run.status === 0;
  return { name, ok, status: run.error ? run.error.message : (run.status ?? run.signal) };
});

console.log('');
for (const { name, ok, status } of results)
  console.log(`${ok ? 'PASSED' : 'FAILED'}  ${name}${ok ? '' : ` (exit ${status})`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
