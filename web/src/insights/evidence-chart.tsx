// The evidence over time: one metric of the insight, day by day, for the entity it is about, with the
// baseline it was judged against drawn as a dashed line, the baseline's days shaded and the onset marked
// by a vertical line. The caption says the same in words, for readers who do not see the chart.
import type { EChartsCoreOption } from 'echarts/core';
import { MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { EvidenceMetric, Insight } from '../../../src/shared/insights-api.ts';
import type { ReportQueryResponse } from '../../../src/shared/reports-api.ts';
import { addDays } from '../../../src/core/dates.ts';
import { useReportQuery } from '../api/reports.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { echarts } from '../lib/echarts.ts';
import { formatAxisValue, formatMetricValue } from '../lib/format.ts';
import { useEChart } from '../lib/use-echart.ts';
import { formatDay, formatLongDay } from './insight-labels.ts';

// The two marks this chart draws beyond the lines the dashboard registers.
echarts.use([MarkLineComponent, MarkAreaComponent]);

const LINE = '#0b7a75';
const BASELINE = '#8a5a00';
const ONSET = '#c0313d';

/** Days shown before the earliest evidence day, so the reader sees what "before" looked like. */
const LEAD_DAYS = 7;

interface Props {
  advertiserId: string;
  insight: Insight;
  metric: EvidenceMetric;
  info: MetricInfo;
  currency: string;
}

/** The days the chart covers: from a week before the baseline (or the window) to the window's end. */
export function chartRange(insight: Insight): { from: string; to: string } {
  const { window, baseline_window } = insight.evidence;
  const starts = [window.from, insight.since, ...(baseline_window ? [baseline_window.from] : [])].sort();
  return { from: addDays(starts[0]!, -LEAD_DAYS), to: window.to };
}

/** Every day of the range, so days without delivery show as gaps rather than being skipped. */
function daysOf(range: { from: string; to: string }): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to && days.length < 400; day = addDays(day, 1)) days.push(day);
  return days;
}

export function EvidenceChart({ advertiserId, insight, metric, info, currency }: Props) {
  const range = chartRange(insight);
  const report = useReportQuery({
    advertiser_id: advertiserId,
    from: range.from,
    to: range.to,
    dimensions: ['day'],
    metrics: [metric.metric],
    filters: [{ dimension: insight.level, operator: 'in', values: [insight.entity_id] }],
  });
  const baselineWindow = insight.evidence.baseline_window;
  const caption =
    `${info.label} by day for ${insight.entity_name}, ${formatDay(range.from)} – ${formatLongDay(range.to)}. ` +
    (metric.baseline !== null
      ? `Baseline ${formatMetricValue(metric.baseline, info.format, currency)} (dashed line${
          baselineWindow
            ? `, from ${formatDay(baselineWindow.from)} – ${formatDay(baselineWindow.to)}, shaded`
            : ''
        }); `
      : 'No baseline; ') +
    `onset ${formatDay(insight.since)} (red line).`;

  return (
    <figure className="evidence-figure">
      {report.error ? (
        <ErrorBanner
          title="The daily numbers could not be loaded."
          error={report.error}
          onRetry={() => void report.refetch()}
        />
      ) : report.data && !report.isPlaceholderData ? (
        <Chart
          data={report.data}
          range={range}
          insight={insight}
          metric={metric}
          info={info}
          currency={currency}
        />
      ) : (
        <Skeleton width="100%" height={220} />
      )}
      <figcaption className="evidence-caption" data-testid="evidence-caption">
        {caption}
      </figcaption>
    </figure>
  );
}

interface ChartProps extends Omit<Props, 'advertiserId'> {
  data: ReportQueryResponse;
  range: { from: string; to: string };
}

function buildOption({ data, range, insight, metric, info, currency }: ChartProps): EChartsCoreOption {
  const days = daysOf(range);
  const byDay = new Map(data.rows.map((row) => [String(row.day).slice(0, 10), row[metric.metric]]));
  const values = days.map((day) => {
    const value = byDay.get(day);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
  const baselineWindow = insight.evidence.baseline_window;
  const format = (value: number) => formatMetricValue(value, info.format, currency);
  const markLines: unknown[] = [
    {
      name: 'Onset',
      xAxis: insight.since,
      lineStyle: { color: ONSET, type: 'solid', width: 1.5 },
      label: {
        formatter: `Onset ${formatDay(insight.since)}`,
        position: 'end',
        color: ONSET,
        fontSize: 11,
      },
    },
  ];
  if (metric.baseline !== null) {
    markLines.push({
      name: 'Baseline',
      yAxis: metric.baseline,
      lineStyle: { color: BASELINE, type: 'dashed', width: 1.5 },
      label: {
        formatter: `Baseline ${format(metric.baseline)}`,
        position: 'insideStartTop',
        color: BASELINE,
        fontSize: 11,
      },
    });
  }
  const shaded =
    baselineWindow && baselineWindow.from <= range.to
      ? [
          [
            { name: 'Baseline days', xAxis: baselineWindow.from },
            { xAxis: baselineWindow.to < range.to ? baselineWindow.to : range.to },
          ],
        ]
      : [];
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: days,
      boundaryGap: false,
      axisLabel: {
        color: '#6b7280',
        fontSize: 11,
        hideOverlap: true,
        formatter: (day: string) => formatDay(day),
      },
      axisLine: { lineStyle: { color: '#d8dce2' } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      splitNumber: 4,
      axisLabel: {
        color: '#6b7280',
        fontSize: 11,
        formatter: (value: number) => formatAxisValue(value, info.format, currency),
      },
      splitLine: { lineStyle: { color: '#eef0f3' } },
    },
    tooltip: {
      trigger: 'axis',
      backgroundColor: '#1f2329',
      borderWidth: 0,
      textStyle: { color: '#f3f4f6', fontSize: 12 },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? format(value) : '—'),
    },
    series: [
      {
        name: info.label,
        type: 'line',
        data: values,
        color: LINE,
        lineStyle: { width: 2 },
        symbol: 'circle',
        symbolSize: 5,
        showSymbol: days.length <= 45,
        connectNulls: false,
        markLine: { symbol: 'none', silent: true, data: markLines },
        markArea: { silent: true, itemStyle: { color: 'rgba(208, 138, 0, 0.08)' }, data: shaded },
      },
    ],
  };
}

function Chart(props: ChartProps) {
  const host = useEChart(buildOption(props));
  const { insight, metric } = props;
  return (
    <div
      className="evidence-canvas"
      ref={host}
      data-testid="evidence-chart"
      data-metric={metric.metric}
      data-onset={insight.since}
      data-baseline={metric.baseline ?? ''}
      data-days={props.data.rows.length}
    />
  );
}
