import fc from 'fast-check';
import { CLAIM_KINDS, DEFAULT_HOURS_POLICY, type ClaimKind, type Subject } from './hours-policy';
import { computeYearLedger, type LedgerEntry } from './year-ledger';

const policy = DEFAULT_HOURS_POLICY;
let nextId = 0;

function entry(subject: Subject, kind: ClaimKind, hours: number, makeUp = false): LedgerEntry {
  nextId += 1;
  return { claimId: `claim-${nextId}`, subject, kind, hours, makeUp };
}

describe('computeYearLedger', () => {
  it('an empty open year has not started and lacks everything', () => {
    expect(computeYearLedger(2020, [], policy, false)).toEqual({
      year: 2020,
      publicHours: 0,
      professionalHours: 0,
      totalHours: 0,
      competition: { publicApproved: 0, publicCounted: 0, professionalApproved: 0, professionalCounted: 0 },
      requirement: { public: 30, professional: 60, total: 90 },
      shortfall: { public: 30, professional: 60, total: 90 },
      status: 'not_started',
    });
  });

  it('an empty closed year is non-compliant', () => {
    expect(computeYearLedger(2019, [], policy, true).status).toBe('non_compliant');
  });

  it('45 public + 45 professional make 90 in total but stay 15 professional hours short', () => {
    const ledger = computeYearLedger(
      2020,
      [entry('public', 'online', 45), entry('professional', 'training', 45)],
      policy,
      false,
    );
    expect(ledger).toMatchObject({
      publicHours: 45,
      professionalHours: 45,
      totalHours: 90,
      shortfall: { public: 0, professional: 15, total: 0 },
      status: 'in_progress',
    });
    expect(
      computeYearLedger(
        2020,
        [entry('public', 'online', 45), entry('professional', 'training', 45)],
        policy,
        true,
      ).status,
    ).toBe('non_compliant');
  });

  it('8 approved public competition hours count as 5', () => {
    const ledger = computeYearLedger(
      2020,
      [entry('public', 'competition', 8), entry('public', 'online', 20)],
      policy,
      false,
    );
    expect(ledger.competition).toEqual({
      publicApproved: 8,
      publicCounted: 5,
      professionalApproved: 0,
      professionalCounted: 0,
    });
    expect(ledger.publicHours).toBe(25);
    expect(ledger.shortfall.public).toBe(5);
  });

  it('40 professional competition hours count as 30; with 30 training hours professional reaches 60', () => {
    const ledger = computeYearLedger(
      2020,
      [
        entry('professional', 'competition', 25),
        entry('professional', 'competition', 15),
        entry('professional', 'training', 30),
      ],
      policy,
      false,
    );
    expect(ledger.competition).toEqual({
      publicApproved: 0,
      publicCounted: 0,
      professionalApproved: 40,
      professionalCounted: 30,
    });
    expect(ledger.professionalHours).toBe(60);
    expect(ledger.shortfall).toEqual({ public: 30, professional: 0, total: 30 });
    expect(ledger.status).toBe('in_progress');
  });

  it('is compliant as soon as every minimum is met, before the year closes', () => {
    const ledger = computeYearLedger(
      2020,
      [entry('public', 'online', 30), entry('professional', 'training', 60)],
      policy,
      false,
    );
    expect(ledger.status).toBe('compliant');
    expect(ledger.shortfall).toEqual({ public: 0, professional: 0, total: 0 });
  });

  it('make-up entries count like any other approved hours', () => {
    const ledger = computeYearLedger(
      2019,
      [
        entry('public', 'online', 20),
        entry('public', 'training', 10, true),
        entry('professional', 'self_study', 40),
        entry('professional', 'achievement', 20.5, true),
      ],
      policy,
      true,
    );
    expect(ledger).toMatchObject({
      publicHours: 30,
      professionalHours: 60.5,
      totalHours: 90.5,
      status: 'compliant',
    });
  });

  it('sums halves exactly', () => {
    const halves = Array.from({ length: 181 }, () => entry('professional', 'online', 0.5));
    const ledger = computeYearLedger(2020, halves, policy, false);
    expect(ledger.professionalHours).toBe(90.5);
    expect(ledger.shortfall).toEqual({ public: 30, professional: 0, total: 0 });
  });

  it('reads requirement and caps from the policy', () => {
    const stricter = {
      ...policy,
      requirement: { public: 40, professional: 80, total: 120 },
      competitionCaps: { public: 0, professional: 10 },
    };
    const ledger = computeYearLedger(
      2022,
      [entry('public', 'competition', 5), entry('professional', 'competition', 20)],
      stricter,
      false,
    );
    expect(ledger.requirement).toEqual({ public: 40, professional: 80, total: 120 });
    expect(ledger.publicHours).toBe(0);
    expect(ledger.professionalHours).toBe(10);
    expect(ledger.shortfall).toEqual({ public: 40, professional: 70, total: 110 });
  });
});

describe('computeYearLedger properties', () => {
  const hoursArb = fc.integer({ min: 1, max: 240 }).map((halves) => halves / 2);
  const entryArb: fc.Arbitrary<LedgerEntry> = fc.record({
    claimId: fc.uuid(),
    subject: fc.constantFrom<Subject>('public', 'professional'),
    kind: fc.constantFrom(...CLAIM_KINDS),
    hours: hoursArb,
    makeUp: fc.boolean(),
  });
  const entriesArb = fc.array(entryArb, { maxLength: 30 });

  const approved = (entries: readonly LedgerEntry[], subject: Subject): number =>
    entries.filter((e) => e.subject === subject).reduce((sum, e) => sum + e.hours * 2, 0) / 2;

  it('never counts more than 5 public or 30 professional competition hours', () => {
    fc.assert(
      fc.property(entriesArb, fc.boolean(), (entries, closed) => {
        const ledger = computeYearLedger(2020, entries, policy, closed);
        expect(ledger.competition.publicCounted).toBeLessThanOrEqual(5);
        expect(ledger.competition.professionalCounted).toBeLessThanOrEqual(30);
        expect(ledger.competition.publicCounted).toBeLessThanOrEqual(ledger.competition.publicApproved);
        expect(ledger.competition.professionalCounted).toBeLessThanOrEqual(
          ledger.competition.professionalApproved,
        );
      }),
    );
  });

  it('total is the sum of the subjects, and counted hours never exceed approved hours', () => {
    fc.assert(
      fc.property(entriesArb, fc.boolean(), (entries, closed) => {
        const ledger = computeYearLedger(2020, entries, policy, closed);
        expect(ledger.totalHours).toBe(ledger.publicHours + ledger.professionalHours);
        expect(ledger.publicHours).toBeLessThanOrEqual(approved(entries, 'public'));
        expect(ledger.professionalHours).toBeLessThanOrEqual(approved(entries, 'professional'));
      }),
    );
  });

  it('shortfall is never negative and shortfall + counted reaches the requirement', () => {
    fc.assert(
      fc.property(entriesArb, fc.boolean(), (entries, closed) => {
        const { shortfall, requirement, publicHours, professionalHours, totalHours } = computeYearLedger(
          2020,
          entries,
          policy,
          closed,
        );
        for (const value of Object.values(shortfall)) expect(value).toBeGreaterThanOrEqual(0);
        expect(shortfall.public + publicHours).toBeGreaterThanOrEqual(requirement.public);
        expect(shortfall.professional + professionalHours).toBeGreaterThanOrEqual(requirement.professional);
        expect(shortfall.total + totalHours).toBeGreaterThanOrEqual(requirement.total);
      }),
    );
  });

  it('adding an entry never lowers any counted figure', () => {
    fc.assert(
      fc.property(entriesArb, entryArb, fc.boolean(), (entries, extra, closed) => {
        const before = computeYearLedger(2020, entries, policy, closed);
        const after = computeYearLedger(2020, [...entries, extra], policy, closed);
        expect(after.publicHours).toBeGreaterThanOrEqual(before.publicHours);
        expect(after.professionalHours).toBeGreaterThanOrEqual(before.professionalHours);
        expect(after.totalHours).toBeGreaterThanOrEqual(before.totalHours);
        expect(after.competition.publicCounted).toBeGreaterThanOrEqual(before.competition.publicCounted);
        expect(after.competition.professionalCounted).toBeGreaterThanOrEqual(
          before.competition.professionalCounted,
        );
        expect(after.shortfall.public).toBeLessThanOrEqual(before.shortfall.public);
        expect(after.shortfall.professional).toBeLessThanOrEqual(before.shortfall.professional);
        expect(after.shortfall.total).toBeLessThanOrEqual(before.shortfall.total);
      }),
    );
  });

  it('is compliant exactly when every shortfall is 0', () => {
    fc.assert(
      fc.property(entriesArb, fc.boolean(), (entries, closed) => {
        const ledger = computeYearLedger(2020, entries, policy, closed);
        const met =
          ledger.shortfall.public === 0 &&
          ledger.shortfall.professional === 0 &&
          ledger.shortfall.total === 0;
        expect(ledger.status === 'compliant').toBe(met);
        if (!met)
          expect(ledger.status).toBe(
            closed ? 'non_compliant' : entries.length === 0 ? 'not_started' : 'in_progress',
          );
      }),
    );
  });

  it('does not depend on the order of entries', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const reversed = [...entries].reverse();
        expect(computeYearLedger(2020, reversed, policy, false)).toEqual(
          computeYearLedger(2020, entries, policy, false),
        );
      }),
    );
  });
});
