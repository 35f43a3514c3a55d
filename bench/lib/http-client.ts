/** A small JSON-over-HTTP client for the benchmarks that run the system as a real process. */
import { performance } from 'node:perf_hooks';

export type Method = 'GET' | 'POST';

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** Wall time from sending the request until the whole body was read. */
  readonly ms: number;
  /** The server answered `X-Stale: true` (a GET with `?after=` timed out waiting for the read models). */
  readonly stale: boolean;
}

export class HttpError extends Error {
  constructor(
    readonly method: Method,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  }

  /** The problem-details `code`, when the body has one. */
  get code(): string | undefined {
    if (typeof this.body === 'object' && this.body !== null && 'code' in this.body) {
      const code = this.body.code;
      return typeof code === 'string' ? code : undefined;
    }
    return undefined;
  }
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async call(
    method: Method,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    const started = performance.now();
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    return { status: response.status, body, ms, stale: response.headers.get('x-stale') === 'true' };
  }

  /** Like `call`, but throws an HttpError unless the status is one of `expected`. */
  async expect(
    method: Method,
    path: string,
    expected: number | readonly number[],
    options: { token?: string; body?: unknown } = {},
  ): Promise<ApiResponse> {
    const response = await this.call(method, path, options);
    const ok =
      typeof expected === 'number' ? response.status === expected : expected.includes(response.status);
    if (!ok) throw new HttpError(method, path, response.status, response.body);
    return response;
  }
}

/** Narrows a JSON value to an object; throws naming `what` otherwise. */
export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${what}: expected an object, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Record<string, unknown>;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${what}: expected an array, got ${typeof value}`);
  return value as unknown[];
}

export function stringField(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  if (typeof value !== 'string') throw new TypeError(`field ${key}: expected a string, got ${typeof value}`);
  return value;
}

export function numberField(object: Record<string, unknown>, key: string): number {
  const value = object[key];
  if (typeof value !== 'number') throw new TypeError(`field ${key}: expected a number, got ${typeof value}`);
  return value;
}

export function optionalStringField(object: Record<string, unknown>, key: string): string | null {
  const value = object[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new TypeError(`field ${key}: expected a string, got ${typeof value}`);
  return value;
}
