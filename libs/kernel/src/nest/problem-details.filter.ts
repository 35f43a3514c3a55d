import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type ErrorKind, type FieldError } from '../domain/errors';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  rule: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  unauthenticated: 401,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'REQUEST.CONFLICT',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
  500: 'INTERNAL',
};

/** Errors of the event store (and others) that carry a stable code of their own. */
interface CodedError {
  code: string;
  message: string;
}

const CONFLICT_CODES = new Set(['EVENT_STORE.WRONG_EXPECTED_REVISION', 'EVENT_STORE.DUPLICATE_EVENT_ID']);

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) {
    const status = STATUS_BY_KIND[error.kind];
    return problem(
      status,
      error.code,
      error.message,
      error.errors.length ? [...error.errors] : undefined,
      error.details,
    );
  }
  if (isCoded(error) && CONFLICT_CODES.has(error.code)) {
    return problem(
      409,
      error.code,
      'The record was changed by someone else meanwhile; reload it and try again.',
    );
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const messages = typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
    if (Array.isArray(messages)) {
      const errors = messages.map((m) => fieldError(String(m)));
      return problem(
        status,
        CODE_BY_STATUS[status] ?? 'REQUEST.INVALID',
        'The request has invalid fields.',
        errors,
      );
    }
    const code =
      typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'string'
        ? body.code
        : (CODE_BY_STATUS[status] ?? `HTTP.${status}`);
    return problem(status, code, typeof messages === 'string' ? messages : error.message);
  }
  return problem(500, 'INTERNAL', 'An unexpected error occurred; it has been logged.');
}

function problem(
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  extensions: Readonly<Record<string, unknown>> = {},
): ProblemDetails {
  return {
    ...extensions,
    type: `urn:problem:${code.toLowerCase()}`,
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors ? { errors } : {}),
  };
}

/** class-validator messages start with the property name ("hours must be a number"). */
function fieldError(message: string): FieldError {
  const unknown = /^property (\S+) should not exist$/.exec(message)?.[1];
  const field = unknown ?? /^([\w.[\]]+) /.exec(message)?.[1] ?? '';
  return { field, message };
}

function isCoded(error: unknown): error is CodedError {
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

/** The one place where errors become HTTP responses: RFC 9457 problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toProblem(error);
    if (body.status >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (response.headersSent) return;
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
