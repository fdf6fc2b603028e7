// Every error a user can see has a stable code, a message that says what to do, and (where it applies)
// the field or position it is about. Anything else is internal and is never shown raw.

export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'unknown_metric'
  | 'unknown_dimension'
  | 'invalid_formula'
  | 'invalid_date_range'
  | 'invalid_credentials'
  | 'csrf_failed'
  | 'too_many_attempts'
  | 'internal';

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unknown_metric: 400,
  unknown_dimension: 400,
  invalid_formula: 400,
  invalid_date_range: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  too_many_attempts: 429,
  not_found: 404,
  conflict: 409,
  internal: 500,
};

export interface ErrorDetail {
  /** The field, path or position the problem is about, e.g. `metrics[2]` or `from`. */
  field?: string;
  message: string;
  /** For text such as a formula: the 0-based offset and length of the part the problem is about. */
  position?: number;
  length?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return statusOf[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function notFound(what: string, id: string): AppError {
  return new AppError('not_found', `${what} "${id}" does not exist. Check the id, or list them first.`);
}
