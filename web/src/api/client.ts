/**
 * The HTTP client of the web app: fetch with the bearer token from sessionStorage, problem+json
 * errors turned into `ApiError` with a Chinese message, and read-your-writes (`?after=`).
 */

export type Role =
  | 'person'
  | 'unit_admin'
  | 'department_reviewer'
  | 'district_reviewer'
  | 'city_reviewer'
  | 'base_operator'
  | 'auditor'
  | 'admin';

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName?: string;
  readonly roles: readonly Role[];
  readonly orgId: string;
  readonly personId?: string;
}

export interface StoredSession {
  readonly accessToken: string;
  readonly user: SessionUser;
}

/** RFC 9457 problem details as the API answers them (API.md "Errors"). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly code?: string;
  readonly detail?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

export type ErrorKind =
  'network' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'server';

/** A failed request, with a message fit to show to the user as is. */
export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.problem?.code;
  }

  /** Field errors of a 400/422 answer, for forms. */
  get fieldErrors(): readonly { readonly field: string; readonly message: string }[] {
    return this.problem?.errors ?? [];
  }
}

const SESSION_KEY = 'ce.session';
const CJK = /[\u3400-\u9fff]/;

/** Chinese text for a failure, from the problem the API sent (its title/detail are already Chinese). */
export function describeFailure(
  status: number,
  problem: Problem | null,
): { kind: ErrorKind; message: string } {
  // The API's own refusals speak Chinese; a framework's English fallback text is not shown.
  const said = [problem?.title, problem?.detail].filter(
    (s): s is string => typeof s === 'string' && CJK.test(s),
  );
  const unique = [...new Set(said)].join('：');
  switch (true) {
    case status === 401:
      return { kind: 'unauthorized', message: '登录已失效，请重新登录' };
    case status === 403:
      return { kind: 'forbidden', message: unique || '没有权限执行此操作' };
    case status === 404:
      return { kind: 'not_found', message: unique || '内容不存在或无权查看' };
    case status === 409:
      return {
        kind: 'conflict',
        message: `数据已被他人修改或状态已变化，请刷新后重试${unique ? `（${unique}）` : ''}`,
      };
    case status === 400 || status === 413 || status === 415 || status === 422:
      return { kind: 'invalid', message: unique || '提交的内容不符合要求' };
    default:
      return { kind: 'server', message: unique || `服务器出错（HTTP ${status}），请稍后重试` };
  }
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Read-your-writes: wait until the read models include this command position. */
  readonly after?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** Answer of every command (API.md "Consistency"). */
export interface CommandResult {
  readonly position?: string;
}

type Listener = () => void;

export class ApiClient {
  private session: StoredSession | null = readSession();
  private readonly unauthorizedListeners = new Set<Listener>();
  /** The newest position a command of this tab answered with. */
  lastPosition: string | null = null;

  get current(): StoredSession | null {
    return this.session;
  }

  setSession(session: StoredSession | null): void {
    this.session = session;
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  }

  /** Called when the server says the token is no longer valid (→ back to login). */
  onUnauthorized(listener: Listener): () => void {
    this.unauthorizedListeners.add(listener);
    return () => this.unauthorizedListeners.delete(listener);
  }

  async login(username: string, password: string): Promise<StoredSession> {
    const body = await this.send<StoredSession>(
      'POST',
      '/api/v1/auth/login',
      { username, password },
      {},
      false,
    );
    this.setSession(body);
    return body;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, undefined, options);
  }

  post<T = CommandResult>(path: string, body: unknown = {}, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, body, options);
  }

  /** A file (xlsx, PDF) as a blob with its suggested name. */
  async download(
    path: string,
    accept: string,
    options: RequestOptions = {},
  ): Promise<{ blob: Blob; filename: string | null }> {
    const response = await this.fetch(
      'GET',
      path,
      undefined,
      { ...options, headers: { accept, ...options.headers } },
      true,
    );
    const disposition = response.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await response.blob(), filename: star ? decodeURIComponent(star) : (plain ?? null) };
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    authenticated = true,
  ): Promise<T> {
    const response = await this.fetch(method, path, body, options, authenticated);
    const text = await response.text();
    const parsed: unknown = text.length > 0 ? safeJson(text) : null;
    if (method !== 'GET' && isRecord(parsed) && typeof parsed.position === 'string') {
      this.lastPosition = parsed.position;
    }
    return parsed as T;
  }

  private async fetch(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    authenticated = true,
  ): Promise<Response> {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    if (options.after) url.searchParams.set('after', options.after);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (authenticated && this.session) headers.authorization = `Bearer ${this.session.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError('network', 0, '无法连接服务器，请检查网络连接后重试');
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    const parsed = safeJson(text);
    const problem: Problem | null = isRecord(parsed) ? (parsed as Problem) : null;
    const { kind, message } = describeFailure(response.status, problem);
    if (response.status === 401 && authenticated) {
      this.setSession(null);
      for (const listener of this.unauthorizedListeners) listener();
    }
    if (response.status === 401 && !authenticated) {
      throw new ApiError('unauthorized', 401, problem?.detail || '用户名或密码不正确', problem);
    }
    throw new ApiError(kind, response.status, message, problem);
  }
}

function readSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return isRecord(parsed) && typeof parsed.accessToken === 'string'
      ? (parsed as unknown as StoredSession)
      : null;
  } catch {
    return null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fresh Idempotency-Key: one per user intent, so a double click or a retry does not act twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Non-secure contexts (plain http on a LAN address) lack randomUUID: build a v4 uuid by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The one client of the app. */
export const api = new ApiClient();
