import { type CellValue, Workbook } from 'exceljs';
import { Client } from 'pg';
import type { Session } from '../support/api-client';
import {
  type ImportResult,
  type ProjectView,
  XLSX_TYPE,
  approveProject,
  approveProjectThrough,
  catalogue,
  download,
  findProjectTask,
  getProject,
  project,
  requireProjectTask,
  submitProject,
  upload,
} from '../support/training-projects';
import {
  CLOCK,
  type TaskOutcome,
  type TestSystem,
  type Yantai,
  buildYantai,
  createUser,
  startTestSystem,
  syncReadModels,
} from '../support/yantai';

/**
 * The training project catalogue (附件1) end to end over HTTP on PostgreSQL: the chains of
 * DOMAIN.md for city-direct and district organisers (面向全市 adds the city bureau), approval
 * through the generic task endpoints, refusals, the published catalogue with who approved what
 * and when, its xlsx export, and the import of a unit's 附件1 workbook. The clock stands at
 * 2020-09-01 09:00 in Yantai.
 */
describe('training projects (培训项目目录) over HTTP', () => {
  let system: TestSystem;
  let y: Yantai;
  /** A second administrator of the hospital: the submitter may not decide their own project's unit step. */
  let hospitalAdmin2: Session;

  beforeAll(async () => {
    system = await startTestSystem('trainingprojects');
    y = await buildYantai(system, 'tp');
    hospitalAdmin2 = await createUser(y.users.admin, {
      username: 'tp.hospital.admin.b',
      orgId: y.orgs.hospital,
      roles: ['unit_admin'],
    });
    await syncReadModels(y.users.admin);
  }, 60_000);

  afterAll(async () => {
    await system?.close();
  });

  const steps = (view: ProjectView) => view.steps.map((s) => [s.level, s.orgId, s.decision]);

  /** A decision's instant: on the test clock (it started at CLOCK and runs at real speed). */
  const expectNow = (at: string | undefined): void => {
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const instant = Date.parse(at ?? '');
    expect(instant).toBeGreaterThanOrEqual(Date.parse(CLOCK));
    expect(instant).toBeLessThan(Date.parse(CLOCK) + 3_600_000);
  };

  const projectStreams = async (): Promise<number> => {
    const client = new Client({ connectionString: system.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(DISTINCT stream_id)::int AS n FROM es_events WHERE stream_id LIKE 'training-project-%'`,
      );
      return rows[0]?.n ?? -1;
    } finally {
      await client.end();
    }
  };

  describe('approval chains', () => {
    it('takes a city-direct unit’s project through unit → department → city via /api/v1/tasks', async () => {
      const { users, orgs } = y;
      const input = project(orgs.hospital, { name: '急危重症护理新进展培训', hours: 12.5 });
      const submitted = await submitProject(users.hospitalAdmin, input);
      expect(submitted).toMatchObject({ status: 'in_review' });
      expect(typeof submitted.position).toBe('string');

      const before = await getProject(users.hospitalAdmin, submitted.id);
      expect(before).toMatchObject({
        ...input,
        id: submitted.id,
        organizerName: '烟台毓璜顶医院',
        districtId: null,
        source: 'form',
        status: 'in_review',
        submittedBy: users.hospitalAdmin.userId,
      });
      expect(steps(before)).toEqual([
        ['unit', orgs.hospital, 'pending'],
        ['department', orgs.cityHealth, 'pending'],
        ['city', orgs.city, 'pending'],
      ]);

      // the unit's task: another administrator of the hospital decides it, not the submitter
      const unitTask = await requireProjectTask(hospitalAdmin2, submitted.id);
      expect(unitTask).toMatchObject({
        subjectType: 'training_project',
        subjectId: submitted.id,
        level: 'unit',
        orgId: orgs.hospital,
        status: 'open',
      });
      expect(unitTask.summary).toContain('急危重症护理新进展培训');
      const self = await users.hospitalAdmin.post(
        `/api/v1/tasks/${encodeURIComponent(unitTask.id)}/approve`,
        {},
      );
      self.expectProblem(403, 'APPROVAL.SEPARATION_OF_DUTIES');

      expect((await approveProject(hospitalAdmin2, submitted.id)).status).toBe('in_review');
      expect(await findProjectTask(users.cityReviewer, submitted.id)).toBeUndefined();
      expect((await approveProject(users.healthReviewer, submitted.id)).status).toBe('in_review');
      expect((await approveProject(users.cityReviewer, submitted.id)).status).toBe('approved');

      const after = await getProject(users.hospitalAdmin, submitted.id);
      expect(after.status).toBe('approved');
      expect(after.steps.map((s) => [s.level, s.decision, s.by, s.comment])).toEqual([
        ['unit', 'approved', hospitalAdmin2.userId, '同意'],
        ['department', 'approved', users.healthReviewer.userId, '同意'],
        ['city', 'approved', users.cityReviewer.userId, '同意'],
      ]);
      for (const step of after.steps) expectNow(step.at);
    });

    it('takes a district unit’s project through unit → department → district, without the city', async () => {
      const { users, orgs } = y;
      const submitted = await submitProject(
        users.unitAdmin,
        project(orgs.youthCentre, { name: '青少年科技辅导员业务培训', cityWide: false }),
      );
      const view = await getProject(users.unitAdmin, submitted.id);
      expect(view.districtId).toBe(orgs.zhifu);
      expect(steps(view)).toEqual([
        ['unit', orgs.youthCentre, 'pending'],
        ['department', orgs.zhifuEducation, 'pending'],
        ['district', orgs.zhifu, 'pending'],
      ]);
      await approveProject(users.unitAdmin2, submitted.id);
      await approveProject(users.departmentReviewer, submitted.id);
      expect(await findProjectTask(users.fushanReviewer, submitted.id)).toBeUndefined();
      expect((await approveProject(users.districtReviewer, submitted.id)).status).toBe('approved');
      expect(await findProjectTask(users.cityReviewer, submitted.id)).toBeUndefined();
      expect((await getProject(users.unitAdmin, submitted.id)).status).toBe('approved');
    });

    it('adds the city bureau after the district when a district unit’s project is open to the whole city', async () => {
      const { users, orgs } = y;
      const submitted = await submitProject(
        users.unitAdmin,
        project(orgs.youthCentre, { name: '面向全市的青少年心理健康教育培训', cityWide: true }),
      );
      expect(steps(await getProject(users.unitAdmin, submitted.id))).toEqual([
        ['unit', orgs.youthCentre, 'pending'],
        ['department', orgs.zhifuEducation, 'pending'],
        ['district', orgs.zhifu, 'pending'],
        ['city', orgs.city, 'pending'],
      ]);
      await approveProjectThrough(submitted.id, [users.unitAdmin2, users.departmentReviewer]);
      expect(await findProjectTask(users.cityReviewer, submitted.id)).toBeUndefined();
      // the district's approval does not publish it: the city decides next
      expect((await approveProject(users.districtReviewer, submitted.id)).status).toBe('in_review');
      const waiting = await getProject(users.unitAdmin, submitted.id);
      expect(waiting.status).toBe('in_review');
      expect(waiting.steps.map((s) => s.decision)).toEqual(['approved', 'approved', 'approved', 'pending']);
      expect(await requireProjectTask(users.cityReviewer, submitted.id)).toMatchObject({
        level: 'city',
        orgId: orgs.city,
      });
      expect((await approveProject(users.cityReviewer, submitted.id)).status).toBe('approved');
      expect((await getProject(users.wang, submitted.id)).status).toBe('approved'); // published: anyone sees it
    });

    it('skips the department of an enterprise with none: unit → district', async () => {
      const { users, orgs } = y;
      const submitted = await submitProject(users.enterpriseAdmin, project(orgs.enterprise));
      expect(steps(await getProject(users.enterpriseAdmin, submitted.id))).toEqual([
        ['unit', orgs.enterprise, 'pending'],
        ['department', null, 'skipped'],
        ['district', orgs.zhifu, 'pending'],
      ]);
    });
  });

  describe('refusals', () => {
    it('refuses each broken rule with 422 and a TRAINING_PROJECT code, and stores nothing', async () => {
      const { users, orgs } = y;
      const before = await projectStreams();
      const cases: [Partial<Parameters<typeof project>[1]>, string, string][] = [
        [{ hours: 2.3 }, 'TRAINING_PROJECT.HOURS_NOT_IN_STEPS', 'hours'],
        [{ hours: 0 }, 'TRAINING_PROJECT.HOURS_NOT_POSITIVE', 'hours'],
        [{ startDate: '2020-10-14', endDate: '2020-10-12' }, 'TRAINING_PROJECT.DATES_REVERSED', 'endDate'],
        [
          { startDate: '2020-12-30', endDate: '2021-01-02' },
          'TRAINING_PROJECT.DATES_OUTSIDE_YEAR',
          'startDate',
        ],
        [{ name: '  ' }, 'TRAINING_PROJECT.NAME_REQUIRED', 'name'],
        [{ contact: '' }, 'TRAINING_PROJECT.CONTACT_REQUIRED', 'contact'],
      ];
      for (const [overrides, code, field] of cases) {
        const refused = (
          await users.unitAdmin.post('/api/v1/training-projects', project(orgs.youthCentre, overrides))
        ).expectProblem(422, code);
        expect(refused.errors?.map((e) => e.field)).toContain(field);
      }
      (
        await users.unitAdmin.post('/api/v1/training-projects', {
          ...project(orgs.youthCentre),
          organizerOrgId: '00000000-0000-4000-8000-000000000000',
        })
      ).expectProblem(422, 'TRAINING_PROJECT.ORGANIZER_NOT_FOUND');
      (
        await users.unitAdmin.post('/api/v1/training-projects', { ...project(orgs.youthCentre), hours: '8' })
      ).expectProblem(400);
      expect(await projectStreams()).toBe(before);
    });

    it('lets only the organiser’s own or a superior organisation submit', async () => {
      const { users, orgs } = y;
      (await users.wang.post('/api/v1/training-projects', project(orgs.youthCentre))).expectProblem(403);
      (await users.unitAdmin.post('/api/v1/training-projects', project(orgs.hospital))).expectProblem(
        403,
        'TRAINING_PROJECT.OUTSIDE_JURISDICTION',
      );
      (await users.fushanReviewer.post('/api/v1/training-projects', project(orgs.youthCentre))).expectProblem(
        403,
        'TRAINING_PROJECT.OUTSIDE_JURISDICTION',
      );
      // a department submits for itself (its unit level does not exist) or for a unit below it
      const own = await submitProject(users.departmentReviewer, project(orgs.zhifuEducation));
      expect(steps(await getProject(users.departmentReviewer, own.id))).toEqual([
        ['unit', null, 'skipped'],
        ['department', orgs.zhifuEducation, 'pending'],
        ['district', orgs.zhifu, 'pending'],
      ]);
      await submitProject(users.districtReviewer, project(orgs.youthCentre));
      // not yet published: other units do not see it
      (await users.hospitalAdmin.getFresh(`/api/v1/training-projects/${own.id}`)).expectProblem(404);
    });
  });

  describe('retries', () => {
    it('keeps one project when a submission is retried with the same Idempotency-Key', async () => {
      const { users, orgs } = y;
      const input = project(orgs.youthCentre);
      const headers = { 'idempotency-key': 'tp-retry-0001' };
      const first = (
        await users.unitAdmin.post('/api/v1/training-projects', input, { headers })
      ).expectStatus<{
        id: string;
      }>(201);
      const before = await projectStreams();
      const again = (
        await users.unitAdmin.post('/api/v1/training-projects', input, { headers })
      ).expectStatus<{
        id: string;
        status: string;
      }>(201);
      expect(again).toMatchObject({ id: first.id, status: 'in_review' });
      expect(await projectStreams()).toBe(before);
    });
  });

  describe('withdraw, return and resubmit', () => {
    it('lets the submitter withdraw before any decision', async () => {
      const { users, orgs } = y;
      const submitted = await submitProject(users.unitAdmin, project(orgs.youthCentre));
      (await users.unitAdmin2.post(`/api/v1/training-projects/${submitted.id}/withdraw`)).expectProblem(403);
      const withdrawn = await users.unitAdmin.post(`/api/v1/training-projects/${submitted.id}/withdraw`);
      expect(withdrawn.expectStatus<TaskOutcome>(200).status).toBe('withdrawn');
      expect(await findProjectTask(users.unitAdmin2, submitted.id)).toBeUndefined();
      (await users.unitAdmin.post(`/api/v1/training-projects/${submitted.id}/withdraw`)).expectProblem(409);
    });

    it('goes round again after a return, amended by the submitter, and is approved', async () => {
      const { users, orgs } = y;
      const submitted = await submitProject(users.unitAdmin, project(orgs.youthCentre, { hours: 40 }));
      await approveProject(users.unitAdmin2, submitted.id);
      const task = await requireProjectTask(users.departmentReviewer, submitted.id);
      (
        await users.departmentReviewer.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/return`, {
          reason: '学时与课程安排不符，请核实',
        })
      ).expectStatus<TaskOutcome>(200);
      const returned = await getProject(users.unitAdmin, submitted.id);
      expect(returned.status).toBe('returned');
      expect(returned.steps[1]).toMatchObject({
        decision: 'returned',
        comment: '学时与课程安排不符，请核实',
      });

      (
        await users.unitAdmin.post(`/api/v1/training-projects/${submitted.id}/resubmit`, { hours: 2.3 })
      ).expectProblem(422, 'TRAINING_PROJECT.HOURS_NOT_IN_STEPS');
      (
        await users.unitAdmin.post(`/api/v1/training-projects/${submitted.id}/resubmit`, { cityWide: true })
      ).expectProblem(400);
      const resubmitted = await users.unitAdmin.post(`/api/v1/training-projects/${submitted.id}/resubmit`, {
        hours: 16,
      });
      expect(resubmitted.expectStatus<TaskOutcome>(200).status).toBe('in_review');
      const again = await getProject(users.unitAdmin, submitted.id);
      expect(again.hours).toBe(16);
      expect(again.steps.map((s) => s.decision)).toEqual(['pending', 'pending', 'pending']);
      const outcome = await approveProjectThrough(submitted.id, [
        users.unitAdmin2,
        users.departmentReviewer,
        users.districtReviewer,
      ]);
      expect(outcome.status).toBe('approved');
    });
  });

  describe('the published catalogue', () => {
    let published: { id: string; name: string; cityWide: boolean; lastApprover: Session }[];
    let pending: string;
    let rejected: string;

    beforeAll(async () => {
      const { users, orgs } = y;
      const cityDirect = project(orgs.hospital, {
        name: '院内感染防控规范化培训',
        hours: 7.5,
        startDate: '2020-11-02',
        endDate: '2020-11-02',
        place: '烟台毓璜顶医院学术报告厅',
        audience: '全院医护人员',
        contact: '赵医生 0535-6691999',
      });
      const cityWide = project(orgs.youthCentre, {
        name: '全市中小学科技教师创新能力培训',
        hours: 32,
        startDate: '2020-10-19',
        endDate: '2020-10-22',
        cityWide: true,
      });
      const a = await submitProject(users.hospitalAdmin, cityDirect);
      await approveProjectThrough(a.id, [hospitalAdmin2, users.healthReviewer, users.cityReviewer]);
      const b = await submitProject(users.unitAdmin, cityWide);
      await approveProjectThrough(b.id, [
        users.unitAdmin2,
        users.departmentReviewer,
        users.districtReviewer,
        users.cityReviewer,
      ]);
      published = [
        { id: a.id, name: cityDirect.name, cityWide: false, lastApprover: users.cityReviewer },
        { id: b.id, name: cityWide.name, cityWide: true, lastApprover: users.cityReviewer },
      ];
      pending = (await submitProject(users.unitAdmin, project(orgs.youthCentre, { name: '尚在审核的培训' })))
        .id;
      const toReject = await submitProject(
        users.unitAdmin,
        project(orgs.youthCentre, { name: '不予通过的培训' }),
      );
      const task = await requireProjectTask(users.unitAdmin2, toReject.id);
      (
        await users.unitAdmin2.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/reject`, {
          reason: '内容重复',
        })
      ).expectStatus<TaskOutcome>(200);
      rejected = toReject.id;
    }, 60_000);

    it('lists approved projects only, with who approved them last and when, for any signed-in user', async () => {
      const { users, orgs } = y;
      const items = await catalogue(users.wang, { year: 2020 });
      const ids = items.map((i) => i.id);
      for (const p of published) expect(ids).toContain(p.id);
      expect(ids).not.toContain(pending);
      expect(ids).not.toContain(rejected);
      const hospital = items.find((i) => i.id === published[0]?.id);
      expect(hospital).toMatchObject({
        year: 2020,
        organizerOrgId: orgs.hospital,
        organizerName: '烟台毓璜顶医院',
        districtId: null,
        name: '院内感染防控规范化培训',
        hours: 7.5,
        startDate: '2020-11-02',
        endDate: '2020-11-02',
        place: '烟台毓璜顶医院学术报告厅',
        audience: '全院医护人员',
        contact: '赵医生 0535-6691999',
        cityWide: false,
        approvedBy: users.cityReviewer.userId,
      });
      expectNow(hospital?.approvedAt);
      const cityWide = items.find((i) => i.id === published[1]?.id);
      expect(cityWide).toMatchObject({
        cityWide: true,
        districtId: orgs.zhifu,
        approvedBy: users.cityReviewer.userId,
      });
      // every item approved, none twice
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of items) expect(item.approvedBy).not.toBeNull();

      const open = await catalogue(users.hospitalAdmin, { year: 2020, cityWide: true });
      expect(open.every((i) => i.cityWide)).toBe(true);
      expect(open.map((i) => i.id)).toContain(published[1]?.id);
      expect(open.map((i) => i.id)).not.toContain(published[0]?.id);
      expect(await catalogue(users.wang, { year: 2019 })).toEqual([]);
      (await system.api.anonymous().get('/api/v1/catalogue')).expectProblem(401);
    });

    it('rebuilds the catalogue from the events to the same rows', async () => {
      const { users } = y;
      const before = await catalogue(users.cityReviewer, { year: 2020 });
      const report = (
        await users.admin.post('/api/v1/admin/projections/training-projects/rebuild')
      ).expectStatus<{
        switched: boolean;
        differences: { table: string; onlyInLive: number; onlyInRebuild: number }[];
      }>(201);
      expect(report.switched).toBe(true);
      expect(report.differences.map((d) => [d.table, d.onlyInLive, d.onlyInRebuild])).toEqual([
        ['rm_training_projects', 0, 0],
        ['rm_catalogue', 0, 0],
      ]);
      expect(await catalogue(users.cityReviewer, { year: 2020 })).toEqual(before);
    });

    it('exports 附件1 as xlsx: title, 填报单位 line, headers, a row per project with 是/否', async () => {
      const { users } = y;
      const file = await download(users.cityReviewer, '/api/v1/catalogue/export', { year: 2020 });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain(XLSX_TYPE);
      const disposition = file.headers.get('content-disposition') ?? '';
      expect(disposition).toContain('attachment');
      expect(disposition).toContain(
        `filename*=UTF-8''${encodeURIComponent('2020年度专业技术人员继续教育培训项目目录.xlsx')}`,
      );

      const workbook = new Workbook();
      await workbook.xlsx.load(file.body as unknown as Parameters<Workbook['xlsx']['load']>[0]);
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error('the export has no sheet');
      expect(sheet.getCell('A1').value).toBe('2020年度专业技术人员继续教育培训项目目录');
      expect(sheet.getCell('A2').value).toBe('填报单位：烟台市人力资源和社会保障局（盖章）');
      expect(sheet.getRow(3).values).toEqual([
        undefined,
        '序号',
        '承办单位',
        '培训项目名称',
        '学时',
        '培训时间',
        '培训地点',
        '培训对象',
        '联系人及电话',
        '是否面向全市',
      ]);
      expect(sheet.getColumn(3).width).toBeGreaterThan(sheet.getColumn(1).width ?? 0);
      const dataRows = Array.from(
        { length: sheet.rowCount - 3 },
        (_, i) => sheet.getRow(i + 4).values as unknown[],
      );
      expect(dataRows.map((r) => r[1])).toEqual(dataRows.map((_, i) => i + 1));
      const hospitalRow = dataRows.find((r) => r[3] === '院内感染防控规范化培训');
      expect(hospitalRow).toEqual([
        undefined,
        expect.any(Number),
        '烟台毓璜顶医院',
        '院内感染防控规范化培训',
        7.5,
        '2020.11.2',
        '烟台毓璜顶医院学术报告厅',
        '全院医护人员',
        '赵医生 0535-6691999',
        '否',
      ]);
      const cityWideRow = dataRows.find((r) => r[3] === '全市中小学科技教师创新能力培训');
      expect(cityWideRow?.[5]).toBe('2020.10.19-2020.10.22');
      expect(cityWideRow?.[9]).toBe('是');
      expect(dataRows.find((r) => r[3] === '尚在审核的培训')).toBeUndefined();
      expect(dataRows).toHaveLength((await catalogue(users.cityReviewer, { year: 2020 })).length);
    });
  });

  describe('importing a unit’s 附件1', () => {
    /** A workbook laid out as the notice prints 附件1, with good and bad rows and a repeated one. */
    async function catalogueUpload(): Promise<Uint8Array> {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('附件1');
      sheet.getCell('A1').value = '2020年度专业技术人员继续教育培训项目目录';
      sheet.mergeCells('A1:I1');
      sheet.getCell('A2').value = '市直部门（单位）：芝罘区青少年校外活动中心（盖章）';
      // the notice's columns, but 培训时间 before 学时: columns are found by their header text
      sheet.getRow(3).values = [
        '序号',
        '承办单位',
        '培训项目名称',
        '培训时间',
        '学时',
        '培训地点',
        '培训对象',
        '联系人及电话',
        '是否面向全市',
      ];
      const rows: CellValue[][] = [
        [
          1,
          '',
          '校外教育活动设计培训',
          '2020.10.12-2020.10.14',
          24,
          '校外活动中心',
          '辅导员',
          '王老师 6600000',
          '否',
        ],
        [
          2,
          '芝罘区青少年校外活动中心',
          '青少年安全教育培训',
          new Date(Date.UTC(2020, 10, 3)),
          '8学时',
          '校外活动中心',
          '全体教师',
          '李老师 6600001',
          '是',
        ],
        [3, '', '科普讲解员培训', '2020/6/1', 4.5, '烟台科技馆', '科普讲解员', '王老师 6600000', '否'],
        [4, '', '学时不对的培训', '2020-07-01', 2.3, '校外活动中心', '辅导员', '王老师 6600000', '否'],
        [5, '', '日期不对的培训', '2020.13.45', 8, '校外活动中心', '辅导员', '王老师 6600000', '否'],
        [6, '', '', '2020.8.1-2020.8.2', 8, '校外活动中心', '辅导员', '王老师 6600000', '否'],
        [7, '', '面向范围不明的培训', '2020.9.1', 8, '校外活动中心', '辅导员', '王老师 6600000', '可能'],
        [
          8,
          '',
          '校外教育活动设计培训',
          '2020.10.12-2020.10.14',
          24,
          '校外活动中心',
          '辅导员',
          '王老师 6600000',
          '否',
        ],
        [9, '烟台毓璜顶医院', '别人单位的培训', '2020.9.1', 8, '医院', '医生', '赵医生', '否'],
        [10],
      ];
      rows.forEach((values, i) => {
        sheet.getRow(4 + i).values = values;
      });
      return new Uint8Array(await workbook.xlsx.writeBuffer());
    }

    const importFile = (session: Session, data: Uint8Array, fields: Record<string, string> = {}) =>
      upload(
        session,
        '/api/v1/training-projects/import',
        { name: '附件1.xlsx', type: XLSX_TYPE, data },
        fields,
      );

    it('submits the good rows, reports every bad row in Chinese, stores nothing for bad rows, and imports nothing twice', async () => {
      const { users, orgs } = y;
      const file = await catalogueUpload();
      const before = await projectStreams();
      const first = (await importFile(users.unitAdmin, file)).expectStatus<ImportResult>(200);
      expect(first.rows.map((r) => [r.row, r.ok, r.duplicate ?? null])).toEqual([
        [4, true, false],
        [5, true, false],
        [6, true, false],
        [7, false, null],
        [8, false, null],
        [9, false, null],
        [10, false, null],
        [11, true, true],
        [12, false, null],
      ]);
      expect(first).toMatchObject({ accepted: 3, duplicates: 1, rejected: 5 });
      const byRow = new Map(first.rows.map((r) => [r.row, r]));
      const errorOf = (row: number) => byRow.get(row)?.errors ?? [];
      expect(errorOf(7)).toEqual([{ field: '学时', message: expect.stringContaining('0.5') }]);
      expect(errorOf(8)).toEqual([{ field: '培训时间', message: expect.stringContaining('2020.13.45') }]);
      expect(errorOf(9)).toEqual([{ field: '培训项目名称', message: '培训项目名称不能为空' }]);
      expect(errorOf(10)).toEqual([{ field: '是否面向全市', message: expect.stringContaining('可能') }]);
      expect(errorOf(12)).toEqual([
        { field: '承办单位', message: expect.stringContaining('烟台毓璜顶医院') },
      ]);
      expect(byRow.get(11)?.id).toBe(byRow.get(4)?.id);
      expect(await projectStreams()).toBe(before + 3);

      const designed = await getProject(users.unitAdmin, byRow.get(4)?.id ?? '');
      expect(designed).toMatchObject({
        year: 2020,
        organizerOrgId: orgs.youthCentre,
        name: '校外教育活动设计培训',
        hours: 24,
        startDate: '2020-10-12',
        endDate: '2020-10-14',
        cityWide: false,
        source: 'import',
        status: 'in_review',
        submittedBy: users.unitAdmin.userId,
      });
      const safety = await getProject(users.unitAdmin, byRow.get(5)?.id ?? '');
      expect(safety).toMatchObject({
        hours: 8,
        startDate: '2020-11-03',
        endDate: '2020-11-03',
        cityWide: true,
      });
      expect(safety.steps.map((s) => s.level)).toEqual(['unit', 'department', 'district', 'city']);
      expect(await getProject(users.unitAdmin, byRow.get(6)?.id ?? '')).toMatchObject({
        startDate: '2020-06-01',
        hours: 4.5,
      });
      const listed = (
        await users.unitAdmin.getFresh('/api/v1/training-projects', { query: { year: 2020 } })
      ).expectStatus<{ items: { name: string; source: string }[] }>(200).items;
      expect(
        listed
          .filter((i) => i.source === 'import')
          .map((i) => i.name)
          .sort(),
      ).toEqual(['校外教育活动设计培训', '青少年安全教育培训', '科普讲解员培训'].sort());
      for (const bad of ['学时不对的培训', '日期不对的培训', '面向范围不明的培训', '别人单位的培训']) {
        expect(listed.map((i) => i.name)).not.toContain(bad);
      }
      // imported projects go through the same chain as submitted ones
      expect(await requireProjectTask(users.unitAdmin2, designed.id)).toMatchObject({ level: 'unit' });

      const second = (await importFile(users.unitAdmin, file)).expectStatus<ImportResult>(200);
      expect(second).toMatchObject({ accepted: 0, duplicates: 4, rejected: 5 });
      for (const row of second.rows.filter((r) => r.ok)) {
        expect(row).toMatchObject({ duplicate: true, id: byRow.get(row.row)?.id });
      }
      expect(await projectStreams()).toBe(before + 3);
    });

    it('takes the year from the form when given and checks the rows against it', async () => {
      const { users } = y;
      const result = (
        await importFile(users.unitAdmin, await catalogueUpload(), { year: '2021' })
      ).expectStatus<ImportResult>(200);
      expect(result.accepted).toBe(0);
      expect(result.rows.find((r) => r.row === 4)?.errors).toEqual([
        { field: '培训时间', message: '培训时间须在 2021 年度内' },
      ]);
    });

    it('refuses uploads that are not an xlsx 附件1 with problem+json, and callers who may not submit', async () => {
      const { users } = y;
      const text = await upload(users.unitAdmin, '/api/v1/training-projects/import', {
        name: '附件1.txt',
        type: 'text/plain',
        data: new TextEncoder().encode('序号,培训项目名称,学时\n1,培训,8\n'),
      });
      expect(text.expectProblem([400, 415]).code).toBe('TRAINING_PROJECT.NOT_XLSX');
      (await upload(users.unitAdmin, '/api/v1/training-projects/import', null)).expectProblem(
        400,
        'TRAINING_PROJECT.FILE_REQUIRED',
      );
      const other = new Workbook();
      other.addWorksheet('花名册').getRow(1).values = ['姓名', '身份证号', '学时'];
      (await importFile(users.unitAdmin, new Uint8Array(await other.xlsx.writeBuffer()))).expectProblem(
        422,
        'TRAINING_PROJECT.HEADER_NOT_FOUND',
      );
      const huge = new Uint8Array(5 * 1024 * 1024 + 1);
      huge.set([0x50, 0x4b, 0x03, 0x04]);
      (await importFile(users.unitAdmin, huge)).expectProblem(413, 'TRAINING_PROJECT.FILE_TOO_LARGE');
      (await importFile(users.wang, await catalogueUpload())).expectProblem(403);
    });
  });
});
