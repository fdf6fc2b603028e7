// The insights evaluation: sandbox scenarios whose causes are known (test/insights/suite.json names, per
// scenario, the insights that must be raised), each simulated into a fresh data directory, the detectors
// run as of the last day, and precision and recall counted per code. Used by `npm run eval:insights`
// and by the suite's test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/core/config.ts';
import { detectInsights } from '../../src/insights/detect.ts';
import { type Insight, InsightCode } from '../../src/shared/insights-api.ts';
import { runScenario } from '../../src/sources/sandbox/bootstrap.ts';
import { readScenarioFile } from '../../src/sources/sandbox/scenario-file.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Expected {
  code: InsightCode;
  entity: string;
}
interface SuiteFile {
  as_of: string;
  scenarios: { file: string; expected: Expected[] }[];
}

export interface ScenarioResult {
  file: string;
  expected: Expected[];
  insights: Insight[];
}

export interface CodeScore {
  code: InsightCode;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
}

export async function runSuite(): Promise<ScenarioResult[]> {
  const suite = JSON.parse(fs.readFileSync(path.join(here, 'suite.json'), 'utf8')) as SuiteFile;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adcockpit-insights-'));
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  try {
    const results: ScenarioResult[] = [];
    for (const s of suite.scenarios) {
      const scenario = readScenarioFile(path.join(here, 'scenarios', s.file));
      const { advertiserId } = await runScenario(ctx.catalog, ctx.facts, scenario);
      const { insights } = await detectInsights(ctx, advertiserId, suite.as_of);
      results.push({ file: s.file, expected: s.expected, insights });
    }
    return results;
  } finally {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const key = (code: string, entity: string) => `${code}\u0000${entity}`;

/** Per code: an insight on the expected entity is a true positive, any other a false positive. */
export function score(results: readonly ScenarioResult[]): CodeScore[] {
  return InsightCode.options.map((code) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of results) {
      const expected = new Set(r.expected.filter((e) => e.code === code).map((e) => key(e.code, e.entity)));
      const raised = new Set(
        r.insights.filter((i) => i.code === code).map((i) => key(i.code, i.entity_name)),
      );
      for (const k of raised) {
        if (expected.has(k)) tp++;
        else fp++;
      }
      for (const k of expected) if (!raised.has(k)) fn++;
    }
    return {
      code,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
      recall: tp + fn > 0 ? tp / (tp + fn) : null,
    };
  });
}
