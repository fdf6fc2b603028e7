// The command line's readable form of a troubleshooting answer: the verdict, then one line per check
// (status, check, evidence) with its fix indented below.
import type { TroubleshootAnswer } from '../shared/insights-api.ts';

const MARK = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', not_applicable: 'N/A' } as const;

export function formatTroubleshootTable(answer: TroubleshootAnswer): string {
  const width = Math.max(...answer.checks.map((c) => c.label.length));
  const lines = [
    `${answer.adgroup_name} (${answer.adgroup_id}) as of ${answer.as_of}`,
    answer.verdict,
    '',
    `${'STATUS'.padEnd(6)}  ${'CHECK'.padEnd(width)}  EVIDENCE`,
  ];
  for (const c of answer.checks) {
    lines.push(`${MARK[c.status].padEnd(6)}  ${c.label.padEnd(width)}  ${c.evidence.text}`);
    if (c.fix) lines.push(`${' '.repeat(8 + width)}→ ${c.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
