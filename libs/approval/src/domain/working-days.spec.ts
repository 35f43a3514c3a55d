import fc from 'fast-check';
import {
  addWorkingDays,
  CHINA_CALENDAR,
  extendCalendar,
  type HolidayCalendar,
  isWorkingDay,
  localDateOf,
  MAX_WORKING_DAYS,
  validateHolidayCalendar,
  workingDaysBetween,
} from './working-days';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const at = (iso: string): Date => new Date(iso);
const due = (from: string, days: number, timeZone?: string): string =>
  addWorkingDays(at(from), days, CHINA_CALENDAR, timeZone).toISOString();
/** The ISO instant of 23:59:59.999 Asia/Shanghai on a local date. */
const endOfShanghaiDay = (date: string): string => new Date(`${date}T23:59:59.999+08:00`).toISOString();

describe('CHINA_CALENDAR data', () => {
  it('is a valid calendar', () => {
    expect(validateHolidayCalendar(CHINA_CALENDAR)).toEqual([]);
    expect(CHINA_CALENDAR.version).toBe('cn-state-council-2020-2026');
  });

  it.each([
    // [date, working?, why]
    ['2020-01-01', false, '2020 元旦'],
    ['2020-01-19', true, '2020 春节 make-up Sunday'],
    ['2020-01-24', false, '2020 春节 (除夕)'],
    ['2020-01-31', false, '2020 春节 epidemic extension (Friday)'],
    ['2020-02-01', false, '2020 cancelled make-up Saturday'],
    ['2020-02-02', false, '2020 春节 extension (Sunday)'],
    ['2020-02-03', true, 'first working day after the 2020 extension'],
    ['2020-04-06', false, '2020 清明 (Monday)'],
    ['2020-04-26', true, '2020 劳动节 make-up Sunday'],
    ['2020-05-05', false, '2020 劳动节 (Tuesday)'],
    ['2020-05-09', true, '2020 劳动节 make-up Saturday'],
    ['2020-06-26', false, '2020 端午 (Friday)'],
    ['2020-06-28', true, '2020 端午 make-up Sunday'],
    ['2020-09-27', true, '2020 国庆 make-up Sunday'],
    ['2020-10-08', false, '2020 国庆+中秋 (Thursday)'],
    ['2020-10-09', true, 'Friday after 2020 国庆'],
    ['2020-10-10', true, '2020 国庆 make-up Saturday'],
    ['2021-01-01', false, '2021 元旦'],
    ['2021-02-07', true, '2021 春节 make-up Sunday'],
    ['2021-02-17', false, '2021 春节 (Wednesday)'],
    ['2021-02-20', true, '2021 春节 make-up Saturday'],
    ['2021-04-05', false, '2021 清明 (Monday)'],
    ['2021-04-25', true, '2021 劳动节 make-up Sunday'],
    ['2021-05-08', true, '2021 劳动节 make-up Saturday'],
    ['2021-06-14', false, '2021 端午 (Monday)'],
    ['2021-09-18', true, '2021 中秋 make-up Saturday'],
    ['2021-09-21', false, '2021 中秋 (Tuesday)'],
    ['2021-09-26', true, '2021 国庆 make-up Sunday'],
    ['2021-10-07', false, '2021 国庆 (Thursday)'],
    ['2021-10-09', true, '2021 国庆 make-up Saturday'],
    ['2022-01-03', false, '2022 元旦 (Monday)'],
    ['2022-01-29', true, '2022 春节 make-up Saturday'],
    ['2022-01-30', true, '2022 春节 make-up Sunday'],
    ['2022-02-04', false, '2022 春节 (Friday)'],
    ['2022-04-02', true, '2022 清明 make-up Saturday'],
    ['2022-04-05', false, '2022 清明 (Tuesday)'],
    ['2022-04-24', true, '2022 劳动节 make-up Sunday'],
    ['2022-05-04', false, '2022 劳动节 (Wednesday)'],
    ['2022-05-07', true, '2022 劳动节 make-up Saturday'],
    ['2022-06-03', false, '2022 端午 (Friday)'],
    ['2022-09-12', false, '2022 中秋 (Monday)'],
    ['2022-10-07', false, '2022 国庆 (Friday)'],
    ['2022-10-08', true, '2022 国庆 make-up Saturday'],
    ['2022-10-09', true, '2022 国庆 make-up Sunday'],
    ['2022-12-31', false, '2023 元旦 period starts on Saturday 2022-12-31'],
    ['2023-01-02', false, '2023 元旦 (Monday)'],
    ['2023-01-27', false, '2023 春节 (Friday)'],
    ['2023-01-28', true, '2023 春节 make-up Saturday'],
    ['2023-01-29', true, '2023 春节 make-up Sunday'],
    ['2023-04-05', false, '2023 清明 (Wednesday)'],
    ['2023-04-23', true, '2023 劳动节 make-up Sunday'],
    ['2023-05-03', false, '2023 劳动节 (Wednesday)'],
    ['2023-05-06', true, '2023 劳动节 make-up Saturday'],
    ['2023-06-23', false, '2023 端午 (Friday)'],
    ['2023-06-25', true, '2023 端午 make-up Sunday'],
    ['2023-09-29', false, '2023 中秋 (Friday)'],
    ['2023-10-06', false, '2023 国庆 (Friday)'],
    ['2023-10-07', true, '2023 国庆 make-up Saturday'],
    ['2023-10-08', true, '2023 国庆 make-up Sunday'],
    ['2024-01-01', false, '2024 元旦'],
    ['2024-02-04', true, '2024 春节 make-up Sunday'],
    ['2024-02-16', false, '2024 春节 (Friday)'],
    ['2024-02-18', true, '2024 春节 make-up Sunday'],
    ['2024-04-05', false, '2024 清明 (Friday)'],
    ['2024-04-07', true, '2024 清明 make-up Sunday'],
    ['2024-04-28', true, '2024 劳动节 make-up Sunday'],
    ['2024-05-03', false, '2024 劳动节 (Friday)'],
    ['2024-05-11', true, '2024 劳动节 make-up Saturday'],
    ['2024-06-10', false, '2024 端午 (Monday)'],
    ['2024-09-14', true, '2024 中秋 make-up Saturday'],
    ['2024-09-17', false, '2024 中秋 (Tuesday)'],
    ['2024-09-29', true, '2024 国庆 make-up Sunday'],
    ['2024-10-07', false, '2024 国庆 (Monday)'],
    ['2024-10-12', true, '2024 国庆 make-up Saturday'],
    ['2025-01-01', false, '2025 元旦'],
    ['2025-01-26', true, '2025 春节 make-up Sunday'],
    ['2025-01-28', false, '2025 春节 (除夕, Tuesday)'],
    ['2025-02-04', false, '2025 春节 (Tuesday)'],
    ['2025-02-08', true, '2025 春节 make-up Saturday'],
    ['2025-04-04', false, '2025 清明 (Friday)'],
    ['2025-04-27', true, '2025 劳动节 make-up Sunday'],
    ['2025-05-05', false, '2025 劳动节 (Monday)'],
    ['2025-05-10', false, 'an ordinary Saturday in 2025 (no second 劳动节 make-up day)'],
    ['2025-06-02', false, '2025 端午 (Monday)'],
    ['2025-09-28', true, '2025 国庆 make-up Sunday'],
    ['2025-10-08', false, '2025 国庆+中秋 (Wednesday)'],
    ['2025-10-11', true, '2025 国庆 make-up Saturday'],
    ['2026-01-02', false, '2026 元旦 (Friday)'],
    ['2026-01-04', true, '2026 元旦 make-up Sunday'],
    ['2026-02-14', true, '2026 春节 make-up Saturday'],
    ['2026-02-16', false, '2026 春节 (除夕, Monday)'],
    ['2026-02-23', false, '2026 春节 (Monday)'],
    ['2026-02-28', true, '2026 春节 make-up Saturday'],
    ['2026-04-06', false, '2026 清明 (Monday)'],
    ['2026-05-05', false, '2026 劳动节 (Tuesday)'],
    ['2026-05-09', true, '2026 劳动节 make-up Saturday'],
    ['2026-06-19', false, '2026 端午 (Friday)'],
    ['2026-09-20', true, '2026 国庆 make-up Sunday'],
    ['2026-09-25', false, '2026 中秋 (Friday)'],
    ['2026-10-07', false, '2026 国庆 (Wednesday)'],
    ['2026-10-10', true, '2026 国庆 make-up Saturday'],
  ])('%s is working: %s (%s)', (date, working) => {
    expect(isWorkingDay(date, CHINA_CALENDAR)).toBe(working);
  });

  it('has the expected number of working days per year (guards against accidental edits)', () => {
    const workingDaysIn = (year: number): number => {
      let count = 0;
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
        if (isWorkingDay(new Date(ms).toISOString().slice(0, 10), CHINA_CALENDAR)) count += 1;
      }
      return count;
    };
    const totals = Object.fromEntries(
      [2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => [y, workingDaysIn(y)]),
    );
    expect(totals).toEqual({ 2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248 });
  });

  it('lists every make-up working day on a weekend and never as a holiday too', () => {
    for (const date of CHINA_CALENDAR.makeUpWorkdays) {
      expect([0, 6]).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
      expect(CHINA_CALENDAR.holidays).not.toContain(date);
    }
  });
});

describe('isWorkingDay', () => {
  it('treats ordinary weekdays as working and ordinary weekends as rest', () => {
    expect(isWorkingDay('2020-11-06', CHINA_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay('2020-11-07', CHINA_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2020-11-08', CHINA_CALENDAR)).toBe(false); // Sunday
    expect(isWorkingDay('2020-11-09', CHINA_CALENDAR)).toBe(true); // Monday
  });

  it('falls back to the weekend rule outside the data', () => {
    expect(isWorkingDay('2027-01-01', CHINA_CALENDAR)).toBe(true); // a Friday, not yet in the data
    expect(isWorkingDay('2027-01-02', CHINA_CALENDAR)).toBe(false);
  });

  it.each(['2020-02-30', '2020-13-01', '2020-1-1', '20200101', '', '2020-01-01T00:00:00Z', ' 2020-01-01'])(
    'rejects the malformed date %p',
    (date) => {
      expect(() => isWorkingDay(date, CHINA_CALENDAR)).toThrow(RangeError);
    },
  );

  it('refuses an inconsistent calendar', () => {
    const broken: HolidayCalendar = {
      version: 'broken',
      holidays: ['2020-11-07'],
      makeUpWorkdays: ['2020-11-07'],
    };
    expect(() => isWorkingDay('2020-11-09', broken)).toThrow(/both a holiday and a make-up working day/);
  });
});

describe('validateHolidayCalendar', () => {
  it('reports every problem', () => {
    expect(
      validateHolidayCalendar({
        version: ' ',
        holidays: ['2020-02-30', '2020-10-01', '2020-10-01', '2020-10-10'],
        makeUpWorkdays: ['2020-10-10', '2020-10-12'],
      }),
    ).toEqual([
      'version is empty',
      "holidays: '2020-02-30' is not a YYYY-MM-DD date",
      "holidays: '2020-10-01' is listed twice",
      "'2020-10-10' is both a holiday and a make-up working day",
      "makeUpWorkdays: '2020-10-12' is not a weekend day",
    ]);
  });
});

describe('extendCalendar', () => {
  it('adds local rest days and make-up days on top of the national calendar', () => {
    const city = extendCalendar(CHINA_CALENDAR, {
      version: 'yantai-2027',
      holidays: ['2027-01-01'],
      makeUpWorkdays: ['2027-01-02'],
    });
    expect(city.version).toBe('cn-state-council-2020-2026+yantai-2027');
    expect(validateHolidayCalendar(city)).toEqual([]);
    expect(isWorkingDay('2027-01-01', city)).toBe(false);
    expect(isWorkingDay('2027-01-02', city)).toBe(true);
    expect(isWorkingDay('2020-10-08', city)).toBe(false); // national data kept
    expect(isWorkingDay('2027-01-01', CHINA_CALENDAR)).toBe(true); // base untouched
  });

  it('lets the extension override the base for the same date', () => {
    const city = extendCalendar(CHINA_CALENDAR, {
      version: 'override',
      holidays: ['2020-10-10'], // a national make-up Saturday made a rest day
      makeUpWorkdays: ['2020-10-03'], // a national holiday Saturday made a working day
    });
    expect(validateHolidayCalendar(city)).toEqual([]);
    expect(isWorkingDay('2020-10-10', city)).toBe(false);
    expect(isWorkingDay('2020-10-03', city)).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('skips the 2020 National Day holiday and counts the make-up Saturday', () => {
    // Sep 30 = 1; Oct 1–8 holiday; Oct 9 = 2; Oct 10 (make-up Sat) = 3; Oct 11 Sun rest; Oct 12 = 4; Oct 13 = 5.
    expect(due('2020-09-29T10:00:00+08:00', 5)).toBe(endOfShanghaiDay('2020-10-13'));
    expect(due('2020-09-29T10:00:00+08:00', 5)).toBe('2020-10-13T15:59:59.999Z');
    expect(due('2020-09-29T10:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-09-30'));
    expect(due('2020-09-29T10:00:00+08:00', 2)).toBe(endOfShanghaiDay('2020-10-09'));
    expect(due('2020-09-29T10:00:00+08:00', 3)).toBe(endOfShanghaiDay('2020-10-10'));
  });

  it('skips an ordinary weekend', () => {
    expect(due('2020-11-06T09:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-11-09')); // Fri → Mon
    expect(due('2020-11-06T09:00:00+08:00', 5)).toBe(endOfShanghaiDay('2020-11-13'));
    expect(due('2020-11-07T09:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-11-09')); // from a Saturday
    expect(due('2020-11-08T23:59:59+08:00', 1)).toBe(endOfShanghaiDay('2020-11-09')); // from a Sunday
  });

  it('does not count the day of `from`, however early', () => {
    expect(due('2020-11-09T00:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-11-10'));
    expect(due('2020-11-09T23:59:59.999+08:00', 1)).toBe(endOfShanghaiDay('2020-11-10'));
  });

  it('uses the Shanghai local date, not the UTC date', () => {
    // 2020-09-30T17:00Z is already 01:00 on Oct 1 in Shanghai: Oct 9 = 1, 10 = 2, 12 = 3, 13 = 4, 14 = 5.
    expect(due('2020-09-30T17:00:00Z', 5)).toBe(endOfShanghaiDay('2020-10-14'));
    // Shanghai midnight between Sep 29 and Sep 30 is 16:00Z: Sep 30 counts only when starting before it.
    expect(due('2020-09-29T15:59:59.999Z', 5)).toBe(endOfShanghaiDay('2020-10-13'));
    expect(due('2020-09-29T16:00:00.000Z', 5)).toBe(endOfShanghaiDay('2020-10-14'));
    // Sat Sep 26 23:59 local → the next working day is the make-up Sunday Sep 27; at midnight it is Mon Sep 28.
    expect(due('2020-09-26T15:59:59.999Z', 1)).toBe(endOfShanghaiDay('2020-09-27'));
    expect(due('2020-09-26T16:00:00.000Z', 1)).toBe(endOfShanghaiDay('2020-09-28'));
  });

  it('starting inside a holiday waits for its end', () => {
    expect(due('2020-10-05T12:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-10-09'));
    expect(due('2020-01-23T12:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-02-03')); // extended 春节 2020
    expect(due('2020-01-18T12:00:00+08:00', 1)).toBe(endOfShanghaiDay('2020-01-19')); // make-up Sunday
  });

  it('crosses year boundaries', () => {
    expect(due('2022-12-30T12:00:00+08:00', 1)).toBe(endOfShanghaiDay('2023-01-03'));
    expect(due('2025-12-31T12:00:00+08:00', 1)).toBe(endOfShanghaiDay('2026-01-04')); // make-up Sunday
    expect(due('2025-12-31T12:00:00+08:00', 2)).toBe(endOfShanghaiDay('2026-01-05'));
  });

  it('honours another time zone, including DST', () => {
    // In UTC, 2020-09-30T17:00Z is still Sep 30, so the first working day is Oct 9 and the day ends at UTC midnight.
    expect(due('2020-09-30T17:00:00Z', 1, 'UTC')).toBe('2020-10-09T23:59:59.999Z');
    // Los Angeles springs forward on Sun 2021-03-14; Mon Mar 15 ends at 23:59:59.999 PDT (UTC-7).
    expect(due('2021-03-14T09:00:00Z', 1, 'America/Los_Angeles')).toBe('2021-03-16T06:59:59.999Z');
    // ... and falls back on Sun 2021-11-07; Mon Nov 8 ends at 23:59:59.999 PST (UTC-8).
    expect(due('2021-11-06T18:00:00Z', 1, 'America/Los_Angeles')).toBe('2021-11-09T07:59:59.999Z');
  });

  it('ends a day correctly where midnight is skipped by DST', () => {
    // Chile springs forward at 00:00 on Sun 2020-09-06: that local day starts at 01:00 (-03).
    // Sat Sep 5 is the last local day of -04, so its end is the instant before 2020-09-06T04:00Z.
    const noMidnight: HolidayCalendar = { version: 'test', holidays: [], makeUpWorkdays: ['2020-09-05'] };
    const end = addWorkingDays(at('2020-09-04T15:00:00Z'), 1, noMidnight, 'America/Santiago');
    expect(end.toISOString()).toBe('2020-09-06T03:59:59.999Z');
    expect(localDateOf(end, 'America/Santiago')).toBe('2020-09-05');
    expect(localDateOf(new Date(end.getTime() + 1), 'America/Santiago')).toBe('2020-09-06');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_WORKING_DAYS + 1])(
    'rejects days = %p',
    (days) => {
      expect(() => addWorkingDays(at('2020-11-06T09:00:00+08:00'), days, CHINA_CALENDAR)).toThrow(RangeError);
    },
  );

  it('rejects an invalid Date and an unknown time zone', () => {
    expect(() => addWorkingDays(new Date(Number.NaN), 1, CHINA_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2020-11-06T09:00:00Z'), 1, CHINA_CALENDAR, 'Mars/Olympus')).toThrow(
      RangeError,
    );
  });

  it('does not mutate its input', () => {
    const from = at('2020-09-29T10:00:00+08:00');
    addWorkingDays(from, 5, CHINA_CALENDAR);
    expect(from.toISOString()).toBe('2020-09-29T02:00:00.000Z');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the local date of `from` up to and including that of `to`', () => {
    const from = at('2020-09-29T10:00:00+08:00');
    expect(workingDaysBetween(from, at('2020-09-29T23:00:00+08:00'), CHINA_CALENDAR)).toBe(0);
    expect(workingDaysBetween(from, at('2020-09-30T00:00:00+08:00'), CHINA_CALENDAR)).toBe(1);
    expect(workingDaysBetween(from, at('2020-10-08T12:00:00+08:00'), CHINA_CALENDAR)).toBe(1);
    expect(workingDaysBetween(from, at('2020-10-13T23:59:59.999+08:00'), CHINA_CALENDAR)).toBe(5);
    expect(workingDaysBetween(from, at('2020-10-13T16:00:00Z'), CHINA_CALENDAR)).toBe(6); // Oct 14 in Shanghai
  });

  it('is negative when `to` is on an earlier local date (e.g. overdue)', () => {
    expect(
      workingDaysBetween(at('2020-10-13T12:00:00+08:00'), at('2020-09-29T10:00:00+08:00'), CHINA_CALENDAR),
    ).toBe(-5);
  });

  it('counts across a whole year', () => {
    expect(
      workingDaysBetween(at('2024-12-31T12:00:00+08:00'), at('2025-12-31T12:00:00+08:00'), CHINA_CALENDAR),
    ).toBe(248);
  });

  it('rejects invalid Dates', () => {
    expect(() =>
      workingDaysBetween(new Date(Number.NaN), at('2020-01-01T00:00:00Z'), CHINA_CALENDAR),
    ).toThrow(RangeError);
  });
});

describe('properties (fast-check)', () => {
  const instant = fc.date({
    min: new Date('2019-12-01T00:00:00Z'),
    max: new Date('2026-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const count = fc.integer({ min: 1, max: 60 });

  it('the due instant is the end of a working day, strictly after `from`, exactly n working days away', () => {
    fc.assert(
      fc.property(instant, count, (from, n) => {
        const dueAt = addWorkingDays(from, n, CHINA_CALENDAR);
        expect(dueAt.getTime()).toBeGreaterThan(from.getTime());
        expect(isWorkingDay(localDateOf(dueAt), CHINA_CALENDAR)).toBe(true);
        expect((dueAt.getTime() + 1 + SHANGHAI_OFFSET_MS) % DAY_MS).toBe(0); // next ms is local midnight
        expect(workingDaysBetween(from, dueAt, CHINA_CALENDAR)).toBe(n);
        // Minimal: the local day before the due date is only n - 1 working days away.
        expect(workingDaysBetween(from, new Date(dueAt.getTime() - DAY_MS), CHINA_CALENDAR)).toBe(n - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('adding is monotonic and composes', () => {
    fc.assert(
      fc.property(instant, count, count, (from, a, b) => {
        const first = addWorkingDays(from, a, CHINA_CALENDAR);
        expect(addWorkingDays(from, a + 1, CHINA_CALENDAR).getTime()).toBeGreaterThan(first.getTime());
        expect(addWorkingDays(first, b, CHINA_CALENDAR).getTime()).toBe(
          addWorkingDays(from, a + b, CHINA_CALENDAR).getTime(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('only the local date of `from` matters, not the time of day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: DAY_MS - 1 }), count, (from, msIntoDay, n) => {
        const localMidnight =
          Math.floor((from.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
        const sameDay = new Date(localMidnight + msIntoDay);
        expect(addWorkingDays(sameDay, n, CHINA_CALENDAR).getTime()).toBe(
          addWorkingDays(from, n, CHINA_CALENDAR).getTime(),
        );
      }),
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        const ab = workingDaysBetween(a, b, CHINA_CALENDAR);
        expect(workingDaysBetween(b, a, CHINA_CALENDAR)).toBe(0 - ab); // 0 - 0 is +0, unlike -0
        expect(ab + workingDaysBetween(b, c, CHINA_CALENDAR)).toBe(workingDaysBetween(a, c, CHINA_CALENDAR));
      }),
      { numRuns: 50 },
    );
  });

  it('a weekday is a rest day only if the calendar lists it as a holiday', () => {
    fc.assert(
      fc.property(instant, (day) => {
        const date = day.toISOString().slice(0, 10);
        const weekday = day.getUTCDay();
        const listed = CHINA_CALENDAR.holidays.includes(date);
        const makeUp = CHINA_CALENDAR.makeUpWorkdays.includes(date);
        const expected = makeUp || (!listed && weekday !== 0 && weekday !== 6);
        expect(isWorkingDay(date, CHINA_CALENDAR)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
