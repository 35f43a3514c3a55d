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
}

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

/**
 * Checks a claim at submission and says which training year it belongs to. Refusals come in a fixed
 * order (title, dates, hours, kind, year) so the same input always gets the same first complaint.
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
