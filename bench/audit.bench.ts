/**
 * Audit benchmark: hash-chain verification and blue/green projection rebuilds over a store of
 * realistic hour-claim streams.
 *
 *   npm run bench:audit                                 # full run (200,000 claims = 1,000,000 events)
 *   BENCH_SCALE=0.05 npx tsx bench/audit.bench.ts       # quick smoke run
 *
 * stdout: one JSON object per line (results only); stderr: progress.
 *
 * 1. a fresh database; the event store and the read models migrated;
 * 2. load (not measured): every claim is one stream of five events appended at once —
 *    `hour-claim.submitted.v1`, `approval.submitted.v1` (unit → department → district), then three
 *    `approval.step-approved.v1`, the last closing the flow (`current: null`);
 * 3. `verify`: `verifyChain()` over the whole store (must answer ok);
 * 4. for `task-queue` and `hour-claims`: the live checkpoint is put at the head while the live
 *    tables are empty, then `rebuild-<name>` = rebuildProjection(switchOver) builds the live tables
 *    from scratch, and `rebuild-compare-<name>` = rebuildProjection(compare) replays everything
 *    again and compares row by row (every difference must be 0).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES, READ_MODEL_MIGRATIONS } from '../apps/api/src/platform/read-models';
import type { FlowEvent } from '../libs/approval/src/domain/approval-flow';
import type { ResolvedStep } from '../libs/approval/src/domain/chain-policy';
import { taskQueueProjection } from '../libs/approval/src/read-model/task-queue.projection';
import type { EventToAppend } from '../libs/event-store/src/port';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import type { ClaimRecord } from '../libs/hours/src/hour-claim/hour-claim.decider';
import { hourClaimsProjection } from '../libs/hours/src/read-model/hour-claims.projection';
import type { Projection } from '../libs/projections/src/projection';
import { rebuildProjection, type TableDifference } from '../libs/projections/src/runner/rebuild';
import { createTestDatabase, type TestDatabase } from '../libs/testing/src/test-database';
import { round } from './lib/stats';

const BENCH = 'audit';

function readScale(): number {
  const raw = process.env.BENCH_SCALE;
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return value;
}

const SCALE = readScale();
const CLAIMS = Math.max(100, Math.round(200_000 * SCALE));
const EVENTS_PER_CLAIM = 5;
const APPEND_CONCURRENCY = 8;
const POOL_MAX = 20;

const DISTRICTS = 3;
const DEPARTMENTS = 5;
const UNITS = 20;
const PEOPLE = 20_000;
const CHAIN_POLICY_VERSION = 'chain-2020-1';
const HOURS_POLICY_VERSION = 'hours-2020-1';
/** Domain clock of the first claim; each later claim is submitted a little later. */
const FIRST_SUBMISSION_MS = Date.parse('2020-03-01T01:00:00Z');

const startedAt = performance.now();

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ bench: BENCH, ...line })}\n`);
}

function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A small deterministic PRNG (mulberry32): the same run writes the same claims (ids aside). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

// ---------------------------------------------------------------------------------------------
// The organisation: districts ← departments ← units, reviewers at each level, people in units.

interface Org {
  readonly id: string;
  /** Two reviewers/admins, so that the one who submits is never the one who decides. */
  readonly users: readonly [string, string];
}

interface Unit extends Org {
  readonly department: Org;
  readonly district: Org;
}

interface Person {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly unit: Unit;
}

const orgOf = (): Org => ({ id: randomUUID(), users: [randomUUID(), randomUUID()] });
const districts = Array.from({ length: DISTRICTS }, orgOf);
const departments = Array.from({ length: DEPARTMENTS }, (_, i) => ({
  ...orgOf(),
  district: districts[i % DISTRICTS] ?? orgOf(),
}));
const units: Unit[] = Array.from({ length: UNITS }, (_, i) => {
  const department = departments[i % DEPARTMENTS] ?? departments[0];
  if (!department) throw new Error('no department');
  return { ...orgOf(), department, district: department.district };
});

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '于', '姜', '曲'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '艳',
  '勇',
  '杰',
  '涛',
  '明',
  '超',
];
const TITLES = [
  '专业技术人员继续教育公需科目培训',
  '新时代专业技术人员职业道德',
  '数字经济与创新驱动发展',
  '临床护理新进展专题培训',
  '中小学教师信息技术应用能力提升',
  '会计人员业务能力提升网络课程',
  '建筑工程质量安全管理研修班',
  '烟台市专业技术人员知识更新工程高级研修班',
];
const ORGANIZERS = ['烟台市人力资源和社会保障局', '山东省专业技术人员管理服务平台', '烟台大学继续教育学院'];
const HOURS = [2, 4, 6, 8, 12, 16, 24, 30, 40];

const random = prng(20200301);
const people: Person[] = Array.from({ length: PEOPLE }, () => ({
  id: randomUUID(),
  name: `${pick(SURNAMES, random)}${pick(GIVEN, random)}${random() < 0.6 ? pick(GIVEN, random) : ''}`,
  userId: randomUUID(),
  unit: pick(units, random),
}));

const iso = (ms: number): string => new Date(ms).toISOString();
const DAY_MS = 86_400_000;

/** The five events of one claim, submitted at `submittedMs` and approved over the next days. */
function claimEvents(index: number): { streamId: string; events: EventToAppend[] } {
  const person = people[index % PEOPLE];
  if (!person) throw new Error('no person');
  const unit = person.unit;
  const claimId = randomUUID();
  const submittedMs = FIRST_SUBMISSION_MS + index * 60_000;
  const year = new Date(submittedMs).getUTCFullYear();
  const hours = pick(HOURS, random);
  const subject = random() < 0.35 ? 'public' : 'professional';
  const kind =
    subject === 'public'
      ? pick(['training', 'online'] as const, random)
      : pick(['training', 'online', 'self_study', 'achievement', 'competition'] as const, random);
  const title = pick(TITLES, random);
  const endMs = submittedMs - Math.floor(random() * 60) * DAY_MS - DAY_MS;
  const startMs = endMs - Math.floor(hours / 8) * DAY_MS;
  const claim = {
    subject,
    kind,
    title,
    organizer: pick(ORGANIZERS, random),
    startDate: iso(startMs).slice(0, 10),
    endDate: iso(endMs).slice(0, 10),
    hours,
    claimId,
    personId: person.id,
    unitId: unit.id,
    applicantName: person.name,
    year,
    makeUp: false,
    hoursPolicyVersion: HOURS_POLICY_VERSION,
  } satisfies ClaimRecord;
  const steps = [
    { level: 'unit', orgId: unit.id },
    { level: 'department', orgId: unit.department.id },
    { level: 'district', orgId: unit.district.id },
  ] satisfies ResolvedStep[];
  const deciders = [unit.users[1], unit.department.users[index % 2], unit.district.users[(index + 1) % 2]];
  const decidingOrgs = [unit.id, unit.department.id, unit.district.id];
  const roles = ['unit_admin', 'department_reviewer', 'district_reviewer'];
  const at = (step: number): string => iso(submittedMs + step * DAY_MS + (index % 7) * 3_600_000);
  const dueAfter = (step: number): string => iso(submittedMs + (step + 5) * DAY_MS);
  const correlationId = randomUUID();
  const submitMeta = {
    actor: { userId: unit.users[0], orgId: unit.id, role: 'unit_admin' },
    onBehalfOf: person.id,
    correlationId,
    now: iso(submittedMs),
  };

  const approval = {
    subjectType: 'hour_claim',
    policyVersion: CHAIN_POLICY_VERSION,
    steps,
    submittedBy: unit.users[0],
    applicantUserIds: [unit.users[0], person.userId],
    at: iso(submittedMs),
    summary: {
      title: `${person.name} · ${subject === 'public' ? '公需科目' : '专业科目'} · ${title}`,
      applicantName: person.name,
      year,
      hours,
      districtId: unit.district.id,
      personId: person.id,
    },
    current: 0,
    activation: 1,
    dueAt: dueAfter(0),
  } satisfies Extract<FlowEvent, { type: 'approval.submitted.v1' }>['data'];

  const events: EventToAppend[] = [
    { id: randomUUID(), type: 'hour-claim.submitted.v1', data: claim, metadata: submitMeta },
    { id: randomUUID(), type: 'approval.submitted.v1', data: approval, metadata: submitMeta },
  ];
  for (let step = 0; step < 3; step++) {
    const last = step === 2;
    const data = {
      step,
      by: deciders[step] ?? '',
      at: at(step + 1),
      ...(last
        ? { current: null, activation: 3, dueAt: null }
        : { current: step + 1, activation: step + 2, dueAt: dueAfter(step + 1) }),
    } satisfies Extract<FlowEvent, { type: 'approval.step-approved.v1' }>['data'];
    events.push({
      id: randomUUID(),
      type: 'approval.step-approved.v1',
      data,
      metadata: {
        actor: { userId: data.by, orgId: decidingOrgs[step] ?? '', role: roles[step] ?? '' },
        correlationId,
        now: data.at,
      },
    });
  }
  return { streamId: `hour-claim-${claimId}`, events };
}

// ---------------------------------------------------------------------------------------------

async function load(store: PostgresEventStore): Promise<void> {
  progress(
    `load: ${CLAIMS} claims x ${EVENTS_PER_CLAIM} events, one append per claim, concurrency ${APPEND_CONCURRENCY}`,
  );
  const started = performance.now();
  let next = 0;
  let done = 0;
  const step = Math.max(1, Math.round(CLAIMS / 20));
  await Promise.all(
    Array.from({ length: APPEND_CONCURRENCY }, async () => {
      for (let i = next++; i < CLAIMS; i = next++) {
        const { streamId, events } = claimEvents(i);
        await store.append(streamId, events, { expectedRevision: 'no_stream' });
        done += 1;
        if (done % step === 0) {
          const seconds = (performance.now() - started) / 1000;
          progress(
            `load: ${done}/${CLAIMS} claims (${done * EVENTS_PER_CLAIM} events, ` +
              `${Math.round((done * EVENTS_PER_CLAIM) / seconds)} events/s)`,
          );
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  progress(`load: done in ${seconds.toFixed(1)}s; VACUUM ANALYZE`);
  await store.pool.query('VACUUM ANALYZE es_events');
  await store.pool.query('VACUUM ANALYZE es_streams');
  emit({
    case: 'load',
    claims: CLAIMS,
    events: CLAIMS * EVENTS_PER_CLAIM,
    appends: CLAIMS,
    concurrency: APPEND_CONCURRENCY,
    seconds: round(seconds),
    events_per_s: round((CLAIMS * EVENTS_PER_CLAIM) / seconds, 1),
  });
}

async function countRows(dataSource: DataSource, sql: string): Promise<number> {
  const rows: { n: number }[] = await dataSource.query(sql);
  return rows[0]?.n ?? 0;
}

interface RebuildOutcome {
  readonly build_s: number | null;
  readonly compare_s: number | null;
  readonly build_events_per_s: number | null;
  readonly compare_events_per_s: number | null;
  readonly differences: number;
  readonly ok: boolean;
}

const differenceTotal = (differences: readonly TableDifference[] | undefined): number =>
  (differences ?? []).reduce((sum, d) => sum + d.onlyInLive + d.onlyInRebuild, 0);

/** What the live tables must hold once every claim is approved. */
async function liveChecks(dataSource: DataSource, projection: Projection): Promise<Record<string, number>> {
  if (projection.name === 'task-queue') {
    return {
      rm_flows: await countRows(dataSource, 'SELECT count(*)::int AS n FROM rm_flows'),
      rm_flows_approved: await countRows(
        dataSource,
        `SELECT count(*)::int AS n FROM rm_flows WHERE status = 'approved'`,
      ),
      rm_tasks: await countRows(dataSource, 'SELECT count(*)::int AS n FROM rm_tasks'),
      rm_task_counts_open: await countRows(
        dataSource,
        'SELECT coalesce(sum(n), 0)::int AS n FROM rm_task_counts',
      ),
    };
  }
  return {
    rm_hour_claims: await countRows(dataSource, 'SELECT count(*)::int AS n FROM rm_hour_claims'),
    rm_hour_claims_approved: await countRows(
      dataSource,
      `SELECT count(*)::int AS n FROM rm_hour_claims WHERE status = 'approved'`,
    ),
    rm_ledger_entries: await countRows(dataSource, 'SELECT count(*)::int AS n FROM rm_ledger_entries'),
  };
}

function liveChecksPass(name: string, rows: Record<string, number>): boolean {
  if (name === 'task-queue') {
    return (
      rows.rm_flows === CLAIMS &&
      rows.rm_flows_approved === CLAIMS &&
      rows.rm_tasks === 0 &&
      rows.rm_task_counts_open === 0
    );
  }
  return (
    rows.rm_hour_claims === CLAIMS &&
    rows.rm_hour_claims_approved === CLAIMS &&
    rows.rm_ledger_entries === CLAIMS
  );
}

async function rebuildCases(
  dataSource: DataSource,
  store: PostgresEventStore,
  projection: Projection,
  head: string | null,
): Promise<RebuildOutcome> {
  const name = projection.name;
  // The rebuild replays up to the live checkpoint: at the head, with the live tables still empty,
  // the switch-over builds them from scratch.
  await dataSource.query(
    `INSERT INTO projection_checkpoints (name, position, events_applied) VALUES ($1, $2, 0)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, events_applied = 0, updated_at = now()`,
    [name, head],
  );
  const onProgress = (label: string) => {
    let shown = 0;
    return (applied: number): void => {
      if (applied - shown >= 100_000) {
        shown = applied;
        progress(`${label}: ${applied} events replayed`);
      }
    };
  };

  progress(`rebuild-${name}: switch-over build from empty live tables`);
  let started = performance.now();
  const built = await rebuildProjection(dataSource, store, projection, {
    switchOver: true,
    onProgress: onProgress(`rebuild-${name}`),
  });
  const buildSeconds = (performance.now() - started) / 1000;
  const rows = await liveChecks(dataSource, projection);
  const rowsOk = liveChecksPass(name, rows);
  const buildOk = built.switched && built.position === head && rowsOk;
  emit({
    case: `rebuild-${name}`,
    events: built.eventsApplied,
    seconds: round(buildSeconds),
    events_per_s: round(built.eventsApplied / buildSeconds, 1),
    switched: built.switched,
    at_head: built.position === head,
    live_rows: rows,
    live_rows_ok: rowsOk,
  });

  progress(`rebuild-compare-${name}: replay again and compare with the live tables`);
  started = performance.now();
  const compared = await rebuildProjection(dataSource, store, projection, {
    compare: true,
    onProgress: onProgress(`rebuild-compare-${name}`),
  });
  const compareSeconds = (performance.now() - started) / 1000;
  const differences = differenceTotal(compared.differences);
  const compareOk = compared.differences !== undefined && differences === 0 && !compared.switched;
  emit({
    case: `rebuild-compare-${name}`,
    events: compared.eventsApplied,
    seconds: round(compareSeconds),
    events_per_s: round(compared.eventsApplied / compareSeconds, 1),
    differences: (compared.differences ?? []).map((d) => ({
      table: d.table,
      onlyInLive: d.onlyInLive,
      onlyInRebuild: d.onlyInRebuild,
      ...(d.samples.length > 0 ? { samples: d.samples } : {}),
    })),
    differences_total: differences,
  });
  return {
    build_s: round(buildSeconds),
    compare_s: round(compareSeconds),
    build_events_per_s: round(built.eventsApplied / buildSeconds, 1),
    compare_events_per_s: round(compared.eventsApplied / compareSeconds, 1),
    differences,
    ok: buildOk && compareOk,
  };
}

async function main(): Promise<void> {
  let db: TestDatabase | undefined;
  let store: PostgresEventStore | undefined;
  let dataSource: DataSource | undefined;
  // Interrupted (Ctrl-C, a supervisor's SIGTERM): drop the database rather than leave 1M events behind.
  const interrupted = (signal: NodeJS.Signals): void => {
    progress(`${signal}: dropping the database and exiting`);
    const drop = db ? db.drop() : Promise.resolve();
    void drop
      .catch((error: unknown) => progress(`dropping ${db?.name}: ${describeError(error)}`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    db = await createTestDatabase('bench_audit');
    store = new PostgresEventStore({ connectionString: db.url, pool: { max: POOL_MAX } });
    await store.migrate();
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: READ_MODEL_ENTITIES,
      migrations: READ_MODEL_MIGRATIONS,
      migrationsTransactionMode: 'each',
      logging: false,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    emit({
      case: 'meta',
      scale: SCALE,
      claims: CLAIMS,
      events_per_claim: EVENTS_PER_CLAIM,
      orgs: { districts: DISTRICTS, departments: DEPARTMENTS, units: UNITS },
      people: PEOPLE,
      node: process.version,
      pool_max: POOL_MAX,
    });

    await load(store);
    const stored = await countRows(dataSource, 'SELECT count(*)::int AS n FROM es_events');
    const head = await store.headPosition();

    progress(`verify: verifyChain() over ${stored} events`);
    const started = performance.now();
    const verified = await store.verifyChain();
    const verifySeconds = (performance.now() - started) / 1000;
    const verifyOk = verified.ok && verified.checkedEvents === stored;
    emit({
      case: 'verify',
      events: verified.checkedEvents,
      seconds: round(verifySeconds),
      events_per_s: round(verified.checkedEvents / verifySeconds, 1),
      ok: verified.ok,
      ...(verified.firstBroken ? { first_broken: verified.firstBroken } : {}),
    });

    const rebuilds: Record<string, RebuildOutcome> = {};
    for (const projection of [taskQueueProjection, hourClaimsProjection]) {
      rebuilds[projection.name] = await rebuildCases(dataSource, store, projection, head);
    }

    const ok = verifyOk && Object.values(rebuilds).every((r) => r.ok);
    emit({
      case: 'summary',
      events: stored,
      claims: CLAIMS,
      verify_s: round(verifySeconds),
      verify_events_per_s: round(verified.checkedEvents / verifySeconds, 1),
      verify_ok: verifyOk,
      rebuilds,
      ok,
      duration_s: round((performance.now() - startedAt) / 1000, 1),
    });
    if (!ok) process.exitCode = 1;
  } finally {
    if (dataSource?.isInitialized) {
      await dataSource
        .destroy()
        .catch((error: unknown) => progress(`closing the data source: ${describeError(error)}`));
    }
    await store?.close().catch((error: unknown) => progress(`closing the store: ${describeError(error)}`));
    await db?.drop().catch((error: unknown) => progress(`dropping ${db?.name}: ${describeError(error)}`));
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

main().then(
  () => {
    progress('done');
  },
  (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
