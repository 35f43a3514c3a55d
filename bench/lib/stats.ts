/** Small statistics helpers for the benchmarks. */

/** Nearest-rank percentile (p in 0..100) of an ascending-sorted array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] ?? Number.NaN;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
}

/** Rounds to `digits` decimals; keeps JSON output short. Non-finite values become null. */
export function round(value: number, digits = 3): number | null {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b, or null when either side is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return round(a / b, 3);
}

/** Accumulates the measured segments of one system in one case (work done, wall time, latencies). */
export class Tally {
  events = 0;
  calls = 0;
  elapsedMs = 0;
  readonly latenciesMs: number[] = [];

  add(segment: { events: number; calls: number; elapsedMs: number; latenciesMs?: readonly number[] }): void {
    this.events += segment.events;
    this.calls += segment.calls;
    this.elapsedMs += segment.elapsedMs;
    if (segment.latenciesMs) for (const l of segment.latenciesMs) this.latenciesMs.push(l);
  }

  eventsPerSecond(): number {
    return this.elapsedMs > 0 ? (this.events * 1000) / this.elapsedMs : Number.NaN;
  }
}
