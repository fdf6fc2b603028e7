// Builds the web app into dist/web only when the build is missing or older than its sources, so that
// `npm start` on an unchanged checkout starts at once. Used by scripts/start.js and by the browser tests.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webOutDir = path.join(projectRoot, 'dist', 'web');

/** Everything the web bundle is made from: the web app, and the shared API shapes and core helpers it imports. */
const webSources = ['web', path.join('src', 'shared'), path.join('src', 'core'), 'vite.config.ts'];

/** Tests beside the web code are not part of the bundle: changing one needs no rebuild. */
const testFile = /\.test\.[cm]?[jt]sx?$/;

function* filesUnder(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    yield { file: target, mtimeMs: stat.mtimeMs };
    return;
  }
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || testFile.test(entry.name)) continue;
    yield* filesUnder(path.join(target, entry.name));
  }
}

/** Why the web app must be (re)built, or null when dist/web is up to date. */
export function webBuildReason(root = projectRoot) {
  const outDir = path.join(root, 'dist', 'web');
  if (!existsSync(path.join(outDir, 'index.html'))) return 'dist/web is missing';
  // The build's age is that of its oldest file: vite empties the directory and writes everything anew.
  let builtAt = Infinity;
  for (const { mtimeMs } of filesUnder(outDir)) builtAt = Math.min(builtAt, mtimeMs);
  for (const source of webSources) {
    for (const { file, mtimeMs } of filesUnder(path.join(root, source))) {
      if (mtimeMs > builtAt) return `${path.relative(root, file)} changed since the last build`;
    }
  }
  return null;
}

/**
 * The environment of a process started the way `npm start` starts it, without what a test runner adds:
 * vite.config.ts switches its root under VITEST, and vitest sets NODE_ENV=test.
 */
export function cleanEnv(env = process.env) {
  const clean = { ...env };
  for (const key of Object.keys(clean)) if (key.startsWith('VITEST')) delete clean[key];
  if (clean.NODE_ENV === 'test') delete clean.NODE_ENV;
  return clean;
}

function viteCli() {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('vite/package.json', { paths: [projectRoot] });
  const { bin } = require(manifestPath);
  return path.join(path.dirname(manifestPath), typeof bin === 'string' ? bin : bin.vite);
}

/** Runs `vite build` when needed; rejects with vite's exit status when the build fails. */
export async function ensureWebBuild({ log = (line) => console.log(line) } = {}) {
  const reason = webBuildReason();
  if (!reason) return false;
  log(`Building the web app (${reason}) ...`);
  const child = spawn(process.execPath, [viteCli(), 'build'], {
    cwd: projectRoot,
    env: cleanEnv(),
    stdio: 'inherit',
  });
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve(signal ? 128 : status));
  });
  if (code !== 0) throw new Error(`vite build failed (exit status ${code}); see its output above.`);
  if (!existsSync(path.join(webOutDir, 'index.html'))) {
    throw new Error(
      'vite build finished but wrote no dist/web/index.html: check build.outDir in vite.config.ts.',
    );
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureWebBuild().then(
    (built) => built || console.log('dist/web is up to date.'),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
