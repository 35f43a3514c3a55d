import { Workbook, type Worksheet } from 'exceljs';
import type { Session } from '../support/api-client';
import {
  type MajorStrategyRow,
  type ReportInput,
  type StatisticsSystem,
  decideReport,
  findReportTask,
  getReport,
  kuRow,
  listReports,
  msRow,
  requireReportTask,
  rowOf,
  startStatisticsSystem,
  statistics,
  statisticsStreams,
  submitReport,
} from '../support/statistics';
import { XLSX_TYPE, download } from '../support/training-projects';
import { type TaskOutcome, type Yantai, buildYantai, syncReadModels } from '../support/yantai';

const KNOWLEDGE_UPDATE_FIELDS = [
  '装备制造',
  '信息',
  '生物技术',
  '新材料',
  '海洋',
  '金融',
  '生态环保',
  '节能与新能源',
  '新医药',
  '现代农业',
  '社会工作',
  '现代物流',
  '商务服务',
  '律师公证及法律服务',
  '会计',
  '知识产权',
  '食品安全',
  '旅游',
  '城市规划建设管理',
  '教育',
  '宣传文化',
  '卫生',
  '体育',
  '研发',
  '养老',
  '人力资源服务',
  '其他现代服务业',
];

const MAJOR_STRATEGY_GROUPS: readonly [string, readonly string[]][] = [
  [
    '新旧动能转换十强产业',
    [
      '新一代信息技术',
      '高端装备',
      '新能源新材料',
      '现代海洋',
      '医养健康',
      '高端化工',
      '现代高效农业',
      '文化创意',
      '精品旅游',
      '现代金融服务',
    ],
  ],
  [
    '乡村振兴',
    ['农业科技人才', '农村专业人才', '新型职业农民', '农村乡土人才', '农村创新创业人才', '其他人才'],
  ],
  [
    '海洋强省',
    [
      '海洋科技创新',
      '海洋生态环境保护',
      '世界一流港口建设',
      '海洋新兴产业壮大',
      '海洋传统产业升级',
      '智慧海洋突破',
      '军民深度融合',
      '海洋文化振兴',
      '海洋开放合作',
      '海洋治理能力提升',
    ],
  ],
];
const MAJOR_STRATEGY_FIELDS = MAJOR_STRATEGY_GROUPS.flatMap(([, fields]) => fields);

const ku = (urgentTalent: number, jobTraining: number, overseas: number) => ({
  urgentTalent,
  jobTraining,
  overseas,
});

async function readSheet(body: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the export has no sheet');
  return sheet;
}

/**
 * Statistics (附件3, 附件4) end to end over HTTP on PostgreSQL: district bureaus and city
 * departments file their reports, the city bureau decides them through the generic task endpoints,
 * bad rows and strangers are refused without storing anything, a return goes round again, and the
 * approved reports are summed per scope and exported in the notice's layout. The clock stands at
 * 2020-09-01 in Yantai.
 */
describe('statistics reports (附件3, 附件4) over HTTP', () => {
  let system: StatisticsSystem;
  let y: Yantai;

  beforeAll(async () => {
    system = await startStatisticsSystem('statistics');
    y = await buildYantai(system, 'st');
  }, 60_000);

  afterAll(async () => {
    await system?.close();
  });

  /** Reports of 2019 for the flow tests: the sums below are of 2020 and stay untouched by them. */
  const report2019 = (orgId: string, overrides: Partial<ReportInput> = {}): ReportInput => ({
    year: 2019,
    orgId,
    form: 'knowledge_update',
    fundingWan: 10,
    rows: [kuRow('信息', [1, 2, 0], [1, 2, 0])],
    ...overrides,
  });

  describe('filing and approval', () => {
    it('takes a district bureau’s 附件3 to the city bureau and approves it through /api/v1/tasks', async () => {
      const { users, orgs } = y;
      const submitted = await submitReport(users.districtReviewer, {
        year: 2019,
        orgId: orgs.zhifu,
        form: 'knowledge_update',
        fundingWan: 35.5,
        rows: [
          kuRow('卫生', [5, 80, 0], [6, 90, 0], '含社区卫生服务中心'),
          kuRow('信息', [10, 200, 1], [12, 210, 2]),
        ],
      });
      expect(submitted).toMatchObject({ status: 'in_review' });
      expect(typeof submitted.position).toBe('string');

      const view = await getReport(users.districtReviewer, submitted.id);
      expect(view).toMatchObject({
        id: submitted.id,
        year: 2019,
        orgId: orgs.zhifu,
        orgName: '芝罘区人力资源和社会保障局',
        districtId: orgs.zhifu,
        form: 'knowledge_update',
        fundingWan: 35.5,
        status: 'in_review',
        submittedBy: users.districtReviewer.userId,
      });
      expect(view.rows.map((r) => r.field)).toEqual(KNOWLEDGE_UPDATE_FIELDS);
      expect(view.rows[1]).toEqual(kuRow('信息', [10, 200, 1], [12, 210, 2]));
      expect(view.rows[21]).toEqual(kuRow('卫生', [5, 80, 0], [6, 90, 0], '含社区卫生服务中心'));
      expect(view.rows[0]).toEqual(kuRow('装备制造', [0, 0, 0], [0, 0, 0]));
      expect(view.steps).toEqual([{ level: 'city', orgId: orgs.city, decision: 'pending' }]);

      const task = await requireReportTask(users.cityReviewer, submitted.id);
      expect(task).toMatchObject({ subjectType: 'statistics_report', level: 'city', orgId: orgs.city });
      expect(task.summary).toContain('芝罘区人力资源和社会保障局');
      expect(task.summary).toContain('附件3');
      expect(await findReportTask(users.districtReviewer, submitted.id)).toBeUndefined();
      (
        await users.districtReviewer.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/approve`, {})
      ).expectProblem(403);

      expect((await decideReport(users.cityReviewer, submitted.id, 'approve')).status).toBe('approved');
      const approved = await getReport(users.districtReviewer, submitted.id);
      expect(approved.status).toBe('approved');
      expect(approved.steps).toEqual([
        {
          level: 'city',
          orgId: orgs.city,
          decision: 'approved',
          by: users.cityReviewer.userId,
          at: expect.any(String),
          comment: '同意',
        },
      ]);
    });

    it('takes a city department’s 附件4 to the city bureau, with no district', async () => {
      const { users, orgs } = y;
      const submitted = await submitReport(users.healthReviewer, {
        year: 2019,
        orgId: orgs.cityHealth,
        form: 'major_strategy',
        fundingWan: 20,
        rows: [msRow('新旧动能转换十强产业', '医养健康', [300, 120], [350, 150])],
      });
      const view = await getReport(users.healthReviewer, submitted.id);
      expect(view).toMatchObject({
        orgName: '烟台市卫生健康委员会',
        districtId: null,
        form: 'major_strategy',
      });
      expect(view.rows.map((r) => (r as MajorStrategyRow).group)).toEqual(
        MAJOR_STRATEGY_GROUPS.flatMap(([group, fields]) => fields.map(() => group)),
      );
      expect(view.rows[4]).toEqual(msRow('新旧动能转换十强产业', '医养健康', [300, 120], [350, 150]));
      expect(view.steps.map((s) => [s.level, s.orgId])).toEqual([['city', orgs.city]]);
      expect((await decideReport(users.cityReviewer, submitted.id, 'approve')).status).toBe('approved');
    });

    it('lists reports within the caller’s jurisdiction', async () => {
      const { users, orgs } = y;
      const city = await listReports(users.cityReviewer, { year: 2019 });
      expect(new Set(city.map((r) => r.orgId))).toEqual(new Set([orgs.zhifu, orgs.cityHealth]));
      const zhifu = await listReports(users.districtReviewer, { year: 2019 });
      expect(zhifu.map((r) => [r.orgId, r.form, r.status, r.fundingWan])).toEqual([
        [orgs.zhifu, 'knowledge_update', 'approved', 35.5],
      ]);
      expect(await listReports(users.fushanReviewer, { year: 2019 })).toEqual([]);
      expect(await listReports(users.cityReviewer, { year: 2019, form: 'major_strategy' })).toHaveLength(1);
      expect(await listReports(users.cityReviewer, { year: 2019, status: 'in_review' })).toEqual([]);
    });

    it('keeps one report per organisation, year and form while it counts', async () => {
      const { users, orgs } = y;
      const before = await statisticsStreams(system);
      (await users.districtReviewer.post('/api/v1/statistics-reports', report2019(orgs.zhifu))).expectProblem(
        409,
        'STATISTICS.ALREADY_SUBMITTED',
      );
      expect(await statisticsStreams(system)).toBe(before);
    });

    it('answers a retried submission (same Idempotency-Key) with the same report', async () => {
      const { users, orgs } = y;
      const headers = { 'idempotency-key': 'st-retry-0001' };
      const input = report2019(orgs.fushan, { form: 'major_strategy', rows: [] });
      const first = (
        await users.fushanReviewer.post('/api/v1/statistics-reports', input, { headers })
      ).expectStatus<{ id: string }>(201);
      const before = await statisticsStreams(system);
      const again = (
        await users.fushanReviewer.post('/api/v1/statistics-reports', input, { headers })
      ).expectStatus<{ id: string; status: string }>(201);
      expect(again).toMatchObject({ id: first.id, status: 'in_review' });
      expect(await statisticsStreams(system)).toBe(before);
    });
  });

  describe('refusals', () => {
    it('refuses bad rows and money with a 4xx problem naming the rule, and stores nothing', async () => {
      const { users, orgs } = y;
      const before = await statisticsStreams(system);
      const cases: [Partial<ReportInput>, number, string, string, string][] = [
        [
          { rows: [kuRow('人工智能', [1, 1, 1], [1, 1, 1])] },
          422,
          'STATISTICS.UNKNOWN_FIELD',
          'rows[0].field',
          '人工智能',
        ],
        [
          { rows: [kuRow('信息', [1, 1, 1], [1, -2, 1])] },
          422,
          'STATISTICS.NEGATIVE_COUNT',
          'rows[0].nextYear.jobTraining',
          '第1行（信息）',
        ],
        [
          { rows: [kuRow('会计', [1, 1, 1], [1, 1, 1]), kuRow('信息', [1.5, 1, 1], [1, 1, 1])] },
          422,
          'STATISTICS.COUNT_NOT_INTEGER',
          'rows[1].thisYear.urgentTalent',
          '第2行（信息）',
        ],
        [
          {
            form: 'major_strategy',
            rows: [msRow('乡村振兴', '新型职业农民', [10, 12], [0, 0])],
          },
          422,
          'STATISTICS.NON_PUBLIC_EXCEEDS_TOTAL',
          'rows[0].thisYear.nonPublic',
          '不能多于总数',
        ],
        [{ fundingWan: 12.345 }, 422, 'STATISTICS.FUNDING_PRECISION', 'fundingWan', '两位小数'],
        [{ fundingWan: -1 }, 422, 'STATISTICS.NEGATIVE_FUNDING', 'fundingWan', '不能为负数'],
        [
          { form: 'major_strategy', rows: [msRow('海洋强省', '新型职业农民', [1, 0], [1, 0])] },
          422,
          'STATISTICS.FIELD_NOT_IN_GROUP',
          'rows[0].group',
          '属于“乡村振兴”',
        ],
        [
          { rows: [kuRow('信息', [1, 1, 1], [1, 1, 1]), kuRow('信息', [2, 2, 2], [2, 2, 2])] },
          422,
          'STATISTICS.DUPLICATE_FIELD',
          'rows[1].field',
          '重复',
        ],
        [
          {
            rows: [
              {
                field: '信息',
                thisYear: { urgentTalent: '8', jobTraining: 0, overseas: 0 },
                nextYear: ku(0, 0, 0),
              },
            ],
          },
          400,
          'STATISTICS.MALFORMED_COUNT',
          'rows[0].thisYear.urgentTalent',
          '须为数字',
        ],
      ];
      for (const [overrides, status, code, field, text] of cases) {
        const problem = (
          await users.fushanReviewer.post('/api/v1/statistics-reports', {
            ...report2019(orgs.fushan),
            year: 2018,
            ...overrides,
          })
        ).expectProblem(status, code);
        expect(problem.errors?.map((e) => e.field)).toContain(field);
        expect(problem.detail).toContain(text);
      }
      // malformed at the HTTP level: unknown form, money as text, no rows
      for (const body of [
        { ...report2019(orgs.fushan), form: 'annual_summary' },
        { ...report2019(orgs.fushan), fundingWan: '12' },
        { ...report2019(orgs.fushan), rows: undefined },
      ]) {
        (await users.fushanReviewer.post('/api/v1/statistics-reports', body)).expectProblem(400);
      }
      expect(await statisticsStreams(system)).toBe(before);
      expect(await listReports(users.cityReviewer, { year: 2018 })).toEqual([]);
    });

    it('lets only a district bureau or city department report, for itself', async () => {
      const { users, orgs } = y;
      const before = await statisticsStreams(system);
      const input = (orgId: string) => report2019(orgId, { year: 2017 });
      (await users.unitAdmin.post('/api/v1/statistics-reports', input(orgs.youthCentre))).expectProblem(403);
      (await users.wang.post('/api/v1/statistics-reports', input(orgs.zhifu))).expectProblem(403);
      (await users.cityReviewer.post('/api/v1/statistics-reports', input(orgs.zhifu))).expectProblem(403);
      const other = (
        await users.fushanReviewer.post('/api/v1/statistics-reports', input(orgs.zhifu))
      ).expectProblem(403, 'STATISTICS.OUTSIDE_JURISDICTION');
      expect(other.detail).toMatch(/本单位/);
      (await users.healthReviewer.post('/api/v1/statistics-reports', input(orgs.zhifu))).expectProblem(
        403,
        'STATISTICS.OUTSIDE_JURISDICTION',
      );
      // a department under a district reports to its district bureau, not to the city
      (
        await users.departmentReviewer.post('/api/v1/statistics-reports', input(orgs.zhifuEducation))
      ).expectProblem(403, 'STATISTICS.OUTSIDE_JURISDICTION');
      // an admin may file for any organisation that reports, but a unit does not
      (await users.admin.post('/api/v1/statistics-reports', input(orgs.hospital))).expectProblem(
        422,
        'STATISTICS.NOT_A_REPORTING_ORG',
      );
      expect(await statisticsStreams(system)).toBe(before);
    });

    it('hides a report from organisations outside its jurisdiction', async () => {
      const { users, orgs } = y;
      const [zhifuReport] = await listReports(users.districtReviewer, {
        year: 2019,
        form: 'knowledge_update',
      });
      if (!zhifuReport) throw new Error('no 2019 report of 芝罘区');
      expect(zhifuReport.orgId).toBe(orgs.zhifu);
      (await users.fushanReviewer.get(`/api/v1/statistics-reports/${zhifuReport.id}`)).expectProblem(404);
      (await users.unitAdmin.get(`/api/v1/statistics-reports/${zhifuReport.id}`)).expectProblem(404);
      (await users.wang.get(`/api/v1/statistics-reports/${zhifuReport.id}`)).expectProblem(404);
      expect((await getReport(users.cityReviewer, zhifuReport.id)).orgId).toBe(orgs.zhifu);
    });
  });

  describe('return, resubmit and withdraw', () => {
    it('goes back to the city after a return, with changed rows, and is approved', async () => {
      const { users, orgs } = y;
      const submitted = await submitReport(
        users.fushanReviewer,
        report2019(orgs.fushan, { rows: [kuRow('海洋', [3, 30, 2], [3, 35, 2])] }),
      );
      const outcome = await decideReport(users.cityReviewer, submitted.id, 'return', {
        reason: '海洋领域明年计划人数有误，请核实',
      });
      expect(outcome.status).toBe('returned');
      const returned = await getReport(users.fushanReviewer, submitted.id);
      expect(returned.status).toBe('returned');
      expect(returned.steps[0]).toMatchObject({
        decision: 'returned',
        comment: '海洋领域明年计划人数有误，请核实',
      });
      expect(await findReportTask(users.cityReviewer, submitted.id)).toBeUndefined();

      const path = `/api/v1/statistics-reports/${submitted.id}/resubmit`;
      (await users.fushanReviewer.post(path, { fundingWan: 1.005 })).expectProblem(
        422,
        'STATISTICS.FUNDING_PRECISION',
      );
      (await users.fushanReviewer.post(path, { form: 'major_strategy' })).expectProblem(400);
      (await users.districtReviewer.post(path, { fundingWan: 5 })).expectProblem(404);
      expect((await getReport(users.fushanReviewer, submitted.id)).status).toBe('returned');

      const again = (
        await users.fushanReviewer.post(path, {
          fundingWan: 12.25,
          rows: [kuRow('海洋', [3, 30, 2], [4, 36, 2]), kuRow('金融', [1, 10, 0], [1, 12, 0])],
        })
      ).expectStatus<TaskOutcome>(200);
      expect(again.status).toBe('in_review');
      const amended = await getReport(users.fushanReviewer, submitted.id);
      expect(amended.fundingWan).toBe(12.25);
      expect(amended.rows[4]).toEqual(kuRow('海洋', [3, 30, 2], [4, 36, 2]));
      expect(amended.rows[5]).toEqual(kuRow('金融', [1, 10, 0], [1, 12, 0]));
      expect(amended.steps.map((s) => s.decision)).toEqual(['pending']);
      expect((await decideReport(users.cityReviewer, submitted.id, 'approve')).status).toBe('approved');
      (await users.fushanReviewer.post(path, { fundingWan: 1 })).expectProblem(409);
    });

    it('lets the submitter withdraw before the city decides, and then file again', async () => {
      const { users, orgs } = y;
      const input = report2019(orgs.cityHealth, { rows: [kuRow('卫生', [1, 1, 1], [1, 1, 1])] });
      const first = await submitReport(users.healthReviewer, input);
      (await users.healthReviewer.post('/api/v1/statistics-reports', input)).expectProblem(
        409,
        'STATISTICS.ALREADY_SUBMITTED',
      );
      const withdrawn = (
        await users.healthReviewer.post(`/api/v1/statistics-reports/${first.id}/withdraw`)
      ).expectStatus<TaskOutcome>(200);
      expect(withdrawn.status).toBe('withdrawn');
      expect(await findReportTask(users.cityReviewer, first.id)).toBeUndefined();
      (await users.healthReviewer.post(`/api/v1/statistics-reports/${first.id}/withdraw`)).expectProblem(409);
      const second = await submitReport(users.healthReviewer, input);
      expect(second.id).not.toBe(first.id);
      // rejected: the slot is free again
      await decideReport(users.cityReviewer, second.id, 'reject', { reason: '数据与年度总结不符' });
      expect((await getReport(users.healthReviewer, second.id)).status).toBe('rejected');
      const third = await submitReport(users.healthReviewer, input);
      expect((await getReport(users.healthReviewer, third.id)).status).toBe('in_review');
      const statuses = await listReports(users.healthReviewer, { year: 2019, form: 'knowledge_update' });
      expect(statuses.map((r) => r.status).sort()).toEqual(['in_review', 'rejected', 'withdrawn']);
    });
  });

  describe('sums of approved reports and the official sheets (2020)', () => {
    beforeAll(async () => {
      const { users, orgs } = y;
      const file = (session: Session, input: Omit<ReportInput, 'year'>) =>
        submitReport(session, { year: 2020, ...input });
      // 附件3: 芝罘区 approved, 福山区 approved after a return, 卫健委 still in review
      const zhifu = await file(users.districtReviewer, {
        orgId: orgs.zhifu,
        form: 'knowledge_update',
        fundingWan: 35.5,
        rows: [kuRow('信息', [10, 200, 1], [12, 210, 2]), kuRow('卫生', [5, 80, 0], [6, 90, 0])],
      });
      await decideReport(users.cityReviewer, zhifu.id, 'approve');
      const fushan = await file(users.fushanReviewer, {
        orgId: orgs.fushan,
        form: 'knowledge_update',
        fundingWan: 99,
        rows: [kuRow('信息', [400, 500, 600], [0, 0, 0])],
      });
      await decideReport(users.cityReviewer, fushan.id, 'return', { reason: '人数明显有误' });
      (
        await users.fushanReviewer.post(`/api/v1/statistics-reports/${fushan.id}/resubmit`, {
          fundingWan: 12.25,
          rows: [kuRow('信息', [4, 50, 0], [5, 60, 1]), kuRow('海洋', [3, 30, 2], [3, 35, 2])],
        })
      ).expectStatus<TaskOutcome>(200);
      await decideReport(users.cityReviewer, fushan.id, 'approve');
      await file(users.healthReviewer, {
        orgId: orgs.cityHealth,
        form: 'knowledge_update',
        fundingWan: 99,
        rows: [kuRow('卫生', [100, 1000, 10], [100, 1000, 10])],
      });

      // 附件4: 卫健委 approved, 福山区 withdrawn then filed again and approved, 芝罘区 rejected
      const health = await file(users.healthReviewer, {
        orgId: orgs.cityHealth,
        form: 'major_strategy',
        fundingWan: 20,
        rows: [msRow('新旧动能转换十强产业', '医养健康', [300, 120], [350, 150])],
      });
      await decideReport(users.cityReviewer, health.id, 'approve');
      const draft = await file(users.fushanReviewer, {
        orgId: orgs.fushan,
        form: 'major_strategy',
        fundingWan: 80,
        rows: [msRow('乡村振兴', '新型职业农民', [999, 0], [0, 0])],
      });
      (
        await users.fushanReviewer.post(`/api/v1/statistics-reports/${draft.id}/withdraw`)
      ).expectStatus<TaskOutcome>(200);
      const fushanMs = await file(users.fushanReviewer, {
        orgId: orgs.fushan,
        form: 'major_strategy',
        fundingWan: 8,
        rows: [
          msRow('乡村振兴', '新型职业农民', [500, 320], [600, 400]),
          msRow('新旧动能转换十强产业', '现代高效农业', [80, 60], [90, 70]),
        ],
      });
      await decideReport(users.cityReviewer, fushanMs.id, 'approve');
      const zhifuMs = await file(users.districtReviewer, {
        orgId: orgs.zhifu,
        form: 'major_strategy',
        fundingWan: 50,
        rows: [msRow('乡村振兴', '新型职业农民', [1000, 10], [0, 0])],
      });
      await decideReport(users.cityReviewer, zhifuMs.id, 'reject', { reason: '重复统计' });
      await syncReadModels(users.admin);
    }, 60_000);

    it('sums 附件3 over the approved reports of the whole city, every field in the notice’s order', async () => {
      const { users, orgs } = y;
      const sum = await statistics(users.cityReviewer, 'knowledge_update', { year: 2020 });
      expect(sum).toMatchObject({ form: 'knowledge_update', year: 2020, fundingWan: 47.75, reports: 2 });
      expect(sum.rows.map((r) => r.field)).toEqual(KNOWLEDGE_UPDATE_FIELDS);
      expect(rowOf(sum, '信息')).toEqual(kuRow('信息', [14, 250, 1], [17, 270, 3]));
      expect(rowOf(sum, '卫生')).toEqual(kuRow('卫生', [5, 80, 0], [6, 90, 0]));
      expect(rowOf(sum, '海洋')).toEqual(kuRow('海洋', [3, 30, 2], [3, 35, 2]));
      expect(rowOf(sum, '会计')).toEqual(kuRow('会计', [0, 0, 0], [0, 0, 0]));
      const byDistrict = new Map((sum.byDistrict ?? []).map((d) => [d.districtId, d]));
      expect(byDistrict.get(orgs.zhifu)).toEqual({
        districtId: orgs.zhifu,
        districtName: '芝罘区人力资源和社会保障局',
        fundingWan: 35.5,
        reports: 1,
      });
      expect(byDistrict.get(orgs.fushan)).toMatchObject({ fundingWan: 12.25, reports: 1 });
      expect(byDistrict.get(null)).toEqual({
        districtId: null,
        districtName: '市直部门',
        fundingWan: 0,
        reports: 0,
      });
      expect(sum.byDistrict).toHaveLength(3);

      const fushanOnly = await statistics(users.cityReviewer, 'knowledge_update', {
        year: 2020,
        districtId: orgs.fushan,
      });
      expect(fushanOnly).toMatchObject({ districtId: orgs.fushan, fundingWan: 12.25, reports: 1 });
      expect(rowOf(fushanOnly, '信息')).toEqual(kuRow('信息', [4, 50, 0], [5, 60, 1]));
      expect(rowOf(fushanOnly, '卫生')).toEqual(kuRow('卫生', [0, 0, 0], [0, 0, 0]));
      // other years are their own
      expect((await statistics(users.cityReviewer, 'knowledge_update', { year: 2019 })).fundingWan).toBe(
        47.75,
      );
      expect((await statistics(users.cityReviewer, 'knowledge_update', { year: 2016 })).reports).toBe(0);
    });

    it('sums only a district bureau’s own district for it, and a city department’s own reports', async () => {
      const { users, orgs } = y;
      const zhifu = await statistics(users.districtReviewer, 'knowledge_update', { year: 2020 });
      expect(zhifu).toMatchObject({ fundingWan: 35.5, reports: 1 });
      expect(zhifu.byDistrict).toBeUndefined();
      expect(rowOf(zhifu, '信息')).toEqual(kuRow('信息', [10, 200, 1], [12, 210, 2]));
      expect(rowOf(zhifu, '海洋')).toEqual(kuRow('海洋', [0, 0, 0], [0, 0, 0]));
      expect(
        (await statistics(users.districtReviewer, 'knowledge_update', { year: 2020, districtId: orgs.zhifu }))
          .reports,
      ).toBe(1);
      (
        await users.districtReviewer.getFresh('/api/v1/statistics/knowledge_update', {
          query: { year: 2020, districtId: orgs.fushan },
        })
      ).expectProblem(403, 'STATISTICS.OUTSIDE_JURISDICTION');

      const health = await statistics(users.healthReviewer, 'major_strategy', { year: 2020 });
      expect(health).toMatchObject({ fundingWan: 20, reports: 1 });
      expect(rowOf(health, '医养健康')).toEqual(
        msRow('新旧动能转换十强产业', '医养健康', [300, 120], [350, 150]),
      );
      // the in-review 附件3 of the department counts nowhere yet
      expect(await statistics(users.healthReviewer, 'knowledge_update', { year: 2020 })).toMatchObject({
        fundingWan: 0,
        reports: 0,
      });
      (await users.unitAdmin.get('/api/v1/statistics/knowledge_update')).expectProblem(403);
      (await users.wang.get('/api/v1/statistics/major_strategy')).expectProblem(403);
      (await users.cityReviewer.get('/api/v1/statistics/annual_summary')).expectProblem(
        404,
        'STATISTICS.UNKNOWN_FORM',
      );
      (
        await users.cityReviewer.get('/api/v1/statistics/knowledge_update', { query: { year: 'x' } })
      ).expectProblem(400);
    });

    it('sums 附件4 without withdrawn and rejected reports, each field under its group', async () => {
      const { users, orgs } = y;
      const sum = await statistics(users.cityReviewer, 'major_strategy', { year: 2020 });
      expect(sum).toMatchObject({ fundingWan: 28, reports: 2 });
      expect(sum.rows.map((r) => r.field)).toEqual(MAJOR_STRATEGY_FIELDS);
      expect(rowOf(sum, '新型职业农民')).toEqual(msRow('乡村振兴', '新型职业农民', [500, 320], [600, 400]));
      expect(rowOf(sum, '现代高效农业')).toEqual(
        msRow('新旧动能转换十强产业', '现代高效农业', [80, 60], [90, 70]),
      );
      expect(rowOf(sum, '医养健康')).toEqual(
        msRow('新旧动能转换十强产业', '医养健康', [300, 120], [350, 150]),
      );
      expect(rowOf(sum, '海洋开放合作')).toEqual(msRow('海洋强省', '海洋开放合作', [0, 0], [0, 0]));
      const byDistrict = new Map((sum.byDistrict ?? []).map((d) => [d.districtId, d]));
      expect(byDistrict.get(orgs.fushan)).toMatchObject({ fundingWan: 8, reports: 1 });
      expect(byDistrict.get(orgs.zhifu)).toMatchObject({ fundingWan: 0, reports: 0 });
      expect(byDistrict.get(null)).toMatchObject({ fundingWan: 20, reports: 1 });
      expect(await statistics(users.districtReviewer, 'major_strategy', { year: 2020 })).toMatchObject({
        fundingWan: 0,
        reports: 0,
      });
    });

    it('answers the deadline obligations’ question from rm_statistics_reports', async () => {
      const { orgs } = y;
      const has = async (orgId: string, form: string) =>
        (
          await system.sql(
            `SELECT 1 FROM rm_statistics_reports WHERE org_id = $1 AND year = $2 AND form = $3
               AND status NOT IN ('withdrawn','rejected')`,
            [orgId, 2020, form],
          )
        ).length > 0;
      expect(await has(orgs.zhifu, 'knowledge_update')).toBe(true);
      expect(await has(orgs.cityHealth, 'knowledge_update')).toBe(true); // in review
      expect(await has(orgs.zhifu, 'major_strategy')).toBe(false); // rejected
      expect(await has(orgs.fushan, 'major_strategy')).toBe(true); // the second, approved one
      expect(await has(orgs.zhifuEducation, 'knowledge_update')).toBe(false);
    });

    it('rebuilds the statistics read models from the events to the same rows', async () => {
      const { users } = y;
      const before = await statistics(users.cityReviewer, 'knowledge_update', { year: 2020 });
      const report = (
        await users.admin.post('/api/v1/admin/projections/statistics-reports/rebuild')
      ).expectStatus<{
        switched: boolean;
        differences: { table: string; onlyInLive: number; onlyInRebuild: number }[];
      }>(201);
      expect(report.switched).toBe(true);
      expect(report.differences.map((d) => [d.table, d.onlyInLive, d.onlyInRebuild])).toEqual([
        ['rm_statistics_reports', 0, 0],
        ['rm_statistics_field_totals', 0, 0],
      ]);
      expect(await statistics(users.cityReviewer, 'knowledge_update', { year: 2020 })).toEqual(before);
    });

    it('exports 附件3 for the city in the notice’s layout', async () => {
      const { users } = y;
      const file = await download(users.cityReviewer, '/api/v1/statistics/knowledge_update/export', {
        year: 2020,
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain(XLSX_TYPE);
      const disposition = file.headers.get('content-disposition') ?? '';
      expect(disposition).toContain('attachment');
      expect(disposition).toContain(
        `filename*=UTF-8''${encodeURIComponent('附件3 专业技术人员知识更新工程实施情况统计表（2020年度）.xlsx')}`,
      );
      const sheet = await readSheet(file.body);
      expect(sheet.getCell('A1').value).toBe('附件3');
      expect(sheet.getCell('A2').value).toBe('专业技术人员知识更新工程实施情况统计表（2020年度）');
      expect(sheet.getCell('A3').value).toBe('填报单位：烟台市人力资源和社会保障局（盖章）');
      expect([...sheet.model.merges].sort()).toEqual(
        [
          'A2:K2',
          'A3:K3',
          'A4:A5',
          'B4:B5',
          'C4:C5',
          'D4:D5',
          'E4:G4',
          'H4:J4',
          'K4:K5',
          'A6:A32',
          'B6:B32',
          'C6:C32',
        ].sort(),
      );
      expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
        '单位名称',
        '具体推进实施部门、机构',
        '专项经费(万元)',
        '领域',
        '今年任务完成情况',
        '今年任务完成情况',
        '今年任务完成情况',
        '明年计划',
        '明年计划',
        '明年计划',
        '备注',
      ]);
      expect((sheet.getRow(5).values as unknown[]).slice(5, 11)).toEqual([
        '急需紧缺人才培养培训项目(人数)',
        '岗位培训项目(人数)',
        '出境(国)培训(人数)',
        '急需紧缺人才培养培训项目(人数)',
        '岗位培训项目(人数)',
        '出境(国)培训(人数)',
      ]);
      const rows = Array.from({ length: 27 }, (_, i) =>
        (sheet.getRow(6 + i).values as unknown[]).slice(4, 11),
      );
      expect(rows.map((r) => r[0])).toEqual(KNOWLEDGE_UPDATE_FIELDS);
      expect(rows[1]).toEqual(['信息', 14, 250, 1, 17, 270, 3]);
      expect(rows[4]).toEqual(['海洋', 3, 30, 2, 3, 35, 2]);
      expect(rows[21]).toEqual(['卫生', 5, 80, 0, 6, 90, 0]);
      expect(rows[0]).toEqual(['装备制造', 0, 0, 0, 0, 0, 0]);
      expect(sheet.getCell('A6').value).toBe('烟台市人力资源和社会保障局');
      const implementers = sheet.getCell('B6').text;
      expect(implementers).toContain('芝罘区人力资源和社会保障局');
      expect(implementers).toContain('福山区人力资源和社会保障局');
      expect(implementers).not.toContain('烟台市卫生健康委员会');
      expect(sheet.getCell('C6').value).toBe(47.75);
      expect(sheet.getCell('K32').border?.right?.style).toBe('thin');
      expect(sheet.rowCount).toBe(32);
    });

    it('exports 附件4 for a district bureau with its own numbers and the groups merged', async () => {
      const { users } = y;
      const file = await download(users.fushanReviewer, '/api/v1/statistics/major_strategy/export', {
        year: 2020,
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toContain(
        encodeURIComponent('山东省重大工程、重大战略专业技术人才培训统计表（2020年度）'),
      );
      const sheet = await readSheet(file.body);
      expect(sheet.getCell('A1').value).toBe('附件4');
      expect(sheet.getCell('A2').value).toBe('山东省重大工程、重大战略专业技术人才培训统计表（2020年度）');
      expect(sheet.getCell('A3').value).toBe('填报单位：福山区人力资源和社会保障局（盖章）');
      expect([...sheet.model.merges].sort()).toEqual(
        [
          'A2:H2',
          'A3:H3',
          'A4:A5',
          'B4:C5',
          'D4:E4',
          'F4:G4',
          'H4:H5',
          'A6:A31',
          'B6:B15',
          'B16:B21',
          'B22:B31',
        ].sort(),
      );
      expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
        '投入经费(万元)',
        '领域',
        '领域',
        '今年培训情况',
        '今年培训情况',
        '明年培训计划',
        '明年培训计划',
        '备注',
      ]);
      expect((sheet.getRow(5).values as unknown[]).slice(4, 8)).toEqual([
        '总数',
        '其中：非公有制经济领域培训人数',
        '总数',
        '其中：非公有制经济领域培训人数',
      ]);
      expect([sheet.getCell('B6').value, sheet.getCell('B16').value, sheet.getCell('B22').value]).toEqual(
        MAJOR_STRATEGY_GROUPS.map(([group]) => group),
      );
      const rows = Array.from({ length: 26 }, (_, i) =>
        (sheet.getRow(6 + i).values as unknown[]).slice(3, 8),
      );
      expect(rows.map((r) => r[0])).toEqual(MAJOR_STRATEGY_FIELDS);
      expect(rows[12]).toEqual(['新型职业农民', 500, 320, 600, 400]);
      expect(rows[6]).toEqual(['现代高效农业', 80, 60, 90, 70]);
      expect(rows[4]).toEqual(['医养健康', 0, 0, 0, 0]); // the city department is not 福山区’s
      expect(sheet.getCell('A6').value).toBe(8);
      (await users.unitAdmin.get('/api/v1/statistics/major_strategy/export')).expectProblem(403);
    });
  });
});
