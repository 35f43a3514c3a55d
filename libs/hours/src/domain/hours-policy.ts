/**
 * The city's continuing-education hours policy as data (烟人社字〔2020〕95号 and the defaults marked
 * "(policy)" in DOMAIN.md). The city can change any of it by publishing a new version; rules read the
 * policy they are given and hold no numbers of their own.
 */

export type Subject = 'public' | 'professional';

export type ClaimKind =
  'training' | 'online' | 'self_study' | 'achievement' | 'grassroots_service' | 'competition' | 'other';

export const SUBJECTS: readonly Subject[] = ['public', 'professional'];

export const CLAIM_KINDS: readonly ClaimKind[] = [
  'training',
  'online',
  'self_study',
  'achievement',
  'grassroots_service',
  'competition',
  'other',
];

export type UnitType = 'public_institution' | 'enterprise';

export type Sector = 'education' | 'health' | 'accounting' | 'other';

/**
 * Which calendar years a title requirement looks at: relative to the application year (so one rule can
 * serve every year from 2021 on), or fixed years when the notice names them.
 */
export type TitleYears =
  | { readonly kind: 'years_back'; readonly yearsBack: readonly number[] }
  | { readonly kind: 'absolute'; readonly years: readonly number[] };

/**
 * `public` / `professional`: that year's counted hours of the subject meet the yearly minimum (a
 * "合格证明" for the subject); `all`: the year meets every yearly minimum, total included.
 */
export type TitleRequirementSubject = 'public' | 'professional' | 'all';

export interface TitleRequirement {
  readonly years: TitleYears;
  readonly subject: TitleRequirementSubject;
}

export interface TitleRule {
  readonly fromApplyYear: number;
  /** Inclusive; absent means the rule stays in force until a later policy version replaces it. */
  readonly toApplyYear?: number;
  /** Absent filters match everyone. */
  readonly appliesTo: { readonly unitTypes?: readonly UnitType[]; readonly sectors?: readonly Sector[] };
  /** Empty when the notice defers to other rules: eligibility is then not decided by hours here. */
  readonly requirements: readonly TitleRequirement[];
  /** Shown to officials with the result, e.g. why no requirement applies. */
  readonly note?: string;
}

export interface HoursPolicy {
  readonly version: string;
  readonly requirement: { readonly public: number; readonly professional: number; readonly total: number };
  readonly competitionCaps: { readonly public: number; readonly professional: number };
  readonly hourStep: number;
  readonly maxHoursPerClaim: number;
  /** which claim kinds each subject allows */
  readonly kindsBySubject: {
    readonly public: readonly ClaimKind[];
    readonly professional: readonly ClaimKind[];
  };
  /**
   * Title evaluation (职称评审) rules; the first rule matching the application year, unit type and sector
   * wins, so narrower rules must come before broader ones of the same years.
   */
  readonly titleRules: readonly TitleRule[];
}

/** A policy is shared by every request: freezing it stops one caller from changing another's rules. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const DEFAULT_HOURS_POLICY: HoursPolicy = deepFreeze<HoursPolicy>({
  version: 'yantai-2020.1',
  requirement: { public: 30, professional: 60, total: 90 },
  competitionCaps: { public: 5, professional: 30 },
  hourStep: 0.5,
  maxHoursPerClaim: 120,
  kindsBySubject: {
    // Public subjects come from the bases' online platforms or bureau/department training (rule 4);
    // self-study and conversions (折算类) are professional-only kinds in 附件2.
    public: ['training', 'online', 'competition', 'other'],
    professional: [
      'training',
      'online',
      'self_study',
      'achievement',
      'grassroots_service',
      'competition',
      'other',
    ],
  },
  titleRules: [
    {
      // The notice's exception sits inside the public-institution clause: "事业单位申报人员（教育、卫生、会计
      // 单位人员另有规定）". It must precede the general public-institution rule below.
      fromApplyYear: 2020,
      toApplyYear: 2020,
      appliesTo: { unitTypes: ['public_institution'], sectors: ['education', 'health', 'accounting'] },
      requirements: [],
      note: '教育、卫生、会计单位人员申报2020年度职称，继续教育要求按其行业规定执行，本通知不作要求',
    },
    {
      fromApplyYear: 2020,
      toApplyYear: 2020,
      appliesTo: { unitTypes: ['public_institution'] },
      requirements: [
        { years: { kind: 'years_back', yearsBack: [4, 3, 2, 1] }, subject: 'public' },
        { years: { kind: 'years_back', yearsBack: [1] }, subject: 'professional' },
      ],
    },
    {
      fromApplyYear: 2020,
      toApplyYear: 2020,
      appliesTo: { unitTypes: ['enterprise'] },
      requirements: [{ years: { kind: 'years_back', yearsBack: [1] }, subject: 'public' }],
    },
    {
      // "近五年" read as the five calendar years before the application year, each meeting rule 1 (policy).
      fromApplyYear: 2021,
      appliesTo: {},
      requirements: [{ years: { kind: 'years_back', yearsBack: [5, 4, 3, 2, 1] }, subject: 'all' }],
    },
  ],
});
