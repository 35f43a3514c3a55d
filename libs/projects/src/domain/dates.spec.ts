import { dateOfExcelInstant, dateOfExcelSerial, formatPeriod, isIsoDate, parseDateRange } from './dates';

describe('培训时间 as people write it', () => {
  it.each([
    ['2020-06-01', '2020-06-01', '2020-06-01'],
    ['2020/6/1', '2020-06-01', '2020-06-01'],
    ['2020.6.1', '2020-06-01', '2020-06-01'],
    ['2020年6月1日', '2020-06-01', '2020-06-01'],
    ['20200601', '2020-06-01', '2020-06-01'],
    ['２０２０．６．１', '2020-06-01', '2020-06-01'],
    ['2020.6.1-2020.6.3', '2020-06-01', '2020-06-03'],
    ['2020-06-01-2020-06-03', '2020-06-01', '2020-06-03'],
    ['2020.6.1 — 2020.6.3', '2020-06-01', '2020-06-03'],
    ['2020.6.1~6.3', '2020-06-01', '2020-06-03'],
    ['2020.6.28-7.2', '2020-06-28', '2020-07-02'],
    ['2020年6月1日至3日', '2020-06-01', '2020-06-03'],
    ['2020/6/1至2020/6/3', '2020-06-01', '2020-06-03'],
  ])('reads %s', (text, startDate, endDate) => {
    expect(parseDateRange(text)).toEqual({ startDate, endDate });
  });

  it.each([
    '',
    '六月',
    '2020年6月',
    '2020.13.1',
    '2020.2.30',
    '2020.6.1-',
    '2020.6.1-2020.6.31',
    '2020.6.1 全天',
  ])('does not read %p', (text) => {
    expect(parseDateRange(text)).toBeNull();
  });

  it('reads Excel date cells and serial numbers as the calendar day they show', () => {
    expect(dateOfExcelInstant(new Date(Date.UTC(2020, 5, 1)))).toBe('2020-06-01');
    expect(dateOfExcelInstant(new Date(Date.UTC(2020, 5, 1) - 1))).toBe('2020-06-01'); // float noise
    expect(dateOfExcelSerial(43983)).toBe('2020-06-01');
    expect(dateOfExcelSerial(24)).toBeNull();
  });

  it('prints a period the way it reads it back', () => {
    expect(formatPeriod('2020-06-01', '2020-06-03')).toBe('2020.6.1-2020.6.3');
    expect(formatPeriod('2020-06-01', '2020-06-01')).toBe('2020.6.1');
    expect(parseDateRange(formatPeriod('2020-10-12', '2020-11-02'))).toEqual({
      startDate: '2020-10-12',
      endDate: '2020-11-02',
    });
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2021-02-29')).toBe(false);
  });
});
