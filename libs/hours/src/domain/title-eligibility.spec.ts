import fc from 'fast-check';
import { DEFAULT_HOURS_POLICY, type HoursPolicy } from './hours-policy';
import { type TitleApplicant, titleEligibility } from './title-eligibility';
import { computeYearLedger, type LedgerEntry, type YearLedger } from './year-ledger';

const policy = DEFAULT_HOURS_POLICY;

const institution: TitleApplicant = { unitType: 'public_institution', sector: 'other' };
const enterprise: TitleApplicant = { unitType: 'enterprise', sector: 'other' };
const school: TitleApplicant = { unitType: 'public_institution', sector: 'education' };

/** A closed year's ledger from public and professional hours, booked as ordinary training. */
function year(y: number, publicHours: number, professionalHours: number): [number, YearLedger] {
  const entries: LedgerEntry[] = [];
  if (publicHours > 0)
    entries.push({ claimId: `${y}-p`, subject: 'public', kind: 'online', hours: publicHours, makeUp: false });
  if (professionalHours > 0) {
    entries.push({
      claimId: `${y}-q`,
      subject: 'professional',
      kind: 'training',
      hours: professionalHours,
      makeUp: false,
    });
  }
  return [y, computeYearLedger(y, entries, policy, true)];
}

describe('titleEligibility in 2020', () => {
  it('a public institution needs public records for 2016–2019 and a professional record for 2019', () => {
    const ledgers = new Map([year(2016, 30, 0), year(2017, 30, 0), year(2018, 32, 10), year(2019, 30, 60)]);
    expect(titleEligibility(2020, institution, ledgers, policy)).toEqual({
      eligible: true,
      requiredYears: [2016, 2017, 2018, 2019],
      missing: [],
    });
  });

  it('lists each missing public year and the 2019 professional shortfall, and ignores totals', () => {
    // 2017 absent (zero hours); 2018 short of public; 2019 short of professional only.
    const ledgers = new Map([year(2016, 30, 0), year(2018, 12.5, 80), year(2019, 45, 45)]);
    expect(titleEligibility(2020, institution, ledgers, policy)).toEqual({
      eligible: false,
      requiredYears: [2016, 2017, 2018, 2019],
      missing: [
        { year: 2017, subject: 'public', shortHours: 30 },
        { year: 2018, subject: 'public', shortHours: 17.5 },
        { year: 2019, subject: 'professional', shortHours: 15 },
      ],
    });
  });

  it('an enterprise needs only a 2019 public record', () => {
    expect(titleEligibility(2020, enterprise, new Map([year(2019, 30, 0)]), policy)).toEqual({
      eligible: true,
      requiredYears: [2019],
      missing: [],
    });
    expect(
      titleEligibility(2020, enterprise, new Map([year(2018, 90, 90), year(2019, 29.5, 90)]), policy),
    ).toEqual({
      eligible: false,
      requiredYears: [2019],
      missing: [{ year: 2019, subject: 'public', shortHours: 0.5 }],
    });
  });

  it.each(['education', 'health', 'accounting'] as const)(
    'a %s institution is left to its own rules: eligible, nothing required, with a note',
    (sector) => {
      const result = titleEligibility(2020, { unitType: 'public_institution', sector }, new Map(), policy);
      expect(result).toEqual({ eligible: true, requiredYears: [], missing: [], note: expect.any(String) });
      expect(result.note).toContain('教育、卫生、会计');
    },
  );

  it('an enterprise in education follows the enterprise rule (the exception is for public institutions)', () => {
    const result = titleEligibility(2020, { unitType: 'enterprise', sector: 'education' }, new Map(), policy);
    expect(result).toEqual({
      eligible: false,
      requiredYears: [2019],
      missing: [{ year: 2019, subject: 'public', shortHours: 30 }],
    });
  });
});

describe('titleEligibility from 2021', () => {
  it('needs the five years 2016–2020 each meeting the full yearly requirement', () => {
    const ledgers = new Map([
      year(2016, 30, 60),
      year(2017, 30, 60),
      year(2018, 40, 60),
      year(2019, 30, 70),
      year(2020, 30, 60),
    ]);
    for (const applicant of [institution, enterprise, school]) {
      expect(titleEligibility(2021, applicant, ledgers, policy)).toEqual({
        eligible: true,
        requiredYears: [2016, 2017, 2018, 2019, 2020],
        missing: [],
      });
    }
  });

  it('lists every unmet year and subject, sorted by year then public, professional, total', () => {
    const ledgers = new Map([
      year(2020, 45, 45), // 15 professional short, total met
      year(2016, 30, 60),
      year(2018, 20, 50), // short everywhere
      // 2017 and 2019 absent
    ]);
    expect(titleEligibility(2021, school, ledgers, policy)).toEqual({
      eligible: false,
      requiredYears: [2016, 2017, 2018, 2019, 2020],
      missing: [
        { year: 2017, subject: 'public', shortHours: 30 },
        { year: 2017, subject: 'professional', shortHours: 60 },
        { year: 2017, subject: 'total', shortHours: 90 },
        { year: 2018, subject: 'public', shortHours: 10 },
        { year: 2018, subject: 'professional', shortHours: 10 },
        { year: 2018, subject: 'total', shortHours: 20 },
        { year: 2019, subject: 'public', shortHours: 30 },
        { year: 2019, subject: 'professional', shortHours: 60 },
        { year: 2019, subject: 'total', shortHours: 90 },
        { year: 2020, subject: 'professional', shortHours: 15 },
      ],
    });
  });

  it('moves with the application year: 2023 needs 2018–2022', () => {
    expect(titleEligibility(2023, enterprise, new Map(), policy).requiredYears).toEqual([
      2018, 2019, 2020, 2021, 2022,
    ]);
  });

  it('counts make-up study booked against a missing year', () => {
    const makeUp2017 = computeYearLedger(
      2017,
      [
        { claimId: 'm1', subject: 'public', kind: 'online', hours: 30, makeUp: true },
        { claimId: 'm2', subject: 'professional', kind: 'training', hours: 60, makeUp: true },
      ],
      policy,
      true,
    );
    const ledgers = new Map([
      year(2016, 30, 60),
      [2017, makeUp2017] as const,
      year(2018, 30, 60),
      year(2019, 30, 60),
      year(2020, 30, 60),
    ]);
    expect(titleEligibility(2021, institution, ledgers, policy).eligible).toBe(true);
  });
});

describe('titleEligibility as data', () => {
  it('no matching rule means no requirement from this policy, said in a note', () => {
    const result = titleEligibility(2019, institution, new Map(), policy);
    expect(result).toEqual({ eligible: true, requiredYears: [], missing: [], note: expect.any(String) });
  });

  it('follows a changed policy with absolute years and de-duplicates overlapping requirements', () => {
    const custom: HoursPolicy = {
      ...policy,
      titleRules: [
        {
          fromApplyYear: 2030,
          toApplyYear: 2030,
          appliesTo: { unitTypes: ['enterprise'], sectors: ['other'] },
          requirements: [
            { years: { kind: 'absolute', years: [2029, 2027] }, subject: 'public' },
            { years: { kind: 'years_back', yearsBack: [1] }, subject: 'all' },
          ],
        },
      ],
    };
    expect(titleEligibility(2030, enterprise, new Map([year(2027, 30, 0)]), custom)).toEqual({
      eligible: false,
      requiredYears: [2027, 2029],
      missing: [
        { year: 2029, subject: 'public', shortHours: 30 },
        { year: 2029, subject: 'professional', shortHours: 60 },
        { year: 2029, subject: 'total', shortHours: 90 },
      ],
    });
    expect(titleEligibility(2030, institution, new Map(), custom).requiredYears).toEqual([]);
  });

  it('property: eligible exactly when nothing is missing, and missing rows are sorted and unique', () => {
    const subjectRank = { public: 0, professional: 1, total: 2 } as const;
    const ledgerArb = fc
      .tuple(
        fc.integer({ min: 2014, max: 2024 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 140 }),
      )
      .map(([y, pub, pro]) => year(y, pub / 2 + (pub % 3) * 10, pro / 2 + (pro % 2) * 30));
    const applicantArb = fc.record<TitleApplicant>({
      unitType: fc.constantFrom('public_institution', 'enterprise'),
      sector: fc.constantFrom('education', 'health', 'accounting', 'other'),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2018, max: 2026 }),
        applicantArb,
        fc.array(ledgerArb),
        (applyYear, applicant, pairs) => {
          const result = titleEligibility(applyYear, applicant, new Map(pairs), policy);
          expect(result.eligible).toBe(result.missing.length === 0);
          for (const row of result.missing) {
            expect(result.requiredYears).toContain(row.year);
            expect(row.shortHours).toBeGreaterThan(0);
          }
          const keys = result.missing.map((row) => row.year * 10 + subjectRank[row.subject]);
          expect(keys).toEqual([...new Set(keys)].sort((a, b) => a - b));
        },
      ),
    );
  });
});
