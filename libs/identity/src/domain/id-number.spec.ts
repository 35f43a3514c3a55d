import fc from 'fast-check';
import { checkIdNumber, type IdNumberProblem, idNumberCheckChar, maskIdNumber } from './id-number';

const TODAY = '2024-06-15';
const withCheck = (first17: string): string => `${first17}${idNumberCheckChar(first17)}`;
const problemOf = (value: string, today?: string): IdNumberProblem | 'ok' => {
  const result = checkIdNumber(value, today);
  return result.ok ? 'ok' : result.problem;
};

describe('idNumberCheckChar', () => {
  it('matches the worked examples of GB 11643-1999', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  it('computes ISO 7064 MOD 11-2 by hand', () => {
    // 3·7 + 7·9 + 0·10 + 6·5 + 0·8 + 2·4 + 1·2 + 9·1 + 9·6 + 0·3 + 0·7 + 3·9 + 0·10 + 7·5 + 1·8 + 2·4 + 3·2 = 271;
    // 271 mod 11 = 7, and remainder 7 maps to '5'.
    expect(idNumberCheckChar('37060219900307123')).toBe('5');
    // All zeros: remainder 0 → '1'.
    expect(idNumberCheckChar('00000000000000000')).toBe('1');
  });

  it.each(['3706021990030712', '370602199003071234', '3706021990030712X', '', '37060219900307 23'])(
    'rejects %p',
    (input) => {
      expect(() => idNumberCheckChar(input)).toThrow(RangeError);
    },
  );
});

describe('checkIdNumber', () => {
  it('accepts a valid number and reports birth date and gender', () => {
    expect(checkIdNumber('370602199003071235', TODAY)).toEqual({
      ok: true,
      normalized: '370602199003071235',
      birthDate: '1990-03-07',
      gender: 'male', // sequence 123: odd
    });
    expect(checkIdNumber(withCheck('37060219900307124'), TODAY)).toEqual({
      ok: true,
      normalized: '370602199003071243',
      birthDate: '1990-03-07',
      gender: 'female', // sequence 124: even
    });
  });

  it('accepts the standard example with an X check character, in either case', () => {
    const upper = checkIdNumber('11010519491231002X', TODAY);
    const lower = checkIdNumber('11010519491231002x', TODAY);
    expect(upper).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
    });
    expect(lower).toEqual(upper);
  });

  it('ignores surrounding whitespace', () => {
    expect(checkIdNumber(' 370602199003071235\n', TODAY)).toMatchObject({
      ok: true,
      normalized: '370602199003071235',
    });
  });

  it('rejects a wrong check digit with a Chinese message', () => {
    expect(checkIdNumber('370602199003071234', TODAY)).toEqual({
      ok: false,
      problem: 'check_digit',
      message: '身份证号校验位不正确',
    });
    expect(problemOf('110105194912310021', TODAY)).toBe('check_digit');
    expect(problemOf('11010519491231002Y', TODAY)).toBe('characters');
  });

  it('detects a swap of two adjacent different digits', () => {
    // 1990 → 1909 (still a real date, so only the check digit can catch it).
    expect(problemOf('370602190903071235', TODAY)).toBe('check_digit');
  });

  it.each([
    ['19900230', 'February 30'],
    ['19900229', '1990 is not a leap year'],
    ['19001301', 'month 13'],
    ['19900001', 'month 0'],
    ['19900100', 'day 0'],
    ['19900431', 'April 31'],
    ['18991231', 'before 1900'],
    ['00000000', 'all zeros'],
  ])('rejects the birth date %s (%s)', (birth) => {
    const result = checkIdNumber(withCheck(`370602${birth}123`), TODAY);
    expect(result).toEqual({ ok: false, problem: 'birth_date', message: '身份证号中的出生日期无效' });
  });

  it('accepts 29 February in a leap year, including 2000', () => {
    expect(problemOf(withCheck('37060219960229123'), TODAY)).toBe('ok');
    expect(problemOf(withCheck('37060220000229123'), TODAY)).toBe('ok');
    expect(problemOf(withCheck('37060219000101123'), TODAY)).toBe('ok'); // the earliest accepted date
  });

  it('rejects the 1880 example of GB 11643 (valid check digit) because of the 1900 floor', () => {
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
    expect(problemOf('440524188001010014', TODAY)).toBe('birth_date');
  });

  it('rejects a birth date after `today`, and accepts one on `today`', () => {
    expect(problemOf(withCheck('37060220240615123'), TODAY)).toBe('ok');
    expect(problemOf(withCheck('37060220240616123'), TODAY)).toBe('birth_date');
    expect(problemOf(withCheck('37060220250101123'), TODAY)).toBe('birth_date');
    // Without `today` only the calendar is checked.
    expect(problemOf(withCheck('37060220990101123'))).toBe('ok');
  });

  it.each(['2024-6-15', '2024-02-30', '20240615', 'today'])('throws for a malformed today %p', (today) => {
    expect(() => checkIdNumber('370602199003071235', today)).toThrow(RangeError);
  });

  it.each([
    ['', 'empty'],
    ['37060219900307123', '17 characters'],
    ['3706021990030712355', '19 characters'],
    ['370602900307123', 'a first-generation 15-digit number'],
    ['370602 1990 0307 1235', 'inner spaces'],
  ])('rejects %p for its length (%s)', (value) => {
    expect(checkIdNumber(value, TODAY)).toEqual({
      ok: false,
      problem: 'length',
      message: '身份证号应为18位',
    });
  });

  it.each([
    ['37060219900307123A', 'a letter other than X at the end'],
    ['X70602199003071235', 'X before the end'],
    ['37060219900307X235', 'X in the sequence'],
    ['37O602199003071235', 'a letter O for zero'],
    ['３７０６０２１９９００３０７１２３５', 'full-width digits'],
    ['-37060219900307123', 'a sign'],
  ])('rejects %p for its characters (%s)', (value) => {
    expect(checkIdNumber(value, TODAY)).toMatchObject({ ok: false, problem: 'characters' });
  });

  it('reports problems in a fixed order: length, characters, birth date, check digit', () => {
    expect(problemOf('3706021990023012', TODAY)).toBe('length');
    expect(problemOf('37060219900230123A', TODAY)).toBe('characters');
    expect(problemOf('370602199002301230', TODAY)).toBe('birth_date'); // the check digit is wrong too
  });

  it('gives every problem a Chinese message', () => {
    const messages = ['', '37060219900307123A', withCheck('37060219900230123'), '370602199003071234'].map(
      (value) => {
        const result = checkIdNumber(value, TODAY);
        return result.ok ? '' : result.message;
      },
    );
    expect(messages).toEqual([
      '身份证号应为18位',
      '身份证号只能由数字组成，最后一位可以是X',
      '身份证号中的出生日期无效',
      '身份证号校验位不正确',
    ]);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdNumber('370602199003071234')).toBe('370602********1234');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
    expect(maskIdNumber(' 370602199003071235 ')).toBe('370602********1235');
    expect(maskIdNumber('370602199003071234')).toHaveLength(18);
  });

  it('masks a value of any other length completely', () => {
    expect(maskIdNumber('370602900307123')).toBe('***************');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('properties (fast-check)', () => {
  const MIN = Date.UTC(1900, 0, 1);
  const MAX = Date.UTC(2024, 5, 15); // TODAY
  const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
  const digits = (count: number): fc.Arbitrary<string> =>
    fc.integer({ min: 0, max: 10 ** count - 1 }).map((n) => String(n).padStart(count, '0'));
  const validPrefix = fc
    .tuple(digits(6), fc.integer({ min: MIN / 86_400_000, max: MAX / 86_400_000 }), digits(3))
    .map(([area, day, sequence]) => `${area}${ymd(day * 86_400_000)}${sequence}`);
  const CHECK_ALPHABET = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];

  it('a valid 17-digit prefix plus its check character is accepted, and every other final character fails', () => {
    fc.assert(
      fc.property(validPrefix, (prefix) => {
        const check = idNumberCheckChar(prefix);
        const result = checkIdNumber(`${prefix}${check}`, TODAY);
        expect(result).toEqual({
          ok: true,
          normalized: `${prefix}${check}`,
          birthDate: `${prefix.slice(6, 10)}-${prefix.slice(10, 12)}-${prefix.slice(12, 14)}`,
          gender: Number(prefix.charAt(16)) % 2 === 1 ? 'male' : 'female',
        });
        for (const other of CHECK_ALPHABET.filter((c) => c !== check)) {
          expect(problemOf(`${prefix}${other}`, TODAY)).toBe('check_digit');
          expect(problemOf(`${prefix}${other.toLowerCase()}`, TODAY)).toBe('check_digit');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any single-digit change in the first 17 is caught', () => {
    fc.assert(
      fc.property(
        validPrefix,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (prefix, at, delta) => {
          const valid = `${prefix}${idNumberCheckChar(prefix)}`;
          const changed = String((Number(valid.charAt(at)) + delta) % 10);
          const corrupted = `${valid.slice(0, at)}${changed}${valid.slice(at + 1)}`;
          expect(['birth_date', 'check_digit']).toContain(problemOf(corrupted, TODAY));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the mask always keeps 6 + 4 characters and hides the birth date and sequence', () => {
    fc.assert(
      fc.property(validPrefix, (prefix) => {
        const id = `${prefix}${idNumberCheckChar(prefix)}`;
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(0, 6)).toBe(id.slice(0, 6));
        expect(masked.slice(6, 14)).toBe('********');
        expect(masked.slice(14)).toBe(id.slice(14));
      }),
    );
  });
});
