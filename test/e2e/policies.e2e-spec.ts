import { DEFAULT_CHAIN_POLICY } from '@ce/approval/domain';
import { idNumberCheckChar } from '@ce/identity';
import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';

/** Approval chains are versioned data: a new version applies to new flows; running ones keep theirs. */
describe('approval-chain policy versions', () => {
  let db: TestDatabase;
  let started: StartedApp;
  let admin: string;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const response = await fetch(`${started.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ok = async (method: string, path: string, token: string | null, body?: unknown) => {
    const result = await call(method, path, token, body);
    if (result.status >= 300)
      throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const login = async (username: string) =>
    String((await ok('POST', '/auth/login', null, { username, password: 'password-2020' })).accessToken);

  const claim = async (title: string) =>
    ok('POST', '/hour-claims', tokens.person ?? '', {
      personId: ids.person,
      subject: 'public',
      kind: 'training',
      title,
      startDate: '2020-05-10',
      endDate: '2020-05-11',
      hours: 8,
    });

  beforeAll(async () => {
    db = await createTestDatabase('policies');
    started = await startApp({
      CE_REMINDERS_PREFIX: testQueuePrefix(),
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
      CE_CLOCK: '2020-09-01T09:00:00+08:00',
    });
    const login0 = await ok('POST', '/auth/login', null, {
      username: 'admin',
      password: 'admin-password-2020',
    });
    admin = String(login0.accessToken);
    const root = String((login0.user as { orgId: string }).orgId);
    ids.district = String(
      (
        await ok('POST', '/orgs', admin, {
          name: '福山区人力资源和社会保障局',
          kind: 'district',
          parentId: root,
        })
      ).id,
    );
    ids.department = String(
      (
        await ok('POST', '/orgs', admin, {
          name: '福山区卫生健康局',
          kind: 'department',
          parentId: ids.district,
        })
      ).id,
    );
    ids.unit = String(
      (
        await ok('POST', '/orgs', admin, {
          name: '福山区人民医院',
          kind: 'unit',
          parentId: ids.department,
          unitType: 'public_institution',
          sector: 'health',
        })
      ).id,
    );
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
    ];
    for (const [username, orgId, role, extra] of users) {
      await ok('POST', '/users', admin, {
        username,
        password: 'password-2020',
        displayName: username,
        orgId,
        roles: [role],
        ...extra,
      });
      tokens[username] = await login(username);
    }
  });

  afterAll(async () => {
    await started?.app.close();
    await db?.drop();
  });

  it('keeps a running flow on the version it started with', async () => {
    const before = await claim('网络安全与数据安全');
    const next = {
      ...DEFAULT_CHAIN_POLICY,
      version: 'yantai-2021.1',
      chains: {
        ...DEFAULT_CHAIN_POLICY.chains,
        hour_claim: { underDistrict: ['unit', 'district'], cityDirect: ['unit', 'city'] },
      },
    };
    expect(await ok('PUT', '/admin/policies/approval-chains', admin, next)).toMatchObject({
      version: 'yantai-2021.1',
    });
    const after = await claim('新发展理念与高质量发展');

    const old = await ok('GET', `/hour-claims/${String(before.id)}`, tokens.person ?? '');
    expect(old.policyVersion).toBe(DEFAULT_CHAIN_POLICY.version);
    expect((old.steps as { level: string }[]).map((s) => s.level)).toEqual([
      'unit',
      'department',
      'district',
    ]);
    const fresh = await ok('GET', `/hour-claims/${String(after.id)}`, tokens.person ?? '');
    expect(fresh.policyVersion).toBe('yantai-2021.1');
    expect((fresh.steps as { level: string }[]).map((s) => s.level)).toEqual(['unit', 'district']);

    // Approving the old claim's unit step opens its department step, as its own version says.
    const inbox = await ok('GET', `/tasks?after=${String(after.position)}`, tokens.unitadmin ?? '');
    const task = (inbox.items as { id: string; subjectId: string }[]).find((t) => t.subjectId === before.id);
    expect(task).toBeDefined();
    await ok('POST', `/tasks/${encodeURIComponent(task?.id ?? '')}/approve`, tokens.unitadmin ?? '', {});
    const moved = await ok('GET', `/hour-claims/${String(before.id)}`, tokens.person ?? '');
    expect((moved.steps as { decision: string }[]).map((s) => s.decision)).toEqual([
      'approved',
      'pending',
      'pending',
    ]);

    const versions = await ok('GET', '/admin/policies/approval-chains', admin);
    expect((versions.versions as { version: string }[]).map((v) => v.version)).toEqual(['yantai-2021.1']);
  });

  it('refuses an incomplete policy, a reused version and a non-admin', async () => {
    const broken = await call('PUT', '/admin/policies/approval-chains', admin, {
      version: 'x.2',
      workingDaysPerLevel: 0,
    });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('POLICY.INVALID');
    expect((broken.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['workingDaysPerLevel', 'chains']),
    );
    const again = await call('PUT', '/admin/policies/approval-chains', admin, {
      ...DEFAULT_CHAIN_POLICY,
      version: 'yantai-2021.1',
    });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('POLICY.VERSION_EXISTS');
    const forbidden = await call('PUT', '/admin/policies/hours', tokens.unitadmin ?? '', { version: 'h.2' });
    expect(forbidden.status).toBe(403);
    const unknown = await call('PUT', '/admin/policies/nonsense', admin, { version: 'n.1' });
    expect(unknown.status).toBe(400);
  });
});
