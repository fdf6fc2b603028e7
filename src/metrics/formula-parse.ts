// The custom-column formula language, first half: characters → tokens → a syntax tree with positions.
// Both steps recover from mistakes and carry on, so one pass reports every problem it can find, each with
// the 0-based offset and length (JavaScript string indices) of the text it is about. formula.ts checks
// the tree and turns it into an expression (expr.ts).
import type { BinaryOp, CompareOp } from './expr.ts';

export interface FormulaError {
  /** 0-based offset of the first character the problem is about. */
  position: number;
  /** How many characters it covers (0 at the end of the formula). */
  length: number;
  message: string;
}

export const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 64;

type TokenKind = 'number' | 'ident' | 'op' | 'and' | 'or' | 'not' | '(' | ')' | ',' | 'bad' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** Numbers: the value. Operators: the canonical operator. */
  value?: number;
  op?: BinaryOp | CompareOp;
}

export type Syntax =
  | { t: 'number'; value: number; start: number; end: number }
  | { t: 'ident'; name: string; start: number; end: number }
  | { t: 'call'; name: string; nameEnd: number; args: Syntax[]; start: number; end: number }
  | { t: 'negate'; arg: Syntax; start: number; end: number }
  | { t: 'not'; arg: Syntax; opEnd: number; start: number; end: number }
  | {
      t: 'binary';
      op: BinaryOp | CompareOp | 'and' | 'or';
      opStart: number;
      opEnd: number;
      left: Syntax;
      right: Syntax;
      start: number;
      end: number;
    }
  | { t: 'paren'; inner: Syntax; start: number; end: number }
  /** Something already reported; `parts` are what could still be parsed in it, checked for their ids. */
  | { t: 'error'; parts: Syntax[]; start: number; end: number };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

const SINGLE: Record<string, { kind: TokenKind; op?: BinaryOp | CompareOp }> = {
  '+': { kind: 'op', op: '+' },
  '-': { kind: 'op', op: '-' },
  '−': { kind: 'op', op: '-' },
  '*': { kind: 'op', op: '*' },
  '×': { kind: 'op', op: '*' },
  '/': { kind: 'op', op: '/' },
  '÷': { kind: 'op', op: '/' },
  '(': { kind: '(' },
  ')': { kind: ')' },
  ',': { kind: ',' },
};

export function tokenize(text: string, errors: FormulaError[]): Token[] {
  const tokens: Token[] = [];
  const error = (start: number, end: number, message: string) =>
    errors.push({ position: start, length: end - start, message });
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const start = i;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      while (DIGIT.test(text[i] ?? '')) i++;
      if (text[i] === '.') {
        i++;
        while (DIGIT.test(text[i] ?? '')) i++;
      }
      if (/[eE]/.test(text[i] ?? '') && /^[eE][+-]?[0-9]/.test(text.slice(i, i + 3))) {
        i += /[+-]/.test(text[i + 1]!) ? 2 : 1;
        while (DIGIT.test(text[i] ?? '')) i++;
      }
      if (IDENT_PART.test(text[i] ?? '')) {
        while (IDENT_PART.test(text[i] ?? '')) i++;
        error(
          start,
          i,
          `"${text.slice(start, i)}" is neither a number nor a metric id (ids start with a letter); check the spelling`,
        );
        tokens.push({ kind: 'bad', text: text.slice(start, i), start, end: i });
        continue;
      }
      const value = Number(text.slice(start, i));
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i, value });
      continue;
    }
    if (IDENT_START.test(c)) {
      while (IDENT_PART.test(text[i] ?? '')) i++;
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      const kind: TokenKind =
        lower === 'and' ? 'and' : lower === 'or' ? 'or' : lower === 'not' ? 'not' : 'ident';
      tokens.push({ kind, text: word, start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    const compare: Record<string, CompareOp> = { '>=': '>=', '<=': '<=', '!=': '!=', '<>': '!=' };
    if (compare[two]) {
      tokens.push({ kind: 'op', text: two, start, end: i + 2, op: compare[two] });
      i += 2;
      continue;
    }
    if (two === '==') {
      error(start, i + 2, 'compare with a single "=", e.g. conversion = 0');
      tokens.push({ kind: 'op', text: two, start, end: i + 2, op: '=' });
      i += 2;
      continue;
    }
    if (two === '&&' || two === '||') {
      const word = two === '&&' ? 'AND' : 'OR';
      error(start, i + 2, `write ${word} instead of "${two}"`);
      tokens.push({ kind: two === '&&' ? 'and' : 'or', text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '>' || c === '<' || c === '=') {
      tokens.push({ kind: 'op', text: c, start, end: i + 1, op: c });
      i++;
      continue;
    }
    if (c === '!') {
      error(start, i + 1, 'write NOT instead of "!"');
      tokens.push({ kind: 'not', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    const single = SINGLE[c];
    if (single) {
      tokens.push({ kind: single.kind, text: c, start, end: i + 1, ...(single.op ? { op: single.op } : {}) });
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const close = text.indexOf(c, i + 1);
      const end = close === -1 ? text.length : close + 1;
      const inner = text.slice(i + 1, close === -1 ? text.length : close);
      error(start, end, `write metric ids without quotes${inner ? `, e.g. ${inner.trim()}` : ''}`);
      // Carry on with what was quoted, so its id is checked too.
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) tokens.push({ kind: 'ident', text: inner, start, end });
      else tokens.push({ kind: 'bad', text: text.slice(start, end), start, end });
      i = end;
      continue;
    }
    // One code point, even outside the Basic Multilingual Plane (an emoji is two string indices).
    const width = String.fromCodePoint(text.codePointAt(i)!).length;
    const ch = text.slice(i, i + width);
    error(start, i + width, unexpectedCharacter(ch));
    tokens.push({ kind: 'bad', text: ch, start, end: i + width });
    i += width;
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

function unexpectedCharacter(ch: string): string {
  if (ch === '%') return 'write percentages as fractions: 2% is 0.02 (ratios such as ctr are fractions too)';
  if (ch === ';') return 'a formula is one expression; remove ";"';
  if (ch === '[' || ch === ']' || ch === '{' || ch === '}')
    return `use round brackets "(" and ")" instead of "${ch}"`;
  if (ch === '^') return 'there is no power operator; multiply instead, e.g. x * x';
  if (/[\p{C}\p{Z}]/u.test(ch)) {
    const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `an invisible character (U+${code}) is here; delete it`;
  }
  return `"${ch}" cannot be used in a formula; use metric ids, numbers, + - * /, comparisons, AND, OR, NOT and functions`;
}

const describe = (token: Token): string => (token.kind === 'eof' ? 'the end' : `"${token.text}"`);

class Parser {
  private index = 0;
  private depth = 0;
  /** Set once the rest of the formula was skipped: later problems would only repeat the first. */
  private abandoned = false;

  constructor(
    private readonly tokens: Token[],
    private readonly errors: FormulaError[],
  ) {}

  /** The current token (a method, not a getter: each call reads it afresh). */
  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** One syntax error per position: a second one there would only restate the first. */
  private error(start: number, end: number, message: string): void {
    if (this.abandoned || this.errors.some((e) => e.position === start)) return;
    this.errors.push({ position: start, length: end - start, message });
  }

  private startsOperand(token: Token): boolean {
    return (
      token.kind === 'number' ||
      token.kind === 'ident' ||
      token.kind === '(' ||
      token.kind === 'not' ||
      (token.kind === 'op' && (token.op === '-' || token.op === '+'))
    );
  }

  parseFormula(): Syntax {
    if (this.peek().kind === 'eof') {
      this.error(0, 0, 'write a formula, e.g. spend / web_event_add_to_cart');
      return { t: 'error', parts: [], start: 0, end: 0 };
    }
    let node = this.expression();
    while (this.peek().kind !== 'eof') {
      const token = this.peek();
      if (this.startsOperand(token)) {
        const before = this.tokens[this.index - 1];
        this.error(
          token.start,
          token.end,
          `an operator is missing between ${before ? describe(before) : 'the start'} and ${describe(token)}; add one such as + - * /`,
        );
        const more = this.expression();
        node = { t: 'error', parts: [node, more], start: node.start, end: more.end };
        continue;
      }
      this.next();
      if (token.kind === ')')
        this.error(token.start, token.end, 'this ")" closes nothing; remove it or add the "(" it belongs to');
      else if (token.kind === ',')
        this.error(
          token.start,
          token.end,
          'a comma only separates the arguments of a function, e.g. MIN(a, b)',
        );
      else if (token.kind !== 'bad')
        this.error(token.start, token.end, `nothing follows ${describe(token)}; finish or remove it`);
    }
    return node;
  }

  private expression(): Syntax {
    return this.enter(() => this.or());
  }

  /** Runs one level deeper, or gives up on the rest of the formula when it nests too deeply. */
  private enter(parse: () => Syntax): Syntax {
    if (this.depth >= MAX_DEPTH) {
      const start = this.peek().start;
      let end = start;
      while (this.peek().kind !== 'eof') end = this.next().end;
      this.error(start, end, `the formula is nested too deeply (over ${MAX_DEPTH} levels); simplify it`);
      this.abandoned = true;
      return { t: 'error', parts: [], start, end };
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private binary(left: Syntax, op: Token, right: Syntax, kind: BinaryOp | CompareOp | 'and' | 'or'): Syntax {
    return {
      t: 'binary',
      op: kind,
      opStart: op.start,
      opEnd: op.end,
      left,
      right,
      start: left.start,
      end: right.end,
    };
  }

  private or(): Syntax {
    let left = this.and();
    while (this.peek().kind === 'or') {
      const op = this.next();
      left = this.binary(left, op, this.and(), 'or');
    }
    return left;
  }

  private and(): Syntax {
    let left = this.not();
    while (this.peek().kind === 'and') {
      const op = this.next();
      left = this.binary(left, op, this.not(), 'and');
    }
    return left;
  }

  private not(): Syntax {
    if (this.peek().kind !== 'not') return this.comparison();
    const op = this.next();
    const arg = this.enter(() => this.not());
    return { t: 'not', arg, opEnd: op.end, start: op.start, end: Math.max(op.end, arg.end) };
  }

  private isCompare(token: Token): boolean {
    return token.kind === 'op' && ['>', '>=', '<', '<=', '=', '!='].includes(token.op!);
  }

  private comparison(): Syntax {
    let left = this.additive();
    if (!this.isCompare(this.peek())) return left;
    const op = this.next();
    left = this.binary(left, op, this.additive(), op.op!);
    while (this.isCompare(this.peek())) {
      const extra = this.next();
      this.error(
        extra.start,
        extra.end,
        'comparisons cannot be chained; join two comparisons with AND, e.g. ctr > 0.01 AND ctr < 0.05',
      );
      const right = this.additive();
      left = { t: 'error', parts: [left, right], start: left.start, end: right.end };
    }
    return left;
  }

  private additive(): Syntax {
    let left = this.multiplicative();
    while (this.peek().kind === 'op' && (this.peek().op === '+' || this.peek().op === '-')) {
      const op = this.next();
      left = this.binary(left, op, this.multiplicative(), op.op!);
    }
    return left;
  }

  private multiplicative(): Syntax {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && (token.op === '*' || token.op === '/')) {
        this.next();
        left = this.binary(left, token, this.unary(), token.op);
      } else if (token.kind === 'bad' && this.startsOperand(this.tokens[this.index + 1]!)) {
        // A character the lexer already reported, standing where an operator belongs.
        this.next();
        const right = this.unary();
        left = { t: 'error', parts: [left, right], start: left.start, end: right.end };
      } else return left;
    }
  }

  private unary(): Syntax {
    const token = this.peek();
    if (token.kind === 'op' && (token.op === '-' || token.op === '+')) {
      this.next();
      const arg = this.enter(() => this.unary());
      if (token.op === '+') return { ...arg, start: token.start };
      return { t: 'negate', arg, start: token.start, end: Math.max(token.end, arg.end) };
    }
    return this.primary();
  }

  private primary(): Syntax {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.next();
        return { t: 'number', value: token.value!, start: token.start, end: token.end };
      case 'ident':
        this.next();
        if (this.peek().kind === '(') return this.call(token);
        return { t: 'ident', name: token.text, start: token.start, end: token.end };
      case '(': {
        this.next();
        const inner = this.expression();
        const end = this.close(token);
        return { t: 'paren', inner, start: token.start, end: Math.max(end, inner.end) };
      }
      case 'bad':
        this.next();
        return { t: 'error', parts: [], start: token.start, end: token.end };
      default: {
        const before = this.tokens[this.index - 1];
        const where = before ? `after ${describe(before)}` : `before ${describe(token)}`;
        this.error(
          token.start,
          token.end,
          `a value is missing ${where}: write a metric id, a number or a bracketed expression`,
        );
        return { t: 'error', parts: [], start: token.start, end: token.start };
      }
    }
  }

  /** Expects the ")" for `open`; reports it missing otherwise. Returns where the group ends. */
  private close(open: Token): number {
    if (this.peek().kind === ')') return this.next().end;
    this.error(
      open.start,
      open.end,
      `this "(" is never closed; add ")"${this.peek().kind === 'eof' ? ' at the end' : ` before ${describe(this.peek())}`}`,
    );
    return this.tokens[this.index - 1]?.end ?? open.end;
  }

  private call(name: Token): Syntax {
    const open = this.next();
    const args: Syntax[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.expression());
      for (;;) {
        if (this.peek().kind === ',') {
          this.next();
          args.push(this.expression());
        } else if (this.startsOperand(this.peek())) {
          this.error(
            this.peek().start,
            this.peek().end,
            `a comma is missing before ${describe(this.peek())}`,
          );
          args.push(this.expression());
        } else break;
      }
    }
    const end = this.close(open);
    return { t: 'call', name: name.text, nameEnd: name.end, args, start: name.start, end };
  }
}

/** The syntax tree of a formula; every problem found is added to `errors`. */
export function parseFormula(text: string, errors: FormulaError[]): Syntax {
  if (text.length > MAX_FORMULA_LENGTH) {
    errors.push({
      position: MAX_FORMULA_LENGTH,
      length: text.length - MAX_FORMULA_LENGTH,
      message: `a formula has at most ${MAX_FORMULA_LENGTH} characters; shorten it, or put a part in a custom column of its own`,
    });
    return { t: 'error', parts: [], start: 0, end: text.length };
  }
  return new Parser(tokenize(text, errors), errors).parseFormula();
}
