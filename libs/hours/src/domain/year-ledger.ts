import { fromHundredths, toHundredths } from './hour-units';
import { type ClaimKind, type HoursPolicy, type Subject } from './hours-policy';

/** One approved claim of the year (make-up claims are booked against the year they make up). */
export interface LedgerEntry {
  claimId: string;
  subject: Subject;
  kind: ClaimKind;
  hours: number;
  makeUp: boolean;
}

export type YearLedgerStatus = 'not_started' | 'in_progress' | 'compliant' | 'non_compliant';

export interface YearLedger {
  year: number;
  publicHours: number;
  professionalHours: number;
  totalHours: number;
  competition: {
    publicApproved: number;
    publicCounted: number;
    professionalApproved: number;
    professionalCounted: number;
  };
  requirement: { public: number; professional: number; total: number };
  shortfall: { public: number; professional: number; total: number };
  status: YearLedgerStatus;
}

interface SubjectSums {
  regular: number;
  competition: number;
}

/**
 * The year's counted hours from its approved claims only; the caller filters out claims in review,
 * rejected, withdrawn or revoked. Competition hours are kept on record in full but count only up to
 * the caps (rule 3). Each subject's minimum is met only by that subject's hours (rule 1).
 */
export function computeYearLedger(
  year: number,
  entries: readonly LedgerEntry[],
  policy: HoursPolicy,
  yearClosed: boolean,
): YearLedger {
  const sums: Record<Subject, SubjectSums> = {
    public: { regular: 0, competition: 0 },
    professional: { regular: 0, competition: 0 },
  };
  for (const entry of entries) {
    const target = sums[entry.subject];
    if (entry.kind === 'competition') target.competition += toHundredths(entry.hours);
    else target.regular += toHundredths(entry.hours);
  }

  const counted = (subject: Subject): { total: number; competition: number } => {
    const competition = Math.min(sums[subject].competition, toHundredths(policy.competitionCaps[subject]));
    return { total: sums[subject].regular + competition, competition };
  };
  const publicCounted = counted('public');
  const professionalCounted = counted('professional');
  const totalCounted = publicCounted.total + professionalCounted.total;

  const shortOf = (requirementHours: number, countedHundredths: number): number =>
    fromHundredths(Math.max(0, toHundredths(requirementHours) - countedHundredths));
  const shortfall = {
    public: shortOf(policy.requirement.public, publicCounted.total),
    professional: shortOf(policy.requirement.professional, professionalCounted.total),
    total: shortOf(policy.requirement.total, totalCounted),
  };

  return {
    year,
    publicHours: fromHundredths(publicCounted.total),
    professionalHours: fromHundredths(professionalCounted.total),
    totalHours: fromHundredths(totalCounted),
    competition: {
      publicApproved: fromHundredths(sums.public.competition),
      publicCounted: fromHundredths(publicCounted.competition),
      professionalApproved: fromHundredths(sums.professional.competition),
      professionalCounted: fromHundredths(professionalCounted.competition),
    },
    requirement: { ...policy.requirement },
    shortfall,
    status: ledgerStatus(shortfall, entries.length > 0, yearClosed),
  };
}

function ledgerStatus(
  shortfall: YearLedger['shortfall'],
  hasEntries: boolean,
  yearClosed: boolean,
): YearLedgerStatus {
  // A year can be met early: compliance does not wait for 31 December.
  if (shortfall.public === 0 && shortfall.professional === 0 && shortfall.total === 0) return 'compliant';
  if (yearClosed) return 'non_compliant';
  return hasEntries ? 'in_progress' : 'not_started';
}
