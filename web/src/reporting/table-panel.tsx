// The table's part of the screen: asks the table's questions (one, or three for a pivot), builds the
// rows and columns, and says when rows or pivot columns were left out.
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ColumnFormat, ReportQueryResponse } from '../../../src/shared/reports-api.ts';
import { useReportQuery } from '../api/reports.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { DIMENSION_LABEL } from './dimensions.ts';
import { ReportTable } from './report-table.tsx';
import { TABLE_LIMIT, effectiveSort, type TableRequests } from './report-requests.ts';
import type { ReportSortState } from './report-state.ts';
import { MAX_PIVOT_COLUMNS, flatTable, pivotTable, type TableModel } from './table-model.ts';

interface Props {
  requests: TableRequests;
  metrics: readonly MetricInfo[];
  sort: ReportSortState | undefined;
  compare: boolean;
  currency: string;
  onSort: (sort: ReportSortState) => void;
}

const countText = new Intl.NumberFormat('en-US');

function formatsOf(response: ReportQueryResponse | undefined): Map<string, ColumnFormat> {
  return new Map(response?.columns.filter((c) => c.kind === 'metric').map((c) => [c.id, c.format]) ?? []);
}

export function TablePanel({ requests, metrics, sort, compare, currency, onSort }: Props) {
  const pivot = requests.kind === 'pivot';
  const flat = useReportQuery(requests.kind === 'flat' ? requests.flat : undefined);
  const cells = useReportQuery(pivot ? requests.cells : undefined);
  const rowTotals = useReportQuery(pivot ? requests.rowTotals : undefined);
  const columnTotals = useReportQuery(pivot ? requests.columnTotals : undefined);
  const queries = pivot ? [cells, ...(requests.rowTotals ? [rowTotals] : []), columnTotals] : [flat];
  const error = queries.find((q) => q.error)?.error;
  const busy = queries.some((q) => q.isFetching);
  const stale = queries.some((q) => q.isPlaceholderData);
  const ids = metrics.map((m) => m.id);

  let model: TableModel | undefined;
  let answer: ReportQueryResponse | undefined;
  if (requests.kind === 'flat' && flat.data) {
    answer = flat.data;
    model = flatTable(flat.data, requests.flat.dimensions, ids);
  } else if (
    requests.kind === 'pivot' &&
    cells.data &&
    columnTotals.data &&
    (!requests.rowTotals || rowTotals.data)
  ) {
    answer = rowTotals.data ?? cells.data;
    model = pivotTable(
      {
        cells: cells.data,
        rowTotals: requests.rowTotals ? rowTotals.data : undefined,
        columnTotals: columnTotals.data,
      },
      requests.rowDimensions,
      requests.pivot,
      ids,
    );
  }
  // The sort the rows are in: that of the query giving the row order.
  const rowDimensions = requests.kind === 'flat' ? requests.flat.dimensions : requests.rowDimensions;
  const shownSort = effectiveSort({ sort, metrics: ids }, rowDimensions);
  const toggleSort = (by: string) =>
    onSort({
      by,
      direction:
        shownSort.by === by
          ? shownSort.direction === 'asc'
            ? 'desc'
            : 'asc'
          : rowDimensions.includes(by as never)
            ? 'asc'
            : 'desc',
    });

  const notes: string[] = [];
  if (answer?.truncated)
    notes.push(
      `Showing the first ${countText.format(TABLE_LIMIT)} rows; the totals and exports cover all of them.`,
    );
  if (pivot && cells.data?.truncated)
    notes.push('Too many combinations to pivot them all; narrow the report with a filter.');
  if (requests.kind === 'pivot' && model?.hiddenPivotValues) {
    const all = countText.format(model.hiddenPivotValues + MAX_PIVOT_COLUMNS);
    notes.push(
      `${DIMENSION_LABEL[requests.pivot]}: the ${MAX_PIVOT_COLUMNS} largest of ${all} are columns; the Total column covers all.`,
    );
  }

  return (
    <section
      className="panel rp-table-panel"
      data-testid="table-panel"
      data-busy={busy ? 'true' : 'false'}
      data-rows={model ? model.rows.length : undefined}
    >
      {error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The report could not be run."
            error={error}
            onRetry={() => queries.forEach((q) => void q.refetch())}
          />
        </div>
      ) : !model ? (
        <div className="panel-pad" aria-busy="true">
          <Skeleton width="100%" height={28} />
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} width="100%" height={20} className="rp-skeleton-row" />
          ))}
        </div>
      ) : (
        <>
          {notes.length > 0 && (
            <div className="rp-notes" data-testid="table-notes">
              {notes.map((note) => (
                <span key={note}>{note}</span>
              ))}
            </div>
          )}
          <ReportTable
            stale={stale}
            model={model}
            metrics={metrics}
            formats={formatsOf(answer)}
            currency={answer?.currency ?? currency}
            compare={compare}
            sort={shownSort}
            onSort={toggleSort}
          />
        </>
      )}
    </section>
  );
}
