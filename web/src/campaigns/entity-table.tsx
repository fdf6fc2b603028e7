// One level's table, virtualised: every row has the same height, so only the rows in view (and a few
// around them) are in the page, however many thousand there are. The header and the totals row stay on
// top, the checkbox, switch and name stay on the left while the metrics scroll sideways. Column widths
// change by dragging the header's edge or with the arrow keys on it.
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { EntityRow, Level } from '../../../src/shared/campaigns-api.ts';
import { useMetric } from '../app/metric-catalog.tsx';
import { Skeleton } from '../components/feedback.tsx';
import { MetricTerm } from '../components/metric-term.tsx';
import { MetricValue } from '../components/metric-value.tsx';
import { type InsightIndex, InsightBadge, useInsightIndex } from '../insights/insight-badge.tsx';
import { TroubleshootDialog } from '../insights/troubleshoot-panel.tsx';
import { changeDirection, changeTone, formatChange, formatMetricValue } from '../lib/format.ts';
import { missingChangeReason } from '../lib/glossary.ts';
import { BudgetCell } from './budget-editor.tsx';
import {
  BID_STRATEGY_LABEL,
  LEVEL_LABEL,
  bidStrategy,
  deliveryTone,
  isAdGroup,
  isCampaign,
} from './labels.ts';

export const ROW_HEIGHT = 44;
const HEAD_HEIGHT = 42;
const TOTALS_HEIGHT = 44;
const OVERSCAN = 10;
export const MIN_WIDTH = 60;
export const MAX_WIDTH = 800;

/** Default widths of the fixed columns; metrics get METRIC_WIDTH. Keys double as preference names. */
const FIXED_WIDTH = { select: 40, switch: 64, name: 280, status: 220, budget: 150, bid: 120 } as const;
const METRIC_WIDTH = 120;

type ColumnKey = keyof typeof FIXED_WIDTH | `metric:${string}`;

interface Column {
  key: ColumnKey;
  /** The id saved with the widths: `name`, `status`, `budget`, `bid` or a metric id. */
  widthId: string;
  width: number;
  sticky: boolean;
  left: number;
  metric?: string;
  resizable: boolean;
  sortKey?: string;
}

export interface TableActions {
  onToggleRow: (id: string, selected: boolean) => void;
  onToggleAll: (selected: boolean) => void;
  onDrill: (row: EntityRow) => void;
  onEdit: (row: EntityRow) => void;
  /** Absent for people who may not edit. */
  onDuplicate: ((row: EntityRow) => void) | undefined;
  onSwitch: (row: EntityRow, on: boolean) => void;
  onBudget: (row: EntityRow, budget: number) => Promise<unknown>;
  onSort: (sort: string) => void;
  onResize: (widthId: string, width: number) => void;
  onResizeEnd: (widthId: string, width: number) => void;
  onVisible: (first: number, last: number) => void;
}

interface Props extends TableActions {
  level: Level;
  metrics: readonly string[];
  widths: Record<string, number>;
  rowCount: number;
  rowAt: (index: number) => EntityRow | undefined;
  totals: Record<string, number | null> | undefined;
  previousTotals: Record<string, number | null> | null | undefined;
  compare: boolean;
  currency: string;
  sort: string | undefined;
  selected: ReadonlySet<string>;
  allSelected: boolean;
  canEdit: boolean;
  stale: boolean;
  loading: boolean;
  /** Row ids whose switch or budget is being saved. */
  busyIds: ReadonlySet<string>;
  empty: ReactNode;
}

/**
 * What every body row shares. Rows are memoised, so while scrolling only the rows coming into view render;
 * the actions are read through a ref when used, so a new handler from the page does not re-render them.
 */
interface RowContext {
  level: Level;
  canEdit: boolean;
  canDuplicate: boolean;
  compare: boolean;
  currency: string;
  actions: RefObject<TableActions>;
  /** Open insights by entity id, asked once for the whole table. */
  insights: InsightIndex | null;
  /** Opens "Why isn't it spending?" for an ad group row. */
  onTroubleshoot: (row: EntityRow) => void;
}

function columnsFor(
  level: Level,
  metrics: readonly string[],
  widths: Record<string, number>,
  canEdit: boolean,
): Column[] {
  const out: Column[] = [];
  let left = 0;
  const add = (key: ColumnKey, widthId: string, fallback: number, extra: Partial<Column>) => {
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[widthId] ?? fallback));
    const sticky = extra.sticky ?? false;
    out.push({ key, widthId, width, sticky, left, resizable: true, ...extra });
    if (sticky) left += width;
  };
  out.push({
    key: 'select',
    widthId: 'select',
    width: FIXED_WIDTH.select,
    sticky: true,
    left: 0,
    resizable: false,
  });
  left += FIXED_WIDTH.select;
  if (canEdit) {
    out.push({
      key: 'switch',
      widthId: 'switch',
      width: FIXED_WIDTH.switch,
      sticky: true,
      left,
      resizable: false,
    });
    left += FIXED_WIDTH.switch;
  }
  add('name', 'name', FIXED_WIDTH.name, { sticky: true, sortKey: 'name' });
  add('status', 'status', FIXED_WIDTH.status, { sortKey: 'status' });
  if (level !== 'ads') add('budget', 'budget', FIXED_WIDTH.budget, { sortKey: 'budget' });
  if (level === 'adgroups') add('bid', 'bid', FIXED_WIDTH.bid, {});
  for (const id of metrics) add(`metric:${id}`, id, METRIC_WIDTH, { metric: id, sortKey: id });
  return out;
}

function cellStyle(column: Column): CSSProperties {
  return column.sticky
    ? { width: column.width, minWidth: column.width, position: 'sticky', left: column.left }
    : { width: column.width, minWidth: column.width };
}

export function relativeChange(value: number | null | undefined, previous: number | null | undefined) {
  if (value === null || value === undefined || previous === null || previous === undefined) return null;
  if (previous === 0) return null;
  return (value - previous) / Math.abs(previous);
}

export function EntityTable(props: Props) {
  const { level, metrics, widths, rowCount, canEdit, onVisible } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  const [height, setHeight] = useState<number | undefined>(undefined);

  // The table fills the window below its own top, so the page itself does not scroll.
  useLayoutEffect(() => {
    const fit = () => {
      const el = scroller.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(320, window.innerHeight - top - 16));
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);

  const frame = useRef(0);
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport({ top: el.scrollTop, height: el.clientHeight });
  }, []);
  useLayoutEffect(measure, [measure, height]);
  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(measure);
  };
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const bodyHeight = Math.max(0, viewport.height - HEAD_HEIGHT - TOTALS_HEIGHT);
  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rowCount - 1, Math.ceil((viewport.top + bodyHeight) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    onVisible(first, Math.max(first, last));
  }, [first, last, onVisible]);

  // A new question starts at the top.
  const identity = `${level}|${props.sort ?? ''}`;
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [identity]);

  const actions = useRef<TableActions>(props);
  useLayoutEffect(() => {
    actions.current = props;
  });
  const canDuplicate = !!props.onDuplicate;
  const insights = useInsightIndex();
  const [troubleshooting, setTroubleshooting] = useState<EntityRow | null>(null);
  const context = useMemo<RowContext>(
    () => ({
      level,
      canEdit,
      canDuplicate,
      compare: props.compare,
      currency: props.currency,
      actions,
      insights,
      onTroubleshoot: setTroubleshooting,
    }),
    [level, canEdit, canDuplicate, props.compare, props.currency, insights],
  );
  const columns = useMemo(
    () => columnsFor(level, metrics, widths, canEdit),
    [level, metrics, widths, canEdit],
  );
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);

  return (
    <div
      ref={scroller}
      className={`et-scroll ${props.stale ? 'et-stale' : ''}`}
      style={{ height }}
      onScroll={onScroll}
      data-testid="entity-table"
      data-level={level}
      data-rows={rowCount}
      data-busy={props.loading || props.stale ? 'true' : 'false'}
    >
      <div
        className="et-canvas"
        role="table"
        aria-label={LEVEL_LABEL[level].plural}
        aria-rowcount={rowCount + 2}
        style={{ width: totalWidth }}
      >
        <TableHead
          columns={columns}
          context={context}
          sort={props.sort}
          rowCount={rowCount}
          allSelected={props.allSelected}
          totals={props.totals}
          previousTotals={props.previousTotals}
        />
        <div role="rowgroup" style={{ height: Math.max(rowCount * ROW_HEIGHT, 0) }}>
          <div style={{ height: first * ROW_HEIGHT }} aria-hidden="true" />
          {indexes.map((index) => {
            const row = props.rowAt(index);
            return row ? (
              <Row
                key={row.id}
                index={index}
                row={row}
                columns={columns}
                context={context}
                isSelected={props.selected.has(row.id)}
                busy={props.busyIds.has(row.id)}
              />
            ) : (
              <SkeletonRow key={`skeleton-${index}`} index={index} columns={columns} />
            );
          })}
        </div>
        {rowCount === 0 && !props.loading && <div className="et-empty">{props.empty}</div>}
        {troubleshooting && insights && (
          <TroubleshootDialog
            advertiserId={insights.advertiserId}
            adgroupId={troubleshooting.id}
            asOf={insights.range.to}
            name={troubleshooting.name}
            onClose={() => setTroubleshooting(null)}
          />
        )}
        {rowCount === 0 && props.loading && (
          <>
            {Array.from({ length: 6 }, (_, i) => (
              <SkeletonRow key={`skeleton-${i}`} index={i} columns={columns} />
            ))}
          </>
        )}
      </div>
    </div>
  );
}

function nextSort(current: string | undefined, key: string): string {
  const [by, direction] = (current ?? '').split(':');
  if (by === key) return `${key}:${direction === 'desc' ? 'asc' : 'desc'}`;
  return `${key}:${key === 'name' ? 'asc' : 'desc'}`;
}

interface HeadProps {
  columns: Column[];
  context: RowContext;
  sort: string | undefined;
  rowCount: number;
  allSelected: boolean;
  totals: Record<string, number | null> | undefined;
  previousTotals: Record<string, number | null> | null | undefined;
}

/** The header and totals rows: they stay put while the rows scroll, so they render only when they change. */
const TableHead = memo(function TableHead(props: HeadProps) {
  return (
    <div className="et-head" role="rowgroup">
      <div className="et-row et-header" role="row" aria-rowindex={1} style={{ height: HEAD_HEIGHT }}>
        {props.columns.map((column) => (
          <HeaderCell key={column.key} column={column} {...props} />
        ))}
      </div>
      <div
        className="et-row et-totals"
        role="row"
        aria-rowindex={2}
        style={{ height: TOTALS_HEIGHT }}
        data-testid="totals-row"
      >
        {props.columns.map((column) => (
          <TotalsCell key={column.key} column={column} {...props} />
        ))}
      </div>
    </div>
  );
});

function HeaderCell({ column, ...props }: HeadProps & { column: Column }) {
  const { sort, context } = props;
  const [by, direction] = (sort ?? '').split(':');
  const sorted =
    column.sortKey && by === column.sortKey ? (direction === 'asc' ? 'ascending' : 'descending') : undefined;
  const style = cellStyle(column);
  const className = `et-cell et-th ${column.metric ? 'et-num' : ''} ${column.sticky ? 'et-sticky' : ''} ${
    column.key === 'name' ? 'et-last-sticky' : ''
  }`;
  let label: ReactNode;
  if (column.key === 'select') {
    return (
      <div className={className} style={style} role="columnheader">
        <input
          type="checkbox"
          aria-label={`Select every ${LEVEL_LABEL[context.level].singular.toLowerCase()} shown`}
          checked={props.allSelected}
          disabled={props.rowCount === 0}
          onChange={(e) => context.actions.current.onToggleAll(e.target.checked)}
          data-testid="select-all"
        />
      </div>
    );
  }
  if (column.key === 'switch') label = 'On/off';
  else if (column.key === 'name') label = LEVEL_LABEL[context.level].singular;
  else if (column.key === 'status') label = 'Status';
  else if (column.key === 'budget') label = 'Budget';
  else if (column.key === 'bid') label = 'Bid strategy';
  else label = <MetricHeaderLabel id={column.metric!} />;
  return (
    <div
      className={className}
      style={style}
      role="columnheader"
      aria-sort={sorted}
      data-column={column.widthId}
    >
      {column.sortKey ? (
        <button
          type="button"
          className="et-sort"
          onClick={() => context.actions.current.onSort(nextSort(sort, column.sortKey!))}
          data-testid={`sort-${column.sortKey}`}
          title={`Sort by ${typeof label === 'string' ? label.toLowerCase() : column.metric}`}
        >
          <span className="et-sort-label">{label}</span>
          <SortMark state={sorted} />
        </button>
      ) : (
        <span className="et-sort-label">{label}</span>
      )}
      {column.resizable && <ResizeHandle column={column} context={context} />}
    </div>
  );
}

function MetricHeaderLabel({ id }: { id: string }) {
  const metric = useMetric(id);
  return (
    <span className="et-metric-label" title={`${metric.label}: ${metric.description}`}>
      {metric.label}
    </span>
  );
}

function SortMark({ state }: { state: 'ascending' | 'descending' | undefined }) {
  return (
    <svg
      className={`et-sort-mark ${state ? 'et-sort-on' : ''}`}
      viewBox="0 0 10 12"
      width="9"
      height="11"
      aria-hidden="true"
    >
      <path d="M5 1L8.5 5h-7z" fill="currentColor" opacity={state === 'descending' ? 0.25 : 1} />
      <path d="M5 11L1.5 7h7z" fill="currentColor" opacity={state === 'ascending' ? 0.25 : 1} />
    </svg>
  );
}

function ResizeHandle({ column, context }: { column: Column; context: RowContext }) {
  const onResize = (widthId: string, width: number) => context.actions.current.onResize(widthId, width);
  const onResizeEnd = (widthId: string, width: number) => context.actions.current.onResizeEnd(widthId, width);
  const start = useRef<{ x: number; width: number } | null>(null);
  const latest = useRef(column.width);
  latest.current = column.width;
  const clamp = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));
  const down = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, width: column.width };
  };
  const move = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    onResize(column.widthId, clamp(start.current.width + event.clientX - start.current.x));
  };
  const up = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    start.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
    onResizeEnd(column.widthId, latest.current);
  };
  const key = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 40 : 10;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const width = clamp(column.width + (event.key === 'ArrowRight' ? step : -step));
      onResize(column.widthId, width);
      onResizeEnd(column.widthId, width);
    }
  };
  return (
    <div
      className="et-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${column.metric ?? column.widthId}`}
      aria-valuenow={column.width}
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={key}
      data-testid={`resize-${column.widthId}`}
    />
  );
}

function TotalsCell({ column, ...props }: HeadProps & { column: Column }) {
  const { level, compare, currency } = props.context;
  const style = cellStyle(column);
  const className = `et-cell ${column.metric ? 'et-num' : ''} ${column.sticky ? 'et-sticky' : ''} ${
    column.key === 'name' ? 'et-last-sticky' : ''
  }`;
  if (column.key === 'name') {
    const words = LEVEL_LABEL[level];
    const noun = (props.rowCount === 1 ? words.singular : words.plural).toLowerCase();
    return (
      <div className={className} style={style} role="cell">
        <span className="et-total-label">
          Total of {props.rowCount.toLocaleString('en-US')} {noun}
        </span>
      </div>
    );
  }
  if (!column.metric) return <div className={className} style={style} role="cell" />;
  return (
    <div className={className} style={style} role="cell" data-metric={column.metric}>
      {props.totals ? (
        <MetricCellBody
          id={column.metric}
          value={props.totals[column.metric]}
          previous={props.previousTotals?.[column.metric]}
          compare={compare}
          currency={currency}
        />
      ) : (
        <Skeleton width="60%" />
      )}
    </div>
  );
}

interface RowProps {
  row: EntityRow;
  index: number;
  columns: Column[];
  context: RowContext;
  isSelected: boolean;
  busy: boolean;
}

const Row = memo(function Row({ row, index, columns, context, isSelected, busy }: RowProps) {
  const selected = isSelected;
  const entity = row.entity;
  const deleted = entity.operation_status === 'DELETE';
  return (
    <div
      className={`et-row et-body-row ${selected ? 'et-selected' : ''} ${deleted ? 'et-deleted' : ''}`}
      role="row"
      aria-rowindex={index + 3}
      aria-selected={selected}
      data-id={row.id}
      data-testid="entity-row"
      style={{ height: ROW_HEIGHT }}
    >
      {columns.map((column) => (
        <BodyCell
          key={column.key}
          context={context}
          column={column}
          row={row}
          isSelected={selected}
          deleted={deleted}
          busy={busy}
        />
      ))}
    </div>
  );
});

function BodyCell({
  column,
  row,
  isSelected,
  deleted,
  busy,
  context,
}: {
  column: Column;
  row: EntityRow;
  isSelected: boolean;
  deleted: boolean;
  busy: boolean;
  context: RowContext;
}) {
  const { actions } = context;
  const style = cellStyle(column);
  const className = `et-cell ${column.metric ? 'et-num' : ''} ${column.sticky ? 'et-sticky' : ''} ${
    column.key === 'name' ? 'et-last-sticky' : ''
  }`;
  const entity = row.entity;
  switch (column.key) {
    case 'select':
      return (
        <div className={className} style={style} role="cell">
          <input
            type="checkbox"
            aria-label={`Select ${row.name}`}
            checked={isSelected}
            onChange={(e) => actions.current.onToggleRow(row.id, e.target.checked)}
            data-testid="row-select"
          />
        </div>
      );
    case 'switch': {
      const on = entity.operation_status === 'ENABLE';
      return (
        <div className={className} style={style} role="cell">
          <label
            className="row-switch"
            title={deleted ? 'Deleted' : on ? 'On: switch off' : 'Off: switch on'}
          >
            <input
              type="checkbox"
              role="switch"
              aria-label={`${row.name} on`}
              checked={on}
              disabled={deleted || busy}
              onChange={(e) => actions.current.onSwitch(row, e.target.checked)}
              data-testid="row-switch"
            />
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
          </label>
        </div>
      );
    }
    case 'name': {
      const parent =
        context.level === 'adgroups' ? row.campaign_name : context.level === 'ads' ? row.adgroup_name : null;
      return (
        <div className={`${className} et-name-cell`} style={style} role="cell">
          <div className="et-name-text">
            {context.level === 'ads' ? (
              <span className="ellipsis cell-name" title={row.name} data-testid="row-name">
                {row.name}
              </span>
            ) : (
              <button
                type="button"
                className="et-drill ellipsis"
                title={`Show the ${context.level === 'campaigns' ? 'ad groups' : 'ads'} of ${row.name}`}
                onClick={() => actions.current.onDrill(row)}
                data-testid="row-name"
              >
                {row.name}
              </button>
            )}
            {parent && (
              <span className="ellipsis cell-sub" title={parent}>
                {parent}
              </span>
            )}
          </div>
          <InsightBadge index={context.insights} entityId={row.id} name={row.name} />
          {context.level === 'adgroups' && (
            <button
              type="button"
              className="et-row-action"
              onClick={() => context.onTroubleshoot(row)}
              aria-label={`Why isn't ${row.name} spending?`}
              title="Why isn't it spending? (delivery checks)"
              data-testid="row-troubleshoot"
            >
              <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
                <circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
                <path
                  d="M6.3 6.3a1.8 1.8 0 1 1 2.4 1.7c-.5.2-.7.6-.7 1.1v.4"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.4"
                  strokeLinecap="round"
                />
                <circle cx="8" cy="11.4" r=".8" fill="currentColor" />
              </svg>
            </button>
          )}
          {context.canEdit && !deleted && (
            <button
              type="button"
              className="et-row-action"
              onClick={() => actions.current.onEdit(row)}
              aria-label={`Edit ${row.name}`}
              title="Edit"
              data-testid="row-edit"
            >
              <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
                <path
                  d="M11.2 2.3l2.5 2.5-7.9 7.9-3.1.6.6-3.1z"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.4"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
          )}
          {context.canDuplicate && !deleted && (
            <button
              type="button"
              className="et-row-action"
              onClick={() => actions.current.onDuplicate?.(row)}
              aria-label={`Duplicate ${row.name}`}
              title={
                context.level === 'adgroups' ? 'Duplicate (same ads, e.g. for another audience)' : 'Duplicate'
              }
              data-testid="row-duplicate"
            >
              <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
                <rect
                  x="5.5"
                  y="5.5"
                  width="8"
                  height="8"
                  rx="1.5"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.4"
                />
                <path
                  d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.4"
                />
              </svg>
            </button>
          )}
        </div>
      );
    }
    case 'status': {
      const tone = deliveryTone(row.delivery.code);
      return (
        <div className={className} style={style} role="cell">
          <span
            className={`status delivery-${tone}`}
            title={row.delivery.text}
            data-testid="row-status"
            data-code={row.delivery.code}
          >
            <span className="status-dot" aria-hidden="true" />
            <span className="et-status-text">{row.delivery.text}</span>
          </span>
        </div>
      );
    }
    case 'budget':
      return (
        <div className={className} style={style} role="cell">
          {isCampaign(entity) || isAdGroup(entity) ? (
            <BudgetCell
              name={row.name}
              mode={entity.budget_mode}
              budget={entity.budget}
              currency={context.currency}
              editable={context.canEdit && !deleted}
              busy={busy}
              onSave={(budget) => actions.current.onBudget(row, budget)}
            />
          ) : null}
        </div>
      );
    case 'bid': {
      if (!isAdGroup(entity)) return <div className={className} style={style} role="cell" />;
      const strategy = bidStrategy(entity.bid_type, entity.billing_event);
      const amount =
        strategy === 'COST_CAP'
          ? entity.conversion_bid_price
          : strategy === 'BID_CAP'
            ? entity.bid_price
            : null;
      return (
        <div className={className} style={style} role="cell">
          <span className="et-two-line">
            <span className="ellipsis">{BID_STRATEGY_LABEL[strategy]}</span>
            {amount !== null && (
              <span className="cell-sub">{formatMetricValue(amount, 'money', context.currency)}</span>
            )}
          </span>
        </div>
      );
    }
    default:
      return (
        <div className={className} style={style} role="cell" data-metric={column.metric}>
          <MetricCellBody
            id={column.metric!}
            value={row.metrics[column.metric!]}
            previous={row.previous?.[column.metric!]}
            compare={context.compare}
            currency={context.currency}
          />
        </div>
      );
  }
}

function MetricCellBody({
  id,
  value,
  previous,
  compare,
  currency,
}: {
  id: string;
  value: number | null | undefined;
  previous: number | null | undefined;
  compare: boolean;
  currency: string;
}) {
  const metric = useMetric(id);
  return (
    <span className="et-two-line et-metric">
      <MetricValue metric={metric} value={value} currency={currency} testId="metric-value" />
      {compare && <CellChange metric={metric} value={value} previous={previous} currency={currency} />}
    </span>
  );
}

function CellChange({
  metric,
  value,
  previous,
  currency,
}: {
  metric: MetricInfo;
  value: number | null | undefined;
  previous: number | null | undefined;
  currency: string;
}) {
  const change = relativeChange(value, previous);
  const before = formatMetricValue(previous, metric.format, currency);
  if (change === null) {
    return (
      <span
        className="et-change change-neutral"
        title={`${missingChangeReason(previous)} Previous: ${before}`}
        data-testid="metric-change"
      >
        —
      </span>
    );
  }
  const direction = changeDirection(change);
  const tone = changeTone(change, metric.better);
  return (
    <span
      className={`et-change change-${tone}`}
      title={`Previous period: ${before}`}
      data-testid="metric-change"
      data-tone={tone}
      data-direction={direction}
    >
      {direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}
      {formatChange(change)}
    </span>
  );
}

function SkeletonRow({ index, columns }: { index: number; columns: Column[] }) {
  return (
    <div
      className="et-row et-body-row"
      role="row"
      aria-rowindex={index + 3}
      aria-hidden="true"
      style={{ height: ROW_HEIGHT }}
    >
      {columns.map((column) => (
        <div
          key={column.key}
          className={`et-cell ${column.metric ? 'et-num' : ''} ${column.sticky ? 'et-sticky' : ''}`}
          style={cellStyle(column)}
        >
          {column.key !== 'select' && column.key !== 'switch' && (
            <Skeleton width={column.metric ? '60%' : '70%'} />
          )}
        </div>
      ))}
    </div>
  );
}

/** The metric's label with its glossary, for places outside the table (filters, column picker). */
export function MetricLabel({ id }: { id: string }) {
  const metric = useMetric(id);
  return <MetricTerm metric={metric} />;
}
