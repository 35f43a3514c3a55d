import { useEffect, useState } from 'react';
import { api } from '../../api';

/**
 * The server's clock. Demos and tests run it "in 2020", so the browser's calendar is no guide to
 * "this year" or "days left". `GET /api/v1/clock` answers the domain clock for any signed-in user;
 * the offset to the browser's clock is kept, so the time runs on. Asked once per page load; the
 * browser's clock while it is not known or cannot be asked.
 */
let asked: Promise<number> | null = null;
let offsetMs: number | null = null;

async function readServerOffset(): Promise<number> {
  const answer = await api.get<{ now?: string }>('/api/v1/clock');
  const now = answer.now ? Date.parse(answer.now) : Number.NaN;
  return Number.isFinite(now) ? now - Date.now() : 0;
}

function askServerOffset(): Promise<number> {
  asked ??= readServerOffset()
    // One more try after a moment (a busy server), then the browser's clock for this page.
    .catch(() => new Promise<number>((resolve) => setTimeout(resolve, 1500)).then(readServerOffset))
    .then((offset) => {
      offsetMs = offset;
      return offset;
    })
    .catch(() => {
      asked = null;
      return 0;
    });
  return asked;
}

/** The server's now in milliseconds (the browser's until the offset is known). */
export function serverNow(): number {
  return Date.now() + (offsetMs ?? 0);
}

/** The year in Yantai (UTC+8) at an instant. */
export const yantaiYear = (ms: number): number => new Date(ms + 8 * 3_600_000).getUTCFullYear();

/** The server's clock offset to the browser's, or null until known. */
function useServerOffset(): number | null {
  const [offset, setOffset] = useState<number | null>(offsetMs);
  useEffect(() => {
    if (offsetMs !== null) return undefined;
    let live = true;
    void askServerOffset().then((o) => {
      if (live) setOffset(o);
    });
    return () => {
      live = false;
    };
  }, []);
  return offset;
}

/** The server's current year (Yantai time), or null until known. */
export function useServerYear(): number | null {
  const offset = useServerOffset();
  return offset === null ? null : yantaiYear(Date.now() + offset);
}

/** A function giving the server's now, and whether it is known yet. */
export function useServerNow(): { now: () => number; known: boolean } {
  const offset = useServerOffset();
  return { now: serverNow, known: offset !== null };
}

/** Years offered in year pickers: a few back and the next. */
export function yearOptions(current: number): { value: number; label: string }[] {
  return [current + 1, current, current - 1, current - 2, current - 3].map((y) => ({
    value: y,
    label: `${y}年`,
  }));
}
