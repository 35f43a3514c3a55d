import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { flushPrefix, insertProfessionals, sleep, waitFor } from '../support/reminders';
import { buildOnce, type SystemProcess, startSystemProcess } from '../support/system-process';

const PROFESSIONALS = 5_000;

/** SIGKILL of a worker process while reminder jobs are active: nothing lost, nothing doubled. */
describe('reminder worker killed mid-delivery (real processes)', () => {
  let db: TestDatabase;
  let pg: Client;
  let redis: Redis;
  const workers: SystemProcess[] = [];
  const prefix = testQueuePrefix('remkill');
  const env = () => ({
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    // 14 days before the end of the training year, 09:05 in Yantai: the first year-end reminder is due.
    CE_CLOCK: '2020-12-17T09:05:00+08:00',
    CE_REMINDERS_PREFIX: prefix,
    ROLE: 'worker',
  });
  const count = async (sql: string): Promise<number> => {
    const result = await pg.query<{ n: number }>(sql);
    return Number(result.rows[0]?.n ?? 0);
  };
  const sent = () => count(`SELECT count(*)::int n FROM notices WHERE kind = 'reminder_14d'`);

  beforeAll(async () => {
    buildOnce();
    db = await createTestDatabase('remkill');
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    workers.push(await startSystemProcess(env(), 'worker'));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGTERM');
    await flushPrefix(redis, prefix);
    await redis.quit();
    await pg?.end();
    await db?.drop();
  });

  it('finishes every notice exactly once after the worker is SIGKILLed', async () => {
    // The root organisation reaches the read model through the worker's projections.
    await waitFor(() => count(`SELECT count(*)::int n FROM rm_orgs WHERE kind = 'city'`), 1, 30_000);
    await insertProfessionals(
      async (sql: string, params?: unknown[]) => (await pg.query<Record<string, unknown>>(sql, params)).rows,
      'kill',
      PROFESSIONALS,
    );
    // Losing the sentinel makes the worker re-plan from PostgreSQL (the way it notices a Redis loss).
    await redis.del(`${prefix}:reminders:alive`);
    await waitFor(sent, PROFESSIONALS / 5, 60_000);
    const [first] = workers;
    const activeAtKill = await redis.llen(`${prefix}:ce-reminders:active`);
    await first?.kill('SIGKILL');
    const atKill = await sent();
    expect(atKill).toBeLessThan(PROFESSIONALS);

    const t0 = Date.now();
    workers.push(await startSystemProcess(env(), 'worker'));
    expect(await waitFor(sent, PROFESSIONALS, 120_000)).toBe(PROFESSIONALS);
    const recoveredMs = Date.now() - t0;
    await sleep(1000);
    expect(await sent()).toBe(PROFESSIONALS);
    expect(await count(`SELECT count(DISTINCT recipient_id)::int n FROM notices`)).toBe(PROFESSIONALS);
    const second = workers[1];
    // Graceful close on SIGTERM (Nest re-raises the signal after closing, so the exit code is null).
    await second?.kill('SIGTERM');
    expect(second?.child.signalCode ?? second?.child.exitCode).toBe('SIGTERM');
    expect(second?.output() ?? '').not.toMatch(/"level":50/);
    process.stdout.write(
      `reminders-process: SIGKILL with ${activeAtKill} active jobs at ${atKill}/${PROFESSIONALS} sent; ` +
        `replacement worker finished in ${recoveredMs} ms\n`,
    );
  }, 300_000);
});
