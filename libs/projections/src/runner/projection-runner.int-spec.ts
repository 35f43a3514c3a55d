import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore } from '@ce/event-store';
import { createTestDatabase, projectionsDataSource, type TestDatabase } from '@ce/testing';
import type { DataSource } from 'typeorm';
import { ProjectionsQuery } from '../projections.service';
import { streamIndexProjection } from '../stream-index/stream-index.projection';
import { ProjectionRunner, readCheckpoint } from './projection-runner';
import { rebuildProjection } from './rebuild';

describe('projection runner on PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let query: ProjectionsQuery;

  const appendMany = async (streams: number, perStream: number, prefix = 'hour-claim') => {
    let position = '';
    for (let s = 0; s < streams; s++) {
      const result = await store.append(
        `${prefix}-${randomUUID()}`,
        Array.from({ length: perStream }, (_, i) => ({
          id: randomUUID(),
          type: `thing.step${i}.v1`,
          data: { i },
        })),
        { expectedRevision: 'no_stream' },
      );
      position = result.position;
    }
    return position;
  };

  /** What the stream index must hold, computed straight from the event table. */
  const expectedIndex = async (): Promise<unknown[]> =>
    dataSource.query(`
      SELECT e.stream_id, max(e.revision)::text AS revision, count(*)::text AS event_count,
             (array_agg(e.type ORDER BY e.revision DESC))[1] AS last_event_type
        FROM es_events e GROUP BY e.stream_id ORDER BY e.stream_id`);
  const actualIndex = async (): Promise<unknown[]> =>
    dataSource.query(`
      SELECT stream_id, revision::text AS revision, event_count::text AS event_count, last_event_type
        FROM rm_stream_index ORDER BY stream_id`);

  beforeAll(async () => {
    db = await createTestDatabase('runner');
    store = new PostgresEventStore({ connectionString: db.url });
    await store.migrate();
    dataSource = await projectionsDataSource(db.url);
    query = new ProjectionsQuery(dataSource, store, [streamIndexProjection]);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('catches up, follows live appends, and lets a query wait for its own write', async () => {
    await appendMany(30, 4);
    const runner = new ProjectionRunner(streamIndexProjection, store, dataSource, {
      batchSize: 25,
      pollIntervalMs: 5,
    });
    runner.start();
    try {
      const head = await store.headPosition();
      expect(head).not.toBeNull();
      expect(await query.waitFor(head ?? '', 10_000)).toBe(true);
      expect(await actualIndex()).toEqual(await expectedIndex());

      const written = await appendMany(1, 3);
      expect(await query.waitFor(written, 5_000)).toBe(true);
      expect(await actualIndex()).toEqual(await expectedIndex());
      const [status] = await query.status();
      expect(status).toMatchObject({ name: 'stream-index', lagEvents: 0, lagSeconds: 0 });
    } finally {
      await runner.stop();
    }
  });

  it('reports lag while stopped, and a wait that times out says so', async () => {
    const written = await appendMany(5, 2);
    const [status] = await query.status();
    expect(status?.lagEvents).toBe(10);
    expect(status?.status).toBe('catching_up');
    expect(await query.waitFor(written, 100)).toBe(false);
  });

  it('runs each projection in one process only; a standby takes over when the owner stops', async () => {
    const first = new ProjectionRunner(streamIndexProjection, store, dataSource, {
      pollIntervalMs: 5,
      lockRetryMs: 50,
    });
    const second = new ProjectionRunner(streamIndexProjection, store, dataSource, {
      pollIntervalMs: 5,
      lockRetryMs: 50,
    });
    first.start();
    await sleep(200);
    second.start();
    await sleep(200);
    expect([first.status, second.status].sort()).toEqual(['running', 'standby']);
    const owner = first.status === 'running' ? first : second;
    const standby = owner === first ? second : first;
    await owner.stop();
    const written = await appendMany(3, 2);
    expect(await query.waitFor(written, 5_000)).toBe(true);
    expect(standby.status).toBe('running');
    await standby.stop();
    expect(await actualIndex()).toEqual(await expectedIndex());
  });

  it('rolls a batch back when another runner moved the checkpoint meanwhile', async () => {
    const before = await readCheckpoint(dataSource, streamIndexProjection.name);
    await appendMany(2, 1);
    // Someone else claims the checkpoint first: the runner's compare-and-set must fail.
    const { applyPage } = await import('./projection-runner');
    // The two events become visible once no older transaction anywhere in the cluster is open.
    let page = await store.readAll({ after: before });
    for (let i = 0; i < 100 && page.events.length < 2; i++) {
      await sleep(50);
      page = await store.readAll({ after: before });
    }
    expect(page.events).toHaveLength(2);
    await dataSource.query(`UPDATE projection_checkpoints SET position = $2 WHERE name = $1`, [
      streamIndexProjection.name,
      page.position,
    ]);
    const rowsBefore = await actualIndex();
    await expect(
      dataSource.transaction((m) =>
        applyPage(m, streamIndexProjection, streamIndexProjection.name, before, page),
      ),
    ).rejects.toThrow(/moved by another runner/);
    expect(await actualIndex()).toEqual(rowsBefore);
    await dataSource.query(`UPDATE projection_checkpoints SET position = $2 WHERE name = $1`, [
      streamIndexProjection.name,
      before,
    ]);
  });

  it('rebuilds into fresh tables while live, reports differences, and switches when asked', async () => {
    const runner = new ProjectionRunner(streamIndexProjection, store, dataSource, { pollIntervalMs: 5 });
    runner.start();
    try {
      const head = await appendMany(10, 3);
      expect(await query.waitFor(head, 10_000)).toBe(true);

      const clean = await rebuildProjection(dataSource, store, streamIndexProjection, { compare: true });
      expect(clean.differences).toEqual([
        { table: 'rm_stream_index', onlyInLive: 0, onlyInRebuild: 0, samples: [] },
      ]);
      expect(clean.switched).toBe(false);

      // Corrupt the live table: the comparison must find it, and the switch must repair it.
      await dataSource.query(`UPDATE rm_stream_index SET event_count = event_count + 100
                               WHERE stream_id = (SELECT min(stream_id) FROM rm_stream_index)`);
      const writesDuringRebuild = appendMany(5, 2);
      const report = await rebuildProjection(dataSource, store, streamIndexProjection, {
        compare: true,
        switchOver: true,
        batchSize: 7,
      });
      expect(report.differences?.[0]).toMatchObject({ onlyInLive: 1, onlyInRebuild: 1 });
      expect(report.switched).toBe(true);
      const last = await writesDuringRebuild;
      expect(await query.waitFor(last, 10_000)).toBe(true);
      expect(await actualIndex()).toEqual(await expectedIndex());
      // The switched table keeps the index names migrations know.
      const indexes: { indexname: string }[] = await dataSource.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'rm_stream_index' ORDER BY 1`,
      );
      expect(indexes.map((i) => i.indexname)).toEqual(['rm_stream_index_category', 'rm_stream_index_pkey']);
      const schemas: unknown[] = await dataSource.query(
        `SELECT 1 FROM pg_namespace WHERE nspname LIKE 'rb\\_%'`,
      );
      expect(schemas).toHaveLength(0);
    } finally {
      await runner.stop();
    }
  });
});
