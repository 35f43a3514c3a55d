import {
  type TestSystem,
  type Yantai,
  buildYantai,
  claim,
  seedApproved,
  startTestSystem,
  submitClaim,
} from '../support/yantai';

interface Compliance {
  year: number;
  closed: boolean;
  total: { persons: number; byStatus: Record<string, number>; rate: number };
  districts: {
    districtId: string | null;
    districtName: string;
    persons: number;
    byStatus: Record<string, number>;
    rate: number;
  }[];
}

interface DeadlineFulfilment {
  deadlineId: string;
  kind: string;
  dueAt: string;
  owed: number;
  fulfilled: number;
}

/**
 * The city's dashboards over HTTP on PostgreSQL: compliance by district computed with the year
 * ledger's rules, scoped to the caller's jurisdiction, and the fulfilment of each deadline.
 */
describe('dashboards (全市概览)', () => {
  let system: TestSystem;
  let y: Yantai;

  beforeAll(async () => {
    system = await startTestSystem('dashboards');
    y = await buildYantai(system, 'db');
    const { unitAdmin, unitAdmin2, departmentReviewer, districtReviewer } = y.users;
    // 王芳 compliant: 30 public + 60 professional; 李强 in progress: 10 public.
    await seedApproved(
      unitAdmin2,
      [
        claim(y.people.wang, { hours: 30 }),
        claim(y.people.wang, { subject: 'professional', hours: 60 }),
        claim(y.people.li, { hours: 10 }),
      ],
      [unitAdmin, departmentReviewer, districtReviewer],
    );
    // In review only: does not count.
    await submitClaim(y.users.hospitalAdmin, claim(y.people.zhao, { hours: 40 }));
  }, 120_000);

  afterAll(async () => {
    await system?.close();
  });

  const compliance = async (session = y.users.cityReviewer, year = 2020): Promise<Compliance> =>
    (await session.getFresh('/api/v1/dashboards/compliance', { query: { year } })).expectStatus<Compliance>(
      200,
    );

  it('counts people by the status of their year, per district, for the city', async () => {
    const result = await compliance();
    expect(result.closed).toBe(false);
    const zhifu = result.districts.find((d) => d.districtId === y.orgs.zhifu);
    // 王芳, 李强 (youth centre, under 芝罘区教育局) and 孙磊 (enterprise under 芝罘区).
    expect(zhifu).toMatchObject({
      districtName: '芝罘区人力资源和社会保障局',
      persons: 3,
      byStatus: { compliant: 1, in_progress: 1, not_started: 1, non_compliant: 0 },
    });
    expect(zhifu?.rate).toBeCloseTo(1 / 3, 5);
    const cityDirect = result.districts.find((d) => d.districtId === null);
    expect(cityDirect).toMatchObject({ districtName: '市直', persons: 1, byStatus: { not_started: 1 } });
    expect(result.total.persons).toBe(4);
    expect(result.total.byStatus.compliant).toBe(1);
    expect(result.total.rate).toBeCloseTo(0.25, 5);
  });

  it('shows a district bureau only its own district', async () => {
    const own = await compliance(y.users.districtReviewer);
    expect(own.districts.map((d) => d.districtId)).toEqual([y.orgs.zhifu]);
    const other = await compliance(y.users.fushanReviewer);
    expect(other.total.persons).toBe(0);
    expect(other.districts).toEqual([]);
  });

  it('closes a past year: nobody of 2019 is compliant or in progress', async () => {
    const past = await compliance(y.users.cityReviewer, 2019);
    expect(past.closed).toBe(true);
    expect(past.total.byStatus.non_compliant).toBe(4);
  });

  it('refuses professionals and bad years', async () => {
    (await y.users.wang.get('/api/v1/dashboards/compliance', { query: { year: 2020 } })).expectProblem(403);
    (await y.users.cityReviewer.get('/api/v1/dashboards/compliance', { query: { year: 'x' } })).expectProblem(
      400,
    );
  });

  it('reports who has fulfilled each deadline of the year', async () => {
    const rows = (
      await y.users.cityReviewer.getFresh('/api/v1/dashboards/deadlines', { query: { year: 2020 } })
    ).expectStatus<DeadlineFulfilment[]>(200);
    expect(rows.map((r) => r.kind).sort()).toEqual(
      ['project_catalogue', 'statistics', 'training_plan', 'training_year_end'].sort(),
    );
    const yearEnd = rows.find((r) => r.kind === 'training_year_end');
    // Four people owe the year; only 王芳 is compliant.
    expect(yearEnd).toMatchObject({ owed: 4, fulfilled: 1 });
    const catalogue = rows.find((r) => r.kind === 'project_catalogue');
    expect(catalogue?.fulfilled).toBe(0);
    expect(catalogue?.owed).toBeGreaterThan(0);
  });
});
