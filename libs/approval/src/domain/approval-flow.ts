import { type Actor, ConflictError, ForbiddenError, type Role, RuleViolation, assertNever } from '@ce/kernel';
import type { Level, ResolvedStep, SubjectType } from './chain-policy';

/**
 * The generic approval flow (审验流程) shared by every subject: hour claims, training projects,
 * plans, statistics reports, base year reports. A subject's stream holds its own events and these;
 * the subject's decider delegates to `decideFlow` / `evolveFlow`.
 *
 * A task is one opening of one step: `activation` counts openings, so a step reopened by a return
 * is a new task and a decision aimed at the old one is refused as no longer open.
 */

export const ROLE_FOR_LEVEL: Readonly<Record<Level, Role>> = {
  unit: 'unit_admin',
  department: 'department_reviewer',
  district: 'district_reviewer',
  city: 'city_reviewer',
  base: 'base_operator',
};

/** What an inbox shows and filters on, carried by the flow so the task queue needs no joins. */
export interface TaskSummary {
  readonly title: string;
  readonly applicantName: string;
  readonly year: number | null;
  readonly hours: number | null;
  /** District bureau of the applicant (null for city-direct applicants). */
  readonly districtId: string | null;
  readonly personId?: string;
}

export type Decision = 'pending' | 'approved' | 'returned' | 'rejected' | 'skipped';

export interface StepState {
  readonly level: Level;
  readonly orgId: string | null;
  readonly decision: Decision;
  readonly by?: string;
  readonly at?: string;
  readonly comment?: string;
}

export type FlowStatus = 'none' | 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

export interface FlowState {
  readonly status: FlowStatus;
  readonly subjectType: SubjectType | null;
  readonly policyVersion: string | null;
  readonly steps: readonly StepState[];
  /** Index of the step whose task is open. */
  readonly current: number | null;
  readonly activation: number;
  readonly dueAt: string | null;
  readonly submittedBy: string | null;
  /** Users who are the applicant (the person's own account): they never decide. */
  readonly applicantUserIds: readonly string[];
  /** Which step each user has decided: nobody decides two steps of one flow. */
  readonly decidedStep: Readonly<Record<string, number>>;
  readonly claimedBy: string | null;
  readonly lastUrgedAt: string | null;
}

export const initialFlowState = (): FlowState => ({
  status: 'none',
  subjectType: null,
  policyVersion: null,
  steps: [],
  current: null,
  activation: 0,
  dueAt: null,
  submittedBy: null,
  applicantUserIds: [],
  decidedStep: {},
  claimedBy: null,
  lastUrgedAt: null,
});

/** The step that opens next: `{ current, activation, dueAt }`, or `current: null` when none is left. */
interface Opening {
  readonly current: number | null;
  readonly activation: number;
  readonly dueAt: string | null;
}

export type FlowEvent =
  | {
      type: 'approval.submitted.v1';
      data: {
        subjectType: SubjectType;
        policyVersion: string;
        steps: ResolvedStep[];
        submittedBy: string;
        applicantUserIds: string[];
        at: string;
        summary?: TaskSummary;
      } & Opening;
    }
  | {
      type: 'approval.step-approved.v1';
      data: { step: number; by: string; at: string; comment?: string } & Opening;
    }
  | {
      type: 'approval.returned.v1';
      data: { step: number; by: string; at: string; reason: string; to: 'applicant' | 'previous' } & Opening;
    }
  | { type: 'approval.rejected.v1'; data: { step: number; by: string; at: string; reason: string } }
  | { type: 'approval.withdrawn.v1'; data: { by: string; at: string } }
  | { type: 'approval.resubmitted.v1'; data: { by: string; at: string; summary?: TaskSummary } & Opening }
  | { type: 'approval.task-claimed.v1'; data: { activation: number; by: string; at: string } }
  | { type: 'approval.task-released.v1'; data: { activation: number; by: string; at: string } }
  | { type: 'approval.task-transferred.v1'; data: { activation: number; by: string; to: string; at: string } }
  | {
      type: 'approval.urged.v1';
      /** `level`/`orgId`: whose task was urged, so those approvers can be told without another lookup. */
      data: { activation: number; by: string; at: string; level?: Level; orgId?: string | null };
    }
  | { type: 'approval.commented.v1'; data: { by: string; at: string; text: string } };

export const FLOW_EVENT_TYPES: readonly FlowEvent['type'][] = [
  'approval.submitted.v1',
  'approval.step-approved.v1',
  'approval.returned.v1',
  'approval.rejected.v1',
  'approval.withdrawn.v1',
  'approval.resubmitted.v1',
  'approval.task-claimed.v1',
  'approval.task-released.v1',
  'approval.task-transferred.v1',
  'approval.urged.v1',
  'approval.commented.v1',
];

export function isFlowEvent(event: { type: string }): event is FlowEvent {
  return (FLOW_EVENT_TYPES as readonly string[]).includes(event.type);
}

export type FlowCommand =
  | {
      type: 'submit';
      subjectType: SubjectType;
      policyVersion: string;
      steps: readonly ResolvedStep[];
      applicantUserIds: readonly string[];
      summary?: TaskSummary;
    }
  | { type: 'approve'; activation: number; comment?: string }
  | { type: 'return'; activation: number; reason: string; to: 'applicant' | 'previous' }
  | { type: 'reject'; activation: number; reason: string }
  | { type: 'withdraw' }
  | { type: 'resubmit'; summary?: TaskSummary }
  | { type: 'claim'; activation: number }
  | { type: 'release'; activation: number }
  | { type: 'transfer'; activation: number; to: Actor }
  | { type: 'urge' }
  | { type: 'comment'; text: string };

export interface FlowContext {
  readonly actor: Actor;
  /** ISO instant of the command (the injected clock). */
  readonly now: string;
  /** Due instant of a task that opens now (working days on the Chinese calendar, computed by the caller's policy). */
  readonly dueAt: (opensAt: string) => string;
  /** Minimum time between two urges of one task. */
  readonly urgeIntervalHours?: number;
}

export const taskIdOf = (streamId: string, activation: number): string => `${streamId}~${activation}`;

export function parseTaskId(taskId: string): { streamId: string; activation: number } | null {
  const match = /^(.+)~(\d{1,9})$/.exec(taskId);
  if (!match?.[1] || !match[2]) return null;
  return { streamId: match[1], activation: Number(match[2]) };
}

export function decideFlow(command: FlowCommand, state: FlowState, ctx: FlowContext): FlowEvent[] {
  const { actor, now } = ctx;
  switch (command.type) {
    case 'submit': {
      if (state.status !== 'none')
        throw new ConflictError('APPROVAL.ALREADY_SUBMITTED', '该事项已提交，不能重复提交');
      const opening = openFirst(command.steps, state.activation, now, ctx);
      return [
        {
          type: 'approval.submitted.v1',
          data: {
            subjectType: command.subjectType,
            policyVersion: command.policyVersion,
            steps: command.steps.map((s) => ({ level: s.level, orgId: s.orgId })),
            submittedBy: actor.userId,
            applicantUserIds: [...new Set([actor.userId, ...command.applicantUserIds])],
            at: now,
            ...(command.summary ? { summary: command.summary } : {}),
            ...opening,
          },
        },
      ];
    }
    case 'approve': {
      const step = requireDecider(state, command.activation, actor);
      const opening = openNext(state.steps, step + 1, state.activation, now, ctx);
      return [
        {
          type: 'approval.step-approved.v1',
          data: {
            step,
            by: actor.userId,
            at: now,
            ...(command.comment ? { comment: command.comment } : {}),
            ...opening,
          },
        },
      ];
    }
    case 'return': {
      const step = requireDecider(state, command.activation, actor);
      requireReason(command.reason);
      const previous = previousStep(state.steps, step);
      const to = command.to === 'previous' && previous !== null ? 'previous' : 'applicant';
      const opening: Opening =
        to === 'previous' && previous !== null
          ? { current: previous, activation: state.activation + 1, dueAt: ctx.dueAt(now) }
          : { current: null, activation: state.activation, dueAt: null };
      return [
        {
          type: 'approval.returned.v1',
          data: { step, by: actor.userId, at: now, reason: command.reason, to, ...opening },
        },
      ];
    }
    case 'reject': {
      const step = requireDecider(state, command.activation, actor);
      requireReason(command.reason);
      return [
        { type: 'approval.rejected.v1', data: { step, by: actor.userId, at: now, reason: command.reason } },
      ];
    }
    case 'withdraw': {
      requireApplicant(state, actor);
      const undecided = state.steps.every((s) => s.decision === 'pending' || s.decision === 'skipped');
      if (!(state.status === 'returned' || (state.status === 'in_review' && undecided))) {
        throw new ConflictError('APPROVAL.CANNOT_WITHDRAW', '已有审核环节作出决定，不能撤回');
      }
      return [{ type: 'approval.withdrawn.v1', data: { by: actor.userId, at: now } }];
    }
    case 'resubmit': {
      requireApplicant(state, actor);
      if (state.status !== 'returned') {
        throw new ConflictError('APPROVAL.NOT_RETURNED', '只有被退回的事项才能重新提交');
      }
      return [
        {
          type: 'approval.resubmitted.v1',
          data: {
            by: actor.userId,
            at: now,
            ...(command.summary ? { summary: command.summary } : {}),
            ...openFirst(state.steps, state.activation, now, ctx),
          },
        },
      ];
    }
    case 'claim': {
      requireDecider(state, command.activation, actor);
      if (state.claimedBy === actor.userId) return [];
      return [
        {
          type: 'approval.task-claimed.v1',
          data: { activation: command.activation, by: actor.userId, at: now },
        },
      ];
    }
    case 'release': {
      requireOpenTask(state, command.activation);
      if (state.claimedBy === null) return [];
      if (state.claimedBy !== actor.userId) {
        throw new ForbiddenError('APPROVAL.NOT_CLAIMED_BY_YOU', '只能释放自己认领的待办');
      }
      return [
        {
          type: 'approval.task-released.v1',
          data: { activation: command.activation, by: actor.userId, at: now },
        },
      ];
    }
    case 'transfer': {
      requireDecider(state, command.activation, actor);
      if (command.to.userId === actor.userId) return [];
      requireEligible(state, command.to, 'APPROVAL.TRANSFER_TARGET_NOT_ELIGIBLE');
      return [
        {
          type: 'approval.task-transferred.v1',
          data: { activation: command.activation, by: actor.userId, to: command.to.userId, at: now },
        },
      ];
    }
    case 'urge': {
      requireApplicant(state, actor);
      if (state.status !== 'in_review') throw new ConflictError('APPROVAL.NOT_IN_REVIEW', '该事项不在审核中');
      const interval = (ctx.urgeIntervalHours ?? 24) * 3_600_000;
      if (state.lastUrgedAt && Date.parse(now) - Date.parse(state.lastUrgedAt) < interval) {
        throw new RuleViolation('APPROVAL.URGED_RECENTLY', '已催办过，请稍后再催', {
          lastUrgedAt: state.lastUrgedAt,
        });
      }
      const step = state.current === null ? undefined : state.steps[state.current];
      return [
        {
          type: 'approval.urged.v1',
          data: {
            activation: state.activation,
            by: actor.userId,
            at: now,
            ...(step ? { level: step.level, orgId: step.orgId } : {}),
          },
        },
      ];
    }
    case 'comment': {
      const text = command.text.trim();
      if (!text) throw new RuleViolation('APPROVAL.EMPTY_COMMENT', '意见不能为空');
      const involved =
        isApplicant(state, actor) || state.steps.some((s) => s.orgId !== null && s.orgId === actor.orgId);
      if (!involved) throw new ForbiddenError('APPROVAL.NOT_INVOLVED', '只有申请人和审核单位可以发表意见');
      return [{ type: 'approval.commented.v1', data: { by: actor.userId, at: now, text } }];
    }
    default:
      return assertNever(command, 'flow command');
  }
}

export function evolveFlow(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'approval.submitted.v1': {
      const steps: StepState[] = event.data.steps.map((s) => ({
        level: s.level,
        orgId: s.orgId,
        decision: s.orgId === null ? 'skipped' : 'pending',
      }));
      return {
        ...state,
        status: event.data.current === null ? 'approved' : 'in_review',
        subjectType: event.data.subjectType,
        policyVersion: event.data.policyVersion,
        steps,
        submittedBy: event.data.submittedBy,
        applicantUserIds: event.data.applicantUserIds,
        ...opened(event.data),
      };
    }
    case 'approval.step-approved.v1': {
      const { step, by, at, comment } = event.data;
      let steps = withStep(state.steps, step, {
        decision: 'approved',
        by,
        at,
        ...(comment ? { comment } : {}),
      });
      // A step that returned to its predecessor is pending again when its task reopens.
      if (event.data.current !== null) steps = withStep(steps, event.data.current, { decision: 'pending' });
      return {
        ...state,
        status: event.data.current === null ? 'approved' : 'in_review',
        steps,
        decidedStep: { ...state.decidedStep, [by]: step },
        ...opened(event.data),
      };
    }
    case 'approval.returned.v1': {
      const { step, by, at, reason } = event.data;
      let steps = withStep(state.steps, step, { decision: 'returned', by, at, comment: reason });
      if (event.data.current !== null) steps = withStep(steps, event.data.current, { decision: 'pending' });
      return {
        ...state,
        status: event.data.current === null ? 'returned' : 'in_review',
        steps,
        decidedStep: { ...state.decidedStep, [by]: step },
        ...opened(event.data),
      };
    }
    case 'approval.rejected.v1': {
      const { step, by, at, reason } = event.data;
      return {
        ...state,
        status: 'rejected',
        steps: withStep(state.steps, step, { decision: 'rejected', by, at, comment: reason }),
        decidedStep: { ...state.decidedStep, [by]: step },
        current: null,
        dueAt: null,
        claimedBy: null,
      };
    }
    case 'approval.withdrawn.v1':
      return { ...state, status: 'withdrawn', current: null, dueAt: null, claimedBy: null };
    case 'approval.resubmitted.v1':
      return {
        ...state,
        status: event.data.current === null ? 'approved' : 'in_review',
        steps: state.steps.map((s) =>
          s.decision === 'skipped' ? s : { level: s.level, orgId: s.orgId, decision: 'pending' },
        ),
        ...opened(event.data),
      };
    case 'approval.task-claimed.v1':
      return { ...state, claimedBy: event.data.by };
    case 'approval.task-released.v1':
      return { ...state, claimedBy: null };
    case 'approval.task-transferred.v1':
      return { ...state, claimedBy: event.data.to };
    case 'approval.urged.v1':
      return { ...state, lastUrgedAt: event.data.at };
    case 'approval.commented.v1':
      return state;
    default:
      return assertNever(event, 'flow event');
  }
}

/** The step a task of this activation is for, if that task is open. */
export function openStep(state: FlowState, activation: number): number | null {
  return state.status === 'in_review' && state.current !== null && state.activation === activation
    ? state.current
    : null;
}

/** Whether `actor` may decide the current step (organisation, role, separation of duties). */
export function eligibility(
  state: FlowState,
  actor: Actor,
): { ok: true } | { ok: false; code: string; message: string } {
  const step = state.current === null ? undefined : state.steps[state.current];
  if (!step || state.current === null)
    return { ok: false, code: 'APPROVAL.TASK_NOT_OPEN', message: '该待办已处理' };
  if (step.orgId !== actor.orgId) {
    return { ok: false, code: 'APPROVAL.NOT_YOUR_ORGANISATION', message: '该待办不属于本单位' };
  }
  if (!actor.roles.includes(ROLE_FOR_LEVEL[step.level])) {
    return {
      ok: false,
      code: 'APPROVAL.ROLE_REQUIRED',
      message: `审核此环节需要角色 ${ROLE_FOR_LEVEL[step.level]}`,
    };
  }
  if (isApplicant(state, actor)) {
    return { ok: false, code: 'APPROVAL.SEPARATION_OF_DUTIES', message: '不能审核本人提交的事项' };
  }
  const decided = state.decidedStep[actor.userId];
  if (decided !== undefined && decided !== state.current) {
    return { ok: false, code: 'APPROVAL.SEPARATION_OF_DUTIES', message: '同一流程中不能审核两个环节' };
  }
  return { ok: true };
}

function requireOpenTask(state: FlowState, activation: number): number {
  const step = openStep(state, activation);
  if (step === null)
    throw new ConflictError('APPROVAL.TASK_NOT_OPEN', '该待办已处理、已撤回或已转入下一环节');
  return step;
}

function requireEligible(state: FlowState, actor: Actor, code?: string): void {
  const verdict = eligibility(state, actor);
  if (!verdict.ok) throw new ForbiddenError(code ?? verdict.code, verdict.message);
}

function requireDecider(state: FlowState, activation: number, actor: Actor): number {
  const step = requireOpenTask(state, activation);
  requireEligible(state, actor);
  if (state.claimedBy !== null && state.claimedBy !== actor.userId) {
    throw new ConflictError('APPROVAL.TASK_CLAIMED_BY_OTHER', '该待办已由其他审核人认领');
  }
  return step;
}

function isApplicant(state: FlowState, actor: Actor): boolean {
  return actor.userId === state.submittedBy || state.applicantUserIds.includes(actor.userId);
}

function requireApplicant(state: FlowState, actor: Actor): void {
  if (!isApplicant(state, actor))
    throw new ForbiddenError('APPROVAL.APPLICANT_ONLY', '只有申请人可以执行此操作');
}

function requireReason(reason: string): void {
  if (!reason.trim()) throw new RuleViolation('APPROVAL.REASON_REQUIRED', '退回或不予通过须说明理由');
}

function firstPending(steps: readonly { orgId: string | null }[], from: number): number | null {
  for (let i = from; i < steps.length; i++) if (steps[i]?.orgId !== null && steps[i] !== undefined) return i;
  return null;
}

function previousStep(steps: readonly StepState[], before: number): number | null {
  for (let i = before - 1; i >= 0; i--)
    if (steps[i]?.decision !== 'skipped' && steps[i] !== undefined) return i;
  return null;
}

function openFirst(
  steps: readonly { orgId: string | null }[],
  activation: number,
  now: string,
  ctx: FlowContext,
): Opening {
  return openNext(steps, 0, activation, now, ctx);
}

function openNext(
  steps: readonly { orgId: string | null }[],
  from: number,
  activation: number,
  now: string,
  ctx: FlowContext,
): Opening {
  const current = firstPending(steps, from);
  return current === null
    ? { current: null, activation, dueAt: null }
    : { current, activation: activation + 1, dueAt: ctx.dueAt(now) };
}

/** A new task: unclaimed, not yet urged (the urge interval is per task). */
function opened(
  data: Opening,
): Pick<FlowState, 'current' | 'activation' | 'dueAt' | 'claimedBy' | 'lastUrgedAt'> {
  return {
    current: data.current,
    activation: data.activation,
    dueAt: data.dueAt,
    claimedBy: null,
    lastUrgedAt: null,
  };
}

function withStep(steps: readonly StepState[], index: number, patch: Partial<StepState>): StepState[] {
  return steps.map((s, i) => {
    if (i !== index) return s;
    if (patch.decision === 'pending') return { level: s.level, orgId: s.orgId, decision: 'pending' };
    return { ...s, ...patch };
  });
}
