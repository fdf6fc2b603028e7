// Compiles a report query (dimensions × metrics over a date range for one advertiser) into SQL through a
// Dialect. Base counters are summed at the requested grain; ratios are computed from those sums; reach is
// counted as distinct people in its own subquery at the same grain. The advertiser guard is added here,
// to every table read, so no caller can forget it. An advertiser's custom columns are formulas too: they
// compile like derived metrics, their numbers as bound parameters.
import { AppError } from '../core/errors.ts';
import type { Dimension } from '../shared/api.ts';
import { type BaseMetric, type Metric, UNIT_DIVISOR, findMetric } from '../metrics/catalog.ts';
import type { Cond, Expr } from '../metrics/expr.ts';
import { type CustomColumnDef, MAX_NUMBER, customMetrics } from '../metrics/formula.ts';
import { resolveMetrics } from '../metrics/resolve.ts';
import { type CompiledSql, type Dialect, ParamAllocator } from './dialect.ts';
import { FACT_TABLES } from './schema.ts';

export interface ReportQuery {
  advertiserId: string;
  from: string;
  to: string;
  dimensions: Dimension[];
  metrics: string[];
  sort?: { by: string; direction: 'asc' | 'desc' };
  limit?: number;
  /** Only these campaigns, ad groups or ads (the Campaign tab's filtered rows). */
  only?: { level: 'campaign' | 'adgroup' | 'ad'; ids: string[] };
}

interface DimensionDef {
  /** SQL over the fact table, one per output column (hour needs the date too). */
  factExprs: (d: Dialect) => string[];
  /** SQL over the reach table (alias r) joined to its ad keys (alias k), or null when reach has no such grain. */
  reachExprs: ((d: Dialect) => string[]) | null;
  audience: boolean;
}

const col = (name: string) => () => [name];
const DIMENSIONS: Record<Dimension, DimensionDef> = {
  hour: { factExprs: () => ['stat_date', 'stat_hour'], reachExprs: null, audience: false },
  day: { factExprs: col('stat_date'), reachExprs: col('r.stat_date'), audience: false },
  week: {
    factExprs: (d) => [d.truncDate('week', 'stat_date')],
    reachExprs: (d) => [d.truncDate('week', 'r.stat_date')],
    audience: false,
  },
  month: {
    factExprs: (d) => [d.truncDate('month', 'stat_date')],
    reachExprs: (d) => [d.truncDate('month', 'r.stat_date')],
    audience: false,
  },
  campaign: { factExprs: col('campaign_id'), reachExprs: col('k.campaign_id'), audience: false },
  adgroup: { factExprs: col('adgroup_id'), reachExprs: col('k.adgroup_id'), audience: false },
  ad: { factExprs: col('ad_id'), reachExprs: col('k.ad_id'), audience: false },
  age: { factExprs: col('age'), reachExprs: null, audience: true },
  gender: { factExprs: col('gender'), reachExprs: null, audience: true },
  country: { factExprs: col('country'), reachExprs: null, audience: true },
  platform: { factExprs: col('platform'), reachExprs: null, audience: true },
  placement: { factExprs: col('placement'), reachExprs: null, audience: true },
};

/** A summed counter in the unit people read (currency units, seconds), as a double. */
export function inDisplayUnits(dialect: Dialect, sumExpr: string, metric: BaseMetric): string {
  const divisor = UNIT_DIVISOR[metric.unit];
  return divisor === 1 ? dialect.toDouble(sumExpr) : `${dialect.toDouble(sumExpr)} / ${divisor}`;
}

export interface PlannedReport {
  sql: CompiledSql;
  /** Output column names for each dimension, in order (hour has two: date and hour). */
  dimensionColumns: Record<string, string[]>;
  metrics: Metric[];
}

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
  const usesAudience = dims.some((d) => DIMENSIONS[d].audience);
  if (usesAudience && dims.includes('hour')) {
    throw new AppError(
      'unknown_dimension',
      'Audience breakdowns (age, gender, country, placement, platform) are daily; they cannot be combined with hour.',
      [{ field: 'dimensions', message: 'remove "hour" or the audience breakdown' }],
    );
  }
  const resolved = resolveMetrics(query.metrics, 'metrics', customMetrics(customColumns, query.metrics));
  const q = (name: string): string => dialect.quoteIdent(name);
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

  const dimensionColumns: Record<string, string[]> = {};
  const factSelect: string[] = [];
  const reachSelect: string[] = [];
  const keyColumns: string[] = [];
  for (const dim of dims) {
    const def = DIMENSIONS[dim];
    const names = def.factExprs(dialect).map((_, i) => (i === 0 ? `d_${dim}` : `d_${dim}_${i}`));
    dimensionColumns[dim] = names;
    def.factExprs(dialect).forEach((expr, i) => factSelect.push(`${expr} AS ${q(names[i]!)}`));
    if (def.reachExprs)
      def.reachExprs(dialect).forEach((expr, i) => reachSelect.push(`${expr} AS ${q(names[i]!)}`));
    keyColumns.push(...names);
  }

  const reachPossible = resolved.needsReach && dims.every((d) => DIMENSIONS[d].reachExprs !== null);
  const factTable = usesAudience ? FACT_TABLES.audience : FACT_TABLES.hourly;
  const groupBy = (n: number): string =>
    n > 0 ? ` GROUP BY ${Array.from({ length: n }, (_, i) => i + 1).join(', ')}` : '';
  // Counters over no rows are 0, not NULL: nothing delivered is a real zero.
  const sums = resolved.base.map((b) => `COALESCE(SUM(${b.column}), 0) AS ${q(`b_${b.id}`)}`);
  const ctes = [
    `f AS (SELECT ${[...factSelect, ...(sums.length ? sums : ['COUNT(*) AS "b__rows"'])].join(', ')} FROM ${factTable} WHERE advertiser_id = ${advertiser} AND stat_date BETWEEN ${from} AND ${to}${only('')}${groupBy(factSelect.length)})`,
  ];
  if (reachPossible) {
    ctes.push(
      `r AS (SELECT ${[...reachSelect, `${dialect.countDistinct('r.person_id')} AS ${q('b_reach')}`].join(', ')} FROM ${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key WHERE k.advertiser_id = ${advertiser} AND r.stat_date BETWEEN ${from} AND ${to}${only('k.')}${groupBy(reachSelect.length)})`,
    );
  }

  const base = (id: string): string => {
    const metric = resolved.base.find((b) => b.id === id);
    if (metric) {
      const sum = `f.${q(`b_${id}`)}`;
      return inDisplayUnits(dialect, sum, metric);
    }
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
  const metricSql = (metric: Metric): string =>
    metric.kind === 'derived' ? dialect.toDouble(compile(metric.expr)) : base(metric.id);

  const select = [
    ...keyColumns.map((c) => `f.${q(c)}`),
    ...resolved.requested.map((metric) => `${metricSql(metric)} AS ${q(metric.id)}`),
  ];
  const join = reachPossible
    ? keyColumns.length
      ? ` LEFT JOIN r ON ${keyColumns.map((c) => `f.${q(c)} = r.${q(c)}`).join(' AND ')}`
      : ' CROSS JOIN r'
    : '';
  let text = `WITH ${ctes.join(', ')} SELECT ${select.join(', ')} FROM f${join}`;
  text += orderBy(query, dims, dimensionColumns, resolved.requested, q);
  if (query.limit !== undefined) text += ` LIMIT ${params.add(query.limit)}`;
  return { sql: { text, values: params.values }, dimensionColumns, metrics: resolved.requested };
}

function orderBy(
  query: ReportQuery,
  dims: Dimension[],
  dimensionColumns: Record<string, string[]>,
  metrics: Metric[],
  q: (name: string) => string,
): string {
  const direction = query.sort?.direction === 'asc' ? 'ASC' : 'DESC';
  if (query.sort) {
    const by = query.sort.by;
    if (metrics.some((m) => m.id === by)) return ` ORDER BY ${q(by)} ${direction} NULLS LAST`;
    const columns = dimensionColumns[by];
    if (columns) return ` ORDER BY ${columns.map((c) => `${q(c)} ${direction}`).join(', ')}`;
    throw new AppError(
      'validation_failed',
      `Cannot sort by "${by}": it is neither a requested metric nor a dimension.`,
      [{ field: 'sort.by', message: 'must name a requested metric or dimension' }],
    );
  }
  const all = dims.flatMap((d) => dimensionColumns[d] ?? []);
  return all.length ? ` ORDER BY ${all.map((c) => q(c)).join(', ')}` : '';
}
