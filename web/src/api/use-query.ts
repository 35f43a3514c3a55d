import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | null;
  readonly loading: boolean;
  /** Loads again; pass the position a command answered with to read your own write. */
  reload(after?: string | null): void;
}

/**
 * Loads `load(signal, after)` when `key` changes (null: do not load). The latest answer wins; an
 * older request still in flight is aborted.
 */
export function useQuery<T>(
  key: string | null,
  load: (signal: AbortSignal, after: string | null) => Promise<T>,
): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [generation, setGeneration] = useState<{ n: number; after: string | null }>({ n: 0, after: null });
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loadRef
      .current(controller.signal, generation.after)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
        setLoading(false);
      });
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback((after?: string | null) => {
    setGeneration((g) => ({ n: g.n + 1, after: after ?? null }));
  }, []);

  return { data, error, loading, reload };
}
