import { type TestDatabase, createTestDatabase, testQueuePrefix } from '@ce/testing';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { idNumberCheckChar } from '../../libs/identity/src/domain/id-number';
import { Api, type Session } from './api-client';

/**
 * The assembled system on a fresh database "in 2020", and a small Yantai organisation tree with a
 * user for every role, built through the HTTP API.
 */

export const ADMIN_PASSWORD = 'e2e-admin-secret';
export const PASSWORD = 'e2e-user-secret';
export const CLOCK = '2020-09-01T09:00:00+08:00';

export interface TestSystem {
  readonly api: Api;
  readonly admin: Session;
  readonly rootOrgId: string;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export async function startTestSystem(label: string): Promise<TestSystem> {
  const database = await createTestDatabase(label);
  let started: StartedApp | undefined;
  try {
    started = await startApp({
      CE_REMINDERS_PREFIX: testQueuePrefix(),
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ROLE: 'all',
      CE_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CE_CLOCK: CLOCK,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const app = started.app;
  const api = new Api(started.url);
  const admin = await api.login('admin', ADMIN_PASSWORD);
  return {
    api,
    admin,
    rootOrgId: admin.user.orgId,
    database,
    async close() {
      try {
        await app.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/** A valid 18-character 身份证号 (GB 11643): area code, birth date, sequence, computed check character. */
export function idNumber(birthDate: string, sequence: number, area = '370602'): string {
  const first17 = `${area}${birthDate}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

export interface Written {
  readonly id: string;
  readonly position: string;
}

export interface OrgInput {
  readonly name: string;
  readonly kind: 'city' | 'district' | 'department' | 'unit' | 'base';
  readonly parentId: string;
  readonly unitType?: 'public_institution' | 'enterprise';
  readonly sector?: 'education' | 'health' | 'accounting' | 'other';
}

export async function createOrg(admin: Session, input: OrgInput): Promise<string> {
  return (await admin.post('/api/v1/orgs', input)).expectStatus<Written>(201).id;
}

export async function createPerson(
  session: Session,
  input: { name: string; idNumber: string; unitId: string },
): Promise<string> {
  return (await session.post('/api/v1/persons', input)).expectStatus<Written>(201).id;
}

export type Role =
  | 'person'
  | 'unit_admin'
  | 'department_reviewer'
  | 'district_reviewer'
  | 'city_reviewer'
  | 'base_operator'
  | 'auditor'
  | 'admin';

export interface UserInput {
  readonly username: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
  readonly personId?: string;
  readonly displayName?: string;
}

/** Creates the user and logs in as them. */
export async function createUser(admin: Session, input: UserInput): Promise<Session> {
  (
    await admin.post('/api/v1/users', {
      username: input.username,
      password: PASSWORD,
      displayName: input.displayName ?? input.username,
      orgId: input.orgId,
      roles: input.roles,
      ...(input.personId ? { personId: input.personId } : {}),
    })
  ).expectStatus<Written>(201);
  return admin.api.login(input.username, PASSWORD);
}

export interface YantaiOrgs {
  readonly city: string;
  /** 芝罘区人力资源和社会保障局 */
  readonly zhifu: string;
  /** 福山区人力资源和社会保障局 */
  readonly fushan: string;
  /** 芝罘区教育局 (district department) */
  readonly zhifuEducation: string;
  /** public institution, sector other, under 芝罘区教育局 */
  readonly youthCentre: string;
  /** public institution, sector education, under 芝罘区教育局 */
  readonly school: string;
  /** 烟台市卫生健康委员会 (city-direct department) */
  readonly cityHealth: string;
  /** public institution, sector health, under the city-direct department */
  readonly hospital: string;
  /** enterprise directly under 芝罘区 (no department) */
  readonly enterprise: string;
}

export interface YantaiPeople {
  /** 王芳, 芝罘区青少年校外活动中心 (has an account) */
  readonly wang: string;
  /** 李强, 芝罘区青少年校外活动中心 (has an account) */
  readonly li: string;
  /** 赵敏, 烟台毓璜顶医院 (has an account) */
  readonly zhao: string;
  /** 孙磊, 张裕 (has an account) */
  readonly sun: string;
}

export interface YantaiUsers {
  readonly admin: Session;
  readonly unitAdmin: Session;
  readonly unitAdmin2: Session;
  readonly schoolAdmin: Session;
  readonly departmentReviewer: Session;
  readonly districtReviewer: Session;
  readonly fushanReviewer: Session;
  readonly cityReviewer: Session;
  readonly hospitalAdmin: Session;
  readonly healthReviewer: Session;
  readonly enterpriseAdmin: Session;
  readonly wang: Session;
  readonly li: Session;
  readonly zhao: Session;
  readonly sun: Session;
}

export interface Yantai {
  readonly orgs: YantaiOrgs;
  readonly people: YantaiPeople;
  readonly users: YantaiUsers;
}

/** The tree of API.md / DOMAIN.md: district → department → unit, city-direct department → unit, district → enterprise. */
export async function buildYantai(system: TestSystem, prefix: string): Promise<Yantai> {
  const { admin, rootOrgId: city } = system;
  const [zhifu, fushan, cityHealth] = await Promise.all([
    createOrg(admin, { name: '芝罘区人力资源和社会保障局', kind: 'district', parentId: city }),
    createOrg(admin, { name: '福山区人力资源和社会保障局', kind: 'district', parentId: city }),
    createOrg(admin, { name: '烟台市卫生健康委员会', kind: 'department', parentId: city }),
  ]);
  const [zhifuEducation, hospital, enterprise] = await Promise.all([
    createOrg(admin, { name: '芝罘区教育局', kind: 'department', parentId: zhifu }),
    createOrg(admin, {
      name: '烟台毓璜顶医院',
      kind: 'unit',
      parentId: cityHealth,
      unitType: 'public_institution',
      sector: 'health',
    }),
    createOrg(admin, {
      name: '烟台张裕葡萄酿酒股份有限公司',
      kind: 'unit',
      parentId: zhifu,
      unitType: 'enterprise',
    }),
  ]);
  const [youthCentre, school] = await Promise.all([
    createOrg(admin, {
      name: '芝罘区青少年校外活动中心',
      kind: 'unit',
      parentId: zhifuEducation,
      unitType: 'public_institution',
      sector: 'other',
    }),
    createOrg(admin, {
      name: '烟台市芝罘区实验中学',
      kind: 'unit',
      parentId: zhifuEducation,
      unitType: 'public_institution',
      sector: 'education',
    }),
  ]);
  const orgs: YantaiOrgs = {
    city,
    zhifu,
    fushan,
    zhifuEducation,
    youthCentre,
    school,
    cityHealth,
    hospital,
    enterprise,
  };

  const [wang, li, zhao, sun] = await Promise.all([
    createPerson(admin, { name: '王芳', idNumber: idNumber('19850307', 124), unitId: youthCentre }),
    createPerson(admin, { name: '李强', idNumber: idNumber('19790611', 311), unitId: youthCentre }),
    createPerson(admin, { name: '赵敏', idNumber: idNumber('19880101', 402, '370613'), unitId: hospital }),
    createPerson(admin, { name: '孙磊', idNumber: idNumber('19901224', 517), unitId: enterprise }),
  ]);
  const people: YantaiPeople = { wang, li, zhao, sun };

  const u = (username: string, orgId: string, roles: Role[], personId?: string) =>
    createUser(admin, { username: `${prefix}.${username}`, orgId, roles, ...(personId ? { personId } : {}) });
  const [
    unitAdmin,
    unitAdmin2,
    schoolAdmin,
    departmentReviewer,
    districtReviewer,
    fushanReviewer,
    cityReviewer,
    hospitalAdmin,
    healthReviewer,
    enterpriseAdmin,
    wangUser,
    liUser,
    zhaoUser,
    sunUser,
  ] = await Promise.all([
    u('youth.admin.a', youthCentre, ['unit_admin']),
    u('youth.admin.b', youthCentre, ['unit_admin']),
    u('school.admin', school, ['unit_admin']),
    u('zhifu.edu', zhifuEducation, ['department_reviewer']),
    u('zhifu.hrss', zhifu, ['district_reviewer']),
    u('fushan.hrss', fushan, ['district_reviewer']),
    u('yantai.hrss', city, ['city_reviewer']),
    u('hospital.admin', hospital, ['unit_admin']),
    u('city.health', cityHealth, ['department_reviewer']),
    u('changyu.admin', enterprise, ['unit_admin']),
    u('wangfang', youthCentre, ['person'], wang),
    u('liqiang', youthCentre, ['person'], li),
    u('zhaomin', hospital, ['person'], zhao),
    u('sunlei', enterprise, ['person'], sun),
  ]);
  await syncReadModels(admin);
  return {
    orgs,
    people,
    users: {
      admin,
      unitAdmin,
      unitAdmin2,
      schoolAdmin,
      departmentReviewer,
      districtReviewer,
      fushanReviewer,
      cityReviewer,
      hospitalAdmin,
      healthReviewer,
      enterpriseAdmin,
      wang: wangUser,
      li: liUser,
      zhao: zhaoUser,
      sun: sunUser,
    },
  };
}

/** Waits until the read models include everything written so far (e.g. users before claims name their accounts). */
export async function syncReadModels(session: Session): Promise<void> {
  (await session.getFresh('/health')).expectStatus<unknown>(200);
}

// ---- hour claims and tasks -------------------------------------------------------------------

export interface ClaimInput {
  readonly personId: string;
  readonly subject: 'public' | 'professional';
  readonly kind:
    'training' | 'online' | 'self_study' | 'achievement' | 'grassroots_service' | 'competition' | 'other';
  readonly title: string;
  readonly organizer?: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly hours: number;
  readonly place?: string;
  readonly certificateNo?: string;
  readonly makeUpForYear?: number;
  /** 自学种类 (self_study only) */
  readonly studyType?: string;
  /** 考核方式 (self_study only) */
  readonly assessment?: string;
  /** 成果/论文著作种类 (achievement only) */
  readonly achievementType?: string;
  /** 获奖/发表等级 (achievement only) */
  readonly achievementLevel?: string;
}

export interface Submitted {
  readonly id: string;
  readonly year: number;
  readonly status: string;
  readonly position: string;
}

export interface Step {
  readonly level: string;
  readonly orgId: string | null;
  readonly decision: 'pending' | 'approved' | 'returned' | 'rejected' | 'skipped';
  readonly by?: string;
  readonly at?: string;
  readonly comment?: string;
}

export interface ClaimView {
  readonly id: string;
  readonly personId: string;
  readonly year: number;
  readonly subject: string;
  readonly kind: string;
  readonly hours: number;
  readonly title: string;
  readonly status: string;
  readonly makeUp: boolean;
  readonly steps: readonly Step[];
}

export interface ClaimListItem {
  readonly id: string;
  readonly personId: string;
  readonly year: number;
  readonly hours: number;
  readonly status: string;
  readonly makeUp: boolean;
}

export interface Task {
  readonly id: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly level: string;
  readonly orgId: string;
  readonly status: 'open' | 'claimed';
  readonly claimedBy: string | null;
  readonly createdAt: string;
  readonly dueAt: string | null;
  readonly summary: string;
  readonly hours?: number | null;
  readonly urgedCount?: number;
}

export interface Inbox {
  readonly items: readonly Task[];
  readonly nextCursor: string | null;
  readonly counts: { readonly open: number; readonly claimed: number };
}

export interface TaskOutcome {
  readonly subjectId: string;
  readonly status: string;
  readonly position: string;
}

export interface Ledger {
  readonly personId: string;
  readonly year: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly totalHours: number;
  readonly competition: {
    readonly publicApproved: number;
    readonly publicCounted: number;
    readonly professionalApproved: number;
    readonly professionalCounted: number;
  };
  readonly requirement: { readonly public: number; readonly professional: number; readonly total: number };
  readonly shortfall: { readonly public: number; readonly professional: number; readonly total: number };
  readonly status: string;
}

export interface Eligibility {
  readonly eligible: boolean;
  readonly requiredYears: readonly number[];
  readonly missing: readonly {
    readonly year: number;
    readonly subject: string;
    readonly shortHours: number;
  }[];
}

let claimCounter = 0;

/** A valid claim: 2020 public training unless overridden. */
export function claim(personId: string, overrides: Partial<Omit<ClaimInput, 'personId'>> = {}): ClaimInput {
  claimCounter += 1;
  return {
    personId,
    subject: 'public',
    kind: 'training',
    title: `专业技术人员职业道德与诚信建设（第${claimCounter}期）`,
    organizer: '芝罘区人力资源和社会保障局',
    startDate: '2020-06-01',
    endDate: '2020-06-03',
    hours: 10,
    place: '烟台市芝罘区',
    ...overrides,
  };
}

export async function submitClaim(session: Session, input: ClaimInput): Promise<Submitted> {
  return (await session.post('/api/v1/hour-claims', input)).expectStatus<Submitted>(201);
}

export async function getClaim(session: Session, claimId: string): Promise<ClaimView> {
  return (await session.getFresh(`/api/v1/hour-claims/${claimId}`)).expectStatus<ClaimView>(200);
}

export async function inbox(session: Session, query: Record<string, string | number> = {}): Promise<Inbox> {
  return (
    await session.getFresh('/api/v1/tasks', { query: { subjectType: 'hour_claim', limit: 200, ...query } })
  ).expectStatus<Inbox>(200);
}

/** The caller's open task for this claim, or undefined when their inbox does not show one. */
export async function findTask(session: Session, claimId: string): Promise<Task | undefined> {
  return (await inbox(session)).items.find((t) => t.subjectId === claimId);
}

export async function requireTask(session: Session, claimId: string): Promise<Task> {
  const task = await findTask(session, claimId);
  if (!task) throw new Error(`${session.user.username} has no task for claim ${claimId}`);
  return task;
}

/** Each reviewer in turn approves the claims' tasks in their inbox (one batch per level). */
export async function approveThrough(
  claimIds: readonly string[],
  reviewers: readonly Session[],
): Promise<void> {
  for (const reviewer of reviewers) {
    const tasks = (await inbox(reviewer)).items.filter((t) => claimIds.includes(t.subjectId));
    if (tasks.length !== claimIds.length) {
      throw new Error(
        `${reviewer.user.username} sees ${tasks.length} of the ${claimIds.length} claims' tasks in the inbox`,
      );
    }
    const response = await reviewer.post('/api/v1/tasks/approve-batch', { taskIds: tasks.map((t) => t.id) });
    const { results } = response.expectStatus<{
      results: { taskId: string; ok: boolean; code?: string; position?: string }[];
    }>(200);
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0)
      throw new Error(`approve-batch by ${reviewer.user.username}: ${JSON.stringify(failed)}`);
    for (const r of results) reviewer.api.note(r.position);
  }
}

/** Submits the claims (by `submitter`) and has them approved through the chain. */
export async function seedApproved(
  submitter: Session,
  inputs: readonly ClaimInput[],
  reviewers: readonly Session[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const input of inputs) ids.push((await submitClaim(submitter, input)).id);
  await approveThrough(ids, reviewers);
  return ids;
}
