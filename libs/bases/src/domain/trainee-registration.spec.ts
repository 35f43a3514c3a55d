import { idNumberCheckChar } from '../../../identity/src/domain/id-number';
import { checkRegistration, registrationKey } from './trainee-registration';

const rules = { year: 2020, today: '2020-09-01', hourStep: 0.5, maxHours: 120 };
const first17 = '37060219850307124';
const id = first17 + idNumberCheckChar(first17);
const good = { name: '王芳', idNumber: id, programme: '职业道德', hours: 12, completedOn: '2020-06-30' };

describe('checking a trainee registration (学员登记)', () => {
  it('accepts and normalises a good one', () => {
    expect(
      checkRegistration(
        { ...good, name: ' 王  芳 ', hours: '12.5', idNumber: ` ${id.toLowerCase()} ` },
        rules,
      ),
    ).toEqual({ ok: true, registration: { ...good, name: '王 芳', hours: 12.5 } });
  });

  it('reports every problem of a row, in the order of the columns, in Chinese', () => {
    const result = checkRegistration(
      { name: '', idNumber: '12345', programme: ' ', hours: '-1', completedOn: '2020-13-01' },
      rules,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([
      ['name', '缺少姓名'],
      ['idNumber', '身份证号应为18位'],
      ['programme', '缺少培训项目'],
      ['hours', '学时须为大于0的数字'],
      ['completedOn', '完成日期无效（应为YYYY-MM-DD）'],
    ]);
  });

  it('takes hours in the policy’s steps, up to its maximum', () => {
    const problem = (hours: unknown) => {
      const result = checkRegistration({ ...good, hours }, rules);
      return result.ok ? null : result.problems[0]?.message;
    };
    expect(problem(0.5)).toBeNull();
    expect(problem(0.25)).toBe('学时须为0.5的整数倍');
    expect(problem(121)).toBe('学时不能超过120');
    expect(problem('十二')).toBe('学时须为大于0的数字');
    expect(problem(undefined)).toBe('缺少学时');
  });

  it('keeps the completion date within the year and not after today', () => {
    const problem = (completedOn: string) => {
      const result = checkRegistration({ ...good, completedOn }, rules);
      return result.ok ? null : result.problems[0]?.code;
    };
    expect(problem('2020-01-01')).toBeNull();
    expect(problem('2019-12-31')).toBe('BASE_YEAR.DATE_OUTSIDE_YEAR');
    expect(problem('2020-09-02')).toBe('BASE_YEAR.DATE_IN_FUTURE');
    expect(problem('2020-02-30')).toBe('BASE_YEAR.INVALID_DATE');
  });

  it('refuses an ID number given as a spreadsheet number (its last digits are gone)', () => {
    const result = checkRegistration({ ...good, idNumber: Number(id.slice(0, 17)) }, rules);
    expect(result.ok ? null : result.problems[0]?.code).toBe('BASE_YEAR.INVALID_ID_NUMBER');
  });

  it('names a registration by person and programme', () => {
    expect(registrationKey(good)).toBe(`${id}|职业道德`);
  });
});
