// A CPU profile of the main thread (V8's sampling profiler, as `node --cpu-prof` writes it), taken in
// process around the measured work and summarised by self time: per function, and per area of the code.
// Work DuckDB does on its own threads shows here as "(idle)" time of the main thread, waiting for it.
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Share of all sampled time. */
  percent: number;
  /** Share of the time the main thread was busy (not "(idle)"). */
  percentBusy: number;
}

export interface ProfileSummary {
  sampledMs: number;
  idleMs: number;
  functions: SelfTime[];
  areas: SelfTime[];
  files: SelfTime[];
}

export async function startProfile(intervalUs = 1000): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    session.disconnect();
    return profile;
  };
}

/** A file's place in the repository (never a machine path): `src/…`, `node_modules/<package>/…`, `node:…`. */
function where(url: string, root: string): string {
  if (url === '') return '';
  if (url.startsWith('node:')) return url;
  // The only WebAssembly in the process is PGlite's PostgreSQL.
  if (url.startsWith('wasm:')) return 'wasm (PGlite)';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) return file.slice(modules + 1);
  const relative = path.relative(root, file);
  return relative.startsWith('..') ? path.basename(file) : relative;
}

function area(functionName: string, file: string): string {
  if (file === '')
    return functionName.startsWith('(') ? functionName : 'Node.js native bindings (fs, timers, …)';
  if (file.startsWith('src/sources/sandbox/')) return 'simulation (src/sources/sandbox)';
  if (file.startsWith('src/warehouse/')) return 'warehouse store, JavaScript side (src/warehouse)';
  if (file.startsWith('src/')) return 'other src/';
  if (file.startsWith('bench/')) return 'bench harness';
  if (file.startsWith('node_modules/@duckdb/')) return 'DuckDB client (@duckdb/node-api)';
  if (file.startsWith('node_modules/@electric-sql/pglite') || file === 'wasm (PGlite)')
    return 'catalog (PGlite)';
  if (file.startsWith('node_modules/')) return `other packages (${file.split('/')[1]})`;
  return 'Node.js internals';
}

export function summarise(profile: CpuProfile, root: string, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  /**
   * What a sample is charged to. Frames without a name or a script are native add-on code (DuckDB's C++
   * appender, for one) called synchronously from JavaScript: they are charged to their caller's area and
   * named after it. Function names only: tsx compiles each file to a few long lines, so line numbers say
   * nothing.
   */
  const label = (id: number): { name: string; file: string; area: string } => {
    const frame = byId.get(id)!.callFrame;
    const file = where(frame.url, root);
    if (frame.functionName === '' && frame.url === '') {
      const parent = parentOf.has(id) ? byId.get(parentOf.get(id)!)!.callFrame : null;
      const parentFile = parent ? where(parent.url, root) : '';
      const caller = parent ? `${parent.functionName || '(anonymous)'}  ${parentFile}` : '?';
      return {
        name: `(native) called by ${caller}`,
        file: parentFile || '(native)',
        area: parentFile.startsWith('node_modules/@duckdb/')
          ? 'DuckDB native code (appender, statements) on the main thread'
          : parent
            ? `${area(parent.functionName, parentFile)}, native`
            : '(native)',
      };
    }
    const name = frame.functionName || '(anonymous)';
    return { name: file ? `${name}  ${file}` : name, file: file || name, area: area(name, file) };
  };
  const labels = new Map<number, ReturnType<typeof label>>();
  const fn = new Map<string, number>();
  const areas = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };
  let total = 0;
  let idle = 0;
  // A sample's time is the gap to the next sample (as Chrome DevTools counts it).
  for (let i = 0; i < profile.samples.length; i++) {
    const us = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1]! : 0;
    if (us <= 0) continue;
    const id = profile.samples[i]!;
    let l = labels.get(id);
    if (!l) labels.set(id, (l = label(id)));
    total += us;
    if (l.name === '(idle)') idle += us;
    add(fn, l.name, us);
    add(areas, l.area, us);
    add(files, l.file, us);
  }
  const busy = total - idle;
  const rank = (map: Map<string, number>, n: number): SelfTime[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        percent: round1((100 * us) / total),
        percentBusy: name === '(idle)' ? 0 : round1((100 * us) / busy),
      }));
  return {
    sampledMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    functions: rank(fn, top),
    areas: rank(areas, 20),
    files: rank(files, 15),
  };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
