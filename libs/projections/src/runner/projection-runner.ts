import { setTimeout as sleep } from 'node:timers/promises';
import { comparePositions, type EventStore, type ReadAllResult } from '@ce/event-store';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Projection } from '../projection';

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** How often a standby runner tries to take over the projection. */
  readonly lockRetryMs?: number;
  /** Fault injection for crash tests: sleep inside each batch's transaction before committing. */
  readonly applyDelayMs?: number;
  readonly onBatch?: (info: {
    projection: string;
    events: number;
    position: string | null;
    ms: number;
  }) => void;
  readonly onError?: (error: unknown, projection: string) => void;
  /**
   * The session holding the projection's advisory lock. Runners of DIFFERENT projections in one process
   * share one (one connection for all their locks, instead of one pooled connection each); without it
   * the runner has a session of its own. Never share one between two runners of the same projection:
   * advisory locks are re-entrant within a session, so both would think they own it.
   */
  readonly locks?: ProjectionLocks;
}

export type RunnerStatus = 'idle' | 'standby' | 'running' | 'stopped' | 'failed';

/** Advisory-lock namespace (first key) for projection ownership. */
const LOCK_NAMESPACE = 724_300;

export class CheckpointMovedError extends Error {
  constructor(projection: string) {
    super(`Checkpoint of projection ${projection} was moved by another runner; batch rolled back`);
  }
}

/** Ensures the checkpoint row exists and returns its position. */
export async function readCheckpoint(db: DataSource | EntityManager, name: string): Promise<string | null> {
  await db.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [
    name,
  ]);
  const rows: { position: string | null }[] = await db.query(
    `SELECT position FROM projection_checkpoints WHERE name = $1`,
    [name],
  );
  return rows[0]?.position ?? null;
}

/**
 * Applies one page of events and moves the checkpoint in the same transaction. The checkpoint
 * update is a compare-and-set: if another runner moved it meanwhile, everything rolls back.
 */
export async function applyPage(
  manager: EntityManager,
  projection: Projection,
  name: string,
  from: string | null,
  page: Pick<ReadAllResult, 'events' | 'position'>,
  applyDelayMs = 0,
): Promise<void> {
  if (page.events.length > 0) await projection.apply(page.events, manager);
  if (applyDelayMs > 0) await manager.query('SELECT pg_sleep($1)', [applyDelayMs / 1000]);
  const moved: { n: number }[] = await manager.query(
    `WITH u AS (
       UPDATE projection_checkpoints
          SET position = $2, events_applied = events_applied + $3, updated_at = now()
        WHERE name = $1 AND position IS NOT DISTINCT FROM $4
       RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
    [name, page.position, page.events.length, from],
  );
  if (moved[0]?.n !== 1) throw new CheckpointMovedError(name);
}

/**
 * One database session holding the advisory locks of the projections a process runs. Locks live as
 * long as the session: when a query on it fails the session is dropped (its locks are gone with it)
 * and the next `acquire` opens a new one.
 */
export class ProjectionLocks {
  private session: Promise<QueryRunner> | undefined;
  private readonly held = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  /** One query at a time on the shared connection (pg deprecates concurrent queries on one client). */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Whether this session holds the projection's lock, taking it if it is free. */
  acquire(name: string): Promise<boolean> {
    return this.serial(() => this.acquireNow(name));
  }

  release(name: string): Promise<void> {
    return this.serial(() => this.releaseNow(name));
  }

  close(): Promise<void> {
    return this.serial(() => this.closeNow());
  }

  private async acquireNow(name: string): Promise<boolean> {
    const session = await this.connect();
    try {
      if (this.held.has(name)) {
        await session.query('SELECT 1'); // still ours as long as the session lives
        return true;
      }
      const rows = (await session.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`, [
        LOCK_NAMESPACE,
        name,
      ])) as { ok: boolean }[];
      if (rows[0]?.ok) this.held.add(name);
      return rows[0]?.ok === true;
    } catch (error) {
      await this.closeNow();
      throw error;
    }
  }

  private async releaseNow(name: string): Promise<void> {
    if (!this.held.delete(name) || !this.session) return;
    const session = await this.session.catch(() => undefined);
    if (!session || session.isReleased) return;
    await session
      .query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOCK_NAMESPACE, name])
      .catch(() => undefined);
  }

  /**
   * Releases every lock and gives the connection back. The pool keeps the connection open, so the
   * locks are released explicitly: session-level advisory locks would otherwise outlive `release()`.
   */
  private async closeNow(): Promise<void> {
    const pending = this.session;
    this.session = undefined;
    this.held.clear();
    const session = await pending?.catch(() => undefined);
    if (!session || session.isReleased) return;
    await session.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await session.release().catch(() => undefined);
  }

  private connect(): Promise<QueryRunner> {
    if (!this.session) {
      const session = this.dataSource.createQueryRunner();
      this.session = session.connect().then(
        () => session,
        (error: unknown) => {
          this.session = undefined;
          throw error;
        },
      );
    }
    return this.session;
  }
}

/**
 * Runs one projection: catch up from the stored checkpoint, then follow `$all`. Only the process
 * holding the projection's advisory lock runs it; the others wait as standbys and take over
 * when the holder's session ends (crash, shutdown).
 */
export class ProjectionRunner {
  private status_: RunnerStatus = 'idle';
  private lastError_: string | undefined;
  private controller = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly locks: ProjectionLocks;
  /** The runner's own lock session (closed when it stops), unless it shares the process's. */
  private readonly ownLocks: boolean;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.ownLocks = !options.locks;
    this.locks = options.locks ?? new ProjectionLocks(dataSource);
  }

  get status(): RunnerStatus {
    return this.status_;
  }

  get lastError(): string | undefined {
    return this.lastError_;
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.loop = undefined;
    this.status_ = 'stopped';
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (!(await this.acquireLock())) {
          this.status_ = 'standby';
          await sleep(this.options.lockRetryMs ?? 1000, undefined, { signal }).catch(() => undefined);
          continue;
        }
        this.status_ = 'running';
        this.lastError_ = undefined;
        await this.follow(signal);
      } catch (error) {
        if (signal.aborted) break;
        this.status_ = 'failed';
        this.lastError_ = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error, this.projection.name);
        await this.releaseLock();
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
    await this.releaseLock();
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const name = this.projection.name;
    let checkpoint = await readCheckpoint(this.dataSource, name);
    const filter = this.projection.eventTypes ? { eventTypes: this.projection.eventTypes } : undefined;
    while (!signal.aborted) {
      const started = performance.now();
      const page = await this.store.readAll({
        after: checkpoint,
        maxCount: this.options.batchSize ?? 500,
        ...(filter ? { filter } : {}),
      });
      if (comparePositions(page.position, checkpoint) > 0) {
        const from = checkpoint;
        await this.dataSource.transaction((manager) =>
          applyPage(manager, this.projection, name, from, page, this.options.applyDelayMs),
        );
        checkpoint = page.position;
        this.options.onBatch?.({
          projection: name,
          events: page.events.length,
          position: checkpoint,
          ms: performance.now() - started,
        });
      }
      if (page.endOfAll) {
        await sleep(this.options.pollIntervalMs ?? 25, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private acquireLock(): Promise<boolean> {
    return this.locks.acquire(this.projection.name);
  }

  private async releaseLock(): Promise<void> {
    if (this.ownLocks) await this.locks.close();
    else await this.locks.release(this.projection.name);
  }
}
