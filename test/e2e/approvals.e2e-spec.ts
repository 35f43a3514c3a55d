import type { ApiResponse, Session } from '../support/api-client';
import {
  type ClaimView,
  type Inbox,
  type Ledger,
  type Task,
  type TaskOutcome,
  type TestSystem,
  type Yantai,
  buildYantai,
  claim,
  createPerson,
  createUser,
  findTask,
  getClaim,
  idNumber,
  inbox,
  requireTask,
  startTestSystem,
  submitClaim,
  syncReadModels,
} from '../support/yantai';

/**
 * Approval tasks (API.md "Approval tasks") over HTTP: who may see and decide a task, separation of
 * duties, concurrent decisions, claim / release / transfer, the inbox's counts and pages, urging,
 * batches and retries. Hour claims are the subject throughout.
 */
describe('approval tasks over HTTP', () => {
  let system: TestSystem;
  let y: Yantai;

  beforeAll(async () => {
    system = await startTestSystem('approvals');
    y = await buildYantai(system, 'ap');
  }, 60_000);

  afterAll(async () => {
    await system?.close();
  });

  const taskPath = (taskId: string, action: string): string =>
    `/api/v1/tasks/${encodeURIComponent(taskId)}/${action}`;

  const approve = (
    session: Session,
    taskId: string,
    headers?: Record<string, string>,
  ): Promise<ApiResponse> => session.post(taskPath(taskId, 'approve'), {}, headers ? { headers } : {});

  const approveOk = async (session: Session, taskId: string): Promise<TaskOutcome> =>
    (await approve(session, taskId)).expectStatus<TaskOutcome>(200);

  describe('jurisdiction', () => {
    it('keeps a task from a reviewer of another district: not in their inbox, and deciding it is 403/404', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.wang, claim(people.wang, { hours: 6 }));
      // a unit admin of another unit cannot decide the unit step
      const unitTask = await requireTask(users.unitAdmin, submitted.id);
      expect(await findTask(users.hospitalAdmin, submitted.id)).toBeUndefined();
      (await approve(users.hospitalAdmin, unitTask.id)).expectProblem([403, 404]);
      await approveOk(users.unitAdmin, unitTask.id);
      await approveOk(
        users.departmentReviewer,
        (await requireTask(users.departmentReviewer, submitted.id)).id,
      );

      const districtTask = await requireTask(users.districtReviewer, submitted.id);
      expect(await findTask(users.fushanReviewer, submitted.id)).toBeUndefined();
      expect((await inbox(users.fushanReviewer)).items).toEqual([]);
      (await approve(users.fushanReviewer, districtTask.id)).expectProblem([403, 404]);
      (
        await users.fushanReviewer.post(taskPath(districtTask.id, 'reject'), { reason: '越权' })
      ).expectProblem([403, 404]);
      (
        await users.fushanReviewer.post(taskPath(districtTask.id, 'return'), { reason: '越权' })
      ).expectProblem([403, 404]);
      (await users.fushanReviewer.post(taskPath(districtTask.id, 'claim'))).expectProblem([403, 404]);
      // the city reviewer is not the district step's reviewer either
      (await approve(users.cityReviewer, districtTask.id)).expectProblem([403, 404]);

      // nothing changed: the district bureau of 芝罘区 still decides it
      expect((await getClaim(users.wang, submitted.id)).steps[2]?.decision).toBe('pending');
      expect((await approveOk(users.districtReviewer, districtTask.id)).status).toBe('approved');
    });

    it('refuses a person deciding a task (403) and shows people an empty inbox', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.unitAdmin2, claim(people.wang, { hours: 4 }));
      const unitTask = await requireTask(users.unitAdmin, submitted.id);
      (await approve(users.wang, unitTask.id)).expectProblem(403);
      (await approve(users.li, unitTask.id)).expectProblem(403);
      (await users.li.post(taskPath(unitTask.id, 'reject'), { reason: '不同意' })).expectProblem(403);
      const personInbox = (await users.li.getFresh('/api/v1/tasks')).expectStatus<Inbox>(200);
      expect(personInbox.items).toEqual([]);
      expect((await getClaim(users.unitAdmin, submitted.id)).steps[0]?.decision).toBe('pending');
    });

    it('answers an unknown task with 404', async () => {
      const { users } = y;
      (await approve(users.unitAdmin, 'no-such-task')).expectProblem(404);
      (await approve(users.unitAdmin, 'hour-claim-01a22000-0000-7000-8000-000000000000~1')).expectProblem([
        404, 409,
      ]);
    });
  });

  describe('separation of duties', () => {
    let qian: string;
    let both: Session;

    beforeAll(async () => {
      qian = await createPerson(y.users.admin, {
        name: '钱进',
        idNumber: idNumber('19820228', 771),
        unitId: y.orgs.youthCentre,
      });
      // one account that is both the person and a unit admin of the unit
      both = await createUser(y.users.admin, {
        username: 'ap.qianjin',
        orgId: y.orgs.youthCentre,
        roles: ['person', 'unit_admin'],
        personId: qian,
      });
      await syncReadModels(y.users.admin);
    });

    it('refuses the unit admin who submitted a claim on the person’s behalf (403 APPROVAL.SEPARATION_OF_DUTIES)', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.unitAdmin2, claim(people.wang, { hours: 3 }));
      const task = await requireTask(users.unitAdmin2, submitted.id);
      (await approve(users.unitAdmin2, task.id)).expectProblem(403, 'APPROVAL.SEPARATION_OF_DUTIES');
      (await users.unitAdmin2.post(taskPath(task.id, 'return'), { reason: '自审' })).expectProblem(
        403,
        'APPROVAL.SEPARATION_OF_DUTIES',
      );
      const batch = (
        await users.unitAdmin2.post('/api/v1/tasks/approve-batch', { taskIds: [task.id] })
      ).expectStatus<{ results: { taskId: string; ok: boolean; code?: string }[] }>(200);
      expect(batch.results).toEqual([
        expect.objectContaining({ taskId: task.id, ok: false, code: 'APPROVAL.SEPARATION_OF_DUTIES' }),
      ]);
      expect((await getClaim(users.unitAdmin, submitted.id)).steps[0]?.decision).toBe('pending');
      // another unit admin of the unit may
      await approveOk(users.unitAdmin, task.id);
    });

    it('refuses the person’s own account even when it holds the unit admin role', async () => {
      const { users } = y;
      const own = await submitClaim(both, claim(qian, { hours: 5 }));
      const ownTask = await requireTask(both, own.id);
      (await approve(both, ownTask.id)).expectProblem(403, 'APPROVAL.SEPARATION_OF_DUTIES');
      (await both.post(taskPath(ownTask.id, 'claim'))).expectProblem(403, 'APPROVAL.SEPARATION_OF_DUTIES');

      // submitted by someone else on the person's behalf: the person's account still may not decide
      const onBehalf = await submitClaim(users.unitAdmin2, claim(qian, { hours: 5.5 }));
      const task = await requireTask(both, onBehalf.id);
      (await approve(both, task.id)).expectProblem(403, 'APPROVAL.SEPARATION_OF_DUTIES');
      await approveOk(users.unitAdmin, task.id);
      expect((await getClaim(users.unitAdmin, onBehalf.id)).steps[0]).toMatchObject({
        decision: 'approved',
        by: users.unitAdmin.userId,
      });
    });
  });

  describe('concurrent decisions', () => {
    it('gives exactly one 200 and nineteen 409 for 20 concurrent approvals of one task, and counts the hours once', async () => {
      const { users, orgs } = y;
      const person = await createPerson(users.admin, {
        name: '马骏',
        idNumber: idNumber('19800808', 919),
        unitId: orgs.youthCentre,
      });
      const submitted = await submitClaim(users.admin, claim(person, { subject: 'professional', hours: 42 }));
      const unitTask = await requireTask(users.unitAdmin, submitted.id);

      // two eligible unit admins, ten requests each, all at once
      const race = async (sessions: readonly Session[], taskId: string): Promise<ApiResponse[]> =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) => approve(sessions[i % sessions.length] as Session, taskId)),
        );
      const tally = (responses: readonly ApiResponse[]) => ({
        ok: responses.filter((r) => r.status === 200).length,
        conflict: responses.filter((r) => r.status === 409).length,
        other: responses.filter((r) => r.status !== 200 && r.status !== 409).map((r) => [r.status, r.body]),
      });

      const unitRace = await race([users.unitAdmin, users.unitAdmin2], unitTask.id);
      expect(tally(unitRace)).toEqual({ ok: 1, conflict: 19, other: [] });
      for (const r of unitRace.filter((x) => x.status === 409)) {
        expect(r.contentType).toContain('application/problem+json');
      }
      const winner = unitRace.find((r) => r.status === 200)?.body as TaskOutcome;
      system.api.note(winner.position);

      const afterUnit = await getClaim(users.admin, submitted.id);
      expect(afterUnit.steps.map((s) => s.decision)).toEqual(['approved', 'pending', 'pending']);
      expect([users.unitAdmin.userId, users.unitAdmin2.userId]).toContain(afterUnit.steps[0]?.by);
      const departmentTasks = (await inbox(users.departmentReviewer)).items.filter(
        (t) => t.subjectId === submitted.id,
      );
      expect(departmentTasks).toHaveLength(1);
      await approveOk(users.departmentReviewer, departmentTasks[0]?.id ?? '');

      // the last step: one user twenty times
      const districtTask = await requireTask(users.districtReviewer, submitted.id);
      const districtRace = await race([users.districtReviewer], districtTask.id);
      expect(tally(districtRace)).toEqual({ ok: 1, conflict: 19, other: [] });
      system.api.note((districtRace.find((r) => r.status === 200)?.body as TaskOutcome).position);

      const approved = await getClaim(users.admin, submitted.id);
      expect(approved.status).toBe('approved');
      const ledger = (
        await users.admin.getFresh(`/api/v1/persons/${person}/years/2020`)
      ).expectStatus<Ledger>(200);
      expect(ledger).toMatchObject({ professionalHours: 42, totalHours: 42, publicHours: 0 });
    });
  });

  describe('urging', () => {
    it('lets the applicant urge once per 24 hours (422 APPROVAL.URGED_RECENTLY) and nobody else', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.wang, claim(people.wang, { hours: 1.5 }));
      const urged = await users.wang.post(`/api/v1/hour-claims/${submitted.id}/urge`);
      expect(urged.expectStatus<TaskOutcome>(200)).toMatchObject({
        subjectId: submitted.id,
        status: 'in_review',
      });
      (await users.wang.post(`/api/v1/hour-claims/${submitted.id}/urge`)).expectProblem(
        422,
        'APPROVAL.URGED_RECENTLY',
      );
      (await users.li.post(`/api/v1/hour-claims/${submitted.id}/urge`)).expectProblem([403, 404]);
      (await users.unitAdmin.post(`/api/v1/hour-claims/${submitted.id}/urge`)).expectProblem(403);
      const task = await requireTask(users.unitAdmin, submitted.id);
      expect(task.urgedCount).toBe(1);
      // the urge changed nothing else
      const view: ClaimView = await getClaim(users.wang, submitted.id);
      expect(view.status).toBe('in_review');
      expect(view.steps.map((s) => s.decision)).toEqual(['pending', 'pending', 'pending']);
    });
  });

  describe('batches and retries', () => {
    it('approves a batch item by item, saying which ones failed and why', async () => {
      const { users, people } = y;
      const first = await submitClaim(users.admin, claim(people.wang, { hours: 2 }));
      const second = await submitClaim(users.admin, claim(people.li, { hours: 2 }));
      const firstTask = await requireTask(users.unitAdmin, first.id);
      const secondTask = await requireTask(users.unitAdmin, second.id);
      await approveOk(users.unitAdmin, secondTask.id);
      const batch = (
        await users.unitAdmin.post('/api/v1/tasks/approve-batch', {
          taskIds: [firstTask.id, secondTask.id, 'no-such-task'],
          comment: '材料齐全',
        })
      ).expectStatus<{ results: { taskId: string; ok: boolean; code?: string; position?: string }[] }>(200);
      expect(batch.results).toEqual([
        expect.objectContaining({ taskId: firstTask.id, ok: true }),
        expect.objectContaining({ taskId: secondTask.id, ok: false, code: expect.any(String) }),
        expect.objectContaining({ taskId: 'no-such-task', ok: false, code: expect.any(String) }),
      ]);
      system.api.note(batch.results[0]?.position);
      expect((await getClaim(users.admin, first.id)).steps[0]).toMatchObject({
        decision: 'approved',
        by: users.unitAdmin.userId,
        comment: '材料齐全',
      });
      (await users.unitAdmin.post('/api/v1/tasks/approve-batch', { taskIds: [] })).expectProblem(400);
    });

    it('answers a retried approval with the same Idempotency-Key like the first time, and decides once', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.admin, claim(people.wang, { hours: 9 }));
      const task = await requireTask(users.unitAdmin, submitted.id);
      const key = `approve-${submitted.id}`;
      const first = (
        await approve(users.unitAdmin, task.id, { 'Idempotency-Key': key })
      ).expectStatus<TaskOutcome>(200);
      const retry = (
        await approve(users.unitAdmin, task.id, { 'Idempotency-Key': key })
      ).expectStatus<TaskOutcome>(200);
      expect(retry).toEqual(first);
      // without the key, a second approval is a conflict
      (await approve(users.unitAdmin, task.id)).expectProblem(409);
      const view = await getClaim(users.admin, submitted.id);
      expect(view.steps.map((s) => s.decision)).toEqual(['approved', 'pending', 'pending']);
      expect(
        (await inbox(users.departmentReviewer)).items.filter((t) => t.subjectId === submitted.id),
      ).toHaveLength(1);
    });
  });
  describe('the inbox', () => {
    let ids: string[];

    beforeAll(async () => {
      const { users, orgs } = y;
      const teacher = await createPerson(users.schoolAdmin, {
        name: '林静',
        idNumber: idNumber('19870909', 246),
        unitId: orgs.school,
      });
      ids = [];
      for (let i = 0; i < 4; i++)
        ids.push((await submitClaim(users.admin, claim(teacher, { hours: 2 + i }))).id);
      const makeUp = claim(teacher, {
        startDate: '2020-03-02',
        endDate: '2020-03-06',
        makeUpForYear: 2019,
        hours: 12,
      });
      ids.push((await submitClaim(users.admin, makeUp)).id);
    });

    it('lists the organisation’s open tasks, filters by year, and pages with limit and cursor (keyset)', async () => {
      const { users, orgs } = y;
      const all = await inbox(users.schoolAdmin);
      expect(all.items.map((t) => t.subjectId).sort()).toEqual([...ids].sort());
      expect(all.counts).toEqual({ open: 5, claimed: 0 });
      expect(all.nextCursor).toBeNull();
      for (const t of all.items)
        expect(t).toMatchObject({ level: 'unit', orgId: orgs.school, status: 'open', claimedBy: null });
      expect((await inbox(users.schoolAdmin, { year: 2019 })).items.map((t) => t.subjectId)).toEqual([
        ids[4],
      ]);
      expect((await inbox(users.schoolAdmin, { year: 2020 })).items).toHaveLength(4);

      const pages: Inbox[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { subjectType: 'hour_claim', limit: 2 };
        if (cursor !== null) query.cursor = cursor;
        const page: Inbox = (
          await users.schoolAdmin.getFresh('/api/v1/tasks', { query })
        ).expectStatus<Inbox>(200);
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 10);
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
      expect(pages[0]?.nextCursor).toEqual(expect.any(String));
      expect(pages[2]?.nextCursor).toBeNull();
      for (const p of pages) expect(p.counts).toEqual({ open: 5, claimed: 0 });
      const paged = pages.flatMap((p) => p.items.map((t) => t.id));
      expect(new Set(paged).size).toBe(5);
      expect(paged).toEqual(all.items.map((t) => t.id));

      (
        await users.schoolAdmin.getFresh('/api/v1/tasks', { query: { cursor: 'not-a-cursor!' } })
      ).expectProblem(400);
      // other organisations' inboxes do not show these tasks
      expect((await inbox(users.unitAdmin)).items.filter((t) => ids.includes(t.subjectId))).toEqual([]);
      expect((await inbox(users.departmentReviewer)).items.filter((t) => ids.includes(t.subjectId))).toEqual(
        [],
      );
    });

    // Claiming tasks comes last in this file: a projection failure on a claim would stall every later read.
    it('counts open and claimed tasks and filters by status', async () => {
      const { users } = y;
      const all = await inbox(users.schoolAdmin);
      const held = all.items[2] as Task;
      (await users.schoolAdmin.post(taskPath(held.id, 'claim'))).expectStatus<TaskOutcome>(200);
      const counted = await inbox(users.schoolAdmin);
      expect(counted.counts).toEqual({ open: 4, claimed: 1 });
      expect(counted.items.map((t) => t.id)).toEqual(all.items.map((t) => t.id));
      const claimedOnly = await inbox(users.schoolAdmin, { status: 'claimed' });
      expect(claimedOnly.items.map((t) => t.id)).toEqual([held.id]);
      expect(claimedOnly.items[0]).toMatchObject({ status: 'claimed', claimedBy: users.schoolAdmin.userId });
      const openOnly = await inbox(users.schoolAdmin, { status: 'open' });
      expect(openOnly.items).toHaveLength(4);
      expect(openOnly.items.every((t) => t.status === 'open')).toBe(true);
      (await users.schoolAdmin.post(taskPath(held.id, 'release'))).expectStatus<TaskOutcome>(200);
      expect((await inbox(users.schoolAdmin)).counts).toEqual({ open: 5, claimed: 0 });
    });
  });

  describe('claim, release, transfer', () => {
    it('lets one reviewer hold a task: others cannot decide it until it is released or transferred to them', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.admin, claim(people.li, { hours: 7 }));
      const task = await requireTask(users.unitAdmin, submitted.id);
      expect(task).toMatchObject({ status: 'open', claimedBy: null });

      (await users.unitAdmin.post(taskPath(task.id, 'claim'))).expectStatus<TaskOutcome>(200);
      expect(await findTask(users.unitAdmin2, submitted.id)).toMatchObject({
        id: task.id,
        status: 'claimed',
        claimedBy: users.unitAdmin.userId,
      });
      // claiming again is harmless
      (await users.unitAdmin.post(taskPath(task.id, 'claim'))).expectStatus<TaskOutcome>(200);
      (await approve(users.unitAdmin2, task.id)).expectProblem(409);
      (await users.unitAdmin2.post(taskPath(task.id, 'claim'))).expectProblem(409);
      (await users.unitAdmin2.post(taskPath(task.id, 'release'))).expectProblem(403);

      // transfer only to someone who may decide it
      (
        await users.unitAdmin.post(taskPath(task.id, 'transfer'), {
          toUserId: users.departmentReviewer.userId,
        })
      ).expectProblem(403);
      (
        await users.unitAdmin.post(taskPath(task.id, 'transfer'), {
          toUserId: '01a22000-0000-7000-8000-000000000000',
        })
      ).expectProblem(404);
      (await users.unitAdmin.post(taskPath(task.id, 'transfer'), { toUserId: 'not-a-uuid' })).expectProblem(
        400,
      );
      (
        await users.unitAdmin.post(taskPath(task.id, 'transfer'), { toUserId: users.unitAdmin2.userId })
      ).expectStatus<TaskOutcome>(200);
      expect(await findTask(users.unitAdmin, submitted.id)).toMatchObject({
        status: 'claimed',
        claimedBy: users.unitAdmin2.userId,
      });
      (await approve(users.unitAdmin, task.id)).expectProblem(409);

      (await users.unitAdmin2.post(taskPath(task.id, 'release'))).expectStatus<TaskOutcome>(200);
      expect(await findTask(users.unitAdmin, submitted.id)).toMatchObject({
        status: 'open',
        claimedBy: null,
      });
      await approveOk(users.unitAdmin, task.id);
      expect((await getClaim(users.li, submitted.id)).steps[0]).toMatchObject({
        decision: 'approved',
        by: users.unitAdmin.userId,
      });
      // a decided task can no longer be claimed or released
      (await users.unitAdmin2.post(taskPath(task.id, 'claim'))).expectProblem(409);
      (await users.unitAdmin2.post(taskPath(task.id, 'release'))).expectProblem(409);
    });
  });
});
