import { Inject, Injectable } from '@nestjs/common';
import { PolicyStore } from '@ce/approval';
import {
  DuplicateEventIdError,
  EVENT_STORE,
  type EventStore,
  WrongExpectedRevisionError,
} from '@ce/event-store';
import { HourClaimsService, shanghaiDate } from '@ce/hours';
import { type CommandContext, OrgDirectory, metadataOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  assertNever,
  foldEvents,
  hasRole,
  metadataJson,
  toDomainEvent,
  toJson,
} from '@ce/kernel';
import { v5 as uuidv5 } from 'uuid';
import { DataSource } from 'typeorm';
import { BASES_POLICY } from '../bases-policy.schema';
import { type BaseType, type BasesPolicy, DEFAULT_BASES_POLICY } from '../domain/bases-policy';
import { type QuotaStatus, quotaStanding } from '../domain/quota';
import { type ResearchProject, projectKey } from '../domain/research-project';
import {
  FIELD_LABELS,
  type RawRegistration,
  type RegistrationContext,
  type TraineeRegistration,
  checkRegistration,
  registrationKey,
} from '../domain/trainee-registration';
import {
  type BaseYearAssessment,
  type BaseYearEvent,
  type BaseYearRef,
  type BaseYearState,
  baseYear,
  baseYearStream,
  partitionRegistrations,
} from './base-year.decider';
import { type SheetFormat, readTraineeSheet } from './trainee-sheet';

/** Events appended per round trip when registering many trainees at once. */
export const APPEND_CHUNK = 500;
/** Attempts per chunk when another writer got there first (reload, decide again, append). */
const MAX_ATTEMPTS = 8;
/** Base years whose state this process keeps in memory (a year can hold 10,000+ registrations). */
const CACHED_STREAMS = 32;
/** Namespace of this library's derived event ids (uuid v5). */
const EVENT_ID_NAMESPACE = '1b0e8d5e-3f7a-4d0c-9a61-6f2c4e8b7d30';

interface Loaded {
  readonly state: BaseYearState;
  readonly revision: bigint | null;
  readonly position: string | null;
}

export interface ImportRow {
  readonly row: number;
  readonly ok: boolean;
  readonly duplicate?: true;
  readonly errors?: { field: string; message: string }[];
}

export interface ImportSummary {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rows: ImportRow[];
  readonly position: string | null;
}

export interface BaseYearView {
  readonly baseId: string;
  readonly baseName: string;
  readonly baseType: BaseType;
  readonly year: number;
  readonly trainees: number;
  readonly traineeQuota: number;
  readonly researchProjects: number;
  readonly projectQuota: number;
  readonly forecastTrainees: number;
  readonly status: QuotaStatus;
  readonly registrations: number;
  readonly lastRegisteredOn: string | null;
  readonly assessment: BaseYearAssessment | null;
}

export interface BaseYearRowRaw {
  base_id: string;
  base_name: string;
  base_type: BaseType;
  trainees: number | null;
  registrations: number | null;
  research_projects: number | null;
  last_registered_at: Date | null;
  assessment: BaseYearAssessment | null;
}

/**
 * A base's year: registering trainees (one by one or by the thousand), research projects, the
 * year-end assessment, and the quota figures. Writes go to the stream `base-year-<baseId>-<year>`
 * with the expected revision; the quota view reads the `base-years` projection.
 */
@Injectable()
export class BaseYearsService {
  private readonly states = new Map<string, Loaded>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly orgs: OrgDirectory,
    private readonly policies: PolicyStore,
    private readonly claims: HourClaimsService,
    private readonly dataSource: DataSource,
  ) {}

  basesPolicy(): Promise<BasesPolicy> {
    return this.policies.current(BASES_POLICY, DEFAULT_BASES_POLICY);
  }

  /** The base (an organisation of kind `base`) and the year, as events name them. */
  async requireBase(baseId: string, year: number): Promise<BaseYearRef> {
    const org = await this.orgs.get(baseId);
    if (!org || org.kind !== 'base' || !org.baseType)
      throw new NotFoundError('BASE.NOT_FOUND', '继续教育基地不存在');
    return { baseId, baseName: org.name, baseType: org.baseType, year };
  }

  /** Writes: the base's own operators, or an administrator. */
  requireOperator(actor: Actor, baseId: string): void {
    if (hasRole(actor, 'admin')) return;
    if (hasRole(actor, 'base_operator') && actor.orgId === baseId) return;
    throw new ForbiddenError('BASE.NOT_OPERATOR', '只有本基地的经办人员可以登记');
  }

  /** Reads: the city bureau's reviewers, auditors, administrators, and the base's own operators. */
  requireReader(actor: Actor, baseId: string): void {
    if (hasRole(actor, 'admin', 'auditor', 'city_reviewer')) return;
    if (hasRole(actor, 'base_operator') && actor.orgId === baseId) return;
    throw new ForbiddenError('BASE.NOT_VISIBLE', '无权查看该基地的情况');
  }

  async registerTrainee(
    baseId: string,
    input: RawRegistration & { year: number },
    ctx: CommandContext,
  ): Promise<{ duplicate: boolean; position: string | null }> {
    this.requireOperator(ctx.actor, baseId);
    const base = await this.requireBase(baseId, input.year);
    const rules = await this.registrationRules(input.year, ctx.now);
    const checked = checkRegistration(input, rules);
    if (!checked.ok) {
      const [first] = checked.problems;
      throw new DomainError(
        first?.code ?? 'BASE_YEAR.INVALID_REGISTRATION',
        first?.message ?? '学员登记信息有误',
        'rule',
        checked.problems.map((p) => ({ field: p.field, message: p.message })),
      );
    }
    const { fresh, position } = await this.registerTrainees(base, [checked.registration], rules, ctx);
    return { duplicate: fresh[0] !== true, position };
  }

  /**
   * Bulk registration (批量导入): every row is checked, the good ones are appended in chunks of
   * APPEND_CHUNK events with the expected revision, the bad ones listed with the reasons.
   */
  async importTrainees(
    baseId: string,
    year: number,
    file: { buffer: Buffer; format: SheetFormat },
    ctx: CommandContext,
  ): Promise<ImportSummary> {
    this.requireOperator(ctx.actor, baseId);
    const base = await this.requireBase(baseId, year);
    const rules = await this.registrationRules(year, ctx.now);
    const sheet = await readTraineeSheet(file.buffer, file.format);
    const rows: ImportRow[] = [];
    const good: { index: number; registration: TraineeRegistration }[] = [];
    sheet.forEach((line, index) => {
      const checked = checkRegistration(line.values, rules);
      if (checked.ok) {
        good.push({ index, registration: checked.registration });
        rows.push({ row: line.row, ok: true });
      } else {
        rows.push({
          row: line.row,
          ok: false,
          errors: checked.problems.map((p) => ({ field: FIELD_LABELS[p.field], message: p.message })),
        });
      }
    });
    const { fresh, position } = await this.registerTrainees(
      base,
      good.map((g) => g.registration),
      rules,
      ctx,
    );
    good.forEach((g, i) => {
      const row = rows[g.index];
      if (row && fresh[i] !== true) rows[g.index] = { row: row.row, ok: true, duplicate: true };
    });
    const accepted = fresh.filter(Boolean).length;
    return {
      accepted,
      duplicates: good.length - accepted,
      rejected: rows.length - good.length,
      rows,
      position,
    };
  }

  /** Appends the new ones among checked registrations; answers, for each, whether it was new. */
  async registerTrainees(
    base: BaseYearRef,
    registrations: readonly TraineeRegistration[],
    rules: RegistrationContext,
    ctx: CommandContext,
  ): Promise<{ fresh: boolean[]; position: string | null }> {
    const streamId = baseYearStream(base.baseId, base.year);
    const fresh: boolean[] = [];
    let position: string | null = null;
    if (registrations.length === 0) return { fresh, position: (await this.load(streamId)).position };
    for (let from = 0; from < registrations.length; from += APPEND_CHUNK) {
      const chunk = registrations.slice(from, from + APPEND_CHUNK);
      let decided: boolean[] = [];
      const written = await this.write(streamId, ctx, {}, (state) => {
        decided = partitionRegistrations(state, chunk);
        return baseYear.decide({ type: 'register-trainees', base, registrations: chunk, rules }, state);
      });
      fresh.push(...decided);
      position = written.position;
    }
    return { fresh, position };
  }

  async addResearchProject(
    baseId: string,
    input: ResearchProject & { year: number },
    ctx: CommandContext,
  ): Promise<{ duplicate: boolean; position: string | null }> {
    this.requireOperator(ctx.actor, baseId);
    const base = await this.requireBase(baseId, input.year);
    const project = { name: input.name, startDate: input.startDate, endDate: input.endDate };
    const written = await this.write(baseYearStream(baseId, input.year), ctx, {}, (state) =>
      baseYear.decide({ type: 'add-research-project', base, project }, state),
    );
    return { duplicate: written.events.length === 0, position: written.position };
  }

  /**
   * The year-end assessment (年度考核), from the stream itself: recorded once, when the year has
   * closed (Asia/Shanghai). A second call — the scheduler of another process, an admin's retry —
   * finds it recorded and writes nothing.
   */
  async assess(
    baseId: string,
    year: number,
    ctx: CommandContext,
  ): Promise<{ assessment: BaseYearAssessment; recorded: boolean; position: string | null }> {
    const base = await this.requireBase(baseId, year);
    const policy = await this.basesPolicy();
    const written = await this.write(
      baseYearStream(baseId, year),
      ctx,
      { policyVersion: policy.version },
      (state) =>
        baseYear.decide(
          { type: 'assess', base, policy, today: shanghaiDate(ctx.now), now: ctx.now.toISOString() },
          state,
        ),
    );
    const state = written.loaded.state;
    if (state.status !== 'assessed') throw new Error(`base year ${baseId}/${year} was not assessed`);
    return { assessment: state.assessment, recorded: written.events.length > 0, position: written.position };
  }

  /** The year's figures from the stream (the source of truth), with their standing today. */
  async figures(base: BaseYearRef) {
    const { state } = await this.load(baseYearStream(base.baseId, base.year));
    const policy = await this.basesPolicy();
    const trainees = state.status === 'none' ? 0 : state.trainees.size;
    const researchProjects = state.status === 'none' ? 0 : state.projects.size;
    const traineeQuota =
      state.status === 'assessed' ? state.assessment.traineeQuota : policy.traineeQuota[base.baseType];
    const projectQuota = state.status === 'assessed' ? state.assessment.projectQuota : policy.projectQuota;
    const standing = quotaStanding(
      { year: base.year, trainees, researchProjects, traineeQuota, projectQuota },
      shanghaiDate(this.clock.now()),
    );
    return {
      trainees,
      researchProjects,
      traineeQuota,
      projectQuota,
      status: state.status === 'assessed' ? state.assessment.result : standing.status,
    };
  }

  async yearView(baseId: string, year: number, actor: Actor): Promise<BaseYearView> {
    this.requireReader(actor, baseId);
    const base = await this.requireBase(baseId, year);
    const rows: BaseYearRowRaw[] = await this.dataSource.query(
      `SELECT base_id, base_name, base_type, trainees, registrations, research_projects, last_registered_at, assessment
         FROM rm_base_years WHERE base_id = $1 AND year = $2`,
      [baseId, year],
    );
    const row = rows[0] ?? {
      base_id: baseId,
      base_name: base.baseName,
      base_type: base.baseType,
      trainees: 0,
      registrations: 0,
      research_projects: 0,
      last_registered_at: null,
      assessment: null,
    };
    return this.view(row, year, await this.basesPolicy());
  }

  /** Every base's year (a base operator sees their own base only). */
  async list(year: number, actor: Actor): Promise<BaseYearView[]> {
    const everything = hasRole(actor, 'admin', 'auditor', 'city_reviewer');
    if (!everything && !hasRole(actor, 'base_operator')) {
      throw new ForbiddenError('BASE.NOT_VISIBLE', '无权查看继续教育基地情况');
    }
    const rows: BaseYearRowRaw[] = await this.dataSource.query(
      `SELECT o.id AS base_id, o.name AS base_name, o.base_type, y.trainees, y.registrations, y.research_projects,
              y.last_registered_at, y.assessment
         FROM rm_orgs o LEFT JOIN rm_base_years y ON y.base_id = o.id AND y.year = $1
        WHERE o.kind = 'base' AND ($2::uuid IS NULL OR o.id = $2)
        ORDER BY o.name, o.id`,
      [year, everything ? null : actor.orgId],
    );
    const policy = await this.basesPolicy();
    return rows.map((row) => this.view(row, year, policy));
  }

  private view(row: BaseYearRowRaw, year: number, policy: BasesPolicy): BaseYearView {
    const assessment = row.assessment;
    const trainees = row.trainees ?? 0;
    const researchProjects = row.research_projects ?? 0;
    // An assessed year keeps the quotas it was assessed against; an open one follows the policy.
    const traineeQuota = assessment?.traineeQuota ?? policy.traineeQuota[row.base_type];
    const projectQuota = assessment?.projectQuota ?? policy.projectQuota;
    // Forecast and status depend on today: computed now, from the clock, never stored.
    const standing = quotaStanding(
      { year, trainees, researchProjects, traineeQuota, projectQuota },
      shanghaiDate(this.clock.now()),
    );
    return {
      baseId: row.base_id,
      baseName: row.base_name,
      baseType: row.base_type,
      year,
      trainees,
      traineeQuota,
      researchProjects,
      projectQuota,
      forecastTrainees: standing.forecastTrainees,
      status: assessment?.result ?? standing.status,
      registrations: row.registrations ?? 0,
      lastRegisteredOn: row.last_registered_at ? shanghaiDate(row.last_registered_at) : null,
      assessment,
    };
  }

  private async registrationRules(year: number, now: Date): Promise<RegistrationContext> {
    const hours = await this.claims.hoursPolicy();
    return { year, today: shanghaiDate(now), hourStep: hours.hourStep, maxHours: hours.maxHoursPerClaim };
  }

  /**
   * Decide on the current state and append with the expected revision; when another writer got
   * there first, read what it wrote and decide again.
   */
  private async write(
    streamId: string,
    ctx: CommandContext,
    extraMetadata: { policyVersion?: string },
    decide: (state: BaseYearState) => BaseYearEvent[],
  ): Promise<{ events: BaseYearEvent[]; loaded: Loaded; position: string | null }> {
    const metadata = metadataJson(metadataOf(ctx, extraMetadata));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await this.load(streamId);
      const events = decide(loaded.state);
      if (events.length === 0) return { events, loaded, position: loaded.position };
      try {
        const result = await this.store.append(
          streamId,
          events.map((event) => ({
            id: eventIdOf(streamId, event),
            type: event.type,
            data: toJson(event.data),
            metadata,
          })),
          { expectedRevision: loaded.revision ?? 'no_stream' },
        );
        // Another writer stored these very events: decide again on what is there now.
        if (result.idempotentReplay) continue;
        const after: Loaded = {
          state: foldEvents(baseYear, events, loaded.state),
          revision: result.nextExpectedRevision,
          position: result.position,
        };
        this.remember(streamId, after);
        return { events, loaded: after, position: result.position };
      } catch (error) {
        const raced = error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError;
        // The next load reads what the other writer appended after our cached revision.
        if (!raced || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
    throw new ConflictError('BASE_YEAR.BUSY', '该基地年度正被同时修改，请稍后重试');
  }

  /** The stream's state: the cached one brought up to date with the events after it, or a full read. */
  private async load(streamId: string): Promise<Loaded> {
    const cached = this.states.get(streamId);
    const fromRevision = cached?.revision === null || cached === undefined ? undefined : cached.revision + 1n;
    const events = await this.store.readStream(streamId, fromRevision === undefined ? {} : { fromRevision });
    const last = events[events.length - 1];
    if (!last) return cached ?? { state: baseYear.initialState(), revision: null, position: null };
    const loaded: Loaded = {
      state: foldEvents(
        baseYear,
        events.map((e) => toDomainEvent<BaseYearEvent>(e)),
        cached?.state ?? baseYear.initialState(),
      ),
      revision: last.revision,
      position: last.position,
    };
    this.remember(streamId, loaded);
    return loaded;
  }

  private remember(streamId: string, loaded: Loaded): void {
    this.states.delete(streamId);
    this.states.set(streamId, loaded);
    for (const oldest of this.states.keys()) {
      if (this.states.size <= CACHED_STREAMS) break;
      this.states.delete(oldest);
    }
  }
}

/**
 * Event ids derived from what the event says: the same registration, project or assessment always
 * gets the same id, so even a writer with a stale view cannot store one twice.
 */
export function eventIdOf(streamId: string, event: BaseYearEvent): string {
  const id = (what: string) => uuidv5(`${streamId}\n${what}`, EVENT_ID_NAMESPACE);
  switch (event.type) {
    case 'base-year.opened.v1':
      return id('opened');
    case 'base-year.trainee-registered.v1':
      return id(`registered\n${registrationKey(event.data)}`);
    case 'base-year.research-project-added.v1':
      return id(`project\n${projectKey(event.data)}`);
    case 'base-year.assessed.v1':
      return id('assessed');
    default:
      return assertNever(event, 'base-year event');
  }
}
