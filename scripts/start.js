#!/usr/bin/env node
// `npm start`: build the web app if its build is missing or stale, then run `adcockpit serve` from the
// TypeScript sources through tsx, in this process.
import { constants } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { ensureWebBuild, projectRoot } from './build-web.js';

try {
  await ensureWebBuild();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

// One Ctrl-C under `npm start` delivers SIGINT twice: from the terminal and forwarded by npm. A second signal
// would end the server in the middle of its clean shutdown (closing the databases), so signals arriving
// within a moment of the first are dropped here; one that comes later ends the process at once.
const DUPLICATE_WITHIN_MS = 1_000;
let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    const serverListens = process.listenerCount(signal) > 1;
    if (firstSignalAt === 0 && serverListens) {
      firstSignalAt = Date.now();
      return;
    }
    if (firstSignalAt !== 0 && Date.now() - firstSignalAt < DUPLICATE_WITHIN_MS) return;
    if (firstSignalAt !== 0) console.error(`${signal} again before the server had stopped: exiting now.`);
    process.exit(128 + constants.signals[signal]);
  });
}

const main = path.join(projectRoot, 'src', 'cli', 'main.ts');
// The CLI parses process.argv: make it read `adcockpit serve [arguments given to npm start]`.
process.argv = [process.argv[0], main, 'serve', ...process.argv.slice(2)];
register();
await import(pathToFileURL(main).href);
