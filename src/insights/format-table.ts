// The command line's readable form of an insight list: one line per insight (severity, code, entity,
// since, summary), then the recommendation and brief indented below it. `--format json` prints the API's
// JSON instead.
import type { InsightList } from '../shared/insights-api.ts';

export function formatInsightsTable(list: InsightList): string {
  if (list.insights.length === 0) return 'No insights: nothing needs attention.\n';
  const lines: string[] = [];
  const width = (f: (i: InsightList['insights'][number]) => string) =>
    Math.max(...list.insights.map((i) => f(i).length));
  const wSeverity = width((i) => i.severity);
  const wCode = width((i) => i.code);
  const wEntity = Math.min(
    40,
    width((i) => `${i.level} ${i.entity_name}`),
  );
  lines.push(
    `${'SEVERITY'.padEnd(wSeverity)}  ${'CODE'.padEnd(wCode)}  ${'ENTITY'.padEnd(wEntity)}  SINCE       SUMMARY`,
  );
  for (const i of list.insights) {
    const entity = `${i.level} ${i.entity_name}`;
    const shown = entity.length > wEntity ? `${entity.slice(0, wEntity - 1)}…` : entity;
    lines.push(
      `${i.severity.padEnd(wSeverity)}  ${i.code.padEnd(wCode)}  ${shown.padEnd(wEntity)}  ${i.since}  ${i.summary}`,
    );
    const indent = ' '.repeat(wSeverity + wCode + 4);
    lines.push(`${indent}→ ${i.recommendation}`);
    if (i.brief) {
      lines.push(`${indent}  Brief: ${i.brief.headline}`);
      for (const item of i.brief.items) lines.push(`${indent}    - ${item}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
