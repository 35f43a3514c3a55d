import { RuleViolation } from '@ce/kernel';
import fc from 'fast-check';
import { type ClaimInput, parseCalendarDate, validateClaim } from './hour-claim.rules';
import { CLAIM_KINDS, DEFAULT_HOURS_POLICY, type HoursPolicy } from './hours-policy';

const policy = DEFAULT_HOURS_POLICY;
const ctx = { today: '2020-11-15', policy };

function claim(overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    subject: 'professional',
    kind: 'training',
    title: '智能制造新技术研修班',
    organizer: '鲁东大学',
    startDate: '2020-09-01',
    endDate: '2020-09-03',
    hours: 24,
    place: '烟台',
    ...overrides,
  };
}

function refusal(act: () => unknown): RuleViolation {
  try {
    act();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('expected a RuleViolation, but the claim was accepted');
}

describe('validateClaim', () => {
  it('accepts a claim and books it to the year its activity ended', () => {
    expect(validateClaim(claim({ startDate: '2019-12-30', endDate: '2020-01-02' }), ctx)).toEqual({
      year: 2020,
      makeUp: false,
    });
  });

  it('accepts a claim ending today and one of a single day', () => {
    expect(validateClaim(claim({ startDate: '2020-11-15', endDate: '2020-11-15' }), ctx).year).toBe(2020);
  });

  it('accepts half hours and the maximum', () => {
    expect(() => validateClaim(claim({ hours: 0.5 }), ctx)).not.toThrow();
    expect(() => validateClaim(claim({ hours: 7.5 }), ctx)).not.toThrow();
    expect(() => validateClaim(claim({ hours: 120 }), ctx)).not.toThrow();
  });

  it('refuses an empty or blank title', () => {
    expect(refusal(() => validateClaim(claim({ title: '' }), ctx)).code).toBe('HOUR_CLAIM.TITLE_REQUIRED');
    const blank = refusal(() => validateClaim(claim({ title: ' \t　' }), ctx));
    expect(blank.code).toBe('HOUR_CLAIM.TITLE_REQUIRED');
    expect(blank.kind).toBe('rule');
    expect(blank.details).toEqual({ field: 'title' });
  });

  it.each([
    ['2020-02-30', 'no 30 February'],
    ['2019-02-29', 'not a leap year'],
    ['2020-13-01', 'no month 13'],
    ['2020-00-10', 'no month 0'],
    ['2020-04-31', 'April has 30 days'],
    ['2020-9-1', 'not zero-padded'],
    ['2020/09/01', 'wrong separator'],
    ['2020-09-01T00:00:00Z', 'a timestamp, not a date'],
    ['', 'empty'],
  ])('refuses the date %s (%s)', (date) => {
    const start = refusal(() => validateClaim(claim({ startDate: date }), ctx));
    expect(start.code).toBe('HOUR_CLAIM.INVALID_DATE');
    expect(start.details).toMatchObject({ field: 'startDate', value: date });
    const end = refusal(() => validateClaim(claim({ endDate: date }), ctx));
    expect(end.code).toBe('HOUR_CLAIM.INVALID_DATE');
    expect(end.details).toMatchObject({ field: 'endDate' });
  });

  it('accepts 29 February of a leap year, including 2000', () => {
    expect(parseCalendarDate('2020-02-29')).toEqual({ year: 2020, month: 2, day: 29 });
    expect(parseCalendarDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parseCalendarDate('1900-02-29')).toBeUndefined();
  });

  it('refuses a start after the end', () => {
    const error = refusal(() =>
      validateClaim(claim({ startDate: '2020-09-04', endDate: '2020-09-03' }), ctx),
    );
    expect(error.code).toBe('HOUR_CLAIM.DATES_OUT_OF_ORDER');
    expect(error.message).toBe('开始日期不能晚于结束日期');
  });

  it('refuses an end date after today', () => {
    const error = refusal(() =>
      validateClaim(claim({ startDate: '2020-11-15', endDate: '2020-11-16' }), ctx),
    );
    expect(error.code).toBe('HOUR_CLAIM.END_DATE_IN_FUTURE');
    expect(error.details).toMatchObject({ endDate: '2020-11-16', today: '2020-11-15' });
  });

  it.each([0, -1, -0.5, Number.NaN])('refuses %p hours as not positive', (hours) => {
    expect(refusal(() => validateClaim(claim({ hours }), ctx)).code).toBe('HOUR_CLAIM.HOURS_NOT_POSITIVE');
  });

  it.each([0.3, 1.25, 2.01, 7.4999])('refuses %p hours as not a multiple of 0.5', (hours) => {
    const error = refusal(() => validateClaim(claim({ hours }), ctx));
    expect(error.code).toBe('HOUR_CLAIM.HOURS_NOT_IN_STEPS');
    expect(error.message).toBe('学时须为0.5的整数倍');
  });

  it.each([120.5, 200, Number.POSITIVE_INFINITY])('refuses %p hours as above the maximum', (hours) => {
    const error = refusal(() => validateClaim(claim({ hours }), ctx));
    expect(error.code).toBe('HOUR_CLAIM.HOURS_ABOVE_MAXIMUM');
    expect(error.message).toBe('单项学时不能超过120学时');
  });

  it('reads the step and the maximum from the policy', () => {
    const quarterHours: HoursPolicy = { ...policy, hourStep: 0.25, maxHoursPerClaim: 40 };
    expect(() => validateClaim(claim({ hours: 1.25 }), { ...ctx, policy: quarterHours })).not.toThrow();
    expect(refusal(() => validateClaim(claim({ hours: 1.1 }), { ...ctx, policy: quarterHours })).code).toBe(
      'HOUR_CLAIM.HOURS_NOT_IN_STEPS',
    );
    expect(refusal(() => validateClaim(claim({ hours: 40.5 }), { ...ctx, policy: quarterHours })).code).toBe(
      'HOUR_CLAIM.HOURS_ABOVE_MAXIMUM',
    );
  });

  it.each(['self_study', 'achievement', 'grassroots_service'] as const)(
    'refuses the kind %s for the public subject',
    (kind) => {
      const error = refusal(() => validateClaim(claim({ subject: 'public', kind }), ctx));
      expect(error.code).toBe('HOUR_CLAIM.KIND_NOT_ALLOWED_FOR_SUBJECT');
      expect(error.details).toMatchObject({ subject: 'public', kind });
    },
  );

  it.each(['training', 'online', 'competition', 'other'] as const)(
    'allows the kind %s for the public subject',
    (kind) => {
      expect(() => validateClaim(claim({ subject: 'public', kind }), ctx)).not.toThrow();
    },
  );

  it('allows every kind for the professional subject', () => {
    for (const kind of CLAIM_KINDS) {
      expect(() => validateClaim(claim({ subject: 'professional', kind }), ctx)).not.toThrow();
    }
  });

  it('books make-up study to the earlier year it makes up', () => {
    expect(validateClaim(claim({ makeUpForYear: 2019 }), ctx)).toEqual({ year: 2019, makeUp: true });
    expect(validateClaim(claim({ makeUpForYear: 2016 }), ctx)).toEqual({ year: 2016, makeUp: true });
  });

  it.each([2020, 2021])('refuses make-up for %p, not earlier than the end year 2020', (makeUpForYear) => {
    const error = refusal(() => validateClaim(claim({ makeUpForYear }), ctx));
    expect(error.code).toBe('HOUR_CLAIM.MAKE_UP_YEAR_NOT_EARLIER');
    expect(error.details).toMatchObject({ makeUpForYear, endYear: 2020 });
  });

  it('refuses a make-up year that is not a whole year', () => {
    expect(refusal(() => validateClaim(claim({ makeUpForYear: 2019.5 }), ctx)).code).toBe(
      'HOUR_CLAIM.INVALID_MAKE_UP_YEAR',
    );
  });

  it('refuses a claim for a closed year unless it is make-up study', () => {
    const inJanuary = { today: '2021-01-04', policy };
    const late = claim({ startDate: '2020-12-28', endDate: '2020-12-31' });
    const error = refusal(() => validateClaim(late, inJanuary));
    expect(error.code).toBe('HOUR_CLAIM.YEAR_CLOSED');
    expect(error.details).toMatchObject({ year: 2020 });
    // The study itself ended in a closed year, but it makes up a still earlier one: accepted.
    expect(validateClaim({ ...late, makeUpForYear: 2019 }, inJanuary)).toEqual({ year: 2019, makeUp: true });
    expect(validateClaim(claim({ startDate: '2021-01-02', endDate: '2021-01-03' }), inJanuary).year).toBe(
      2021,
    );
  });

  it('accepts 2020 claims up to and on 2020-12-31', () => {
    const lastDay = { today: '2020-12-31', policy };
    expect(validateClaim(claim({ startDate: '2020-12-31', endDate: '2020-12-31' }), lastDay)).toEqual({
      year: 2020,
      makeUp: false,
    });
  });

  it('treats a malformed today as a programming error, not a refusal', () => {
    expect(() => validateClaim(claim(), { today: '2020-11-31', policy })).toThrow(RangeError);
  });

  it('checks in a fixed order: the title comes before the dates, the dates before the hours', () => {
    const everythingWrong = claim({
      title: '',
      startDate: 'x',
      hours: -1,
      kind: 'achievement',
      subject: 'public',
    });
    expect(refusal(() => validateClaim(everythingWrong, ctx)).code).toBe('HOUR_CLAIM.TITLE_REQUIRED');
    expect(refusal(() => validateClaim({ ...everythingWrong, title: 'x' }, ctx)).code).toBe(
      'HOUR_CLAIM.INVALID_DATE',
    );
  });

  describe('the 附件2 fields of one kind', () => {
    it('accepts 自学种类 and 考核方式 on self-study, 成果种类 and 等级 on an achievement', () => {
      expect(
        validateClaim(claim({ kind: 'self_study', studyType: '专业书籍自学', assessment: '单位考核' }), ctx),
      ).toEqual({ year: 2020, makeUp: false });
      expect(
        validateClaim(claim({ kind: 'achievement', achievementType: '论文', achievementLevel: '省级' }), ctx),
      ).toEqual({ year: 2020, makeUp: false });
    });

    it.each([
      ['studyType', 'training', '自学种类'],
      ['assessment', 'achievement', '考核方式'],
      ['achievementType', 'self_study', '成果/论文著作种类'],
      ['achievementLevel', 'grassroots_service', '获奖/发表等级'],
    ] as const)('refuses %s on a %s claim with a Chinese message', (field, kind, label) => {
      const error = refusal(() => validateClaim(claim({ kind, [field]: '某值' }), ctx));
      expect(error.code).toBe('HOUR_CLAIM.FIELD_NOT_FOR_KIND');
      expect(error.kind).toBe('rule');
      expect(error.message).toContain(`“${label}”只适用于`);
      expect(error.details).toMatchObject({ field, kind });
    });

    it('refuses them on public claims, which are never self-study or conversions', () => {
      const error = refusal(() =>
        validateClaim(claim({ subject: 'public', kind: 'online', assessment: '考试' }), ctx),
      );
      expect(error.code).toBe('HOUR_CLAIM.FIELD_NOT_FOR_KIND');
    });

    it('treats a blank value as not given, so it may accompany any kind', () => {
      expect(() =>
        validateClaim(claim({ kind: 'training', studyType: '  ', achievementLevel: '' }), ctx),
      ).not.toThrow();
    });

    it('allows 100 characters after trimming and refuses 101, counting 汉字 as one each', () => {
      const hundred = '省'.repeat(100);
      expect(() =>
        validateClaim(claim({ kind: 'achievement', achievementLevel: ` ${hundred} ` }), ctx),
      ).not.toThrow();
      const error = refusal(() =>
        validateClaim(claim({ kind: 'achievement', achievementLevel: `${hundred}级` }), ctx),
      );
      expect(error.code).toBe('HOUR_CLAIM.FIELD_TOO_LONG');
      expect(error.details).toMatchObject({ field: 'achievementLevel', length: 101, maximum: 100 });
    });

    it('complains about the kind before the field, and about the field before the closed year', () => {
      const wrongKind = claim({ subject: 'public', kind: 'self_study', studyType: 'x' });
      expect(refusal(() => validateClaim(wrongKind, ctx)).code).toBe(
        'HOUR_CLAIM.KIND_NOT_ALLOWED_FOR_SUBJECT',
      );
      const late = claim({
        startDate: '2020-12-28',
        endDate: '2020-12-31',
        kind: 'training',
        assessment: 'x',
      });
      expect(refusal(() => validateClaim(late, { today: '2021-01-04', policy })).code).toBe(
        'HOUR_CLAIM.FIELD_NOT_FOR_KIND',
      );
    });
  });

  it('property: any valid claim ending on or before today in the current year is accepted for that year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 240 }).map((halves) => halves / 2),
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2020-11-15T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...CLAIM_KINDS),
        (hours, end, kind) => {
          const endDate = end.toISOString().slice(0, 10);
          const result = validateClaim(claim({ hours, kind, startDate: endDate, endDate }), ctx);
          expect(result).toEqual({ year: 2020, makeUp: false });
        },
      ),
    );
  });
});
