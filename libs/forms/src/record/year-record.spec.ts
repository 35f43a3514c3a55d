import { DEFAULT_HOURS_POLICY, computeYearLedger } from '@ce/hours';
import { type RecordClaim, type YearRecordInput, assembleYearRecord } from './year-record';
import { wantsWorkbook } from './year-record.controller';

let counter = 0;
function claim(overrides: Partial<RecordClaim> = {}): RecordClaim {
  counter += 1;
  // One day later per claim made, so claims made in order are also in date order.
  const day = new Date(Date.UTC(2020, 0, 1) + counter * 86_400_000).toISOString().slice(0, 10);
  return {
    claimId: `c-${String(counter).padStart(3, '0')}`,
    subject: 'professional',
    kind: 'training',
    title: `培训${counter}`,
    organizer: '芝罘区教育局',
    startDate: day,
    endDate: day,
    place: '烟台',
    hours: 10,
    makeUp: false,
    registrar: '张审核',
    registeredAt: '2020-05-10',
    ...overrides,
  };
}

const input = (claims: RecordClaim[], overrides: Partial<YearRecordInput> = {}): YearRecordInput => ({
  personId: 'p-1',
  name: '王芳',
  unitName: '芝罘区青少年校外活动中心',
  departmentName: '芝罘区教育局',
  year: 2020,
  claims,
  policy: DEFAULT_HOURS_POLICY,
  yearClosed: false,
  ...overrides,
});

describe('assembleYearRecord (附件2)', () => {
  it('puts public claims of any kind under 公需科目 and professional ones in their kind’s block', () => {
    const record = assembleYearRecord(
      input([
        claim({ subject: 'public', kind: 'online', title: '公需网课' }),
        claim({ subject: 'public', kind: 'competition', title: '公需竞赛', hours: 2 }),
        claim({ kind: 'online', title: '网上学习' }),
        claim({ kind: 'training', title: '面授' }),
        claim({ kind: 'self_study', title: '自学', studyType: '专业书籍自学', assessment: '单位考核' }),
        claim({ kind: 'achievement', title: '论文', achievementType: '论文', achievementLevel: '省级' }),
        claim({ kind: 'grassroots_service', title: '送教下乡' }),
        claim({ kind: 'competition', title: '技能竞赛' }),
        claim({ kind: 'other', title: '其他' }),
      ]),
    );
    const titles = (rows: readonly { title: string }[]) => rows.map((r) => r.title);
    expect(titles(record.public)).toEqual(['公需网课', '公需竞赛']);
    expect(titles(record.professional.training)).toEqual(['网上学习', '面授']);
    expect(record.professional.selfStudy).toEqual([
      expect.objectContaining({ title: '自学', studyType: '专业书籍自学', assessment: '单位考核', seq: 1 }),
    ]);
    expect(record.professional.achievement).toEqual([
      expect.objectContaining({ title: '论文', achievementType: '论文', achievementLevel: '省级' }),
    ]);
    expect(titles(record.professional.grassrootsService)).toEqual(['送教下乡']);
    expect(titles(record.professional.other)).toEqual(['技能竞赛', '其他']);
    expect(record.professional.training.map((r) => r.seq)).toEqual([1, 2]);
    expect(record.professional.other.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('orders each block by date, whatever order the claims come in', () => {
    const record = assembleYearRecord(
      input([
        claim({ title: '九月', startDate: '2020-09-01', endDate: '2020-09-01' }),
        claim({ title: '三月', startDate: '2020-03-01', endDate: '2020-03-05' }),
        claim({ title: '三月短', startDate: '2020-03-01', endDate: '2020-03-02' }),
      ]),
    );
    expect(record.professional.training.map((r) => [r.seq, r.title])).toEqual([
      [1, '三月短'],
      [2, '三月'],
      [3, '九月'],
    ]);
  });

  it('totals exactly what the year ledger counts, competition caps included, and notes the capped row', () => {
    const claims = [
      claim({ subject: 'public', hours: 30 }),
      claim({ hours: 40 }),
      claim({
        kind: 'competition',
        title: '技术比武一',
        hours: 20,
        startDate: '2020-04-01',
        endDate: '2020-04-01',
      }),
      claim({
        kind: 'competition',
        title: '技术比武二',
        hours: 20,
        startDate: '2020-06-01',
        endDate: '2020-06-01',
      }),
      claim({ subject: 'public', kind: 'competition', title: '公需竞赛', hours: 8 }),
    ];
    const record = assembleYearRecord(input(claims));
    const ledger = computeYearLedger(
      2020,
      claims.map((c) => ({
        claimId: c.claimId,
        subject: c.subject,
        kind: c.kind,
        hours: c.hours,
        makeUp: c.makeUp,
      })),
      DEFAULT_HOURS_POLICY,
      false,
    );
    expect(record).toMatchObject({
      totalHours: ledger.totalHours,
      publicHours: ledger.publicHours,
      professionalHours: ledger.professionalHours,
      status: ledger.status,
      competition: ledger.competition,
    });
    expect(record.totalHours).toBe(30 + 5 + 40 + 30);
    const [first, second] = record.professional.other;
    expect(first).toMatchObject({ title: '技术比武一', hours: 20, countedHours: 20, capNote: null });
    expect(second).toMatchObject({ title: '技术比武二', hours: 20, countedHours: 10 });
    expect(second?.capNote).toBe('技能竞赛类学时每年最多折抵专业科目30学时，本项批准20学时，计入10学时');
    expect(record.public.find((r) => r.kind === 'competition')).toMatchObject({ hours: 8, countedHours: 5 });
    const rows = [...record.public, ...Object.values(record.professional).flat()];
    expect(rows.reduce((sum, r) => sum + r.countedHours, 0)).toBe(record.totalHours);
  });

  it('is an empty, not-started record for a year without approved claims; a closed short year is non-compliant', () => {
    const empty = assembleYearRecord(input([]));
    expect(empty.public).toEqual([]);
    expect(Object.values(empty.professional).every((rows) => rows.length === 0)).toBe(true);
    expect(empty).toMatchObject({ totalHours: 0, status: 'not_started', shortfall: { total: 90 } });
    expect(assembleYearRecord(input([claim()], { year: 2019, yearClosed: true })).status).toBe(
      'non_compliant',
    );
  });

  it('keeps the make-up mark and the registration of each row', () => {
    const record = assembleYearRecord(
      input([claim({ makeUp: true, registrar: '李审核', registeredAt: '2020-08-31' })], { year: 2019 }),
    );
    expect(record.professional.training[0]).toMatchObject({
      makeUp: true,
      registrar: '李审核',
      registeredAt: '2020-08-31',
      organizer: '芝罘区教育局',
      place: '烟台',
      certificateNo: null,
    });
  });
});

describe('content negotiation of the record', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  it.each([
    [undefined, undefined, false],
    [undefined, 'application/json', false],
    [undefined, XLSX, true],
    [undefined, `application/json;q=0.5, ${XLSX}`, true],
    [undefined, `${XLSX};q=0`, false],
    ['xlsx', 'application/json', true],
    ['json', XLSX, false],
  ] as const)('format %p with Accept %p → workbook %p', (format, accept, expected) => {
    expect(wantsWorkbook(format, accept)).toBe(expected);
  });
});
