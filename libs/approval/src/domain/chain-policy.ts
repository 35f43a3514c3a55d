/**
 * Approval chains as versioned data (DOMAIN.md "Approvals"). A flow pins the version it started
 * with; publishing a new version changes only flows submitted afterwards.
 */
export type Level = 'unit' | 'department' | 'district' | 'city' | 'base';

export type SubjectType =
  'hour_claim' | 'training_project' | 'training_plan' | 'statistics_report' | 'base_year_report';

export const SUBJECT_TYPES: readonly SubjectType[] = [
  'hour_claim',
  'training_project',
  'training_plan',
  'statistics_report',
  'base_year_report',
];

export interface Chain {
  /** Applicant under a district bureau. */
  readonly underDistrict: readonly Level[];
  /** Applicant directly under the city (市直). */
  readonly cityDirect: readonly Level[];
  /** Levels added at the end when the subject is open to the whole city (面向全市). */
  readonly cityWideAdds?: readonly Level[];
}

export interface ChainPolicy {
  readonly version: string;
  /** Working days each level has to decide (due date of its task). */
  readonly workingDaysPerLevel: number;
  readonly chains: Readonly<Record<SubjectType, Chain>>;
}

export const DEFAULT_CHAIN_POLICY: ChainPolicy = {
  version: 'yantai-2020.1',
  workingDaysPerLevel: 5,
  chains: {
    hour_claim: {
      underDistrict: ['unit', 'department', 'district'],
      cityDirect: ['unit', 'department', 'city'],
    },
    training_project: {
      underDistrict: ['unit', 'department', 'district'],
      cityDirect: ['unit', 'department', 'city'],
      cityWideAdds: ['city'],
    },
    training_plan: { underDistrict: ['city'], cityDirect: ['city'] },
    statistics_report: { underDistrict: ['city'], cityDirect: ['city'] },
    base_year_report: { underDistrict: ['city'], cityDirect: ['city'] },
  },
};

/** Where the applicant sits in the organisation tree; `null` where that level does not exist. */
export interface Placement {
  readonly unitId: string | null;
  readonly departmentId: string | null;
  readonly districtId: string | null;
  readonly cityId: string;
  readonly baseId: string | null;
}

export interface ResolvedStep {
  readonly level: Level;
  /** `null`: the level does not exist for this applicant and is skipped. */
  readonly orgId: string | null;
}

/**
 * The steps of a flow, resolved from the applicant's place in the tree at submission. A level
 * that does not exist for the applicant (an enterprise without a supervising department) stays in
 * the list, skipped, so that the record shows it.
 */
export function resolveChain(
  policy: ChainPolicy,
  subject: SubjectType,
  placement: Placement,
  options: { cityWide?: boolean } = {},
): ResolvedStep[] {
  const chain = policy.chains[subject];
  const levels = [...(placement.districtId ? chain.underDistrict : chain.cityDirect)];
  if (options.cityWide && chain.cityWideAdds) {
    for (const level of chain.cityWideAdds) if (!levels.includes(level)) levels.push(level);
  }
  return levels.map((level) => ({ level, orgId: orgAt(level, placement) }));
}

function orgAt(level: Level, placement: Placement): string | null {
  switch (level) {
    case 'unit':
      return placement.unitId;
    case 'department':
      return placement.departmentId;
    case 'district':
      return placement.districtId;
    case 'city':
      return placement.cityId;
    case 'base':
      return placement.baseId;
  }
}
