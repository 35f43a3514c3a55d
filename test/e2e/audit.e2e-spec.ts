import { Client } from 'pg';
import { idNumberCheckChar } from '@ce/identity';
import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';

type Json = Record<string, unknown>;

/** Auditors: history and state as of a moment, the feed and its exports, tamper evidence, access on record. */
describe('audit', () => {
  let db: TestDatabase;
  let started: StartedApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let sql: Client;

  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${started.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: ((response.headers.get('content-type') ?? '').includes('json') &&
      !(response.headers.get('content-type') ?? '').includes('ndjson')
        ? JSON.parse(text)
        : {}) as Json,
      headers: response.headers,
    };
  };
  const ok = async (
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<Json> => {
    const result = await call(method, path, token, body);
    if (result.status >= 300) throw new Error(`${method} ${path} → ${result.status} ${result.text}`);
    return result.body;
  };
  const id = (first17: string) => first17 + idNumberCheckChar(first17);

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    started = await startApp({
      CE_REMINDERS_PREFIX: testQueuePrefix(),
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
      CE_CLOCK: '2020-09-01T09:00:00+08:00',
      CE_AUDIT_CHECKPOINT_MINUTES: '0',
    });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const login = await ok('POST', '/auth/login', undefined, {
      username: 'admin',
      password: 'admin-password-2020',
    });
    tokens.admin = String(login.accessToken);
    ids.root = String((login.user as Json).orgId);
    ids.district = String(
      (
        await ok('POST', '/orgs', tokens.admin, {
          name: '莱山区人力资源和社会保障局',
          kind: 'district',
          parentId: ids.root,
        })
      ).id,
    );
    ids.unit = String(
      (
        await ok('POST', '/orgs', tokens.admin, {
          name: '烟台某某信息技术有限公司',
          kind: 'unit',
          parentId: ids.district,
          unitType: 'enterprise',
        })
      ).id,
    );
    ids.person = String(
      (
        await ok('POST', '/persons', tokens.admin, {
          name: '王磊',
          idNumber: id('37061319880808123'),
          unitId: ids.unit,
        })
      ).id,
    );
    const users: [string, string, string, Json][] = [
      ['auditor', ids.root, 'auditor', {}],
      ['person', ids.unit, 'person', { personId: ids.person }],
      ['unitadmin', ids.unit, 'unit_admin', {}],
      ['district', ids.district, 'district_reviewer', {}],
    ];
    for (const [username, orgId, role, extra] of users) {
      await ok('POST', '/users', tokens.admin, {
        username,
        password: 'password-2020',
        displayName: username,
        orgId,
        roles: [role],
        ...extra,
      });
      tokens[username] = String(
        (await ok('POST', '/auth/login', undefined, { username, password: 'password-2020' })).accessToken,
      );
    }
    const claim = await ok('POST', '/hour-claims', tokens.person, {
      personId: ids.person,
      subject: 'professional',
      kind: 'training',
      title: '数据安全法规与实务',
      startDate: '2020-07-01',
      endDate: '2020-07-03',
      hours: 24,
    });
    ids.claim = String(claim.id);
    // An enterprise without a department: unit, then district.
    for (const reviewer of ['unitadmin', 'district']) {
      const inbox = await ok('GET', `/tasks?after=${String(claim.position)}`, tokens[reviewer]);
      const task = (inbox.items as { id: string }[])[0];
      claim.position = (
        await ok('POST', `/tasks/${encodeURIComponent(task?.id ?? '')}/approve`, tokens[reviewer], {
          comment: '同意',
        })
      ).position;
    }
  });

  afterAll(async () => {
    await sql?.end();
    await started?.app.close();
    await db?.drop();
  });

  it('shows a stream’s history with hashes and its state as of any moment', async () => {
    const now = await ok('GET', `/audit/streams/hour-claim-${ids.claim}`, tokens.auditor);
    const events = now.events as {
      revision: string;
      type: string;
      hash: string;
      effectiveAt: string;
      metadata: Json;
    }[];
    expect(events.map((e) => e.type)).toEqual([
      'hour-claim.submitted.v1',
      'approval.submitted.v1',
      'approval.step-approved.v1',
      'approval.step-approved.v1',
    ]);
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect((events[2]?.metadata.actor as Json).orgId).toBe(ids.unit);
    expect((now.state as Json).status).toBe('approved');

    const submittedAt = events[1]?.effectiveAt ?? '';
    const then = await ok(
      'GET',
      `/audit/streams/hour-claim-${ids.claim}?asOf=${encodeURIComponent(submittedAt)}`,
      tokens.auditor,
    );
    expect((then.events as unknown[]).length).toBe(2);
    expect((then.state as Json).status).toBe('in_review');
    expect(
      ((then.state as Json).flow as { steps: { decision: string }[] }).steps.map((s) => s.decision),
    ).toEqual(['pending', 'skipped', 'pending']);

    const user = await ok(
      'GET',
      `/audit/streams/user-${(await ok('POST', '/auth/login', undefined, { username: 'person', password: 'password-2020' }).then((r) => (r.user as Json).id)) as string}`,
      tokens.auditor,
    );
    expect(JSON.stringify(user)).not.toMatch(/scrypt\$/);
    expect(JSON.stringify(user)).toContain('[redacted]');
  });

  it('pages the global feed with filters and exports it as JSON Lines and CSV', async () => {
    const first = await ok('GET', '/audit/events?types=approval.step-approved.v1&limit=1', tokens.auditor);
    expect((first.items as { type: string }[]).map((e) => e.type)).toEqual(['approval.step-approved.v1']);
    const second = await ok(
      'GET',
      `/audit/events?types=approval.step-approved.v1&limit=1&after=${String(first.next)}`,
      tokens.auditor,
    );
    expect((second.items as { type: string }[]).length).toBe(1);
    expect(second.items).not.toEqual(first.items);
    const byOrg = await ok(
      'GET',
      `/audit/events?orgId=${ids.district}&streamPrefix=hour-claim`,
      tokens.auditor,
    );
    expect((byOrg.items as { type: string }[]).map((e) => e.type)).toEqual(['approval.step-approved.v1']);

    const jsonl = await call(
      'GET',
      '/audit/events/export?streamPrefix=hour-claim&format=jsonl',
      tokens.auditor,
    );
    expect(jsonl.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { streamId: string });
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.streamId === `hour-claim-${ids.claim}`)).toBe(true);
    const csv = await call('GET', '/audit/events/export?streamPrefix=hour-claim&format=csv', tokens.auditor);
    expect(csv.text.startsWith('position,streamId,revision,type')).toBe(true);
    // The UTF-8 byte-order mark that makes Excel read the Chinese (fetch's text() hides it).
    const raw = await fetch(`${started.url}/api/v1/audit/events/export?streamPrefix=hour-claim&format=csv`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.trim().split('\r\n')).toHaveLength(5);
    expect(csv.text).toContain('数据安全法规与实务');
  });

  it('keeps auditors out of decisions and others out of the audit', async () => {
    expect((await call('GET', '/audit/events', tokens.person)).status).toBe(403);
    expect((await call('POST', '/audit/verify', tokens.unitadmin, {})).status).toBe(403);
    expect((await call('GET', '/audit/events', undefined)).status).toBe(401);
  });

  it('records every audit read as an event', async () => {
    // The feed shows what has committed below every open transaction's horizon: a projection
    // transaction open at that moment can hide the newest event for a few milliseconds.
    let items: { type: string; data: Json }[] = [];
    for (let attempt = 0; attempt < 50 && items.length < 5; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const accesses = await ok('GET', '/audit/events?streamPrefix=audit-access&limit=1000', tokens.auditor);
      items = accesses.items as { type: string; data: Json }[];
    }
    expect(items.length).toBeGreaterThanOrEqual(5);
    expect(items.every((e) => e.type === 'audit.accessed.v1')).toBe(true);
    expect(items.map((e) => e.data.what)).toEqual(
      expect.arrayContaining(['stream-history', 'event-feed', 'event-export']),
    );
    expect(new Set(items.map((e) => e.data.userId)).size).toBe(1);
  });

  it('verifies chains and signed checkpoints, and names what was edited, deleted, reordered or removed whole', async () => {
    expect(await ok('POST', '/audit/verify', tokens.auditor, {})).toMatchObject({ ok: true });
    const checkpoint = await ok('POST', '/audit/checkpoints', tokens.admin, {});
    expect(checkpoint.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await ok('POST', '/audit/verify', tokens.auditor, {})).toMatchObject({
      ok: true,
      checkedCheckpoints: 1,
    });

    const stream = `hour-claim-${ids.claim}`;
    const restore = await sql.query(`SELECT data FROM es_events WHERE stream_id = $1 AND revision = 2`, [
      stream,
    ]);
    await sql.query(
      `UPDATE es_events SET data = jsonb_set(data, '{comment}', '"改过"') WHERE stream_id = $1 AND revision = 2`,
      [stream],
    );
    expect(await ok('POST', '/audit/verify', tokens.auditor, {})).toMatchObject({
      ok: false,
      firstBroken: { streamId: stream, revision: '2', reason: 'hash mismatch' },
    });
    await sql.query(`UPDATE es_events SET data = $2 WHERE stream_id = $1 AND revision = 2`, [
      stream,
      restore.rows[0].data,
    ]);
    expect(await ok('POST', '/audit/verify', tokens.auditor, {})).toMatchObject({ ok: true });

    // Reorder: swap two events' places (and back afterwards).
    const swap = async () => {
      await sql.query(`BEGIN`);
      await sql.query(
        `UPDATE es_events SET revision = -revision - 100 WHERE stream_id = $1 AND revision IN (2, 3)`,
        [stream],
      );
      await sql.query(
        `UPDATE es_events SET revision = CASE revision WHEN -102 THEN 3 ELSE 2 END WHERE stream_id = $1 AND revision < 0`,
        [stream],
      );
      await sql.query(`COMMIT`);
    };
    await swap();
    const reordered = await ok('POST', '/audit/verify', tokens.auditor, {});
    expect(reordered).toMatchObject({ ok: false, firstBroken: { streamId: stream } });
    await swap();
    expect(await ok('POST', '/audit/verify', tokens.auditor, {})).toMatchObject({ ok: true });

    // A whole stream removed, row and events: only the signed checkpoint can tell.
    const person = `person-${ids.person}`;
    await sql.query(`DELETE FROM es_events WHERE stream_id = $1`, [person]);
    await sql.query(`DELETE FROM es_streams WHERE stream_id = $1`, [person]);
    const verdict = await ok('POST', '/audit/verify', tokens.auditor, {});
    expect(verdict).toMatchObject({
      ok: false,
      firstBroken: { streamId: person, reason: 'stream deleted' },
      checkpointProblem: { streamId: person, reason: 'stream deleted' },
    });
  });

  it('rebuilds a projection beside the live one, compares and switches', async () => {
    const report = await ok('POST', '/admin/projections/task-queue/rebuild', tokens.admin, {});
    expect(report.switched).toBe(true);
    expect(report.differences).toEqual([
      { table: 'rm_flows', onlyInLive: 0, onlyInRebuild: 0, samples: [] },
      { table: 'rm_tasks', onlyInLive: 0, onlyInRebuild: 0, samples: [] },
      { table: 'rm_task_counts', onlyInLive: 0, onlyInRebuild: 0, samples: [] },
    ]);
    const status = (await ok('GET', '/admin/projections', tokens.auditor)) as unknown as { name: string }[];
    expect(status.map((s) => s.name)).toEqual(
      expect.arrayContaining(['task-queue', 'hour-claims', 'identity', 'stream-index']),
    );
  });
});
