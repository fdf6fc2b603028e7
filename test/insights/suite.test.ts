// The insights scenario suite as a test: every built detector fires on the scenario made for it (and on
// nothing else it was not expected on), and the healthy scenario raises no warning at all.
import { beforeAll, describe, expect, test } from 'vitest';
import { DETECTORS } from '../../src/insights/detect.ts';
import { type ScenarioResult, runSuite, score } from './suite.ts';

let results: ScenarioResult[];
beforeAll(async () => {
  results = await runSuite();
}, 300_000);

describe('the insights scenario suite', () => {
  test('each built detector fires on its scenario, with full precision and recall', () => {
    const scores = score(results);
    for (const detector of DETECTORS) {
      const s = scores.find((x) => x.code === detector.code)!;
      expect(s.truePositives, `${detector.code} was expected somewhere`).toBeGreaterThan(0);
      expect({ code: s.code, precision: s.precision, recall: s.recall }).toEqual({
        code: detector.code,
        precision: 1,
        recall: 1,
      });
    }
  });

  test('a healthy account raises no warning', () => {
    for (const r of results.filter((x) => x.expected.length === 0)) {
      expect(
        r.insights.filter((i) => i.severity !== 'info').map((i) => `${i.code} ${i.entity_name}`),
      ).toEqual([]);
    }
  });

  test('every insight carries checkable evidence: counts that give its values', () => {
    for (const i of results.flatMap((r) => r.insights)) {
      expect(i.evidence.metrics.length).toBeGreaterThan(0);
      for (const m of i.evidence.metrics) {
        if (m.value !== null && m.numerator !== null && m.metric !== 'cpm')
          expect(m.value).toBeCloseTo(m.numerator! / m.denominator!, 6);
      }
      expect(i.since <= i.evidence.window.to).toBe(true);
    }
  });
});
