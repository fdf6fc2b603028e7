// `npm run eval:insights`: runs the insights scenario suite (test/insights) and prints, per scenario, what
// was raised against what was expected, then precision and recall per code.
import { runSuite, score } from '../test/insights/suite.ts';

const started = Date.now();
const results = await runSuite();
for (const r of results) {
  console.log(`\n${r.file}`);
  console.log(`  expected: ${r.expected.map((e) => `${e.code} on "${e.entity}"`).join(', ') || 'nothing'}`);
  for (const i of r.insights)
    console.log(`  raised:   ${i.severity.padEnd(8)} ${i.code} on "${i.entity_name}" — ${i.summary}`);
  if (r.insights.length === 0) console.log('  raised:   nothing');
}
const fmt = (v: number | null) => (v === null ? '   —' : v.toFixed(2).padStart(4));
console.log('\ncode                     precision  recall   TP  FP  FN');
for (const s of score(results)) {
  if (s.truePositives + s.falsePositives + s.falseNegatives === 0) continue;
  console.log(
    `${s.code.padEnd(24)} ${fmt(s.precision).padStart(9)} ${fmt(s.recall).padStart(7)} ${String(s.truePositives).padStart(4)} ${String(s.falsePositives).padStart(3)} ${String(s.falseNegatives).padStart(3)}`,
  );
}
const healthyWarnings = results
  .filter((r) => r.expected.length === 0)
  .flatMap((r) =>
    r.insights.filter((i) => i.severity !== 'info').map((i) => `${r.file}: ${i.code} on "${i.entity_name}"`),
  );
console.log(
  `\nwarnings on healthy scenarios: ${healthyWarnings.length}${healthyWarnings.map((w) => `\n  ${w}`).join('')}`,
);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
