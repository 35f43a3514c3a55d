/**
 * Calendar dates as people write them in 附件1's 培训时间 column: `2020-06-01`, `2020/6/1`,
 * `2020.6.1`, `2020年6月1日`, and ranges such as `2020.6.1-2020.6.3`, `2020.6.1-6.3`,
 * `2020年6月1日至3日`. Dates come out as `YYYY-MM-DD`.
 */
export interface DateRange {
  readonly startDate: string;
  readonly endDate: string;
}

/** `YYYY-MM-DD` of a real calendar day, or null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether the text is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isoDate(Number(match[1]), Number(match[2]), Number(match[3])) === text;
}

/** Full-width digits and punctuation (as typed with a Chinese input method) to ASCII; no blanks. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[／]/g, '/')
    .replace(/[\s\u3000]+/g, '');
}

const FULL = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/y;
const COMPACT = /(\d{4})(\d{2})(\d{2})(?!\d)/y;
const MONTH_DAY = /(\d{1,2})[-/.月](\d{1,2})日?/y;
const DAY = /(\d{1,2})日?/y;
const SEPARATOR = /(?:-|－|–|—|~|～|至|到)+/y;

interface Cursor {
  readonly text: string;
  at: number;
}

function take(cursor: Cursor, pattern: RegExp): RegExpExecArray | null {
  pattern.lastIndex = cursor.at;
  const match = pattern.exec(cursor.text);
  if (match) cursor.at = pattern.lastIndex;
  return match;
}

function fullDate(cursor: Cursor): { y: number; m: number; d: number } | null {
  const match = take(cursor, FULL) ?? take(cursor, COMPACT);
  return match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
}

/** One date or a range; null when the text is not one of the accepted forms or names no real day. */
export function parseDateRange(raw: string): DateRange | null {
  const cursor: Cursor = { text: normalizeText(raw), at: 0 };
  const start = fullDate(cursor);
  if (!start) return null;
  const startDate = isoDate(start.y, start.m, start.d);
  if (!startDate) return null;
  if (cursor.at === cursor.text.length) return { startDate, endDate: startDate };
  if (!take(cursor, SEPARATOR)) return null;
  let end: { y: number; m: number; d: number } | null = fullDate(cursor);
  if (!end) {
    const monthDay = take(cursor, MONTH_DAY);
    if (monthDay) end = { y: start.y, m: Number(monthDay[1]), d: Number(monthDay[2]) };
  }
  if (!end) {
    const day = take(cursor, DAY);
    if (day) end = { y: start.y, m: start.m, d: Number(day[1]) };
  }
  if (!end || cursor.at !== cursor.text.length) return null;
  const endDate = isoDate(end.y, end.m, end.d);
  return endDate ? { startDate, endDate } : null;
}

/** The calendar day an Excel date cell shows (exceljs reads them as UTC instants). */
export function dateOfExcelInstant(instant: Date): string | null {
  const ms = Math.round(instant.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return null;
  const day = new Date(ms);
  return isoDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
}

/** An Excel serial day number (1900 date system) in a plausible range, as a calendar day. */
export function dateOfExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 3654 || serial > 73050) return null; // 1910 … 2099
  return dateOfExcelInstant(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000));
}

/** How the catalogue prints a period (and reads it back): `2020.6.1-2020.6.3`, or one day. */
export function formatPeriod(startDate: string, endDate: string): string {
  const dotted = (iso: string) => iso.split('-').map(Number).join('.');
  return startDate === endDate ? dotted(startDate) : `${dotted(startDate)}-${dotted(endDate)}`;
}
