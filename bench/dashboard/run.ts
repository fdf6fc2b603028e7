// `npm run bench`: latency of the Dashboard's summary and trend endpoints over a 1,000-ad, 365-day sandbox
// account, against the raw DuckDB queries they run, measured in the same process and reported as ratios.
// Options: --rebuild (simulate the account again), --reps N, --warmup N, --budget S (seconds per
// measurement after which it stops at --min-reps), --http (real loopback HTTP instead of Fastify's inject).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AppContext } from '../../src/app-context.ts';
import { type DateRange, addDays } from '../../src/core/dates.ts';
import { buildApp } from '../../src/server/app.ts';
import type { ResultRow } from '../../src/warehouse/fact-store.ts';
import { FACT_TABLES } from '../../src/warehouse/schema.ts';
import { type BenchManifest, openBenchData } from './build.ts';
import { type BenchCase, CASES } from './cases.ts';
import { type Send, httpSender, injectSender, signInHeaders } from './client.ts';
import {
  AD_GROUPS_PER_CAMPAIGN,
  AD_GROUP_DAILY_BUDGET,
  ADS_PER_AD_GROUP,
  CAMPAIGNS,
  DAYS,
} from './scenario.ts';
import { type Timing, pairedRatio, summarize } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DATA_DIR = path.join(ROOT, 'bench/.data');
const RESULTS = path.join(HERE, 'results.json');
const RANGE_DAYS = [7, 30, 90, 365];

const { values: args } = parseArgs({
  options: {
    rebuild: { type: 'boolean', default: false },
    reps: { type: 'string', default: '25' },
    'min-reps': { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    budget: { type: 'string', default: '40' },
    http: { type: 'boolean', default: false },
  },
});
const REPS = Number(args.reps);
const MIN_REPS = Math.min(REPS, Number(args['min-reps']));
const WARMUP = Number(args.warmup);
const BUDGET_MS = Number(args.budget) * 1000;

interface Measurement {
  endpoint: string;
  range: string;
  from: string;
  to: string;
  repetitions: number;
  /** Queries the endpoint runs, and how many of their results its answer uses. */
  queries: number;
  queriesUsed: number;
  endpointMs: Timing;
  /** Every query the endpoint runs, one after the other. */
  rawSqlMs: Timing;
  /** Only the queries whose results the endpoint's answer uses. */
  usedSqlMs: Timing;
  /** Median endpoint ÷ median raw SQL: the cost of our layers over the queries. */
  ratio: number;
  /** Median of the per-repetition ratios (each measured back to back, so drift on the machine cancels). */
  pairedRatio: number;
  /** Median endpoint ÷ median of the used queries alone: what the endpoint costs over what it needs. */
  ratioToUsed: number;
}

const log = (line: string): void => console.log(line.replaceAll(ROOT + path.sep, ''));

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const { ctx, manifest } = await openBenchData(DATA_DIR, { rebuild: args.rebuild, log });
  try {
    const rows = await rowCounts(ctx);
    log(
      `Fact rows: ${Object.entries(rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')}`,
    );
    const app = await buildApp(ctx);
    await app.ready();
    const results: Measurement[] = [];
    let signedIn: boolean;
    try {
      const send = args.http ? await httpSender(app) : injectSender(app);
      const headers = await signInHeaders(send, DATA_DIR);
      signedIn = 'cookie' in headers;
      for (const benchCase of CASES) {
        log(`\n${benchCase.name}: ${benchCase.describe}`);
        for (const days of RANGE_DAYS) {
          const range = { from: addDays(manifest.lastDay, -(days - 1)), to: manifest.lastDay };
          const m = await measure(ctx, send, headers, manifest, benchCase, range, `${days} d`);
          log(
            `  ${m.range.padEnd(6)} endpoint ${fmt(m.endpointMs)} ms  raw SQL ${fmt(m.rawSqlMs)} ms  ` +
              `ratio ${m.ratio.toFixed(2)}  (used SQL ${fmt(m.usedSqlMs)} ms, ${m.repetitions} reps)`,
          );
          results.push(m);
        }
      }
    } finally {
      await app.close();
    }
    const load = { before: loadAverage(loadBefore), after: loadAverage(os.loadavg()) };
    const report = buildReport(manifest, rows, await duckdbVersion(ctx), signedIn, load, results);
    fs.writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    const loads = (l: LoadAverage): string => `${l.min1}, ${l.min5}, ${l.min15}`;
    log(
      `\n${markdownTable(results)}\n\nLoad average (1, 5, 15 min) before ${loads(load.before)}, after ${loads(load.after)}.`,
    );
    log(`Written to ${RESULTS}`);
  } finally {
    await ctx.close();
  }
}

async function measure(
  ctx: AppContext,
  send: Send,
  headers: Record<string, string>,
  manifest: BenchManifest,
  benchCase: BenchCase,
  range: DateRange,
  label: string,
): Promise<Measurement> {
  const url = benchCase.url(manifest.advertiserId, range);
  const queries = benchCase.baseline(ctx.facts, manifest.advertiserId, range);
  const used = queries.filter((q) => q.used);
  const endpoint = async (): Promise<string> => {
    const res = await send('GET', url, headers);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return res.body;
  };
  const run = (list: typeof queries) => async (): Promise<ResultRow[][]> => {
    const out: ResultRow[][] = [];
    for (const q of list) out.push(await ctx.facts.query(q.sql));
    return out;
  };
  verifySameWork(benchCase, label, JSON.parse(await endpoint()), await run(queries)());

  const sides = [endpoint, run(queries), run(used)];
  const samples: number[][] = sides.map(() => []);
  const started = performance.now();
  for (let i = 0; i < WARMUP + REPS; i++) {
    const taken = i - WARMUP;
    if (taken >= MIN_REPS && performance.now() - started > BUDGET_MS) break;
    // Rotate which side goes first, so none always runs on caches another has just warmed.
    for (let k = 0; k < sides.length; k++) {
      const side = (i + k) % sides.length;
      const start = performance.now();
      await sides[side]!();
      if (i >= WARMUP) samples[side]!.push(performance.now() - start);
    }
  }
  const [endpointMs, rawSqlMs, usedSqlMs] = samples.map(summarize) as [Timing, Timing, Timing];
  return {
    endpoint: benchCase.name,
    range: label,
    ...range,
    repetitions: samples[0]!.length,
    queries: queries.length,
    queriesUsed: used.length,
    endpointMs,
    rawSqlMs,
    usedSqlMs,
    ratio: round2(endpointMs.median / rawSqlMs.median),
    pairedRatio: pairedRatio(samples[0]!, samples[1]!),
    ratioToUsed: round2(endpointMs.median / usedSqlMs.median),
  };
}

function verifySameWork(benchCase: BenchCase, label: string, body: unknown, results: ResultRow[][]): void {
  const { endpoint, baseline } = benchCase.check(body, results);
  if (Math.abs(endpoint - baseline) > 1e-6 * Math.max(1, Math.abs(baseline))) {
    throw new Error(
      `${benchCase.name} ${label}: the endpoint says ${endpoint}, its raw SQL ${baseline}; they are not measuring the same work.`,
    );
  }
}

async function rowCounts(ctx: AppContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [FACT_TABLES.hourly, FACT_TABLES.audience, FACT_TABLES.reach]) {
    const [row] = await ctx.facts.query({ text: `SELECT COUNT(*) AS n FROM ${table}`, values: [] });
    out[table] = Number(row!.n);
  }
  return out;
}

async function duckdbVersion(ctx: AppContext): Promise<string> {
  const [row] = await ctx.facts.query({ text: 'SELECT version() AS v', values: [] });
  return String(row!.v);
}

function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (src/ with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

function buildReport(
  manifest: BenchManifest,
  rows: Record<string, number>,
  duckdb: string,
  signedIn: boolean,
  loadAverage: { before: LoadAverage; after: LoadAverage },
  results: Measurement[],
) {
  const cpus = os.cpus();
  return {
    benchmark: 'dashboard API vs. the raw DuckDB queries it runs',
    date: new Date().toISOString(),
    revision: gitRevision(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.arch()}`,
      node: process.version,
      duckdb,
      loadAverage,
    },
    dataset: {
      campaigns: CAMPAIGNS,
      adGroups: CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN,
      ads: CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN * ADS_PER_AD_GROUP,
      days: DAYS,
      adGroupDailyBudgetUsd: AD_GROUP_DAILY_BUDGET,
      firstDay: manifest.firstDay,
      lastDay: manifest.lastDay,
      buildSeconds: manifest.buildSeconds,
      warehouseMb: Math.round(fs.statSync(path.join(DATA_DIR, 'warehouse.duckdb')).size / 2 ** 20),
      rows,
    },
    method: {
      transport: args.http ? 'HTTP on loopback (fetch)' : 'Fastify inject (no socket)',
      auth: signedIn
        ? 'signed in with a session cookie, as the web app'
        : 'none (this version has no sign-in)',
      warmup: WARMUP,
      repetitions: `up to ${REPS}, at least ${MIN_REPS}, stopping after ${BUDGET_MS / 1000} s per measurement`,
      baseline:
        'the same SQL text and values, planned once before timing, run one after the other with ctx.facts.query',
    },
    results,
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Other work on the machine while measuring (the ratios are robust to it; absolute times are not). */
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

function markdownTable(results: Measurement[]): string {
  const lines = [
    '| endpoint | range | endpoint ms (median / p95) | raw SQL ms (median / p95) | ratio | paired ratio | used SQL ms (median) | queries used | endpoint ÷ used SQL |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const m of results) {
    lines.push(
      `| ${m.endpoint} | ${m.range} | ${fmt(m.endpointMs)} | ${fmt(m.rawSqlMs)} | ${m.ratio.toFixed(2)} | ` +
        `${m.pairedRatio.toFixed(2)} | ${m.usedSqlMs.median.toFixed(1)} | ${m.queriesUsed} of ${m.queries} | ${m.ratioToUsed.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

await main();
