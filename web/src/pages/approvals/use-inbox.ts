import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Inbox, type SubjectType, type Task } from '../../api';

export interface InboxFilters {
  readonly subjectType?: SubjectType;
  readonly year?: number;
  readonly districtId?: string;
  readonly status?: 'open' | 'claimed';
  readonly overdue?: boolean;
}

export interface InboxState {
  readonly items: readonly Task[];
  readonly counts: { readonly open: number; readonly claimed: number } | null;
  readonly now: number;
  readonly hasMore: boolean;
  /** First page loading (filters changed, refresh). */
  readonly loading: boolean;
  readonly loadingMore: boolean;
  readonly error: ApiError | null;
  loadMore(): void;
  /** Loads the list again from its start; pass a command's position to see its effect. */
  refresh(after?: string | null): void;
}

const PAGE = 50;

/**
 * The approver's inbox, a page at a time in due-date order (the API's keyset cursor): never the
 * whole queue, however many thousands of tasks are open.
 */
export function useInbox(filters: InboxFilters): InboxState {
  const [items, setItems] = useState<readonly Task[]>([]);
  const [counts, setCounts] = useState<InboxState['counts']>(null);
  const [now, setNow] = useState(() => Date.now());
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState<{ n: number; after: string | null; keep: number }>({
    n: 0,
    after: null,
    keep: PAGE,
  });
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const filterKey = JSON.stringify(filters);
  // The same filters object as long as their values stay the same (the page builds a new one each render).
  const stable = useMemo(() => JSON.parse(filterKey) as InboxFilters, [filterKey]);
  const active = useRef<AbortController | null>(null);

  const query = useCallback(
    (extra: Record<string, string | number | undefined>) => ({
      subjectType: stable.subjectType,
      year: stable.year,
      districtId: stable.districtId,
      status: stable.status,
      overdue: stable.overdue ? 'true' : undefined,
      ...extra,
    }),
    [stable],
  );

  const accept = (page: Inbox) => {
    setCounts(page.counts ?? null);
    if (page.now) setNow(Date.parse(page.now));
    setCursor(page.nextCursor);
  };

  useEffect(() => {
    active.current?.abort();
    const controller = new AbortController();
    active.current = controller;
    setLoading(true);
    setError(null);
    api
      .get<Inbox>('/api/v1/tasks', {
        query: query({ limit: Math.min(200, Math.max(PAGE, generation.keep)) }),
        after: generation.after,
        signal: controller.signal,
      })
      .then((page) => {
        if (controller.signal.aborted) return;
        setItems(page.items);
        accept(page);
        setLoading(false);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
        setLoading(false);
      });
    return () => controller.abort();
  }, [query, generation]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const controller = new AbortController();
    active.current = controller;
    setLoadingMore(true);
    api
      .get<Inbox>('/api/v1/tasks', { query: query({ limit: PAGE, cursor }), signal: controller.signal })
      .then((page) => {
        if (controller.signal.aborted) return;
        const seen = new Set(itemsRef.current.map((t) => t.id));
        setItems([...itemsRef.current, ...page.items.filter((t) => !seen.has(t.id))]);
        accept(page);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
      })
      .finally(() => setLoadingMore(false));
  }, [cursor, query]);

  const refresh = useCallback((after?: string | null) => {
    setGeneration((g) => ({ n: g.n + 1, after: after ?? null, keep: itemsRef.current.length }));
  }, []);

  return { items, counts, now, hasMore: cursor !== null, loading, loadingMore, error, loadMore, refresh };
}
