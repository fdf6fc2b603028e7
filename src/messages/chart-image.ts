// The e-mail's chart: the main metric by day, drawn on the server (ECharts renders SVG without a DOM,
// resvg turns it into a PNG) because mail clients show images, never scripts or SVG. Text is drawn with
// the font shipped in assets/fonts, so the image reads the same on a server without any system fonts.
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ColumnFormat } from '../shared/reports-api.ts';
import { formatAxis } from './format.ts';

const FONT_FILE = fileURLToPath(new URL('../../assets/fonts/Inter-Regular.otf', import.meta.url));
const FONT_FAMILY = 'Inter';

/** CSS pixels the e-mail lays the image out at; the PNG has twice as many for sharp high-density screens. */
export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 220;
const SCALE = 2;

export interface DailySeries {
  label: string;
  format: ColumnFormat;
  currency: string;
  days: string[];
  values: (number | null)[];
  /** The previous period, day by day in the same positions; drawn as a dashed line. */
  previous: { label: string; values: (number | null)[] } | null;
}

const shortDay = (date: string): string =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

export function chartSvg(series: DailySeries): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 11, color: '#475467' },
      grid: { left: 64, right: 28, top: 34, bottom: 28 },
      legend: {
        top: 4,
        left: 0,
        itemWidth: 18,
        itemHeight: 8,
        textStyle: { fontFamily: FONT_FAMILY, fontSize: 11, color: '#344054' },
      },
      xAxis: {
        type: 'category',
        data: series.days.map(shortDay),
        boundaryGap: false,
        axisLine: { lineStyle: { color: '#d0d5dd' } },
        axisTick: { show: false },
        axisLabel: { hideOverlap: true, fontFamily: FONT_FAMILY },
      },
      yAxis: {
        type: 'value',
        splitNumber: 4,
        axisLabel: {
          fontFamily: FONT_FAMILY,
          formatter: (v: number) => formatAxis(v, series.format, series.currency),
        },
        splitLine: { lineStyle: { color: '#eaecf0' } },
      },
      series: [
        {
          name: series.label,
          type: 'line',
          data: series.values,
          symbol: series.days.length <= 14 ? 'circle' : 'none',
          symbolSize: 5,
          lineStyle: { width: 2, color: '#1f6feb' },
          itemStyle: { color: '#1f6feb' },
          areaStyle: { color: 'rgba(31, 111, 235, 0.08)' },
        },
        ...(series.previous
          ? [
              {
                name: series.previous.label,
                type: 'line' as const,
                data: series.previous.values,
                symbol: 'none',
                lineStyle: { width: 1.5, type: 'dashed' as const, color: '#98a2b3' },
                itemStyle: { color: '#98a2b3' },
              },
            ]
          : []),
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG of CHART_WIDTH × CHART_HEIGHT at twice the pixel density. */
export function chartPng(series: DailySeries): Buffer {
  const resvg = new Resvg(chartSvg(series), {
    fitTo: { mode: 'width', value: CHART_WIDTH * SCALE },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}
