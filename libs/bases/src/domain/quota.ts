/**
 * Where a base stands against its yearly quota. Pure: the caller passes today's date (Asia/Shanghai)
 * from its clock; the projection only counts, this decides what the counts mean on a given day.
 */
export type QuotaStatus = 'on_track' | 'at_risk' | 'met' | 'not_met';

export interface QuotaFigures {
  readonly year: number;
  readonly trainees: number;
  readonly researchProjects: number;
  readonly traineeQuota: number;
  readonly projectQuota: number;
}

export interface QuotaStanding {
  /** Trainees at the end of the year if registrations keep their pace so far (the count itself once the year closed). */
  readonly forecastTrainees: number;
  readonly status: QuotaStatus;
}

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const daysInYear = (year: number): number => (isLeapYear(year) ? 366 : 365);

/** 1 for 1 January. `date` is YYYY-MM-DD. */
export function dayOfYear(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined)
    throw new RangeError(`not a date: ${date}`);
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** Whether the training year has ended on `today` (the year is the calendar year, DOMAIN.md rule 2). */
export const yearClosed = (year: number, today: string): boolean => today > `${year}-12-31`;

/**
 * `met` as soon as both quotas are reached (even mid-year); `not_met` once the year has closed short;
 * otherwise `on_track` when the pace so far reaches both quotas by 31 December, else `at_risk`.
 * A year that has not begun is `on_track`: nothing is due yet.
 */
export function quotaStanding(figures: QuotaFigures, today: string): QuotaStanding {
  const { year, trainees, researchProjects, traineeQuota, projectQuota } = figures;
  const met = trainees >= traineeQuota && researchProjects >= projectQuota;
  const currentYear = Number(today.slice(0, 4));
  if (yearClosed(year, today)) return { forecastTrainees: trainees, status: met ? 'met' : 'not_met' };
  if (year > currentYear) return { forecastTrainees: trainees, status: met ? 'met' : 'on_track' };
  const elapsed = dayOfYear(today);
  const scale = daysInYear(year) / elapsed;
  const forecastTrainees = Math.round(trainees * scale);
  if (met) return { forecastTrainees, status: 'met' };
  const onPace = forecastTrainees >= traineeQuota && researchProjects * scale >= projectQuota;
  return { forecastTrainees, status: onPace ? 'on_track' : 'at_risk' };
}
