// A metric alert's condition, written in the custom-column formula language (`cost_per_conversion > 30
// AND spend > 50`), checked against the metric catalog and the advertiser's custom columns, and evaluated
// on the totals of the last N days of the advertiser, a campaign or an ad group, as the semantic layer
// computes them (ratios of sums, never averages of daily ratios).
//
// A comparison with a value that does not exist (CPA on a day without conversions) is undefined, and an
// undefined condition does not fire: the formula language's three-valued logic, as in a report filter.
import { getAdvertiser } from '../catalog/advertisers.ts';
import type { Queryable } from '../catalog/db.ts';
import { addDays, isIsoDate } from '../core/dates.ts';
import type { ErrorDetail } from '../core/errors.ts';
import { AppError, notFound } from '../core/errors.ts';
import { localToday } from '../core/timezone.ts';
import { type Cond, metricRefs, truth } from '../metrics/expr.ts';
import { type FormulaError, checkFormula } from '../metrics/formula.ts';
import { customColumnsFor } from '../reports/custom-columns.ts';
import { queryReport } from '../reports/query-report.ts';
import type { ReportFilter } from '../shared/reports-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';

export interface ConditionContext {
  catalog: Queryable;
  facts: FactStore;
}

export interface AlertConditionRule {
  advertiserId: string;
  scope: { level: 'advertiser' | 'campaign' | 'adgroup'; id: string | null };
  condition: string;
  windowDays: number;
}

export interface AlertConditionResult {
  firing: boolean;
  /** Every metric (and custom column) the condition names, over the window; null where undefined. */
  values: Record<string, number | null>;
  window: { start: string; end: string };
}

// The checker's own words for a formula that is a condition; for an alert, that is what it must be.
const IS_CONDITION = 'the formula gives true or false';

interface CheckedCondition {
  cond: Cond;
  /** Metric and custom column ids as the condition names them, in order of first appearance. */
  uses: string[];
}

function checkCondition(
  condition: string,
  columns: Parameters<typeof checkFormula>[1]['columns'],
): { ok: true; checked: CheckedCondition } | { ok: false; errors: FormulaError[] } {
  const check = checkFormula(condition, { columns });
  if (check.ok) {
    return {
      ok: false,
      errors: [
        {
          position: 0,
          length: condition.length,
          message:
            'this gives a number, not a condition; compare it with something, e.g. cost_per_conversion > 30 AND spend > 50',
        },
      ],
    };
  }
  const problems = check.errors.filter((e) => !e.message.startsWith(IS_CONDITION));
  if (problems.length > 0) return { ok: false, errors: problems };
  // A sound condition: read its tree through IF, the one place the language keeps a condition.
  const wrapped = checkFormula(`IF(${condition}, 1, 0)`, { columns });
  if (!wrapped.ok || wrapped.expr.kind !== 'if')
    throw new Error(`condition ${condition} did not check inside IF`);
  return { ok: true, checked: { cond: wrapped.expr.cond, uses: wrapped.uses } };
}

async function columnsOf(db: Queryable, advertiserId: string, condition: string) {
  // customColumnsFor reads the catalog only when some word of the text may name a custom column.
  return customColumnsFor(db, advertiserId, condition.split(/[^A-Za-z0-9_]+/).filter(Boolean));
}

/** Everything wrong with a condition, each with its position and length in the text, as the editor marks them. */
export async function alertConditionProblems(
  ctx: ConditionContext,
  advertiserId: string,
  condition: string,
): Promise<ErrorDetail[]> {
  if (condition.trim() === '') {
    return [
      { field: 'condition', message: 'Write a condition, e.g. cost_per_conversion > 30 AND spend > 50.' },
    ];
  }
  const result = checkCondition(condition, await columnsOf(ctx.catalog, advertiserId, condition));
  if (result.ok) return [];
  return result.errors.map((e) => ({
    field: 'condition',
    message: e.message,
    position: e.position,
    length: e.length,
  }));
}

/** The last `days` days ending on `asOf` (a date, or an instant read on the advertiser's clock). */
export function alertWindow(asOf: string, days: number, timeZone: string): { start: string; end: string } {
  const end = isIsoDate(asOf) ? asOf : localToday(timeZone, Date.parse(asOf));
  return { start: addDays(end, -(days - 1)), end };
}

function scopeFilters(scope: AlertConditionRule['scope']): ReportFilter[] {
  if (scope.level === 'advertiser') return [];
  if (!scope.id) {
    throw new AppError('validation_failed', `A ${scope.level} alert needs the ${scope.level}'s id.`, [
      { field: 'scope.id', message: `the ${scope.level === 'adgroup' ? 'ad group' : 'campaign'} to watch` },
    ]);
  }
  return [{ dimension: scope.level, operator: 'in', values: [scope.id] }];
}

/**
 * Whether the rule's condition holds on the scope's totals over the `windowDays` days ending `asOf`
 * (today included when `asOf` is now: an alert watches what is happening), with the values it read.
 */
export async function checkAlertCondition(
  ctx: ConditionContext,
  rule: AlertConditionRule,
  asOf: string,
): Promise<AlertConditionResult> {
  const advertiser = await getAdvertiser(ctx.catalog, rule.advertiserId);
  if (!advertiser) throw notFound('Advertiser', rule.advertiserId);
  if (!Number.isInteger(rule.windowDays) || rule.windowDays < 1) {
    throw new AppError('validation_failed', 'The window is a whole number of days, at least 1.', [
      { field: 'window_days', message: 'at least 1' },
    ]);
  }
  const checked = checkCondition(
    rule.condition,
    await columnsOf(ctx.catalog, rule.advertiserId, rule.condition),
  );
  if (!checked.ok) {
    const first = checked.errors[0]!;
    throw new AppError('invalid_formula', `The alert condition has a problem: ${first.message}.`, [
      ...checked.errors.map((e) => ({
        field: 'condition',
        message: e.message,
        position: e.position,
        length: e.length,
      })),
    ]);
  }
  const { cond, uses } = checked.checked;
  const window = alertWindow(asOf, rule.windowDays, advertiser.timezone);
  // The condition is evaluated over catalog metrics (custom columns written out), and reports the
  // values of what it names; both sets are asked for in one query.
  const metrics = [...new Set([...uses, ...metricRefs(cond)])];
  const report = await queryReport(ctx, {
    advertiser_id: rule.advertiserId,
    dimensions: [],
    metrics,
    filters: scopeFilters(rule.scope),
    from: window.start,
    to: window.end,
  });
  const values: Record<string, number | null> = {};
  for (const id of uses) values[id] = report.totals[id] ?? null;
  return { firing: truth(cond, report.totals) === true, values, window };
}
