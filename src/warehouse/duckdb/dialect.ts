import type { Dialect } from '../dialect.ts';

/** A whole number that is safe to write into SQL text as it is (ROUND's digits, checked by the formula checker). */
function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index}`,
  truncDate: (unit, dateExpr) => `CAST(date_trunc('${unit}', ${dateExpr}) AS DATE)`,
  dateParam: (placeholder) => `CAST(${placeholder} AS DATE)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  safeDivide: (a, b) => `(${a}) / NULLIF(${b}, 0)`,
  countDistinct: (expr) => `COUNT(DISTINCT ${expr})`,
  // DuckDB's LEAST and GREATEST already skip NULLs.
  least: (values) => `LEAST(${values.join(', ')})`,
  greatest: (values) => `GREATEST(${values.join(', ')})`,
  ifThenElse: (condition, then, otherwise) => `(CASE WHEN ${condition} THEN ${then} ELSE ${otherwise} END)`,
  abs: (expr) => `ABS(${expr})`,
  formatDate: (dateExpr, unit) => `strftime(${dateExpr}, '${unit === 'day' ? '%Y-%m-%d' : '%Y-%m'}')`,
  formatHour: (dateExpr, hourExpr) =>
    `(strftime(${dateExpr}, '%Y-%m-%d') || ' ' || lpad(CAST(${hourExpr} AS VARCHAR), 2, '0') || ':00')`,
  containsIgnoreCase: (textExpr, needle) => `contains(lower(${textExpr}), lower(${needle}))`,
  nullSafeEquals: (a, b) => `(${a} IS NOT DISTINCT FROM ${b})`,
  round: (expr, digits) => `ROUND(${expr}, ${integerLiteral(digits)})`,
};
