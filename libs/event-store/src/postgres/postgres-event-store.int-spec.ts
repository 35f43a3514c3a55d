import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@ce/testing';
import { eventStoreContract } from '../testing/contract';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgreSQL event store (contract)', () => {
  let db: TestDatabase;

  eventStoreContract(async () => {
    db = await createTestDatabase('es_contract');
    const store = new PostgresEventStore({ connectionString: db.url, pool: { max: 20 } });
    await store.migrate();
    return {
      store,
      async holdAppend(streamId, events) {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        await client.query('BEGIN');
        await client.query(
          `SELECT status FROM es_append($1, 'any', NULL, $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`,
          [
            streamId,
            events.map((e) => e.id),
            events.map((e) => e.type),
            events.map((e) => JSON.stringify(e.data)),
            events.map((e) => JSON.stringify(e.metadata ?? {})),
          ],
        );
        const finish = async (sql: string) => {
          await client.query(sql);
          await client.end();
        };
        return { commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
      },
      async tamper(streamId, revision) {
        await store.pool.query(
          `UPDATE es_events SET data = jsonb_set(data, '{tampered}', 'true') WHERE stream_id = $1 AND revision = $2`,
          [streamId, revision.toString()],
        );
      },
      async close() {
        await store.close();
        await db.drop();
      },
    };
  });
});

describe('PostgreSQL event store (tamper evidence beyond edits)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('es_tamper');
    store = new PostgresEventStore({ connectionString: db.url });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const fill = async (streamId: string, n: number) => {
    const { randomUUID } = await import('node:crypto');
    await store.append(
      streamId,
      Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type: 'x.v1', data: { i } })),
      { expectedRevision: 'no_stream' },
    );
  };

  it('reports a deleted event in the middle of a stream', async () => {
    await fill('del-mid', 4);
    await store.pool.query(`DELETE FROM es_events WHERE stream_id = 'del-mid' AND revision = 1`);
    expect(await store.verifyChain({ streamId: 'del-mid' })).toMatchObject({
      ok: false,
      firstBroken: { streamId: 'del-mid', revision: '2' },
    });
  });

  it('reports a deleted last event', async () => {
    await fill('del-tail', 3);
    await store.pool.query(`DELETE FROM es_events WHERE stream_id = 'del-tail' AND revision = 2`);
    expect(await store.verifyChain({ streamId: 'del-tail' })).toMatchObject({
      ok: false,
      firstBroken: { streamId: 'del-tail', revision: '2' },
    });
  });

  it('reports two events swapped', async () => {
    await fill('swap', 4);
    await store.pool.query(`
      UPDATE es_events a SET data = b.data FROM es_events b
       WHERE a.stream_id = 'swap' AND b.stream_id = 'swap'
         AND ((a.revision = 1 AND b.revision = 2) OR (a.revision = 2 AND b.revision = 1))`);
    expect(await store.verifyChain({ streamId: 'swap' })).toMatchObject({
      ok: false,
      firstBroken: { streamId: 'swap', revision: '1' },
    });
  });

  it('migrates once when several processes start together', async () => {
    const again = await Promise.all([store.migrate(), store.migrate()]);
    expect(again).toEqual([[], []]);
  });
});
