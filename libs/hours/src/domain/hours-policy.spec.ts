import { CLAIM_KINDS, DEFAULT_HOURS_POLICY } from './hours-policy';

describe('DEFAULT_HOURS_POLICY', () => {
  it('carries the 2020 notice numbers', () => {
    expect(DEFAULT_HOURS_POLICY).toMatchObject({
      version: 'yantai-2020.1',
      requirement: { public: 30, professional: 60, total: 90 },
      competitionCaps: { public: 5, professional: 30 },
      hourStep: 0.5,
      maxHoursPerClaim: 120,
    });
  });

  it('allows public subjects only from training, online study, competitions and other', () => {
    expect([...DEFAULT_HOURS_POLICY.kindsBySubject.public].sort()).toEqual([
      'competition',
      'online',
      'other',
      'training',
    ]);
    expect([...DEFAULT_HOURS_POLICY.kindsBySubject.professional].sort()).toEqual([...CLAIM_KINDS].sort());
  });

  it('is frozen all the way down, so no caller can change the rules for the others', () => {
    const requirement = DEFAULT_HOURS_POLICY.requirement as { public: number };
    expect(() => {
      requirement.public = 0;
    }).toThrow(TypeError);
    const kinds = DEFAULT_HOURS_POLICY.kindsBySubject.public as string[];
    expect(() => kinds.push('self_study')).toThrow(TypeError);
    expect(Object.isFrozen(DEFAULT_HOURS_POLICY.titleRules[0]?.appliesTo)).toBe(true);
  });

  it('puts the 2020 education/health/accounting exception before the general public-institution rule', () => {
    const rules2020 = DEFAULT_HOURS_POLICY.titleRules.filter((rule) => rule.fromApplyYear === 2020);
    expect(rules2020.map((rule) => rule.appliesTo)).toEqual([
      { unitTypes: ['public_institution'], sectors: ['education', 'health', 'accounting'] },
      { unitTypes: ['public_institution'] },
      { unitTypes: ['enterprise'] },
    ]);
  });
});
