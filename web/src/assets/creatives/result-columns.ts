// The results shown for each creative, with the catalog's labels and formats (hook rate is 3-second views
// ÷ impressions and hold rate 6-second ÷ 2-second views, as src/metrics/catalog.ts defines them).
import type { CreativeResults } from '../../../../src/shared/creatives-api.ts';
import { type MetricFormat, formatMetricValue } from '../../lib/format.ts';

export const RESULT_COLUMNS: {
  id: keyof CreativeResults;
  label: string;
  /** For the table's narrow headers. */
  short: string;
  format: MetricFormat;
  help: string;
  /** A rate of video views: an image has none to count, so it shows "—" rather than 0 %. */
  videoOnly?: true;
}[] = [
  {
    id: 'spend',
    label: 'Spend',
    short: 'Spend',
    format: 'money',
    help: 'Cost across every ad using the creative.',
  },
  {
    id: 'impressions',
    label: 'Impressions',
    short: 'Impr.',
    format: 'count',
    help: 'Times the ads were shown.',
  },
  { id: 'ctr', label: 'CTR', short: 'CTR', format: 'percent', help: 'Destination clicks ÷ impressions.' },
  {
    id: 'hook_rate',
    label: 'Hook rate',
    short: 'Hook',
    format: 'percent',
    help: '3-second views ÷ impressions.',
    videoOnly: true,
  },
  {
    id: 'hold_rate',
    label: 'Hold rate',
    short: 'Hold',
    format: 'percent',
    help: '6-second views ÷ 2-second views.',
    videoOnly: true,
  },
  {
    id: 'conversion',
    label: 'Conversions',
    short: 'Conv.',
    format: 'count',
    help: 'Optimization events counted.',
  },
  { id: 'cost_per_conversion', label: 'CPA', short: 'CPA', format: 'money', help: 'Spend ÷ conversions.' },
];

/** A creative's result as the library shows it. */
export function resultText(
  creative: { kind: 'video' | 'image'; results: CreativeResults },
  column: (typeof RESULT_COLUMNS)[number],
  currency: string,
): string {
  if (column.videoOnly && creative.kind === 'image') return '—';
  return formatMetricValue(creative.results[column.id], column.format, currency);
}
