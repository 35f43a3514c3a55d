import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import type { TaskCommand } from '@ce/approval';
import type { Level } from '@ce/approval/domain';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '@ce/event-store';
import { type ClaimStatus, HourClaimsService, claimStatus, hourClaimStream, shanghaiDate } from '@ce/hours';
import {
  type CommandContext,
  IdentityService,
  type OrgProfile,
  ROOT_ORG_ID,
  ROOT_ORG_NAME,
  metadataOf,
  orgStream,
} from '@ce/identity';
import { type Actor, CLOCK, type Clock, ConflictError, metadataJson, newId, toJson } from '@ce/kernel';
import type { JsonValue } from '@ce/event-store';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { CertificatesService, StatisticsReportsService, TrainingPlansService } from '@ce/forms';
import { ProjectionsQuery } from '@ce/projections';
import { type DemoFormServices, type DemoFormsSummary, seedDemoForms } from './demo-forms';
import { v5 as uuidv5 } from 'uuid';
import {
  CITY,
  DEMO_BASES,
  DEMO_DEPARTMENTS,
  DEMO_DISTRICTS,
  DEMO_PASSWORD,
  DEMO_PLAN,
  DEMO_UNITS,
  type DemoClaim,
  type DemoPlan,
  bureauName,
  demoAccounts,
} from './demo-data';

/** Written last, once everything is in: its presence means "this database has the demo". */
export const DEMO_DONE_STREAM = 'demo-seed-yantai-2020';
/** Written first: whoever writes it seeds; every other process (or a later start) leaves it alone. */
export const DEMO_LOCK_STREAM = 'demo-seeding-yantai-2020';

const ORG_NAMESPACE = 'a4f3f0f6-2f43-4d0e-9a55-3c1d7b0e2020';
/** Organisation ids of the demo are fixed, so links in docs and screenshots stay valid across databases. */
export const demoOrgId = (key: string): string =>
  key === CITY ? ROOT_ORG_ID : uuidv5(`yantai-2020/${key}`, ORG_NAMESPACE);

/** Who registers the demo: a system administrator of the city bureau (not a login). */
const SEEDER: Actor = { userId: 'demo-seed', username: 'demo-seed', orgId: ROOT_ORG_ID, roles: ['admin'] };

export interface DemoSeedSummary {
  readonly districts: number;
  readonly departments: number;
  readonly units: number;
  readonly publicInstitutions: number;
  readonly enterprises: number;
  readonly bases: number;
  readonly people: number;
  readonly users: number;
  readonly claims: number;
  readonly claimsByStatus: Readonly<Record<ClaimStatus, number>>;
  readonly skippedClaims: number;
  /** 2019 statistics, 2020 plans and certificates (absent when the forms module is not loaded). */
  readonly forms?: DemoFormsSummary;
  readonly ms: number;
}

export type DemoSeedOutcome =
  | { readonly status: 'seeded'; readonly summary: DemoSeedSummary }
  | {
      readonly status: 'skipped';
      readonly reason: 'already_seeded' | 'seeding_elsewhere' | 'not_empty' | 'no_api_modules';
    };

class SeedingStopped extends Error {
  constructor() {
    super('demo seeding stopped: the application is shutting down');
  }
}

/**
 * `CE_DEMO=true`: fills an empty database with the Yantai 2020 demo (demo-data.ts) through the
 * same services the HTTP API uses, so every rule and every event is the real thing. Runs in the
 * background after bootstrap (the server answers meanwhile) and logs one line when done.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DemoSeed');
  private running: Promise<DemoSeedOutcome> | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Absent in a ROLE=worker process, which leaves seeding to the API.
    @Optional() @Inject(IdentityService) private readonly identity?: IdentityService,
    @Optional() @Inject(HourClaimsService) private readonly hours?: HourClaimsService,
    @Optional() @Inject(StatisticsReportsService) private readonly statistics?: StatisticsReportsService,
    @Optional() @Inject(TrainingPlansService) private readonly plans?: TrainingPlansService,
    @Optional() @Inject(CertificatesService) private readonly certificates?: CertificatesService,
    @Optional() @Inject(ProjectionsQuery) private readonly projections?: ProjectionsQuery,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.CE_DEMO) return;
    this.seed().catch((error: unknown) => {
      if (error instanceof SeedingStopped) this.logger.warn(error.message);
      else
        this.logger.error(
          `demo seeding failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
    });
  }

  /** Waits for a seeding in progress to stop (the store closes after this hook). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  /** Seeds once per database; a second call (or another process) gets `skipped`. */
  seed(): Promise<DemoSeedOutcome> {
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<DemoSeedOutcome> {
    const identity = this.identity;
    const hours = this.hours;
    if (!identity || !hours) return { status: 'skipped', reason: 'no_api_modules' };
    await this.awaitRootOrg(identity);
    if ((await this.store.streamRevision(DEMO_DONE_STREAM)) !== null) {
      this.logger.log('Demo data: already present, nothing to do');
      return { status: 'skipped', reason: 'already_seeded' };
    }
    if ((await this.store.streamRevision(DEMO_LOCK_STREAM)) !== null) {
      this.logger.warn(
        'Demo data: a seeding of this database started earlier and has not finished (another process, or an ' +
          'interrupted start); not seeding. To start over, drop the database.',
      );
      return { status: 'skipped', reason: 'seeding_elsewhere' };
    }
    if (!(await this.isEmpty())) {
      this.logger.warn('Demo data: CE_DEMO is on but the database already holds data; not seeding');
      return { status: 'skipped', reason: 'not_empty' };
    }
    try {
      await this.store.append(
        DEMO_LOCK_STREAM,
        [this.marker('demo.seeding.v1', { startedAt: this.clock.now().toISOString() })],
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      this.logger.log('Demo data: another process seeds (or seeded) this database; not seeding');
      return { status: 'skipped', reason: 'seeding_elsewhere' };
    }
    this.logger.log('Demo data: seeding the Yantai 2020 demo…');
    const forms =
      this.statistics && this.plans && this.certificates && this.projections
        ? {
            statistics: this.statistics,
            plans: this.plans,
            certificates: this.certificates,
            ledgersCaughtUp: async () => {
              const head = await this.store.headPosition();
              if (head !== null) await this.projections?.waitFor(head, 60_000, ['hour-claims']);
            },
          }
        : undefined;
    const summary = await new DemoSeeding(identity, hours, this.clock, () => this.stopping, forms).run(
      DEMO_PLAN,
    );
    await this.store.append(DEMO_DONE_STREAM, [this.marker('demo.seeded.v1', toJson(summary))], {
      expectedRevision: 'no_stream',
    });
    const statuses = Object.entries(summary.claimsByStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    this.logger.log(
      `Demo data: ${summary.districts} districts, ${summary.departments} departments, ${summary.units} units ` +
        `(${summary.publicInstitutions} public institutions, ${summary.enterprises} enterprises), ${summary.bases} bases, ` +
        `${summary.people} people, ${summary.users} users, ${summary.claims} claims (${statuses}) ` +
        `in ${(summary.ms / 1000).toFixed(1)} s`,
    );
    return { status: 'seeded', summary };
  }

  /** The identity bootstrap creates the root organisation; wait for it, or create it (idempotently). */
  private async awaitRootOrg(identity: IdentityService): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await this.store.streamRevision(orgStream(ROOT_ORG_ID))) === null) {
      if (Date.now() > deadline) {
        try {
          await identity.registerOrg(
            { name: ROOT_ORG_NAME, kind: 'city', parentId: null },
            { actor: SEEDER, now: this.clock.now() },
            ROOT_ORG_ID,
          );
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError || error instanceof ConflictError)) throw error;
        }
        return;
      }
      await sleep(100);
    }
  }

  /** Nothing but the root organisation (and perhaps the admin): no other organisation, no person. */
  private async isEmpty(): Promise<boolean> {
    const orgs = await this.store.readAll({ filter: { eventTypes: ['org.registered.v1'] }, maxCount: 2 });
    if (orgs.events.some((e) => e.streamId !== orgStream(ROOT_ORG_ID))) return false;
    const people = await this.store.readAll({
      filter: { eventTypes: ['person.registered.v1'] },
      maxCount: 1,
    });
    return people.events.length === 0;
  }

  private marker(type: string, data: JsonValue) {
    const ctx: CommandContext = { actor: SEEDER, now: this.clock.now() };
    return { id: newId(), type, data, metadata: metadataJson(metadataOf(ctx)) };
  }
}

/** One run of the seeding: organisations, people, accounts, then the claims and their decisions. */
class DemoSeeding {
  private readonly reviewers = new Map<string, Actor>();
  private readonly personIds: string[] = [];
  private readonly personActors = new Map<number, Actor>();
  private readonly started = Date.now();

  constructor(
    private readonly identity: IdentityService,
    private readonly hours: HourClaimsService,
    private readonly clock: Clock,
    private readonly stopping: () => boolean,
    private readonly forms?: DemoFormServices,
  ) {}

  async run(plan: DemoPlan): Promise<DemoSeedSummary> {
    await this.organisations();
    await forEachLimit(plan.people, 8, async (person) => {
      this.check();
      const { id } = await this.identity.registerPerson(
        { name: person.name, idNumber: person.idNumber, unitId: demoOrgId(person.unitKey) },
        this.ctx(),
      );
      this.personIds[person.index] = id;
    });
    const accounts = demoAccounts(plan);
    // scrypt runs on libuv's four threads: more at once only queues.
    await forEachLimit(accounts, 4, async (account) => {
      this.check();
      const orgId = demoOrgId(account.orgKey);
      const personId = account.personIndex === undefined ? undefined : this.personIds[account.personIndex];
      const { id } = await this.identity.registerUser(
        {
          username: account.username,
          password: DEMO_PASSWORD,
          displayName: account.displayName,
          orgId,
          roles: [account.role],
          ...(personId ? { personId } : {}),
        },
        this.ctx(),
      );
      const actor: Actor = {
        userId: id,
        username: account.username,
        orgId,
        roles: [account.role],
        ...(personId ? { personId } : {}),
      };
      if (account.personIndex !== undefined) this.personActors.set(account.personIndex, actor);
      else if (account.role !== 'auditor' && account.role !== 'base_operator')
        this.reviewers.set(orgId, actor);
    });

    const byStatus: Record<ClaimStatus, number> = {
      approved: 0,
      in_review: 0,
      returned: 0,
      rejected: 0,
      withdrawn: 0,
      revoked: 0,
    };
    let skipped = 0;
    // One person's claims in order (they share certificate streams); people in parallel.
    const byPerson = new Map<number, DemoClaim[]>();
    for (const claim of plan.claims)
      byPerson.set(claim.person, [...(byPerson.get(claim.person) ?? []), claim]);
    await forEachLimit([...byPerson.values()], 6, async (claims) => {
      for (const claim of claims) {
        this.check();
        const status = await this.claim(claim);
        if (status === null) skipped++;
        else byStatus[status]++;
      }
    });

    const forms = this.forms ? await this.officialForms(this.forms) : null;

    const units = DEMO_UNITS.length;
    const publicInstitutions = DEMO_UNITS.filter((u) => u.unitType === 'public_institution').length;
    return {
      districts: DEMO_DISTRICTS.length,
      departments: DEMO_DEPARTMENTS.length,
      units,
      publicInstitutions,
      enterprises: units - publicInstitutions,
      bases: DEMO_BASES.length,
      people: plan.people.length,
      users: accounts.length,
      claims: plan.claims.length - skipped,
      claimsByStatus: byStatus,
      skippedClaims: skipped,
      ...(forms ? { forms } : {}),
      ms: Date.now() - this.started,
    };
  }

  /** 2019 statistics, 2020 training plans and the certificates of the compliant professionals. */
  private async officialForms(services: DemoFormServices): Promise<DemoFormsSummary> {
    this.check();
    const city = this.reviewers.get(ROOT_ORG_ID);
    if (!city) throw new Error('the demo has no city reviewer');
    const districts = DEMO_DISTRICTS.flatMap((d) => {
      const orgId = demoOrgId(d.key);
      const reviewer = this.reviewers.get(orgId);
      return reviewer ? [{ orgId, name: bureauName(d), reviewer }] : [];
    });
    const now = this.clock.now();
    // Who is compliant is read from the ledger read model: wait until it has every approval.
    await services.ledgersCaughtUp();
    const holders: { personId: string; actor: Actor }[] = [];
    for (const [index, actor] of this.personActors) {
      const personId = this.personIds[index];
      if (!personId) continue;
      const ledger = await services.certificates.yearLedger(personId, 2020);
      if (ledger.status === 'compliant') holders.push({ personId, actor });
    }
    return seedDemoForms(services, { districts, cityReviewer: city, certificateHolders: holders, now });
  }

  private async organisations(): Promise<void> {
    const register = (key: string, profile: OrgProfile) =>
      this.identity.registerOrg(profile, this.ctx(), demoOrgId(key));
    await forEachLimit(DEMO_DISTRICTS, 8, (d) =>
      register(d.key, { name: bureauName(d), kind: 'district', parentId: ROOT_ORG_ID }),
    );
    await forEachLimit(DEMO_DEPARTMENTS, 8, (d) =>
      register(d.key, { name: d.name, kind: 'department', parentId: demoOrgId(d.parent) }),
    );
    await forEachLimit(DEMO_UNITS, 8, (u) =>
      register(u.key, {
        name: u.name,
        kind: 'unit',
        parentId: demoOrgId(u.parent),
        unitType: u.unitType,
        sector: u.sector,
      }),
    );
    await forEachLimit(DEMO_BASES, 8, (b) =>
      register(b.key, { name: b.name, kind: 'base', parentId: ROOT_ORG_ID, baseType: b.baseType }),
    );
  }

  /** Submits one claim as its applicant and takes it to its planned outcome; null when the clock forbids it. */
  private async claim(plan: DemoClaim): Promise<ClaimStatus | null> {
    const personId = this.personIds[plan.person];
    if (!personId) throw new Error(`demo person ${plan.person} was not registered`);
    const applicant = this.personActors.get(plan.person) ?? SEEDER;
    const now = this.clock.now();
    const planned = new Date(plan.submittedAt);
    const at = planned < now ? planned : now;
    // Started with a clock before the demo's dates: leave out what has not happened yet.
    if (plan.input.endDate > shanghaiDate(at)) return null;
    const { id } = await this.hours.submit({ ...plan.input, personId }, { actor: applicant, now: at });
    const outcome = plan.outcome;
    switch (outcome.kind) {
      case 'approved':
        return this.approveUntil(id, null);
      case 'in_review':
        return this.approveUntil(id, outcome.pendingAt);
      case 'returned':
        await this.approveUntil(id, outcome.by);
        return this.decide(id, (activation) => ({
          type: 'return',
          activation,
          reason: outcome.reason,
          to: 'applicant',
        }));
      case 'rejected':
        await this.approveUntil(id, outcome.by);
        return this.decide(id, (activation) => ({ type: 'reject', activation, reason: outcome.reason }));
      case 'withdrawn':
        return status(
          await this.hours.applicantAction(id, { type: 'flow', command: { type: 'withdraw' } }, applicant),
        );
      case 'revoked': {
        await this.approveUntil(id, null);
        const state = await this.hours.load(id);
        const last = [...state.flow.steps].reverse().find((s) => s.decision !== 'skipped');
        const reviewer = last?.orgId ? this.reviewers.get(last.orgId) : undefined;
        if (!reviewer) throw new Error(`no reviewer to revoke demo claim ${id}`);
        return status(
          await this.hours.applicantAction(id, { type: 'revoke', reason: outcome.reason }, reviewer),
        );
      }
      case 'resubmitted':
        await this.approveUntil(id, outcome.by);
        await this.decide(id, (activation) => ({
          type: 'return',
          activation,
          reason: outcome.reason,
          to: 'applicant',
        }));
        await this.hours.resubmit(id, outcome.changes, applicant);
        return this.approveUntil(id, null);
    }
  }

  /** Approves step after step until the open step is at `level` (null: to the end). */
  private async approveUntil(claimId: string, level: Level | null): Promise<ClaimStatus> {
    for (;;) {
      const state = await this.hours.load(claimId);
      const current = state.flow.current === null ? undefined : state.flow.steps[state.flow.current];
      if (state.flow.status !== 'in_review' || !current || current.level === level) {
        const now = claimStatus(state);
        if (now === null) throw new Error(`demo claim ${claimId} was not recorded`);
        return now;
      }
      await this.decide(claimId, (activation) => ({ type: 'approve', activation }));
    }
  }

  /** A decision on the open step, by that step's reviewer. */
  private async decide(claimId: string, command: (activation: number) => TaskCommand): Promise<ClaimStatus> {
    const state = await this.hours.load(claimId);
    const step = state.flow.current === null ? undefined : state.flow.steps[state.flow.current];
    const reviewer = step?.orgId ? this.reviewers.get(step.orgId) : undefined;
    if (!step || !reviewer) throw new Error(`no open step with a demo reviewer on claim ${claimId}`);
    return status(
      await this.hours.execute(hourClaimStream(claimId), command(state.flow.activation), reviewer),
    );
  }

  private ctx(): CommandContext {
    return { actor: SEEDER, now: this.clock.now() };
  }

  private check(): void {
    if (this.stopping()) throw new SeedingStopped();
  }
}

const CLAIM_STATUSES: readonly string[] = [
  'in_review',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
];

function status(outcome: { status: string }): ClaimStatus {
  if (!CLAIM_STATUSES.includes(outcome.status)) throw new Error(`unexpected claim status ${outcome.status}`);
  return outcome.status as ClaimStatus;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over the items with at most `limit` at a time; the first failure stops the rest. */
async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      if (item === undefined) continue;
      try {
        await fn(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
