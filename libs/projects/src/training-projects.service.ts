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
import { type CommandContext, IdentityService, type OrgInfo, OrgDirectory, metadataOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  type EventMetadata,
  ForbiddenError,
  NotFoundError,
  type Role,
  RuleViolation,
  foldEvents,
  handleCommand,
  hasRole,
  idForRequest,
  toDomainEvent,
} from '@ce/kernel';
import { type ProjectInput } from './domain/training-project.rules';
import {
  type ProjectChanges,
  type ProjectSource,
  type TrainingProjectCommand,
  type TrainingProjectEvent,
  type TrainingProjectState,
  projectStatus,
  trainingProjectDecider,
  trainingProjectStream,
} from './training-project/training-project.decider';

/** The approval chains policy (published through the policies API by the approval library). */
const CHAIN_POLICY = 'approval-chains';

/** Who may put a project into the catalogue: an organisation's own administrator or reviewer, or an admin. */
export const SUBMITTER_ROLES: readonly Role[] = [
  'unit_admin',
  'department_reviewer',
  'district_reviewer',
  'city_reviewer',
  'base_operator',
  'admin',
];

export interface ProjectView {
  id: string;
  year: number;
  organizerOrgId: string;
  organizerName: string;
  districtId: string | null;
  name: string;
  hours: number;
  startDate: string;
  endDate: string;
  place: string;
  audience: string;
  contact: string;
  cityWide: boolean;
  source: ProjectSource;
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

export interface SubmitOptions {
  /** The stream's id; a new one per request unless given (imports derive theirs from the row). */
  readonly projectId?: string;
  readonly source?: ProjectSource;
  /** Further metadata on the events (an import's file and row). */
  readonly metadata?: Partial<EventMetadata>;
}

/** Training projects (附件1) on the generic approval flow; registered so the task endpoints can decide them. */
@Injectable()
export class TrainingProjectsService implements OnModuleInit, ApprovalSubject {
  readonly subjectType = 'training_project' as const;
  readonly streamPrefix = 'training-project';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly policies: PolicyStore,
    private readonly subjects: ApprovalSubjects,
  ) {}

  onModuleInit(): void {
    this.subjects.register(this);
  }

  /**
   * The organiser as the actor may name it: an existing organisation that is the actor's own or
   * one below it (admins: any).
   */
  async requireOrganizer(actor: Actor, organizerOrgId: string): Promise<OrgInfo> {
    if (!hasRole(actor, ...SUBMITTER_ROLES)) {
      throw new ForbiddenError(
        'TRAINING_PROJECT.NOT_ALLOWED',
        '只有单位管理员、主管部门、区市人社局、市人社局或系统管理员可以申报培训项目',
      );
    }
    const org = await this.orgs.get(organizerOrgId);
    if (!org) throw new RuleViolation('TRAINING_PROJECT.ORGANIZER_NOT_FOUND', '承办单位不存在');
    if (!hasRole(actor, 'admin') && !(await this.orgs.isWithin(organizerOrgId, actor.orgId))) {
      throw new ForbiddenError(
        'TRAINING_PROJECT.OUTSIDE_JURISDICTION',
        '只能申报本单位或所属单位承办的培训项目',
      );
    }
    return org;
  }

  async submit(
    input: ProjectInput & { organizerOrgId: string },
    ctx: CommandContext,
    options: SubmitOptions = {},
  ): Promise<{ id: string; status: string | null; position: string | null }> {
    const organizer = await this.requireOrganizer(ctx.actor, input.organizerOrgId);
    const placement = await this.orgs.placement(organizer.orgId);
    if (!placement) throw new RuleViolation('TRAINING_PROJECT.ORGANIZER_NOT_FOUND', '承办单位不在机构树中');
    const chainPolicy = await this.chainPolicy();
    const projectId = options.projectId ?? idForRequest('training-project', ctx.requestId, ctx.actor.userId);
    const { organizerOrgId: _omit, ...project } = input;
    const result = await handleCommand(
      this.store,
      trainingProjectStream(projectId),
      this.decider(ctx.actor, ctx.now, chainPolicy),
      {
        type: 'submit',
        projectId,
        input: project,
        organizer: { orgId: organizer.orgId, name: organizer.name },
        placement,
        chainPolicy,
        source: options.source ?? 'form',
      },
      {
        metadata: metadataOf(ctx, { policyVersion: chainPolicy.version, ...options.metadata }),
        ...(ctx.requestId && !options.projectId ? { requestId: ctx.requestId } : {}),
      },
    );
    return { id: projectId, status: projectStatus(result.state), position: result.position };
  }

  /** Task commands from the generic task endpoints. */
  execute(streamId: string, command: TaskCommand, actor: Actor, requestId?: string): Promise<TaskOutcome> {
    return this.run(streamId, { type: 'flow', command }, actor, requestId);
  }

  async applicantAction(
    projectId: string,
    command: Extract<FlowCommand, { type: 'withdraw' | 'urge' | 'comment' }>,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    await this.requireVisible(projectId, actor);
    return this.run(trainingProjectStream(projectId), { type: 'flow', command }, actor, requestId);
  }

  async resubmit(
    projectId: string,
    changes: ProjectChanges,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    await this.requireVisible(projectId, actor);
    return this.run(trainingProjectStream(projectId), { type: 'resubmit', changes }, actor, requestId);
  }

  async load(projectId: string): Promise<TrainingProjectState> {
    const events = await this.store.readStream(trainingProjectStream(projectId));
    return foldEvents(
      this.decider({ userId: 'reader', orgId: '', roles: [] }, this.clock.now(), DEFAULT_CHAIN_POLICY),
      events.map((e) => toDomainEvent<TrainingProjectEvent>(e)),
    );
  }

  /**
   * Approved projects are published: every signed-in user sees them. Until then: the submitter,
   * the reviewers of its chain, and the organiser's own and superior organisations.
   */
  async requireVisible(projectId: string, actor: Actor): Promise<TrainingProjectState> {
    const state = await this.load(projectId);
    const project = state.project;
    if (!project) throw new NotFoundError('TRAINING_PROJECT.NOT_FOUND', '培训项目不存在');
    if (state.flow.status === 'approved' || state.flow.submittedBy === actor.userId) return state;
    const reviewer = state.flow.steps.some(
      (s) => s.orgId !== null && s.orgId === actor.orgId && actor.roles.includes(ROLE_FOR_LEVEL[s.level]),
    );
    const staff = actor.roles.some((r) => r !== 'person');
    if (reviewer || (staff && (await this.identity.withinJurisdiction(actor, project.organizerOrgId)))) {
      return state;
    }
    throw new NotFoundError('TRAINING_PROJECT.NOT_FOUND', '培训项目不存在');
  }

  view(state: TrainingProjectState): ProjectView {
    const p = state.project;
    if (!p) throw new NotFoundError('TRAINING_PROJECT.NOT_FOUND', '培训项目不存在');
    return {
      id: p.projectId,
      year: p.year,
      organizerOrgId: p.organizerOrgId,
      organizerName: p.organizerName,
      districtId: p.districtId,
      name: p.name,
      hours: p.hours,
      startDate: p.startDate,
      endDate: p.endDate,
      place: p.place,
      audience: p.audience,
      contact: p.contact,
      cityWide: p.cityWide,
      source: p.source,
      status: projectStatus(state) ?? 'in_review',
      submittedBy: state.flow.submittedBy,
      policyVersion: state.flow.policyVersion,
      steps: state.flow.steps.map((s) => ({ ...s })),
    };
  }

  private chainPolicy(): Promise<ChainPolicy> {
    return this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY);
  }

  private async run(
    streamId: string,
    command: TrainingProjectCommand,
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
      (state: TrainingProjectState) =>
        state.project
          ? { subjectId: state.project.projectId, status: projectStatus(state) ?? 'in_review' }
          : null,
      () => new NotFoundError('TRAINING_PROJECT.NOT_FOUND', '培训项目不存在'),
    );
  }

  private decider(actor: Actor, now: Date, chainPolicy: ChainPolicy) {
    return trainingProjectDecider(flowContext(actor, now, chainPolicy));
  }
}
