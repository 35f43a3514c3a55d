import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore, comparePositions } from '@ce/event-store';
import { ProjectionsQuery, rebuildProjection, streamIndexProjection } from '@ce/projections';
import { createTestDatabase, projectionsDataSource, type TestDatabase } from '@ce/testing';
import type { DataSource } from 'typeorm';
import { buildOnce, startSystemProcess, type SystemProcess } from '../support/system-process';

/**
 * The worker is a real process: kill -9 it while a batch transaction is open, restart it, and the
 * read model must equal one built from scratch — nothing lost, nothing applied twice.
 */
describe('projection worker killed mid-batch', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let worker: SystemProcess | undefined;

  beforeAll(async () => {
    buildOnce();
    db = await createTestDatabase('crash');
    store = new PostgresEventStore({ connectionString: db.url });
    await store.migrate();
    dataSource = await projectionsDataSource(db.url);
  }, 180_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  /** Appends one after another and answers the last position: every earlier event sorts before it. */
  const appendStreams = async (count: number): Promise<string> => {
    let last = '';
    for (let s = 0; s < count; s++) {
      ({ position: last } = await store.append(
        `hour-claim-${randomUUID()}`,
        Array.from({ length: 5 }, (_, i) => ({
          id: randomUUID(),
          type: `hour-claim.step${i}.v1`,
          data: { i },
        })),
        { expectedRevision: 'no_stream' },
      ));
    }
    return last;
  };

  const checkpoint = async (): Promise<string | null> => {
    const rows: { position: string | null }[] = await dataSource.query(
      `SELECT position FROM projection_checkpoints WHERE name = 'stream-index'`,
    );
    return rows[0]?.position ?? null;
  };

  const workerEnv = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    ROLE: 'worker',
    CE_PROJECTION_BATCH_SIZE: '100',
    ...extra,
  });

  it('resumes from its checkpoint and ends equal to a rebuild from scratch', async () => {
    const head = await appendStreams(400); // 2,000 events

    // Each batch sleeps 300 ms inside its transaction, so a kill lands inside one.
    worker = await startSystemProcess(workerEnv({ CE_PROJECTION_APPLY_DELAY_MS: '300' }), 'worker');
    const deadline = Date.now() + 30_000;
    let inFlight = false;
    while (Date.now() < deadline) {
      const position = await checkpoint();
      const sleeping: unknown[] = await dataSource.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`,
      );
      if (position !== null && sleeping.length > 0) {
        inFlight = true;
        break;
      }
      await sleep(20);
    }
    expect(inFlight).toBe(true);
    await worker.kill('SIGKILL');
    worker = undefined;

    const atCrash = await checkpoint();
    expect(atCrash).not.toBeNull();
    expect(comparePositions(atCrash, head)).toBeLessThan(0); // it died before the end
    const applied: { n: string }[] = await dataSource.query(
      `SELECT count(*)::text AS n FROM rm_stream_index`,
    );
    expect(Number(applied[0]?.n)).toBeLessThan(400);

    // More work arrives while it is down.
    // (The head a reader sees can trail behind a projection transaction open at that moment, so wait
    // for the position the last append answered, not for `headPosition()`.)
    const newHead = await appendStreams(40);

    worker = await startSystemProcess(workerEnv(), 'worker');
    const query = new ProjectionsQuery(dataSource, store, [streamIndexProjection]);
    expect(await query.waitFor(newHead, 60_000)).toBe(true);

    const rebuilt = await rebuildProjection(dataSource, store, streamIndexProjection, { compare: true });
    // Our 2,200 events, plus what the worker itself wrote on start (the root organisation).
    const stored: { streams: string; events: string }[] = await dataSource.query(
      `SELECT count(DISTINCT stream_id)::text AS streams, count(*)::text AS events FROM es_events`,
    );
    expect(Number(stored[0]?.events)).toBeGreaterThanOrEqual(2_200);
    expect(rebuilt.eventsApplied).toBe(Number(stored[0]?.events));
    expect(rebuilt.differences).toEqual([
      { table: 'rm_stream_index', onlyInLive: 0, onlyInRebuild: 0, samples: [] },
    ]);
    const totals: { streams: string; events: string }[] = await dataSource.query(
      `SELECT count(*)::text AS streams, sum(event_count)::text AS events FROM rm_stream_index`,
    );
    expect(totals[0]).toEqual(stored[0]);
  });
});
