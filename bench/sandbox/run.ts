// `npm run bench:sandbox`: simulates 1,000 ads × 90 days hour by hour (every impression to one simulated
// person) into a fresh data directory and writes the facts to the warehouse, timing the whole and its
// parts from the outside; then appends the same number of made-up rows, in batches of the same sizes, to
// another fresh warehouse with no simulation behind them. The ratio of the two is the result.
// Options: --days N (a shorter trial; only the full run writes results.json), --profile (also takes a CPU
// profile of the measured work and writes its summary to profile.json), --no-baseline, --keep (keep the
// data directories), --heap-mb N (restart with this old-space limit; by default the run uses Node's own).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { listAds } from '../../src/catalog/structure.ts';
import { readConfig } from '../../src/core/config.ts';
import { seedScenario } from '../../src/sources/sandbox/seed-scenario.ts';
import { simulateUntil } from '../../src/sources/sandbox/simulate.ts';
import type { EntityKeys } from '../../src/warehouse/schema.ts';
import { FACT_TABLES } from '../../src/warehouse/schema.ts';
import { type PureWrites, replayWrites } from './baseline.ts';
import { Meter, timedCatalog, timedFacts } from './instrument.ts';
import { type ProfileSummary, startProfile, summarise } from './profile.ts';
import {
  AD_GROUP_DAILY_BUDGET,
  AD_GROUPS_PER_CAMPAIGN,
  ADS_PER_AD_GROUP,
  CAMPAIGNS,
  DAYS,
  START_DATE,
  TIMEZONE,
  benchScenario,
} from './scenario.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const TARGET_SECONDS = 60;

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: String(DAYS) },
    profile: { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'heap-mb': { type: 'string' },
  },
});
const days = Number(args.days);
const fullRun = days === DAYS;

/** Garbage collection pauses on the main thread, kept with their start so they can be placed in a phase. */
class GcClock {
  readonly pauses: { start: number; ms: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.pauses.push({ start: entry.startTime, ms: entry.duration });
  });
  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }
  /** Pause time that began inside any of the intervals. */
  within(intervals: { start: number; ms: number }[]): number {
    let ms = 0;
    for (const pause of this.pauses) {
      if (intervals.some((i) => pause.start >= i.start && pause.start < i.start + i.ms)) ms += pause.ms;
    }
    return ms;
  }
  stop(): void {
    this.observer.disconnect();
  }
}

/** The largest resident set, JS heap and ArrayBuffer memory (outside the heap) seen, sampled every second. */
function watchMemory(): () => { rssMb: number; heapMb: number; arrayBuffersMb: number } {
  let rss = 0;
  let heap = 0;
  let arrayBuffers = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    arrayBuffers = Math.max(arrayBuffers, m.arrayBuffers);
  };
  const timer = setInterval(sample, 1000);
  return () => {
    clearInterval(timer);
    sample();
    const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
    return { rssMb: mb(rss), heapMb: mb(heap), arrayBuffersMb: mb(arrayBuffers) };
  };
}

/** CPU time so far: the whole process (every thread, DuckDB's included) and its main thread. */
interface CpuClock {
  userMs: number;
  systemMs: number;
  /** The main thread's time on a CPU, and waiting for one while runnable (Linux; null elsewhere). */
  mainOnCpuMs: number | null;
  mainRunQueueMs: number | null;
}

function cpuClock(): CpuClock {
  const { user, system } = process.cpuUsage();
  let onCpu: number | null = null;
  let runQueue: number | null = null;
  try {
    // The main thread's id is the process id; schedstat holds nanoseconds on the CPU and in the run queue.
    const [ran, waited] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    onCpu = Number(ran) / 1e6;
    runQueue = Number(waited) / 1e6;
  } catch {
    // Not Linux: the process totals still say what the work cost.
  }
  return { userMs: user / 1000, systemMs: system / 1000, mainOnCpuMs: onCpu, mainRunQueueMs: runQueue };
}

function cpuSince(start: CpuClock): CpuClock {
  const now = cpuClock();
  const diff = (a: number | null, b: number | null): number | null =>
    a === null || b === null ? null : a - b;
  return {
    userMs: now.userMs - start.userMs,
    systemMs: now.systemMs - start.systemMs,
    mainOnCpuMs: diff(now.mainOnCpuMs, start.mainOnCpuMs),
    mainRunQueueMs: diff(now.mainRunQueueMs, start.mainRunQueueMs),
  };
}

function tempDataDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `adcockpit-bench-sandbox-${label}-`));
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `Sandbox benchmark: ${CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN * ADS_PER_AD_GROUP} ads × ${days} days, hourly, ` +
      `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, Node ${process.version}${args.profile ? ', CPU profile on' : ''}`,
  );
  const dirs: string[] = [];
  const loadBefore = os.loadavg();
  // The code measured is the code loaded now, whatever lands in the repository during the run.
  const revision = gitRevision();

  // The simulated run.
  const simDir = tempDataDir('sim');
  dirs.push(simDir);
  let t = performance.now();
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: simDir })).catch((error: unknown) => {
    fs.rmSync(simDir, { recursive: true, force: true });
    throw error;
  });
  const openMs = performance.now() - t;
  let baseline: Awaited<ReturnType<typeof replayWrites>> | null = null;
  let report: ReturnType<typeof buildReport>;
  let profile: ProfileSummary | null = null;
  try {
    t = performance.now();
    const scenario = benchScenario(days);
    const scenarioMs = performance.now() - t;

    const gc = new GcClock();
    const memory = watchMemory();
    const seedMeter = new Meter();
    const simMeter = new Meter();
    const stopProfile = args.profile ? await startProfile() : null;

    const cpuStart = cpuClock();
    t = performance.now();
    const seedStart = t;
    const advertiserId = await seedScenario(
      timedCatalog(seedMeter, ctx.catalog),
      timedFacts(seedMeter, ctx.facts),
      scenario,
    );
    const seedMs = performance.now() - t;

    const progress = setInterval(() => {
      const s = Math.round((performance.now() - t) / 1000);
      console.log(`  … ${s} s: ${simMeter.appends.length} of ${days} days simulated and written`);
    }, 30_000);
    t = performance.now();
    const simulateStart = t;
    const loop = performance.eventLoopUtilization();
    let hours: number;
    try {
      ({ hours } = await simulateUntil(
        timedCatalog(simMeter, ctx.catalog),
        timedFacts(simMeter, ctx.facts),
        advertiserId,
        Number.POSITIVE_INFINITY,
      ));
    } finally {
      clearInterval(progress);
    }
    const simulateMs = performance.now() - t;
    const cpu = cpuSince(cpuStart);
    const mainThread = performance.eventLoopUtilization(loop);
    if (stopProfile) profile = summarise(await stopProfile(), ROOT);
    const peakMemory = memory();
    // Observer callbacks arrive after the fact: let the last ones land before reading them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc.stop();
    const gcMs = {
      seeding: gc.within([{ start: seedStart, ms: seedMs }]),
      simulateUntil: gc.within([{ start: simulateStart, ms: simulateMs }]),
    };

    const stored = await storedTotals(ctx);
    const ads: EntityKeys[] = await listAds(ctx.catalog, advertiserId);
    const warehouseMb = fileMb(path.join(simDir, 'warehouse.duckdb'));
    console.log(`Simulated ${hours} hours in ${(simulateMs / 1000).toFixed(1)} s (seeding ${fmtS(seedMs)}).`);

    // The baseline: the same batches' worth of rows, straight into a fresh warehouse.
    if (!args['no-baseline']) {
      const baseDir = tempDataDir('base');
      dirs.push(baseDir);
      console.log('Baseline: appending the same number of made-up rows to a fresh warehouse …');
      const base = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: baseDir }));
      try {
        baseline = await replayWrites(base.facts, ads, START_DATE, simMeter.appends);
      } finally {
        await base.close();
      }
    }

    report = buildReport({
      scenarioMs,
      openMs,
      seedMs,
      simulateMs,
      idleMs: mainThread.idle,
      cpu,
      hours,
      seedMeter,
      simMeter,
      gcMs,
      peakMemory,
      stored,
      warehouseMb,
      baseline,
      revision,
      load: { before: loadAverage(loadBefore), after: loadAverage(os.loadavg()) },
    });
  } finally {
    await ctx.close();
    if (!args.keep) for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\n${markdownTable(report)}\n`);
  console.log(report.verdict);
  if (profile) {
    const file = path.join(HERE, 'profile.json');
    fs.writeFileSync(file, `${JSON.stringify({ ...report, profile }, null, 2)}\n`);
    console.log(`\n${profileTable(profile)}`);
    console.log(`Written to ${path.relative(ROOT, file)}`);
  } else if (fullRun) {
    const file = path.join(HERE, 'results.json');
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Written to ${path.relative(ROOT, file)}`);
  } else {
    console.log(`A ${days}-day trial: results.json is written only by the full ${DAYS}-day run.`);
  }
}

interface StoredTotals {
  rows: Record<string, number>;
  impressions: number;
  spendUsd: number;
}

async function storedTotals(ctx: AppContext): Promise<StoredTotals> {
  const one = async (text: string): Promise<Record<string, unknown>> =>
    (await ctx.facts.query({ text, values: [] }))[0]!;
  const rows: Record<string, number> = {};
  for (const table of [FACT_TABLES.hourly, FACT_TABLES.audience, FACT_TABLES.reach]) {
    rows[table] = Number((await one(`SELECT COUNT(*) AS n FROM ${table}`)).n);
  }
  const sums = await one(
    `SELECT SUM(impressions) AS impressions, SUM(spend_micros) AS spend FROM ${FACT_TABLES.hourly}`,
  );
  return {
    rows,
    impressions: Number(sums.impressions),
    spendUsd: Math.round(Number(sums.spend) / 1e6),
  };
}

function fileMb(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}.wal`]) if (fs.existsSync(f)) bytes += fs.statSync(f).size;
  return Math.round(bytes / 2 ** 20);
}

interface Measured {
  scenarioMs: number;
  openMs: number;
  seedMs: number;
  simulateMs: number;
  /** Time the main thread was idle during simulateUntil: waiting for DuckDB (or other I/O). */
  idleMs: number;
  /** CPU time of seeding + simulateUntil. */
  cpu: CpuClock;
  hours: number;
  seedMeter: Meter;
  simMeter: Meter;
  gcMs: Record<string, number>;
  peakMemory: { rssMb: number; heapMb: number; arrayBuffersMb: number };
  stored: StoredTotals;
  warehouseMb: number;
  baseline: PureWrites | null;
  revision: string;
  load: { before: LoadAverage; after: LoadAverage };
}

function buildReport(m: Measured) {
  const sim = m.simMeter;
  const totalMs = m.seedMs + m.simulateMs;
  const appendMs = sim.appends.map((a) => a.ms);
  const rowsAppended = {
    [FACT_TABLES.hourly]: sum(sim.appends.map((a) => a.hourly)),
    [FACT_TABLES.audience]: sum(sim.appends.map((a) => a.audience)),
    [FACT_TABLES.reach]: sum(sim.appends.map((a) => a.reach)),
  };
  const allRows = sum(Object.values(rowsAppended));
  const part = (ms: number, of: number = totalMs) => ({
    seconds: round2(ms / 1000),
    percentOfTotal: round1((100 * ms) / of),
  });
  // simulateUntil's wall time, split by what the main thread did. PGlite runs on the main thread, so the
  // catalog calls are busy time; DuckDB runs on its own threads, so waiting for it is idle time. A day's
  // write goes on while the next day is simulated: the simulation waits only for what is left of it.
  const catalogMs = sim.ms('catalog reads') + sim.ms('catalog writes');
  const waitedOnWritesMs = sum(sim.appends.map((a) => a.idleMs));
  const otherWaitMs = sim.ms('warehouse reads') + sim.ms('ad key registration');
  const computeMs = Math.max(0, m.simulateMs - m.idleMs - catalogMs);
  const breakdown = {
    'catalog seeding (seedScenario)': part(m.seedMs),
    'simulation compute, incl. staging each day’s rows for DuckDB (main thread busy)': part(computeMs),
    [`catalog reads and writes (${sim.calls('catalog reads') + sim.calls('catalog writes')} calls, PGlite on the main thread)`]:
      part(catalogMs),
    [`waiting for warehouse writes (${sim.calls('warehouse writes')} calls)`]: part(waitedOnWritesMs),
    [`waiting for warehouse reads and ad keys (${sim.calls('warehouse reads') + sim.calls('ad key registration')} calls)`]:
      part(otherWaitMs),
    'other waiting (main thread idle)': part(Math.max(0, m.idleMs - waitedOnWritesMs - otherWaitMs)),
  };
  const dominant = Object.entries(breakdown).sort((a, b) => b[1].seconds - a[1].seconds)[0]!;
  const ratio = m.baseline ? round2(m.simulateMs / m.baseline.ms) : null;
  const cpus = os.cpus();
  const verdict =
    `Seeding + simulating + writing took ${fmtS(totalMs)} against a target of ${TARGET_SECONDS} s ` +
    `(${totalMs / 1000 <= TARGET_SECONDS ? 'met' : `missed by ${round1(totalMs / 1000 / TARGET_SECONDS)}×`}); ` +
    `${dominant[0]} dominates with ${dominant[1].percentOfTotal} %.` +
    (ratio === null ? '' : ` Simulate + write ÷ pure write = ${ratio}.`);
  return {
    benchmark: 'sandbox: simulate 1,000 ads × 90 days hourly with the people model into the warehouse',
    date: new Date().toISOString(),
    revision: m.revision,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.arch()}`,
      node: process.version,
      heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
      loadAverage: m.load,
    },
    scenario: {
      campaigns: CAMPAIGNS,
      adGroups: CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN,
      ads: CAMPAIGNS * AD_GROUPS_PER_CAMPAIGN * ADS_PER_AD_GROUP,
      days: m.hours / 24 === Math.round(m.hours / 24) ? m.hours / 24 : round1(m.hours / 24),
      startDate: START_DATE,
      timezone: TIMEZONE,
      adGroupDailyBudgetUsd: AD_GROUP_DAILY_BUDGET,
      simulatedHours: m.hours,
    },
    targetSeconds: TARGET_SECONDS,
    verdict,
    seconds: {
      'total (seeding + simulation + writes)': round2(totalMs / 1000),
      'scenario build and validation (not in total)': round2(m.scenarioMs / 1000),
      'open PGlite + DuckDB, migrate (not in total)': round2(m.openMs / 1000),
      seeding: round2(m.seedMs / 1000),
      'simulateUntil (compute + all its I/O)': round2(m.simulateMs / 1000),
      'warehouse writes in flight (append calls pending, overlapping the next day’s simulation)': round2(
        sim.ms('warehouse writes') / 1000,
      ),
    },
    // Wall time depends on what else the two cores run; CPU time says what the work itself cost.
    cpuSeconds: {
      'user (all threads, seeding + simulateUntil)': round2(m.cpu.userMs / 1000),
      'system (all threads)': round2(m.cpu.systemMs / 1000),
      'main thread on a CPU': m.cpu.mainOnCpuMs === null ? null : round2(m.cpu.mainOnCpuMs / 1000),
      'other threads (DuckDB, libuv) on a CPU':
        m.cpu.mainOnCpuMs === null
          ? null
          : round2((m.cpu.userMs + m.cpu.systemMs - m.cpu.mainOnCpuMs) / 1000),
      'main thread ready but waiting for a CPU (other load)':
        m.cpu.mainRunQueueMs === null ? null : round2(m.cpu.mainRunQueueMs / 1000),
    },
    breakdown,
    breakdownNotes: {
      explanation:
        'simulateUntil wall time is split by what the main thread did (Node’s event-loop utilisation): idle time is waiting, for the warehouse write in flight (idle time while an append call was pending) or for reads; busy time is the catalog calls (PGlite runs on the main thread) and the rest, which is the simulation and the JavaScript side of each write (staging its rows). Each day is written while the next is simulated, so the time writes are in flight is mostly hidden; the CPU profile (--profile) splits the busy time by function.',
      garbageCollectionSeconds: Object.fromEntries(
        Object.entries(m.gcMs).map(([phase, ms]) => [phase, round2(ms / 1000)]),
      ),
      seedingCatalogWriteSeconds: round2(m.seedMeter.ms('catalog writes') / 1000),
    },
    output: {
      impressions: m.stored.impressions,
      spendUsd: m.stored.spendUsd,
      rows: m.stored.rows,
      rowsAppended,
      rowsMatchWarehouse: Object.entries(rowsAppended).every(([t, n]) => m.stored.rows[t] === n),
      warehouseMb: m.warehouseMb,
      peakMemory: m.peakMemory,
    },
    rates: {
      impressionsPerSecondSimulate: Math.round(m.stored.impressions / (m.simulateMs / 1000)),
      impressionsPerSecondTotal: Math.round(m.stored.impressions / (totalMs / 1000)),
      microsecondsComputePerImpression: round2((computeMs * 1000) / m.stored.impressions),
      microsecondsMainThreadCpuPerImpression:
        m.cpu.mainOnCpuMs === null ? null : round2((m.cpu.mainOnCpuMs * 1000) / m.stored.impressions),
      rowsPerSecondInSimulationWrites: Math.round(allRows / (sim.ms('warehouse writes') / 1000)),
      mainThreadBusyPercent: round1((100 * (m.simulateMs - m.idleMs)) / m.simulateMs),
      secondsPerSimulatedDay: round2(m.simulateMs / 1000 / (m.hours / 24)),
    },
    appends: {
      count: appendMs.length,
      medianMs: round1(median(appendMs)),
      maxMs: round1(Math.max(...appendMs)),
      firstTenDaysMeanMs: round1(mean(appendMs.slice(0, 10))),
      lastTenDaysMeanMs: round1(mean(appendMs.slice(-10))),
    },
    baseline: m.baseline && {
      method:
        'the same number of rows per table and day as the simulation wrote, made up before the calls and appended with facts.append to a fresh warehouse, each table in an append of its own (three per day, the last with a watermark); only the append calls are timed',
      pureWriteSeconds: round2(m.baseline.ms / 1000),
      secondsByTable: {
        [FACT_TABLES.hourly]: round2(m.baseline.tableMs.hourly / 1000),
        [FACT_TABLES.audience]: round2(m.baseline.tableMs.audience / 1000),
        [FACT_TABLES.reach]: round2(m.baseline.tableMs.reach / 1000),
      },
      rowsPerSecond: Math.round(allRows / (m.baseline.ms / 1000)),
      firstTenDaysMeanMs: round1(mean(m.baseline.perDayMs.slice(0, 10))),
      lastTenDaysMeanMs: round1(mean(m.baseline.perDayMs.slice(-10))),
      maxDayMs: round1(Math.max(...m.baseline.perDayMs)),
      'ratio simulate+write ÷ pure write': ratio,
      'ratio total (seeding + simulate + write) ÷ pure write': round2(totalMs / m.baseline.ms),
      'ratio writes in flight inside the simulation ÷ pure write': round2(
        sim.ms('warehouse writes') / m.baseline.ms,
      ),
    },
  };
}

function markdownTable(r: ReturnType<typeof buildReport>): string {
  const lines = ['| part | seconds | % of total |', '|---|--:|--:|'];
  for (const [name, p] of Object.entries(r.breakdown)) {
    lines.push(`| ${name} | ${p.seconds.toFixed(2)} | ${p.percentOfTotal.toFixed(1)} |`);
  }
  lines.push(`| **total** | **${r.seconds['total (seeding + simulation + writes)'].toFixed(2)}** | 100.0 |`);
  const rows = Object.entries(r.output.rows)
    .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
    .join(', ');
  const base = r.baseline;
  return [
    ...lines,
    '',
    `Impressions ${r.output.impressions.toLocaleString('en')} (spend $${r.output.spendUsd.toLocaleString('en')}); rows: ${rows}.`,
    `${r.rates.impressionsPerSecondSimulate.toLocaleString('en')} impressions/s in simulateUntil; ` +
      `${r.rates.microsecondsComputePerImpression} µs of compute per impression; ${r.rates.secondsPerSimulatedDay} s per simulated day.`,
    `CPU: ${Object.entries(r.cpuSeconds)
      .map(([k, v]) => `${k} ${v} s`)
      .join('; ')}; ${r.rates.microsecondsMainThreadCpuPerImpression} µs of main-thread CPU per impression.`,
    `Main thread busy ${r.rates.mainThreadBusyPercent} % of simulateUntil; writes in flight ` +
      `${r.seconds['warehouse writes in flight (append calls pending, overlapping the next day’s simulation)']} s.`,
    `Peak memory: RSS ${r.output.peakMemory.rssMb} MB, JS heap ${r.output.peakMemory.heapMb} MB, ArrayBuffers ` +
      `${r.output.peakMemory.arrayBuffersMb} MB (heap limit ${r.machine.heapLimitMb} MB); warehouse ${r.output.warehouseMb} MB; ` +
      `GC ${JSON.stringify(r.breakdownNotes.garbageCollectionSeconds)} s.`,
    base
      ? `Baseline (pure writes): ${base.pureWriteSeconds} s (${Object.entries(base.secondsByTable)
          .map(([t, sec]) => `${t} ${sec} s`)
          .join(', ')}); simulate+write ÷ pure write = ${base['ratio simulate+write ÷ pure write']}; ` +
        `writes in flight inside the simulation ÷ pure write = ${base['ratio writes in flight inside the simulation ÷ pure write']}.`
      : 'Baseline skipped (--no-baseline).',
  ].join('\n');
}

function profileTable(p: ProfileSummary): string {
  const table = (title: string, rows: ProfileSummary['functions']): string =>
    [
      `| ${title} | self ms | % of sampled | % of busy |`,
      '|---|--:|--:|--:|',
      ...rows.map((f) => `| ${f.name.replaceAll('|', '\\|')} | ${f.ms} | ${f.percent} | ${f.percentBusy} |`),
    ].join('\n');
  return `CPU profile: ${p.sampledMs} ms sampled, ${p.idleMs} ms idle (main thread waiting).\n\n${table('area', p.areas)}\n\n${table('function', p.functions)}\n`;
}

function gitRevision(): string {
  try {
    const git = (...a: string[]): string => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--', 'src') ? `${head} (src/ with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

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
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]): number => (xs.length ? sum(xs) / xs.length : 0);
function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const round1 = (n: number): number => Math.round(n * 10) / 10;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * `--heap-mb N` measures the run under another old-space limit: the script restarts itself with it. By
 * default it runs as a default `node` process does.
 */
function rerunWithHeapLimit(): boolean {
  if (args['heap-mb'] === undefined) return false;
  const wantedMb = Number(args['heap-mb']);
  const limitMb = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
  if (Math.abs(limitMb - wantedMb) < wantedMb * 0.05) return false;
  console.log(
    `Node's heap limit is ${Math.round(limitMb)} MB; restarting with --max-old-space-size=${wantedMb}.`,
  );
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${wantedMb}`, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exitCode = child.status ?? 1;
  return true;
}

if (!rerunWithHeapLimit()) await main();
