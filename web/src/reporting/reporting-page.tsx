// The Reporting tab — the data lab: pick dimensions and metrics on the left; the report's name, templates
// and export, its breakdown and pivot, its filters, then the chart and the table on the right.
import { useMemo, useState } from 'react';
import type { AdvertiserInfo, MetricInfo } from '../../../src/shared/api.ts';
import type { ReportQueryRequest, ReportTemplate } from '../../../src/shared/reports-api.ts';
import { useTemplates } from '../api/reports.ts';
import { addDaysClamped, formatRange, overlapsData, type DateRange } from '../lib/date-range.ts';
import { BreakdownBar } from './breakdown-bar.tsx';
import { ChartPanel } from './chart-panel.tsx';
import { ColumnEditor } from './column-editor.tsx';
import { ExportMenu } from './export-menu.tsx';
import { FieldPanel } from './field-panel.tsx';
import { FilterBar } from './filter-bar.tsx';
import { MetricsBar } from './metrics-bar.tsx';
import { chartMetric, chartRequest, effectiveSort, tableRequests, valuesRequest } from './report-requests.ts';
import { chartType, fromDefinition, sameDefinition, toDefinition } from './report-state.ts';
import { datesOfTemplate, type ReportChange, type ReportView } from './report-view.ts';
import { TablePanel } from './table-panel.tsx';
import { TemplateMenu } from './template-menu.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  view: ReportView & { range: DateRange };
  update: (change: ReportChange, mode?: 'push' | 'replace') => void;
  catalog: { list: readonly MetricInfo[]; byId: ReadonlyMap<string, MetricInfo> };
  canWrite: boolean;
}

function unknownMetric(id: string): MetricInfo {
  return {
    id,
    label: id,
    format: 'decimal',
    act: 'conversion',
    better: 'neutral',
    kind: 'custom',
    description: 'Not in this advertiser’s metric list.',
    formula: null,
  };
}

export function ReportingPage({ advertiser, view, update, catalog, canWrite }: Props) {
  const { report, range, compareRange } = view;
  const advertiserId = advertiser.advertiser_id;
  const templates = useTemplates(advertiserId);
  const [editor, setEditor] = useState<{ columnId: string | undefined } | null>(null);
  const current = templates.data?.templates.find((t) => t.template_id === report.template);

  const definition = toDefinition(report, { choice: view.choice, range }, view.compare);
  const modified = current ? !sameDefinition(definition, current.definition) : false;

  const base = useMemo(() => ({ advertiserId, range, compareRange }), [advertiserId, range, compareRange]);
  const requests = useMemo(() => tableRequests(base, report), [base, report]);
  const chart = useMemo(() => chartRequest(base, report), [base, report]);
  const exportQuery: ReportQueryRequest = {
    advertiser_id: advertiserId,
    from: range.from,
    to: range.to,
    ...(compareRange ? { compare: compareRange } : {}),
    dimensions: report.dimensions,
    metrics: report.metrics,
    filters: report.filters,
    sort: effectiveSort(report, report.dimensions),
  };
  const metrics = report.metrics.map((id) => catalog.byId.get(id) ?? unknownMetric(id));
  const chartId = chartMetric(report);
  const setReport = (change: ReportChange['report']) => update({ report: change });
  const hasData = overlapsData(range, advertiser.data_from, advertiser.data_to);
  const recent = advertiser.data_to
    ? { from: addDaysClamped(advertiser.data_to, -29, advertiser.data_from), to: advertiser.data_to }
    : null;

  const openTemplate = (template: ReportTemplate) => {
    const dates = datesOfTemplate(template.definition.dates);
    update({
      choice: dates.choice,
      ...(dates.range ? { range: dates.range } : {}),
      compare: template.definition.compare === 'previous_period',
      report: fromDefinition(template.definition, template.template_id),
    });
  };

  return (
    <div className="rp-layout" data-testid="reporting">
      <FieldPanel
        metrics={catalog.list}
        dimensions={report.dimensions}
        chosen={report.metrics}
        onDimensions={(dimensions) =>
          setReport({
            dimensions,
            pivot: report.pivot && dimensions.includes(report.pivot) ? report.pivot : null,
          })
        }
        onMetrics={(next) => setReport({ metrics: next })}
        canWrite={canWrite}
        onNewColumn={() => setEditor({ columnId: undefined })}
        onEditColumn={(columnId) => setEditor({ columnId })}
      />
      <div className="rp-main">
        <div className="rp-head">
          <div className="rp-title">
            <h2 data-testid="report-name">{current?.name ?? 'New report'}</h2>
            {current?.builtin && <span className="badge">Built-in</span>}
            {modified && (
              <span
                className="rp-edited"
                data-testid="report-edited"
                title="Changed since the template was saved"
              >
                Edited
              </span>
            )}
          </div>
          <div className="rp-actions">
            <TemplateMenu
              advertiserId={advertiserId}
              templates={templates.data?.templates}
              current={current}
              modified={modified}
              canWrite={canWrite}
              definition={definition}
              onOpen={openTemplate}
              onSaved={(t) => update({ report: { template: t.template_id } }, 'replace')}
              onDeleted={() => update({ report: { template: undefined } }, 'replace')}
            />
            <ExportMenu query={exportQuery} />
          </div>
        </div>
        <BreakdownBar
          dimensions={report.dimensions}
          pivot={report.pivot}
          onDimensions={(dimensions) => setReport({ dimensions })}
          onPivot={(pivot) => setReport({ pivot })}
        />
        <MetricsBar metrics={metrics} onMetrics={(next) => setReport({ metrics: next })} />
        <FilterBar
          filters={report.filters}
          metrics={catalog.list}
          byId={catalog.byId}
          currency={advertiser.currency}
          onChange={(filters) => setReport({ filters })}
          valuesRequest={(dimension) => valuesRequest(base, dimension)}
        />
        {!hasData && (
          <div className="rp-no-data" role="status" data-testid="no-data">
            <span>
              {advertiser.data_from && advertiser.data_to
                ? `Nothing was delivered in ${formatRange(range)}; ${advertiser.name} has data from ${advertiser.data_from} to ${advertiser.data_to}.`
                : `Nothing has been recorded for ${advertiser.name} yet.`}
            </span>
            {recent && (
              <button
                type="button"
                className="button button-small button-primary"
                onClick={() => update({ choice: 'custom', range: recent })}
              >
                Show {formatRange(recent)}
              </button>
            )}
          </div>
        )}
        <ChartPanel
          request={chart}
          type={chartType(report)}
          metric={chartId ? (catalog.byId.get(chartId) ?? unknownMetric(chartId)) : undefined}
          metrics={metrics}
          shown={report.chart.shown}
          currency={advertiser.currency}
          onMetric={(id) => setReport({ chart: { ...report.chart, metric: id } })}
          onShown={(shown) => setReport({ chart: { ...report.chart, shown } })}
        />
        <TablePanel
          requests={requests}
          metrics={metrics}
          sort={report.sort}
          compare={view.compare}
          currency={advertiser.currency}
          onSort={(sort) => setReport({ sort })}
        />
      </div>
      {editor && (
        <ColumnEditor
          advertiserId={advertiserId}
          columnId={editor.columnId}
          metrics={catalog.list}
          onClose={() => setEditor(null)}
          onSaved={(column, created) => {
            setEditor(null);
            // A new column joins the report on screen; a changed one is already in it where it was.
            if (created && !report.metrics.includes(column.id))
              setReport({ metrics: [...report.metrics, column.id] });
          }}
        />
      )}
    </div>
  );
}
