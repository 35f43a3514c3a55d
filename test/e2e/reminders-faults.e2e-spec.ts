import { RemindersService } from '@ce/reminders';
import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { flushPrefix, insertProfessionals, sleep, waitFor } from '../support/reminders';

const PROFESSIONALS = 10_000;

/**
 * 10,000 professionals short of hours on 1 December, two app instances (two workers) on the same
 * database and queue prefix, and Redis losing its data in the middle of delivery: each is notified once.
 */
describe('reminders under faults (real Redis, two workers)', () => {
  let db: TestDatabase;
  let a: StartedApp;
  let b: StartedApp;
  let redis: Redis;
  let admin: string;
  const prefix = testQueuePrefix('remfaults');
  const env = () => ({
    PORT: '0',
    LOG_LEVEL: 'silent',
    CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
    CE_CLOCK: '2020-11-20T09:00:00+08:00',
    CE_CLOCK_CONTROL: 'true',
    CE_REMINDERS_PREFIX: prefix,
    DATABASE_URL: db.url,
    JWT_SECRET: 'reminders-faults-test-secret-0123456789',
  });
  const call = async (app: StartedApp, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300)
      throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const count = async (sql: string): Promise<number> => {
    const [row] = await a.app.get(DataSource).query<{ n: number }[]>(sql);
    return Number(row?.n ?? 0);
  };
  const sent = () => count(`SELECT count(*)::int n FROM notices WHERE kind = 'reminder_30d'`);

  beforeAll(async () => {
    db = await createTestDatabase('remfaults');
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    a = await startApp(env());
    const login = await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-2020' }),
    });
    admin = String(((await login.json()) as { accessToken: string }).accessToken);
    // The city adds a reminder 30 days before the end of the training year: 1 December, 09:00.
    await call(a, 'PUT', '/deadlines/2020', {
      deadlines: [
        { kind: 'training_year_end', dueAt: '2020-12-31T23:59:59+08:00', remindDaysBefore: [30, 14, 7, 1] },
      ],
    });
    const dataSource = a.app.get(DataSource);
    await insertProfessionals(
      (sql: string, params?: unknown[]) => dataSource.query(sql, params),
      'faults',
      PROFESSIONALS,
    );
    b = await startApp(env());
  });

  afterAll(async () => {
    await b?.app.close();
    await a?.app.close();
    await flushPrefix(redis, prefix);
    await redis.quit();
    await db?.drop();
  });

  it('notifies each of 10,000 professionals exactly once through two workers, across a Redis flush', async () => {
    for (const app of [a, b]) await call(app, 'PUT', '/admin/clock', { now: '2020-12-01T09:05:00+08:00' });
    const t0 = Date.now();
    // Both instances plan at once: the deterministic job ids make the second plan add nothing new.
    const plans = await Promise.all([a, b].map((app) => call(app, 'POST', '/admin/reminders/reconcile')));
    const planMs = Date.now() - t0;
    expect(plans.map((p) => p.planned)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(Number(plans[0]?.enqueued) + Number(plans[1]?.enqueued)).toBeGreaterThanOrEqual(PROFESSIONALS);

    // Redis loses everything in the middle of delivery.
    await waitFor(sent, PROFESSIONALS / 5);
    const atFlush = await sent();
    await flushPrefix(redis, prefix);
    const recovery = Date.now();
    await waitFor(async () => redis.exists(a.app.get(RemindersService).sentinelKey), 1, 30_000);
    const recoveredMs = Date.now() - recovery;

    expect(await waitFor(sent, PROFESSIONALS)).toBe(PROFESSIONALS);
    const totalMs = Date.now() - t0;
    await sleep(1000);
    expect(await sent()).toBe(PROFESSIONALS);
    expect(
      await count(
        `SELECT count(*)::int n FROM (SELECT recipient_id FROM notices GROUP BY recipient_id HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(DISTINCT recipient_id)::int n FROM notices`)).toBe(PROFESSIONALS);
    expect(await count(`SELECT count(*)::int n FROM notices WHERE late`)).toBe(0);
    // Each of the two workers delivered some: they shared the queue.
    process.stdout.write(
      `reminders-faults: plan+enqueue ${PROFESSIONALS} in ${planMs} ms (two planners at once); ` +
        `flush at ${atFlush} sent, sentinel restored in ${recoveredMs} ms; ` +
        `${PROFESSIONALS} notices in ${totalMs} ms (${Math.round((PROFESSIONALS * 1000) / totalMs)}/s)\n`,
    );
  }, 300_000);
});
