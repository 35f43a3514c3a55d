/**
 * Working-day arithmetic on the mainland Chinese calendar.
 *
 * A day is a working day unless it is a rest day:
 *   - Saturdays and Sundays are rest days, unless the calendar lists them as make-up working days (调休上班);
 *   - statutory holidays (法定节假日), including the bridged days in each State Council notice
 *     (国务院办公厅关于节假日安排的通知), are rest days.
 *
 * The calendar itself is data: {@link CHINA_CALENDAR} holds the official arrangements for 2020–2026 and a city
 * can extend it with {@link extendCalendar}. Dates outside the data fall back to the plain weekend rule, so the
 * calendar must be extended each year when the State Council publishes the next arrangement (usually in
 * November or December).
 *
 * Pure: no I/O and no clock; every instant is an argument.
 */

export interface HolidayCalendar {
  /** Identifies the data set, recorded with computed due dates so they can be explained later. */
  version: string;
  /** Rest days (YYYY-MM-DD) in addition to ordinary weekends; may include weekend days of a holiday period. */
  holidays: readonly string[];
  /** Make-up working days (YYYY-MM-DD), normally a Saturday or Sunday. */
  makeUpWorkdays: readonly string[];
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Upper bound for {@link addWorkingDays}: about 40 years of working days; guards against runaway loops. */
export const MAX_WORKING_DAYS = 10_000;

const MS_PER_DAY = 86_400_000;

interface Arrangement {
  /** e.g. '2020 春节' */
  name: string;
  /** Inclusive range of rest days [first, last]. */
  rest: readonly [string, string];
  /** Make-up working days belonging to this arrangement. */
  work?: readonly string[];
}

/**
 * Official arrangements from the State Council notices (国务院办公厅关于 20XX 年部分节假日安排的通知).
 * Each holiday period is listed in full, weekend days included.
 */
const CHINA_ARRANGEMENTS: readonly Arrangement[] = [
  // 2020, with the State Council notice of January 2020 extending 春节 to Feb 2 for the epidemic
  // (the Feb 1 Saturday make-up working day was cancelled by the extension).
  { name: '2020 元旦', rest: ['2020-01-01', '2020-01-01'] },
  { name: '2020 春节', rest: ['2020-01-24', '2020-02-02'], work: ['2020-01-19'] },
  { name: '2020 清明节', rest: ['2020-04-04', '2020-04-06'] },
  { name: '2020 劳动节', rest: ['2020-05-01', '2020-05-05'], work: ['2020-04-26', '2020-05-09'] },
  { name: '2020 端午节', rest: ['2020-06-25', '2020-06-27'], work: ['2020-06-28'] },
  { name: '2020 国庆节、中秋节', rest: ['2020-10-01', '2020-10-08'], work: ['2020-09-27', '2020-10-10'] },

  // 2021
  { name: '2021 元旦', rest: ['2021-01-01', '2021-01-03'] },
  { name: '2021 春节', rest: ['2021-02-11', '2021-02-17'], work: ['2021-02-07', '2021-02-20'] },
  { name: '2021 清明节', rest: ['2021-04-03', '2021-04-05'] },
  { name: '2021 劳动节', rest: ['2021-05-01', '2021-05-05'], work: ['2021-04-25', '2021-05-08'] },
  { name: '2021 端午节', rest: ['2021-06-12', '2021-06-14'] },
  { name: '2021 中秋节', rest: ['2021-09-19', '2021-09-21'], work: ['2021-09-18'] },
  { name: '2021 国庆节', rest: ['2021-10-01', '2021-10-07'], work: ['2021-09-26', '2021-10-09'] },

  // 2022
  { name: '2022 元旦', rest: ['2022-01-01', '2022-01-03'] },
  { name: '2022 春节', rest: ['2022-01-31', '2022-02-06'], work: ['2022-01-29', '2022-01-30'] },
  { name: '2022 清明节', rest: ['2022-04-03', '2022-04-05'], work: ['2022-04-02'] },
  { name: '2022 劳动节', rest: ['2022-04-30', '2022-05-04'], work: ['2022-04-24', '2022-05-07'] },
  { name: '2022 端午节', rest: ['2022-06-03', '2022-06-05'] },
  { name: '2022 中秋节', rest: ['2022-09-10', '2022-09-12'] },
  { name: '2022 国庆节', rest: ['2022-10-01', '2022-10-07'], work: ['2022-10-08', '2022-10-09'] },

  // 2023 (元旦 starts on Saturday 2022-12-31)
  { name: '2023 元旦', rest: ['2022-12-31', '2023-01-02'] },
  { name: '2023 春节', rest: ['2023-01-21', '2023-01-27'], work: ['2023-01-28', '2023-01-29'] },
  { name: '2023 清明节', rest: ['2023-04-05', '2023-04-05'] },
  { name: '2023 劳动节', rest: ['2023-04-29', '2023-05-03'], work: ['2023-04-23', '2023-05-06'] },
  { name: '2023 端午节', rest: ['2023-06-22', '2023-06-24'], work: ['2023-06-25'] },
  { name: '2023 中秋节、国庆节', rest: ['2023-09-29', '2023-10-06'], work: ['2023-10-07', '2023-10-08'] },

  // 2024
  { name: '2024 元旦', rest: ['2024-01-01', '2024-01-01'] },
  { name: '2024 春节', rest: ['2024-02-10', '2024-02-17'], work: ['2024-02-04', '2024-02-18'] },
  { name: '2024 清明节', rest: ['2024-04-04', '2024-04-06'], work: ['2024-04-07'] },
  { name: '2024 劳动节', rest: ['2024-05-01', '2024-05-05'], work: ['2024-04-28', '2024-05-11'] },
  { name: '2024 端午节', rest: ['2024-06-10', '2024-06-10'] },
  { name: '2024 中秋节', rest: ['2024-09-15', '2024-09-17'], work: ['2024-09-14'] },
  { name: '2024 国庆节', rest: ['2024-10-01', '2024-10-07'], work: ['2024-09-29', '2024-10-12'] },

  // 2025 (first year with the two extra statutory days: 除夕 and May 2)
  { name: '2025 元旦', rest: ['2025-01-01', '2025-01-01'] },
  { name: '2025 春节', rest: ['2025-01-28', '2025-02-04'], work: ['2025-01-26', '2025-02-08'] },
  { name: '2025 清明节', rest: ['2025-04-04', '2025-04-06'] },
  { name: '2025 劳动节', rest: ['2025-05-01', '2025-05-05'], work: ['2025-04-27'] },
  { name: '2025 端午节', rest: ['2025-05-31', '2025-06-02'] },
  { name: '2025 国庆节、中秋节', rest: ['2025-10-01', '2025-10-08'], work: ['2025-09-28', '2025-10-11'] },

  // 2026
  { name: '2026 元旦', rest: ['2026-01-01', '2026-01-03'], work: ['2026-01-04'] },
  { name: '2026 春节', rest: ['2026-02-15', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
  { name: '2026 清明节', rest: ['2026-04-04', '2026-04-06'] },
  { name: '2026 劳动节', rest: ['2026-05-01', '2026-05-05'], work: ['2026-05-09'] },
  { name: '2026 端午节', rest: ['2026-06-19', '2026-06-21'] },
  { name: '2026 中秋节', rest: ['2026-09-25', '2026-09-27'] },
  { name: '2026 国庆节', rest: ['2026-10-01', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
];

/** Official mainland arrangements, 2020 through 2026. */
export const CHINA_CALENDAR: HolidayCalendar = Object.freeze({
  version: 'cn-state-council-2020-2026',
  holidays: Object.freeze(CHINA_ARRANGEMENTS.flatMap((a) => dateRange(a.rest[0], a.rest[1]))),
  makeUpWorkdays: Object.freeze(CHINA_ARRANGEMENTS.flatMap((a) => a.work ?? [])),
});

/**
 * Problems with a calendar's data; empty when it is usable. Checks that every entry is a real YYYY-MM-DD date,
 * that no date is listed twice, that no date is both a holiday and a make-up working day, and that every
 * make-up working day is a weekend day (a weekday is a working day anyway, so listing it is a data error).
 */
export function validateHolidayCalendar(calendar: HolidayCalendar): string[] {
  const problems: string[] = [];
  if (calendar.version.trim() === '') problems.push('version is empty');
  const check = (list: readonly string[], label: string): Set<string> => {
    const seen = new Set<string>();
    for (const date of list) {
      if (parseIsoDate(date) === undefined) problems.push(`${label}: '${date}' is not a YYYY-MM-DD date`);
      else if (seen.has(date)) problems.push(`${label}: '${date}' is listed twice`);
      seen.add(date);
    }
    return seen;
  };
  const holidays = check(calendar.holidays, 'holidays');
  const makeUp = check(calendar.makeUpWorkdays, 'makeUpWorkdays');
  for (const date of makeUp) {
    if (holidays.has(date)) problems.push(`'${date}' is both a holiday and a make-up working day`);
    const day = parseIsoDate(date);
    if (day !== undefined && !isWeekend(day)) problems.push(`makeUpWorkdays: '${date}' is not a weekend day`);
  }
  return problems;
}

/**
 * A calendar with local additions: e.g. a city-wide rest day, or next year's arrangement before the code is
 * updated. Where the extension and the base disagree about a date, the extension wins.
 */
export function extendCalendar(
  base: HolidayCalendar,
  extension: { version: string; holidays?: readonly string[]; makeUpWorkdays?: readonly string[] },
): HolidayCalendar {
  const extraHolidays = new Set(extension.holidays ?? []);
  const extraMakeUp = new Set(extension.makeUpWorkdays ?? []);
  const holidays = [
    ...base.holidays.filter((d) => !extraMakeUp.has(d) && !extraHolidays.has(d)),
    ...extraHolidays,
  ];
  const makeUpWorkdays = [
    ...base.makeUpWorkdays.filter((d) => !extraHolidays.has(d) && !extraMakeUp.has(d)),
    ...extraMakeUp,
  ];
  return { version: `${base.version}+${extension.version}`, holidays, makeUpWorkdays };
}

/** Whether a local calendar date (YYYY-MM-DD) is a working day. Throws RangeError for a malformed date. */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not a YYYY-MM-DD date: '${date}'`);
  return isWorkingEpochDay(day, indexOf(calendar));
}

/**
 * The due instant for something that must be done within `days` working days of `from`: the last millisecond
 * (23:59:59.999 local time) of the `days`-th working day after the local date of `from`. The day of `from`
 * itself never counts, whatever the time of day.
 *
 * @param days a whole number from 1 to {@link MAX_WORKING_DAYS}
 * @param timeZone IANA time zone that defines "local date" and "end of day"; Asia/Shanghai (UTC+8, no DST)
 */
export function addWorkingDays(
  from: Date,
  days: number,
  calendar: HolidayCalendar,
  timeZone: string = DEFAULT_TIME_ZONE,
): Date {
  assertValidInstant(from, 'from');
  if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) {
    throw new RangeError(`days must be a whole number from 1 to ${MAX_WORKING_DAYS}, got ${days}`);
  }
  const index = indexOf(calendar);
  let day = localEpochDay(from, timeZone);
  let counted = 0;
  while (counted < days) {
    day += 1;
    if (isWorkingEpochDay(day, index)) counted += 1;
  }
  return new Date(startOfLocalDay(day + 1, timeZone) - 1);
}

/**
 * The number of working days from the local date of `from` (exclusive) to the local date of `to` (inclusive),
 * so that `workingDaysBetween(from, addWorkingDays(from, n, c), c) === n`. Negative when `to` is on an earlier
 * local date than `from` (e.g. how many working days a step is overdue); zero on the same local date.
 */
export function workingDaysBetween(
  from: Date,
  to: Date,
  calendar: HolidayCalendar,
  timeZone: string = DEFAULT_TIME_ZONE,
): number {
  assertValidInstant(from, 'from');
  assertValidInstant(to, 'to');
  const index = indexOf(calendar);
  const a = localEpochDay(from, timeZone);
  const b = localEpochDay(to, timeZone);
  const [low, high, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (isWorkingEpochDay(day, index)) count += 1;
  }
  return count === 0 ? 0 : sign * count; // never -0
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  assertValidInstant(instant, 'instant');
  return formatEpochDay(localEpochDay(instant, timeZone));
}

// ---------------------------------------------------------------------------------------------------------
// Internals. Calendar dates are handled as "epoch days": whole days since 1970-01-01 in the proleptic
// Gregorian calendar, independent of any time zone.

interface CalendarIndex {
  holidays: ReadonlySet<string>;
  makeUpWorkdays: ReadonlySet<string>;
}

const indexes = new WeakMap<HolidayCalendar, CalendarIndex>();

function indexOf(calendar: HolidayCalendar): CalendarIndex {
  const cached = indexes.get(calendar);
  if (cached !== undefined) return cached;
  const problems = validateHolidayCalendar(calendar);
  if (problems.length > 0) {
    throw new RangeError(`invalid holiday calendar '${calendar.version}': ${problems.join('; ')}`);
  }
  const index = { holidays: new Set(calendar.holidays), makeUpWorkdays: new Set(calendar.makeUpWorkdays) };
  indexes.set(calendar, index);
  return index;
}

function isWorkingEpochDay(day: number, index: CalendarIndex): boolean {
  const date = formatEpochDay(day);
  if (index.makeUpWorkdays.has(date)) return true;
  if (index.holidays.has(date)) return false;
  return !isWeekend(day);
}

function isWeekend(day: number): boolean {
  // 1970-01-01 was a Thursday (weekday 4, with Sunday = 0).
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

function parseIsoDate(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return undefined;
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = utcMidnight(year, month, dayOfMonth);
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() + 1 !== month ||
    check.getUTCDate() !== dayOfMonth
  ) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

function utcMidnight(year: number, month: number, dayOfMonth: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, dayOfMonth); // unlike Date.UTC, does not remap years 0–99
  return date.getTime();
}

function formatEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function dateRange(first: string, last: string): string[] {
  const start = parseIsoDate(first);
  const end = parseIsoDate(last);
  if (start === undefined || end === undefined || end < start) {
    throw new RangeError(`bad date range ${first}..${last}`);
  }
  const dates: string[] = [];
  for (let day = start; day <= end; day += 1) dates.push(formatEpochDay(day));
  return dates;
}

function assertValidInstant(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws RangeError for an unknown time zone.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall-clock time of an instant, read as if it were UTC, in ms (millisecond part kept). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const date = new Date(0);
  date.setUTCFullYear(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1);
  date.setUTCHours(parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, ((instantMs % 1000) + 1000) % 1000);
  return date.getTime();
}

function localEpochDay(instant: Date, timeZone: string): number {
  return localEpochDayAt(instant.getTime(), timeZone);
}

/** The first instant whose local date is `day`: local midnight, or the first existing time after a DST gap. */
function startOfLocalDay(day: number, timeZone: string): number {
  const wall = day * MS_PER_DAY;
  // The offset can only be sampled at an instant; two rounds settle it unless a transition is right there.
  let guess = wall - (wallClockMs(wall, timeZone) - wall);
  guess = wall - (wallClockMs(guess, timeZone) - guess);
  if (localEpochDayAt(guess, timeZone) === day && localEpochDayAt(guess - 1, timeZone) < day) return guess;
  // Rare (a DST change at midnight): binary search for the first instant of the local day. UTC offsets lie
  // within -12h..+14h, so the answer is within a day and a bit of `wall`.
  let low = wall - 15 * 3_600_000; // local date < day
  let high = wall + 13 * 3_600_000; // local date >= day
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (localEpochDayAt(mid, timeZone) >= day) high = mid;
    else low = mid;
  }
  return high;
}

function localEpochDayAt(instantMs: number, timeZone: string): number {
  return Math.floor(wallClockMs(instantMs, timeZone) / MS_PER_DAY);
}
