// The report's chart for one metric over its first dimension: a line when that is time (the compared range
// dashed beneath, bucket by bucket), horizontal bars for categories (largest first, the compared range as
// a paler bar). Values come from their own query, so ratios are computed at each bucket, never summed.
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ColumnFormat, ReportQueryResponse } from '../../../src/shared/reports-api.ts';
import { PREVIOUS_COLORS, SERIES_COLORS } from '../dashboard/series-colors.ts';
import { useEChart } from '../lib/use-echart.ts';
import { formatAxisValue } from '../lib/format.ts';
import { formatCell } from './cell-format.ts';
// Registers the chart types this chart draws.
import './echarts.ts';
import { dimensionText } from './table-model.ts';

export interface ReportChartProps {
  type: 'line' | 'bar';
  dimension: string;
  metric: MetricInfo;
  format: ColumnFormat;
  data: ReportQueryResponse;
  currency: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Axis labels are short: the year is in the date picker, long names are cut (the tooltip has them whole). */
function categoryLabel(text: string): string {
  const short = text.replace(/, \d{4}/, '');
  return short.length > 28 ? `${short.slice(0, 27)}…` : short;
}

const numberOr = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function buildOption({ type, dimension, metric, format, data, currency }: ReportChartProps) {
  const labels = data.rows.map((row) => dimensionText(row, dimension).text);
  const now = data.rows.map((row) => numberOr(row[metric.id]));
  const before = data.compare?.rows.map((row) => numberOr(row?.[metric.id]));
  const axisFormat =
    format === 'number' ? 'decimal' : format === 'text' || format === 'date' ? 'count' : format;
  const valueAxis = {
    type: 'value' as const,
    splitNumber: 4,
    axisLabel: {
      color: '#6b7280',
      fontSize: 11,
      formatter: (v: number) => formatAxisValue(v, axisFormat, currency),
    },
    splitLine: { lineStyle: { color: '#eef0f3' } },
  };
  const categoryAxis = {
    type: 'category' as const,
    data: labels,
    axisLabel: { color: '#6b7280', fontSize: 11, hideOverlap: true, formatter: categoryLabel },
    axisLine: { lineStyle: { color: '#d8dce2' } },
    axisTick: { show: false },
    ...(type === 'bar' ? { inverse: true } : { boundaryGap: labels.length === 1 }),
  };
  const line = type === 'line';
  const series = [
    {
      name: metric.label,
      type,
      data: now,
      color: SERIES_COLORS[0],
      ...(line
        ? {
            symbol: 'circle',
            symbolSize: 5,
            showSymbol: labels.length <= 31,
            lineStyle: { width: 2 },
            areaStyle: { opacity: 0.06 },
            z: 3,
          }
        : { barMaxWidth: 14 }),
    },
    ...(before
      ? [
          {
            name: `${metric.label} (previous period)`,
            type,
            data: before,
            color: PREVIOUS_COLORS[0],
            ...(line
              ? { symbol: 'none', lineStyle: { width: 1.5, type: 'dashed' as const }, z: 2 }
              : { barMaxWidth: 14 }),
          },
        ]
      : []),
  ];
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    grid: { left: 8, right: 16, top: before ? 30 : 12, bottom: 4, containLabel: true },
    legend: {
      show: !!before,
      top: 0,
      right: 8,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: '#646c78', fontSize: 11 },
    },
    xAxis: line ? categoryAxis : valueAxis,
    yAxis: line ? { ...valueAxis, min: 0 } : categoryAxis,
    tooltip: {
      trigger: 'axis',
      backgroundColor: '#1f2329',
      borderWidth: 0,
      textStyle: { color: '#f3f4f6', fontSize: 12 },
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex;
        if (i === undefined) return '';
        const head = `<div class="chart-tip-head">${escapeHtml(labels[i] ?? '')}</div>`;
        const rowHtml = (label: string, value: number | null | undefined, color: string) =>
          `<div class="chart-tip-row"><span class="chart-tip-dot" style="background:${color}"></span>` +
          `<span class="chart-tip-label">${escapeHtml(label)}</span>` +
          `<span class="chart-tip-value">${escapeHtml(formatCell(value ?? null, format, currency))}</span></div>`;
        return (
          head +
          rowHtml(metric.label, now[i], SERIES_COLORS[0]) +
          (before ? rowHtml('Previous period', before[i], PREVIOUS_COLORS[0]) : '')
        );
      },
    },
    series,
  };
}

// Default export for React.lazy: ECharts loads after the table is on screen.
export default function ReportChart(props: ReportChartProps) {
  const host = useEChart(buildOption(props));

  return (
    <div
      className="rp-chart-canvas"
      ref={host}
      data-testid="report-chart"
      data-type={props.type}
      data-points={props.data.rows.length}
    />
  );
}
