// What the browser tests share: launching Debian's Chromium and where screenshots go.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { projectRoot } from '../../scripts/build-web.js';

export const screenshotDir = path.join(projectRoot, 'test-results');

/** `args`: extra Chromium switches, e.g. a host resolver rule for a second site. */
export function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: inject('chromiumPath'), headless: true, args });
}

/** test-results/<name>.png; the directory is created on first use. */
export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}
