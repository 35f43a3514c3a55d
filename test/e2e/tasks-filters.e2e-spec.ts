import { createTestDatabase, testQueuePrefix } from '@ce/testing';
import { startApp } from '../../apps/api/src/bootstrap';
import { Api, type Session } from '../support/api-client';
import {
  ADMIN_PASSWORD,
  CLOCK,
  type Inbox,
  type Task,
  type TestSystem,
  type Yantai,
  buildYantai,
  claim,
  createOrg,
  createPerson,
  createUser,
  idNumber,
  inbox,
  submitClaim,
  syncReadModels,
} from '../support/yantai';

/**
 * The inbox's `districtId` and `overdue=true` filters (GET /api/v1/tasks): each narrows the list
 * and its counts alike, they combine with the other filters, and keyset paging still walks the
 * filtered list in due-date order. The clock is moved with PUT /api/v1/admin/clock, so this file
 * starts its own system with clock control on.
 */
describe('inbox filters: district and overdue', () => {
  let system: TestSystem;
  let y: Yantai;
  let auditor: Session;
  let fushanUnitAdmin: Session;
  /** Claims of 王芳 (芝罘区): `early` was submitted on 1 September, `late` after the clock moved. */
  let early: string;
  let late: string;
  /** A claim of a 福山区 professional, submitted after the clock moved. */
  let fushanClaim: string;

  beforeAll(async () => {
    const database = await createTestDatabase('tasksfilters');
    const started = await startApp({
      CE_REMINDERS_PREFIX: testQueuePrefix(),
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ROLE: 'all',
      CE_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CE_CLOCK: CLOCK,
      CE_CLOCK_CONTROL: 'true',
    }).catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
    const api = new Api(started.url);
    const admin = await api.login('admin', ADMIN_PASSWORD);
    system = {
      api,
      admin,
      rootOrgId: admin.user.orgId,
      database,
      async close() {
        try {
          await started.app.close();
        } finally {
          await database.drop();
        }
      },
    };
    y = await buildYantai(system, 'tf');

    const fushanUnit = await createOrg(admin, {
      name: '福山区第一人民医院',
      kind: 'unit',
      parentId: y.orgs.fushan,
      unitType: 'public_institution',
      sector: 'health',
    });
    const fushanPerson = await createPerson(admin, {
      name: '张伟',
      idNumber: idNumber('19870512', 233, '370611'),
      unitId: fushanUnit,
    });
    fushanUnitAdmin = await createUser(admin, {
      username: 'tf.fushan.hospital',
      orgId: fushanUnit,
      roles: ['unit_admin'],
    });
    auditor = await createUser(admin, { username: 'tf.auditor', orgId: y.orgs.city, roles: ['auditor'] });
    await syncReadModels(admin);

    early = (await submitClaim(y.users.wang, claim(y.people.wang, { hours: 4 }))).id;
    // Three weeks later: the first claim's unit step (due after 5 working days) is overdue.
    (await admin.request('PUT', '/api/v1/admin/clock', { now: '2020-09-22T09:00:00+08:00' })).expectStatus(
      200,
    );
    late = (await submitClaim(y.users.wang, claim(y.people.wang, { hours: 6 }))).id;
    fushanClaim = (await submitClaim(fushanUnitAdmin, claim(fushanPerson, { hours: 8 }))).id;
  }, 90_000);

  afterAll(async () => {
    await system?.close();
  });

  const subjects = (page: Inbox): string[] => page.items.map((t) => t.subjectId).sort();
  const total = (page: Inbox): number => page.counts.open + page.counts.claimed;

  it('overdue=true lists only tasks past their due date, and counts only those', async () => {
    const all = await inbox(y.users.unitAdmin);
    expect(subjects(all)).toEqual([early, late].sort());
    expect(total(all)).toBe(2);

    const overdue = await inbox(y.users.unitAdmin, { overdue: 'true' });
    expect(subjects(overdue)).toEqual([early]);
    expect(overdue.counts).toEqual({ open: 1, claimed: 0 });
    const [task] = overdue.items;
    expect(Date.parse(task?.dueAt ?? '')).toBeLessThan(Date.parse('2020-09-22T09:00:00+08:00'));
    // each item says whether it is overdue by the domain clock, which the answer also gives
    const flagged = (
      await y.users.unitAdmin.getFresh('/api/v1/tasks', { query: { subjectType: 'hour_claim' } })
    ).expectStatus<{ now: string; items: (Task & { overdue: boolean })[] }>(200);
    expect(Date.parse(flagged.now)).toBeGreaterThanOrEqual(Date.parse('2020-09-22T09:00:00+08:00'));
    expect(flagged.items.filter((t) => t.overdue).map((t) => t.subjectId)).toEqual([early]);

    // overdue=false is no filter at all
    expect(subjects(await inbox(y.users.unitAdmin, { overdue: 'false' }))).toEqual(subjects(all));
  });

  it('districtId narrows the list and the counts to applicants of that district bureau', async () => {
    const everything = await inbox(auditor);
    expect(subjects(everything)).toEqual([early, late, fushanClaim].sort());

    const zhifu = await inbox(auditor, { districtId: y.orgs.zhifu });
    expect(subjects(zhifu)).toEqual([early, late].sort());
    expect(zhifu.items.every((t: Task & { districtId?: string }) => t.districtId === y.orgs.zhifu)).toBe(
      true,
    );
    expect(total(zhifu)).toBe(2);

    const fushan = await inbox(auditor, { districtId: y.orgs.fushan });
    expect(subjects(fushan)).toEqual([fushanClaim]);
    expect(fushan.counts).toEqual({ open: 1, claimed: 0 });

    // a reviewer's own scope still applies: 芝罘区's unit admin has nothing of 福山区
    const none = await inbox(y.users.unitAdmin, { districtId: y.orgs.fushan });
    expect(none.items).toEqual([]);
    expect(none.counts).toEqual({ open: 0, claimed: 0 });
  });

  it('combines both filters with status, and the counts follow a claimed task', async () => {
    const combined = await inbox(auditor, { districtId: y.orgs.zhifu, overdue: 'true' });
    expect(subjects(combined)).toEqual([early]);
    expect(subjects(await inbox(auditor, { districtId: y.orgs.fushan, overdue: 'true' }))).toEqual([]);

    const [task] = (await inbox(y.users.unitAdmin, { overdue: 'true' })).items;
    if (!task) throw new Error('no overdue task');
    (await y.users.unitAdmin.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/claim`)).expectStatus(200);
    const claimed = await inbox(y.users.unitAdmin, { overdue: 'true' });
    expect(claimed.counts).toEqual({ open: 0, claimed: 1 });
    expect(subjects(await inbox(y.users.unitAdmin, { overdue: 'true', status: 'claimed' }))).toEqual([early]);
    expect((await inbox(y.users.unitAdmin, { overdue: 'true', status: 'open' })).items).toEqual([]);
  });

  it('pages through a filtered list by cursor in due-date order', async () => {
    const seen: Task[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const query: Record<string, string | number> = { districtId: y.orgs.zhifu, limit: 1 };
      if (cursor) query.cursor = cursor;
      const result = await inbox(auditor, query);
      seen.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen.map((t) => t.subjectId).sort()).toEqual([early, late].sort());
    const due = seen.map((t) => Date.parse(t.dueAt ?? ''));
    expect(due).toEqual([...due].sort((a, b) => a - b));
  });

  it('refuses a district that is not an id and an overdue value that is not true/false', async () => {
    (await auditor.get('/api/v1/tasks', { query: { districtId: 'zhifu' } })).expectProblem(400);
    (await auditor.get('/api/v1/tasks', { query: { overdue: 'yes' } })).expectProblem(400);
  });
});
