// The results shown for each creative, with the catalog's labels and formats (hook rate is 3-second views
// ÷ impressions and hold rate 6-second ÷ 2-second views, as src/metrics/catalog.ts defines them).
import type { CreativeResults } from '../../../../src/shared/creatives-api.ts';
import type { MetricFormat } from '../../lib/format.ts';

export const RESULT_COLUMNS: {
  id: keyof CreativeResults;
  label: string;
  format: MetricFormat;
  help: string;
}[] = [
  { id: 'spend', label: 'Spend', format: 'money', help: 'Cost across every ad using the creative.' },
  { id: 'impressions', label: 'Impressions', format: 'count', help: 'Times the ads were shown.' },
  { id: 'ctr', label: 'CTR', format: 'percent', help: 'Destination clicks ÷ impressions.' },
  { id: 'hook_rate', label: 'Hook rate', format: 'percent', help: '3-second views ÷ impressions.' },
  { id: 'hold_rate', label: 'Hold rate', format: 'percent', help: '6-second views ÷ 2-second views.' },
  { id: 'conversion', label: 'Conversions', format: 'count', help: 'Optimization events counted.' },
  { id: 'cost_per_conversion', label: 'CPA', format: 'money', help: 'Spend ÷ conversions.' },
];
