import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type ApprovalSubject,
  ApprovalSubjects,
  PolicyStore,
  type TaskCommand,
  type TaskOutcome,
  flowContext,
  flowEventMetadata,
} from '@ce/approval';
import {
  type ChainPolicy,
  DEFAULT_CHAIN_POLICY,
  type FlowCommand,
  ROLE_FOR_LEVEL,
  resolveChain,
} from '@ce/approval/domain';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '@ce/event-store';
import { type CommandContext, IdentityService, OrgDirectory, metadataOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  ForbiddenError,
  NotFoundError,
  RuleViolation,
  foldEvents,
  handleCommand,
  hasRole,
  idForRequest,
  metadataJson,
  newId,
  toDomainEvent,
} from '@ce/kernel';
import { DataSource } from 'typeorm';
import { type ClaimInput, validateClaim } from './domain/hour-claim.rules';
import { DEFAULT_HOURS_POLICY, type HoursPolicy } from './domain/hours-policy';
import {
  type HourClaimCommand,
  type HourClaimEvent,
  type HourClaimState,
  claimStatus,
  hourClaimDecider,
  hourClaimStream,
} from './hour-claim/hour-claim.decider';

export const HOURS_POLICY = 'hours';
export const CHAIN_POLICY = 'approval-chains';

/** The local calendar date in Yantai (UTC+8, no daylight saving). */
export const shanghaiDate = (instant: Date): string =>
  new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const certificateStream = (personId: string, certificateNo: string): string =>
  `certificate-${personId}-${createHash('sha256').update(certificateNo.trim().toUpperCase()).digest('hex').slice(0, 32)}`;

export interface ClaimView {
  id: string;
  personId: string;
  unitId: string;
  applicantName: string;
  year: number;
  subject: string;
  kind: string;
  hours: number;
  title: string;
  organizer?: string;
  startDate: string;
  endDate: string;
  place?: string;
  certificateNo?: string;
  status: string;
  makeUp: boolean;
  makeUpForYear?: number;
  studyType?: string;
  assessment?: string;
  achievementType?: string;
  achievementLevel?: string;
  policyVersion: string | null;
  steps: {
    level: string;
    orgId: string | null;
    decision: string;
    by?: string;
    at?: string;
    comment?: string;
  }[];
  revoked?: { by: string; at: string; reason: string };
}

@Injectable()
export class HourClaimsService implements OnModuleInit, ApprovalSubject {
  readonly subjectType = 'hour_claim' as const;
  readonly streamPrefix = 'hour-claim';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly policies: PolicyStore,
    private readonly subjects: ApprovalSubjects,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.subjects.register(this);
  }

  hoursPolicy(): Promise<HoursPolicy> {
    return this.policies.current(HOURS_POLICY, DEFAULT_HOURS_POLICY);
  }

  async submit(input: ClaimInput & { personId: string }, ctx: CommandContext) {
    const person = await this.identity.requirePersonVisible(ctx.actor, input.personId);
    const ownClaim = ctx.actor.personId === person.personId;
    if (!ownClaim && !hasRole(ctx.actor, 'unit_admin', 'admin')) {
      throw new ForbiddenError('HOUR_CLAIM.NOT_ALLOWED', '只有本人或所在单位管理员可以登记学时');
    }
    const placement = await this.orgs.placement(person.unitId);
    if (!placement) throw new NotFoundError('ORG.NOT_FOUND', '人员所在单位不存在');
    const [chainPolicy, hoursPolicy] = await Promise.all([
      this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY),
      this.hoursPolicy(),
    ]);
    const claimId = idForRequest('hour-claim', ctx.requestId, ctx.actor.userId);
    const streamId = hourClaimStream(claimId);
    const { personId: _omit, ...claim } = input;
    const today = shanghaiDate(ctx.now);
    // Every rule first: a refused claim must leave nothing behind, not even a certificate reservation.
    validateClaim(claim, { today, policy: hoursPolicy });
    if (input.certificateNo?.trim()) {
      await this.reserveCertificate(person.personId, input.certificateNo, claimId, ctx);
    }
    const accounts: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM rm_users WHERE person_id = $1`,
      [person.personId],
    );
    const result = await handleCommand(
      this.store,
      streamId,
      this.decider(ctx.actor, ctx.now, chainPolicy),
      {
        type: 'submit',
        claimId,
        input: claim,
        person: { personId: person.personId, name: person.name, unitId: person.unitId },
        steps: resolveChain(chainPolicy, 'hour_claim', placement),
        districtId: placement.districtId,
        chainPolicyVersion: chainPolicy.version,
        applicantUserIds: [...accounts.map((a) => a.id), ...(ownClaim ? [ctx.actor.userId] : [])],
        policy: hoursPolicy,
        today,
      },
      {
        metadata: metadataOf(ctx, {
          policyVersion: `${chainPolicy.version}+${hoursPolicy.version}`,
          ...(ownClaim ? {} : { onBehalfOf: person.personId }),
        }),
        ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      },
    );
    return {
      id: claimId,
      year: result.state.claim?.year ?? null,
      status: claimStatus(result.state),
      position: result.position,
    };
  }

  /** Task commands from the generic task endpoints. */
  execute(streamId: string, command: TaskCommand, actor: Actor, requestId?: string): Promise<TaskOutcome> {
    return this.run(streamId, { type: 'flow', command }, actor, requestId);
  }

  async applicantAction(
    claimId: string,
    command:
      | HourClaimCommand
      | { type: 'flow'; command: Extract<FlowCommand, { type: 'withdraw' | 'urge' | 'comment' }> },
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    await this.requireVisible(claimId, actor);
    return this.run(hourClaimStream(claimId), command, actor, requestId);
  }

  async resubmit(
    claimId: string,
    changes: Partial<ClaimInput>,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    const state = await this.requireVisible(claimId, actor);
    const placement = state.claim ? await this.orgs.placement(state.claim.unitId) : null;
    return this.run(
      hourClaimStream(claimId),
      {
        type: 'resubmit',
        changes,
        policy: await this.hoursPolicy(),
        today: shanghaiDate(this.clock.now()),
        districtId: placement?.districtId ?? null,
      },
      actor,
      requestId,
    );
  }

  async load(claimId: string): Promise<HourClaimState> {
    const events = await this.store.readStream(hourClaimStream(claimId));
    return foldEvents(
      this.decider({ userId: 'reader', orgId: '', roles: [] }, this.clock.now(), DEFAULT_CHAIN_POLICY),
      events.map((e) => toDomainEvent<HourClaimEvent>(e)),
    );
  }

  async requireVisible(claimId: string, actor: Actor): Promise<HourClaimState> {
    const state = await this.load(claimId);
    const claim = state.claim;
    if (!claim) throw new NotFoundError('HOUR_CLAIM.NOT_FOUND', '学时登记不存在');
    // Reviewers of the chain see the claim; other people of the same organisation do not.
    const reviewer = state.flow.steps.some(
      (s) => s.orgId !== null && s.orgId === actor.orgId && actor.roles.includes(ROLE_FOR_LEVEL[s.level]),
    );
    if (!reviewer && !(await this.identity.canSeePerson(actor, claim))) {
      throw new NotFoundError('HOUR_CLAIM.NOT_FOUND', '学时登记不存在');
    }
    return state;
  }

  view(state: HourClaimState): ClaimView {
    const c = state.claim;
    if (!c) throw new NotFoundError('HOUR_CLAIM.NOT_FOUND', '学时登记不存在');
    return {
      id: c.claimId,
      personId: c.personId,
      unitId: c.unitId,
      applicantName: c.applicantName,
      year: c.year,
      subject: c.subject,
      kind: c.kind,
      hours: c.hours,
      title: c.title,
      ...(c.organizer ? { organizer: c.organizer } : {}),
      startDate: c.startDate,
      endDate: c.endDate,
      ...(c.place ? { place: c.place } : {}),
      ...(c.certificateNo ? { certificateNo: c.certificateNo } : {}),
      status: claimStatus(state) ?? 'in_review',
      makeUp: c.makeUp,
      ...(c.makeUpForYear !== undefined ? { makeUpForYear: c.makeUpForYear } : {}),
      ...(c.studyType ? { studyType: c.studyType } : {}),
      ...(c.assessment ? { assessment: c.assessment } : {}),
      ...(c.achievementType ? { achievementType: c.achievementType } : {}),
      ...(c.achievementLevel ? { achievementLevel: c.achievementLevel } : {}),
      policyVersion: state.flow.policyVersion,
      steps: state.flow.steps.map((s) => ({ ...s })),
      ...(state.revoked ? { revoked: state.revoked } : {}),
    };
  }

  private async run(
    streamId: string,
    command: HourClaimCommand,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    const now = this.clock.now();
    const chainPolicy = await this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY);
    const ctx: CommandContext = { actor, now, ...(requestId ? { requestId } : {}) };
    const reason =
      'reason' in command
        ? command.reason
        : 'command' in command && 'reason' in command.command
          ? command.command.reason
          : undefined;
    const result = await handleCommand(this.store, streamId, this.decider(actor, now, chainPolicy), command, {
      metadata: flowEventMetadata<HourClaimState>(ctx, reason),
      ...(requestId ? { requestId } : {}),
    });
    if (!result.state.claim) throw new NotFoundError('HOUR_CLAIM.NOT_FOUND', '学时登记不存在');
    return {
      subjectId: result.state.claim.claimId,
      status: claimStatus(result.state) ?? 'in_review',
      position: result.position ?? '',
    };
  }

  private decider(actor: Actor, now: Date, chainPolicy: ChainPolicy) {
    return hourClaimDecider(flowContext(actor, now, chainPolicy));
  }

  /** One certificate number per person, unless the claim that used it was withdrawn, rejected or revoked. */
  private async reserveCertificate(
    personId: string,
    certificateNo: string,
    claimId: string,
    ctx: CommandContext,
  ) {
    const streamId = certificateStream(personId, certificateNo);
    const history = await this.store.readStream(streamId);
    const last = history[history.length - 1];
    if (last && (last.data as { claimId: string }).claimId === claimId) return; // a retried request
    if (last) {
      const previous = (last.data as { claimId: string }).claimId;
      const status = claimStatus(await this.load(previous));
      if (status !== null && !['withdrawn', 'rejected', 'revoked'].includes(status)) {
        throw new RuleViolation('HOUR_CLAIM.DUPLICATE_CERTIFICATE', '该证书编号已登记过学时', {
          claimId: previous,
        });
      }
    }
    try {
      await this.store.append(
        streamId,
        [
          {
            id: newId(),
            type: 'certificate.used.v1',
            data: { claimId },
            metadata: metadataJson(metadataOf(ctx)),
          },
        ],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        throw new RuleViolation('HOUR_CLAIM.DUPLICATE_CERTIFICATE', '该证书编号已登记过学时');
      }
      throw error;
    }
  }
}
