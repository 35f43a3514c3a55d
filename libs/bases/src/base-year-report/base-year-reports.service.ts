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
import { type ChainPolicy, DEFAULT_CHAIN_POLICY, resolveChain } from '@ce/approval/domain';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { CHAIN_POLICY } from '@ce/hours';
import { type CommandContext, OrgDirectory, metadataOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  NotFoundError,
  foldEvents,
  handleCommand,
  toDomainEvent,
} from '@ce/kernel';
import { v5 as uuidv5 } from 'uuid';
import { BaseYearsService } from '../base-year/base-years.service';
import {
  type YearReportCommand,
  type YearReportEvent,
  type YearReportRecord,
  type YearReportState,
  yearReportDecider,
  yearReportStream,
} from './base-year-report.decider';

const REPORT_ID_NAMESPACE = '4c2f9a07-8e55-4b1d-b3c6-2d7e9f105a48';

/** One report per base and year: its id is derived from them, so submitting again finds the same flow. */
export const yearReportId = (baseId: string, year: number): string =>
  uuidv5(`base-year-report\n${baseId}\n${year}`, REPORT_ID_NAMESPACE);

/** The base's year report on the approval flow; the generic task endpoints act on it through `execute`. */
@Injectable()
export class BaseYearReportsService implements OnModuleInit, ApprovalSubject {
  readonly subjectType = 'base_year_report' as const;
  readonly streamPrefix = 'base-year-report';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly orgs: OrgDirectory,
    private readonly policies: PolicyStore,
    private readonly subjects: ApprovalSubjects,
    private readonly baseYears: BaseYearsService,
  ) {}

  onModuleInit(): void {
    this.subjects.register(this);
  }

  /** Submits the year's report with its current figures; after a return, submits it again refreshed. */
  async submit(baseId: string, year: number, note: string | undefined, ctx: CommandContext) {
    this.baseYears.requireOperator(ctx.actor, baseId);
    const base = await this.baseYears.requireBase(baseId, year);
    const placement = await this.orgs.placement(baseId);
    if (!placement) throw new NotFoundError('BASE.NOT_FOUND', '继续教育基地不存在');
    const figures = await this.baseYears.figures(base);
    const reportId = yearReportId(baseId, year);
    const streamId = yearReportStream(reportId);
    const chainPolicy = await this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY);
    const report: YearReportRecord = {
      reportId,
      baseId,
      baseName: base.baseName,
      baseType: base.baseType,
      year,
      trainees: figures.trainees,
      traineeQuota: figures.traineeQuota,
      researchProjects: figures.researchProjects,
      projectQuota: figures.projectQuota,
      quotaStatus: figures.status,
      ...(note?.trim() ? { note: note.trim() } : {}),
    };
    const current = await this.load(reportId);
    const command: YearReportCommand =
      current.report && current.flow.status === 'returned'
        ? { type: 'resubmit', report }
        : {
            type: 'submit',
            report,
            steps: resolveChain(chainPolicy, 'base_year_report', placement),
            chainPolicyVersion: chainPolicy.version,
            applicantUserIds: [],
          };
    const result = await handleCommand(
      this.store,
      streamId,
      this.decider(ctx.actor, ctx.now, chainPolicy),
      command,
      {
        metadata: (state: YearReportState) =>
          metadataOf(ctx, { policyVersion: state.flow.policyVersion ?? chainPolicy.version }),
        ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      },
    );
    return { id: reportId, status: result.state.flow.status, position: result.position };
  }

  execute(streamId: string, command: TaskCommand, actor: Actor, requestId?: string): Promise<TaskOutcome> {
    return this.run(streamId, command, actor, requestId);
  }

  async view(baseId: string, year: number, actor: Actor) {
    this.baseYears.requireReader(actor, baseId);
    const reportId = yearReportId(baseId, year);
    const state = await this.load(reportId);
    if (!state.report) throw new NotFoundError('BASE_YEAR_REPORT.NOT_FOUND', '该年度工作报告尚未提交');
    return {
      id: reportId,
      ...state.report,
      status: state.flow.status,
      policyVersion: state.flow.policyVersion,
      steps: state.flow.steps.map((s) => ({ ...s })),
    };
  }

  private async load(reportId: string): Promise<YearReportState> {
    const events = await this.store.readStream(yearReportStream(reportId));
    return foldEvents(
      this.decider({ userId: 'reader', orgId: '', roles: [] }, this.clock.now(), DEFAULT_CHAIN_POLICY),
      events.map((e) => toDomainEvent<YearReportEvent>(e)),
    );
  }

  private async run(
    streamId: string,
    command: TaskCommand,
    actor: Actor,
    requestId?: string,
  ): Promise<TaskOutcome> {
    const now = this.clock.now();
    const chainPolicy = await this.policies.current<ChainPolicy>(CHAIN_POLICY, DEFAULT_CHAIN_POLICY);
    const ctx: CommandContext = { actor, now, ...(requestId ? { requestId } : {}) };
    const result = await handleCommand(
      this.store,
      streamId,
      this.decider(actor, now, chainPolicy),
      { type: 'flow', command },
      {
        metadata: flowEventMetadata<YearReportState>(ctx, 'reason' in command ? command.reason : undefined),
        ...(requestId ? { requestId } : {}),
      },
    );
    const report = result.state.report;
    if (!report) throw new NotFoundError('BASE_YEAR_REPORT.NOT_FOUND', '年度工作报告不存在');
    return { subjectId: report.reportId, status: result.state.flow.status, position: result.position ?? '' };
  }

  private decider(actor: Actor, now: Date, chainPolicy: ChainPolicy) {
    return yearReportDecider(flowContext(actor, now, chainPolicy));
  }
}
