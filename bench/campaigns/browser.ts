// The Campaign tab in Chromium (Debian's, driven by playwright-core as the browser tests drive it), against
// the real server on the bench data directory, signed in through the sign-in page:
//
// - first screen: from the start of navigation to the first animation frame in which the Ads table's first
//   row shows its name, measured inside the page (performance.now(), whose origin is the navigation start),
//   for the 5,000-ad account and, as the baseline in the same run, the 17-ad demo advertiser, alternating,
//   each page load in a fresh browser context (no cached answers). Beside it, from the page's Resource
//   Timing, how long the first page of rows took to arrive from the API.
// - scrolling: the 5,000-ad table scrolled from top to bottom a few rows per animation frame, frame
//   durations from requestAnimationFrame against idle frames of the same page (the display's own frame
//   time), and how many row elements the page holds while doing it (virtualisation).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/build-web.js';
import type { AppContext } from '../../src/app-context.ts';
import { buildApp } from '../../src/server/app.ts';
import { CHROMIUM } from '../../test/setup/chromium.ts';
import { injectSender, signInHeaders } from '../dashboard/client.ts';
import { type Timing, pairedRatio, summarize } from '../dashboard/stats.ts';
import type { CampaignsManifest } from './build.ts';
import { SORT } from './cases.ts';

const VIEWPORT = { width: 1440, height: 900 };
/** Rows scrolled per animation frame: a brisk, steady scroll (44 px rows). */
const ROWS_PER_FRAME = 4;
const IDLE_FRAMES = 120;
const TIMEOUT_MS = 120_000;

export type BrowserResults =
  | { status: 'pending'; reason: string }
  | {
      status: 'measured';
      chromium: string;
      viewport: typeof VIEWPORT;
      range: { from: string; to: string };
      pageLoads: number;
      firstScreen: {
        /** Navigation start → first frame with the first row's name, 5,000 ads. */
        bigMs: Timing;
        /** The same for the demo advertiser (17 ads). */
        demoMs: Timing;
        /** Median big ÷ median demo. */
        ratio: number;
        pairedRatio: number;
        /** The first page of rows as the page's Resource Timing saw it (request start → last byte). */
        bigApiMs: Timing;
        demoApiMs: Timing;
        /** When the first page of rows was requested, after navigation start (loading the app, sign-in state …). */
        bigApiStartMs: Timing;
        /** The same first-page request sent again from the loaded page with fetch, on its own (3 times). */
        bigApiAloneMs: Timing | null;
        /** From the last byte of the API answer to the first row on screen (parsing, React, layout). */
        bigAfterApiMs: Timing;
        bigRows: number;
        demoRows: number;
        /** Requests for the first page of rows before the first screen, per page load (median). */
        bigTableRequests: number;
      };
      scroll: ScrollResult;
    };

interface ScrollPass {
  frames: number;
  seconds: number;
  frameMs: Timing;
  /** Frames longer than 50 ms (a visible stutter). */
  longFrames: number;
  /** Frames in which some row on screen was still a grey placeholder (its page not loaded yet). */
  placeholderFrames: number;
  /** Requests for pages of the table sent during the pass. */
  tableRequests: number;
  /** Main-thread tasks longer than 50 ms during the pass, and their total time. */
  longTasks: number;
  longTaskMs: number;
  /** Most row elements (header, totals, rows and placeholders) in the page at once. */
  maxRowElements: number;
  /** Median p50 frame ÷ median idle frame. */
  ratioToIdle: number;
}

interface ScrollResult {
  totalRows: number;
  rowsPerFrame: number;
  idleFrameMs: Timing;
  /** Top to bottom right after the first screen: later pages of rows load as they come into view. */
  firstPass: ScrollPass;
  /** Bottom to top again, every page loaded. */
  secondPass: ScrollPass;
  /** DOM elements in the table at the end (all rows' would be tens of thousands). */
  tableElements: number;
}

interface FirstScreen {
  ms: number;
  rows: number;
  /** Requests for the table's first page sent before the first screen (a cancelled one still counts). */
  tableRequests: number;
  apiMs: number | null;
  apiStartMs: number | null;
  apiEndMs: number | null;
  apiUrl: string | null;
}

// The scripts that run in the page are plain JavaScript text: functions compiled by tsx would carry helper
// calls that do not exist in the page.

/** Every animation frame until the first row shows its name; the time is the frame's, on the page's clock. */
const FIRST_SCREEN_SCRIPT = `(() => {
  const check = () => {
    const name = document.querySelector(
      '[data-testid=entity-table] [data-testid=entity-row] [data-testid=row-name]',
    );
    if (name && (name.textContent || '').trim() !== '' && name.getBoundingClientRect().height > 0) {
      window.__benchFirstScreen = {
        ms: performance.now(),
        rows: document.querySelectorAll('[data-testid=entity-table] [data-testid=entity-row]').length,
      };
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

/**
 * Idle frames, then the table scrolled top to bottom and back a few rows per frame, one step per animation
 * frame; every frame's duration, the row elements in the page and whether a placeholder row was in view.
 */
/** The page's Resource Timing entries (request start and last byte, on the page's clock). */
const RESOURCES_SCRIPT = `performance.getEntriesByType('resource').map((e) => ({
  name: e.name,
  start: e.startTime,
  end: e.responseEnd,
}))`;

const SCROLL_SCRIPT = `async ({ rowsPerFrame, idleFrames }) => {
  const table = document.querySelector('[data-testid=entity-table]');
  const firstRow = table.querySelector('[data-testid=entity-row]');
  const rowHeight = firstRow ? firstRow.getBoundingClientRect().height : 44;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const rowElements = () => table.querySelectorAll('[role=row]').length;
  // A placeholder row in view: one whose page of rows has not arrived (aria-hidden, no entity-row id).
  const placeholderInView = () => {
    const box = table.getBoundingClientRect();
    for (const row of table.querySelectorAll('[role=row][aria-hidden=true]')) {
      const r = row.getBoundingClientRect();
      if (r.bottom > box.top && r.top < box.bottom) return true;
    }
    return false;
  };
  const idle = [];
  let last = await frame();
  for (let i = 0; i < idleFrames; i++) {
    const now = await frame();
    idle.push(now - last);
    last = now;
  }
  // Main-thread tasks over 50 ms (scripting, style, layout) while scrolling.
  let longTasks = [];
  new PerformanceObserver((list) => {
    longTasks.push(...list.getEntries().map((e) => e.duration));
  }).observe({ type: 'longtask' });
  const pass = async (direction) => {
    const frames = [];
    let placeholders = 0;
    let maxRows = 0;
    longTasks = [];
    const started = performance.now();
    let before = await frame();
    for (;;) {
      const top = table.scrollTop;
      table.scrollTop = top + direction * rowsPerFrame * rowHeight;
      const now = await frame();
      frames.push(now - before);
      before = now;
      maxRows = Math.max(maxRows, rowElements());
      if (placeholderInView()) placeholders++;
      if (table.scrollTop === top) break;
    }
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    await frame();
    const requests = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/ads?') && e.startTime >= started && e.startTime <= ended).length;
    const tasks = longTasks.length;
    const taskMs = longTasks.reduce((a, b) => a + b, 0);
    return { frames, placeholders, maxRows, seconds, tasks, taskMs, requests };
  };
  const down = await pass(1);
  // Let the pages requested on the way down arrive, then go back up over loaded rows.
  for (let i = 0; i < 600 && placeholderInView(); i++) await frame();
  const up = await pass(-1);
  return {
    totalRows: Number(table.dataset.rows || table.querySelectorAll('[data-testid=entity-row]').length),
    idle,
    down,
    up,
    tableElements: table.querySelectorAll('*').length,
  };
}`;

interface ScrollRaw {
  totalRows: number;
  idle: number[];
  down: {
    frames: number[];
    placeholders: number;
    maxRows: number;
    seconds: number;
    tasks: number;
    taskMs: number;
    requests: number;
  };
  up: ScrollRaw['down'];
  tableElements: number;
}

/** Whether the web app has the Campaign tab (its route and its table), and why not. */
export function campaignTabMissing(root: string): string | null {
  const app = path.join(root, 'web/src/app/app.tsx');
  const table = path.join(root, 'web/src/campaigns/entity-table.tsx');
  if (!fs.existsSync(app) || !fs.readFileSync(app, 'utf8').includes("'/campaigns'"))
    return 'the web app has no /campaigns route yet';
  if (!fs.existsSync(table)) return 'the web app has no Ads table (web/src/campaigns/entity-table.tsx) yet';
  return null;
}

export async function measureBrowser(
  ctx: AppContext,
  manifest: CampaignsManifest,
  dataDir: string,
  root: string,
  options: { pageLoads: number; log: (line: string) => void },
): Promise<BrowserResults> {
  const { log } = options;
  const missing = campaignTabMissing(root);
  if (missing) {
    log(`\nBrowser: skipped, ${missing}.`);
    return { status: 'pending', reason: missing };
  }
  log('\nBrowser: Chromium against the server on loopback');
  await ensureWebBuild({ log: (line: string) => log(`  ${line}`) });
  const app: FastifyInstance = await buildApp(ctx);
  let browser: Browser | null = null;
  try {
    // The owner exists once the API part has run; create it otherwise.
    await app.ready();
    await signInHeaders(injectSender(app), dataDir);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const storageState = await signIn(browser, base, dataDir);
    const range = { from: manifest.firstDay, to: manifest.lastDay };
    const url = (advertiserId: string): string =>
      `${base}/campaigns?${new URLSearchParams({ advertiser: advertiserId, level: 'ads', ...range, sort: SORT })}`;

    const big: FirstScreen[] = [];
    const demo: FirstScreen[] = [];
    // One warm-up load of each, then alternate which goes first.
    for (let i = 0; i < 1 + options.pageLoads; i++) {
      const order: ['big' | 'demo', string][] = [
        ['big', manifest.advertiserId],
        ['demo', manifest.demoAdvertiserId],
      ];
      if (i % 2 === 1) order.reverse();
      for (const [which, advertiserId] of order) {
        const context = await browser.newContext({ viewport: VIEWPORT, storageState });
        try {
          const page = await context.newPage();
          const shot = await firstScreen(page, url(advertiserId));
          if (i > 0) (which === 'big' ? big : demo).push(shot);
        } finally {
          await context.close();
        }
      }
    }
    const timing = (list: FirstScreen[], pick: (s: FirstScreen) => number | null): Timing =>
      summarize(list.map(pick).filter((v): v is number => v !== null));
    const bigMs = timing(big, (s) => s.ms);
    const demoMs = timing(demo, (s) => s.ms);
    const firstScreenResult = {
      bigMs,
      demoMs,
      ratio: Math.round((bigMs.median / demoMs.median) * 100) / 100,
      pairedRatio: pairedRatio(
        big.map((s) => s.ms),
        demo.map((s) => s.ms),
      ),
      bigApiMs: timing(big, (s) => s.apiMs),
      demoApiMs: timing(demo, (s) => s.apiMs),
      bigApiStartMs: timing(big, (s) => s.apiStartMs),
      bigAfterApiMs: timing(big, (s) => (s.apiEndMs === null ? null : s.ms - s.apiEndMs)),
      bigRows: big[0]!.rows,
      demoRows: demo[0]!.rows,
      bigTableRequests: summarize(big.map((s) => s.tableRequests)).median,
    };
    log(
      `  first screen: 5,000 ads ${bigMs.median.toFixed(0)} ms (p95 ${bigMs.p95.toFixed(0)}), demo ${demoMs.median.toFixed(0)} ms, ` +
        `ratio ${firstScreenResult.ratio.toFixed(2)}; its API answer ${firstScreenResult.bigApiMs.median.toFixed(0)} ms, ${firstScreenResult.bigTableRequests} request(s) for it`,
    );

    const context = await browser.newContext({ viewport: VIEWPORT, storageState });
    let scroll: ScrollResult;
    let apiAloneMs: Timing | null;
    try {
      const page = await context.newPage();
      const shot = await firstScreen(page, url(manifest.advertiserId));
      apiAloneMs = await apiAlone(page, shot.apiUrl);
      scroll = await scrollThrough(page);
    } finally {
      await context.close();
    }
    if (apiAloneMs) log(`  the same API request alone from the page: ${apiAloneMs.median.toFixed(0)} ms`);
    log(
      `  scrolling ${scroll.totalRows} rows: frames ${scroll.secondPass.frameMs.median.toFixed(1)} ms median, ` +
        `p95 ${scroll.secondPass.frameMs.p95.toFixed(1)} ms (idle ${scroll.idleFrameMs.median.toFixed(1)} ms); ` +
        `at most ${scroll.secondPass.maxRowElements} row elements`,
    );
    return {
      status: 'measured',
      chromium: browser.version(),
      viewport: VIEWPORT,
      range,
      pageLoads: options.pageLoads,
      firstScreen: { ...firstScreenResult, bigApiAloneMs: apiAloneMs },
      scroll,
    };
  } finally {
    await browser?.close();
    await app.close();
  }
}

/** Signs in through the sign-in page, as a person would; returns the session for fresh contexts. */
async function signIn(browser: Browser, base: string, dataDir: string) {
  const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'bench-credentials.json'), 'utf8')) as {
    email: string;
    password: string;
  };
  const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.getByTestId('sign-in-form').waitFor({ timeout: TIMEOUT_MS });
    await page.fill('[data-testid=sign-in-form] input[name=email]', credentials.email);
    await page.fill('[data-testid=sign-in-form] input[name=password]', credentials.password);
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL((u) => u.pathname !== '/signin', { timeout: TIMEOUT_MS });
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** Loads the page and waits for its first screen; the time is taken inside the page, every frame. */
async function firstScreen(page: Page, url: string): Promise<FirstScreen> {
  await page.addInitScript({ content: FIRST_SCREEN_SCRIPT });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('window.__benchFirstScreen !== undefined', undefined, {
    timeout: TIMEOUT_MS,
    polling: 100,
  });
  const shot = (await page.evaluate('window.__benchFirstScreen')) as { ms: number; rows: number };
  const entries = (await page.evaluate(RESOURCES_SCRIPT)) as { name: string; start: number; end: number }[];
  // The table's first page of rows: sorted as the table is, from offset 0, arrived before the first screen.
  const requests = entries.filter((e) => {
    if (!/\/ads\?/.test(e.name) || e.start > shot.ms) return false;
    const params = new URL(e.name).searchParams;
    return params.get('sort') === SORT && (params.get('offset') ?? '0') === '0';
  });
  const api = requests.filter((e) => e.end <= shot.ms).sort((a, b) => b.end - a.end)[0];
  return {
    ms: shot.ms,
    rows: shot.rows,
    tableRequests: requests.length,
    apiMs: api ? api.end - api.start : null,
    apiStartMs: api ? api.start : null,
    apiEndMs: api ? api.end : null,
    apiUrl: api ? api.name : null,
  };
}

/** The table's first-page request sent from the page on its own, nothing else loading: its median time. */
async function apiAlone(page: Page, url: string | null): Promise<Timing | null> {
  if (!url) return null;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const script = `(async () => {
      const start = performance.now();
      const res = await fetch(${JSON.stringify(url)});
      await res.text();
      return performance.now() - start;
    })()`;
    times.push((await page.evaluate(script)) as number);
  }
  return summarize(times);
}

/** Runs SCROLL_SCRIPT in the page and summarises its frames. */
async function scrollThrough(page: Page): Promise<ScrollResult> {
  const args = JSON.stringify({ rowsPerFrame: ROWS_PER_FRAME, idleFrames: IDLE_FRAMES });
  const result = (await page.evaluate(`(${SCROLL_SCRIPT})(${args})`)) as ScrollRaw;
  const idleFrameMs = summarize(result.idle);
  const summarise = (p: ScrollRaw['down']): ScrollPass => {
    const frameMs = summarize(p.frames);
    return {
      frames: p.frames.length,
      seconds: Math.round(p.seconds * 10) / 10,
      frameMs,
      longFrames: p.frames.filter((f) => f > 50).length,
      placeholderFrames: p.placeholders,
      tableRequests: p.requests,
      longTasks: p.tasks,
      longTaskMs: Math.round(p.taskMs),
      maxRowElements: p.maxRows,
      ratioToIdle: Math.round((frameMs.median / idleFrameMs.median) * 100) / 100,
    };
  };
  return {
    totalRows: result.totalRows,
    rowsPerFrame: ROWS_PER_FRAME,
    idleFrameMs,
    firstPass: summarise(result.down),
    secondPass: summarise(result.up),
    tableElements: result.tableElements,
  };
}
