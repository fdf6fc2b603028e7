// The columns a report answer describes: what each row key holds, its label and how to format it. Metric
// labels and formats come from the metric catalog, custom columns from the advertiser's definitions.
import type { Metric } from '../metrics/catalog.ts';
import type { CustomColumnDef } from '../metrics/formula.ts';
import type { ColumnFormat, ReportColumn, ReportDimension } from '../shared/reports-api.ts';

const DIMENSION_COLUMNS: Record<ReportDimension, { label: string; format: ColumnFormat }> = {
  hour: { label: 'Hour', format: 'text' },
  day: { label: 'Day', format: 'date' },
  week: { label: 'Week', format: 'date' },
  month: { label: 'Month', format: 'text' },
  campaign: { label: 'Campaign ID', format: 'text' },
  adgroup: { label: 'Ad group ID', format: 'text' },
  ad: { label: 'Ad ID', format: 'text' },
  objective: { label: 'Objective', format: 'text' },
  creative_name: { label: 'Creative', format: 'text' },
  placement: { label: 'Placement', format: 'text' },
  platform: { label: 'Platform', format: 'text' },
  age: { label: 'Age', format: 'text' },
  gender: { label: 'Gender', format: 'text' },
  country: { label: 'Country', format: 'text' },
};

const NAME_LABEL: Record<string, string> = { campaign: 'Campaign', adgroup: 'Ad group', ad: 'Ad' };

export function reportColumns(
  dimensions: readonly ReportDimension[],
  metrics: readonly Metric[],
  customColumns: readonly CustomColumnDef[],
): ReportColumn[] {
  const columns: ReportColumn[] = [];
  for (const dimension of dimensions) {
    columns.push({ id: dimension, kind: 'dimension', ...DIMENSION_COLUMNS[dimension] });
    const name = NAME_LABEL[dimension];
    if (name) columns.push({ id: `${dimension}_name`, kind: 'dimension', label: name, format: 'text' });
  }
  for (const metric of metrics) {
    const custom = customColumns.find((c) => c.id === metric.id);
    columns.push({
      id: metric.id,
      kind: 'metric',
      label: metric.label,
      format: custom ? custom.format : metric.format,
    });
  }
  return columns;
}
