import { RemindersService } from '@ce/reminders';
import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { flushPrefix, insertProfessionals, waitFor } from '../support/reminders';

const OBLIGATIONS = 100_000;

/** Figures: plan and enqueue 100,000 obligations; recover the whole schedule after Redis loses it. */
describe('reminder schedule at scale', () => {
  let db: TestDatabase;
  let started: StartedApp;
  let redis: Redis;
  let admin: string;
  const prefix = testQueuePrefix('remscale');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${started.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300)
      throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  beforeAll(async () => {
    db = await createTestDatabase('remscale');
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    started = await startApp({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
      CE_CLOCK: '2020-11-20T09:00:00+08:00',
      CE_CLOCK_CONTROL: 'true',
      CE_REMINDERS_PREFIX: prefix,
    });
    const login = await fetch(`${started.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-2020' }),
    });
    admin = String(((await login.json()) as { accessToken: string }).accessToken);
    // One reminder per professional (17 December), so the figure counts obligations, not reminders.
    await call('PUT', '/deadlines/2020', {
      deadlines: [{ kind: 'training_year_end', dueAt: '2020-12-31T23:59:59+08:00', remindDaysBefore: [14] }],
    });
    const dataSource = started.app.get(DataSource);
    await insertProfessionals(
      (sql: string, params?: unknown[]) => dataSource.query(sql, params),
      'scale',
      OBLIGATIONS,
    );
  }, 300_000);

  afterAll(async () => {
    await started?.app.close();
    await flushPrefix(redis, prefix);
    await redis.quit();
    await db?.drop();
  });

  it('plans 100,000 obligations and rebuilds the whole schedule after a flush', async () => {
    const service = started.app.get(RemindersService);
    const t0 = Date.now();
    const plan = await call('POST', '/admin/reminders/reconcile');
    const planMs = Date.now() - t0;
    expect(plan).toEqual({ planned: OBLIGATIONS, enqueued: OBLIGATIONS });
    // The job scheduler's next reconcile is one more delayed job.
    expect((await service.counts()).delayed).toBe(OBLIGATIONS + 1);

    await flushPrefix(redis, prefix);
    const t1 = Date.now();
    const delayed = async () => (await service.counts()).delayed ?? 0;
    expect(await waitFor(delayed, OBLIGATIONS + 1, 240_000)).toBe(OBLIGATIONS + 1);
    const recoverMs = Date.now() - t1;
    const again = await call('POST', '/admin/reminders/reconcile');
    expect(again).toEqual({ planned: OBLIGATIONS, enqueued: 0 });
    process.stdout.write(
      `reminders-scale: plan+enqueue ${OBLIGATIONS} obligations in ${planMs} ms; ` +
        `full schedule back ${recoverMs} ms after the flush (watchdog every 5 s)\n`,
    );
  }, 300_000);
});
