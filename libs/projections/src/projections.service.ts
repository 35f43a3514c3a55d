import { comparePositions, type EventStore } from '@ce/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import type { RunnerStatus } from './runner/projection-runner';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: string | null;
  readonly lagEvents: number;
  readonly lagSeconds: number;
  /** `running`/`standby`/`failed` where this process runs it; otherwise `live` or `catching_up`. */
  readonly status: RunnerStatus | 'live' | 'catching_up';
  readonly lastError?: string;
}

interface Waiter {
  readonly position: string;
  readonly names: readonly string[];
  readonly deadline: number;
  readonly resolve: (caughtUp: boolean) => void;
}

/** How often waiting requests look at the checkpoints. */
const POLL_MS = 15;

/** Lag counts stop here: beyond it the figure only says "a lot". */
const LAG_COUNT_LIMIT = 1_000_000;

/** Read-side view of the projections: checkpoints, lag, and waiting for one's own write. */
export class ProjectionsQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly runnerState: (
      name: string,
    ) => { status: RunnerStatus; lastError?: string } | undefined = () => undefined,
  ) {}

  names(): string[] {
    return this.projections.map((p) => p.name);
  }

  async positions(): Promise<Map<string, string | null>> {
    const rows: { name: string; position: string | null }[] = await this.dataSource.query(
      `SELECT name, position FROM projection_checkpoints WHERE name = ANY ($1::text[])`,
      [this.names()],
    );
    const map = new Map<string, string | null>(this.names().map((n) => [n, null]));
    for (const row of rows) map.set(row.name, row.position);
    return map;
  }

  async status(now: Date = new Date()): Promise<ProjectionStatus[]> {
    const positions = await this.positions();
    return Promise.all(
      this.projections.map(async (projection) => {
        const position = positions.get(projection.name) ?? null;
        const next = await this.store.readAll({ after: position, maxCount: 1 });
        const oldest = next.events[0];
        const lagEvents = oldest
          ? ((await this.store.countEventsAfter?.(position, LAG_COUNT_LIMIT)) ?? 1)
          : 0;
        const lagSeconds = oldest ? Math.max(0, (now.getTime() - oldest.recordedAt.getTime()) / 1000) : 0;
        const runner = this.runnerState(projection.name);
        return {
          name: projection.name,
          position,
          lagEvents,
          lagSeconds,
          status: runner?.status ?? (lagEvents === 0 ? 'live' : 'catching_up'),
          ...(runner?.lastError ? { lastError: runner.lastError } : {}),
        };
      }),
    );
  }

  /**
   * Waits until every named projection (default: all) has processed `position`. Answers false
   * when the time ran out first: the caller then serves what it has and says it may be stale.
   * All waiters share one poll of the checkpoints (and are woken at once when a runner in this
   * process commits), so many waiting requests cost one query per tick, not one each.
   */
  waitFor(position: string, timeoutMs = 5000, names: readonly string[] = this.names()): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { position, names, deadline: Date.now() + timeoutMs, resolve };
      this.waiters.add(waiter);
      void this.poll();
    });
  }

  /** A runner of this process committed a batch: look again now rather than at the next tick. */
  notify(): void {
    this.wakeUp?.();
  }

  private readonly waiters = new Set<Waiter>();
  private polling = false;
  private wakeUp: (() => void) | undefined;

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        let positions: Map<string, string | null> | undefined;
        try {
          positions = await this.positions();
        } catch {
          positions = undefined; // the database hiccuped: try again next tick, deadlines still apply
        }
        const now = Date.now();
        for (const waiter of this.waiters) {
          const done =
            positions !== undefined &&
            waiter.names.every((n) => comparePositions(positions?.get(n) ?? null, waiter.position) >= 0);
          if (done || now >= waiter.deadline) {
            this.waiters.delete(waiter);
            waiter.resolve(done);
          }
        }
        if (this.waiters.size === 0) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    } finally {
      this.polling = false;
    }
  }
}
