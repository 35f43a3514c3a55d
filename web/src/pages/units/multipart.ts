import { ApiError, type Problem, api, describeFailure } from '../../api';

/**
 * A multipart upload (xlsx, CSV, PDF) to a command endpoint. The shared client sends JSON only, so
 * this sends the form itself, with the same bearer token, the same Chinese problem messages and the
 * same logout on 401.
 */
export async function postMultipart<T>(
  path: string,
  form: FormData,
  options: {
    readonly query?: Readonly<Record<string, string | number | undefined>>;
    readonly idempotencyKey?: string;
  } = {},
): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = api.current?.accessToken;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: form });
  } catch {
    throw new ApiError('network', 0, '无法连接服务器，请检查网络连接后重试');
  }
  const text = await response.text().catch(() => '');
  const parsed = parseJson(text);
  if (response.ok) {
    if (isRecord(parsed) && typeof parsed.position === 'string') api.lastPosition = parsed.position;
    return parsed as T;
  }
  const problem = isRecord(parsed) ? (parsed as Problem) : null;
  if (response.status === 401) {
    api.setSession(null);
    window.location.assign('/login');
  }
  // A proxy's or multer's 413 comes without a problem body: say what it means.
  if (response.status === 413 && !problem?.detail && !problem?.title) {
    throw new ApiError('invalid', 413, '文件太大，超过了系统允许的上传大小', problem);
  }
  const { kind, message } = describeFailure(response.status, problem);
  throw new ApiError(kind, response.status, message, problem);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "1.2 MB", "340 KB". */
export function readableSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} 字节`;
}
