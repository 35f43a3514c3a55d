import { createHash } from 'node:crypto';
import type { YearLedgers } from '@ce/hours';
import { ObligationsService, RemindersService, deadlinesOf, defaultCalendar } from '@ce/reminders';
import { createTestDatabase, type TestDatabase } from '@ce/testing';
import { DataSource } from 'typeorm';
import {
  type PlanSystem,
  PDF_TYPE,
  decidePlan,
  downloadPlan,
  getPlan,
  listPlans,
  makePdf,
  minimalPdf,
  pdfFile,
  planInbox,
  pngBytes,
  startPlanSystem,
  submitPlan,
  uploadPlan,
} from '../support/training-plans';
import { upload } from '../support/training-projects';
import { type Yantai, buildYantai } from '../support/yantai';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The upload limit of this test system (the default is 20 MiB): small, so a file just over it is cheap. */
const LIMIT = 64 * 1024;

interface Notice {
  readonly id: string;
  readonly kind: string;
  readonly deadlineId?: string;
  readonly subjectId?: string;
}

/**
 * Annual training plans (培训方案) end to end over HTTP on PostgreSQL: the stamped PDF stored by
 * content (once per content, checked on the way out), the refusals that store nothing, who may
 * submit and see a plan, the city bureau's decision through the generic task endpoints, return and
 * resubmission with a corrected PDF, and the plan deadline fulfilled by a submitted plan. The clock
 * starts at 2020-09-01 09:00 in Yantai.
 */
describe('annual training plans (培训方案) over HTTP', () => {
  let system: PlanSystem;
  let y: Yantai;
  const zhifuName = '芝罘区2020年度专业技术人员继续教育培训方案（盖章）.pdf';
  let zhifuPdf: Buffer;
  let zhifuPlan: string;
  let healthPlan: string;

  beforeAll(async () => {
    system = await startPlanSystem('trainingplans', { CE_TRAINING_PLAN_MAX_BYTES: String(LIMIT) });
    y = await buildYantai(system, 'tpl');
    zhifuPdf = await makePdf('zhifu-2020');
  }, 60_000);

  afterAll(async () => {
    await system?.close();
  });

  const blobs = async (): Promise<{ sha256: string; size: number }[]> =>
    system.sql(`SELECT sha256, size FROM content_blobs ORDER BY created_at, sha256`);
  const planStreams = async (): Promise<number> =>
    (
      await system.sql<{ n: number }>(
        `SELECT count(DISTINCT stream_id)::int AS n FROM es_events WHERE stream_id LIKE 'training-plan-%'`,
      )
    )[0]?.n ?? -1;
  const stored = async () => ({ blobs: (await blobs()).length, streams: await planStreams() });

  describe('upload and download', () => {
    it('stores a district bureau’s PDF by its SHA-256 and gives back the very same bytes', async () => {
      const { users, orgs } = y;
      const submitted = await submitPlan(users.districtReviewer, pdfFile(zhifuName, zhifuPdf), {
        year: 2020,
        orgId: orgs.zhifu,
      });
      zhifuPlan = submitted.id;
      expect(submitted).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'in_review',
        sha256: sha256(zhifuPdf),
        position: expect.any(String),
      });

      const view = await getPlan(users.districtReviewer, zhifuPlan);
      expect(view).toMatchObject({
        id: zhifuPlan,
        year: 2020,
        orgId: orgs.zhifu,
        orgName: '芝罘区人力资源和社会保障局',
        fileName: zhifuName,
        sha256: sha256(zhifuPdf),
        size: zhifuPdf.length,
        status: 'in_review',
        submittedBy: users.districtReviewer.userId,
      });
      expect(view.steps).toEqual([{ level: 'city', orgId: orgs.city, decision: 'pending' }]);

      const file = await downloadPlan(users.districtReviewer, zhifuPlan);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.body.equals(zhifuPdf)).toBe(true);
      expect(sha256(file.body)).toBe(submitted.sha256);
      const disposition = file.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; /);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(zhifuName)}`);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(zhifuName);

      expect(await blobs()).toEqual([{ sha256: sha256(zhifuPdf), size: zhifuPdf.length }]);
    });

    it('writes the event with the file’s name, hash and size, never its bytes', async () => {
      const [event] = await system.sql<{ data: Record<string, unknown>; bytes: number }>(
        `SELECT data, octet_length(data::text) AS bytes FROM es_events
          WHERE stream_id = $1 AND type = 'training-plan.submitted.v1'`,
        [`training-plan-${zhifuPlan}`],
      );
      expect(event?.data).toEqual({
        planId: zhifuPlan,
        year: 2020,
        orgId: y.orgs.zhifu,
        orgName: '芝罘区人力资源和社会保障局',
        districtId: y.orgs.zhifu,
        fileName: zhifuName,
        sha256: sha256(zhifuPdf),
        size: zhifuPdf.length,
      });
      expect(event?.bytes).toBeLessThan(1000);
      expect(zhifuPdf.length).toBeGreaterThan(1000);
    });

    it('stores the same bytes once, whoever uploads them under whatever name', async () => {
      const { users, orgs } = y;
      const submitted = await submitPlan(
        users.healthReviewer,
        pdfFile('烟台市卫生健康委员会培训方案.pdf', zhifuPdf),
        { year: 2020, orgId: orgs.cityHealth },
      );
      healthPlan = submitted.id;
      expect(submitted.sha256).toBe(sha256(zhifuPdf));
      expect(healthPlan).not.toBe(zhifuPlan);
      expect(await blobs()).toEqual([{ sha256: sha256(zhifuPdf), size: zhifuPdf.length }]);
      const file = await downloadPlan(users.healthReviewer, healthPlan);
      expect(file.body.equals(zhifuPdf)).toBe(true);
      expect(file.headers.get('content-disposition')).toContain(
        encodeURIComponent('烟台市卫生健康委员会培训方案.pdf'),
      );
      expect(await getPlan(users.healthReviewer, healthPlan)).toMatchObject({
        orgId: orgs.cityHealth,
        orgName: '烟台市卫生健康委员会',
        districtId: null,
        steps: [{ level: 'city', orgId: orgs.city, decision: 'pending' }],
      });
    });

    it('refuses what is not a PDF, an empty or missing file and one over the limit, storing nothing', async () => {
      const { users, orgs } = y;
      const before = await stored();
      expect(before).toEqual({ blobs: 1, streams: 2 });
      const fields = { year: 2021, orgId: orgs.zhifu };
      const as = users.districtReviewer;

      const pngDeclared = (
        await uploadPlan(as, pdfFile('方案.pdf', pngBytes(), 'image/png'), fields)
      ).expectProblem(415, 'TRAINING_PLAN.UNSUPPORTED_TYPE');
      expect(pngDeclared.detail).toContain('PDF');
      const pngAsPdf = (await uploadPlan(as, pdfFile('方案.pdf', pngBytes()), fields)).expectProblem(
        415,
        'TRAINING_PLAN.NOT_PDF',
      );
      expect(pngAsPdf.detail).toContain('不是 PDF 文件');
      (
        await uploadPlan(as, pdfFile('方案.pdf', Buffer.from('培训方案：见附件。', 'utf8')), fields)
      ).expectProblem(415, 'TRAINING_PLAN.NOT_PDF');
      const empty = (await uploadPlan(as, pdfFile('方案.pdf', new Uint8Array()), fields)).expectProblem(
        400,
        'TRAINING_PLAN.EMPTY_FILE',
      );
      expect(empty.detail).toContain('空文件');
      (await uploadPlan(as, null, fields)).expectProblem(400, 'TRAINING_PLAN.FILE_REQUIRED');

      const tooLarge = Buffer.concat([minimalPdf(), Buffer.alloc(LIMIT, 0x20)]);
      const large = (await uploadPlan(as, pdfFile('方案.pdf', tooLarge), fields)).expectProblem(
        413,
        'TRAINING_PLAN.FILE_TOO_LARGE',
      );
      expect(large.detail).toContain('64 KB');
      // Just under the limit is fine (and shows the limit is the one configured, not the default).
      const justUnder = Buffer.concat([minimalPdf(), Buffer.alloc(LIMIT - minimalPdf().length - 10, 0x20)]);
      expect(justUnder.length).toBeLessThan(LIMIT);

      (
        await upload(as, '/api/v1/training-plans', pdfFile('方案.pdf', zhifuPdf), { orgId: orgs.zhifu })
      ).expectProblem(400);
      (await uploadPlan(as, pdfFile('方案.pdf', zhifuPdf), { year: 'abc', orgId: orgs.zhifu })).expectProblem(
        400,
      );

      expect(await stored()).toEqual(before);
      const hashes = (await blobs()).map((b) => b.sha256);
      expect(hashes).not.toContain(sha256(pngBytes()));
      expect(hashes).not.toContain(sha256(tooLarge));

      const accepted = await submitPlan(as, pdfFile('芝罘区2021年度培训方案.pdf', justUnder), fields);
      expect(accepted.sha256).toBe(sha256(justUnder));
      expect(await stored()).toEqual({ blobs: 2, streams: 3 });
      // A plan of 2021, withdrawn again: it must not count for anything below.
      const withdrawn = await users.districtReviewer.post(`/api/v1/training-plans/${accepted.id}/withdraw`);
      expect(withdrawn.expectStatus<{ status: string }>(200).status).toBe('withdrawn');
    });
  });

  describe('who submits and who sees a plan', () => {
    it('lets only a district bureau or city department submit its own plan (admins: any that owes one)', async () => {
      const { users, orgs } = y;
      const before = await stored();
      const file = pdfFile('方案.pdf', minimalPdf());
      const unit = (
        await uploadPlan(users.unitAdmin, file, { year: 2020, orgId: orgs.youthCentre })
      ).expectProblem(403);
      expect(unit.detail).toMatch(/[\u4e00-\u9fff]/);
      const other = (
        await uploadPlan(users.fushanReviewer, file, { year: 2020, orgId: orgs.zhifu })
      ).expectProblem(403, 'TRAINING_PLAN.NOT_ALLOWED');
      expect(other.detail).toContain('区市人社局');
      (
        await uploadPlan(users.departmentReviewer, file, { year: 2020, orgId: orgs.zhifuEducation })
      ).expectProblem(403, 'TRAINING_PLAN.NOT_ALLOWED');
      (await uploadPlan(users.healthReviewer, file, { year: 2020, orgId: orgs.zhifu })).expectProblem(
        403,
        'TRAINING_PLAN.NOT_ALLOWED',
      );
      (await uploadPlan(users.cityReviewer, file, { year: 2020, orgId: orgs.zhifu })).expectProblem(403);
      (await uploadPlan(users.wang, file, { year: 2020, orgId: orgs.zhifu })).expectProblem(403);
      (await uploadPlan(users.admin, file, { year: 2020, orgId: orgs.school })).expectProblem(
        422,
        'TRAINING_PLAN.ORG_NOT_ELIGIBLE',
      );
      (
        await uploadPlan(users.admin, file, { year: 2020, orgId: '00000000-0000-4000-8000-000000000000' })
      ).expectProblem(422, 'TRAINING_PLAN.ORG_NOT_FOUND');
      (await system.api.anonymous().post('/api/v1/training-plans')).expectProblem(401);
      expect(await stored()).toEqual(before);
    });

    it('shows a plan to its organisation and the city bureau; other districts get 404', async () => {
      const { users } = y;
      for (const outsider of [
        users.fushanReviewer,
        users.departmentReviewer,
        users.hospitalAdmin,
        users.wang,
      ]) {
        (await outsider.getFresh(`/api/v1/training-plans/${zhifuPlan}`)).expectProblem(
          404,
          'TRAINING_PLAN.NOT_FOUND',
        );
        expect((await downloadPlan(outsider, zhifuPlan)).status).toBe(404);
      }
      (await users.fushanReviewer.getFresh(`/api/v1/training-plans/${healthPlan}`)).expectProblem(404);
      expect((await getPlan(users.cityReviewer, zhifuPlan)).status).toBe('in_review');
      expect((await downloadPlan(users.cityReviewer, zhifuPlan)).body.equals(zhifuPdf)).toBe(true);

      const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();
      expect(ids(await listPlans(users.cityReviewer, { year: 2020 }))).toEqual(
        [zhifuPlan, healthPlan].sort(),
      );
      expect(ids(await listPlans(users.districtReviewer, { year: 2020 }))).toEqual([zhifuPlan]);
      expect(ids(await listPlans(users.healthReviewer, { year: 2020 }))).toEqual([healthPlan]);
      expect(await listPlans(users.fushanReviewer, { year: 2020 })).toEqual([]);
      expect(await listPlans(users.wang)).toEqual([]);
      expect(await listPlans(users.districtReviewer, { year: 2021, status: 'withdrawn' })).toEqual([
        expect.objectContaining({ year: 2021, status: 'withdrawn', orgId: y.orgs.zhifu }),
      ]);
      (
        await users.cityReviewer.getFresh('/api/v1/training-plans', { query: { status: 'lost' } })
      ).expectProblem(400);
    });
  });

  describe('the city bureau decides', () => {
    it('approves a plan through the generic task endpoints', async () => {
      const { users, orgs } = y;
      const task = (await planInbox(users.cityReviewer)).items.find((t) => t.subjectId === zhifuPlan);
      expect(task).toMatchObject({
        subjectType: 'training_plan',
        level: 'city',
        orgId: orgs.city,
        summary: expect.stringContaining('芝罘区人力资源和社会保障局 · 2020年度培训方案'),
      });
      (
        await users.fushanReviewer.post(`/api/v1/tasks/${encodeURIComponent(task?.id ?? '')}/approve`, {})
      ).expectProblem(403);
      const outcome = await decidePlan(users.cityReviewer, zhifuPlan, 'approve', { comment: '同意' });
      expect(outcome).toMatchObject({ subjectId: zhifuPlan, status: 'approved' });
      const view = await getPlan(users.districtReviewer, zhifuPlan);
      expect(view.status).toBe('approved');
      expect(view.steps).toEqual([
        expect.objectContaining({
          level: 'city',
          orgId: orgs.city,
          decision: 'approved',
          by: users.cityReviewer.userId,
          comment: '同意',
          at: expect.any(String),
        }),
      ]);
      expect(
        (await listPlans(users.cityReviewer, { year: 2020, status: 'approved' })).map((p) => p.id),
      ).toEqual([zhifuPlan]);
      (await users.districtReviewer.post(`/api/v1/training-plans/${zhifuPlan}/withdraw`)).expectProblem(
        409,
        'APPROVAL.CANNOT_WITHDRAW',
      );
      (
        await users.cityReviewer.post(`/api/v1/tasks/${encodeURIComponent(task?.id ?? '')}/approve`, {})
      ).expectProblem(409);
    });

    it('returns a plan; the department resubmits a corrected PDF and the city approves that one', async () => {
      const { users } = y;
      const returned = await decidePlan(users.cityReviewer, healthPlan, 'return', {
        reason: '方案未加盖公章',
      });
      expect(returned.status).toBe('returned');
      const seen = await getPlan(users.healthReviewer, healthPlan);
      expect(seen.status).toBe('returned');
      expect(seen.steps[0]).toMatchObject({ decision: 'returned', comment: '方案未加盖公章' });

      const corrected = await makePdf('health-2020-stamped');
      const path = `/api/v1/training-plans/${healthPlan}/resubmit`;
      const before = await stored();
      (await upload(users.healthReviewer, path, pdfFile('方案.pdf', pngBytes()))).expectProblem(415);
      (await upload(users.healthReviewer, path, null)).expectProblem(400, 'TRAINING_PLAN.FILE_REQUIRED');
      (await upload(users.fushanReviewer, path, pdfFile('方案.pdf', corrected))).expectProblem(404);
      (
        await upload(
          users.districtReviewer,
          `/api/v1/training-plans/${zhifuPlan}/resubmit`,
          pdfFile('方案.pdf', corrected),
        )
      ).expectProblem(409, 'APPROVAL.NOT_RETURNED');
      expect(await stored()).toEqual(before);

      const again = await upload(
        users.healthReviewer,
        path,
        pdfFile('烟台市卫生健康委员会培训方案（盖章）.pdf', corrected, PDF_TYPE),
      );
      expect(again.expectStatus<{ status: string; sha256: string }>(200)).toMatchObject({
        status: 'in_review',
        sha256: sha256(corrected),
      });
      const view = await getPlan(users.healthReviewer, healthPlan);
      expect(view).toMatchObject({
        status: 'in_review',
        fileName: '烟台市卫生健康委员会培训方案（盖章）.pdf',
        sha256: sha256(corrected),
        size: corrected.length,
      });
      expect(view.steps).toEqual([expect.objectContaining({ level: 'city', decision: 'pending' })]);
      expect((await downloadPlan(users.cityReviewer, healthPlan)).body.equals(corrected)).toBe(true);
      // The first file stays (the Zhifu plan is the same bytes); the corrected one is added.
      expect(await stored()).toEqual({ blobs: before.blobs + 1, streams: before.streams });

      const approved = await decidePlan(users.cityReviewer, healthPlan, 'approve');
      expect(approved.status).toBe('approved');
    });

    it('takes one plan per organisation and year: a second is refused while the first counts', async () => {
      const { users, orgs } = y;
      const before = await stored();
      const second = await makePdf('zhifu-second-2020');
      const refused = (
        await uploadPlan(users.districtReviewer, pdfFile('芝罘区培训方案（第二份）.pdf', second), {
          year: 2020,
          orgId: orgs.zhifu,
        })
      ).expectProblem(409, 'TRAINING_PLAN.ALREADY_SUBMITTED');
      expect(refused.detail).toContain('2020年度的培训方案已报送');
      // Nothing stored: no blob, no plan stream.
      expect(await stored()).toEqual(before);
      // The 2021 plan was withdrawn: the year's slot is free again.
      const again = await submitPlan(users.districtReviewer, pdfFile('芝罘区2021年度培训方案.pdf', second), {
        year: 2021,
        orgId: orgs.zhifu,
      });
      expect(again.status).toBe('in_review');
      const withdrawn = await users.districtReviewer.post(`/api/v1/training-plans/${again.id}/withdraw`);
      expect(withdrawn.expectStatus<{ status: string }>(200).status).toBe('withdrawn');
    });

    it('refuses a download whose stored bytes no longer match their hash', async () => {
      const { users } = y;
      const bytes = await makePdf('tampered-later');
      const plan = await submitPlan(users.fushanReviewer, pdfFile('福山区培训方案.pdf', bytes), {
        year: 2022,
        orgId: y.orgs.fushan,
      });
      expect((await downloadPlan(users.fushanReviewer, plan.id)).body.equals(bytes)).toBe(true);
      await system.sql(`UPDATE content_blobs SET bytes = $2 WHERE sha256 = $1`, [
        plan.sha256,
        Buffer.concat([bytes, Buffer.from('%tampered')]),
      ]);
      const refused = await downloadPlan(users.fushanReviewer, plan.id);
      expect(refused.status).toBe(500);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ code: 'CONTENT.CORRUPTED' });
    });

    it('rebuilds the read model from the events to the same rows and leaves the stored files alone', async () => {
      const before = await listPlans(y.users.cityReviewer);
      const files = await blobs();
      const report = (
        await y.users.admin.post('/api/v1/admin/projections/training-plans/rebuild')
      ).expectStatus<{
        switched: boolean;
        differences: { table: string; onlyInLive: number; onlyInRebuild: number }[];
      }>(201);
      expect(report.switched).toBe(true);
      expect(report.differences.map((d) => [d.table, d.onlyInLive, d.onlyInRebuild])).toEqual([
        ['rm_training_plans', 0, 0],
      ]);
      expect(await listPlans(y.users.cityReviewer)).toEqual(before);
      expect(await blobs()).toEqual(files);
    });
  });

  describe('the plan deadline (2020-09-18)', () => {
    it('is fulfilled by a submitted plan: no reminder for that organisation, one for the others that owe it', async () => {
      const { users, orgs } = y;
      const admin = users.admin;
      (await admin.request('PUT', '/api/v1/admin/clock', { now: '2020-09-04T09:05:00+08:00' })).expectStatus(
        200,
      );
      const planned = (await admin.post('/api/v1/admin/reminders/reconcile')).expectStatus<{
        planned: number;
      }>(200);
      expect(planned.planned).toBeGreaterThan(0);
      const reminders = system.started.app.get(RemindersService);
      for (let i = 0; i < 200; i++) {
        const counts = await reminders.counts();
        if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const notices = async (session: typeof admin) =>
        (await session.getFresh('/api/v1/notices')).expectStatus<Notice[]>(200);
      const kinds = (list: Notice[]) => list.map((n) => `${n.deadlineId ?? ''}/${n.kind}`).sort();

      // 福山 has no plan of 2020 (its 2022 plan does not count): reminded.
      const fushan = await notices(users.fushanReviewer);
      expect(kinds(fushan)).toContain('2020_training_plan/reminder_14d');
      expect(fushan.find((n) => n.deadlineId === '2020_training_plan')?.subjectId).toBe(orgs.fushan);
      // 芝罘 and the city health commission submitted theirs: reminded of the catalogue only.
      expect(kinds(await notices(users.districtReviewer))).toEqual(['2020_project_catalogue/reminder_14d']);
      expect(kinds(await notices(users.healthReviewer))).toEqual(['2020_project_catalogue/reminder_14d']);
      // A district's department owes no plan: its district bureau reports for it.
      expect(kinds(await notices(users.departmentReviewer))).toEqual(['2020_project_catalogue/reminder_14d']);

      const obligations = system.started.app.get(ObligationsService);
      const [, planDeadline] = deadlinesOf(defaultCalendar(2020));
      expect(planDeadline?.kind).toBe('training_plan');
      if (!planDeadline) return;
      expect(await obligations.isFulfilled(planDeadline, orgs.zhifu)).toBe(true);
      expect(await obligations.isFulfilled(planDeadline, orgs.cityHealth)).toBe(true);
      expect(await obligations.isFulfilled(planDeadline, orgs.fushan)).toBe(false);
      // 2021: 芝罘's only plan was withdrawn.
      const [, plan2021] = deadlinesOf(defaultCalendar(2021));
      if (!plan2021) throw new Error('no 2021 plan deadline');
      expect(await obligations.isFulfilled(plan2021, orgs.zhifu)).toBe(false);
      expect((await obligations.unfulfilled(plan2021)).map((o) => o.subjectId)).toContain(orgs.zhifu);
      expect((await obligations.unfulfilled(planDeadline)).map((o) => o.subjectId).sort()).toEqual(
        [orgs.fushan].sort(),
      );
    });
  });
});

/**
 * The obligations of plans and statistics as SQL, on a bare database with just the tables they read
 * (the statistics read model belongs to the statistics forms; only its columns id, year, org_id,
 * form and status are relied on).
 */
describe('obligations of plans and statistics (SQL over the read models)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let obligations: ObligationsService;
  const [, plan2020, statistics2020] = deadlinesOf(defaultCalendar(2020));
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const CITY = id(1);
  const DISTRICT_A = id(2);
  const DISTRICT_B = id(3);
  const CITY_DEPT = id(4);
  const DISTRICT_DEPT = id(5);
  const UNIT = id(6);

  beforeAll(async () => {
    db = await createTestDatabase('planobligations');
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE rm_orgs (id uuid PRIMARY KEY, name text NOT NULL, kind text NOT NULL,
      parent_id uuid, district_id uuid)`);
    await dataSource.query(`CREATE TABLE rm_users (id uuid PRIMARY KEY, org_id uuid, roles text[] NOT NULL)`);
    await dataSource.query(
      `CREATE TABLE rm_training_plans (id uuid PRIMARY KEY, year int, org_id uuid, status text)`,
    );
    await dataSource.query(`CREATE TABLE rm_statistics_reports (id uuid PRIMARY KEY, year int, org_id uuid,
      form text, status text)`);
    await dataSource.query(
      `INSERT INTO rm_orgs (id, name, kind, parent_id, district_id) VALUES
        ($1, '市人社局', 'city', NULL, NULL), ($2, '甲区人社局', 'district', $1, $2), ($3, '乙区人社局', 'district', $1, $3),
        ($4, '市直部门', 'department', $1, NULL), ($5, '甲区教育局', 'department', $2, $2), ($6, '甲区某单位', 'unit', $5, $2)`,
      [CITY, DISTRICT_A, DISTRICT_B, CITY_DEPT, DISTRICT_DEPT, UNIT],
    );
    await dataSource.query(
      `INSERT INTO rm_users (id, org_id, roles) VALUES ($1, $2, '{district_reviewer}'), ($3, $4, '{department_reviewer}'),
        ($5, $6, '{city_reviewer}')`,
      [id(101), DISTRICT_A, id(102), CITY_DEPT, id(103), CITY],
    );
    // The obligations of organisations read no ledger: a professional's deadline would fail loudly here.
    const noLedgers = new Proxy(
      {},
      {
        get: () => () => Promise.reject(new Error('no ledgers in this test')),
      },
    );
    obligations = new ObligationsService(dataSource, noLedgers as YearLedgers);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const owing = async (deadline: typeof plan2020) =>
    deadline ? (await obligations.unfulfilled(deadline)).map((o) => o.subjectId).sort() : ['no deadline'];

  it('is owed by district bureaus and city-direct departments only, with their users to remind', async () => {
    expect(await owing(plan2020)).toEqual([DISTRICT_A, DISTRICT_B, CITY_DEPT].sort());
    expect(await owing(statistics2020)).toEqual([DISTRICT_A, DISTRICT_B, CITY_DEPT].sort());
    const [a] = plan2020 ? await obligations.unfulfilled(plan2020, DISTRICT_A) : [];
    expect(a).toMatchObject({ subjectName: '甲区人社局', recipients: [id(101)], escalateTo: [id(103)] });
    if (!plan2020) return;
    expect(await obligations.isFulfilled(plan2020, DISTRICT_DEPT)).toBe(true);
    expect(await obligations.isFulfilled(plan2020, UNIT)).toBe(true);
  });

  it('counts a plan of the year unless it is withdrawn or rejected', async () => {
    if (!plan2020) throw new Error('no plan deadline');
    await dataSource.query(
      `INSERT INTO rm_training_plans (id, year, org_id, status) VALUES
        ($1, 2020, $2, 'withdrawn'), ($3, 2020, $2, 'rejected'), ($4, 2019, $2, 'approved'), ($5, 2020, $6, 'in_review')`,
      [id(201), DISTRICT_A, id(202), id(203), id(204), CITY_DEPT],
    );
    expect(await obligations.isFulfilled(plan2020, DISTRICT_A)).toBe(false);
    expect(await obligations.isFulfilled(plan2020, CITY_DEPT)).toBe(true);
    expect(await owing(plan2020)).toEqual([DISTRICT_A, DISTRICT_B].sort());
    await dataSource.query(
      `INSERT INTO rm_training_plans (id, year, org_id, status) VALUES ($1, 2020, $2, 'returned')`,
      [id(205), DISTRICT_A],
    );
    expect(await obligations.isFulfilled(plan2020, DISTRICT_A)).toBe(true);
    expect(await owing(plan2020)).toEqual([DISTRICT_B]);
  });

  it('counts statistics only when both forms of the year are in, neither withdrawn nor rejected', async () => {
    if (!statistics2020) throw new Error('no statistics deadline');
    await dataSource.query(
      `INSERT INTO rm_statistics_reports (id, year, org_id, form, status) VALUES
        ($1, 2020, $2, 'knowledge_update', 'approved'), ($3, 2020, $2, 'major_strategy', 'rejected'),
        ($4, 2020, $5, 'knowledge_update', 'in_review'), ($6, 2020, $5, 'major_strategy', 'in_review'),
        ($7, 2019, $8, 'knowledge_update', 'approved'), ($9, 2020, $8, 'major_strategy', 'approved')`,
      [id(301), DISTRICT_A, id(302), id(303), CITY_DEPT, id(304), id(305), DISTRICT_B, id(306)],
    );
    expect(await obligations.isFulfilled(statistics2020, DISTRICT_A)).toBe(false);
    expect(await obligations.isFulfilled(statistics2020, CITY_DEPT)).toBe(true);
    expect(await obligations.isFulfilled(statistics2020, DISTRICT_B)).toBe(false);
    expect(await owing(statistics2020)).toEqual([DISTRICT_A, DISTRICT_B].sort());
    await dataSource.query(
      `INSERT INTO rm_statistics_reports (id, year, org_id, form, status) VALUES ($1, 2020, $2, 'major_strategy', 'returned')`,
      [id(307), DISTRICT_A],
    );
    expect(await owing(statistics2020)).toEqual([DISTRICT_B]);
  });
});
