/**
 * Domain errors carry a stable code (`HOUR_CLAIM.COMPETITION_CAP_EXCEEDED`) that clients may rely on.
 * They are mapped to HTTP problem+json in exactly one place (the kernel's exception filter).
 */
export type ErrorKind =
  | 'rule' // 422: a domain rule says no
  | 'conflict' // 409: concurrency conflict or the state no longer allows it
  | 'not_found' // 404
  | 'forbidden' // 403
  | 'invalid' // 400: malformed input
  | 'unauthenticated'; // 401

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind = 'rule',
    readonly errors: readonly FieldError[] = [],
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class RuleViolation extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 'rule', [], details);
    this.name = 'RuleViolation';
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 'conflict', [], details);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'not_found');
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'forbidden');
    this.name = 'ForbiddenError';
  }
}

export class InvalidInputError extends DomainError {
  constructor(code: string, message: string, errors: readonly FieldError[] = []) {
    super(code, message, 'invalid', errors);
    this.name = 'InvalidInputError';
  }
}
