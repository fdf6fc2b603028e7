// `npm run bench:campaigns`: the Campaign tab's Ads table over a 5,000-ad, 90-day account. The API request
// against the raw DuckDB queries it runs (same process, same run, as ratios), where the rest of the
// request's time goes, and — when the web app has the Campaign tab — the first screen and scrolling of the
// table in Chromium against the same page for the 17-ad demo advertiser.
// Options: --rebuild (build the account again), --reps N, --warmup N, --budget S (seconds per measurement
// after which it stops at --min-reps), --http (real loopback HTTP instead of Fastify's inject),
// --no-api / --no-browser (skip a part; results.json is then not written), --page-loads N.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import type { AppContext } from '../../src/app-context.ts';
import { getAdvertiser } from '../../src/catalog/advertisers.ts';
import { listEntities, loadStructure } from '../../src/campaigns/list-entities.ts';
import { listAds } from '../../src/catalog/structure.ts';
import { type DateRange, addDays } from '../../src/core/dates.ts';
import { buildApp } from '../../src/server/app.ts';
import { EntityListQuery, type EntityListResponse } from '../../src/shared/campaigns-api.ts';
import type { ResultRow } from '../../src/warehouse/fact-store.ts';
import { type Send, httpSender, injectSender, signInHeaders } from '../dashboard/client.ts';
import { type Timing, pairedRatio, summarize } from '../dashboard/stats.ts';
import { type ProfileSummary, startProfile, summarise } from '../sandbox/profile.ts';
import {
  ACCOUNT_TIMEZONE,
  AD_GROUPS_PER_CAMPAIGN,
  AD_GROUP_DAILY_BUDGET,
  ADS_PER_AD_GROUP,
  CAMPAIGNS,
  DAYS,
} from './account.ts';
import { type BrowserResults, measureBrowser } from './browser.ts';
import { type CampaignsManifest, openCampaignsData } from './build.ts';
import { type BaselineQuery, CASES, type ListCase, baselineQueries, listUrl, sameWork } from './cases.ts';
import { KINDS, type Kind, Meter, timedContext } from './instrument.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DATA_DIR = path.join(ROOT, 'bench/.data/campaigns');
const RESULTS = path.join(HERE, 'results.json');
const RANGE_DAYS = [7, 30, 90];
/** Requests measured one by one, from the outside, for the breakdown of each case and range. */
const BREAKDOWN_REPS = 10;
/** Requests profiled (V8's sampling profiler) for the case and range the profile is taken on. */
const PROFILE_REPS = 10;

const { values: args } = parseArgs({
  options: {
    rebuild: { type: 'boolean', default: false },
    reps: { type: 'string', default: '25' },
    'min-reps': { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    budget: { type: 'string', default: '40' },
    http: { type: 'boolean', default: false },
    'no-api': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'page-loads': { type: 'string', default: '7' },
  },
});
const REPS = Number(args.reps);
const MIN_REPS = Math.min(REPS, Number(args['min-reps']));
const WARMUP = Number(args.warmup);
const BUDGET_MS = Number(args.budget) * 1000;

interface ApiMeasurement {
  case: string;
  range: string;
  from: string;
  to: string;
  repetitions: number;
  /** The warehouse queries the request runs, in order (all of them shape the answer). */
  queries: BaselineQuery['role'][];
  endpointMs: Timing;
  /** Every query the endpoint runs, one after the other. */
  sqlMs: Timing;
  /** Only the per-ad rows query (the table's numbers). */
  rowsSqlMs: Timing;
  /** Median endpoint ÷ median of all its SQL. */
  ratio: number;
  /** Median of the per-repetition ratios endpoint ÷ SQL (measured back to back). */
  pairedRatio: number;
  /** Median endpoint ÷ median per-ad rows query alone. */
  ratioToRowsSql: number;
  responseKb: number;
}

/** Where one request's time goes, measured from outside (medians over BREAKDOWN_REPS requests). */
interface Breakdown {
  case: string;
  range: string;
  requests: number;
  endpointMs: number;
  /** Wall time during which at least one call of the kind was pending (kinds overlap each other). */
  busyMs: Record<Kind, number>;
  /** Wall time during which any catalog or warehouse call was pending. */
  anyIoMs: number;
  /** Endpoint time with nothing of ours pending: routing, session check, validation, listing code, JSON. */
  jsOutsideIoMs: number;
  /** listEntities called directly with the same query. */
  listingMs: number;
  /** listEntities' own JavaScript (candidates, statuses, fields, sort, paging) with nothing pending. */
  listingJsMs: number;
  /** JSON.stringify of the response. */
  jsonMs: number;
  /**
   * Endpoint minus listEntities (median of the differences, each pair back to back): inject, routing,
   * session and advertiser lookups, validation, JSON. Noisy: a difference of two times of a second or more.
   */
  outsideListingMs: number;
  /** One listAds (every column of every ad, by name) on its own. */
  listAdsMs: number;
  /** loadStructure (campaigns, ad groups and ads) on its own. */
  loadStructureMs: number;
  /** Per request: how often each statement ran and its total time (calls can overlap). */
  statements: { statement: string; kind: string; callsPerRequest: number; msPerRequest: number }[];
}

type RequestProfile = Omit<ProfileSummary, 'areas'> & { case: string; range: string; requests: number };

const log = (line: string): void => console.log(line.replaceAll(ROOT + path.sep, ''));

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const revision = gitRevision();
  const { ctx, manifest } = await openCampaignsData(DATA_DIR, { rebuild: args.rebuild, log });
  const meter = new Meter();
  const timed = timedContext(meter, ctx);
  const app = await buildApp(ctx);
  const timedApp = await buildApp(timed);
  await Promise.all([app.ready(), timedApp.ready()]);
  const api: ApiMeasurement[] = [];
  const breakdowns: Breakdown[] = [];
  let profile: RequestProfile | null = null;
  let browser: BrowserResults | null = null;
  try {
    log(
      `Bench account: ${Object.entries(manifest.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')} (${manifest.firstDay} … ${manifest.lastDay})`,
    );
    if (!args['no-api']) {
      const send = args.http ? await httpSender(app) : injectSender(app);
      const headers = await signInHeaders(send, DATA_DIR);
      const timedSend = injectSender(timedApp);
      for (const c of CASES) {
        log(`\n${c.name}: ${c.describe}`);
        for (const days of RANGE_DAYS) {
          const range = { from: addDays(manifest.lastDay, -(days - 1)), to: manifest.lastDay };
          const m = await measureApi(ctx, send, headers, manifest, c, range, `${days} d`);
          api.push(m);
          const b = await breakdown(ctx, timed, meter, timedSend, headers, manifest, c, range, `${days} d`);
          breakdowns.push(b);
          log(
            `  ${m.range.padEnd(5)} endpoint ${fmt(m.endpointMs)} ms  SQL ${fmt(m.sqlMs)} ms  ratio ${m.ratio.toFixed(2)}` +
              `  (rows query alone ${m.rowsSqlMs.median.toFixed(1)} ms, ${m.repetitions} reps)`,
          );
          log(
            `        outside SQL: ${(b.endpointMs - b.busyMs.warehouse).toFixed(1)} ms — structure reads busy ${b.busyMs['catalog: structure'].toFixed(1)} ms, ` +
              `listing JS ${b.listingJsMs.toFixed(1)} ms, outside the listing ${b.outsideListingMs.toFixed(1)} ms (JSON ${b.jsonMs.toFixed(1)} ms); ` +
              `one listAds ${b.listAdsMs.toFixed(1)} ms`,
          );
        }
      }
      const c = CASES.find((x) => x.name === 'ads+compare')!;
      const range = { from: addDays(manifest.lastDay, -(DAYS - 1)), to: manifest.lastDay };
      profile = await profileRequests(send, headers, manifest, c, range, `${DAYS} d`);
      log(`\nProfile of ${PROFILE_REPS} × ${c.name} ${DAYS} d (self time):`);
      for (const f of profile.files.slice(0, 10)) log(`  ${String(f.ms).padStart(6)} ms  ${f.name}`);
    }
    if (!args['no-browser']) {
      browser = await measureBrowser(ctx, manifest, DATA_DIR, ROOT, {
        pageLoads: Number(args['page-loads']),
        log,
      });
    }
  } finally {
    await app.close();
    await timedApp.close();
    await ctx.close();
  }
  if (args['no-api'] || args['no-browser']) {
    log('\nA part was skipped: results.json is left as it was.');
    return;
  }
  const load = { before: loadAverage(loadBefore), after: loadAverage(os.loadavg()) };
  const report = buildReport(manifest, revision, load, api, breakdowns, profile, browser);
  // Formatted as the repository's format check wants it (it folds short arrays onto one line).
  const options = { ...(await prettier.resolveConfig(RESULTS)), filepath: RESULTS };
  fs.writeFileSync(RESULTS, await prettier.format(JSON.stringify(report, null, 2), options));
  log(`\n${apiTable(api)}\n\n${breakdownTable(breakdowns)}`);
  const loads = (l: LoadAverage): string => `${l.min1}, ${l.min5}, ${l.min15}`;
  log(`\nLoad average (1, 5, 15 min) before ${loads(load.before)}, after ${loads(load.after)}.`);
  log(`Written to ${RESULTS}`);
}

async function measureApi(
  ctx: AppContext,
  send: Send,
  headers: Record<string, string>,
  manifest: CampaignsManifest,
  c: ListCase,
  range: DateRange,
  label: string,
): Promise<ApiMeasurement> {
  const url = listUrl(manifest.advertiserId, c, range);
  const queries = baselineQueries(ctx.facts, manifest.advertiserId, ACCOUNT_TIMEZONE, c, range);
  const rowsQuery = queries.filter((q) => q.role === 'rows');
  let bytes = 0;
  const endpoint = async (): Promise<string> => {
    const res = await send('GET', url, headers);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
    bytes = Buffer.byteLength(res.body);
    return res.body;
  };
  const run = (list: BaselineQuery[]) => async (): Promise<ResultRow[][]> => {
    const out: ResultRow[][] = [];
    for (const q of list) out.push(await ctx.facts.query(q.sql));
    return out;
  };
  const body = JSON.parse(await endpoint()) as EntityListResponse;
  for (const check of sameWork(body, queries, await run(queries)())) {
    if (Math.abs(check.endpoint - check.baseline) > 1e-6 * Math.max(1, Math.abs(check.baseline))) {
      throw new Error(
        `${c.name} ${label}: ${check.what} is ${check.endpoint} from the endpoint and ${check.baseline} from its SQL; they are not measuring the same work.`,
      );
    }
  }

  const sides = [endpoint, run(queries), run(rowsQuery)];
  const samples: number[][] = sides.map(() => []);
  const started = performance.now();
  let warmup = WARMUP;
  for (let i = 0; i < warmup + REPS; i++) {
    // Slow cases (reach over 90 days) warm up once and stop at the minimum once the budget is spent.
    if (i > 0 && i < warmup && performance.now() - started > BUDGET_MS / 4) warmup = i;
    if (i - warmup >= MIN_REPS && performance.now() - started > BUDGET_MS) break;
    // Rotate which side goes first, so none always runs on caches another has just warmed.
    for (let k = 0; k < sides.length; k++) {
      const side = (i + k) % sides.length;
      const start = performance.now();
      await sides[side]!();
      if (i >= warmup) samples[side]!.push(performance.now() - start);
    }
  }
  const [endpointMs, sqlMs, rowsSqlMs] = samples.map(summarize) as [Timing, Timing, Timing];
  return {
    case: c.name,
    range: label,
    ...range,
    repetitions: samples[0]!.length,
    queries: queries.map((q) => q.role),
    endpointMs,
    sqlMs,
    rowsSqlMs,
    ratio: round2(endpointMs.median / sqlMs.median),
    pairedRatio: pairedRatio(samples[0]!, samples[1]!),
    ratioToRowsSql: round2(endpointMs.median / rowsSqlMs.median),
    responseKb: Math.round(bytes / 1024),
  };
}

async function breakdown(
  ctx: AppContext,
  timed: AppContext,
  meter: Meter,
  send: Send,
  headers: Record<string, string>,
  manifest: CampaignsManifest,
  c: ListCase,
  range: DateRange,
  label: string,
): Promise<Breakdown> {
  const url = listUrl(manifest.advertiserId, c, range);
  const advertiser = (await getAdvertiser(timed.catalog, manifest.advertiserId))!;
  const query = EntityListQuery.parse(Object.fromEntries(new URL(url, 'http://x').searchParams));
  const samples: Record<string, number[]> = {};
  const add = (key: string, value: number): void => void (samples[key] ??= []).push(value);
  const statements = new Map<string, { kind: string; calls: number; ms: number }>();
  const started = performance.now();
  let taken = 0;
  for (let i = 0; i < 1 + BREAKDOWN_REPS; i++) {
    // One warm-up; slow cases stop at three requests once half the budget is spent.
    if (taken >= 3 && performance.now() - started > BUDGET_MS / 2) break;
    const measured = i >= 1;
    if (measured) taken++;
    meter.reset();
    let start = performance.now();
    const res = await send('GET', url, headers);
    const endpointMs = performance.now() - start;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
    if (measured) {
      add('endpoint', endpointMs);
      for (const kind of KINDS) add(kind, meter.kinds.get(kind)!.ms);
      add('any', meter.any.ms);
      for (const [statement, s] of meter.statements) {
        const known = statements.get(statement) ?? { kind: s.kind, calls: 0, ms: 0 };
        known.calls += s.calls;
        known.ms += s.ms;
        statements.set(statement, known);
      }
    }
    meter.reset();
    start = performance.now();
    const listing = await listEntities(timed.catalog, timed.facts, advertiser, 'ads', query);
    const listingMs = performance.now() - start;
    start = performance.now();
    JSON.stringify(listing);
    const jsonMs = performance.now() - start;
    if (measured) {
      add('listing', listingMs);
      add('listingJs', listingMs - meter.any.ms);
      add('json', jsonMs);
      add('outsideListing', endpointMs - listingMs);
    }
  }
  // The structure reads on their own, one at a time, with nothing else running.
  for (let i = 0; i < 3; i++) {
    let start = performance.now();
    await listAds(ctx.catalog, manifest.advertiserId);
    add('listAds', performance.now() - start);
    start = performance.now();
    await loadStructure(ctx.catalog, manifest.advertiserId);
    add('loadStructure', performance.now() - start);
  }
  const med = (key: string): number => round2(summarize(samples[key]!).median);
  const busyMs = Object.fromEntries(KINDS.map((k) => [k, med(k)])) as Record<Kind, number>;
  return {
    case: c.name,
    range: label,
    requests: taken,
    endpointMs: med('endpoint'),
    busyMs,
    anyIoMs: med('any'),
    jsOutsideIoMs: round2(med('endpoint') - med('any')),
    listingMs: med('listing'),
    listingJsMs: med('listingJs'),
    jsonMs: med('json'),
    outsideListingMs: med('outsideListing'),
    listAdsMs: med('listAds'),
    loadStructureMs: med('loadStructure'),
    statements: [...statements.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([statement, s]) => ({
        statement,
        kind: s.kind,
        callsPerRequest: round2(s.calls / taken),
        msPerRequest: round2(s.ms / taken),
      })),
  };
}

/** A CPU profile of the main thread over a few requests: what the JavaScript part of a request is. */
async function profileRequests(
  send: Send,
  headers: Record<string, string>,
  manifest: CampaignsManifest,
  c: ListCase,
  range: DateRange,
  label: string,
): Promise<RequestProfile> {
  const url = listUrl(manifest.advertiserId, c, range);
  await send('GET', url, headers);
  const stop = await startProfile();
  for (let i = 0; i < PROFILE_REPS; i++) await send('GET', url, headers);
  // By file and function only: the profiler's areas are named for the sandbox bench.
  const { sampledMs, idleMs, functions, files } = summarise(await stop(), ROOT, 20);
  return { case: c.name, range: label, requests: PROFILE_REPS, sampledMs, idleMs, functions, files };
}

function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'web'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (src/ or web/ with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

function buildReport(
  manifest: CampaignsManifest,
  revision: string,
  loadAverage: { before: LoadAverage; after: LoadAverage },
  api: ApiMeasurement[],
  breakdowns: Breakdown[],
  profile: unknown,
  browser: BrowserResults | null,
) {
  const cpus = os.cpus();
  return {
    benchmark:
      'Campaign tab: the Ads table over 5,000 ads × 90 days (API vs. its SQL; Chromium vs. the demo)',
    date: new Date().toISOString(),
    revision,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.arch()}`,
      node: process.version,
      loadAverage,
    },
    dataset: {
      facts: 'synthetic, written with facts.append (not simulated by the sandbox)',
      campaigns: CAMPAIGNS,
      adGroups: CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN,
      ads: CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN * ADS_PER_AD_GROUP,
      days: DAYS,
      adGroupDailyBudgetUsd: AD_GROUP_DAILY_BUDGET,
      firstDay: manifest.firstDay,
      lastDay: manifest.lastDay,
      lastDayHours: manifest.lastDayHours,
      builtAt: manifest.builtAt,
      buildSeconds: manifest.buildSeconds,
      warehouseMb: Math.round(fs.statSync(path.join(DATA_DIR, 'warehouse.duckdb')).size / 2 ** 20),
      rows: manifest.rows,
    },
    method: {
      transport: args.http ? 'HTTP on loopback (fetch)' : 'Fastify inject (no socket)',
      auth: 'signed in with a session cookie, as the web app',
      warmup: WARMUP,
      repetitions: `up to ${REPS}, at least ${MIN_REPS}, stopping after ${BUDGET_MS / 1000} s per measurement`,
      baseline:
        'the same SQL text and values listEntities runs, planned once before timing, run one after the other with ctx.facts.query',
      breakdown: `${BREAKDOWN_REPS} requests per case through an app whose catalog and warehouse are timed wrappers, plus listEntities called directly`,
    },
    api,
    breakdown: breakdowns,
    profile,
    browser,
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

interface LoadAverage {
  min1: number;
  min5: number;
  min15: number;
}
const loadAverage = ([min1, min5, min15]: number[]): LoadAverage => ({
  min1: round2(min1!),
  min5: round2(min5!),
  min15: round2(min15!),
});
const fmt = (t: Timing): string => `${t.median.toFixed(1)} / ${t.p95.toFixed(1)}`;

function apiTable(results: ApiMeasurement[]): string {
  const lines = [
    '| case | range | endpoint ms (median / p95) | SQL ms (median / p95) | ratio | paired | rows query ms | endpoint ÷ rows query | queries | KB |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const m of results) {
    lines.push(
      `| ${m.case} | ${m.range} | ${fmt(m.endpointMs)} | ${fmt(m.sqlMs)} | ${m.ratio.toFixed(2)} | ${m.pairedRatio.toFixed(2)} | ` +
        `${m.rowsSqlMs.median.toFixed(1)} | ${m.ratioToRowsSql.toFixed(2)} | ${m.queries.length} | ${m.responseKb} |`,
    );
  }
  return lines.join('\n');
}

const listAdsCalls = (b: Breakdown): number =>
  b.statements.find((s) => s.statement.startsWith('select * from ads where'))?.callsPerRequest ?? 0;

function breakdownTable(results: Breakdown[]): string {
  const lines = [
    '| case | range | endpoint ms | warehouse busy | structure reads busy | session/advertiser busy | JS outside I/O | listing JS | outside listing | JSON.stringify | listAds calls × ms alone |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const b of results) {
    lines.push(
      `| ${b.case} | ${b.range} | ${b.endpointMs.toFixed(1)} | ${b.busyMs.warehouse.toFixed(1)} | ${b.busyMs['catalog: structure'].toFixed(1)} | ` +
        `${b.busyMs['catalog: session, user, advertiser'].toFixed(1)} | ${b.jsOutsideIoMs.toFixed(1)} | ${b.listingJsMs.toFixed(1)} | ` +
        `${b.outsideListingMs.toFixed(1)} | ${b.jsonMs.toFixed(1)} | ${listAdsCalls(b)} × ${b.listAdsMs.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

await main();
