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
