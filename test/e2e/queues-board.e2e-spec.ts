import { createTestDatabase, type TestDatabase } from '@ce/testing';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';

/** Bull Board at /admin/queues: admins only, by bearer token or the cookie it sets. */
describe('queue dashboard', () => {
  let db: TestDatabase;
  let started: StartedApp;
  let admin: string;
  let auditor: string;

  const login = async (username: string, password: string): Promise<string> => {
    const response = await fetch(`${started.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  beforeAll(async () => {
    db = await createTestDatabase('board');
    started = await startApp({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
      CE_REMINDERS_PREFIX: `board-${db.name.slice(-10)}`,
    });
    admin = await login('admin', 'admin-password-2020');
    const me = (await (
      await fetch(`${started.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin-password-2020' }),
      })
    ).json()) as { user: { orgId: string } };
    const created = await fetch(`${started.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        username: 'auditor',
        password: 'password-2020',
        displayName: '审计',
        orgId: me.user.orgId,
        roles: ['auditor'],
      }),
    });
    expect(created.status).toBe(201);
    auditor = await login('auditor', 'password-2020');
  });

  afterAll(async () => {
    await started?.app.close();
    await db?.drop();
  });

  it('refuses anyone but an admin', async () => {
    const anonymous = await fetch(`${started.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const notAdmin = await fetch(`${started.url}/admin/queues`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(notAdmin.status).toBe(403);
    const forged = await fetch(`${started.url}/admin/queues`, {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(forged.status).toBe(401);
  });

  it('shows the reminder queues to an admin, by header or by the cookie a first visit sets', async () => {
    const page = await fetch(`${started.url}/admin/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('继续教育 · 提醒队列');
    const api = await fetch(`${started.url}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['ce-deliveries', 'ce-reminders']);

    const first = await fetch(`${started.url}/admin/queues?access_token=${admin}`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^ce_queues_token=/);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const again = await fetch(`${started.url}/admin/queues`, { headers: { cookie } });
    expect(again.status).toBe(200);
  });
});
