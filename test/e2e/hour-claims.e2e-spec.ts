import { Client } from 'pg';
import type { Session } from '../support/api-client';
import {
  CLOCK,
  type ClaimListItem,
  type ClaimView,
  type Eligibility,
  type Ledger,
  type Submitted,
  type TaskOutcome,
  type TestSystem,
  type Yantai,
  approveThrough,
  buildYantai,
  claim,
  createPerson,
  createUser,
  findTask,
  getClaim,
  idNumber,
  requireTask,
  seedApproved,
  startTestSystem,
  submitClaim,
} from '../support/yantai';

/**
 * Hour claims (学时登记) end to end over HTTP on PostgreSQL: the approval chains of DOMAIN.md,
 * return / resubmit / reject / withdraw / revoke, the year ledger, the refusals of bad claims,
 * title eligibility with make-up study, and the people they belong to. The clock stands at
 * 2020-09-01 09:00 in Yantai.
 */
describe('hour claims (学时登记) over HTTP', () => {
  let system: TestSystem;
  let y: Yantai;

  beforeAll(async () => {
    system = await startTestSystem('hourclaims');
    y = await buildYantai(system, 'hc');
  }, 60_000);

  afterAll(async () => {
    await system?.close();
  });

  const claimsOf = async (session: Session, personId: string): Promise<ClaimListItem[]> =>
    (await session.getFresh('/api/v1/hour-claims', { query: { personId } })).expectStatus<{
      items: ClaimListItem[];
    }>(200).items;

  const ledger = async (session: Session, personId: string, year: number): Promise<Ledger> =>
    (await session.getFresh(`/api/v1/persons/${personId}/years/${year}`)).expectStatus<Ledger>(200);

  const eligibility = async (session: Session, personId: string, applyYear: number): Promise<Eligibility> =>
    (
      await session.getFresh(`/api/v1/persons/${personId}/title-eligibility`, { query: { applyYear } })
    ).expectStatus<Eligibility>(200);

  const approve = async (session: Session, taskId: string): Promise<TaskOutcome> =>
    (await session.post(`/api/v1/tasks/${encodeURIComponent(taskId)}/approve`, {})).expectStatus<TaskOutcome>(
      200,
    );

  /** A decision's instant: on the test clock (it started at CLOCK and runs at real speed). */
  const expectDecidedNow = (at: string | undefined): void => {
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const instant = Date.parse(at ?? '');
    expect(instant).toBeGreaterThanOrEqual(Date.parse(CLOCK));
    expect(instant).toBeLessThan(Date.parse(CLOCK) + 3_600_000);
  };

  describe('approval chains', () => {
    it('takes a district unit’s claim through unit → department → district; the last approval approves it', async () => {
      const { users, orgs, people } = y;
      const submitted = await submitClaim(
        users.wang,
        claim(people.wang, { subject: 'public', kind: 'training', hours: 12 }),
      );
      expect(submitted).toMatchObject({ year: 2020, status: 'in_review' });
      expect(typeof submitted.position).toBe('string');

      const before = await getClaim(users.wang, submitted.id);
      expect(before).toMatchObject({
        id: submitted.id,
        personId: people.wang,
        year: 2020,
        subject: 'public',
        kind: 'training',
        hours: 12,
        status: 'in_review',
        makeUp: false,
      });
      expect(before.steps).toEqual([
        { level: 'unit', orgId: orgs.youthCentre, decision: 'pending' },
        { level: 'department', orgId: orgs.zhifuEducation, decision: 'pending' },
        { level: 'district', orgId: orgs.zhifu, decision: 'pending' },
      ]);
      expect(await findTask(users.departmentReviewer, submitted.id)).toBeUndefined();
      expect(await findTask(users.districtReviewer, submitted.id)).toBeUndefined();

      const unitTask = await requireTask(users.unitAdmin, submitted.id);
      expect(unitTask).toMatchObject({
        subjectType: 'hour_claim',
        subjectId: submitted.id,
        level: 'unit',
        orgId: orgs.youthCentre,
        status: 'open',
        claimedBy: null,
      });
      expect(typeof unitTask.summary).toBe('string');
      expect(unitTask.dueAt).not.toBeNull();
      expect(await approve(users.unitAdmin, unitTask.id)).toMatchObject({
        subjectId: submitted.id,
        status: 'in_review',
      });
      expect(await findTask(users.unitAdmin, submitted.id)).toBeUndefined();

      const departmentTask = await requireTask(users.departmentReviewer, submitted.id);
      expect(departmentTask).toMatchObject({ level: 'department', orgId: orgs.zhifuEducation });
      expect((await approve(users.departmentReviewer, departmentTask.id)).status).toBe('in_review');
      expect(await findTask(users.departmentReviewer, submitted.id)).toBeUndefined();

      const districtTask = await requireTask(users.districtReviewer, submitted.id);
      expect(districtTask).toMatchObject({ level: 'district', orgId: orgs.zhifu });
      expect((await approve(users.districtReviewer, districtTask.id)).status).toBe('approved');
      expect(await findTask(users.districtReviewer, submitted.id)).toBeUndefined();

      const after = await getClaim(users.wang, submitted.id);
      expect(after.status).toBe('approved');
      expect(after.steps.map((s) => [s.level, s.orgId, s.decision, s.by])).toEqual([
        ['unit', orgs.youthCentre, 'approved', users.unitAdmin.userId],
        ['department', orgs.zhifuEducation, 'approved', users.departmentReviewer.userId],
        ['district', orgs.zhifu, 'approved', users.districtReviewer.userId],
      ]);
      for (const step of after.steps) expectDecidedNow(step.at);
      expect((await claimsOf(users.wang, people.wang)).find((c) => c.id === submitted.id)).toMatchObject({
        status: 'approved',
        year: 2020,
        hours: 12,
      });
    });

    it('takes a city-direct unit’s claim through unit → department → city', async () => {
      const { users, orgs, people } = y;
      const submitted = await submitClaim(
        users.zhao,
        claim(people.zhao, {
          subject: 'professional',
          kind: 'training',
          hours: 24,
          title: '急危重症护理进展',
        }),
      );
      expect((await getClaim(users.zhao, submitted.id)).steps).toEqual([
        { level: 'unit', orgId: orgs.hospital, decision: 'pending' },
        { level: 'department', orgId: orgs.cityHealth, decision: 'pending' },
        { level: 'city', orgId: orgs.city, decision: 'pending' },
      ]);
      await approve(users.hospitalAdmin, (await requireTask(users.hospitalAdmin, submitted.id)).id);
      expect(await findTask(users.cityReviewer, submitted.id)).toBeUndefined();
      await approve(users.healthReviewer, (await requireTask(users.healthReviewer, submitted.id)).id);
      expect(await findTask(users.districtReviewer, submitted.id)).toBeUndefined();
      const cityTask = await requireTask(users.cityReviewer, submitted.id);
      expect(cityTask).toMatchObject({ level: 'city', orgId: orgs.city });
      expect((await approve(users.cityReviewer, cityTask.id)).status).toBe('approved');

      const after = await getClaim(users.zhao, submitted.id);
      expect(after.status).toBe('approved');
      expect(after.steps.map((s) => [s.level, s.decision, s.by])).toEqual([
        ['unit', 'approved', users.hospitalAdmin.userId],
        ['department', 'approved', users.healthReviewer.userId],
        ['city', 'approved', users.cityReviewer.userId],
      ]);
      for (const step of after.steps) expectDecidedNow(step.at);
    });

    it('skips the department step of an enterprise with no department: unit → district', async () => {
      const { users, orgs, people } = y;
      const submitted = await submitClaim(
        users.sun,
        claim(people.sun, { subject: 'public', kind: 'online' }),
      );
      const before = await getClaim(users.sun, submitted.id);
      expect(before.steps).toEqual([
        { level: 'unit', orgId: orgs.enterprise, decision: 'pending' },
        { level: 'department', orgId: null, decision: 'skipped' },
        { level: 'district', orgId: orgs.zhifu, decision: 'pending' },
      ]);
      await approve(users.enterpriseAdmin, (await requireTask(users.enterpriseAdmin, submitted.id)).id);
      expect(await findTask(users.departmentReviewer, submitted.id)).toBeUndefined();
      const districtTask = await requireTask(users.districtReviewer, submitted.id);
      expect(districtTask.level).toBe('district');
      expect((await approve(users.districtReviewer, districtTask.id)).status).toBe('approved');
      const after = await getClaim(users.sun, submitted.id);
      expect(after.status).toBe('approved');
      expect(after.steps.map((s) => s.decision)).toEqual(['approved', 'skipped', 'approved']);
      expect(after.steps[1]?.by).toBeUndefined();
    });

    it('returns an enterprise claim to the previous step past the skipped department', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(
        users.sun,
        claim(people.sun, { subject: 'professional', hours: 14 }),
      );
      const firstUnitTask = await requireTask(users.enterpriseAdmin, submitted.id);
      await approve(users.enterpriseAdmin, firstUnitTask.id);
      const districtTask = await requireTask(users.districtReviewer, submitted.id);
      (
        await users.districtReviewer.post(`/api/v1/tasks/${encodeURIComponent(districtTask.id)}/return`, {
          reason: '请单位核实学时',
          to: 'previous',
        })
      ).expectStatus<TaskOutcome>(200);
      const reopened = await getClaim(users.sun, submitted.id);
      expect(reopened.status).toBe('in_review');
      expect(reopened.steps.map((s) => s.decision)).toEqual(['pending', 'skipped', 'returned']);
      const secondUnitTask = await requireTask(users.enterpriseAdmin, submitted.id);
      expect(secondUnitTask.id).not.toBe(firstUnitTask.id);
      await approve(users.enterpriseAdmin, secondUnitTask.id);
      expect(
        (await approve(users.districtReviewer, (await requireTask(users.districtReviewer, submitted.id)).id))
          .status,
      ).toBe('approved');
      expect((await getClaim(users.sun, submitted.id)).steps.map((s) => s.decision)).toEqual([
        'approved',
        'skipped',
        'approved',
      ]);
    });
  });

  describe('return, resubmit, reject, withdraw', () => {
    it('returns a claim to the applicant with a reason; resubmitted with changed hours it goes round again and is approved', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(
        users.wang,
        claim(people.wang, {
          subject: 'professional',
          kind: 'training',
          hours: 20,
          title: '青少年心理健康辅导',
        }),
      );
      await approve(users.unitAdmin, (await requireTask(users.unitAdmin, submitted.id)).id);
      const departmentTask = await requireTask(users.departmentReviewer, submitted.id);
      const reason = '培训证明显示实际学时为16学时，请更正后重新提交';
      const returned = await users.departmentReviewer.post(
        `/api/v1/tasks/${encodeURIComponent(departmentTask.id)}/return`,
        { reason, to: 'applicant' },
      );
      expect(returned.expectStatus<TaskOutcome>(200).status).toBe('returned');

      const whileReturned = await getClaim(users.wang, submitted.id);
      expect(whileReturned.status).toBe('returned');
      expect(whileReturned.steps[1]).toMatchObject({
        level: 'department',
        decision: 'returned',
        by: users.departmentReviewer.userId,
        comment: reason,
      });
      expect(await findTask(users.unitAdmin, submitted.id)).toBeUndefined();
      expect(await findTask(users.departmentReviewer, submitted.id)).toBeUndefined();
      // the returned task is no longer open
      (
        await users.departmentReviewer.post(
          `/api/v1/tasks/${encodeURIComponent(departmentTask.id)}/approve`,
          {},
        )
      ).expectProblem(409);

      // a resubmission is checked by the same rules, and a refused one leaves the claim returned
      (await users.wang.post(`/api/v1/hour-claims/${submitted.id}/resubmit`, { hours: 16.3 })).expectProblem(
        422,
        'HOUR_CLAIM.HOURS_NOT_IN_STEPS',
      );
      (
        await users.wang.post(`/api/v1/hour-claims/${submitted.id}/resubmit`, { endDate: '2020-10-01' })
      ).expectProblem(422, 'HOUR_CLAIM.END_DATE_IN_FUTURE');
      // only the applicant resubmits
      (
        await users.unitAdmin.post(`/api/v1/hour-claims/${submitted.id}/resubmit`, { hours: 16 })
      ).expectProblem(403);
      expect(await getClaim(users.wang, submitted.id)).toMatchObject({ status: 'returned', hours: 20 });

      const resubmitted = await users.wang.post(`/api/v1/hour-claims/${submitted.id}/resubmit`, {
        hours: 16,
      });
      expect(resubmitted.expectStatus<TaskOutcome>(200).status).toBe('in_review');
      const again = await getClaim(users.wang, submitted.id);
      expect(again).toMatchObject({ status: 'in_review', hours: 16 });
      expect(again.steps.map((s) => s.decision)).toEqual(['pending', 'pending', 'pending']);
      const unitTask = await requireTask(users.unitAdmin, submitted.id);
      expect(unitTask.hours).toBe(16);

      await approve(users.unitAdmin, unitTask.id);
      await approve(users.departmentReviewer, (await requireTask(users.departmentReviewer, submitted.id)).id);
      await approve(users.districtReviewer, (await requireTask(users.districtReviewer, submitted.id)).id);
      const approved = await getClaim(users.wang, submitted.id);
      expect(approved).toMatchObject({ status: 'approved', hours: 16 });
      expect(approved.steps.map((s) => s.decision)).toEqual(['approved', 'approved', 'approved']);
      expect((await claimsOf(users.wang, people.wang)).find((c) => c.id === submitted.id)?.hours).toBe(16);

      // only a returned claim can be resubmitted
      (await users.wang.post(`/api/v1/hour-claims/${submitted.id}/resubmit`, { hours: 18 })).expectProblem(
        409,
      );
    });

    it('returns to the previous step: the unit step reopens as a new task, then the chain completes', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(
        users.li,
        claim(people.li, { subject: 'professional', kind: 'online', hours: 8, title: '信息技术与教学融合' }),
      );
      const firstUnitTask = await requireTask(users.unitAdmin, submitted.id);
      await approve(users.unitAdmin, firstUnitTask.id);
      const departmentTask = await requireTask(users.departmentReviewer, submitted.id);
      const reason = '单位审核意见不完整，请单位重新审核';
      const returned = await users.departmentReviewer.post(
        `/api/v1/tasks/${encodeURIComponent(departmentTask.id)}/return`,
        { reason, to: 'previous' },
      );
      expect(returned.expectStatus<TaskOutcome>(200).status).toBe('in_review');

      const reopened = await getClaim(users.li, submitted.id);
      expect(reopened.status).toBe('in_review');
      expect(reopened.steps[0]).toEqual(expect.objectContaining({ level: 'unit', decision: 'pending' }));
      expect(reopened.steps[1]).toMatchObject({ level: 'department', decision: 'returned', comment: reason });
      expect(reopened.steps[2]).toMatchObject({ level: 'district', decision: 'pending' });
      expect(await findTask(users.departmentReviewer, submitted.id)).toBeUndefined();
      const secondUnitTask = await requireTask(users.unitAdmin, submitted.id);
      expect(secondUnitTask.id).not.toBe(firstUnitTask.id);
      expect(secondUnitTask.level).toBe('unit');
      // the first opening of the unit step was decided: deciding it again is refused
      (
        await users.unitAdmin.post(`/api/v1/tasks/${encodeURIComponent(firstUnitTask.id)}/approve`, {})
      ).expectProblem(409);

      // the same unit admin decides the reopened unit step again (it is the same step, not a second one)
      await approve(users.unitAdmin, secondUnitTask.id);
      await approve(users.departmentReviewer, (await requireTask(users.departmentReviewer, submitted.id)).id);
      expect(
        (await approve(users.districtReviewer, (await requireTask(users.districtReviewer, submitted.id)).id))
          .status,
      ).toBe('approved');
      const after = await getClaim(users.li, submitted.id);
      expect(after.status).toBe('approved');
      expect(after.steps.map((s) => [s.decision, s.by])).toEqual([
        ['approved', users.unitAdmin.userId],
        ['approved', users.departmentReviewer.userId],
        ['approved', users.districtReviewer.userId],
      ]);
    });

    it('rejects a claim for good: a further approve is 409, and it cannot be withdrawn or resubmitted', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(
        users.li,
        claim(people.li, { subject: 'public', kind: 'other', hours: 6 }),
      );
      await approve(users.unitAdmin, (await requireTask(users.unitAdmin, submitted.id)).id);
      const departmentTask = await requireTask(users.departmentReviewer, submitted.id);
      const reason = '该培训不属于公需科目';
      const rejected = await users.departmentReviewer.post(
        `/api/v1/tasks/${encodeURIComponent(departmentTask.id)}/reject`,
        { reason },
      );
      expect(rejected.expectStatus<TaskOutcome>(200).status).toBe('rejected');

      const view = await getClaim(users.li, submitted.id);
      expect(view.status).toBe('rejected');
      expect(view.steps[1]).toMatchObject({
        decision: 'rejected',
        by: users.departmentReviewer.userId,
        comment: reason,
      });
      expect(view.steps[2]?.decision).toBe('pending');
      expect(await findTask(users.departmentReviewer, submitted.id)).toBeUndefined();
      expect(await findTask(users.districtReviewer, submitted.id)).toBeUndefined();

      (
        await users.departmentReviewer.post(
          `/api/v1/tasks/${encodeURIComponent(departmentTask.id)}/approve`,
          {},
        )
      ).expectProblem(409);
      (await users.li.post(`/api/v1/hour-claims/${submitted.id}/withdraw`)).expectProblem(409);
      (await users.li.post(`/api/v1/hour-claims/${submitted.id}/resubmit`, { hours: 8 })).expectProblem(409);
      expect((await getClaim(users.li, submitted.id)).status).toBe('rejected');
    });

    it('lets the person withdraw a claim before any decision, not after one', async () => {
      const { users, people } = y;
      const early = await submitClaim(users.wang, claim(people.wang, { hours: 4 }));
      const unitTask = await requireTask(users.unitAdmin, early.id);
      const withdrawn = await users.wang.post(`/api/v1/hour-claims/${early.id}/withdraw`);
      expect(withdrawn.expectStatus<TaskOutcome>(200).status).toBe('withdrawn');
      // withdrawing a withdrawn claim is a conflict
      (await users.wang.post(`/api/v1/hour-claims/${early.id}/withdraw`)).expectProblem(409);
      expect((await getClaim(users.wang, early.id)).status).toBe('withdrawn');
      expect(await findTask(users.unitAdmin, early.id)).toBeUndefined();
      (
        await users.unitAdmin.post(`/api/v1/tasks/${encodeURIComponent(unitTask.id)}/approve`, {})
      ).expectProblem(409);
      expect((await claimsOf(users.wang, people.wang)).find((c) => c.id === early.id)?.status).toBe(
        'withdrawn',
      );

      const late = await submitClaim(users.wang, claim(people.wang, { hours: 5 }));
      await approve(users.unitAdmin, (await requireTask(users.unitAdmin, late.id)).id);
      (await users.wang.post(`/api/v1/hour-claims/${late.id}/withdraw`)).expectProblem(409);
      const view = await getClaim(users.wang, late.id);
      expect(view.status).toBe('in_review');
      expect(view.steps[0]?.decision).toBe('approved');
      expect(await findTask(users.departmentReviewer, late.id)).toBeDefined();
    });
  });

  describe('who sees a claim', () => {
    it('hides a person’s claim from another person of the same unit (404)', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.wang, claim(people.wang, { hours: 3 }));
      (await users.wang.getFresh(`/api/v1/hour-claims/${submitted.id}`)).expectStatus<ClaimView>(200);
      (await users.li.getFresh(`/api/v1/hour-claims/${submitted.id}`)).expectProblem(404);
    });

    it('hides another person’s claim list and ledger from a person (404)', async () => {
      const { users, people } = y;
      (await users.li.getFresh('/api/v1/hour-claims', { query: { personId: people.wang } })).expectProblem(
        404,
      );
      (await users.li.getFresh(`/api/v1/persons/${people.wang}/years/2020`)).expectProblem(404);
      (await users.li.getFresh(`/api/v1/persons/${people.wang}`)).expectProblem(404);
    });

    it('lists to a person only their own claims', async () => {
      const { users, people } = y;
      const own = (await users.li.getFresh('/api/v1/hour-claims')).expectStatus<{ items: ClaimListItem[] }>(
        200,
      ).items;
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((c) => c.personId === people.li)).toBe(true);
      const district = (await users.fushanReviewer.getFresh('/api/v1/hour-claims')).expectStatus<{
        items: ClaimListItem[];
      }>(200).items;
      expect(district).toEqual([]);
      const zhifu = (await users.districtReviewer.getFresh('/api/v1/hour-claims')).expectStatus<{
        items: ClaimListItem[];
      }>(200).items;
      expect(zhifu.some((c) => c.personId === people.wang)).toBe(true);
      expect(zhifu.some((c) => c.personId === people.zhao)).toBe(false);
    });

    it('hides a claim from a reviewer of another district (404)', async () => {
      const { users, people } = y;
      const submitted = await submitClaim(users.wang, claim(people.wang, { hours: 2 }));
      (await users.fushanReviewer.getFresh(`/api/v1/hour-claims/${submitted.id}`)).expectProblem(404);
      (await users.fushanReviewer.getFresh(`/api/v1/persons/${people.wang}`)).expectProblem(404);
    });
  });

  describe('the year ledger', () => {
    it('counts approved claims only, caps competition hours, and loses a revoked claim', async () => {
      const { users, orgs } = y;
      // a unit admin registers a person of their own unit and records the claims for her
      const zhou = await createPerson(users.unitAdmin, {
        name: '周静',
        idNumber: idNumber('19870412', 226),
        unitId: orgs.youthCentre,
      });
      const reviewers = [users.unitAdmin, users.departmentReviewer, users.districtReviewer];
      const [publicTraining, , professionalTraining] = await seedApproved(
        users.unitAdmin2,
        [
          claim(zhou, { subject: 'public', kind: 'training', hours: 20 }),
          claim(zhou, { subject: 'public', kind: 'competition', hours: 8, title: '烟台市职业技能大赛' }),
          claim(zhou, {
            subject: 'professional',
            kind: 'training',
            hours: 45,
            title: '校外教育课程设计研修',
          }),
          claim(zhou, {
            subject: 'professional',
            kind: 'competition',
            hours: 40,
            title: '全省青少年科技辅导员技术比武',
          }),
        ],
        reviewers,
      );
      // not approved: in review, returned, rejected, withdrawn
      const inReview = await submitClaim(
        users.unitAdmin2,
        claim(zhou, { subject: 'professional', hours: 10 }),
      );
      const toReject = await submitClaim(
        users.unitAdmin2,
        claim(zhou, { subject: 'professional', hours: 12 }),
      );
      (
        await users.unitAdmin.post(
          `/api/v1/tasks/${encodeURIComponent((await requireTask(users.unitAdmin, toReject.id)).id)}/reject`,
          { reason: '无培训证明' },
        )
      ).expectStatus<TaskOutcome>(200);
      const toReturn = await submitClaim(users.unitAdmin2, claim(zhou, { subject: 'public', hours: 7 }));
      await approve(users.unitAdmin, (await requireTask(users.unitAdmin, toReturn.id)).id);
      (
        await users.departmentReviewer.post(
          `/api/v1/tasks/${encodeURIComponent((await requireTask(users.departmentReviewer, toReturn.id)).id)}/return`,
          { reason: '请补充材料' },
        )
      ).expectStatus<TaskOutcome>(200);
      const toWithdraw = await submitClaim(users.unitAdmin2, claim(zhou, { subject: 'public', hours: 9 }));
      (
        await users.unitAdmin2.post(`/api/v1/hour-claims/${toWithdraw.id}/withdraw`)
      ).expectStatus<TaskOutcome>(200);

      const statuses = new Map((await claimsOf(users.unitAdmin, zhou)).map((c) => [c.id, c.status]));
      expect(statuses.get(inReview.id)).toBe('in_review');
      expect(statuses.get(toReject.id)).toBe('rejected');
      expect(statuses.get(toReturn.id)).toBe('returned');
      expect(statuses.get(toWithdraw.id)).toBe('withdrawn');

      expect(await ledger(users.unitAdmin, zhou, 2020)).toEqual({
        personId: zhou,
        year: 2020,
        publicHours: 25, // 20 + competition 8 capped at 5
        professionalHours: 75, // 45 + competition 40 capped at 30
        totalHours: 100,
        competition: {
          publicApproved: 8,
          publicCounted: 5,
          professionalApproved: 40,
          professionalCounted: 30,
        },
        requirement: { public: 30, professional: 60, total: 90 },
        shortfall: { public: 5, professional: 0, total: 0 },
        status: 'in_progress',
      });

      // only the chain's last level (the district bureau here) or the city may revoke
      const revokeProfessional = `/api/v1/hour-claims/${professionalTraining}/revoke`;
      (await users.unitAdmin.post(revokeProfessional, { reason: '证书系伪造' })).expectProblem(403);
      (await users.departmentReviewer.post(revokeProfessional, { reason: '证书系伪造' })).expectProblem(403);
      (await users.fushanReviewer.post(revokeProfessional, { reason: '证书系伪造' })).expectProblem([
        403, 404,
      ]);
      // a claim that is not approved cannot be revoked
      (
        await users.districtReviewer.post(`/api/v1/hour-claims/${inReview.id}/revoke`, { reason: '核查' })
      ).expectProblem(409);
      const revoked = await users.districtReviewer.post(revokeProfessional, {
        reason: '证书系伪造，撤销学时',
      });
      expect(revoked.expectStatus<TaskOutcome>(200).status).toBe('revoked');
      expect((await getClaim(users.unitAdmin, professionalTraining ?? '')).status).toBe('revoked');
      (await users.districtReviewer.post(revokeProfessional, { reason: '再次撤销' })).expectProblem(409);

      expect(await ledger(users.unitAdmin, zhou, 2020)).toMatchObject({
        publicHours: 25,
        professionalHours: 30,
        totalHours: 55,
        competition: {
          publicApproved: 8,
          publicCounted: 5,
          professionalApproved: 40,
          professionalCounted: 30,
        },
        shortfall: { public: 5, professional: 30, total: 35 },
        status: 'in_progress',
      });

      // the city bureau may revoke too
      (
        await users.cityReviewer.post(`/api/v1/hour-claims/${publicTraining}/revoke`, { reason: '重复登记' })
      ).expectStatus<TaskOutcome>(200);
      expect(await ledger(users.unitAdmin, zhou, 2020)).toMatchObject({
        publicHours: 5,
        professionalHours: 30,
        totalHours: 35,
        shortfall: { public: 25, professional: 30, total: 55 },
      });
      const revokedList = (
        await users.unitAdmin.getFresh('/api/v1/hour-claims', {
          query: { personId: zhou, status: 'revoked' },
        })
      ).expectStatus<{ items: ClaimListItem[] }>(200).items;
      expect(revokedList.map((c) => c.id).sort()).toEqual([professionalTraining, publicTraining].sort());

      // a year that closed short is non-compliant; a later year has not started
      expect(await ledger(users.unitAdmin, zhou, 2019)).toMatchObject({
        totalHours: 0,
        shortfall: { public: 30, professional: 60, total: 90 },
        status: 'non_compliant',
      });
      expect((await ledger(users.unitAdmin, zhou, 2021)).status).toBe('not_started');
    });
  });

  describe('the year ledger: minimums per subject', () => {
    it('does not let surplus hours of one subject fill the other’s minimum (45 + 45 = 90, still 15 professional short)', async () => {
      const { users, orgs } = y;
      const he = await createPerson(users.admin, {
        name: '何琳',
        idNumber: idNumber('19930317', 582),
        unitId: orgs.youthCentre,
      });
      await seedApproved(
        users.admin,
        [
          claim(he, { subject: 'public', kind: 'online', hours: 45 }),
          claim(he, { subject: 'professional', kind: 'training', hours: 45 }),
        ],
        [users.unitAdmin, users.departmentReviewer, users.districtReviewer],
      );
      expect(await ledger(users.districtReviewer, he, 2020)).toMatchObject({
        publicHours: 45,
        professionalHours: 45,
        totalHours: 90,
        shortfall: { public: 0, professional: 15, total: 0 },
        status: 'in_progress',
      });
      await seedApproved(
        users.admin,
        [claim(he, { subject: 'professional', kind: 'self_study', hours: 15.5 })],
        [users.unitAdmin, users.departmentReviewer, users.districtReviewer],
      );
      expect(await ledger(users.districtReviewer, he, 2020)).toMatchObject({
        professionalHours: 60.5,
        totalHours: 105.5,
        shortfall: { public: 0, professional: 0, total: 0 },
        status: 'compliant',
      });
    });
  });

  describe('refusals of bad claims', () => {
    let chen: string;
    let chenUser: Session;

    beforeAll(async () => {
      chen = await createPerson(y.users.admin, {
        name: '陈晨',
        idNumber: idNumber('19921130', 338),
        unitId: y.orgs.youthCentre,
      });
      chenUser = await createUser(y.users.admin, {
        username: 'hc.chenchen',
        orgId: y.orgs.youthCentre,
        roles: ['person'],
        personId: chen,
      });
    });

    const eventCount = async (): Promise<number> => {
      const client = new Client({ connectionString: system.database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
        return rows[0]?.n ?? -1;
      } finally {
        await client.end();
      }
    };

    it('refuses each broken rule with 422 and its own code, and stores nothing', async () => {
      const before = await claimsOf(chenUser, chen);
      const cases: [string, ReturnType<typeof claim>, string][] = [
        ['hours not in 0.5 steps', claim(chen, { hours: 0.3 }), 'HOUR_CLAIM.HOURS_NOT_IN_STEPS'],
        ['zero hours', claim(chen, { hours: 0 }), 'HOUR_CLAIM.HOURS_NOT_POSITIVE'],
        ['over the per-claim maximum', claim(chen, { hours: 500 }), 'HOUR_CLAIM.HOURS_ABOVE_MAXIMUM'],
        [
          'dates out of order',
          claim(chen, { startDate: '2020-06-05', endDate: '2020-06-01' }),
          'HOUR_CLAIM.DATES_OUT_OF_ORDER',
        ],
        [
          'end date after today (2020-09-01)',
          claim(chen, { startDate: '2020-08-30', endDate: '2020-09-15' }),
          'HOUR_CLAIM.END_DATE_IN_FUTURE',
        ],
        [
          'self-study for the public subject',
          claim(chen, { subject: 'public', kind: 'self_study' }),
          'HOUR_CLAIM.KIND_NOT_ALLOWED_FOR_SUBJECT',
        ],
        [
          'a make-up year that is not earlier than the activity',
          claim(chen, { startDate: '2020-05-01', endDate: '2020-05-02', makeUpForYear: 2020 }),
          'HOUR_CLAIM.MAKE_UP_YEAR_NOT_EARLIER',
        ],
        [
          'a 2019 activity in 2020 without make-up',
          claim(chen, { startDate: '2019-11-01', endDate: '2019-11-03' }),
          'HOUR_CLAIM.YEAR_CLOSED',
        ],
      ];
      for (const [label, input, code] of cases) {
        const response = await chenUser.post('/api/v1/hour-claims', input);
        try {
          response.expectProblem(422, code);
        } catch (error) {
          throw new Error(`${label}: ${(error as Error).message}`);
        }
      }
      expect(await claimsOf(chenUser, chen)).toEqual(before);
    });

    it('stores nothing for a refused claim, even one that carries a certificate number', async () => {
      const eventsBefore = await eventCount();
      (await chenUser.post('/api/v1/hour-claims', claim(chen, { hours: 0.3 }))).expectProblem(422);
      expect(await eventCount()).toBe(eventsBefore);
      (
        await chenUser.post(
          '/api/v1/hour-claims',
          claim(chen, { hours: 0.3, certificateNo: 'YT-GX-2020-7781' }),
        )
      ).expectProblem(422, 'HOUR_CLAIM.HOURS_NOT_IN_STEPS');
      expect(await eventCount()).toBe(eventsBefore);
      // and the certificate number is still free
      await submitClaim(chenUser, claim(chen, { hours: 1, certificateNo: 'YT-GX-2020-7781' }));
    });

    it('refuses the same certificate number twice for one person (422), and the refusal changes nothing', async () => {
      const first = await submitClaim(chenUser, claim(chen, { certificateNo: 'SDJX-2020-000123', hours: 6 }));
      expect(first.status).toBe('in_review');
      const listed = await claimsOf(chenUser, chen);
      const second = await chenUser.post(
        '/api/v1/hour-claims',
        claim(chen, { certificateNo: 'SDJX-2020-000123', hours: 6, title: '另一个项目' }),
      );
      second.expectProblem(422, 'HOUR_CLAIM.DUPLICATE_CERTIFICATE');
      // by the unit admin on the person's behalf: the same
      (
        await y.users.unitAdmin.post(
          '/api/v1/hour-claims',
          claim(chen, { certificateNo: 'SDJX-2020-000123', hours: 6 }),
        )
      ).expectProblem(422, 'HOUR_CLAIM.DUPLICATE_CERTIFICATE');
      expect(await claimsOf(chenUser, chen)).toEqual(listed);
    });

    it('answers a malformed body with 400 problem+json listing the fields', async () => {
      const before = await claimsOf(chenUser, chen);
      const { title: _title, ...withoutTitle } = claim(chen);
      const missing = (await chenUser.post('/api/v1/hour-claims', withoutTitle)).expectProblem(400);
      expect(missing.errors?.map((e) => e.field)).toContain('title');

      const extra = (
        await chenUser.post('/api/v1/hour-claims', { ...claim(chen), approved: true })
      ).expectProblem(400);
      expect(extra.errors?.map((e) => e.field)).toContain('approved');

      const wrongType = (
        await chenUser.post('/api/v1/hour-claims', { ...claim(chen), hours: '8' })
      ).expectProblem(400);
      expect(wrongType.errors?.map((e) => e.field)).toContain('hours');

      const badSubject = (
        await chenUser.post('/api/v1/hour-claims', { ...claim(chen), subject: 'general' })
      ).expectProblem(400);
      expect(badSubject.errors?.map((e) => e.field)).toContain('subject');
      expect(await claimsOf(chenUser, chen)).toEqual(before);
    });

    it('keeps one claim when a submission is retried with the same Idempotency-Key', async () => {
      const before = await claimsOf(chenUser, chen);
      const input = claim(chen, { hours: 2.5 });
      const key = `retry-${Date.now()}-chen`;
      const first = (
        await chenUser.post('/api/v1/hour-claims', input, { headers: { 'Idempotency-Key': key } })
      ).expectStatus<Submitted>(201);
      const retry = await chenUser.post('/api/v1/hour-claims', input, {
        headers: { 'Idempotency-Key': key },
      });
      expect([200, 201]).toContain(retry.status);
      expect((retry.body as Submitted).id).toBe(first.id);
      const after = await claimsOf(chenUser, chen);
      expect(after.length).toBe(before.length + 1);
    });
  });

  describe('title eligibility (职称评审) with make-up study', () => {
    it('a 2020 applicant of a public institution (sector other): public 2016–2019 and professional 2019', async () => {
      const { users, orgs } = y;
      const liu = await createPerson(users.admin, {
        name: '刘洋',
        idNumber: idNumber('19830915', 153),
        unitId: orgs.youthCentre,
      });
      const reviewers = [users.unitAdmin, users.departmentReviewer, users.districtReviewer];

      expect(await eligibility(users.unitAdmin, liu, 2020)).toMatchObject({
        eligible: false,
        requiredYears: [2016, 2017, 2018, 2019],
        missing: [
          { year: 2016, subject: 'public', shortHours: 30 },
          { year: 2017, subject: 'public', shortHours: 30 },
          { year: 2018, subject: 'public', shortHours: 30 },
          { year: 2019, subject: 'public', shortHours: 30 },
          { year: 2019, subject: 'professional', shortHours: 60 },
        ],
      });

      // make-up study in 2020 for each earlier year
      const makeUp = (year: number, subject: 'public' | 'professional', hours: number, month: string) =>
        claim(liu, {
          subject,
          kind: 'online',
          hours,
          startDate: `2020-${month}-01`,
          endDate: `2020-${month}-20`,
          makeUpForYear: year,
          title: `${year}年度补学：${subject === 'public' ? '公需科目网络课程' : '专业科目网络课程'}`,
        });
      const [first] = await seedApproved(
        users.admin,
        [
          makeUp(2016, 'public', 30, '03'),
          makeUp(2017, 'public', 30, '04'),
          makeUp(2018, 'public', 30, '05'),
          makeUp(2019, 'public', 30, '06'),
          makeUp(2019, 'professional', 40, '07'),
        ],
        reviewers,
      );
      expect(await getClaim(users.unitAdmin, first ?? '')).toMatchObject({
        year: 2016,
        makeUp: true,
        status: 'approved',
      });
      expect(await eligibility(users.unitAdmin, liu, 2020)).toMatchObject({
        eligible: false,
        requiredYears: [2016, 2017, 2018, 2019],
        missing: [{ year: 2019, subject: 'professional', shortHours: 20 }],
      });

      // a make-up claim still in review does not count
      const pending = await submitClaim(users.admin, makeUp(2019, 'professional', 20, '08'));
      expect((await eligibility(users.unitAdmin, liu, 2020)).eligible).toBe(false);
      await approveThrough([pending.id], reviewers);
      expect(await eligibility(users.unitAdmin, liu, 2020)).toEqual(
        expect.objectContaining({ eligible: true, requiredYears: [2016, 2017, 2018, 2019], missing: [] }),
      );
      expect(await ledger(users.unitAdmin, liu, 2019)).toMatchObject({
        publicHours: 30,
        professionalHours: 60,
        totalHours: 90,
        status: 'compliant',
      });
      expect(await ledger(users.unitAdmin, liu, 2016)).toMatchObject({
        publicHours: 30,
        professionalHours: 0,
        status: 'non_compliant',
      });

      // from 2021: every one of the last five years meets 30 / 60 / 90
      expect(await eligibility(users.unitAdmin, liu, 2021)).toMatchObject({
        eligible: false,
        requiredYears: [2016, 2017, 2018, 2019, 2020],
        missing: [
          { year: 2016, subject: 'professional', shortHours: 60 },
          { year: 2016, subject: 'total', shortHours: 60 },
          { year: 2017, subject: 'professional', shortHours: 60 },
          { year: 2017, subject: 'total', shortHours: 60 },
          { year: 2018, subject: 'professional', shortHours: 60 },
          { year: 2018, subject: 'total', shortHours: 60 },
          { year: 2020, subject: 'public', shortHours: 30 },
          { year: 2020, subject: 'professional', shortHours: 60 },
          { year: 2020, subject: 'total', shortHours: 90 },
        ],
      });
      await seedApproved(
        users.admin,
        [
          makeUp(2016, 'professional', 60, '02'),
          makeUp(2017, 'professional', 60, '03'),
          makeUp(2018, 'professional', 60, '04'),
          claim(liu, {
            subject: 'public',
            kind: 'training',
            hours: 30,
            startDate: '2020-07-06',
            endDate: '2020-07-10',
          }),
          claim(liu, {
            subject: 'professional',
            kind: 'training',
            hours: 60,
            startDate: '2020-08-03',
            endDate: '2020-08-14',
          }),
        ],
        reviewers,
      );
      expect(await eligibility(users.unitAdmin, liu, 2021)).toEqual(
        expect.objectContaining({
          eligible: true,
          requiredYears: [2016, 2017, 2018, 2019, 2020],
          missing: [],
        }),
      );
    });

    it('a 2020 applicant of an enterprise needs a 2019 public record; make-up study in 2020 fills it', async () => {
      const { users, people } = y;
      expect(await eligibility(users.sun, people.sun, 2020)).toMatchObject({
        eligible: false,
        requiredYears: [2019],
        missing: [{ year: 2019, subject: 'public', shortHours: 30 }],
      });
      await seedApproved(
        users.sun,
        [
          claim(people.sun, {
            subject: 'public',
            kind: 'online',
            hours: 30,
            startDate: '2020-08-01',
            endDate: '2020-08-20',
            makeUpForYear: 2019,
            title: '2019年度公需科目补学',
          }),
        ],
        [users.enterpriseAdmin, users.districtReviewer],
      );
      expect(await ledger(users.sun, people.sun, 2019)).toMatchObject({ publicHours: 30, totalHours: 30 });
      expect(await eligibility(users.sun, people.sun, 2020)).toEqual(
        expect.objectContaining({ eligible: true, requiredYears: [2019], missing: [] }),
      );
    });

    it('education has its own rules in 2020 but needs five years from 2021', async () => {
      const { users, orgs } = y;
      const teacher = await createPerson(users.schoolAdmin, {
        name: '高敏',
        idNumber: idNumber('19860520', 442),
        unitId: orgs.school,
      });
      expect(await eligibility(users.schoolAdmin, teacher, 2020)).toMatchObject({
        eligible: true,
        requiredYears: [],
        missing: [],
      });
      const in2021 = await eligibility(users.schoolAdmin, teacher, 2021);
      expect(in2021.eligible).toBe(false);
      expect(in2021.requiredYears).toEqual([2016, 2017, 2018, 2019, 2020]);
      expect(in2021.missing).toHaveLength(15);
      expect(in2021.missing.slice(0, 3)).toEqual([
        { year: 2016, subject: 'public', shortHours: 30 },
        { year: 2016, subject: 'professional', shortHours: 60 },
        { year: 2016, subject: 'total', shortHours: 90 },
      ]);
    });
  });

  describe('people and logins', () => {
    it('registers one person per ID number and masks it when shown', async () => {
      const { users, orgs } = y;
      const number = idNumber('19910203', 285);
      const id = await createPerson(users.unitAdmin, {
        name: '吴桐',
        idNumber: number,
        unitId: orgs.youthCentre,
      });
      const shown = (await users.unitAdmin.getFresh(`/api/v1/persons/${id}`)).expectStatus<{
        id: string;
        name: string;
        idNumberMasked: string;
        unitId: string;
      }>(200);
      expect(shown).toMatchObject({ id, name: '吴桐', unitId: orgs.youthCentre });
      expect(shown.idNumberMasked).toBe(`${number.slice(0, 6)}********${number.slice(14)}`);
      expect(JSON.stringify(shown)).not.toContain(number);

      (
        await users.admin.post('/api/v1/persons', {
          name: '吴桐（重复）',
          idNumber: number,
          unitId: orgs.youthCentre,
        })
      ).expectProblem(409);
      (
        await users.admin.post('/api/v1/persons', { name: '吴桐', idNumber: number, unitId: orgs.hospital })
      ).expectProblem(409);
    });

    it('refuses an ID number with a wrong check digit (422 PERSON.INVALID_ID_NUMBER)', async () => {
      const { users, orgs } = y;
      const valid = idNumber('19840726', 119);
      const check = valid.slice(17);
      const wrong = `${valid.slice(0, 17)}${check === '0' ? '1' : '0'}`;
      (
        await users.unitAdmin.post('/api/v1/persons', {
          name: '郑凯',
          idNumber: wrong,
          unitId: orgs.youthCentre,
        })
      ).expectProblem(422, 'PERSON.INVALID_ID_NUMBER');
      // and the valid number is still free
      await createPerson(users.unitAdmin, { name: '郑凯', idNumber: valid, unitId: orgs.youthCentre });
    });

    it('refuses a unit admin registering a person in another unit (403)', async () => {
      const { users, orgs } = y;
      (
        await users.schoolAdmin.post('/api/v1/persons', {
          name: '冯雪',
          idNumber: idNumber('19890101', 663),
          unitId: orgs.youthCentre,
        })
      ).expectProblem(403);
      // a person cannot register people at all
      (
        await users.wang.post('/api/v1/persons', {
          name: '冯雪',
          idNumber: idNumber('19890101', 663),
          unitId: orgs.youthCentre,
        })
      ).expectProblem(403);
      // the number was not taken by the refused attempts
      await createPerson(users.schoolAdmin, {
        name: '冯雪',
        idNumber: idNumber('19890101', 663),
        unitId: orgs.school,
      });
    });

    it('answers a retried person registration with the same Idempotency-Key with the same person', async () => {
      const { users, orgs } = y;
      const body = { name: '彭涛', idNumber: idNumber('19810704', 835), unitId: orgs.youthCentre };
      const headers = { 'Idempotency-Key': 'register-person-pengtao-0001' };
      const first = (await users.unitAdmin.post('/api/v1/persons', body, { headers })).expectStatus<{
        id: string;
      }>(201);
      const retry = await users.unitAdmin.post('/api/v1/persons', body, { headers });
      expect([200, 201]).toContain(retry.status);
      expect((retry.body as { id?: string }).id).toBe(first.id);
    });

    it('answers a retried organisation registration with the same Idempotency-Key with the same organisation', async () => {
      const { users, orgs } = y;
      const body = {
        name: '芝罘区少年宫',
        kind: 'unit',
        parentId: orgs.zhifuEducation,
        unitType: 'public_institution',
        sector: 'other',
      };
      const headers = { 'Idempotency-Key': 'register-org-shaoniangong-0001' };
      const first = (await users.admin.post('/api/v1/orgs', body, { headers })).expectStatus<{ id: string }>(
        201,
      );
      const retry = await users.admin.post('/api/v1/orgs', body, { headers });
      expect([200, 201]).toContain(retry.status);
      expect((retry.body as { id?: string }).id).toBe(first.id);
      const listed = (
        await users.admin.getFresh('/api/v1/orgs', { query: { kind: 'unit', parentId: orgs.zhifuEducation } })
      ).expectStatus<{ items: { id: string; name: string }[] }>(200).items;
      expect(listed.filter((o) => o.name === '芝罘区少年宫')).toHaveLength(1);
    });

    it('answers a login of an unknown user with 401', async () => {
      (
        await system.api
          .anonymous()
          .post('/api/v1/auth/login', { username: 'hc.nobody', password: 'whatever-123' })
      ).expectProblem(401);
    });

    it('answers a wrong password with 401 and, after 5 failures, refuses further attempts', async () => {
      const { users, orgs } = y;
      const username = 'hc.lockout';
      await createUser(users.admin, { username, orgId: orgs.school, roles: ['unit_admin'] });
      const anonymous = system.api.anonymous();
      (await anonymous.get('/api/v1/tasks')).expectProblem(401);
      for (let i = 0; i < 5; i++) {
        (
          await anonymous.post('/api/v1/auth/login', { username, password: `wrong-password-${i}` })
        ).expectProblem(401);
      }
      const blocked = (
        await anonymous.post('/api/v1/auth/login', { username, password: 'wrong-password-5' })
      ).expectProblem([422, 429]);
      expect(blocked.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      // even the right password waits
      const right = (
        await anonymous.post('/api/v1/auth/login', { username, password: 'e2e-user-secret' })
      ).expectProblem([422, 429]);
      expect(right.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    });
  });
});
