import { isCalendarDate } from './trainee-registration';

/** A research/training project (研修培训项目) a base hosts in a year. */
export interface ResearchProject {
  readonly name: string;
  /** YYYY-MM-DD */
  readonly startDate: string;
  readonly endDate: string;
}

export interface ProjectProblem {
  readonly field: keyof ResearchProject;
  readonly code: string;
  readonly message: string;
}

/** Checks and normalises a project: it must run at least partly in the year it is counted for. */
export function checkResearchProject(
  raw: ResearchProject,
  year: number,
): { ok: true; project: ResearchProject } | { ok: false; problems: ProjectProblem[] } {
  const problems: ProjectProblem[] = [];
  const name = raw.name.replace(/\s+/g, ' ').trim();
  if (!name)
    problems.push({ field: 'name', code: 'BASE_YEAR.PROJECT_NAME_REQUIRED', message: '缺少研修项目名称' });
  for (const field of ['startDate', 'endDate'] as const) {
    if (!isCalendarDate(raw[field])) {
      problems.push({
        field,
        code: 'BASE_YEAR.INVALID_DATE',
        message: `${field === 'startDate' ? '开始' : '结束'}日期无效`,
      });
    }
  }
  if (problems.length === 0) {
    if (raw.startDate > raw.endDate) {
      problems.push({
        field: 'startDate',
        code: 'BASE_YEAR.DATES_OUT_OF_ORDER',
        message: '开始日期不能晚于结束日期',
      });
    } else if (raw.startDate > `${year}-12-31` || raw.endDate < `${year}-01-01`) {
      problems.push({
        field: 'startDate',
        code: 'BASE_YEAR.DATE_OUTSIDE_YEAR',
        message: `研修项目不在${year}年度内举办`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, project: { name, startDate: raw.startDate, endDate: raw.endDate } };
}

/** Projects are told apart by name within a base's year. */
export const projectKey = (project: Pick<ResearchProject, 'name'>): string => project.name.toLowerCase();
