// Compiles a report query (dimensions × metrics over a date range for one advertiser, with filters) into
// SQL through a Dialect. Base counters are summed at the requested grain; ratios are computed from those
// sums; reach is counted as distinct people in its own subquery at the same grain. The advertiser guard is
// added here, to every table read, so no caller can forget it. An advertiser's custom columns are formulas
// too: they compile like derived metrics, their numbers as bound parameters. Names, objectives and
// creatives live in the catalog; the planner reads them from the warehouse's copy (AD_ATTRIBUTES_TABLE),
// which the caller keeps fresh (see src/reports/ad-attributes.ts).
import { AppError, type ErrorDetail } from '../core/errors.ts';
import type { ReportDimension, ReportFilter } from '../shared/reports-api.ts';
import { type BaseMetric, type Metric, UNIT_DIVISOR, findMetric } from '../metrics/catalog.ts';
import type { Cond, Expr } from '../metrics/expr.ts';
import { type CustomColumnDef, MAX_NUMBER, customMetrics } from '../metrics/formula.ts';
import { type ResolvedMetrics, resolveMetrics } from '../metrics/resolve.ts';
import { type CompiledSql, type Dialect, ParamAllocator } from './dialect.ts';
import { AD_ATTRIBUTES_TABLE, FACT_TABLES } from './schema.ts';

export interface ReportQuery {
  advertiserId: string;
  from: string;
  to: string;
  dimensions: ReportDimension[];
  metrics: string[];
  sort?: { by: string; direction: 'asc' | 'desc' };
  limit?: number;
  /** Only these campaigns, ad groups or ads (the Campaign tab's filtered rows). */
  only?: { level: 'campaign' | 'adgroup' | 'ad'; ids: string[] };
  /** Dimension filters keep fact rows; metric filters keep result rows (see src/shared/reports-api.ts). */
  filters?: ReportFilter[];
  /** Adds `<dimension>_name` columns for campaign, ad group and ad from the attribute table. */
  names?: boolean;
}

type Ctx = 'fact' | 'reach';

interface DimensionDef {
  /** SQL over the fact table (and `attr`), one per output column (hour needs the date too). */
  factExprs: (d: Dialect) => string[];
  /** SQL over the reach table (alias r) joined to its ad keys (alias k) and `attr`; null: no such grain. */
  reachExprs: ((d: Dialect) => string[]) | null;
  audience: boolean;
  /** Reads the attribute table. */
  attributes?: boolean;
  /** The value as shown in reports, as text, from this dimension's expressions (for filters). */
  shown?: (d: Dialect, exprs: string[]) => string;
}

const col = (name: string) => () => [name];
const ENTITY_NAME = { campaign: 'attr_campaign_name', adgroup: 'attr_adgroup_name', ad: 'attr_ad_name' };
const DIMENSIONS: Record<ReportDimension, DimensionDef> = {
  hour: {
    factExprs: () => ['stat_date', 'stat_hour'],
    reachExprs: null,
    audience: false,
    shown: (d, [date, hour]) => d.formatHour(date!, hour!),
  },
  day: {
    factExprs: col('stat_date'),
    reachExprs: col('r.stat_date'),
    audience: false,
    shown: (d, [date]) => d.formatDate(date!, 'day'),
  },
  week: {
    factExprs: (d) => [d.truncDate('week', 'stat_date')],
    reachExprs: (d) => [d.truncDate('week', 'r.stat_date')],
    audience: false,
    shown: (d, [date]) => d.formatDate(date!, 'day'),
  },
  month: {
    factExprs: (d) => [d.truncDate('month', 'stat_date')],
    reachExprs: (d) => [d.truncDate('month', 'r.stat_date')],
    audience: false,
    shown: (d, [date]) => d.formatDate(date!, 'month'),
  },
  campaign: { factExprs: col('campaign_id'), reachExprs: col('k.campaign_id'), audience: false },
  adgroup: { factExprs: col('adgroup_id'), reachExprs: col('k.adgroup_id'), audience: false },
  ad: { factExprs: col('ad_id'), reachExprs: col('k.ad_id'), audience: false },
  objective: {
    factExprs: col('attr.attr_objective'),
    reachExprs: col('attr.attr_objective'),
    audience: false,
    attributes: true,
  },
  creative_name: {
    factExprs: col('attr.attr_creative_name'),
    reachExprs: col('attr.attr_creative_name'),
    audience: false,
    attributes: true,
  },
  age: { factExprs: col('age'), reachExprs: null, audience: true },
  gender: { factExprs: col('gender'), reachExprs: null, audience: true },
  country: { factExprs: col('country'), reachExprs: null, audience: true },
  platform: { factExprs: col('platform'), reachExprs: null, audience: true },
  placement: { factExprs: col('placement'), reachExprs: null, audience: true },
};

const ENTITY_DIMENSIONS = ['campaign', 'adgroup', 'ad'] as const;
type EntityDimension = (typeof ENTITY_DIMENSIONS)[number];
const isEntity = (d: string): d is EntityDimension => (ENTITY_DIMENSIONS as readonly string[]).includes(d);

/** A summed counter in the unit people read (currency units, seconds), as a double. */
export function inDisplayUnits(dialect: Dialect, sumExpr: string, metric: BaseMetric): string {
  const divisor = UNIT_DIVISOR[metric.unit];
  return divisor === 1 ? dialect.toDouble(sumExpr) : `${dialect.toDouble(sumExpr)} / ${divisor}`;
}

export interface PlannedReport {
  sql: CompiledSql;
  /** Output column names for each dimension, in order (hour has two: date and hour). */
  dimensionColumns: Record<string, string[]>;
  /** With `names`: the output column holding each entity dimension's name. */
  nameColumns: Record<string, string>;
  metrics: Metric[];
  /**
   * The totals of the rows that pass every filter, computed from the facts (never summed from rows): with
   * metric filters, the facts of the surviving rows' keys only. One row, metric ids as columns.
   */
  totalsSql: CompiledSql;
}

/** Whether the query reads the attribute table (objective, creative name, name search, names). */
export function needsAdAttributes(query: Pick<ReportQuery, 'dimensions' | 'filters' | 'names'>): boolean {
  if (query.names && query.dimensions.some(isEntity)) return true;
  if (query.dimensions.some((d) => DIMENSIONS[d].attributes)) return true;
  return (query.filters ?? []).some(
    (f) =>
      'dimension' in f &&
      (DIMENSIONS[f.dimension].attributes || (isEntity(f.dimension) && f.operator === 'contains')),
  );
}

const isDimensionFilter = (f: ReportFilter): f is Extract<ReportFilter, { dimension: string }> =>
  'dimension' in f;
const isMetricFilter = (f: ReportFilter): f is Extract<ReportFilter, { metric: string }> => 'metric' in f;

const METRIC_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=', neq: '<>' } as const;

/** `customColumns`: the advertiser's custom columns, for the ids of `query.metrics` that are one. */
export function planReport(
  query: ReportQuery,
  dialect: Dialect,
  customColumns: readonly CustomColumnDef[] = [],
): PlannedReport {
  if (query.from > query.to) {
    throw new AppError(
      'invalid_date_range',
      `The range starts (${query.from}) after it ends (${query.to}).`,
      [{ field: 'from', message: 'must be on or before "to"' }],
    );
  }
  const dims = [...new Set(query.dimensions)];
  const filters = query.filters ?? [];
  const dimensionFilters = filters.filter(isDimensionFilter);
  const metricFilters = filters.map((f, i) => ({ f, i })).filter((x) => isMetricFilter(x.f));
  // Filters on a dimension read the same table as that dimension would.
  const touched = [...dims, ...dimensionFilters.map((f) => f.dimension)];
  const usesAudience = touched.some((d) => DIMENSIONS[d].audience);
  if (usesAudience && touched.includes('hour')) {
    throw new AppError(
      'unknown_dimension',
      'Audience breakdowns (age, gender, country, placement, platform) are daily; they cannot be combined with hour.',
      [
        {
          field: 'dimensions',
          message: 'remove "hour" or the audience breakdown (as a dimension or filter)',
        },
      ],
    );
  }
  const filterMetricIds = metricFilters.map(({ f }) => (f as { metric: string }).metric);
  const custom = customMetrics(customColumns, [...query.metrics, ...filterMetricIds]);
  const resolved = resolveMetrics(query.metrics, 'metrics', custom);
  const filterMetrics = resolveFilterMetrics(metricFilters, custom);
  const all = resolveMetrics([...query.metrics, ...filterMetricIds], 'metrics', custom);

  const q = (name: string): string => dialect.quoteIdent(name);
  const dimensionColumns: Record<string, string[]> = {};
  for (const dim of dims) {
    dimensionColumns[dim] = DIMENSIONS[dim]
      .factExprs(dialect)
      .map((_, i) => (i === 0 ? `d_${dim}` : `d_${dim}_${i}`));
  }
  const nameColumns: Record<string, string> = {};
  if (query.names) for (const dim of dims.filter(isEntity)) nameColumns[dim] = `${dim}_name`;
  // Each statement gets its own parameters: engines refuse values a statement does not use.
  // Totals without metric filters are the same aggregate at no grain: the facts that pass the dimension
  // filters, read where no dimension is needed (so a report by age still has its total reach).
  const build = (part: 'rows' | 'totals', dims: ReportDimension[]): CompiledSql => {
    const touched = [...dims, ...dimensionFilters.map((f) => f.dimension)];
    const usesAudience = touched.some((d) => DIMENSIONS[d].audience);
    const params = new ParamAllocator(dialect);
    const advertiser = params.add(query.advertiserId);
    const from = dialect.dateParam(params.add(query.from));
    const to = dialect.dateParam(params.add(query.to));
    const only = (prefix: string): string => {
      if (!query.only) return '';
      if (query.only.ids.length === 0) return ' AND 1 = 0';
      const ids = query.only.ids.map((id) => params.add(id)).join(', ');
      return ` AND ${prefix}${query.only.level}_id IN (${ids})`;
    };
    const readsAttributes = needsAdAttributes({ ...query, dimensions: dims });
    const attrJoin = (adId: string): string =>
      readsAttributes
        ? ` LEFT JOIN (SELECT ad_id AS attr_ad_id, campaign_name AS attr_campaign_name, adgroup_name AS attr_adgroup_name, ad_name AS attr_ad_name, objective AS attr_objective, creative_name AS attr_creative_name FROM ${AD_ATTRIBUTES_TABLE} WHERE advertiser_id = ${advertiser}) attr ON attr.attr_ad_id = ${adId}`
        : '';
    const whereFilters = (ctx: Ctx): string =>
      dimensionFilters.map((f) => ` AND ${dimensionPredicate(f, ctx, dialect, params)}`).join('');

    const keyColumns = dims.flatMap((d) => dimensionColumns[d]!);
    const reachPossible =
      all.needsReach &&
      dims.every((d) => DIMENSIONS[d].reachExprs !== null) &&
      dimensionFilters.every((f) => DIMENSIONS[f.dimension].reachExprs !== null);
    const factTable = usesAudience ? FACT_TABLES.audience : FACT_TABLES.hourly;
    const groupBy = (n: number): string =>
      n > 0 ? ` GROUP BY ${Array.from({ length: n }, (_, i) => i + 1).join(', ')}` : '';
    const factKeys = (): string[] =>
      dims.flatMap((dim) =>
        DIMENSIONS[dim].factExprs(dialect).map((expr, i) => `${expr} AS ${q(dimensionColumns[dim]![i]!)}`),
      );
    const reachKeys = (): string[] =>
      dims.flatMap((dim) =>
        DIMENSIONS[dim].reachExprs!(dialect).map((expr, i) => `${expr} AS ${q(dimensionColumns[dim]![i]!)}`),
      );
    const factFrom = `${factTable}${attrJoin('ad_id')} WHERE advertiser_id = ${advertiser} AND stat_date BETWEEN ${from} AND ${to}${only('')}${whereFilters('fact')}`;
    const reachFrom = !reachPossible
      ? ''
      : `${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key${attrJoin('k.ad_id')} WHERE k.advertiser_id = ${advertiser} AND r.stat_date BETWEEN ${from} AND ${to}${only('k.')}${whereFilters('reach')}`;

    // Counters over no rows are 0, not NULL: nothing delivered is a real zero.
    const sums = all.base.map((b) => `COALESCE(SUM(${b.column}), 0) AS ${q(`b_${b.id}`)}`);
    const sumsOrCount = sums.length ? sums : ['COUNT(*) AS "b__rows"'];
    const keyed = (withKeys: boolean): string[] => {
      const keys = withKeys ? factKeys() : [];
      const ctes = [
        `f AS (SELECT ${[...keys, ...sumsOrCount].join(', ')} FROM ${factFrom}${groupBy(keys.length)})`,
      ];
      if (reachPossible) {
        const rKeys = withKeys ? reachKeys() : [];
        ctes.push(
          `r AS (SELECT ${[...rKeys, `${dialect.countDistinct('r.person_id')} AS ${q('b_reach')}`].join(', ')} FROM ${reachFrom}${groupBy(rKeys.length)})`,
        );
      }
      return ctes;
    };

    const compile = metricCompiler(dialect, params, all, reachPossible);
    const metricSql = (metric: Metric): string =>
      metric.kind === 'derived'
        ? dialect.toDouble(compile(metric.expr))
        : compile({ kind: 'metric', id: metric.id });
    const reachJoin = (keys: string[]): string =>
      reachPossible
        ? keys.length
          ? ` LEFT JOIN r ON ${keys.map((c) => `f.${q(c)} = r.${q(c)}`).join(' AND ')}`
          : ' CROSS JOIN r'
        : '';

    // The rows: keys, names, requested metrics, and the metrics filters test (hidden, `w_<index>`).
    const nameJoins: string[] = [];
    if (query.names) {
      for (const dim of dims.filter(isEntity)) {
        const alias = `n_${dim}`;
        const source =
          dim === 'ad'
            ? `SELECT ad_id AS id, ad_name AS name FROM ${AD_ATTRIBUTES_TABLE} WHERE advertiser_id = ${advertiser}`
            : `SELECT DISTINCT ${dim}_id AS id, ${dim}_name AS name FROM ${AD_ATTRIBUTES_TABLE} WHERE advertiser_id = ${advertiser}`;
        nameJoins.push(` LEFT JOIN (${source}) ${alias} ON ${alias}.id = f.${q(dimensionColumns[dim]![0]!)}`);
      }
    }
    const select = (): string[] => [
      ...keyColumns.map((c) => `f.${q(c)}`),
      ...Object.entries(nameColumns).map(([dim, c]) => `n_${dim}.name AS ${q(c)}`),
      ...resolved.requested.map((metric) => `${metricSql(metric)} AS ${q(metric.id)}`),
      ...metricFilters.map(({ i }, n) => `${metricSql(filterMetrics[n]!)} AS ${q(`w_${i}`)}`),
    ];
    const rowsBody = (): string =>
      `SELECT ${select().join(', ')} FROM f${reachJoin(keyColumns)}${nameJoins.join('')}`;
    const passes = (): string[] =>
      metricFilters.map(({ f, i }) => {
        const { operator, value } = f as { operator: keyof typeof METRIC_OPERATORS; value: number };
        return `${q(`w_${i}`)} ${METRIC_OPERATORS[operator]} ${dialect.toDouble(params.add(value))}`;
      });
    const rowsText = (): string =>
      metricFilters.length
        ? `WITH ${keyed(true).join(', ')}, t AS (${rowsBody()}) SELECT * FROM t WHERE ${passes().join(' AND ')}`
        : `WITH ${keyed(true).join(', ')} ${rowsBody()}`;
    if (part === 'rows') {
      let text = rowsText() + orderBy(query, dims, dimensionColumns, nameColumns, resolved.requested, q);
      if (query.limit !== undefined) text += ` LIMIT ${params.add(query.limit)}`;
      return { text, values: params.values };
    }

    // Totals: without metric filters, the same aggregate without keys. With them, the facts whose keys
    // belong to a surviving row (a semi-join on `kept`), so totals are of exactly the rows that pass.
    const totalsSelect = resolved.requested.map((metric) => `${metricSql(metric)} AS ${q(metric.id)}`);
    let totalsText: string;
    if (metricFilters.length === 0) {
      totalsText = `WITH ${keyed(false).join(', ')} SELECT ${totalsSelect.join(', ')} FROM f${reachJoin([])}`;
    } else {
      const keptKeys = keyColumns.length ? keyColumns.map((c) => q(c)).join(', ') : '1 AS one';
      const onKept = (alias: string): string =>
        keyColumns.length
          ? ` JOIN kept ON ${keyColumns.map((c) => dialect.nullSafeEquals(`${alias}.${q(c)}`, `kept.${q(c)}`)).join(' AND ')}`
          : ' CROSS JOIN kept';
      const counters = all.base.map((b) => b.column);
      const ctes = [
        `kept AS (SELECT ${keptKeys} FROM (${rowsText()}) passing)`,
        `f AS (SELECT ${sumsOrCount.join(', ')} FROM (SELECT ${[...factKeys(), ...(counters.length ? counters : ['1 AS one'])].join(', ')} FROM ${factFrom}) x${onKept('x')})`,
      ];
      if (reachPossible) {
        ctes.push(
          `r AS (SELECT ${dialect.countDistinct('y.person_id')} AS ${q('b_reach')} FROM (SELECT ${[...reachKeys(), 'r.person_id'].join(', ')} FROM ${reachFrom}) y${onKept('y')})`,
        );
      }
      totalsText = `WITH ${ctes.join(', ')} SELECT ${totalsSelect.join(', ')} FROM f${reachJoin([])}`;
    }

    return { text: totalsText, values: params.values };
  };
  return {
    sql: build('rows', dims),
    totalsSql: build('totals', metricFilters.length ? dims : []),
    dimensionColumns,
    nameColumns,
    metrics: resolved.requested,
  };
}

function resolveFilterMetrics(
  metricFilters: { f: ReportFilter; i: number }[],
  custom: ReadonlyMap<string, Metric>,
): Metric[] {
  const problems: ErrorDetail[] = [];
  const out = metricFilters.map(({ f, i }) => {
    const id = (f as { metric: string }).metric;
    const metric = findMetric(id) ?? custom.get(id);
    if (!metric)
      problems.push({
        field: `filters[${i}].metric`,
        message: `"${id}" is not a metric; see GET /api/v1/metrics`,
      });
    return metric!;
  });
  if (problems.length > 0) {
    throw new AppError(
      'unknown_metric',
      `Unknown metric${problems.length > 1 ? 's' : ''} in filters: ${problems.map((p) => p.message.split(' ')[0]).join(', ')}.`,
      problems,
    );
  }
  return out;
}

/** A dimension filter as a condition on one fact or reach row. */
function dimensionPredicate(
  filter: Extract<ReportFilter, { dimension: string }>,
  ctx: Ctx,
  dialect: Dialect,
  params: ParamAllocator,
): string {
  const def = DIMENSIONS[filter.dimension];
  const exprs = ctx === 'fact' ? def.factExprs(dialect) : def.reachExprs!(dialect);
  const dim = filter.dimension;
  let value: string;
  if (filter.operator === 'contains') {
    // Entities are searched by name; everything else by the value shown.
    value = isEntity(dim) ? `attr.${ENTITY_NAME[dim]}` : def.shown ? def.shown(dialect, exprs) : exprs[0]!;
    const any = filter.values.map((v) => dialect.containsIgnoreCase(value, params.add(v)));
    return `(${any.join(' OR ')})`;
  }
  value = def.shown ? def.shown(dialect, exprs) : exprs[0]!;
  const list = filter.values.map((v) => params.add(v)).join(', ');
  // A missing value (an ad the catalog no longer has) is not in any list, so `not_in` keeps it.
  return filter.operator === 'in'
    ? `${value} IN (${list})`
    : `(${value} IS NULL OR ${value} NOT IN (${list}))`;
}

/** Compiles metric expressions over the aggregates `f` (sums) and `r` (reach). */
function metricCompiler(
  dialect: Dialect,
  params: ParamAllocator,
  resolved: ResolvedMetrics,
  reachPossible: boolean,
): (expr: Expr) => string {
  const q = (name: string): string => dialect.quoteIdent(name);
  const base = (id: string): string => {
    const metric = resolved.base.find((b) => b.id === id);
    if (metric) return inDisplayUnits(dialect, `f.${q(`b_${id}`)}`, metric);
    return reachPossible ? dialect.toDouble(`COALESCE(r.${q('b_reach')}, 0)`) : 'NULL';
  };
  const compile = (expr: Expr): string => {
    switch (expr.kind) {
      case 'number':
        // The formula checker keeps numbers within this; anything else is a bug, not user input.
        if (!(Math.abs(expr.value) <= MAX_NUMBER)) throw new Error(`number out of range: ${expr.value}`);
        return dialect.toDouble(params.add(expr.value));
      case 'metric': {
        const metric = findMetric(expr.id);
        // Bracketed, so each operand keeps its place in the tree whatever the operator around it.
        if (metric?.kind === 'derived') return `(${compile(metric.expr)})`;
        return `(${base(expr.id)})`;
      }
      case 'binary': {
        const left = compile(expr.left);
        const right = compile(expr.right);
        return expr.op === '/' ? `(${dialect.safeDivide(left, right)})` : `(${left} ${expr.op} ${right})`;
      }
      case 'negate':
        return `(-(${compile(expr.arg)}))`;
      case 'abs':
        return dialect.abs(compile(expr.arg));
      case 'round':
        return dialect.round(compile(expr.arg), expr.digits);
      case 'least':
        return dialect.least(expr.args.map(compile));
      case 'greatest':
        return dialect.greatest(expr.args.map(compile));
      case 'if':
        return dialect.ifThenElse(compileCond(expr.cond), compile(expr.then), compile(expr.otherwise));
    }
  };
  const compileCond = (cond: Cond): string => {
    switch (cond.kind) {
      case 'compare':
        return `(${compile(cond.left)} ${cond.op === '!=' ? '<>' : cond.op} ${compile(cond.right)})`;
      case 'and':
        return `(${compileCond(cond.left)} AND ${compileCond(cond.right)})`;
      case 'or':
        return `(${compileCond(cond.left)} OR ${compileCond(cond.right)})`;
      case 'not':
        return `(NOT ${compileCond(cond.arg)})`;
    }
  };
  return compile;
}

function orderBy(
  query: ReportQuery,
  dims: ReportDimension[],
  dimensionColumns: Record<string, string[]>,
  nameColumns: Record<string, string>,
  metrics: Metric[],
  q: (name: string) => string,
): string {
  const direction = query.sort?.direction === 'asc' ? 'ASC' : 'DESC';
  // Rows equal on the sort key keep the order of their dimensions, so a limit cuts the same rows every time.
  const all = dims.flatMap((d) => dimensionColumns[d] ?? []).map((c) => `${q(c)} ASC NULLS LAST`);
  const then = (first: string[]): string => ` ORDER BY ${[...first, ...all].join(', ')}`;
  if (query.sort) {
    const by = query.sort.by;
    if (metrics.some((m) => m.id === by)) return then([`${q(by)} ${direction} NULLS LAST`]);
    const columns = dimensionColumns[by];
    if (columns) return then(columns.map((c) => `${q(c)} ${direction} NULLS LAST`));
    const name = Object.values(nameColumns).find((c) => c === by);
    if (name) return then([`${q(name)} ${direction} NULLS LAST`]);
    throw new AppError(
      'validation_failed',
      `Cannot sort by "${by}": it is neither a requested metric nor a dimension.`,
      [{ field: 'sort.by', message: 'must name a requested metric or dimension' }],
    );
  }
  return all.length ? ` ORDER BY ${all.join(', ')}` : '';
}
