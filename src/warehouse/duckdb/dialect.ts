import type { Dialect } from '../dialect.ts';

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index}`,
  truncDate: (unit, dateExpr) => `CAST(date_trunc('${unit}', ${dateExpr}) AS DATE)`,
  dateParam: (placeholder) => `CAST(${placeholder} AS DATE)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  safeDivide: (a, b) => `(${a}) / NULLIF(${b}, 0)`,
  countDistinct: (expr) => `COUNT(DISTINCT ${expr})`,
};
