// A detector: one file per insight code, a pure function from the facts view to the insights it finds.
// Helpers here build the evidence in the one shape the contract gives (values, baselines, counts).
import type { EvidenceMetric, Insight, InsightCode } from '../shared/insights-api.ts';
import type { FactsView } from './facts-view.ts';
import { round } from './stats.ts';

export interface Detector {
  code: InsightCode;
  detect(view: FactsView): Insight[];
}

export function evidenceMetric(
  metric: string,
  label: string,
  value: { numerator: number; denominator: number; scale?: number },
  baseline: { numerator: number; denominator: number; scale?: number } | null,
): EvidenceMetric {
  const v = value.denominator > 0 ? (value.numerator / value.denominator) * (value.scale ?? 1) : null;
  const b =
    baseline && baseline.denominator > 0
      ? (baseline.numerator / baseline.denominator) * (baseline.scale ?? 1)
      : null;
  return {
    metric,
    label,
    value: round(v),
    baseline: round(b),
    change: v !== null && b !== null && b !== 0 ? round(v / b - 1, 4) : null,
    numerator: round(value.numerator, 6),
    denominator: round(value.denominator, 6),
    baseline_numerator: baseline ? round(baseline.numerator, 6) : null,
    baseline_denominator: baseline ? round(baseline.denominator, 6) : null,
  };
}

export const pct = (value: number, digits = 1): string => `${(value * 100).toFixed(digits)} %`;
