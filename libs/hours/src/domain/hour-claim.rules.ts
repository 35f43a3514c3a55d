// Not '@ce/kernel': that barrel also loads the kernel's Nest and TypeORM wiring at runtime.
import { RuleViolation } from '@ce/kernel';
import { isMultipleOfStep } from './hour-units';
import { type ClaimKind, type HoursPolicy, type Subject } from './hours-policy';

export interface ClaimInput {
  subject: Subject;
  kind: ClaimKind;
  title: string;
  organizer?: string;
  startDate: string;
  endDate: string;
  hours: number;
  place?: string;
  certificateNo?: string;
  makeUpForYear?: number;
  /** 自学种类 (附件2 自学类): only for `self_study`. */
  studyType?: string;
  /** 考核方式 (附件2 自学类): only for `self_study`. */
  assessment?: string;
  /** 成果/论文著作种类 (附件2 折算类): only for `achievement`. */
  achievementType?: string;
  /** 获奖/发表等级 (附件2 折算类): only for `achievement`. */
  achievementLevel?: string;
}

/** The fields 附件2 prints for one kind of claim only. */
export type KindField = 'studyType' | 'assessment' | 'achievementType' | 'achievementLevel';

/**
 * Which kind each kind-specific field belongs to, and what 附件2 calls it. Fixed by the form itself
 * (not a city policy), so it lives here rather than in the hours policy.
 */
export const KIND_FIELDS: Readonly<Record<KindField, { kind: ClaimKind; label: string }>> = {
  studyType: { kind: 'self_study', label: '自学种类' },
  assessment: { kind: 'self_study', label: '考核方式' },
  achievementType: { kind: 'achievement', label: '成果/论文著作种类' },
  achievementLevel: { kind: 'achievement', label: '获奖/发表等级' },
};

export const KIND_FIELD_NAMES = Object.keys(KIND_FIELDS) as readonly KindField[];

/** Characters (not UTF-16 units) a kind-specific field may hold after trimming. */
export const KIND_FIELD_MAX_LENGTH = 100;

/** A text field counts as given only when it holds more than blanks (an empty string clears it). */
export const isGiven = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

export interface ClaimContext {
  /** YYYY-MM-DD in Asia/Shanghai: the caller converts its clock, so this module never reads time. */
  today: string;
  policy: HoursPolicy;
}

/** Stable refusal codes: clients and officials' tooling rely on them, so they never change meaning. */
export const HOUR_CLAIM_REFUSALS = {
  TITLE_REQUIRED: 'HOUR_CLAIM.TITLE_REQUIRED',
  INVALID_DATE: 'HOUR_CLAIM.INVALID_DATE',
  DATES_OUT_OF_ORDER: 'HOUR_CLAIM.DATES_OUT_OF_ORDER',
  END_DATE_IN_FUTURE: 'HOUR_CLAIM.END_DATE_IN_FUTURE',
  HOURS_NOT_POSITIVE: 'HOUR_CLAIM.HOURS_NOT_POSITIVE',
  HOURS_ABOVE_MAXIMUM: 'HOUR_CLAIM.HOURS_ABOVE_MAXIMUM',
  HOURS_NOT_IN_STEPS: 'HOUR_CLAIM.HOURS_NOT_IN_STEPS',
  KIND_NOT_ALLOWED_FOR_SUBJECT: 'HOUR_CLAIM.KIND_NOT_ALLOWED_FOR_SUBJECT',
  INVALID_MAKE_UP_YEAR: 'HOUR_CLAIM.INVALID_MAKE_UP_YEAR',
  MAKE_UP_YEAR_NOT_EARLIER: 'HOUR_CLAIM.MAKE_UP_YEAR_NOT_EARLIER',
  YEAR_CLOSED: 'HOUR_CLAIM.YEAR_CLOSED',
  FIELD_NOT_FOR_KIND: 'HOUR_CLAIM.FIELD_NOT_FOR_KIND',
  FIELD_TOO_LONG: 'HOUR_CLAIM.FIELD_TOO_LONG',
} as const;

export type HourClaimRefusal = (typeof HOUR_CLAIM_REFUSALS)[keyof typeof HOUR_CLAIM_REFUSALS];

const SUBJECT_NAMES: Readonly<Record<Subject, string>> = { public: '公需科目', professional: '专业科目' };

const KIND_NAMES: Readonly<Record<ClaimKind, string>> = {
  training: '培训进修',
  online: '网上学习',
  self_study: '自学',
  achievement: '成果、论文著作折算',
  grassroots_service: '服务基层活动折算',
  competition: '技能竞赛、技术比武、行业性比赛',
  other: '其他',
};

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parsed by hand rather than with `Date`, which silently rolls 2021-02-30 over to March. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function requireDate(field: 'startDate' | 'endDate', text: string): CalendarDate {
  const date = parseCalendarDate(text);
  if (!date) {
    const label = field === 'startDate' ? '开始日期' : '结束日期';
    throw new RuleViolation(HOUR_CLAIM_REFUSALS.INVALID_DATE, `${label}须为有效日期（YYYY-MM-DD）`, {
      field,
      value: text,
    });
  }
  return date;
}

/** The kind-specific fields (附件2) fit the claim's kind and are not too long. */
function checkKindFields(input: ClaimInput): void {
  for (const field of KIND_FIELD_NAMES) {
    const value = input[field];
    if (!isGiven(value)) continue;
    const { kind, label } = KIND_FIELDS[field];
    if (kind !== input.kind) {
      throw new RuleViolation(
        HOUR_CLAIM_REFUSALS.FIELD_NOT_FOR_KIND,
        `“${label}”只适用于“${KIND_NAMES[kind]}”类学时，不能用于“${KIND_NAMES[input.kind]}”类，请清空该项`,
        { field, kind: input.kind, fieldKind: kind },
      );
    }
    const length = [...value.trim()].length;
    if (length > KIND_FIELD_MAX_LENGTH) {
      throw new RuleViolation(
        HOUR_CLAIM_REFUSALS.FIELD_TOO_LONG,
        `“${label}”不能超过${KIND_FIELD_MAX_LENGTH}个字`,
        { field, length, maximum: KIND_FIELD_MAX_LENGTH },
      );
    }
  }
}

/**
 * Checks a claim at submission and says which training year it belongs to. Refusals come in a fixed
 * order (title, dates, hours, kind, kind-specific fields, year) so the same input always gets the same
 * first complaint.
 * Duplicate certificate numbers need the store and are checked by the caller.
 */
export function validateClaim(input: ClaimInput, ctx: ClaimContext): { year: number; makeUp: boolean } {
  const { policy } = ctx;
  const today = parseCalendarDate(ctx.today);
  if (!today) throw new RangeError(`ClaimContext.today is not a calendar date: ${ctx.today}`);

  if (input.title.trim() === '') {
    throw new RuleViolation(HOUR_CLAIM_REFUSALS.TITLE_REQUIRED, '培训项目（内容）名称不能为空', {
      field: 'title',
    });
  }

  requireDate('startDate', input.startDate);
  const end = requireDate('endDate', input.endDate);
  // Valid YYYY-MM-DD strings order lexically exactly as the dates do.
  if (input.startDate > input.endDate) {
    throw new RuleViolation(HOUR_CLAIM_REFUSALS.DATES_OUT_OF_ORDER, '开始日期不能晚于结束日期', {
      field: 'startDate',
      startDate: input.startDate,
      endDate: input.endDate,
    });
  }
  if (input.endDate > ctx.today) {
    throw new RuleViolation(
      HOUR_CLAIM_REFUSALS.END_DATE_IN_FUTURE,
      '结束日期不能晚于今天，学时须在学习结束后登记',
      {
        field: 'endDate',
        endDate: input.endDate,
        today: ctx.today,
      },
    );
  }

  // `!(x > 0)` rather than `x <= 0` so that NaN is refused too.
  if (!(input.hours > 0)) {
    throw new RuleViolation(HOUR_CLAIM_REFUSALS.HOURS_NOT_POSITIVE, '学时须大于0', {
      field: 'hours',
      hours: input.hours,
    });
  }
  if (input.hours > policy.maxHoursPerClaim) {
    throw new RuleViolation(
      HOUR_CLAIM_REFUSALS.HOURS_ABOVE_MAXIMUM,
      `单项学时不能超过${policy.maxHoursPerClaim}学时`,
      { field: 'hours', hours: input.hours, maximum: policy.maxHoursPerClaim },
    );
  }
  if (!isMultipleOfStep(input.hours, policy.hourStep)) {
    throw new RuleViolation(HOUR_CLAIM_REFUSALS.HOURS_NOT_IN_STEPS, `学时须为${policy.hourStep}的整数倍`, {
      field: 'hours',
      hours: input.hours,
      step: policy.hourStep,
    });
  }

  if (!policy.kindsBySubject[input.subject].includes(input.kind)) {
    throw new RuleViolation(
      HOUR_CLAIM_REFUSALS.KIND_NOT_ALLOWED_FOR_SUBJECT,
      `${SUBJECT_NAMES[input.subject]}不能登记“${KIND_NAMES[input.kind]}”类学时`,
      {
        field: 'kind',
        subject: input.subject,
        kind: input.kind,
        allowed: policy.kindsBySubject[input.subject],
      },
    );
  }

  checkKindFields(input);

  const makeUpForYear = input.makeUpForYear;
  if (makeUpForYear !== undefined) {
    if (!Number.isInteger(makeUpForYear)) {
      throw new RuleViolation(HOUR_CLAIM_REFUSALS.INVALID_MAKE_UP_YEAR, '补学年度须为有效年份', {
        field: 'makeUpForYear',
        makeUpForYear,
      });
    }
    // Make-up study fills an earlier year's shortfall (补学); the activity itself must end later.
    if (makeUpForYear >= end.year) {
      throw new RuleViolation(
        HOUR_CLAIM_REFUSALS.MAKE_UP_YEAR_NOT_EARLIER,
        `补学年度须早于学习结束日期所在年度（${end.year}年）`,
        { field: 'makeUpForYear', makeUpForYear, endYear: end.year },
      );
    }
    return { year: makeUpForYear, makeUp: true };
  }

  // The training year is the calendar year; once it has ended its hours come in only as make-up study.
  if (end.year < today.year) {
    throw new RuleViolation(
      HOUR_CLAIM_REFUSALS.YEAR_CLOSED,
      `${end.year}年度已结束，不再受理该年度学时登记；该年度学时不足的，可参加补学并登记为补学`,
      { field: 'endDate', year: end.year, today: ctx.today },
    );
  }
  return { year: end.year, makeUp: false };
}
