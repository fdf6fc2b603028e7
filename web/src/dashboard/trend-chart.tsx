// Two metrics over time on two y-axes, one point per day; with comparison on, the previous period is
// drawn dashed underneath, day by day.
import type { MetricInfo, TrendResponse } from '../../../src/shared/api.ts';
import type { EChartsCoreOption } from 'echarts/core';
// Registers the chart types this chart draws.
import '../lib/echarts.ts';
import { useEChart } from '../lib/use-echart.ts';
import { formatAxisValue, formatMetricValue } from '../lib/format.ts';
import { PREVIOUS_COLORS, SERIES_COLORS } from './series-colors.ts';

type Points = TrendResponse['points'];

interface Props {
  metrics: readonly [MetricInfo, MetricInfo];
  points: Points;
  previous: Points | undefined;
  currency: string;
}

const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const asDate = (period: string) => new Date(`${period.slice(0, 10)}T00:00:00Z`);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function valueOf(point: Points[number] | undefined, id: string): number | null {
  const value = point?.[id];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function buildOption({ metrics, points, previous, currency }: Props): EChartsCoreOption {
  const showSymbols = points.length <= 31;
  const series = metrics.flatMap((metric, index) => {
    const current = {
      name: metric.label,
      type: 'line' as const,
      yAxisIndex: index,
      data: points.map((p) => valueOf(p, metric.id)),
      color: SERIES_COLORS[index],
      lineStyle: { width: 2 },
      symbol: 'circle',
      symbolSize: 5,
      showSymbol: showSymbols || points.length === 1,
      connectNulls: false,
      z: 3,
      ...(index === 0 ? { areaStyle: { opacity: 0.06 } } : {}),
    };
    if (!previous) return [current];
    const before = {
      name: `${metric.label} (previous)`,
      type: 'line' as const,
      yAxisIndex: index,
      data: points.map((_, i) => valueOf(previous[i], metric.id)),
      color: PREVIOUS_COLORS[index],
      lineStyle: { width: 1.5, type: 'dashed' as const },
      symbol: 'none',
      connectNulls: false,
      z: 2,
    };
    return [current, before];
  });

  const axis = (metric: MetricInfo, index: number) => ({
    type: 'value' as const,
    position: index === 0 ? ('left' as const) : ('right' as const),
    splitNumber: 4,
    axisLabel: {
      color: SERIES_COLORS[index],
      fontSize: 11,
      formatter: (value: number) => formatAxisValue(value, metric.format, currency),
    },
    splitLine: { show: index === 0, lineStyle: { color: '#eef0f3' } },
    axisLine: { show: false },
    axisTick: { show: false },
    min: 0,
  });

  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: points.length === 1,
      data: points.map((p) => p.period),
      axisLabel: {
        color: '#6b7280',
        fontSize: 11,
        hideOverlap: true,
        formatter: (period: string) => shortDate.format(asDate(period)),
      },
      axisLine: { lineStyle: { color: '#d8dce2' } },
      axisTick: { show: false },
    },
    yAxis: metrics.map(axis),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: '#9aa3ae' } },
      backgroundColor: '#1f2329',
      borderWidth: 0,
      padding: [8, 10],
      textStyle: { color: '#f3f4f6', fontSize: 12 },
      formatter: (params: unknown) => {
        const first = (params as { dataIndex: number }[])[0];
        if (!first) return '';
        const i = first.dataIndex;
        const point = points[i];
        const before = previous?.[i];
        if (!point) return '';
        const rows = metrics.map((metric, index) => {
          const now = formatMetricValue(valueOf(point, metric.id), metric.format, currency);
          const then = before ? formatMetricValue(valueOf(before, metric.id), metric.format, currency) : null;
          return (
            `<div class="chart-tip-row"><span class="chart-tip-dot" style="background:${SERIES_COLORS[index]}"></span>` +
            `<span class="chart-tip-label">${escapeHtml(metric.label)}</span><span class="chart-tip-value">${escapeHtml(now)}</span>` +
            (then !== null ? `<span class="chart-tip-prev">${escapeHtml(then)}</span>` : '') +
            `</div>`
          );
        });
        const head =
          `<div class="chart-tip-head">${escapeHtml(longDate.format(asDate(point.period)))}` +
          (before
            ? ` <span class="chart-tip-vs">vs ${escapeHtml(shortDate.format(asDate(before.period)))}</span>`
            : '') +
          `</div>`;
        return head + rows.join('');
      },
    },
    series,
  };
}

// Default export for React.lazy: ECharts loads after the totals are on screen.
export default function TrendChart(props: Props) {
  const host = useEChart(buildOption(props));

  return (
    <div className="trend-canvas" ref={host} data-testid="trend-chart" data-points={props.points.length} />
  );
}
