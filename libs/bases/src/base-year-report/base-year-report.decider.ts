import {
  type FlowCommand,
  type FlowContext,
  type FlowEvent,
  type FlowState,
  type ResolvedStep,
  type TaskSummary,
  decideFlow,
  evolveFlow,
  initialFlowState,
  isFlowEvent,
} from '@ce/approval/domain';
import { ConflictError, type Decider, NotFoundError, assertNever } from '@ce/kernel';
import type { BaseType } from '../domain/bases-policy';
import type { QuotaStatus } from '../domain/quota';

/**
 * A base's year report (基地年度工作报告) to the city bureau, on the generic approval flow
 * (chain policy `base_year_report`: base → city bureau). It carries the year's figures as they
 * stood when it was submitted (or resubmitted after a return).
 */
export interface YearReportRecord {
  readonly reportId: string;
  readonly baseId: string;
  readonly baseName: string;
  readonly baseType: BaseType;
  readonly year: number;
  readonly trainees: number;
  readonly traineeQuota: number;
  readonly researchProjects: number;
  readonly projectQuota: number;
  readonly quotaStatus: QuotaStatus;
  readonly note?: string;
}

export type YearReportEvent =
  | { type: 'base-year-report.submitted.v1'; data: YearReportRecord }
  | { type: 'base-year-report.amended.v1'; data: YearReportRecord }
  | FlowEvent;

export interface YearReportState {
  readonly report: YearReportRecord | null;
  readonly flow: FlowState;
}

export type YearReportCommand =
  | {
      type: 'submit';
      report: YearReportRecord;
      steps: readonly ResolvedStep[];
      chainPolicyVersion: string;
      applicantUserIds: readonly string[];
    }
  | { type: 'resubmit'; report: YearReportRecord }
  | { type: 'flow'; command: Exclude<FlowCommand, { type: 'submit' } | { type: 'resubmit' }> };

export const yearReportStream = (reportId: string): string => `base-year-report-${reportId}`;

export function reportSummary(report: YearReportRecord): TaskSummary {
  return {
    title: `${report.baseName} · ${report.year}年度基地工作报告（培训${report.trainees}/${report.traineeQuota}人，研修项目${report.researchProjects}/${report.projectQuota}个）`,
    applicantName: report.baseName,
    year: report.year,
    hours: null,
    districtId: null,
  };
}

export function yearReportDecider(
  ctx: FlowContext,
): Decider<YearReportCommand, YearReportEvent, YearReportState> {
  return {
    initialState: () => ({ report: null, flow: initialFlowState() }),
    decide(command, state) {
      switch (command.type) {
        case 'submit':
          if (state.report) {
            throw new ConflictError('BASE_YEAR_REPORT.ALREADY_SUBMITTED', '该年度工作报告已提交');
          }
          return [
            { type: 'base-year-report.submitted.v1', data: command.report },
            ...decideFlow(
              {
                type: 'submit',
                subjectType: 'base_year_report',
                policyVersion: command.chainPolicyVersion,
                steps: command.steps,
                applicantUserIds: command.applicantUserIds,
                summary: reportSummary(command.report),
              },
              state.flow,
              ctx,
            ),
          ];
        case 'resubmit': {
          requireReport(state);
          const flow = decideFlow(
            { type: 'resubmit', summary: reportSummary(command.report) },
            state.flow,
            ctx,
          );
          return [{ type: 'base-year-report.amended.v1', data: command.report }, ...flow];
        }
        case 'flow':
          requireReport(state);
          return decideFlow(command.command, state.flow, ctx);
        default:
          return assertNever(command, 'year-report command');
      }
    },
    evolve(state, event) {
      if (isFlowEvent(event)) return { ...state, flow: evolveFlow(state.flow, event) };
      switch (event.type) {
        case 'base-year-report.submitted.v1':
        case 'base-year-report.amended.v1':
          return { ...state, report: event.data };
        default:
          return assertNever(event, 'year-report event');
      }
    },
  };
}

function requireReport(state: YearReportState): YearReportRecord {
  if (!state.report) throw new NotFoundError('BASE_YEAR_REPORT.NOT_FOUND', '年度工作报告不存在');
  return state.report;
}
