// The identity library's pure domain file, not its barrel (which loads Nest and TypeORM).
import { checkIdNumber } from '../../../identity/src/domain/id-number';

/** One person trained by a base in a programme (培训项目), as a base reports it. */
export interface TraineeRegistration {
  /** Normalised 身份证号: 18 characters, upper-case X. */
  readonly idNumber: string;
  readonly name: string;
  readonly programme: string;
  readonly hours: number;
  /** YYYY-MM-DD */
  readonly completedOn: string;
}

/** What a form or a spreadsheet row gives us, before any checking. */
export interface RawRegistration {
  readonly name?: unknown;
  readonly idNumber?: unknown;
  readonly programme?: unknown;
  readonly hours?: unknown;
  readonly completedOn?: unknown;
}

export type RegistrationField = keyof RawRegistration;

/** Column headers of the upload, also the field names in refusals (API.md "Provincial bases"). */
export const FIELD_LABELS: Readonly<Record<RegistrationField, string>> = {
  name: '姓名',
  idNumber: '身份证号',
  programme: '培训项目',
  hours: '学时',
  completedOn: '完成日期',
};

export interface RegistrationProblem {
  readonly field: RegistrationField;
  readonly code: string;
  readonly message: string;
}

export interface RegistrationContext {
  readonly year: number;
  /** YYYY-MM-DD in Asia/Shanghai. */
  readonly today: string;
  /** From the hours policy: hours come in these steps, up to this many per registration. */
  readonly hourStep: number;
  readonly maxHours: number;
}

export type RegistrationCheck =
  | { readonly ok: true; readonly registration: TraineeRegistration }
  | { readonly ok: false; readonly problems: readonly RegistrationProblem[] };

const text = (value: unknown): string =>
  typeof value === 'string'
    ? value.replace(/\s+/g, ' ').trim()
    : typeof value === 'number'
      ? String(value)
      : '';

/** Whether YYYY-MM-DD names a real day (Date would roll 2020-02-30 over into March). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isMultipleOf = (value: number, step: number): boolean => {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
};

/**
 * Checks one registration and normalises it (trimmed text, upper-case ID number). Every problem of
 * the row is reported, in the order of the columns, so an upload's rejection list is complete.
 */
export function checkRegistration(raw: RawRegistration, ctx: RegistrationContext): RegistrationCheck {
  const problems: RegistrationProblem[] = [];
  const refuse = (field: RegistrationField, code: string, message: string) =>
    problems.push({ field, code, message });

  const name = text(raw.name);
  if (!name) refuse('name', 'BASE_YEAR.NAME_REQUIRED', '缺少姓名');
  else if (name.length > 50) refuse('name', 'BASE_YEAR.NAME_TOO_LONG', '姓名过长（最多50字）');

  let idNumber = '';
  if (typeof raw.idNumber === 'number') {
    // 18 digits do not fit a spreadsheet number: the last digits are already lost.
    refuse('idNumber', 'BASE_YEAR.INVALID_ID_NUMBER', '身份证号须以文本格式填写（数字格式会丢失末尾数字）');
  } else if (!text(raw.idNumber)) {
    refuse('idNumber', 'BASE_YEAR.ID_NUMBER_REQUIRED', '缺少身份证号');
  } else {
    const checked = checkIdNumber(text(raw.idNumber), ctx.today);
    if (checked.ok) idNumber = checked.normalized;
    else refuse('idNumber', 'BASE_YEAR.INVALID_ID_NUMBER', checked.message);
  }

  const programme = text(raw.programme);
  if (!programme) refuse('programme', 'BASE_YEAR.PROGRAMME_REQUIRED', '缺少培训项目');
  else if (programme.length > 200)
    refuse('programme', 'BASE_YEAR.PROGRAMME_TOO_LONG', '培训项目名称过长（最多200字）');

  const hoursText = text(raw.hours);
  const hours =
    typeof raw.hours === 'number' ? raw.hours : /^\d+(\.\d+)?$/.test(hoursText) ? Number(hoursText) : NaN;
  if (!hoursText) refuse('hours', 'BASE_YEAR.HOURS_REQUIRED', '缺少学时');
  else if (!(hours > 0)) refuse('hours', 'BASE_YEAR.INVALID_HOURS', '学时须为大于0的数字');
  else if (hours > ctx.maxHours) refuse('hours', 'BASE_YEAR.INVALID_HOURS', `学时不能超过${ctx.maxHours}`);
  else if (!isMultipleOf(hours, ctx.hourStep))
    refuse('hours', 'BASE_YEAR.INVALID_HOURS', `学时须为${ctx.hourStep}的整数倍`);

  const completedOn = text(raw.completedOn);
  if (!completedOn) refuse('completedOn', 'BASE_YEAR.DATE_REQUIRED', '缺少完成日期');
  else if (!isCalendarDate(completedOn))
    refuse('completedOn', 'BASE_YEAR.INVALID_DATE', '完成日期无效（应为YYYY-MM-DD）');
  else if (!completedOn.startsWith(`${ctx.year}-`))
    refuse('completedOn', 'BASE_YEAR.DATE_OUTSIDE_YEAR', `完成日期不在${ctx.year}年度内`);
  else if (completedOn > ctx.today) refuse('completedOn', 'BASE_YEAR.DATE_IN_FUTURE', '完成日期不能晚于今天');

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, registration: { idNumber, name, programme, hours, completedOn } };
}

/** A registration is the same as another when the person and the programme are (API.md: idempotent). */
export const registrationKey = (registration: Pick<TraineeRegistration, 'idNumber' | 'programme'>): string =>
  `${registration.idNumber}|${registration.programme}`;
