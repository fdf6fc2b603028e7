// Every piece of SQL text that differs between warehouse engines sits behind this interface, so a new
// engine (ClickHouse) is one added file. Values never enter SQL text: the allocator turns them into
// placeholders at the last step.

export type SqlValue = string | number | bigint | boolean | null;

export interface Dialect {
  readonly name: string;
  quoteIdent(name: string): string;
  /** The placeholder for the n-th (1-based) bound value. */
  placeholder(index: number, value: SqlValue): string;
  /** The first day of the week (Monday) or month containing a DATE expression. */
  truncDate(unit: 'week' | 'month', dateExpr: string): string;
  /** A date parameter compared with a DATE column. */
  dateParam(placeholder: string): string;
  toDouble(expr: string): string;
  /** a / b, or NULL when b is 0 or NULL — never Infinity. */
  safeDivide(numerator: string, denominator: string): string;
  countDistinct(expr: string): string;
  /** The smallest of the values, skipping NULLs; NULL only when all of them are. */
  least(values: string[]): string;
  /** The largest of the values, skipping NULLs; NULL only when all of them are. */
  greatest(values: string[]): string;
  /** `then` when the condition is true; `otherwise` when it is false or NULL. */
  ifThenElse(condition: string, then: string, otherwise: string): string;
  abs(expr: string): string;
  /** A DATE expression as the text reports show: YYYY-MM-DD for a day, YYYY-MM for a month. */
  formatDate(dateExpr: string, unit: 'day' | 'month'): string;
  /** An hour as reports show it: `YYYY-MM-DD HH:00`. */
  formatHour(dateExpr: string, hourExpr: string): string;
  /** Whether the text contains the needle, ignoring case (NULL text: NULL). */
  containsIgnoreCase(textExpr: string, needle: string): string;
  /** Equality where NULL equals NULL (joining on keys that may be NULL). */
  nullSafeEquals(a: string, b: string): string;
  /** Rounded to `digits` decimals (negative: to tens, hundreds, …), halves away from zero. */
  round(expr: string, digits: number): string;
}

export interface CompiledSql {
  text: string;
  values: SqlValue[];
}

export class ParamAllocator {
  readonly values: SqlValue[] = [];
  constructor(private readonly dialect: Dialect) {}

  add(value: SqlValue): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length, value);
  }
}
