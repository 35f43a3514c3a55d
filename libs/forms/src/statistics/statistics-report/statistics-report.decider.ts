import {
  type ChainPolicy,
  type FlowCommand,
  type FlowContext,
  type FlowEvent,
  type FlowState,
  type Placement,
  type TaskSummary,
  decideFlow,
  evolveFlow,
  initialFlowState,
  isFlowEvent,
  resolveChain,
} from '@ce/approval/domain';
import { ConflictError, type Decider, NotFoundError, RuleViolation, assertNever } from '@ce/kernel';
import { FORM_LABELS } from '../domain/forms';
import { type ReportContent, type ReportInput, validateReport } from '../domain/report.rules';

/**
 * A statistics report (附件3 or 附件4 of one organisation and year) on its way to the city bureau,
 * on the generic approval flow (chain policy `statistics_report`: city bureau only). Its rows hold
 * every field of the form in the notice's order.
 */
export type StatisticsReportRecord = {
  readonly reportId: string;
  readonly year: number;
  /** 填报单位: a district bureau or a department directly under the city. */
  readonly orgId: string;
  readonly orgName: string;
  /** The district bureau (the reporting org itself), or null for a city department. */
  readonly districtId: string | null;
  readonly fundingWan: number;
} & ReportContent;

export type StatisticsReportEvent =
  | { type: 'statistics-report.submitted.v1'; data: StatisticsReportRecord }
  | { type: 'statistics-report.amended.v1'; data: StatisticsReportRecord }
  | FlowEvent;

export type ReportStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

export interface StatisticsReportState {
  readonly report: StatisticsReportRecord | null;
  readonly flow: FlowState;
}

/** What a resubmission may change: the money and the rows (not the organisation, year or form). */
export interface ReportChanges {
  readonly fundingWan?: number;
  readonly rows?: unknown;
}

export type StatisticsReportCommand =
  | {
      type: 'submit';
      reportId: string;
      input: ReportInput;
      org: { orgId: string; name: string };
      /** Where the reporting organisation sits; the chain is resolved from it at submission. */
      placement: Placement;
      chainPolicy: ChainPolicy;
    }
  | { type: 'resubmit'; changes: ReportChanges }
  | { type: 'flow'; command: Exclude<FlowCommand, { type: 'submit' } | { type: 'resubmit' }> };

export const statisticsReportStream = (reportId: string): string => `statistics-report-${reportId}`;

export function reportStatus(state: StatisticsReportState): ReportStatus | null {
  if (!state.report) return null;
  switch (state.flow.status) {
    case 'none':
      return null;
    case 'in_review':
    case 'returned':
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return state.flow.status;
    default:
      return assertNever(state.flow.status, 'flow status');
  }
}

/** A report that still counts for its organisation and year: neither withdrawn nor rejected. */
export const isActive = (state: StatisticsReportState): boolean => {
  const status = reportStatus(state);
  return status === 'in_review' || status === 'returned' || status === 'approved';
};

export function reportSummary(report: StatisticsReportRecord): TaskSummary {
  const labels = FORM_LABELS[report.form];
  return {
    title: `${report.orgName} · ${report.year}年度${labels.title}（${labels.attachment}）`,
    applicantName: report.orgName,
    year: report.year,
    hours: null,
    districtId: report.districtId,
  };
}

/** Statistics are reported by district bureaus and by departments directly under the city. */
export function isReportingOrg(orgId: string, placement: Placement): boolean {
  if (placement.unitId !== null || placement.baseId !== null) return false;
  const districtBureau = placement.districtId === orgId && placement.departmentId === null;
  const cityDepartment = placement.departmentId === orgId && placement.districtId === null;
  return districtBureau || cityDepartment;
}

/** Refuses (422) an organisation that does not report statistics. */
export function requireReportingOrg(org: { orgId: string; name: string }, placement: Placement): void {
  if (!isReportingOrg(org.orgId, placement)) {
    throw new RuleViolation(
      'STATISTICS.NOT_A_REPORTING_ORG',
      `${org.name}不是报送统计表的单位：统计表由区市人社局和市直部门报送`,
    );
  }
}

export function statisticsReportDecider(
  ctx: FlowContext,
): Decider<StatisticsReportCommand, StatisticsReportEvent, StatisticsReportState> {
  return {
    initialState: () => ({ report: null, flow: initialFlowState() }),
    decide(command, state) {
      switch (command.type) {
        case 'submit': {
          if (state.report) throw new ConflictError('STATISTICS.ALREADY_SUBMITTED', '该统计表已提交');
          requireReportingOrg(command.org, command.placement);
          const report: StatisticsReportRecord = {
            reportId: command.reportId,
            orgId: command.org.orgId,
            orgName: command.org.name,
            districtId: command.placement.districtId,
            ...validateReport(command.input),
          };
          const steps = resolveChain(command.chainPolicy, 'statistics_report', command.placement);
          return [
            { type: 'statistics-report.submitted.v1', data: report },
            ...decideFlow(
              {
                type: 'submit',
                subjectType: 'statistics_report',
                policyVersion: command.chainPolicy.version,
                steps,
                applicantUserIds: [],
                summary: reportSummary(report),
              },
              state.flow,
              ctx,
            ),
          ];
        }
        case 'resubmit': {
          const report = requireReport(state);
          // Only the submitter, and only after a return: refused before the rows are looked at.
          decideFlow({ type: 'resubmit' }, state.flow, ctx);
          const amended: StatisticsReportRecord = {
            ...report,
            ...validateReport({
              year: report.year,
              form: report.form,
              fundingWan: command.changes.fundingWan ?? report.fundingWan,
              rows: command.changes.rows ?? report.rows,
            }),
          };
          const flow = decideFlow({ type: 'resubmit', summary: reportSummary(amended) }, state.flow, ctx);
          const changed = JSON.stringify(amended) !== JSON.stringify(report);
          return [
            ...(changed ? [{ type: 'statistics-report.amended.v1' as const, data: amended }] : []),
            ...flow,
          ];
        }
        case 'flow':
          requireReport(state);
          return decideFlow(command.command, state.flow, ctx);
        default:
          return assertNever(command, 'statistics-report command');
      }
    },
    evolve(state, event) {
      if (isFlowEvent(event)) return { ...state, flow: evolveFlow(state.flow, event) };
      switch (event.type) {
        case 'statistics-report.submitted.v1':
        case 'statistics-report.amended.v1':
          return { ...state, report: event.data };
        default:
          return assertNever(event, 'statistics-report event');
      }
    },
  };
}

function requireReport(state: StatisticsReportState): StatisticsReportRecord {
  if (!state.report) throw new NotFoundError('STATISTICS.NOT_FOUND', '统计表不存在');
  return state.report;
}
