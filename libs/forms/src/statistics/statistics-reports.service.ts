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
import { v5 as uuidv5 } from 'uuid';
import type { StatisticsForm } from './domain/forms';
import { type ReportRow, validateReport } from './domain/report.rules';
import {
  type ReportChanges,
  type StatisticsReportCommand,
  type StatisticsReportEvent,
  type StatisticsReportState,
  isActive,
  reportStatus,
  requireReportingOrg,
  statisticsReportDecider,
  statisticsReportStream,
} from './statistics-report/statistics-report.decider';
import { type SlotKey, statisticsSlot } from './statistics-report/statistics-slot.decider';
import { claimSlot } from '../shared/claim-slot';

/** The approval chains policy (published through the policies API by the approval library). */
const CHAIN_POLICY = 'approval-chains';

const SLOT_NAMESPACE = '0b4e7a52-3c1d-4f8e-9a26-5d8c7e1f3b90';

/** The stream that says which report holds an organisation's form of a year. */
export const statisticsSlotStream = (key: SlotKey): string =>
  `statistics-slot-${uuidv5(`${key.orgId}\n${key.year}\n${key.form}`, SLOT_NAMESPACE)}`;

/** Who may report statistics: a district bureau, a city department, or an admin on their behalf. */
export const REPORTER_ROLES: readonly Role[] = ['district_reviewer', 'department_reviewer', 'admin'];

export interface ReportInputWithOrg {
  readonly year: number;
  readonly orgId: string;
  readonly form: StatisticsForm;
  readonly fundingWan: number;
  readonly rows: unknown;
}

export interface ReportView {
  id: string;
  year: number;
  orgId: string;
  orgName: string;
  districtId: string | null;
  form: StatisticsForm;
  fundingWan: number;
  rows: readonly ReportRow[];
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

/** Statistics reports (附件3, 附件4) on the generic approval flow; registered so the task endpoints can decide them. */
@Injectable()
export class StatisticsReportsService implements OnModuleInit, ApprovalSubject {
  readonly subjectType = 'statistics_report' as const;
  readonly streamPrefix = 'statistics-report';

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
   * The organisation the actor reports for: their own district bureau, or their own department
   * directly under the city (admins: any organisation; the decider then checks that it reports).
   */
  async requireReporter(actor: Actor, orgId: string): Promise<OrgInfo> {
    if (!hasRole(actor, ...REPORTER_ROLES)) {
      throw new ForbiddenError(
        'STATISTICS.NOT_ALLOWED',
        '只有区市人社局、市直部门或系统管理员可以报送统计表',
      );
    }
    const org = await this.orgs.get(orgId);
    if (hasRole(actor, 'admin')) {
      if (!org) throw new RuleViolation('STATISTICS.ORG_NOT_FOUND', '填报单位不存在');
      return org;
    }
    const parent = org?.parentId ? await this.orgs.get(org.parentId) : null;
    const ownDistrict = org?.kind === 'district' && hasRole(actor, 'district_reviewer');
    const ownCityDepartment =
      org?.kind === 'department' && parent?.kind === 'city' && hasRole(actor, 'department_reviewer');
    if (!org || actor.orgId !== orgId || !(ownDistrict || ownCityDepartment)) {
      throw new ForbiddenError(
        'STATISTICS.OUTSIDE_JURISDICTION',
        '只能报送本单位的统计表：区市人社局报送本区市的，市直部门报送本部门的',
      );
    }
    return org;
  }

  async submit(
    input: ReportInputWithOrg,
    ctx: CommandContext,
  ): Promise<{ id: string; status: string | null; position: string | null }> {
    const org = await this.requireReporter(ctx.actor, input.orgId);
    const placement = await this.orgs.placement(org.orgId);
    if (!placement) throw new RuleViolation('STATISTICS.ORG_NOT_FOUND', '填报单位不在机构树中');
    const { orgId: _omit, ...report } = input;
    // Refuse what the decider would refuse before the slot is taken.
    requireReportingOrg(org, placement);
    validateReport(report);
    const chainPolicy = await this.chainPolicy();
    const reportId = idForRequest('statistics-report', ctx.requestId, ctx.actor.userId);
    const key = { orgId: org.orgId, year: input.year, form: input.form };
    await claimSlot(
      this.store,
      statisticsSlotStream(key),
      statisticsSlot,
      key,
      reportId,
      this.stillCounts,
      ctx,
    );
    const result = await handleCommand(
      this.store,
      statisticsReportStream(reportId),
      this.decider(ctx.actor, ctx.now, chainPolicy),
      {
        type: 'submit',
        reportId,
        input: report,
        org: { orgId: org.orgId, name: org.name },
        placement,
        chainPolicy,
      },
      {
        metadata: metadataOf(ctx, { policyVersion: chainPolicy.version }),
        ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      },
    );
    return { id: reportId, status: reportStatus(result.state), position: result.position };
  }

  /** Task commands from the generic task endpoints. */
  execute(streamId: string, command: TaskCommand, actor: Actor, requestId?: string): Promise<TaskOutcome> {
    return this.run(streamId, { type: 'flow', command }, actor, requestId);
  }

  async applicantAction(
    reportId: string,
    command: Extract<FlowCommand, { type: 'withdraw' | 'urge' | 'comment' }>,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    await this.requireVisible(reportId, actor);
    return this.run(statisticsReportStream(reportId), { type: 'flow', command }, actor, requestId);
  }

  async resubmit(
    reportId: string,
    changes: ReportChanges,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    await this.requireVisible(reportId, actor);
    return this.run(statisticsReportStream(reportId), { type: 'resubmit', changes }, actor, requestId);
  }

  async load(reportId: string): Promise<StatisticsReportState> {
    const events = await this.store.readStream(statisticsReportStream(reportId));
    return foldEvents(
      this.decider({ userId: 'reader', orgId: '', roles: [] }, this.clock.now(), DEFAULT_CHAIN_POLICY),
      events.map((e) => toDomainEvent<StatisticsReportEvent>(e)),
    );
  }

  /** The submitter, the reviewers of its chain, and staff of the reporting organisation or above it. */
  async requireVisible(reportId: string, actor: Actor): Promise<StatisticsReportState> {
    const state = await this.load(reportId);
    const report = state.report;
    if (!report) throw new NotFoundError('STATISTICS.NOT_FOUND', '统计表不存在');
    if (state.flow.submittedBy === actor.userId) return state;
    const reviewer = state.flow.steps.some(
      (s) => s.orgId !== null && s.orgId === actor.orgId && actor.roles.includes(ROLE_FOR_LEVEL[s.level]),
    );
    const staff = actor.roles.some((r) => r !== 'person');
    if (reviewer || (staff && (await this.identity.withinJurisdiction(actor, report.orgId)))) return state;
    throw new NotFoundError('STATISTICS.NOT_FOUND', '统计表不存在');
  }

  view(state: StatisticsReportState): ReportView {
    const r = state.report;
    if (!r) throw new NotFoundError('STATISTICS.NOT_FOUND', '统计表不存在');
    return {
      id: r.reportId,
      year: r.year,
      orgId: r.orgId,
      orgName: r.orgName,
      districtId: r.districtId,
      form: r.form,
      fundingWan: r.fundingWan,
      rows: r.rows,
      status: reportStatus(state) ?? 'in_review',
      submittedBy: state.flow.submittedBy,
      policyVersion: state.flow.policyVersion,
      steps: state.flow.steps.map((s) => ({ ...s })),
    };
  }

  /** Whether a report holding a slot still counts (in review, returned or approved). */
  private readonly stillCounts = async (reportId: string): Promise<boolean> =>
    isActive(await this.load(reportId));

  private chainPolicy(): Promise<ChainPolicy> {
    return this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY);
  }

  private async run(
    streamId: string,
    command: StatisticsReportCommand,
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
      (state: StatisticsReportState) =>
        state.report
          ? { subjectId: state.report.reportId, status: reportStatus(state) ?? 'in_review' }
          : null,
      () => new NotFoundError('STATISTICS.NOT_FOUND', '统计表不存在'),
    );
  }

  private decider(actor: Actor, now: Date, chainPolicy: ChainPolicy) {
    return statisticsReportDecider(flowContext(actor, now, chainPolicy));
  }
}
