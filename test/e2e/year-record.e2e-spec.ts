import type { Problem, Session } from '../support/api-client';
import {
  type ClaimView,
  type Ledger,
  type TestSystem,
  type Yantai,
  approveThrough,
  buildYantai,
  claim,
  createUser,
  getClaim,
  requireTask,
  startTestSystem,
  submitClaim,
  syncReadModels,
} from '../support/yantai';
import {
  XLSX_TYPE,
  type YearRecord,
  blockCells,
  downloadRecord,
  getRecord,
  readSheet,
  recordPath,
  shanghaiDay,
} from '../support/year-record';

/**
 * A person's yearly record (附件2, 专业技术人员继续教育情况登记表) end to end over HTTP on PostgreSQL:
 * claims of every kind carrying their 附件2 fields, approved through unit → department → district;
 * one still in review and one rejected (both left off); a make-up claim under the year it makes up;
 * who registered each row and when; totals equal to the year ledger (competition caps included); the
 * xlsx read back; and who may read it. The clock stands at 2020-09-01 09:00 in Yantai.
 */
describe('yearly record (附件2) over HTTP', () => {
  let system: TestSystem;
  let y: Yantai;
  /** District reviewers of 芝罘区 with display names: the 登记人 of the rows they approved last. */
  let liuMing: Session;
  let chenJing: Session;
  let auditor: Session;
  const ids: Record<string, string> = {};

  const approvedBy = (districtReviewer: Session) => [
    y.users.unitAdmin,
    y.users.departmentReviewer,
    districtReviewer,
  ];

  beforeAll(async () => {
    system = await startTestSystem('yearrecord');
    y = await buildYantai(system, 'yr');
    const { admin } = y.users;
    [liuMing, chenJing, auditor] = await Promise.all([
      createUser(admin, {
        username: 'yr.zhifu.liuming',
        displayName: '刘明',
        orgId: y.orgs.zhifu,
        roles: ['district_reviewer'],
      }),
      createUser(admin, {
        username: 'yr.zhifu.chenjing',
        displayName: '陈静',
        orgId: y.orgs.zhifu,
        roles: ['district_reviewer'],
      }),
      createUser(admin, { username: 'yr.auditor', orgId: y.orgs.city, roles: ['auditor'] }),
    ]);
    await syncReadModels(admin);

    const { wang } = y.users;
    const person = y.people.wang;
    const submit = async (key: string, input: Parameters<typeof claim>[1]) => {
      ids[key] = (await submitClaim(wang, claim(person, input))).id;
    };
    // 公需科目
    await submit('publicTraining', {
      subject: 'public',
      kind: 'training',
      title: '专业技术人员职业道德与诚信建设',
      organizer: '芝罘区人力资源和社会保障局',
      startDate: '2020-03-02',
      endDate: '2020-03-04',
      hours: 24,
      place: '烟台市芝罘区',
    });
    await submit('publicOnline', {
      subject: 'public',
      kind: 'online',
      title: '网络安全与信息化',
      organizer: '鲁东大学',
      startDate: '2020-04-10',
      endDate: '2020-04-10',
      hours: 8,
      place: '网上学习平台',
    });
    await submit('publicCompetition', {
      subject: 'public',
      kind: 'competition',
      title: '全市职业道德知识竞赛',
      organizer: '烟台市人力资源和社会保障局',
      startDate: '2020-05-20',
      endDate: '2020-05-21',
      hours: 8,
      place: '烟台市',
    });
    // 专业科目
    await submit('training', {
      subject: 'professional',
      kind: 'training',
      title: '青少年科技教育骨干教师研修班',
      organizer: '芝罘区教育局',
      startDate: '2020-05-11',
      endDate: '2020-05-15',
      hours: 40,
      place: '芝罘区教师进修学校',
    });
    await submit('online', {
      subject: 'professional',
      kind: 'online',
      title: '校外教育活动设计（网络课程）',
      organizer: '山东网梯学航网络科技有限公司',
      startDate: '2020-06-01',
      endDate: '2020-06-01',
      hours: 12,
      place: '网上学习平台',
    });
    await submit('selfStudy', {
      subject: 'professional',
      kind: 'self_study',
      title: '《青少年科技创新活动指导》研读',
      startDate: '2020-06-10',
      endDate: '2020-06-30',
      hours: 10,
      studyType: ' 专业书籍自学 ',
    });
    await submit('achievement', {
      subject: 'professional',
      kind: 'achievement',
      title: '校外科技活动课程化的实践研究',
      startDate: '2020-07-15',
      endDate: '2020-07-15',
      hours: 20,
      achievementType: '论文',
      achievementLevel: '省级',
    });
    await submit('grassroots', {
      subject: 'professional',
      kind: 'grassroots_service',
      title: '科技辅导送教下乡',
      organizer: '芝罘区教育局',
      startDate: '2020-07-20',
      endDate: '2020-07-24',
      hours: 16,
      place: '芝罘区黄务中学',
    });
    await submit('competition', {
      subject: 'professional',
      kind: 'competition',
      title: '全市青年教师技能竞赛',
      organizer: '烟台市教育局',
      startDate: '2020-08-03',
      endDate: '2020-08-04',
      hours: 36,
      place: '烟台市第一中学',
    });
    await submit('other', {
      subject: 'professional',
      kind: 'other',
      title: '科技教育学术交流会',
      organizer: '烟台市科学技术协会',
      startDate: '2020-08-10',
      endDate: '2020-08-10',
      hours: 6,
      place: '烟台市科技馆',
    });
    // 补学: study of 2020 that fills 2019's shortfall.
    await submit('makeUp', {
      subject: 'professional',
      kind: 'training',
      title: '科学教育专题补学班',
      organizer: '芝罘区教育局',
      startDate: '2020-07-01',
      endDate: '2020-07-03',
      hours: 30,
      place: '芝罘区教师进修学校',
      makeUpForYear: 2019,
    });
    // Not on the record: one still in review, one rejected, one returned to the applicant.
    const late = { startDate: '2020-08-20', endDate: '2020-08-21' };
    await submit('inReview', { subject: 'professional', kind: 'training', hours: 18, ...late });
    await submit('rejected', { subject: 'professional', kind: 'other', hours: 4, ...late });
    await submit('returned', { subject: 'professional', kind: 'self_study', hours: 6, ...late });

    // The self-study claim goes back once for its 考核方式, which the resubmission adds.
    const { unitAdmin } = y.users;
    await returnToApplicant(ids.selfStudy ?? '', '请补充考核方式');
    (
      await wang.post(`/api/v1/hour-claims/${ids.selfStudy}/resubmit`, { assessment: ' 单位考核 ' })
    ).expectStatus(200);
    await returnToApplicant(ids.returned ?? '', '请补充自学种类');

    const publicIds = [ids.publicTraining, ids.publicOnline, ids.publicCompetition].map((id) => id ?? '');
    const professionalIds = [
      ids.training,
      ids.online,
      ids.selfStudy,
      ids.achievement,
      ids.grassroots,
      ids.competition,
      ids.other,
      ids.makeUp,
    ].map((id) => id ?? '');
    await approveThrough(publicIds, approvedBy(liuMing));
    await approveThrough(professionalIds, approvedBy(chenJing));
    await approveThrough([ids.inReview ?? ''], [unitAdmin]);
    const rejectTask = await requireTask(unitAdmin, ids.rejected ?? '');
    (
      await unitAdmin.post(`/api/v1/tasks/${encodeURIComponent(rejectTask.id)}/reject`, {
        reason: '材料不实',
      })
    ).expectStatus(200);
  }, 120_000);

  const returnToApplicant = async (claimId: string, reason: string): Promise<void> => {
    const task = await requireTask(y.users.unitAdmin, claimId);
    (
      await y.users.unitAdmin.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/return`, { reason })
    ).expectStatus(200);
  };

  afterAll(async () => {
    await system?.close();
  });

  const ledger = async (session: Session, year: number): Promise<Ledger> =>
    (await session.getFresh(`/api/v1/persons/${y.people.wang}/years/${year}`)).expectStatus<Ledger>(200);

  const lastStep = (view: ClaimView) => {
    const step = [...view.steps].reverse().find((s) => s.decision !== 'skipped');
    if (!step?.at || !step.by) throw new Error(`claim ${view.id} has no decided last step`);
    return { at: step.at, by: step.by };
  };

  describe('the claim carries the 附件2 fields of its kind', () => {
    it('refuses a field of another kind, or one too long, with 422 and a stable code', async () => {
      const { wang } = y.users;
      const wrongKind = (
        await wang.post('/api/v1/hour-claims', claim(y.people.wang, { kind: 'training', studyType: '自学' }))
      ).expectProblem(422, 'HOUR_CLAIM.FIELD_NOT_FOR_KIND');
      expect(wrongKind.detail).toContain('自学种类');
      expect(wrongKind.detail).toContain('培训进修');
      (
        await wang.post(
          '/api/v1/hour-claims',
          claim(y.people.wang, {
            subject: 'professional',
            kind: 'achievement',
            achievementLevel: '省'.repeat(101),
          }),
        )
      ).expectProblem(422, 'HOUR_CLAIM.FIELD_TOO_LONG');
      (
        await wang.post('/api/v1/hour-claims', {
          ...claim(y.people.wang, { kind: 'online' }),
          assessment: 42,
        })
      ).expectProblem(400);
    });

    it('takes a field on resubmission after a return, and refuses one of another kind there too', async () => {
      const { wang } = y.users;
      expect(await getClaim(wang, ids.selfStudy ?? '')).toMatchObject({
        kind: 'self_study',
        status: 'approved',
        studyType: '专业书籍自学',
        assessment: '单位考核',
        startDate: '2020-06-10',
        endDate: '2020-06-30',
      });
      const returned = ids.returned ?? '';
      (
        await wang.post(`/api/v1/hour-claims/${returned}/resubmit`, { achievementLevel: '省级' })
      ).expectProblem(422, 'HOUR_CLAIM.FIELD_NOT_FOR_KIND');
      expect(await getClaim(wang, returned)).toMatchObject({ status: 'returned' });
    });

    it('shows the fields on the approved claims, after unit → department → district', async () => {
      const achievement = await getClaim(y.users.wang, ids.achievement ?? '');
      expect(achievement).toMatchObject({
        status: 'approved',
        achievementType: '论文',
        achievementLevel: '省级',
        startDate: '2020-07-15',
        endDate: '2020-07-15',
      });
      expect(achievement.steps.map((s) => [s.level, s.decision])).toEqual([
        ['unit', 'approved'],
        ['department', 'approved'],
        ['district', 'approved'],
      ]);
      expect(await getClaim(y.users.wang, ids.grassroots ?? '')).toMatchObject({
        organizer: '芝罘区教育局',
        place: '芝罘区黄务中学',
      });
      expect((await getClaim(y.users.wang, ids.inReview ?? '')).status).toBe('in_review');
      expect((await getClaim(y.users.wang, ids.rejected ?? '')).status).toBe('rejected');
    });
  });

  describe('the record as JSON', () => {
    let record: YearRecord;

    beforeAll(async () => {
      record = await getRecord(y.users.wang, y.people.wang, 2020);
    });

    it('names the person, the unit and its supervising department', () => {
      expect(record).toMatchObject({
        personId: y.people.wang,
        name: '王芳',
        unitName: '芝罘区青少年校外活动中心',
        departmentName: '芝罘区教育局',
        year: 2020,
      });
    });

    it('lists the approved claims by subject and kind, sorted by date; in review, rejected, returned and make-up left off', () => {
      const idsOf = (rows: readonly { claimId: string }[]) => rows.map((r) => r.claimId);
      expect(idsOf(record.public)).toEqual([ids.publicTraining, ids.publicOnline, ids.publicCompetition]);
      expect(idsOf(record.professional.training)).toEqual([ids.training, ids.online]);
      expect(idsOf(record.professional.selfStudy)).toEqual([ids.selfStudy]);
      expect(idsOf(record.professional.achievement)).toEqual([ids.achievement]);
      expect(idsOf(record.professional.grassrootsService)).toEqual([ids.grassroots]);
      // Competition offsets of the professional subject go to 其他类.
      expect(idsOf(record.professional.other)).toEqual([ids.competition, ids.other]);
      const all = [...record.public, ...Object.values(record.professional).flat()].map((r) => r.claimId);
      for (const absent of [ids.inReview, ids.rejected, ids.returned, ids.makeUp])
        expect(all).not.toContain(absent);
    });

    it('prints each row’s fields, its kind’s own fields, and numbers rows within their block', () => {
      expect(record.public[0]).toMatchObject({
        seq: 1,
        title: '专业技术人员职业道德与诚信建设',
        organizer: '芝罘区人力资源和社会保障局',
        startDate: '2020-03-02',
        endDate: '2020-03-04',
        place: '烟台市芝罘区',
        hours: 24,
        countedHours: 24,
        makeUp: false,
      });
      expect(record.professional.training.map((r) => r.seq)).toEqual([1, 2]);
      expect(record.professional.selfStudy[0]).toMatchObject({
        seq: 1,
        title: '《青少年科技创新活动指导》研读',
        studyType: '专业书籍自学',
        assessment: '单位考核',
        endDate: '2020-06-30',
        hours: 10,
      });
      expect(record.professional.achievement[0]).toMatchObject({
        title: '校外科技活动课程化的实践研究',
        achievementType: '论文',
        achievementLevel: '省级',
        endDate: '2020-07-15',
        hours: 20,
      });
    });

    it('names who approved the last step (登记人) and the date of that approval in Yantai (登记时间)', async () => {
      const byId = new Map(
        [...record.public, ...Object.values(record.professional).flat()].map((r) => [r.claimId, r]),
      );
      for (const [key, registrar, reviewer] of [
        ['publicTraining', '刘明', liuMing],
        ['publicCompetition', '刘明', liuMing],
        ['training', '陈静', chenJing],
        ['achievement', '陈静', chenJing],
        ['other', '陈静', chenJing],
      ] as const) {
        const row = byId.get(ids[key] ?? '');
        const last = lastStep(await getClaim(y.users.wang, ids[key] ?? ''));
        expect(last.by).toBe(reviewer.userId);
        expect(row).toMatchObject({ registrar, registeredAt: shanghaiDay(last.at) });
      }
      // The clock started at 09:00 on 1 September 2020 in Yantai.
      expect(record.public[0]?.registeredAt).toBe('2020-09-01');
    });

    it('totals what the year ledger counts, competition hours capped, with a note on the capped rows', async () => {
      const year = await ledger(y.users.wang, 2020);
      expect(record).toMatchObject({
        totalHours: year.totalHours,
        publicHours: year.publicHours,
        professionalHours: year.professionalHours,
        status: year.status,
      });
      expect(year).toMatchObject({
        publicHours: 37,
        professionalHours: 134,
        totalHours: 171,
        status: 'compliant',
      });
      expect(record.public[2]).toMatchObject({ kind: 'competition', hours: 8, countedHours: 5 });
      expect(record.public[2]?.capNote).toContain('最多折抵公需科目5学时');
      expect(record.professional.other[0]).toMatchObject({
        kind: 'competition',
        hours: 36,
        countedHours: 30,
      });
      expect(record.professional.other[1]).toMatchObject({ kind: 'other', countedHours: 6, capNote: null });
      const counted = [...record.public, ...Object.values(record.professional).flat()].reduce(
        (sum, r) => sum + r.countedHours,
        0,
      );
      expect(counted).toBe(year.totalHours);
    });

    it('books the make-up claim to the year it makes up, marked as such, with the same totals as that ledger', async () => {
      const earlier = await getRecord(y.users.wang, y.people.wang, 2019);
      expect(earlier.public).toEqual([]);
      expect(earlier.professional.training).toEqual([
        expect.objectContaining({
          seq: 1,
          claimId: ids.makeUp,
          makeUp: true,
          startDate: '2020-07-01',
          hours: 30,
          registrar: '陈静',
        }),
      ]);
      const year = await ledger(y.users.wang, 2019);
      expect(earlier).toMatchObject({
        year: 2019,
        totalHours: year.totalHours,
        professionalHours: 30,
        status: year.status,
      });
      expect(year.status).toBe('non_compliant');
    });
  });

  describe('the record as xlsx', () => {
    it('answers the workbook to Accept and to ?format=xlsx, with a Chinese filename', async () => {
      for (const via of ['accept', 'query'] as const) {
        const file = await downloadRecord(y.users.wang, y.people.wang, 2020, via);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-type')).toContain(XLSX_TYPE);
        expect(file.headers.get('content-disposition')).toContain(
          `filename*=UTF-8''${encodeURIComponent('专业技术人员继续教育情况登记表（2020年度）-王芳.xlsx')}`,
        );
        expect(file.body.subarray(0, 2).toString('latin1')).toBe('PK');
      }
      const json = await y.users.wang.getFresh(recordPath(y.people.wang, 2020));
      expect(json.contentType).toContain('application/json');
      expect(json.headers.get('vary')).toContain('Accept');
    });

    it('lays 附件2 out as the notice does: title, person line, merged 类别 labels, each block’s headers, rows, total', async () => {
      const sheet = await readSheet(
        (await downloadRecord(y.users.unitAdmin, y.people.wang, 2020, 'accept')).body,
      );
      expect(sheet.getCell('A1').value).toBe('附件2');
      expect(sheet.getCell('A2').value).toBe('专业技术人员继续教育情况登记表（2020年度）');
      expect(sheet.getCell('A3').value).toBe('专业技术人员姓名：王芳');
      expect(sheet.getCell('F3').value).toBe('所在单位（盖章）：芝罘区青少年校外活动中心');
      expect(sheet.getCell('I3').value).toBe('主管部门（盖章）：芝罘区教育局');
      // 4 header · 5-7 公需 · 8-10 培训进修 · 11-12 自学 · 13-14 成果 · 15-16 服务基层 · 17-19 其他 · 20 total
      expect([...sheet.model.merges].sort()).toEqual(
        [
          'A1:B1',
          'A2:K2',
          'A3:E3',
          'F3:H3',
          'I3:K3',
          'A4:C4',
          'A5:C7',
          'B8:C10',
          'B11:C12',
          'C13:C14',
          'C15:C16',
          'B13:B16',
          'B17:C19',
          'A8:A19',
          'A20:K20',
        ].sort(),
      );
      const labels = ['A4', 'A5', 'A8', 'B8', 'B11', 'B13', 'C13', 'C15', 'B17'].map(
        (address) => sheet.getCell(address).value,
      );
      expect(labels).toEqual([
        '类别',
        '公需科目',
        '专业科目',
        '培训进修类（含网上学习）',
        '自学类',
        '折算类',
        '成果、论文著作类',
        '服务基层活动',
        '其他类',
      ]);
      const registrar = '登记人签字（印章）';
      expect(blockCells(sheet, 4)).toEqual([
        '序号',
        '培训项目名称',
        '主办单位',
        '培训时间',
        '培训地点',
        registrar,
        '登记时间',
        '学时',
      ]);
      expect(blockCells(sheet, 8)).toEqual([
        '序号',
        '培训项目名称',
        '主办单位',
        '培训时间',
        '培训地点',
        registrar,
        '登记时间',
        '学时',
      ]);
      expect(blockCells(sheet, 11)).toEqual([
        '序号',
        '自学内容',
        '自学种类',
        '完成时间',
        '考核方式',
        registrar,
        '登记时间',
        '学时',
      ]);
      expect(blockCells(sheet, 13)).toEqual([
        '序号',
        '成果/论文著作名称',
        '成果/论文著作种类',
        '获奖/发表时间',
        '获奖/发表等级',
        registrar,
        '登记时间',
        '折算学时',
      ]);
      expect(blockCells(sheet, 15)).toEqual([
        '序号',
        '活动内容',
        '主办单位',
        '活动时间',
        '活动地点',
        registrar,
        '登记时间',
        '折算学时',
      ]);
      expect(blockCells(sheet, 17)).toEqual([
        '序号',
        '培训内容',
        '主办单位',
        '培训时间',
        '培训地点',
        registrar,
        '登记时间',
        '学时',
      ]);

      expect(blockCells(sheet, 5)).toEqual([
        1,
        '专业技术人员职业道德与诚信建设',
        '芝罘区人力资源和社会保障局',
        '2020-03-02至2020-03-04',
        '烟台市芝罘区',
        '刘明',
        '2020-09-01',
        24,
      ]);
      expect(blockCells(sheet, 12)).toEqual([
        1,
        '《青少年科技创新活动指导》研读',
        '专业书籍自学',
        '2020-06-30',
        '单位考核',
        '陈静',
        '2020-09-01',
        10,
      ]);
      expect(blockCells(sheet, 14)).toEqual([
        1,
        '校外科技活动课程化的实践研究',
        '论文',
        '2020-07-15',
        '省级',
        '陈静',
        '2020-09-01',
        20,
      ]);
      expect(blockCells(sheet, 16)).toEqual([
        1,
        '科技辅导送教下乡',
        '芝罘区教育局',
        '2020-07-20至2020-07-24',
        '芝罘区黄务中学',
        '陈静',
        '2020-09-01',
        16,
      ]);
      const capped = blockCells(sheet, 18);
      expect(capped[1]).toContain('全市青年教师技能竞赛');
      expect(capped[1]).toContain('计入30学时');
      expect(capped[7]).toBe(30);
      expect(sheet.getCell('A20').value).toBe('年度总学时：171 学时');
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
    });

    it('prints the make-up claim on the year it makes up, and an empty row in every block without claims', async () => {
      const sheet = await readSheet((await downloadRecord(y.users.wang, y.people.wang, 2019, 'query')).body);
      expect(sheet.getCell('A2').value).toBe('专业技术人员继续教育情况登记表（2019年度）');
      // 4 header · 5 empty 公需 row · 6-7 培训进修 with the make-up claim · then empty blocks · 16 total
      expect(blockCells(sheet, 5)).toEqual(Array.from({ length: 8 }, () => null));
      expect(blockCells(sheet, 7).slice(0, 2)).toEqual([1, '科学教育专题补学班（补学）']);
      expect(blockCells(sheet, 9)).toEqual(Array.from({ length: 8 }, () => null));
      expect(sheet.model.merges).toEqual(expect.arrayContaining(['A5:C5', 'B6:C7', 'A6:A15', 'A16:K16']));
      expect(sheet.getCell('A16').value).toBe('年度总学时：30 学时');
    });
  });

  describe('who may read it', () => {
    it('the person, staff over their unit, the city, auditors and admins', async () => {
      const readers = [
        y.users.wang,
        y.users.unitAdmin,
        y.users.departmentReviewer,
        y.users.districtReviewer,
        y.users.cityReviewer,
        auditor,
        y.users.admin,
      ];
      for (const reader of readers) {
        const record = await getRecord(reader, y.people.wang, 2020);
        expect(record.totalHours).toBe(171);
      }
    });

    it('not staff of another unit or district, nor a colleague without a role: 404 as for the ledger', async () => {
      for (const outsider of [y.users.hospitalAdmin, y.users.fushanReviewer, y.users.li, y.users.zhao]) {
        const problem: Problem = (await outsider.getFresh(recordPath(y.people.wang, 2020))).expectProblem(
          404,
          'PERSON.NOT_FOUND',
        );
        expect(problem.detail).toBe('人员不存在');
        (await outsider.getFresh(`/api/v1/persons/${y.people.wang}/years/2020`)).expectProblem(404);
        const file = await downloadRecord(outsider, y.people.wang, 2020, 'accept');
        expect(file.status).toBe(404);
        expect(file.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('refuses a bad year, an unknown format and an unknown person', async () => {
      const { wang } = y.users;
      (await wang.get(`/api/v1/persons/${y.people.wang}/years/20x0/record`)).expectProblem(
        400,
        'REQUEST.INVALID_YEAR',
      );
      (await wang.get(recordPath(y.people.wang, 2020), { query: { format: 'pdf' } })).expectProblem(400);
      (await y.users.admin.get(recordPath('00000000-0000-4000-8000-000000000000', 2020))).expectProblem(404);
      expect((await wang.get(recordPath(y.people.wang, 2020))).status).toBe(200);
    });
  });
});
