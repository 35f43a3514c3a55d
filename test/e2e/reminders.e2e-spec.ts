import { idNumberCheckChar } from '@ce/identity';
import { RemindersService } from '@ce/reminders';
import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { Redis } from 'ioredis';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';

interface Notice {
  id: string;
  kind: string;
  deadlineId?: string;
  subjectId?: string;
  message: string;
  createdAt: string;
  late: boolean;
  readAt: string | null;
}

/** Deadline calendar, clock control, reminders through BullMQ into the notice ledger, and Redis loss. */
describe('deadlines and reminders', () => {
  let db: TestDatabase;
  let started: StartedApp;
  let redis: Redis;
  let admin: string;
  const prefix = testQueuePrefix('reminders');
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const response = await fetch(`${started.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
  const ok = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ) => {
    const result = await call(method, path, token, body);
    if (result.status >= 300)
      throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body as T;
  };
  const login = async (username: string) =>
    String((await ok('POST', '/auth/login', null, { username, password: 'password-2020' })).accessToken);
  const token = (name: string): string => tokens[name] ?? '';
  const notices = (name: string, query = '') => ok<Notice[]>('GET', `/notices${query}`, token(name));
  const moveTo = async (now: string) => {
    await ok('PUT', '/admin/clock', admin, { now });
    return ok<{ planned: number; enqueued: number }>('POST', '/admin/reminders/reconcile', admin);
  };
  /** Waits until the queue holds nothing waiting or active. */
  const drained = async () => {
    const service = started.app.get(RemindersService);
    for (let i = 0; i < 200; i++) {
      const counts = await service.counts();
      if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0) return counts;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('queue did not drain');
  };
  const kinds = (list: Notice[]) => list.map((n) => `${n.deadlineId ?? ''}/${n.kind}`).sort();

  beforeAll(async () => {
    db = await createTestDatabase('reminders');
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    started = await startApp({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
      CE_CLOCK: '2020-09-01T08:00:00+08:00',
      CE_CLOCK_CONTROL: 'true',
      CE_REMINDERS_PREFIX: prefix,
    });
    const login0 = await ok('POST', '/auth/login', null, {
      username: 'admin',
      password: 'admin-password-2020',
    });
    admin = String(login0.accessToken);
    const root = String((login0.user as { orgId: string }).orgId);
    const org = async (name: string, kind: string, parentId: string, extra: Record<string, string> = {}) =>
      String((await ok('POST', '/orgs', admin, { name, kind, parentId, ...extra })).id);
    ids.district = await org('福山区人力资源和社会保障局', 'district', root);
    ids.department = await org('福山区卫生健康局', 'department', ids.district);
    ids.unit = await org('福山区人民医院', 'unit', ids.department, {
      unitType: 'public_institution',
      sector: 'health',
    });
    const first17 = '37061119850612001';
    ids.person = String(
      (
        await ok('POST', '/persons', admin, {
          name: '李娜',
          idNumber: first17 + idNumberCheckChar(first17),
          unitId: ids.unit,
        })
      ).id,
    );
    const users: [string, string, string, Record<string, string>][] = [
      ['person', ids.unit, 'person', { personId: ids.person }],
      ['unitadmin', ids.unit, 'unit_admin', {}],
      ['deptreviewer', ids.department, 'department_reviewer', {}],
      ['districtreviewer', ids.district, 'district_reviewer', {}],
    ];
    for (const [username, orgId, role, extra] of users) {
      const user = await ok('POST', '/users', admin, {
        username,
        password: 'password-2020',
        displayName: username,
        orgId,
        roles: [role],
        ...extra,
      });
      ids[`user_${username}`] = String(user.id);
      tokens[username] = await login(username);
    }
  });

  afterAll(async () => {
    await started?.app.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db?.drop();
  });

  it('answers the 2020 calendar from DOMAIN.md to any signed-in user', async () => {
    const deadlines = await ok<Record<string, unknown>[]>('GET', '/deadlines?year=2020', token('person'));
    expect(deadlines).toEqual([
      expect.objectContaining({
        id: '2020_project_catalogue',
        year: 2020,
        kind: 'project_catalogue',
        dueAt: '2020-09-18T15:59:59.000Z',
        remindDaysBefore: [14, 7, 1],
      }),
      expect.objectContaining({ kind: 'training_plan', dueAt: '2020-09-18T15:59:59.000Z' }),
      expect.objectContaining({ kind: 'statistics', dueAt: '2020-12-10T15:59:59.000Z' }),
      expect.objectContaining({ kind: 'training_year_end', dueAt: '2020-12-31T15:59:59.000Z' }),
    ]);
    expect((await call('GET', '/deadlines?year=2020', null)).status).toBe(401);
    expect((await call('GET', '/deadlines?year=abc', admin)).status).toBe(400);
  });

  it('publishes a new calendar version (admin only, validated; a changed dueAt is a new revision)', async () => {
    const change = { deadlines: [{ kind: 'statistics', dueAt: '2020-12-15T23:59:59+08:00' }] };
    expect((await call('PUT', '/deadlines/2020', token('unitadmin'), change)).status).toBe(403);
    const bad = await call('PUT', '/deadlines/2020', admin, {
      deadlines: [{ kind: 'holidays', dueAt: 'tomorrow', remindDaysBefore: [0, 0] }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('deadlines.0.kind');
    const before = await ok<{ kind: string; revision: string }[]>('GET', '/deadlines?year=2020', admin);
    await ok('PUT', '/deadlines/2020', admin, change);
    const after = await ok<{ kind: string; revision: string; dueAt: string }[]>(
      'GET',
      '/deadlines?year=2020',
      admin,
    );
    const stats = (list: { kind: string; revision: string }[]) => list.find((d) => d.kind === 'statistics');
    expect(stats(after)).toMatchObject({ dueAt: '2020-12-15T15:59:59.000Z' });
    expect(stats(after)?.revision).not.toBe(stats(before)?.revision);
    const catalogue = (list: { kind: string; revision: string }[]) =>
      list.find((d) => d.kind === 'project_catalogue')?.revision;
    expect(catalogue(after)).toBe(catalogue(before));
  });

  it('sends each due reminder once, to the org users and the professional, on time', async () => {
    expect(
      (await call('PUT', '/admin/clock', token('unitadmin'), { now: '2020-09-04T09:05:00+08:00' })).status,
    ).toBe(403);
    const first = await moveTo('2020-09-04T09:05:00+08:00');
    expect(first.planned).toBeGreaterThan(0);
    await drained();
    expect(kinds(await notices('unitadmin'))).toEqual(['2020_project_catalogue/reminder_14d']);
    expect(kinds(await notices('districtreviewer'))).toEqual([
      '2020_project_catalogue/reminder_14d',
      '2020_training_plan/reminder_14d',
    ]);
    // A district's department owes no plan: its district bureau reports for it (DOMAIN.md "Approvals").
    expect(kinds(await notices('deptreviewer'))).toEqual(['2020_project_catalogue/reminder_14d']);
    const [notice] = await notices('unitadmin');
    expect(notice).toMatchObject({ late: false, readAt: null, subjectId: ids.unit });
    expect(notice?.message).toContain('2020-09-18');
    // The professional has no hours yet: the year-end reminders wait in Redis for December.
    expect(await notices('person')).toEqual([]);

    // Planning again changes nothing: the ledger holds what was sent, Redis what is still delayed.
    const again = await moveTo('2020-09-04T09:10:00+08:00');
    expect(again.enqueued).toBe(0);
    await drained();
    expect(await notices('unitadmin')).toHaveLength(1);
  });

  it('sends a reminder missed while down once, late; the earlier missed one is not sent', async () => {
    await moveTo('2020-09-17T15:00:00+08:00');
    await drained();
    const list = await notices('unitadmin');
    expect(kinds(list)).toEqual([
      '2020_project_catalogue/reminder_14d',
      '2020_project_catalogue/reminder_1d',
    ]);
    expect(list.find((n) => n.kind === 'reminder_1d')?.late).toBe(true);
  });

  it('marks notices read', async () => {
    const [latest] = await notices('unitadmin', '?unread=true');
    const read = await ok<Notice>('POST', `/notices/${latest?.id ?? ''}/read`, token('unitadmin'));
    expect(read.readAt).toEqual(expect.any(String));
    expect((await notices('unitadmin', '?unread=true')).map((n) => n.id)).not.toContain(latest?.id);
    expect((await call('POST', `/notices/${latest?.id ?? ''}/read`, token('person'))).status).toBe(404);
  });

  it('escalates to the parent organisation the day after the deadline instead of reminding', async () => {
    await moveTo('2020-09-19T09:30:00+08:00');
    await drained();
    const dept = await notices('deptreviewer');
    expect(dept.filter((n) => n.kind === 'overdue_escalation')).toEqual([
      expect.objectContaining({ deadlineId: '2020_project_catalogue', subjectId: ids.unit }),
    ]);
    const district = await notices('districtreviewer');
    expect(kinds(district.filter((n) => n.kind === 'overdue_escalation'))).toEqual([
      '2020_project_catalogue/overdue_escalation',
    ]);
    expect((await notices('unitadmin')).filter((n) => n.kind === 'overdue_escalation')).toEqual([]);
  });

  it('催办 notifies the current approvers at once, once per urge', async () => {
    const claim = await ok('POST', '/hour-claims', token('person'), {
      personId: ids.person,
      subject: 'public',
      kind: 'training',
      title: '网络安全与数据安全',
      startDate: '2020-05-10',
      endDate: '2020-05-11',
      hours: 8,
    });
    const urged = await ok('POST', `/hour-claims/${String(claim.id)}/urge`, token('person'));
    const after = encodeURIComponent(String(urged.position));
    let list: Notice[] = [];
    for (let i = 0; i < 100; i++) {
      list = (await notices('unitadmin', `?after=${after}`)).filter((n) => n.kind === 'approval_urged');
      if (list.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(list).toEqual([expect.objectContaining({ subjectId: claim.id, late: false, readAt: null })]);
    expect(list[0]?.message).toContain('催办');
    expect((await notices('deptreviewer')).filter((n) => n.kind === 'approval_urged')).toEqual([]);
  });

  it('rebuilds the schedule from PostgreSQL when Redis loses its data', async () => {
    const service = started.app.get(RemindersService);
    const before = await service.counts();
    expect(before.delayed).toBeGreaterThan(0);
    const sentBefore = (await notices('deptreviewer')).length;
    // Only this file's keys: other test files share the Redis server.
    const keys = await redis.keys(`${prefix}:*`);
    await redis.del(...keys);
    expect((await service.counts()).delayed).toBe(0);
    const t0 = Date.now();
    for (let i = 0; i < 200 && (await redis.exists(service.sentinelKey)) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await redis.exists(service.sentinelKey)).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect((await service.counts()).delayed).toBe(before.delayed);
    await drained();
    expect(await notices('deptreviewer')).toHaveLength(sentBefore);
  });
});
