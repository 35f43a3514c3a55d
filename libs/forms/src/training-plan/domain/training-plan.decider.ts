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
import { type Decider, NotFoundError, ConflictError, assertNever } from '@ce/kernel';
import { type PlanOrg, checkFileRef, checkPlanYear, checkSubmitter } from './training-plan.rules';

/** The stored PDF of a plan, named by its content: the bytes live in the content store, never in events. */
export interface PlanFile {
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
}

/** An annual training plan (培训方案): one organisation's stamped PDF for one year. */
export interface PlanRecord extends PlanFile {
  readonly planId: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  /** District bureau of the organisation (the organisation itself for a district; null when city-direct). */
  readonly districtId: string | null;
}

export type TrainingPlanEvent =
  | { type: 'training-plan.submitted.v1'; data: PlanRecord }
  /** A returned plan resubmitted with a corrected PDF. */
  | { type: 'training-plan.file-replaced.v1'; data: PlanFile & { planId: string } }
  | FlowEvent;

export const TRAINING_PLAN_EVENT_TYPES = [
  'training-plan.submitted.v1',
  'training-plan.file-replaced.v1',
] as const;

export type PlanStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

export interface TrainingPlanState {
  readonly plan: PlanRecord | null;
  readonly flow: FlowState;
}

export type TrainingPlanCommand =
  | {
      type: 'submit';
      planId: string;
      year: number;
      org: PlanOrg;
      /** Where the organisation sits; the chain is resolved from it at submission. */
      placement: Placement;
      chainPolicy: ChainPolicy;
      file: PlanFile;
    }
  | { type: 'resubmit'; file: PlanFile }
  | { type: 'flow'; command: Exclude<FlowCommand, { type: 'submit' } | { type: 'resubmit' }> };

export function planStatus(state: TrainingPlanState): PlanStatus | null {
  if (!state.plan) return null;
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

export function planSummary(plan: PlanRecord): TaskSummary {
  return {
    title: `${plan.orgName} · ${plan.year}年度培训方案`,
    applicantName: plan.orgName,
    year: plan.year,
    hours: null,
    districtId: plan.districtId,
  };
}

export function trainingPlanDecider(
  ctx: FlowContext,
): Decider<TrainingPlanCommand, TrainingPlanEvent, TrainingPlanState> {
  return {
    initialState: () => ({ plan: null, flow: initialFlowState() }),
    decide(command, state) {
      switch (command.type) {
        case 'submit': {
          if (state.plan) throw new ConflictError('TRAINING_PLAN.ALREADY_SUBMITTED', '该培训方案已提交');
          checkSubmitter(ctx.actor, command.org);
          checkPlanYear(command.year);
          checkFileRef(command.file);
          const plan: PlanRecord = {
            planId: command.planId,
            year: command.year,
            orgId: command.org.orgId,
            orgName: command.org.name,
            districtId: command.placement.districtId,
            fileName: command.file.fileName,
            sha256: command.file.sha256,
            size: command.file.size,
          };
          const steps = resolveChain(command.chainPolicy, 'training_plan', command.placement);
          return [
            { type: 'training-plan.submitted.v1', data: plan },
            ...decideFlow(
              {
                type: 'submit',
                subjectType: 'training_plan',
                policyVersion: command.chainPolicy.version,
                steps,
                applicantUserIds: [],
                summary: planSummary(plan),
              },
              state.flow,
              ctx,
            ),
          ];
        }
        case 'resubmit': {
          const plan = requirePlan(state);
          checkFileRef(command.file);
          const flow = decideFlow({ type: 'resubmit', summary: planSummary(plan) }, state.flow, ctx);
          const same =
            command.file.sha256 === plan.sha256 &&
            command.file.fileName === plan.fileName &&
            command.file.size === plan.size;
          return [
            ...(same
              ? []
              : [
                  {
                    type: 'training-plan.file-replaced.v1' as const,
                    data: {
                      planId: plan.planId,
                      fileName: command.file.fileName,
                      sha256: command.file.sha256,
                      size: command.file.size,
                    },
                  },
                ]),
            ...flow,
          ];
        }
        case 'flow':
          requirePlan(state);
          return decideFlow(command.command, state.flow, ctx);
        default:
          return assertNever(command, 'training-plan command');
      }
    },
    evolve(state, event) {
      if (isFlowEvent(event)) return { ...state, flow: evolveFlow(state.flow, event) };
      switch (event.type) {
        case 'training-plan.submitted.v1':
          return { ...state, plan: event.data };
        case 'training-plan.file-replaced.v1':
          return state.plan
            ? {
                ...state,
                plan: {
                  ...state.plan,
                  fileName: event.data.fileName,
                  sha256: event.data.sha256,
                  size: event.data.size,
                },
              }
            : state;
        default:
          return assertNever(event, 'training-plan event');
      }
    },
  };
}

function requirePlan(state: TrainingPlanState): PlanRecord {
  if (!state.plan) throw new NotFoundError('TRAINING_PLAN.NOT_FOUND', '培训方案不存在');
  return state.plan;
}

export const TRAINING_PLAN_STREAM_PREFIX = 'training-plan';
export const trainingPlanStream = (planId: string): string => `${TRAINING_PLAN_STREAM_PREFIX}-${planId}`;
