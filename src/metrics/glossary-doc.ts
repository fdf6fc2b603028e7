// Renders the metric catalog as the user glossary (docs/metrics.md), so the document can never disagree
// with the definitions the product computes. `npm run docs:metrics` writes it; a test checks it is current.
import { type Metric, metrics } from './catalog.ts';
import { describeFormula } from './resolve.ts';

const ACTS = [
  ['awareness', 'Awareness — who saw the ads'],
  ['consideration', 'Consideration — who paid attention'],
  ['conversion', 'Conversion — who acted'],
] as const;

const FORMAT_WORDS: Record<Metric['format'], string> = {
  money: 'money',
  percent: 'percent',
  count: 'count',
  decimal: 'number',
  seconds: 'seconds',
};

const cell = (text: string): string => text.replaceAll('|', '\\|');

export function renderGlossary(): string {
  const lines = [
    '# Metrics',
    '',
    'Every number in Adcockpit comes from one catalog of metrics. Counters (spend, impressions, clicks,',
    'video views, events, value) are added up over the rows a figure covers; every ratio is then computed',
    'from those sums — so CTR for a month is the month’s clicks ÷ the month’s impressions, never an average',
    'of daily CTRs. Reach counts distinct people and is never added up. A ratio whose denominator is zero is',
    'shown as “—”, not 0 or ∞.',
    '',
    'Ids are TikTok Marketing API names where TikTok has one; use them in the API and the CLI',
    '(`adcockpit report --metrics spend,ctr,…`). Ratios are fractions in the API (0.0123 = 1.23 %).',
    '',
    'Your own metrics — Cost per add to cart, a 75 % view rate, a hook rate on your terms — are',
    '[custom columns](custom-columns.md): formulas over these ids, shared by the advertiser’s team and',
    'computed the same way (sums first, then the formula).',
    '',
    '_This page is generated from `src/metrics/catalog.ts` by `npm run docs:metrics`._',
  ];
  for (const [act, title] of ACTS) {
    lines.push(
      '',
      `## ${title}`,
      '',
      '| Metric | Id | Format | Formula | What it tells you |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const m of metrics.filter((x) => x.act === act)) {
      const formula = describeFormula(m) ?? (m.kind === 'distinct' ? 'distinct people' : 'sum');
      lines.push(
        `| ${cell(m.label)} | \`${m.id}\` | ${FORMAT_WORDS[m.format]} | ${cell(formula)} | ${cell(m.description)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
