// The report table: dimension columns, then the metrics (once, or once per pivot value and a Total);
// headers sort, the totals row comes from the API (never summed here), and with comparison on every
// cell carries its change, green or red by whether up is good news for that metric.
import { useRef } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ColumnFormat } from '../../../src/shared/reports-api.ts';
import { MetricTerm } from '../components/metric-term.tsx';
import { changeTone, formatChange } from '../lib/format.ts';
import { formatCell } from './cell-format.ts';
import type { ReportSortState } from './report-state.ts';
import { relativeChange, type CellValue, type ColumnGroup, type TableModel } from './table-model.ts';
import { useVisibleRows } from './visible-rows.ts';

/** Every body row has this height (two lines with a change), so the visible ones can be computed. */
const ROW_HEIGHT = { plain: 34, compare: 40 };

interface Props {
  model: TableModel;
  /** The rows are the previous answer while a new one loads: dimmed. */
  stale: boolean;
  metrics: readonly MetricInfo[];
  formats: ReadonlyMap<string, ColumnFormat>;
  currency: string;
  compare: boolean;
  sort: ReportSortState;
  onSort: (by: string) => void;
}

export function ReportTable({ model, stale, metrics, formats, currency, compare, sort, onSort }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = compare ? ROW_HEIGHT.compare : ROW_HEIGHT.plain;
  const { start, end } = useVisibleRows(scroller, model.rows.length, rowHeight);
  const columns = Math.max(1, model.dimensions.length) + model.groups.length * metrics.length;
  const pivoted = model.groups.length > 1;
  const noDimensions = model.dimensions.length === 0;
  const sortable = (group: ColumnGroup) => !pivoted || group.total;
  const ariaSort = (by: string) =>
    sort.by === by ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;

  const metricHeader = (group: ColumnGroup, metric: MetricInfo) => (
    <th
      key={`${group.key}:${metric.id}`}
      scope="col"
      className={`cell-number ${groupClass(group, metric, metrics, pivoted)}`}
      data-metric={metric.id}
      aria-sort={sortable(group) ? ariaSort(metric.id) : undefined}
    >
      {sortable(group) ? (
        <SortButton
          active={sort.by === metric.id}
          direction={sort.direction}
          onClick={() => onSort(metric.id)}
        >
          <MetricTerm metric={metric} />
        </SortButton>
      ) : (
        <MetricTerm metric={metric} />
      )}
    </th>
  );

  return (
    <div className={stale ? 'rp-table-scroll stale' : 'rp-table-scroll'} ref={scroller}>
      <table
        className="rp-table"
        data-testid="report-table"
        data-pivot={pivoted ? 'true' : 'false'}
        style={{ ['--rp-row' as string]: `${rowHeight}px` }}
      >
        <thead>
          {pivoted && (
            <tr className="rp-group-row">
              {!noDimensions && <th colSpan={model.dimensions.length} aria-hidden="true" />}
              {noDimensions && <th aria-hidden="true" />}
              {model.groups.map((group) => (
                <th
                  key={group.key}
                  scope="colgroup"
                  colSpan={metrics.length}
                  className={group.total ? 'rp-total-col rp-group-head' : 'rp-group-head'}
                  data-group={group.label ?? ''}
                >
                  <span className="ellipsis" title={group.label ?? ''}>
                    {group.label}
                  </span>
                </th>
              ))}
            </tr>
          )}
          <tr>
            {noDimensions && <th scope="col" className="cell-text rp-dim" />}
            {model.dimensions.map((d) => (
              <th
                key={d.dimension}
                scope="col"
                className="cell-text rp-dim"
                data-dimension={d.dimension}
                aria-sort={ariaSort(d.dimension)}
              >
                <SortButton
                  active={sort.by === d.dimension}
                  direction={sort.direction}
                  onClick={() => onSort(d.dimension)}
                >
                  {d.label}
                </SortButton>
              </th>
            ))}
            {model.groups.flatMap((group) => metrics.map((metric) => metricHeader(group, metric)))}
          </tr>
        </thead>
        {!noDimensions && (
          <tbody>
            {model.rows.length === 0 ? (
              <tr>
                <td
                  className="table-empty"
                  colSpan={model.dimensions.length + model.groups.length * metrics.length}
                >
                  No delivery matches this report in these dates.
                </td>
              </tr>
            ) : (
              <>
                {start > 0 && <Spacer height={start * rowHeight} columns={columns} />}
                {model.rows.slice(start, end).map((row) => (
                  <tr key={row.key} data-testid="report-row">
                    {row.dimensions.map((cell, i) => (
                      <td
                        key={model.dimensions[i]!.dimension}
                        className="cell-text rp-dim"
                        data-dimension={model.dimensions[i]!.dimension}
                      >
                        <span
                          className="ellipsis rp-dim-text"
                          title={cell.id ? `${cell.text} (${cell.id})` : cell.text}
                        >
                          {cell.text}
                        </span>
                      </td>
                    ))}
                    {model.groups.flatMap((group) =>
                      metrics.map((metric) => (
                        <MetricCell
                          key={`${group.key}:${metric.id}`}
                          group={group}
                          className={groupClass(group, metric, metrics, pivoted)}
                          metric={metric}
                          format={formats.get(metric.id) ?? metric.format}
                          value={row.cells.get(group.key)?.get(metric.id)}
                          currency={currency}
                          compare={compare}
                        />
                      )),
                    )}
                  </tr>
                ))}
                {end < model.rows.length && (
                  <Spacer height={(model.rows.length - end) * rowHeight} columns={columns} />
                )}
              </>
            )}
          </tbody>
        )}
        <tfoot>
          <tr className="rp-totals" data-testid="report-totals">
            <th scope="row" className="cell-text rp-dim" colSpan={Math.max(1, model.dimensions.length)}>
              Total
            </th>
            {model.groups.flatMap((group) =>
              metrics.map((metric) => (
                <MetricCell
                  key={`${group.key}:${metric.id}`}
                  group={group}
                  className={groupClass(group, metric, metrics, pivoted)}
                  metric={metric}
                  format={formats.get(metric.id) ?? metric.format}
                  value={model.totals.get(group.key)?.get(metric.id)}
                  currency={currency}
                  compare={compare}
                />
              )),
            )}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Stands in for the rows above or below the ones drawn, so the scrollbar is the whole table's. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true" className="rp-spacer">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}

/** A pivot's groups are set apart by a rule before each; the Total group is shaded. */
function groupClass(
  group: ColumnGroup,
  metric: MetricInfo,
  metrics: readonly MetricInfo[],
  pivoted: boolean,
): string {
  const start = pivoted && metric.id === metrics[0]?.id ? 'rp-group-start' : '';
  return `${start} ${group.total ? 'rp-total-col' : ''}`.trim();
}

function SortButton({
  active,
  direction,
  onClick,
  children,
}: {
  active: boolean;
  direction: 'asc' | 'desc';
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <span className="rp-sort">
      {children}
      <button
        type="button"
        className={active ? 'rp-sort-button rp-sort-active' : 'rp-sort-button'}
        onClick={onClick}
        aria-label={active ? `Sorted ${direction === 'asc' ? 'ascending' : 'descending'}; reverse` : 'Sort'}
        data-testid="sort-button"
      >
        {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
      </button>
    </span>
  );
}

function MetricCell({
  group,
  className,
  metric,
  format,
  value,
  currency,
  compare,
}: {
  group: ColumnGroup;
  className: string;
  metric: MetricInfo;
  format: ColumnFormat;
  value: CellValue | undefined;
  currency: string;
  compare: boolean;
}) {
  const now = value?.now ?? null;
  const change = relativeChange(value);
  const tone = changeTone(change, metric.better);
  const before = value?.before;
  return (
    <td className={`cell-number ${className}`} data-metric={metric.id} data-group={group.label ?? ''}>
      <span
        className={now === null ? 'rp-value value-missing' : 'rp-value'}
        data-testid="cell-value"
        title={now === null ? 'No value: nothing delivered, or a ratio over zero.' : undefined}
      >
        {formatCell(now, format, currency)}
      </span>
      {compare && (
        <span
          className={`rp-change change-${tone}`}
          data-testid="cell-change"
          title={
            before === null || before === undefined
              ? 'Nothing to compare with in the previous period'
              : `Previous period: ${formatCell(before, format, currency)}`
          }
        >
          {formatChange(change)}
        </span>
      )}
    </td>
  );
}
