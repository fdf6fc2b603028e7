// `npm run bench:reports`: latency of POST /api/v1/reports/query over an advertiser with more than 10 M
// hourly fact rows, against the same SQL statements run directly on DuckDB, in the same process and the
// same run, reported as ratios (target: at most 1.3 at the median).
// Options: --rebuild, --reps N, --warmup N, --http (real loopback HTTP instead of Fastify's inject),
// --only NAME (one case).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { addDays } from '../../src/core/dates.ts';
import { prepareReport } from '../../src/reports/query-report.ts';
import { buildApp } from '../../src/server/app.ts';
import type { ReportQueryRequest, ReportQueryResponse } from '../../src/shared/reports-api.ts';
import type { ResultRow } from '../../src/warehouse/fact-store.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { type Send, httpSender, injectSender } from '../dashboard/client.ts';
import { type Timing, pairedRatio, summarize } from '../dashboard/stats.ts';
import { SPEC, openReportsData } from './build.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DATA_DIR = path.join(ROOT, 'bench/.data/reports');
const RESULTS = path.join(HERE, 'results.json');
const TARGET = 1.3;

const { values: args } = parseArgs({
  options: {
    rebuild: { type: 'boolean', default: false },
    reps: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    http: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const REPS = Number(args.reps);
const WARMUP = Number(args.warmup);

const PERFORMANCE = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'conversion',
  'cost_per_conversion',
];

interface Case {
  name: string;
  what: string;
  query: (lastDay: string) => Omit<ReportQueryRequest, 'advertiser_id'>;
}

const days = (lastDay: string, n: number) => ({ from: addDays(lastDay, 1 - n), to: lastDay });

const CASES: Case[] = [
  {
    name: 'campaign×day 30d',
    what: '50 campaigns × 30 days, the Performance metrics, by spend',
    query: (last) => ({
      ...days(last, 30),
      dimensions: ['campaign', 'day'],
      metrics: PERFORMANCE,
      filters: [],
      sort: { by: 'spend', direction: 'desc' },
    }),
  },
  {
    name: 'ad top 100 90d',
    what: 'the 100 ads with most spend over 90 days, with names',
    query: (last) => ({
      ...days(last, 90),
      dimensions: ['ad'],
      metrics: PERFORMANCE,
      filters: [],
      sort: { by: 'spend', direction: 'desc' },
      limit: 100,
    }),
  },
  {
    name: 'objective×creative 30d',
    what: 'objective × creative name (from the attribute copy) with a custom column',
    query: (last) => ({
      ...days(last, 30),
      dimensions: ['objective', 'creative_name'],
      metrics: ['spend', 'ctr', 'cpc', 'complete_payment_roas', 'cc_hook_rate'],
      filters: [],
    }),
  },
  {
    name: 'day 60d + compare',
    what: 'a daily trend over 60 days against the previous 60',
    query: (last) => ({
      ...days(last, 60),
      dimensions: ['day'],
      metrics: ['spend', 'impressions', 'clicks', 'ctr', 'conversion'],
      filters: [],
      compare: days(addDays(last, -60), 60),
    }),
  },
  {
    name: 'country×age filtered 30d',
    what: 'audience breakdown of campaigns named "spring", rows with spend over 50',
    query: (last) => ({
      ...days(last, 30),
      dimensions: ['country', 'age'],
      metrics: ['spend', 'clicks', 'ctr', 'cpc'],
      filters: [
        { dimension: 'campaign', operator: 'contains', values: ['spring'] },
        { metric: 'spend', operator: 'gt', value: 50 },
      ],
    }),
  },
  {
    name: 'hour 7d',
    what: 'hour by hour over 7 days',
    query: (last) => ({
      ...days(last, 7),
      dimensions: ['hour'],
      metrics: ['spend', 'impressions', 'clicks', 'ctr'],
      filters: [],
    }),
  },
  {
    name: 'campaign reach 30d',
    what: 'reach and frequency per campaign over 30 days (distinct people)',
    query: (last) => ({
      ...days(last, 30),
      dimensions: ['campaign'],
      metrics: ['spend', 'impressions', 'reach', 'frequency'],
      filters: [],
    }),
  },
  {
    name: 'total 180d',
    what: 'the whole range in one row',
    query: (last) => ({ ...days(last, 180), dimensions: [], metrics: PERFORMANCE, filters: [] }),
  },
];

interface Measurement {
  name: string;
  what: string;
  request: ReportQueryRequest;
  statements: number;
  rows: number;
  answerBytes: number;
  repetitions: number;
  endpointMs: Timing;
  sqlMs: Timing;
  ratio: number;
  pairedRatio: number;
}

const log = (line: string): void => console.log(line.replaceAll(ROOT + path.sep, ''));

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const { ctx, manifest } = await openReportsData(DATA_DIR, { rebuild: args.rebuild, log });
  const app = await buildApp(ctx);
  try {
    log(`Fact rows: ${JSON.stringify(manifest.rows)}`);
    const send: Send = args.http ? await httpSender(app) : injectSender(app);
    // A bearer token, as the CLI and scripts call the API (a browser session would also need its CSRF token).
    const { headers } = await memberWithToken(ctx.catalog, 'admin');
    const results: Measurement[] = [];
    for (const c of CASES.filter((x) => !args.only || x.name === args.only)) {
      const request = {
        advertiser_id: SPEC.advertiserId,
        ...c.query(manifest.lastDay),
      } as ReportQueryRequest;
      // The baseline: exactly the statements the endpoint runs, planned once before timing.
      const prepared = await prepareReport(ctx, request);
      const endpoint = async (): Promise<string> => {
        const reply = await send('POST', '/api/v1/reports/query', headers, request);
        if (reply.status !== 200) throw new Error(`${c.name}: ${reply.status} ${reply.body.slice(0, 300)}`);
        return reply.body;
      };
      const sql = (): Promise<ResultRow[][]> =>
        Promise.all(prepared.statements.map((statement) => ctx.facts.query(statement)));
      // Both sides must do the same work: the endpoint's total spend is the SQL's.
      const body = await endpoint();
      const answer = JSON.parse(body) as ReportQueryResponse;
      const direct = await sql();
      const directTotals = prepared.oneRowIsTotal ? direct[0]![0] : direct[1]![0];
      const first = answer.columns.find((col) => col.kind === 'metric')!.id;
      if (Math.abs(Number(directTotals?.[first]) - (answer.totals[first] ?? NaN)) > 1e-6) {
        throw new Error(`${c.name}: the endpoint's total ${first} differs from its SQL's`);
      }
      for (let i = 0; i < WARMUP; i++) {
        await endpoint();
        await sql();
      }
      const endpointMs: number[] = [];
      const sqlMs: number[] = [];
      const time = async (fn: () => Promise<unknown>, into: number[]) => {
        const started = performance.now();
        await fn();
        into.push(performance.now() - started);
      };
      for (let rep = 0; rep < REPS; rep++) {
        // Alternating which side goes first, so neither always finds the caches warmed by the other.
        if (rep % 2 === 0) {
          await time(endpoint, endpointMs);
          await time(sql, sqlMs);
        } else {
          await time(sql, sqlMs);
          await time(endpoint, endpointMs);
        }
      }
      const e = summarize(endpointMs);
      const s = summarize(sqlMs);
      const m: Measurement = {
        name: c.name,
        what: c.what,
        request,
        statements: prepared.statements.length,
        rows: answer.rows.length,
        answerBytes: body.length,
        repetitions: REPS,
        endpointMs: e,
        sqlMs: s,
        ratio: Math.round((e.median / s.median) * 100) / 100,
        pairedRatio: pairedRatio(endpointMs, sqlMs),
      };
      results.push(m);
      log(
        `${c.name.padEnd(26)} endpoint ${e.median.toFixed(1).padStart(7)} ms  SQL ${s.median.toFixed(1).padStart(7)} ms  ratio ${m.ratio.toFixed(2)} (paired ${m.pairedRatio.toFixed(2)})  ${m.statements} statements, ${m.rows} rows`,
      );
    }
    const worst = Math.max(...results.map((r) => r.ratio));
    log(`Worst median ratio ${worst.toFixed(2)} (target ≤ ${TARGET}).`);
    if (!args.only) {
      const revision = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
      const out = {
        date: new Date().toISOString(),
        revision,
        machine: {
          cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
          memoryGb: Math.round(os.totalmem() / 2 ** 30),
          platform: `${os.platform()} ${os.arch()}`,
          node: process.version,
          loadAverageBefore: loadBefore.map((x) => Math.round(x * 100) / 100),
          loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100),
        },
        transport: args.http ? 'http (loopback)' : 'fastify inject',
        data: manifest,
        method: {
          repetitions: REPS,
          warmup: WARMUP,
          baseline:
            'the statements queryReport runs (prepareReport), run directly with facts.query, in parallel as the endpoint runs them',
          ratio: 'median endpoint ÷ median SQL; paired: median of per-repetition ratios',
          target: TARGET,
        },
        worstRatio: worst,
        cases: results,
      };
      // Written as the formatter would write it, so the committed file passes the format check.
      const options = { ...(await prettier.resolveConfig(RESULTS)), filepath: RESULTS };
      fs.writeFileSync(RESULTS, await prettier.format(JSON.stringify(out, null, 2), options));
      log(`Wrote ${RESULTS}.`);
    }
  } finally {
    await app.close();
    await ctx.close();
  }
}

await main();
