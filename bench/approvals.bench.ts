/**
 * Approvals benchmark: the built system as a child process, driven over HTTP.
 *
 *   npm run bench:approvals                               # full run (600 claims, 1,800 approvals)
 *   BENCH_SCALE=0.2 npx tsx bench/approvals.bench.ts      # quick smoke run
 *
 * stdout: one JSON object per line (results only); stderr: progress.
 *
 * 1. a fresh database; the API (`dist/apps/api/src/main.js`, built only if missing) on a free port;
 * 2. via HTTP: a district bureau, a department under it, units under the department with two
 *    unit_admins each (one submits, the other decides: separation of duties), department and
 *    district reviewers, and people with valid identity numbers;
 * 3. measured run: concurrent clients, each submits a claim and drives it through unit →
 *    department → district (inbox GET with `?after=` until the task shows up, then approve), while
 *    the projections' lag is sampled;
 * 4. inbox with 100,000 open district tasks written straight into `rm_tasks`: first pages, cursor
 *    pages and filtered pages as a district reviewer.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { comparePositions } from '../libs/event-store/src/port';
import { idNumberCheckChar } from '../libs/identity/src/domain/id-number';
import { createTestDatabase, type TestDatabase } from '../libs/testing/src/test-database';
import { startSystemProcess, type SystemProcess } from '../test/support/system-process';
import {
  ApiClient,
  HttpError,
  asArray,
  asObject,
  numberField,
  optionalStringField,
  stringField,
} from './lib/http-client';
import { round, summarizeLatencies } from './lib/stats';

const BENCH = 'approvals';
const ROOT = join(__dirname, '..');
const MAIN_JS = join(ROOT, 'dist/apps/api/src/main.js');

function readScale(): number {
  const raw = process.env.BENCH_SCALE;
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return value;
}

const SCALE = readScale();
const scaled = (n: number, min: number): number => Math.max(min, Math.round(n * SCALE));

const ADMIN_PASSWORD = 'bench-admin-2020';
const USER_PASSWORD = 'bench-user-2020';
const CLOCK = '2020-09-01T09:00:00+08:00';

const UNITS = 10;
const UNIT_ADMINS_PER_UNIT = 2;
const DEPARTMENT_REVIEWERS = 3;
const DISTRICT_REVIEWERS = 3;
const PEOPLE = 500;
/** Password hashing is deliberately slow: users are created (and log in) this many at a time. */
const USER_BATCH = 4;
const PERSON_CONCURRENCY = 8;

const CLIENTS = 50;
const WARM_UP_CLAIMS = CLIENTS;
const CLAIMS = scaled(600, 50);
const LEVELS = ['unit', 'department', 'district'] as const;
type Level = (typeof LEVELS)[number];
/** Inbox page size while looking for one's task in the measured run. */
const RUN_INBOX_LIMIT = 200;
/** Gives up on a task that has not shown up after this long. */
const FIND_TASK_TIMEOUT_MS = 30_000;
const LAG_SAMPLE_EVERY_MS = 200;

const INBOX_ROWS = 100_000;
const INBOX_REQUESTS = scaled(500, 100);
const INBOX_CONCURRENCY = 8;
const INBOX_LIMIT = 50;
/** Each inbox "session" reads the first page and then follows the cursor this many pages at most. */
const INBOX_PAGES_PER_SESSION = 10;

const TARGETS = {
  approve_p99_ms: 100,
  inbox_p99_ms: 50,
  projection_lag_p99_ms: 1000,
} as const;

const startedAt = performance.now();

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ bench: BENCH, ...line })}\n`);
}

function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `work(i)` for i in 0..count-1, at most `concurrency` at a time; results in order. */
async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await work(i);
    }),
  );
  return results;
}

/** A small deterministic PRNG (mulberry32): the same run submits the same claims. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A valid 18-character identity number, distinct for every `i` below ~10,000 × 900. */
function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1965, 0, 1) + (i % 10_000) * 86_400_000);
  const date = `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}`;
  const sequence = pad(100 + Math.floor(i / 10_000), 3);
  const first17 = `370602${date}${sequence}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/** A valid professional training claim in 2020, ending before the clock's today (2020-09-01). */
function claimBody(personId: string, index: number, random: () => number) {
  const startDay = Math.floor(random() * 220); // 2020-01-01 .. 2020-08-08
  const length = Math.floor(random() * 4);
  const day = (offset: number) =>
    new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    personId,
    subject: 'professional',
    kind: 'training',
    title: `专业技术人员继续教育培训（第${index + 1}期）`,
    organizer: '芝罘区教育和体育局',
    startDate: day(startDay),
    endDate: day(startDay + length),
    hours: 2 + Math.floor(random() * 77) * 0.5, // 2 .. 40 in 0.5 steps
  };
}

interface Session {
  readonly token: string;
  readonly userId: string;
  readonly username: string;
  readonly orgId: string;
}

interface Person {
  readonly id: string;
  readonly unit: number;
}

interface World {
  readonly admin: Session;
  readonly cityId: string;
  readonly districtId: string;
  readonly departmentId: string;
  readonly unitIds: readonly string[];
  /** Per unit: [submitter, unit-step approver]. */
  readonly unitAdmins: readonly (readonly Session[])[];
  readonly departmentReviewers: readonly Session[];
  readonly districtReviewers: readonly Session[];
  readonly people: readonly Person[];
}

async function login(api: ApiClient, username: string, password: string): Promise<Session> {
  const response = await api.expect('POST', '/api/v1/auth/login', 200, { body: { username, password } });
  const body = asObject(response.body, 'login');
  const user = asObject(body.user, 'login.user');
  return {
    token: stringField(body, 'accessToken'),
    userId: stringField(user, 'id'),
    username,
    orgId: stringField(user, 'orgId'),
  };
}

/** Waits until the read models include `position` (a GET with `?after=`). */
async function waitForPosition(api: ApiClient, token: string, position: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await api.expect(
      'GET',
      `/api/v1/orgs?kind=city&after=${encodeURIComponent(position)}`,
      200,
      { token },
    );
    if (!response.stale) return;
  }
  throw new Error(`read models did not reach position ${position}`);
}

/** The greatest of the positions (positions order as strings: port.ts comparePositions). */
function maxPosition(positions: readonly string[]): string {
  let max = '';
  for (const p of positions) if (comparePositions(p, max) > 0) max = p;
  return max;
}

async function createOrg(api: ApiClient, admin: Session, body: Record<string, string>) {
  const response = await api.expect('POST', '/api/v1/orgs', 201, { token: admin.token, body });
  const created = asObject(response.body, 'org');
  return { id: stringField(created, 'id'), position: stringField(created, 'position') };
}

async function setUp(api: ApiClient): Promise<World> {
  const admin = await login(api, 'admin', ADMIN_PASSWORD);
  // The bootstrap admin sits in the city bureau.
  const cityId = admin.orgId;

  const district = await createOrg(api, admin, {
    name: '芝罘区人力资源和社会保障局',
    kind: 'district',
    parentId: cityId,
  });
  await waitForPosition(api, admin.token, district.position);
  const department = await createOrg(api, admin, {
    name: '芝罘区教育和体育局',
    kind: 'department',
    parentId: district.id,
  });
  await waitForPosition(api, admin.token, department.position);
  const units = await pool(UNITS, 4, (u) =>
    createOrg(api, admin, {
      name: `芝罘区第${u + 1}中学`,
      kind: 'unit',
      unitType: 'public_institution',
      sector: 'education',
      parentId: department.id,
    }),
  );
  await waitForPosition(api, admin.token, maxPosition(units.map((u) => u.position)));
  const unitIds = units.map((u) => u.id);
  progress(`orgs: district, department, ${UNITS} units`);

  interface UserSpec {
    readonly username: string;
    readonly orgId: string;
    readonly role: string;
  }
  const specs: UserSpec[] = [];
  unitIds.forEach((orgId, u) => {
    for (let k = 0; k < UNIT_ADMINS_PER_UNIT; k++)
      specs.push({ username: `unit${u + 1}.admin${k + 1}`, orgId, role: 'unit_admin' });
  });
  for (let k = 0; k < DEPARTMENT_REVIEWERS; k++)
    specs.push({ username: `dept.reviewer${k + 1}`, orgId: department.id, role: 'department_reviewer' });
  for (let k = 0; k < DISTRICT_REVIEWERS; k++)
    specs.push({ username: `district.reviewer${k + 1}`, orgId: district.id, role: 'district_reviewer' });
  await pool(specs.length, USER_BATCH, async (i) => {
    const spec = specs[i];
    if (!spec) throw new Error(`no user spec ${i}`);
    await api.expect('POST', '/api/v1/users', 201, {
      token: admin.token,
      body: {
        username: spec.username,
        password: USER_PASSWORD,
        displayName: spec.username,
        orgId: spec.orgId,
        roles: [spec.role],
      },
    });
  });
  progress(`users: ${specs.length} created`);
  const sessions = await pool(specs.length, USER_BATCH, (i) =>
    login(api, specs[i]?.username ?? '', USER_PASSWORD),
  );
  const byName = new Map(sessions.map((s) => [s.username, s]));
  const session = (username: string): Session => {
    const s = byName.get(username);
    if (!s) throw new Error(`no session for ${username}`);
    return s;
  };
  const unitAdmins = unitIds.map((_, u) =>
    Array.from({ length: UNIT_ADMINS_PER_UNIT }, (_unused, k) => session(`unit${u + 1}.admin${k + 1}`)),
  );
  const departmentReviewers = Array.from({ length: DEPARTMENT_REVIEWERS }, (_, k) =>
    session(`dept.reviewer${k + 1}`),
  );
  const districtReviewers = Array.from({ length: DISTRICT_REVIEWERS }, (_, k) =>
    session(`district.reviewer${k + 1}`),
  );
  progress(`users: ${sessions.length} logged in`);

  const positions: string[] = [];
  const people = await pool(PEOPLE, PERSON_CONCURRENCY, async (i): Promise<Person> => {
    const unit = i % UNITS;
    const response = await api.expect('POST', '/api/v1/persons', 201, {
      token: admin.token,
      body: { name: `测试人员${i + 1}`, idNumber: idNumber(i), unitId: unitIds[unit] },
    });
    const created = asObject(response.body, 'person');
    positions.push(stringField(created, 'position'));
    return { id: stringField(created, 'id'), unit };
  });
  await waitForPosition(api, admin.token, maxPosition(positions));
  progress(`people: ${people.length} registered`);

  return {
    admin,
    cityId,
    districtId: district.id,
    departmentId: department.id,
    unitIds,
    unitAdmins,
    departmentReviewers,
    districtReviewers,
    people,
  };
}

/** Latencies of one measured run, by kind. */
class RunRecord {
  readonly submitMs: number[] = [];
  readonly approveMs: number[] = [];
  readonly inboxMs: number[] = [];
  /** Inbox GETs that did not (yet) show the task, or answered stale. */
  inboxMisses = 0;
  inboxStale = 0;
  /** Inbox pages beyond the first that were needed to find a task. */
  inboxExtraPages = 0;
  completedClaims = 0;
  failedClaims = 0;
  readonly errors = new Map<string, number>();

  fail(error: unknown): void {
    this.failedClaims++;
    const key =
      error instanceof HttpError ? `${error.status} ${error.code ?? ''}`.trim() : describeError(error);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    if (this.failedClaims <= 5) progress(`claim failed: ${describeError(error)}`);
  }
}

function approverFor(world: World, level: Level, person: Person, index: number): Session {
  const pick = (sessions: readonly Session[], k: number): Session => {
    const s = sessions[k % sessions.length];
    if (!s) throw new Error(`no ${level} approver`);
    return s;
  };
  switch (level) {
    case 'unit':
      return pick(world.unitAdmins[person.unit] ?? [], 1);
    case 'department':
      return pick(world.departmentReviewers, index);
    case 'district':
      return pick(world.districtReviewers, index);
  }
}

/** Looks for the open task of `claimId` at `level` in the approver's inbox, following cursors. */
async function findTask(
  api: ApiClient,
  approver: Session,
  claimId: string,
  level: Level,
  position: string,
  record: RunRecord | null,
): Promise<string> {
  const deadline = performance.now() + FIND_TASK_TIMEOUT_MS;
  for (;;) {
    let cursor: string | null = null;
    let page = 0;
    do {
      const query = new URLSearchParams({ limit: String(RUN_INBOX_LIMIT), after: position });
      if (cursor !== null) query.set('cursor', cursor);
      const response = await api.expect('GET', `/api/v1/tasks?${query.toString()}`, 200, {
        token: approver.token,
      });
      if (record) {
        record.inboxMs.push(response.ms);
        if (response.stale) record.inboxStale++;
        if (page > 0) record.inboxExtraPages++;
      }
      const body = asObject(response.body, 'inbox');
      for (const item of asArray(body.items, 'inbox.items')) {
        const task = asObject(item, 'task');
        if (stringField(task, 'subjectId') === claimId && stringField(task, 'level') === level)
          return stringField(task, 'id');
      }
      cursor = optionalStringField(body, 'nextCursor');
      page++;
    } while (cursor !== null);
    if (record) record.inboxMisses++;
    if (performance.now() > deadline)
      throw new Error(`task of claim ${claimId} at level ${level} did not show up for ${approver.username}`);
    await sleep(20);
  }
}

/** Submits one claim and approves it at every level; records latencies when `record` is given. */
async function driveClaim(
  api: ApiClient,
  world: World,
  index: number,
  random: () => number,
  record: RunRecord | null,
): Promise<void> {
  const person = world.people[index % world.people.length];
  if (!person) throw new Error('no people');
  const submitter = world.unitAdmins[person.unit]?.[0];
  if (!submitter) throw new Error(`no submitter for unit ${person.unit}`);
  const submitted = await api.expect('POST', '/api/v1/hour-claims', 201, {
    token: submitter.token,
    body: claimBody(person.id, index, random),
  });
  record?.submitMs.push(submitted.ms);
  const claim = asObject(submitted.body, 'claim');
  const claimId = stringField(claim, 'id');
  let position = stringField(claim, 'position');
  let status = stringField(claim, 'status');
  for (const level of LEVELS) {
    const approver = approverFor(world, level, person, index);
    const taskId = await findTask(api, approver, claimId, level, position, record);
    const approved = await api.expect('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/approve`, 200, {
      token: approver.token,
      body: { comment: '同意' },
    });
    record?.approveMs.push(approved.ms);
    const outcome = asObject(approved.body, 'approve');
    position = stringField(outcome, 'position');
    status = stringField(outcome, 'status');
  }
  if (status !== 'approved') throw new Error(`claim ${claimId} ended ${status}, expected approved`);
}

/** `claims` claims over `CLIENTS` concurrent clients; each client drives one claim at a time. */
async function runClaims(
  api: ApiClient,
  world: World,
  firstIndex: number,
  claims: number,
  record: RunRecord | null,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const random = prng(0x5eed + c + firstIndex);
      for (let k = next++; k < claims; k = next++) {
        try {
          await driveClaim(api, world, firstIndex + k, random, record);
          if (record) {
            record.completedClaims++;
            if (record.completedClaims % 100 === 0)
              progress(`run: ${record.completedClaims}/${claims} claims approved`);
          }
        } catch (error) {
          if (!record) throw error;
          record.fail(error);
        }
      }
    }),
  );
  return performance.now() - started;
}

/** Samples the projections' lag (max over projections) every LAG_SAMPLE_EVERY_MS until stopped. */
function sampleLag(
  api: ApiClient,
  admin: Session,
): { stop(): Promise<{ lagMs: number[]; getMs: number[] }> } {
  const lagMs: number[] = [];
  const getMs: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const tick = performance.now();
      try {
        const response = await api.expect('GET', '/api/v1/admin/projections', 200, { token: admin.token });
        getMs.push(response.ms);
        let max = 0;
        for (const entry of asArray(response.body, 'projections'))
          max = Math.max(max, numberField(asObject(entry, 'projection'), 'lagSeconds'));
        lagMs.push(max * 1000);
      } catch (error) {
        progress(`lag sample failed: ${describeError(error)}`);
      }
      const wait = LAG_SAMPLE_EVERY_MS - (performance.now() - tick);
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { lagMs, getMs };
    },
  };
}

function latencyFigures(samples: readonly number[]) {
  const s = summarizeLatencies(samples);
  return { p50_ms: round(s.p50, 2), p99_ms: round(s.p99, 2), n: s.count };
}

async function measuredRun(api: ApiClient, world: World): Promise<{ approveP99: number; lagP99: number }> {
  progress(`warm-up: ${WARM_UP_CLAIMS} claims (not measured)`);
  await runClaims(api, world, 0, WARM_UP_CLAIMS, null);

  progress(`run: ${CLAIMS} claims x (1 submit + ${LEVELS.length} approvals), ${CLIENTS} clients`);
  const record = new RunRecord();
  const sampler = sampleLag(api, world.admin);
  const elapsedMs = await runClaims(api, world, WARM_UP_CLAIMS, CLAIMS, record);
  const { lagMs, getMs } = await sampler.stop();
  const elapsedS = elapsedMs / 1000;
  progress(
    `run: ${record.completedClaims} claims approved, ${record.failedClaims} failed, in ${elapsedS.toFixed(1)}s`,
  );
  if (record.failedClaims > 0.05 * CLAIMS)
    throw new Error(`too many failed claims: ${JSON.stringify(Object.fromEntries(record.errors))}`);

  const common = {
    clients: CLIENTS,
    claims: CLAIMS,
    failed_claims: record.failedClaims,
    elapsed_s: round(elapsedS, 2),
  };
  emit({
    case: 'submit',
    per_s: round(record.submitMs.length / elapsedS, 1),
    ...latencyFigures(record.submitMs),
    ...common,
  });
  emit({
    case: 'approve',
    per_s: round(record.approveMs.length / elapsedS, 1),
    ...latencyFigures(record.approveMs),
    ...common,
  });
  // Informational: the approvers' inbox GETs (with ?after=, so they include waiting for the projections).
  emit({
    case: 'inbox-run',
    per_s: round(record.inboxMs.length / elapsedS, 1),
    ...latencyFigures(record.inboxMs),
    limit: RUN_INBOX_LIMIT,
    misses: record.inboxMisses,
    stale: record.inboxStale,
    extra_pages: record.inboxExtraPages,
  });
  const lag = summarizeLatencies(lagMs);
  emit({
    case: 'projection-lag',
    p50_ms: round(lag.p50, 1),
    p99_ms: round(lag.p99, 1),
    max_ms: round(Math.max(0, ...lagMs), 1),
    n: lag.count,
    sample_every_ms: LAG_SAMPLE_EVERY_MS,
    status_get_p50_ms: round(summarizeLatencies(getMs).p50, 2),
    status_get_p99_ms: round(summarizeLatencies(getMs).p99, 2),
  });
  return { approveP99: summarizeLatencies(record.approveMs).p99, lagP99: lag.p99 };
}

/** Writes INBOX_ROWS open district tasks straight into the read model (one INSERT … SELECT). */
async function seedInbox(databaseUrl: string, districtId: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    // Due dates spread over 2020-09-01 .. 2020-12-31 (121 days), not in id order.
    await client.query(
      `INSERT INTO rm_tasks (id, stream_id, subject_type, subject_id, level, org_id, district_id, status, claimed_by,
                             created_at, due_at, year, applicant_name, person_id, hours, title)
       SELECT 'hour-claim-' || s.u || '~1', 'hour-claim-' || s.u, 'hour_claim', s.u::text, 'district', $1::uuid,
              $1::uuid, 'open', NULL,
              timestamptz '2020-08-20 09:00:00+08' + (s.g % 10000) * interval '1 minute',
              timestamptz '2020-09-01 00:00:00+08' + ((s.g::bigint * 7919) % $2) * (10454400.0 / $2) * interval '1 second',
              2020, '测试人员' || (s.g % 5000 + 1), gen_random_uuid(), (2 + (s.g % 77) * 0.5)::numeric(7,1),
              '专业技术人员继续教育培训（第' || s.g || '期）'
         FROM (SELECT g, gen_random_uuid() AS u FROM generate_series(1, $2::int) AS g) AS s`,
      [districtId, INBOX_ROWS],
    );
    // The projection keeps inbox counters beside the rows; rows inserted by hand need theirs too.
    await client.query(
      `INSERT INTO rm_task_counts (org_id, level, subject_type, year, status, n)
       SELECT org_id, level, subject_type, coalesce(year, 0), status, count(*)::int FROM rm_tasks GROUP BY 1, 2, 3, 4, 5
       ON CONFLICT (org_id, level, subject_type, year, status) DO UPDATE SET n = EXCLUDED.n`,
    );
    await client.query('ANALYZE rm_tasks');
    const count = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rm_tasks WHERE org_id = $1 AND status = 'open'`,
      [districtId],
    );
    progress(
      `inbox: ${count.rows[0]?.n ?? 0} open district tasks after seeding, ` +
        `${((performance.now() - started) / 1000).toFixed(1)}s incl. ANALYZE`,
    );
  } finally {
    await client.end();
  }
}

type InboxKind = 'first' | 'cursor' | 'first-filtered' | 'cursor-filtered';

async function inboxCase(api: ApiClient, world: World, databaseUrl: string): Promise<number> {
  await seedInbox(databaseUrl, world.districtId);
  const reviewer = world.districtReviewers[0];
  if (!reviewer) throw new Error('no district reviewer');
  const samples = new Map<InboxKind, number[]>([
    ['first', []],
    ['cursor', []],
    ['first-filtered', []],
    ['cursor-filtered', []],
  ]);
  const all: number[] = [];
  let sessionNo = 0;
  let requests = 0;
  let itemsSeen = 0;

  const get = async (filtered: boolean, cursor: string | null) => {
    const query = new URLSearchParams({ limit: String(INBOX_LIMIT) });
    if (filtered) {
      query.set('year', '2020');
      query.set('subjectType', 'hour_claim');
    }
    if (cursor !== null) query.set('cursor', cursor);
    const response = await api.expect('GET', `/api/v1/tasks?${query.toString()}`, 200, {
      token: reviewer.token,
    });
    const body = asObject(response.body, 'inbox');
    const items = asArray(body.items, 'inbox.items');
    if (items.length !== INBOX_LIMIT) throw new Error(`inbox page had ${items.length} items`);
    itemsSeen += items.length;
    const kind: InboxKind = `${cursor === null ? 'first' : 'cursor'}${filtered ? '-filtered' : ''}`;
    samples.get(kind)?.push(response.ms);
    all.push(response.ms);
    return optionalStringField(body, 'nextCursor');
  };

  // Warm-up: a few pages, not measured.
  let warm: string | null = null;
  for (let i = 0; i < 3; i++) warm = await get(i % 2 === 1, warm);
  for (const list of samples.values()) list.length = 0;
  all.length = 0;

  progress(`inbox: ${INBOX_REQUESTS} GETs (limit ${INBOX_LIMIT}) at concurrency ${INBOX_CONCURRENCY}`);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: INBOX_CONCURRENCY }, async () => {
      while (requests < INBOX_REQUESTS) {
        const filtered = sessionNo++ % 2 === 1;
        let cursor: string | null = null;
        for (let page = 0; page < INBOX_PAGES_PER_SESSION && requests < INBOX_REQUESTS; page++) {
          requests++;
          cursor = await get(filtered, cursor);
          if (cursor === null) break;
        }
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const breakdown: Record<string, unknown> = {};
  for (const [kind, list] of samples) {
    const s = summarizeLatencies(list);
    breakdown[kind] = { p50_ms: round(s.p50, 2), p99_ms: round(s.p99, 2), n: s.count };
  }
  emit({
    case: 'inbox-100k',
    per_s: round(all.length / elapsedS, 1),
    ...latencyFigures(all),
    rows: INBOX_ROWS,
    limit: INBOX_LIMIT,
    concurrency: INBOX_CONCURRENCY,
    pages_per_session: INBOX_PAGES_PER_SESSION,
    items_seen: itemsSeen,
    breakdown,
  });
  return summarizeLatencies(all).p99;
}

async function stopSystem(system: SystemProcess): Promise<void> {
  const killer = setTimeout(() => {
    progress('system did not stop within 20 s of SIGTERM: SIGKILL');
    system.child.kill('SIGKILL');
  }, 20_000);
  try {
    await system.kill('SIGTERM');
  } finally {
    clearTimeout(killer);
  }
}

async function main(): Promise<void> {
  let db: TestDatabase | undefined;
  let system: SystemProcess | undefined;
  try {
    if (!existsSync(MAIN_JS)) {
      progress('building (dist/apps/api/src/main.js is missing)');
      execSync('npm run build --silent', { cwd: ROOT, stdio: ['ignore', 2, 2] });
    }
    db = await createTestDatabase('bench_approvals');
    system = await startSystemProcess({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      CE_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CE_CLOCK: CLOCK,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    });
    progress(`system listening on ${system.url} (database ${db.name})`);
    const api = new ApiClient(system.url);

    emit({
      case: 'meta',
      scale: SCALE,
      clients: CLIENTS,
      claims: CLAIMS,
      warm_up_claims: WARM_UP_CLAIMS,
      units: UNITS,
      people: PEOPLE,
      inbox_rows: INBOX_ROWS,
      inbox_requests: INBOX_REQUESTS,
      node: process.version,
    });

    const world = await setUp(api);
    const run = await measuredRun(api, world);
    const inboxP99 = await inboxCase(api, world, db.url);

    const met = {
      approve_p99_ms: run.approveP99 <= TARGETS.approve_p99_ms,
      inbox_p99_ms: inboxP99 <= TARGETS.inbox_p99_ms,
      projection_lag_p99_ms: run.lagP99 <= TARGETS.projection_lag_p99_ms,
    };
    emit({
      case: 'summary',
      targets: TARGETS,
      met: { ...met, all: met.approve_p99_ms && met.inbox_p99_ms && met.projection_lag_p99_ms },
      measured: {
        approve_p99_ms: round(run.approveP99, 2),
        inbox_p99_ms: round(inboxP99, 2),
        projection_lag_p99_ms: round(run.lagP99, 1),
      },
      duration_s: round((performance.now() - startedAt) / 1000, 1),
    });
  } finally {
    if (system) {
      await stopSystem(system).catch((error: unknown) =>
        progress(`stopping failed: ${describeError(error)}`),
      );
      const output = system.output().trim();
      if (output.length > 0) progress(`system output (last 2,000 chars):\n${output.slice(-2000)}`);
    }
    if (db)
      await db
        .drop()
        .catch((error: unknown) => progress(`dropping ${db?.name} failed: ${describeError(error)}`));
  }
}

main().then(
  () => {
    progress('done');
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
