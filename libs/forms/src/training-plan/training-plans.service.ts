import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type ApprovalSubject,
  ApprovalSubjects,
  PolicyStore,
  type TaskCommand,
  type TaskOutcome,
  flowContext,
  runFlowCommand,
} from '@ce/approval';
import {
  type ChainPolicy,
  DEFAULT_CHAIN_POLICY,
  type FlowCommand,
  ROLE_FOR_LEVEL,
} from '@ce/approval/domain';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { type CommandContext, IdentityService, OrgDirectory, metadataOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  type Decider,
  NotFoundError,
  type Role,
  RuleViolation,
  foldEvents,
  handleCommand,
  idForRequest,
  toDomainEvent,
} from '@ce/kernel';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { ContentStore, sha256Of } from './content-store';
import {
  type PlanFile,
  type TrainingPlanCommand,
  type TrainingPlanEvent,
  type TrainingPlanState,
  TRAINING_PLAN_STREAM_PREFIX,
  planStatus,
  trainingPlanDecider,
  trainingPlanStream,
} from './domain/training-plan.decider';
import type { PlanOrg } from './domain/training-plan.rules';
import { type UploadedPdf, requirePdf } from './http/pdf-upload';
import { trainingPlanSlot } from './domain/training-plan-slot';
import { v5 as uuidv5 } from 'uuid';
import { claimSlot } from '../shared/claim-slot';
import type { SlotKey } from '../shared/domain/reporting-slot';

/** The approval chains policy (published through the policies API by the approval library). */
const CHAIN_POLICY = 'approval-chains';

const SLOT_NAMESPACE = '6f1d2c3b-8a47-4e59-b0c2-7d3e9f5a1b64';

/** The stream that says which plan holds an organisation's year (`plan-slot-…`: not a plan stream). */
export const trainingPlanSlotStream = (key: SlotKey): string =>
  `plan-slot-${uuidv5(`${key.orgId}\n${key.year}\n${key.form}`, SLOT_NAMESPACE)}`;

/** Roles that may submit a plan at all (which organisation: see `checkSubmitter`). */
export const PLAN_SUBMITTER_ROLES: readonly Role[] = ['district_reviewer', 'department_reviewer', 'admin'];

export interface PlanView {
  id: string;
  year: number;
  orgId: string;
  orgName: string;
  districtId: string | null;
  fileName: string;
  sha256: string;
  size: number;
  status: string;
  submittedBy: string | null;
  policyVersion: string | null;
  steps: {
    level: string;
    orgId: string | null;
    decision: string;
    by?: string;
    at?: string;
    comment?: string;
  }[];
}

export interface PlanSubmitted {
  id: string;
  status: string;
  sha256: string;
  position: string;
}

/** The PDF of a plan, checked against its hash, ready to send. */
export interface PlanDownload {
  readonly bytes: Buffer;
  readonly fileName: string;
  readonly sha256: string;
}

/**
 * Annual training plans (培训方案) on the generic approval flow: a stamped PDF, stored by content,
 * submitted by a district bureau or a city-direct department to the city bureau. Registered with
 * the approval subjects so the task endpoints decide it.
 */
@Injectable()
export class TrainingPlansService implements OnModuleInit, ApprovalSubject {
  readonly subjectType = 'training_plan' as const;
  readonly streamPrefix = TRAINING_PLAN_STREAM_PREFIX;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly policies: PolicyStore,
    private readonly subjects: ApprovalSubjects,
    private readonly content: ContentStore,
  ) {}

  onModuleInit(): void {
    this.subjects.register(this);
  }

  /**
   * Checks everything first (the file, who submits for which organisation), then stores the bytes by
   * content, then writes the events: a refused upload leaves neither a blob nor a stream.
   */
  async submit(
    upload: UploadedPdf | undefined,
    form: { year: number; orgId: string },
    ctx: CommandContext,
  ): Promise<PlanSubmitted> {
    const pdf = requirePdf(upload, this.config.CE_TRAINING_PLAN_MAX_BYTES);
    const found = await this.orgs.get(form.orgId);
    if (!found) throw new RuleViolation('TRAINING_PLAN.ORG_NOT_FOUND', '报送单位不存在');
    const placement = await this.orgs.placement(found.orgId);
    if (!placement) throw new RuleViolation('TRAINING_PLAN.ORG_NOT_FOUND', '报送单位不在机构树中');
    const org: PlanOrg = {
      orgId: found.orgId,
      name: found.name,
      kind: found.kind,
      districtId: placement.districtId,
    };
    const chainPolicy = await this.chainPolicy();
    const planId = idForRequest('training-plan', ctx.requestId, ctx.actor.userId);
    const file: PlanFile = { fileName: pdf.fileName, sha256: sha256Of(pdf.bytes), size: pdf.bytes.length };
    const command: TrainingPlanCommand = {
      type: 'submit',
      planId,
      year: form.year,
      org,
      placement,
      chainPolicy,
      file,
    };
    const streamId = trainingPlanStream(planId);
    const decider = this.decider(ctx.actor, ctx.now, chainPolicy);
    await this.preflight(streamId, decider, command, ctx.requestId);
    const key = { orgId: org.orgId, year: form.year, form: 'training_plan' };
    await claimSlot(
      this.store,
      trainingPlanSlotStream(key),
      trainingPlanSlot,
      key,
      planId,
      this.stillCounts,
      ctx,
    );
    await this.content.put(pdf.bytes, 'application/pdf');
    const result = await handleCommand(this.store, streamId, decider, command, {
      metadata: metadataOf(ctx, { policyVersion: chainPolicy.version }),
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    });
    return {
      id: planId,
      status: planStatus(result.state) ?? 'in_review',
      sha256: result.state.plan?.sha256 ?? file.sha256,
      position: result.position ?? '',
    };
  }

  /** Task commands from the generic task endpoints. */
  execute(streamId: string, command: TaskCommand, actor: Actor, requestId?: string): Promise<TaskOutcome> {
    return this.run(streamId, { type: 'flow', command }, actor, requestId);
  }

  async applicantAction(
    planId: string,
    command: Extract<FlowCommand, { type: 'withdraw' | 'urge' | 'comment' }>,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    await this.requireVisible(planId, actor);
    return this.run(trainingPlanStream(planId), { type: 'flow', command }, actor, requestId);
  }

  /** A returned plan with a corrected PDF, back to the first step of its chain. */
  async resubmit(
    planId: string,
    upload: UploadedPdf | undefined,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome & { sha256: string }> {
    const pdf = requirePdf(upload, this.config.CE_TRAINING_PLAN_MAX_BYTES);
    await this.requireVisible(planId, actor);
    const file: PlanFile = { fileName: pdf.fileName, sha256: sha256Of(pdf.bytes), size: pdf.bytes.length };
    const command: TrainingPlanCommand = { type: 'resubmit', file };
    const streamId = trainingPlanStream(planId);
    const now = this.clock.now();
    await this.preflight(streamId, this.decider(actor, now, await this.chainPolicy()), command, requestId);
    await this.content.put(pdf.bytes, 'application/pdf');
    const outcome = await this.run(streamId, command, actor, requestId);
    return { ...outcome, sha256: file.sha256 };
  }

  async load(planId: string): Promise<TrainingPlanState> {
    const events = await this.store.readStream(trainingPlanStream(planId));
    return foldEvents(
      this.decider({ userId: 'reader', orgId: '', roles: [] }, this.clock.now(), DEFAULT_CHAIN_POLICY),
      events.map((e) => toDomainEvent<TrainingPlanEvent>(e)),
    );
  }

  /**
   * Who sees a plan: the submitter, the reviewers of its chain, and staff of the plan's organisation
   * or above it (the city bureau, admins and auditors everywhere). Others get 404, as for an unknown id.
   */
  async requireVisible(planId: string, actor: Actor): Promise<TrainingPlanState> {
    const state = await this.load(planId);
    const plan = state.plan;
    if (!plan) throw new NotFoundError('TRAINING_PLAN.NOT_FOUND', '培训方案不存在');
    if (state.flow.submittedBy === actor.userId) return state;
    const reviewer = state.flow.steps.some(
      (s) => s.orgId !== null && s.orgId === actor.orgId && actor.roles.includes(ROLE_FOR_LEVEL[s.level]),
    );
    const staff = actor.roles.some((r) => r !== 'person');
    if (reviewer || (staff && (await this.identity.withinJurisdiction(actor, plan.orgId)))) return state;
    throw new NotFoundError('TRAINING_PLAN.NOT_FOUND', '培训方案不存在');
  }

  /** The plan's PDF, its bytes checked against the hash the events recorded. */
  async file(planId: string, actor: Actor): Promise<PlanDownload> {
    const { plan } = await this.requireVisible(planId, actor);
    if (!plan) throw new NotFoundError('TRAINING_PLAN.NOT_FOUND', '培训方案不存在');
    const { bytes } = await this.content.get(plan.sha256);
    return { bytes, fileName: plan.fileName, sha256: plan.sha256 };
  }

  view(state: TrainingPlanState): PlanView {
    const p = state.plan;
    if (!p) throw new NotFoundError('TRAINING_PLAN.NOT_FOUND', '培训方案不存在');
    return {
      id: p.planId,
      year: p.year,
      orgId: p.orgId,
      orgName: p.orgName,
      districtId: p.districtId,
      fileName: p.fileName,
      sha256: p.sha256,
      size: p.size,
      status: planStatus(state) ?? 'in_review',
      submittedBy: state.flow.submittedBy,
      policyVersion: state.flow.policyVersion,
      steps: state.flow.steps.map((s) => ({ ...s })),
    };
  }

  private chainPolicy(): Promise<ChainPolicy> {
    return this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY);
  }

  /**
   * Decides the command on the stream as it is, without writing: what would be refused is refused
   * before any bytes are stored. (A retry of a request that already succeeded is let through: the
   * command handler answers it as the first time.)
   */
  private async preflight(
    streamId: string,
    decider: Decider<TrainingPlanCommand, TrainingPlanEvent, TrainingPlanState>,
    command: TrainingPlanCommand,
    requestId: string | undefined,
  ): Promise<void> {
    const history = await this.store.readStream(streamId);
    if (requestId && history.some((e) => e.metadata.requestId === requestId)) return;
    decider.decide(
      command,
      foldEvents(
        decider,
        history.map((e) => toDomainEvent<TrainingPlanEvent>(e)),
      ),
    );
  }

  /** Whether a plan holding the organisation's slot of the year still counts. */
  private readonly stillCounts = async (planId: string): Promise<boolean> => {
    const status = planStatus(await this.load(planId));
    return status === 'in_review' || status === 'returned' || status === 'approved';
  };

  private async run(
    streamId: string,
    command: TrainingPlanCommand,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    const now = this.clock.now();
    const chainPolicy = await this.chainPolicy();
    return runFlowCommand(
      this.store,
      streamId,
      this.decider(actor, now, chainPolicy),
      command,
      { actor, now, ...(requestId ? { requestId } : {}) },
      (state: TrainingPlanState) =>
        state.plan ? { subjectId: state.plan.planId, status: planStatus(state) ?? 'in_review' } : null,
      () => new NotFoundError('TRAINING_PLAN.NOT_FOUND', '培训方案不存在'),
    );
  }

  private decider(actor: Actor, now: Date, chainPolicy: ChainPolicy) {
    return trainingPlanDecider(flowContext(actor, now, chainPolicy));
  }
}
