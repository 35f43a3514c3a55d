import {
  type ChainPolicy,
  DEFAULT_CHAIN_POLICY,
  type Placement,
  resolveChain,
  SUBJECT_TYPES,
} from './chain-policy';

/** A person in a unit, supervised by a department, under a district bureau. */
const underDistrict: Placement = {
  unitId: 'org-unit',
  departmentId: 'org-dept',
  districtId: 'org-district',
  cityId: 'org-city',
  baseId: null,
};

/** A person in a city-direct (市直) unit: no district bureau. */
const cityDirect: Placement = { ...underDistrict, districtId: null };

/** An enterprise without a supervising department, under a district bureau. */
const enterpriseWithoutDepartment: Placement = { ...underDistrict, departmentId: null };

describe('DEFAULT_CHAIN_POLICY', () => {
  it('is versioned data', () => {
    expect(DEFAULT_CHAIN_POLICY.version).toBe('yantai-2020.1');
    expect(typeof DEFAULT_CHAIN_POLICY.version).toBe('string');
    expect(DEFAULT_CHAIN_POLICY.version.length).toBeGreaterThan(0);
    expect(DEFAULT_CHAIN_POLICY.workingDaysPerLevel).toBe(5);
  });

  it('has a chain for every subject type, neither side empty', () => {
    expect(Object.keys(DEFAULT_CHAIN_POLICY.chains).sort()).toEqual([...SUBJECT_TYPES].sort());
    for (const subject of SUBJECT_TYPES) {
      const chain = DEFAULT_CHAIN_POLICY.chains[subject];
      expect(chain.underDistrict.length).toBeGreaterThan(0);
      expect(chain.cityDirect.length).toBeGreaterThan(0);
    }
  });
});

describe('resolveChain', () => {
  describe('hour_claim', () => {
    it('under a district: unit → department → district bureau', () => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, 'hour_claim', underDistrict)).toEqual([
        { level: 'unit', orgId: 'org-unit' },
        { level: 'department', orgId: 'org-dept' },
        { level: 'district', orgId: 'org-district' },
      ]);
    });

    it('city-direct: unit → department → city bureau', () => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, 'hour_claim', cityDirect)).toEqual([
        { level: 'unit', orgId: 'org-unit' },
        { level: 'department', orgId: 'org-dept' },
        { level: 'city', orgId: 'org-city' },
      ]);
    });

    it('an enterprise without a supervising department keeps the level in the list, skipped (orgId null)', () => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, 'hour_claim', enterpriseWithoutDepartment)).toEqual([
        { level: 'unit', orgId: 'org-unit' },
        { level: 'department', orgId: null },
        { level: 'district', orgId: 'org-district' },
      ]);
    });

    it('ignores cityWide for a subject without cityWideAdds', () => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, 'hour_claim', underDistrict, { cityWide: true })).toEqual(
        resolveChain(DEFAULT_CHAIN_POLICY, 'hour_claim', underDistrict),
      );
    });
  });

  describe('training_project', () => {
    it('under a district, not open to the whole city: unit → department → district bureau', () => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, 'training_project', underDistrict)).toEqual([
        { level: 'unit', orgId: 'org-unit' },
        { level: 'department', orgId: 'org-dept' },
        { level: 'district', orgId: 'org-district' },
      ]);
      expect(
        resolveChain(DEFAULT_CHAIN_POLICY, 'training_project', underDistrict, { cityWide: false }),
      ).toHaveLength(3);
    });

    it('under a district, open to the whole city (面向全市): the city bureau comes after the district', () => {
      expect(
        resolveChain(DEFAULT_CHAIN_POLICY, 'training_project', underDistrict, { cityWide: true }),
      ).toEqual([
        { level: 'unit', orgId: 'org-unit' },
        { level: 'department', orgId: 'org-dept' },
        { level: 'district', orgId: 'org-district' },
        { level: 'city', orgId: 'org-city' },
      ]);
    });

    it('city-direct, open to the whole city: the city bureau is not duplicated', () => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, 'training_project', cityDirect, { cityWide: true })).toEqual([
        { level: 'unit', orgId: 'org-unit' },
        { level: 'department', orgId: 'org-dept' },
        { level: 'city', orgId: 'org-city' },
      ]);
    });
  });

  it.each(['training_plan', 'statistics_report', 'base_year_report'] as const)(
    '%s goes to the city bureau in the default policy',
    (subject) => {
      expect(resolveChain(DEFAULT_CHAIN_POLICY, subject, underDistrict)).toEqual([
        { level: 'city', orgId: 'org-city' },
      ]);
      expect(resolveChain(DEFAULT_CHAIN_POLICY, subject, cityDirect)).toEqual([
        { level: 'city', orgId: 'org-city' },
      ]);
    },
  );

  it('resolves the base level to the base, or skips it when the applicant has none', () => {
    const policy: ChainPolicy = {
      ...DEFAULT_CHAIN_POLICY,
      version: 'test-base',
      chains: {
        ...DEFAULT_CHAIN_POLICY.chains,
        base_year_report: { underDistrict: ['base', 'city'], cityDirect: ['base', 'city'] },
      },
    };
    expect(resolveChain(policy, 'base_year_report', { ...underDistrict, baseId: 'org-base' })).toEqual([
      { level: 'base', orgId: 'org-base' },
      { level: 'city', orgId: 'org-city' },
    ]);
    expect(resolveChain(policy, 'base_year_report', underDistrict)).toEqual([
      { level: 'base', orgId: null },
      { level: 'city', orgId: 'org-city' },
    ]);
  });

  it('follows the policy it is given (a new version changes the chain)', () => {
    const v2: ChainPolicy = {
      ...DEFAULT_CHAIN_POLICY,
      version: 'yantai-2021.1',
      chains: {
        ...DEFAULT_CHAIN_POLICY.chains,
        hour_claim: { underDistrict: ['unit', 'district'], cityDirect: ['unit', 'city'] },
      },
    };
    expect(resolveChain(v2, 'hour_claim', underDistrict)).toEqual([
      { level: 'unit', orgId: 'org-unit' },
      { level: 'district', orgId: 'org-district' },
    ]);
    expect(resolveChain(DEFAULT_CHAIN_POLICY, 'hour_claim', underDistrict)).toHaveLength(3);
  });

  it('does not mutate the policy', () => {
    const before = JSON.stringify(DEFAULT_CHAIN_POLICY);
    resolveChain(DEFAULT_CHAIN_POLICY, 'training_project', underDistrict, { cityWide: true });
    resolveChain(DEFAULT_CHAIN_POLICY, 'training_project', cityDirect, { cityWide: true });
    expect(JSON.stringify(DEFAULT_CHAIN_POLICY)).toBe(before);
  });
});
