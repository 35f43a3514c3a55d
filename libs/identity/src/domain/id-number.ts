/**
 * The 18-character resident identity number (居民身份证号码, GB 11643-1999):
 *
 *   370602 19900307 123 X
 *   │      │        │   └ check character, ISO 7064 MOD 11-2 over the first 17 digits ('X' stands for 10)
 *   │      │        └ sequence; its last digit is odd for men and even for women
 *   │      └ birth date YYYYMMDD
 *   └ administrative area code
 *
 * Pure: no I/O and no clock — pass `today` to reject birth dates in the future.
 */

export type IdNumberProblem = 'length' | 'characters' | 'birth_date' | 'check_digit';

export type IdNumberCheck =
  | { ok: true; normalized: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem; message: string };

export const ID_NUMBER_LENGTH = 18;

/** Earliest accepted birth year. */
export const MIN_BIRTH_YEAR = 1900;

const MESSAGES: Record<IdNumberProblem, string> = {
  length: '身份证号应为18位',
  characters: '身份证号只能由数字组成，最后一位可以是X',
  birth_date: '身份证号中的出生日期无效',
  check_digit: '身份证号校验位不正确',
};

/** Weights 2^(17-i) mod 11 for positions i = 0..16. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character for each remainder 0..10 of the weighted sum mod 11. */
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** The check character ('0'–'9' or 'X') for the first 17 digits. Throws RangeError unless given 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar expects exactly 17 digits');
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += Number(first17.charAt(i)) * weight;
  });
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Validates a resident identity number. Surrounding whitespace is ignored and a lowercase 'x' check character
 * is accepted; `normalized` is the 18-character form with an uppercase 'X'. Problems are reported in the
 * order length → characters → birth date → check digit.
 *
 * @param today local date (YYYY-MM-DD) used to reject birth dates in the future; omit to skip that check.
 *   Throws RangeError if it is not a real YYYY-MM-DD date.
 */
export function checkIdNumber(value: string, today?: string): IdNumberCheck {
  const todayKey = today === undefined ? undefined : parseToday(today);
  const normalized = value.trim().toUpperCase();
  if (normalized.length !== ID_NUMBER_LENGTH) return problem('length');
  if (!/^\d{17}[\dX]$/.test(normalized)) return problem('characters');

  const birthKey = normalized.slice(6, 14);
  if (!isRealDate(birthKey) || Number(birthKey.slice(0, 4)) < MIN_BIRTH_YEAR) return problem('birth_date');
  if (todayKey !== undefined && birthKey > todayKey) return problem('birth_date');

  if (normalized.charAt(17) !== idNumberCheckChar(normalized.slice(0, 17))) return problem('check_digit');

  return {
    ok: true,
    normalized,
    birthDate: `${birthKey.slice(0, 4)}-${birthKey.slice(4, 6)}-${birthKey.slice(6, 8)}`,
    gender: Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * For display and logs: keeps the first 6 and last 4 characters, e.g. '370602********123X'. Anything that is
 * not 18 characters long (after trimming) is masked completely, so a malformed value never leaks.
 */
export function maskIdNumber(idNumber: string): string {
  const normalized = idNumber.trim().toUpperCase();
  if (normalized.length !== ID_NUMBER_LENGTH) return '*'.repeat(normalized.length);
  return `${normalized.slice(0, 6)}${'*'.repeat(8)}${normalized.slice(14)}`;
}

function problem(kind: IdNumberProblem): IdNumberCheck {
  return { ok: false, problem: kind, message: MESSAGES[kind] };
}

/** Whether YYYYMMDD is a real Gregorian date. */
function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseToday(today: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  const key = match === null ? '' : `${match[1]}${match[2]}${match[3]}`;
  if (key.length !== 8 || !isRealDate(key))
    throw new RangeError(`today must be a YYYY-MM-DD date, got '${today}'`);
  return key;
}
