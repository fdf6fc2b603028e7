// Vitest global setup of the browser tests: Debian's Chromium (installed when missing, never downloaded any
// other way) and an up-to-date build of the web app. Tests get the browser through ./browser.ts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureWebBuild, projectRoot } from '../../scripts/build-web.js';
import { installDebianPackage } from './debian.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium executable for playwright-core's `chromium.launch({ executablePath })`. */
    chromiumPath: string;
  }
}

export const CHROMIUM = '/usr/bin/chromium';

function ensureChromium(): string {
  if (!existsSync(CHROMIUM)) installDebianPackage('chromium', 'The browser tests need Chromium, which');
  try {
    execFileSync(CHROMIUM, ['--version'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`${CHROMIUM} is installed but does not run: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return CHROMIUM;
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('chromiumPath', ensureChromium());
  // Built here rather than inside a test so that the build does not count against a test's timeout.
  if (existsSync(path.join(projectRoot, 'vite.config.ts'))) {
    await ensureWebBuild({ log: (line) => console.log(`[test setup] ${line}`) });
  }
}
