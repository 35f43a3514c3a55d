import { dayOfYear, daysInYear, quotaStanding } from './quota';

const provincial = { year: 2020, traineeQuota: 2000, projectQuota: 4 };

describe('quota standing of a base year', () => {
  it('counts days of the year on the calendar (2020 is a leap year)', () => {
    expect(dayOfYear('2020-01-01')).toBe(1);
    expect(dayOfYear('2020-09-01')).toBe(245);
    expect(dayOfYear('2020-12-31')).toBe(366);
    expect(daysInYear(2021)).toBe(365);
  });

  it('is met as soon as both quotas are reached, even mid-year', () => {
    expect(quotaStanding({ ...provincial, trainees: 2000, researchProjects: 4 }, '2020-03-01').status).toBe(
      'met',
    );
  });

  it('is not met at 1,999 trainees, nor with three projects', () => {
    expect(
      quotaStanding({ ...provincial, trainees: 1999, researchProjects: 4 }, '2020-09-01').status,
    ).not.toBe('met');
    expect(
      quotaStanding({ ...provincial, trainees: 5000, researchProjects: 3 }, '2020-09-01').status,
    ).not.toBe('met');
  });

  it('forecasts the year from the pace so far: on track or at risk', () => {
    // 1,400 by 1 September (day 245 of 366) → 2,091 by the end of the year.
    expect(quotaStanding({ ...provincial, trainees: 1400, researchProjects: 3 }, '2020-09-01')).toEqual({
      forecastTrainees: 2091,
      status: 'on_track',
    });
    expect(quotaStanding({ ...provincial, trainees: 1300, researchProjects: 3 }, '2020-09-01')).toEqual({
      forecastTrainees: 1942,
      status: 'at_risk',
    });
    // Enough people, but two projects by September will not make four.
    expect(quotaStanding({ ...provincial, trainees: 1900, researchProjects: 2 }, '2020-09-01').status).toBe(
      'at_risk',
    );
  });

  it('is not met once the year closed short, and keeps the real count as the forecast', () => {
    expect(quotaStanding({ ...provincial, trainees: 1999, researchProjects: 9 }, '2021-01-01')).toEqual({
      forecastTrainees: 1999,
      status: 'not_met',
    });
    expect(quotaStanding({ ...provincial, trainees: 2000, researchProjects: 4 }, '2021-01-01').status).toBe(
      'met',
    );
  });

  it('treats a year that has not begun as on track', () => {
    expect(
      quotaStanding({ ...provincial, year: 2021, trainees: 0, researchProjects: 0 }, '2020-09-01').status,
    ).toBe('on_track');
  });
});
