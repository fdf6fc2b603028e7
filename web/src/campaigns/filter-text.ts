// Metric thresholds as the URL and the API write them: `cpa>20`, `impressions=0`, several joined by commas.
// Values are in display units: money in the currency, percentages as shown (2 means 2 %).

export const OPERATORS = ['>', '>=', '<', '<=', '=', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_LABEL: Record<Operator, string> = {
  '>': 'is above',
  '>=': 'is at least',
  '<': 'is below',
  '<=': 'is at most',
  '=': 'equals',
  '!=': 'is not',
};

export interface Threshold {
  metric: string;
  operator: Operator;
  value: number;
}

const PATTERN = /^([A-Za-z0-9_]+)\s*(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)$/;

/** `cpa>20` → { metric: 'cpa', operator: '>', value: 20 }; anything else → null. */
export function parseThreshold(text: string): Threshold | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  return { metric: match[1]!, operator: match[2] as Operator, value: Number(match[3]) };
}

export function formatThreshold(threshold: Threshold): string {
  return `${threshold.metric}${threshold.operator}${threshold.value}`;
}

/** `Cost per conversion is above 20` for the filter chip. */
export function describeThreshold(threshold: Threshold, label: string, unit: string): string {
  return `${label} ${OPERATOR_LABEL[threshold.operator]} ${threshold.value}${unit}`;
}
