#!/usr/bin/env node
// `npm start`: build the web app if its build is missing or stale, then run the server from the TypeScript
// sources through tsx. The server runs as a child process so that vite's memory is not held for its lifetime;
// signals are passed on so that Ctrl-C or a service manager's SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureWebBuild, projectRoot } from './build-web.js';

try {
  await ensureWebBuild();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const server = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(projectRoot, 'src', 'cli', 'main.ts'), 'serve', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) {
  process.on(signal, () => {
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  });
}

server.on('error', (error) => {
  console.error(`Could not start the server: ${error.message}`);
  process.exit(1);
});

server.on('exit', (code, signal) => {
  if (signal) {
    // End the same way the server did, so that callers see the signal and not a made-up status.
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
