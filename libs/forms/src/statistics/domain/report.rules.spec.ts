import { DomainError } from '@ce/kernel';
import fc from 'fast-check';
import { KNOWLEDGE_UPDATE_FIELDS, formFields } from './forms';
import {
  type KnowledgeUpdateRow,
  type MajorStrategyRow,
  type ReportInput,
  countsOf,
  hasAtMostTwoDecimals,
  rowsFromTotals,
  validateReport,
} from './report.rules';

const ku = (field: string, overrides: Partial<Record<string, unknown>> = {}) => ({
  field,
  thisYear: { urgentTalent: 10, jobTraining: 20, overseas: 1 },
  nextYear: { urgentTalent: 12, jobTraining: 22, overseas: 2 },
  ...overrides,
});
const ms = (group: string, field: string, overrides: Partial<Record<string, unknown>> = {}) => ({
  group,
  field,
  thisYear: { total: 100, nonPublic: 40 },
  nextYear: { total: 120, nonPublic: 50 },
  ...overrides,
});
const report = (overrides: Partial<ReportInput> = {}): ReportInput => ({
  year: 2020,
  form: 'knowledge_update',
  fundingWan: 12.5,
  rows: [ku('信息')],
  ...overrides,
});

/** The refusal of `input`: its kind, code and field errors. */
function refusal(input: ReportInput): DomainError {
  try {
    validateReport(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('validating a statistics report', () => {
  it('completes 附件3 to every field in the notice’s order, the missing ones as zero rows', () => {
    const valid = validateReport(
      report({ rows: [ku('卫生', { note: ' 含乡镇卫生院 ' }), ku('装备制造')], fundingWan: 0.29 }),
    );
    expect(valid.form).toBe('knowledge_update');
    expect(valid.fundingWan).toBe(0.29);
    expect(valid.rows.map((r) => r.field)).toEqual([...KNOWLEDGE_UPDATE_FIELDS]);
    expect(valid.rows[0]).toEqual(ku('装备制造'));
    expect(valid.rows[21]).toEqual(ku('卫生', { note: '含乡镇卫生院' }));
    expect(valid.rows[1]).toEqual({
      field: '信息',
      thisYear: { urgentTalent: 0, jobTraining: 0, overseas: 0 },
      nextYear: { urgentTalent: 0, jobTraining: 0, overseas: 0 },
    });
  });

  it('completes 附件4 with each field under its group', () => {
    const valid = validateReport(
      report({
        form: 'major_strategy',
        rows: [ms('海洋强省', '智慧海洋突破'), ms('乡村振兴', '新型职业农民')],
      }),
    );
    expect(valid.rows).toHaveLength(26);
    const rows = valid.rows as readonly MajorStrategyRow[];
    expect(rows[12]).toEqual(ms('乡村振兴', '新型职业农民'));
    expect(rows[21]).toEqual(ms('海洋强省', '智慧海洋突破'));
    expect(rows[0]).toEqual({
      group: '新旧动能转换十强产业',
      field: '新一代信息技术',
      thisYear: { total: 0, nonPublic: 0 },
      nextYear: { total: 0, nonPublic: 0 },
    });
  });

  it('accepts an empty report: nothing trained counts as zero everywhere', () => {
    const valid = validateReport(report({ rows: [], fundingWan: 0 }));
    expect(valid.rows.every((r) => countsOf('knowledge_update', r).thisYear.every((n) => n === 0))).toBe(
      true,
    );
  });

  it.each<[string, Partial<ReportInput>, string, string, RegExp]>([
    [
      'an unknown field',
      { rows: [ku('人工智能')] },
      'STATISTICS.UNKNOWN_FIELD',
      'rows[0].field',
      /第1行（人工智能）.*附件3/,
    ],
    [
      'a negative count',
      { rows: [ku('信息'), ku('金融', { thisYear: { urgentTalent: -1, jobTraining: 0, overseas: 0 } })] },
      'STATISTICS.NEGATIVE_COUNT',
      'rows[1].thisYear.urgentTalent',
      /第2行（金融）：今年任务完成情况·急需紧缺人才培养培训项目\(人数\)不能为负数/,
    ],
    [
      'a fractional count',
      { rows: [ku('信息', { nextYear: { urgentTalent: 1, jobTraining: 2.5, overseas: 0 } })] },
      'STATISTICS.COUNT_NOT_INTEGER',
      'rows[0].nextYear.jobTraining',
      /第1行（信息）：明年计划·岗位培训项目\(人数\)须为整数（2.5）/,
    ],
    [
      'a duplicate field',
      { rows: [ku('信息'), ku('会计'), ku(' 信息 ')] },
      'STATISTICS.DUPLICATE_FIELD',
      'rows[2].field',
      /第3行（信息）：领域“信息”重复填报（已在第1行填报）/,
    ],
    [
      'three decimals of money',
      { fundingWan: 1.005 },
      'STATISTICS.FUNDING_PRECISION',
      'fundingWan',
      /专项经费\(万元\)最多保留两位小数/,
    ],
    ['negative money', { fundingWan: -0.01 }, 'STATISTICS.NEGATIVE_FUNDING', 'fundingWan', /不能为负数/],
    ['a year out of range', { year: 1999 }, 'STATISTICS.INVALID_YEAR', 'year', /年度/],
    [
      'a long note',
      { rows: [ku('信息', { note: '长'.repeat(201) })] },
      'STATISTICS.NOTE_TOO_LONG',
      'rows[0].note',
      /备注不能超过 200 个字/,
    ],
  ])(
    'refuses %s with 422, a stable code and a Chinese message naming row and field',
    (_, input, code, field, message) => {
      const error = refusal(report(input));
      expect(error.kind).toBe('rule');
      expect(error.code).toBe(code);
      expect(error.errors.map((e) => e.field)).toContain(field);
      expect(error.message).toMatch(message);
    },
  );

  it.each<[string, unknown[], string, string, RegExp]>([
    [
      'more non-public than total',
      [ms('乡村振兴', '新型职业农民', { thisYear: { total: 10, nonPublic: 12 } })],
      'STATISTICS.NON_PUBLIC_EXCEEDS_TOTAL',
      'rows[0].thisYear.nonPublic',
      /第1行（乡村振兴·新型职业农民）：今年培训情况中非公有制经济领域培训人数（12）不能多于总数（10）/,
    ],
    [
      'a field in the wrong group',
      [ms('海洋强省', '新型职业农民')],
      'STATISTICS.FIELD_NOT_IN_GROUP',
      'rows[0].group',
      /领域“新型职业农民”属于“乡村振兴”，不属于“海洋强省”/,
    ],
    [
      'an unknown group',
      [ms('数字经济', '高端装备')],
      'STATISTICS.UNKNOWN_GROUP',
      'rows[0].group',
      /“数字经济”不是附件4中的领域分类/,
    ],
    [
      'an unknown 附件4 field',
      [ms('乡村振兴', '信息')],
      'STATISTICS.UNKNOWN_FIELD',
      'rows[0].field',
      /“信息”不是附件4中的领域/,
    ],
  ])('refuses a 附件4 row with %s', (_, rows, code, field, message) => {
    const error = refusal(report({ form: 'major_strategy', rows }));
    expect(error.kind).toBe('rule');
    expect(error.code).toBe(code);
    expect(error.errors.map((e) => e.field)).toContain(field);
    expect(error.message).toMatch(message);
  });

  it('lists every problem of the report, led by the first one’s code', () => {
    const error = refusal(
      report({
        fundingWan: 2.345,
        rows: [ku('人工智能'), ku('信息', { thisYear: { urgentTalent: -3, jobTraining: 0.5, overseas: 0 } })],
      }),
    );
    expect(error.code).toBe('STATISTICS.FUNDING_PRECISION');
    expect(error.errors.map((e) => e.field)).toEqual([
      'fundingWan',
      'rows[0].field',
      'rows[1].thisYear.urgentTalent',
      'rows[1].thisYear.jobTraining',
    ]);
  });

  it.each<[string, Partial<ReportInput>, string]>([
    ['rows that are not a list', { rows: { field: '信息' } }, 'STATISTICS.MALFORMED_ROWS'],
    ['a row that is not an object', { rows: ['信息'] }, 'STATISTICS.MALFORMED_ROW'],
    [
      'a count given as text',
      { rows: [ku('信息', { thisYear: { urgentTalent: '8', jobTraining: 0, overseas: 0 } })] },
      'STATISTICS.MALFORMED_COUNT',
    ],
    [
      'a year without its counts',
      { rows: [{ field: '信息', thisYear: { urgentTalent: 1, jobTraining: 1, overseas: 1 } }] },
      'STATISTICS.MALFORMED_ROW',
    ],
    [
      'a count the form does not have',
      { rows: [ku('信息', { thisYear: { urgentTalent: 1, jobTraining: 1, overseas: 1, total: 3 } })] },
      'STATISTICS.UNKNOWN_PROPERTY',
    ],
    ['a group on a 附件3 row', { rows: [ku('信息', { group: '海洋强省' })] }, 'STATISTICS.UNKNOWN_PROPERTY'],
    [
      'a 附件4 row without its group',
      { form: 'major_strategy', rows: [{ ...ms('乡村振兴', '新型职业农民'), group: undefined }] },
      'STATISTICS.MALFORMED_ROW',
    ],
    ['an unknown form', { form: 'annual_summary' }, 'STATISTICS.UNKNOWN_FORM'],
    ['money as text', { fundingWan: '12' as unknown as number }, 'STATISTICS.MALFORMED_FUNDING'],
  ])('refuses %s as malformed (400)', (_, input, code) => {
    const error = refusal(report(input));
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe(code);
  });

  it('answers a malformed request with only its malformed parts', () => {
    const error = refusal(report({ rows: [ku('人工智能'), 42] }));
    expect(error.kind).toBe('invalid');
    expect(error.errors.map((e) => e.field)).toEqual(['rows[1]']);
  });
});

describe('money in 万元', () => {
  it('takes at most two decimals', () => {
    expect(hasAtMostTwoDecimals(0)).toBe(true);
    expect(hasAtMostTwoDecimals(0.29)).toBe(true);
    expect(hasAtMostTwoDecimals(123456789.99)).toBe(true);
    expect(hasAtMostTwoDecimals(0.001)).toBe(false);
    expect(hasAtMostTwoDecimals(Number.NaN)).toBe(false);
  });

  it('accepts every whole number of 分 and refuses every amount with a third decimal (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (fen) => {
        expect(validateReport(report({ fundingWan: fen / 100 })).fundingWan).toBe(fen / 100);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 1, max: 9 }), (fen, li) => {
        expect(refusal(report({ fundingWan: (fen * 10 + li) / 1000 })).code).toBe(
          'STATISTICS.FUNDING_PRECISION',
        );
      }),
    );
  });
});

describe('properties of valid reports (fast-check)', () => {
  const count = fc.integer({ min: 0, max: 100_000 });
  const kuCounts = fc.record({ urgentTalent: count, jobTraining: count, overseas: count });
  const msCounts = fc
    .tuple(count, count)
    .map(([a, b]) => ({ total: Math.max(a, b), nonPublic: Math.min(a, b) }));

  it('any subset of 附件3 fields in any order comes back complete, in order, with its numbers and zeros elsewhere', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...KNOWLEDGE_UPDATE_FIELDS]),
        fc.array(fc.tuple(kuCounts, kuCounts), { minLength: 27, maxLength: 27 }),
        (fields, counts) => {
          const rows = fields.map((field, i) => ({
            field,
            thisYear: counts[i]?.[0],
            nextYear: counts[i]?.[1],
          }));
          const valid = validateReport(report({ rows }));
          expect(valid.rows.map((r) => r.field)).toEqual([...KNOWLEDGE_UPDATE_FIELDS]);
          const given = new Map<string, (typeof rows)[number]>(rows.map((r) => [r.field, r]));
          for (const row of valid.rows as readonly KnowledgeUpdateRow[]) {
            const expected = given.get(row.field);
            const zero = { urgentTalent: 0, jobTraining: 0, overseas: 0 };
            expect(row.thisYear).toEqual(expected?.thisYear ?? zero);
            expect(row.nextYear).toEqual(expected?.nextYear ?? zero);
          }
        },
      ),
    );
  });

  it('a valid 附件4 report stays valid, and one changed cell breaks exactly the rule it breaks', () => {
    const fields = formFields('major_strategy');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(msCounts, msCounts), { minLength: 26, maxLength: 26 }),
        fc.nat({ max: 25 }),
        fc.constantFrom('negative', 'fraction', 'nonPublic', 'duplicate', 'wrongGroup'),
        (counts, at, breakage) => {
          const rows = fields.map((f, i) => ({
            group: f.group ?? '',
            field: f.field,
            thisYear: counts[i]?.[0] ?? { total: 0, nonPublic: 0 },
            nextYear: counts[i]?.[1] ?? { total: 0, nonPublic: 0 },
          }));
          expect(validateReport(report({ form: 'major_strategy', rows })).rows).toEqual(rows);
          const target = rows[at];
          if (!target) throw new Error('no row');
          const broken = [...rows];
          const { total } = target.thisYear;
          const expected = {
            negative: [
              'STATISTICS.NEGATIVE_COUNT',
              { ...target, thisYear: { total: -1 - total, nonPublic: 0 } },
            ],
            fraction: [
              'STATISTICS.COUNT_NOT_INTEGER',
              { ...target, nextYear: { total: total + 0.5, nonPublic: 0 } },
            ],
            nonPublic: [
              'STATISTICS.NON_PUBLIC_EXCEEDS_TOTAL',
              { ...target, thisYear: { total, nonPublic: total + 1 } },
            ],
            duplicate: ['STATISTICS.DUPLICATE_FIELD', { ...(rows[(at + 1) % 26] ?? target) }],
            wrongGroup: [
              'STATISTICS.FIELD_NOT_IN_GROUP',
              { ...target, group: target.group === '乡村振兴' ? '海洋强省' : '乡村振兴' },
            ],
          } as const;
          const [code, row] = expected[breakage];
          broken[at] = row;
          const error = refusal(report({ form: 'major_strategy', rows: broken }));
          expect(error.code).toBe(code);
          expect(error.kind).toBe('rule');
        },
      ),
    );
  });

  it('summed count vectors come back as the form’s rows (countsOf and rowsFromTotals agree)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(kuCounts, kuCounts), { minLength: 1, maxLength: 5 }), (reports) => {
        const valids = reports.map(([thisYear, nextYear]) =>
          validateReport(report({ rows: [{ field: '海洋', thisYear, nextYear }] })),
        );
        const totals = new Map<string, { thisYear: number[]; nextYear: number[] }>();
        for (const valid of valids) {
          for (const row of valid.rows) {
            const v = countsOf('knowledge_update', row);
            const sum = totals.get(row.field) ?? { thisYear: [0, 0, 0], nextYear: [0, 0, 0] };
            totals.set(row.field, {
              thisYear: sum.thisYear.map((n, i) => n + (v.thisYear[i] ?? 0)),
              nextYear: sum.nextYear.map((n, i) => n + (v.nextYear[i] ?? 0)),
            });
          }
        }
        const summed = rowsFromTotals('knowledge_update', totals).rows as readonly KnowledgeUpdateRow[];
        const ocean = summed.find((r) => r.field === '海洋');
        expect(ocean?.thisYear.jobTraining).toBe(reports.reduce((n, [t]) => n + t.jobTraining, 0));
        expect(ocean?.nextYear.overseas).toBe(reports.reduce((n, [, x]) => n + x.overseas, 0));
        expect(summed.find((r) => r.field === '信息')?.thisYear).toEqual({
          urgentTalent: 0,
          jobTraining: 0,
          overseas: 0,
        });
      }),
    );
  });
});
