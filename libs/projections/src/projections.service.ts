import { setTimeout as sleep } from 'node:timers/promises';
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
   */
  async waitFor(
    position: string,
    timeoutMs = 5000,
    names: readonly string[] = this.names(),
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = await this.positions();
      if (names.every((n) => comparePositions(positions.get(n) ?? null, position) >= 0)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(20, Math.max(1, deadline - Date.now())));
    }
  }
}
