// Not '@ce/kernel': that barrel also loads the kernel's Nest and TypeORM wiring at runtime.
import { assertNever } from '@ce/kernel';
import {
  type HoursPolicy,
  type Sector,
  type TitleRequirementSubject,
  type TitleRule,
  type TitleYears,
  type UnitType,
} from './hours-policy';
import { computeYearLedger, type YearLedger } from './year-ledger';

export interface TitleApplicant {
  unitType: UnitType;
  sector: Sector;
}

export type MissingSubject = 'public' | 'professional' | 'total';

export interface MissingRecord {
  year: number;
  subject: MissingSubject;
  shortHours: number;
}

export interface TitleEligibility {
  eligible: boolean;
  requiredYears: number[];
  missing: MissingRecord[];
  note?: string;
}

const SUBJECT_ORDER: readonly MissingSubject[] = ['public', 'professional', 'total'];

const NO_RULE_NOTE = '现行政策未对该年度职称申报设定继续教育学时要求';

function ruleMatches(rule: TitleRule, applyYear: number, applicant: TitleApplicant): boolean {
  const { unitTypes, sectors } = rule.appliesTo;
  return (
    applyYear >= rule.fromApplyYear &&
    (rule.toApplyYear === undefined || applyYear <= rule.toApplyYear) &&
    (unitTypes === undefined || unitTypes.includes(applicant.unitType)) &&
    (sectors === undefined || sectors.includes(applicant.sector))
  );
}

function resolveYears(years: TitleYears, applyYear: number): readonly number[] {
  switch (years.kind) {
    case 'years_back':
      return years.yearsBack.map((back) => applyYear - back);
    case 'absolute':
      return years.years;
    default:
      return assertNever(years, 'title years');
  }
}

function checkedSubjects(subject: TitleRequirementSubject): readonly MissingSubject[] {
  switch (subject) {
    case 'public':
      return ['public'];
    case 'professional':
      return ['professional'];
    case 'all':
      return SUBJECT_ORDER;
    default:
      return assertNever(subject, 'title requirement subject');
  }
}

/**
 * Whether the applicant's continuing-education records support a title application (职称评审) in
 * `applyYear`. Ledgers should count make-up study booked against each year, since 补学 is how a
 * missing year is filled. A year absent from `ledgers` has no approved hours.
 */
export function titleEligibility(
  applyYear: number,
  applicant: TitleApplicant,
  ledgers: ReadonlyMap<number, YearLedger>,
  policy: HoursPolicy,
): TitleEligibility {
  const rule = policy.titleRules.find((candidate) => ruleMatches(candidate, applyYear, applicant));
  if (!rule) return { eligible: true, requiredYears: [], missing: [], note: NO_RULE_NOTE };

  const subjectsByYear = new Map<number, Set<MissingSubject>>();
  for (const requirement of rule.requirements) {
    for (const year of resolveYears(requirement.years, applyYear)) {
      const subjects = subjectsByYear.get(year) ?? new Set<MissingSubject>();
      for (const subject of checkedSubjects(requirement.subject)) subjects.add(subject);
      subjectsByYear.set(year, subjects);
    }
  }

  const requiredYears = [...subjectsByYear.keys()].sort((a, b) => a - b);
  const missing: MissingRecord[] = [];
  for (const year of requiredYears) {
    const ledger = ledgers.get(year) ?? computeYearLedger(year, [], policy, true);
    const subjects = subjectsByYear.get(year);
    for (const subject of SUBJECT_ORDER) {
      const shortHours = ledger.shortfall[subject];
      if (subjects?.has(subject) && shortHours > 0) missing.push({ year, subject, shortHours });
    }
  }

  return {
    eligible: missing.length === 0,
    requiredYears,
    missing,
    ...(rule.note === undefined ? {} : { note: rule.note }),
  };
}
