import { comparePositions } from '@ce/event-store';

/** RFC 9457 problem+json as API.md "Errors" defines it. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

export interface LoggedInUser {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly orgId: string;
  readonly personId?: string;
}

export interface LoginBody {
  readonly accessToken: string;
  readonly user: LoggedInUser;
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  /** Wait for the read models to include this position (API.md "Consistency"). */
  readonly after?: string;
  readonly query?: Query;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTP answer: status, headers and the parsed body (JSON when the server sent JSON). */
export class ApiResponse {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly headers: Headers,
    readonly body: unknown,
  ) {}

  get contentType(): string {
    return this.headers.get('content-type') ?? '';
  }

  /** The body as `T` when the status is the expected one; otherwise fails with everything needed to see why. */
  expectStatus<T>(status: number): T {
    if (this.status !== status) {
      throw new Error(
        `${this.method} ${this.path}: expected HTTP ${status}, got ${this.status}: ${JSON.stringify(this.body)}`,
      );
    }
    return this.body as T;
  }

  /** A problem+json refusal with this status (and code, when given). */
  expectProblem(status: number | readonly number[], code?: string): Problem {
    const allowed = typeof status === 'number' ? [status] : status;
    if (!allowed.includes(this.status)) {
      throw new Error(
        `${this.method} ${this.path}: expected HTTP ${allowed.join(' or ')}, got ${this.status}: ${JSON.stringify(this.body)}`,
      );
    }
    if (!this.contentType.includes('application/problem+json')) {
      throw new Error(`${this.method} ${this.path}: expected problem+json, got '${this.contentType}'`);
    }
    const problem = this.body as Problem;
    if (problem.status !== this.status) {
      throw new Error(`${this.method} ${this.path}: problem status ${problem.status} ≠ HTTP ${this.status}`);
    }
    if (code !== undefined && problem.code !== code) {
      throw new Error(
        `${this.method} ${this.path}: expected code ${code}, got ${problem.code}: ${JSON.stringify(this.body)}`,
      );
    }
    return problem;
  }
}

/**
 * The server and the newest position any command answered with, shared by every session of one test
 * file: `getFresh` reads after everything written so far.
 */
export class Api {
  private latestPosition: string | null = null;

  constructor(readonly baseUrl: string) {}

  get latest(): string | null {
    return this.latestPosition;
  }

  note(position: unknown): void {
    if (typeof position !== 'string' || position.length === 0) return;
    if (this.latestPosition === null || comparePositions(position, this.latestPosition) > 0) {
      this.latestPosition = position;
    }
  }

  anonymous(): Session {
    return new Session(this, null, null);
  }

  async login(username: string, password: string): Promise<Session> {
    const response = await this.anonymous().post('/api/v1/auth/login', { username, password });
    const body = response.expectStatus<LoginBody>(200);
    return new Session(this, body.accessToken, body.user);
  }
}

/** A signed-in caller (or an anonymous one): a typed fetch wrapper over `/api/v1`. */
export class Session {
  constructor(
    readonly api: Api,
    readonly token: string | null,
    private readonly loggedIn: LoggedInUser | null,
  ) {}

  get user(): LoggedInUser {
    if (!this.loggedIn) throw new Error('an anonymous session has no user');
    return this.loggedIn;
  }

  get userId(): string {
    return this.user.id;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse> {
    const url = new URL(path, this.api.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    if (options.after !== undefined) url.searchParams.set('after', options.after);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed: unknown = text.length > 0 && type.includes('json') ? JSON.parse(text) : text;
    const result = new ApiResponse(
      method,
      `${url.pathname}${url.search}`,
      response.status,
      response.headers,
      parsed,
    );
    if (response.status < 300 && typeof parsed === 'object' && parsed !== null && 'position' in parsed) {
      this.api.note(parsed.position);
    }
    if (options.after !== undefined && response.headers.get('x-stale') === 'true') {
      throw new Error(`${method} ${result.path}: the read models did not catch up (X-Stale: true)`);
    }
    return result;
  }

  post(path: string, body: unknown = {}, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('POST', path, body, options);
  }

  get(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('GET', path, undefined, options);
  }

  /** A GET that waits until the read models include every command answered so far. */
  getFresh(path: string, options: Omit<RequestOptions, 'after'> = {}): Promise<ApiResponse> {
    const after = this.api.latest;
    return this.get(path, after === null ? options : { ...options, after });
  }
}
