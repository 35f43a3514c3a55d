import { type TestSystem, type Yantai, buildYantai, startTestSystem } from '../support/yantai';

interface UserItem {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
}

/** Who works where (to transfer a task) and who signed what (names of approvers), over HTTP. */
describe('users of an organisation and approvers’ names', () => {
  let system: TestSystem;
  let y: Yantai;

  beforeAll(async () => {
    system = await startTestSystem('users');
    y = await buildYantai(system, 'us');
  }, 120_000);

  afterAll(async () => {
    await system?.close();
  });

  it('lists the staff accounts of an organisation within the caller’s jurisdiction, not people', async () => {
    const { items } = (
      await y.users.unitAdmin.getFresh('/api/v1/users', { query: { orgId: y.orgs.youthCentre } })
    ).expectStatus<{ items: UserItem[] }>(200);
    expect(items.map((u) => u.username).sort()).toEqual(['us.youth.admin.a', 'us.youth.admin.b']);
    expect(items.every((u) => u.orgId === y.orgs.youthCentre && u.roles.includes('unit_admin'))).toBe(true);
    // The district bureau sees the units below it.
    const fromDistrict = (
      await y.users.districtReviewer.getFresh('/api/v1/users', { query: { orgId: y.orgs.youthCentre } })
    ).expectStatus<{ items: UserItem[] }>(200);
    expect(fromDistrict.items).toHaveLength(2);
  });

  it('refuses another organisation’s staff list, a professional, and a bad id', async () => {
    (
      await y.users.fushanReviewer.get('/api/v1/users', { query: { orgId: y.orgs.youthCentre } })
    ).expectProblem(403);
    (await y.users.wang.get('/api/v1/users', { query: { orgId: y.orgs.youthCentre } })).expectProblem(403);
    (await y.users.unitAdmin.get('/api/v1/users', { query: { orgId: 'nope' } })).expectProblem(400);
  });

  it('resolves approvers’ display names for any signed-in user, leaving unknown ids out', async () => {
    const ids = [y.users.districtReviewer.user.id, y.users.cityReviewer.user.id, 'not-a-uuid'];
    const { names } = (
      await y.users.wang.getFresh('/api/v1/users/names', { query: { ids: ids.join(',') } })
    ).expectStatus<{ names: Record<string, string> }>(200);
    expect(names).toEqual({
      [y.users.districtReviewer.user.id]: 'us.zhifu.hrss',
      [y.users.cityReviewer.user.id]: 'us.yantai.hrss',
    });
  });
});
