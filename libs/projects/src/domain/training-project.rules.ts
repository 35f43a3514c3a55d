import { DomainError } from '@ce/kernel';
import { isIsoDate } from './dates';

/** One row of 附件1 (培训项目目录) as a unit submits it. */
export interface ProjectInput {
  readonly year: number;
  readonly name: string;
  readonly hours: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly place: string;
  readonly audience: string;
  readonly contact: string;
  /** 是否面向全市: open to professionals of the whole city (adds the city bureau to the chain). */
  readonly cityWide: boolean;
}

export type ProjectField = keyof ProjectInput;

export interface ProjectIssue {
  readonly field: ProjectField;
  readonly code: string;
  readonly message: string;
}

/** Hours are whole or half hours (DOMAIN.md "学时", policy: 0.5 granularity). */
export const HOURS_STEP = 0.5;

const LIMITS = { name: 200, place: 200, audience: 200, contact: 100 } as const;

const LABELS: Readonly<Record<keyof typeof LIMITS, string>> = {
  name: '培训项目名称',
  place: '培训地点',
  audience: '培训对象',
  contact: '联系人及电话',
};

const issue = (field: ProjectField, code: string, message: string): ProjectIssue => ({
  field,
  code: `TRAINING_PROJECT.${code}`,
  message,
});

export function checkYear(year: number): ProjectIssue[] {
  return Number.isInteger(year) && year >= 2000 && year <= 2100
    ? []
    : [issue('year', 'INVALID_YEAR', '年度须为 2000 至 2100 之间的整数')];
}

export function checkText(field: keyof typeof LIMITS, value: string): ProjectIssue[] {
  const text = value.trim();
  if (!text) return [issue(field, `${field.toUpperCase()}_REQUIRED`, `${LABELS[field]}不能为空`)];
  if (text.length > LIMITS[field]) {
    return [issue(field, 'TEXT_TOO_LONG', `${LABELS[field]}不能超过 ${LIMITS[field]} 个字`)];
  }
  return [];
}

export function checkHours(hours: number): ProjectIssue[] {
  if (!Number.isFinite(hours) || hours <= 0) {
    return [issue('hours', 'HOURS_NOT_POSITIVE', '学时须大于 0')];
  }
  if (Math.abs(hours / HOURS_STEP - Math.round(hours / HOURS_STEP)) > 1e-9) {
    return [issue('hours', 'HOURS_NOT_IN_STEPS', `学时须以 ${HOURS_STEP} 学时为单位（如 8、12.5）`)];
  }
  return [];
}

/** Start ≤ end, both within the catalogue's year (a catalogue lists one training year). */
export function checkDates(startDate: string, endDate: string, year: number | null): ProjectIssue[] {
  const bad: ProjectIssue[] = [];
  if (!isIsoDate(startDate)) bad.push(issue('startDate', 'INVALID_DATE', '开始日期不是有效日期'));
  if (!isIsoDate(endDate)) bad.push(issue('endDate', 'INVALID_DATE', '结束日期不是有效日期'));
  if (bad.length > 0) return bad;
  if (startDate > endDate) {
    return [issue('endDate', 'DATES_REVERSED', '培训开始日期不能晚于结束日期')];
  }
  if (year !== null && (!startDate.startsWith(`${year}-`) || !endDate.startsWith(`${year}-`))) {
    return [issue('startDate', 'DATES_OUTSIDE_YEAR', `培训时间须在 ${year} 年度内`)];
  }
  return [];
}

/** Every rule a project must pass; empty when it may be submitted. */
export function projectIssues(input: ProjectInput): ProjectIssue[] {
  const yearIssues = checkYear(input.year);
  return [
    ...yearIssues,
    ...checkText('name', input.name),
    ...checkHours(input.hours),
    ...checkDates(input.startDate, input.endDate, yearIssues.length === 0 ? input.year : null),
    ...checkText('place', input.place),
    ...checkText('audience', input.audience),
    ...checkText('contact', input.contact),
  ];
}

/** Refuses a project that breaks a rule: 422, the first rule's code, every field's message. */
export function validateProject(input: ProjectInput): ProjectInput {
  const issues = projectIssues(input);
  const [first] = issues;
  if (first) {
    throw new DomainError(
      first.code,
      issues.map((i) => i.message).join('；'),
      'rule',
      issues.map((i) => ({ field: i.field, message: i.message })),
    );
  }
  return {
    year: input.year,
    name: input.name.trim(),
    hours: input.hours,
    startDate: input.startDate,
    endDate: input.endDate,
    place: input.place.trim(),
    audience: input.audience.trim(),
    contact: input.contact.trim(),
    cityWide: input.cityWide,
  };
}
