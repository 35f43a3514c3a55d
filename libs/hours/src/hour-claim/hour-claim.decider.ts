import {
  type FlowCommand,
  type FlowContext,
  type FlowEvent,
  type FlowState,
  type ResolvedStep,
  type TaskSummary,
  ROLE_FOR_LEVEL,
  decideFlow,
  evolveFlow,
  initialFlowState,
  isFlowEvent,
} from '@ce/approval/domain';
import {
  type Actor,
  ConflictError,
  type Decider,
  ForbiddenError,
  NotFoundError,
  RuleViolation,
  assertNever,
  hasRole,
} from '@ce/kernel';
import type { ClaimKind, HoursPolicy } from '../domain/hours-policy';
import {
  type ClaimInput,
  KIND_FIELDS,
  KIND_FIELD_NAMES,
  type KindField,
  isGiven,
  validateClaim,
} from '../domain/hour-claim.rules';

/**
 * A claim of hours (学时登记) and its verification (审验) through the generic approval flow. Fields
 * added later (the kind-specific 附件2 fields) are optional, so events written before them still fold.
 */
export interface ClaimRecord extends ClaimInput {
  readonly claimId: string;
  readonly personId: string;
  readonly unitId: string;
  readonly applicantName: string;
  readonly year: number;
  readonly makeUp: boolean;
  readonly hoursPolicyVersion: string;
}

export type HourClaimEvent =
  | { type: 'hour-claim.submitted.v1'; data: ClaimRecord }
  | { type: 'hour-claim.amended.v1'; data: ClaimRecord }
  | { type: 'hour-claim.revoked.v1'; data: { by: string; at: string; reason: string } }
  | FlowEvent;

export type ClaimStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn' | 'revoked';

export interface HourClaimState {
  readonly claim: ClaimRecord | null;
  readonly flow: FlowState;
  readonly revoked: { by: string; at: string; reason: string } | null;
}

export type HourClaimCommand =
  | {
      type: 'submit';
      claimId: string;
      input: ClaimInput;
      person: { personId: string; name: string; unitId: string };
      steps: readonly ResolvedStep[];
      districtId: string | null;
      chainPolicyVersion: string;
      applicantUserIds: readonly string[];
      policy: HoursPolicy;
      today: string;
    }
  | {
      type: 'resubmit';
      changes: Partial<ClaimInput>;
      policy: HoursPolicy;
      today: string;
      districtId: string | null;
    }
  | { type: 'revoke'; reason: string }
  | { type: 'flow'; command: Exclude<FlowCommand, { type: 'submit' } | { type: 'resubmit' }> };

export interface HourClaimContext extends FlowContext {
  readonly actor: Actor;
}

export function claimStatus(state: HourClaimState): ClaimStatus | null {
  if (!state.claim) return null;
  if (state.revoked) return 'revoked';
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

export function summaryOf(claim: ClaimRecord, districtId: string | null): TaskSummary {
  const subject = claim.subject === 'public' ? '公需科目' : '专业科目';
  return {
    title: `${claim.applicantName} · ${subject} · ${claim.title}`,
    applicantName: claim.applicantName,
    year: claim.year,
    hours: claim.hours,
    districtId,
    personId: claim.personId,
  };
}

export function hourClaimDecider(
  ctx: HourClaimContext,
): Decider<HourClaimCommand, HourClaimEvent, HourClaimState> {
  return {
    initialState: () => ({ claim: null, flow: initialFlowState(), revoked: null }),
    decide(command, state) {
      switch (command.type) {
        case 'submit': {
          if (state.claim) throw new ConflictError('HOUR_CLAIM.ALREADY_SUBMITTED', '该学时登记已提交');
          const { year, makeUp } = validateClaim(command.input, {
            today: command.today,
            policy: command.policy,
          });
          const claim: ClaimRecord = {
            ...clean(command.input),
            claimId: command.claimId,
            personId: command.person.personId,
            unitId: command.person.unitId,
            applicantName: command.person.name,
            year,
            makeUp,
            hoursPolicyVersion: command.policy.version,
          };
          return [
            { type: 'hour-claim.submitted.v1', data: claim },
            ...decideFlow(
              {
                type: 'submit',
                subjectType: 'hour_claim',
                policyVersion: command.chainPolicyVersion,
                steps: command.steps,
                applicantUserIds: command.applicantUserIds,
                summary: summaryOf(claim, command.districtId),
              },
              state.flow,
              ctx,
            ),
          ];
        }
        case 'resubmit': {
          const claim = requireClaim(state);
          // A change of kind drops the old kind's own fields (a self-study's 考核方式 means nothing on a
          // training); fields sent with the change are checked against the new kind like any other.
          const kind = command.changes.kind ?? claim.kind;
          const merged: ClaimInput = clean({
            ...withoutFieldsOfOtherKinds(stripRecord(claim), kind),
            ...command.changes,
          });
          const { year, makeUp } = validateClaim(merged, { today: command.today, policy: command.policy });
          // Built from `merged`, not spread over the old record, so a field cleared on resubmission stays cleared.
          const amended: ClaimRecord = {
            ...merged,
            claimId: claim.claimId,
            personId: claim.personId,
            unitId: claim.unitId,
            applicantName: claim.applicantName,
            year,
            makeUp,
            hoursPolicyVersion: command.policy.version,
          };
          const flow = decideFlow(
            { type: 'resubmit', summary: summaryOf(amended, command.districtId) },
            state.flow,
            ctx,
          );
          const changed = !sameRecord(amended, claim);
          return [...(changed ? [{ type: 'hour-claim.amended.v1' as const, data: amended }] : []), ...flow];
        }
        case 'revoke': {
          requireClaim(state);
          if (state.revoked || state.flow.status !== 'approved') {
            throw new ConflictError('HOUR_CLAIM.NOT_APPROVED', '只有已审核通过的学时登记才能撤销');
          }
          const lastStep = [...state.flow.steps].reverse().find((s) => s.decision !== 'skipped');
          const lastLevelReviewer =
            lastStep !== undefined &&
            lastStep.orgId === ctx.actor.orgId &&
            ctx.actor.roles.includes(ROLE_FOR_LEVEL[lastStep.level]);
          if (!lastLevelReviewer && !hasRole(ctx.actor, 'city_reviewer')) {
            throw new ForbiddenError(
              'HOUR_CLAIM.REVOKE_NOT_ALLOWED',
              '只有终审单位或市人社局可以撤销已通过的学时',
            );
          }
          if (!command.reason.trim()) throw new RuleViolation('HOUR_CLAIM.REASON_REQUIRED', '撤销须说明理由');
          return [
            {
              type: 'hour-claim.revoked.v1',
              data: { by: ctx.actor.userId, at: ctx.now, reason: command.reason.trim() },
            },
          ];
        }
        case 'flow': {
          requireClaim(state);
          if (state.revoked) throw new ConflictError('HOUR_CLAIM.REVOKED', '该学时登记已撤销');
          return decideFlow(command.command, state.flow, ctx);
        }
        default:
          return assertNever(command, 'hour-claim command');
      }
    },
    evolve(state, event) {
      if (isFlowEvent(event)) return { ...state, flow: evolveFlow(state.flow, event) };
      switch (event.type) {
        case 'hour-claim.submitted.v1':
        case 'hour-claim.amended.v1':
          return { ...state, claim: event.data };
        case 'hour-claim.revoked.v1':
          return { ...state, revoked: event.data };
        default:
          return assertNever(event, 'hour-claim event');
      }
    },
  };
}

function requireClaim(state: HourClaimState): ClaimRecord {
  if (!state.claim) throw new NotFoundError('HOUR_CLAIM.NOT_FOUND', '学时登记不存在');
  return state.claim;
}

function stripRecord(claim: ClaimRecord): ClaimInput {
  return {
    subject: claim.subject,
    kind: claim.kind,
    title: claim.title,
    startDate: claim.startDate,
    endDate: claim.endDate,
    hours: claim.hours,
    ...(claim.organizer !== undefined ? { organizer: claim.organizer } : {}),
    ...(claim.place !== undefined ? { place: claim.place } : {}),
    ...(claim.certificateNo !== undefined ? { certificateNo: claim.certificateNo } : {}),
    ...(claim.makeUpForYear !== undefined ? { makeUpForYear: claim.makeUpForYear } : {}),
    ...kindFieldsOf(claim),
  };
}

function kindFieldsOf(input: ClaimInput): Partial<Record<KindField, string>> {
  const fields: Partial<Record<KindField, string>> = {};
  for (const field of KIND_FIELD_NAMES) {
    const value: string | null | undefined = input[field];
    if (isGiven(value)) fields[field] = value.trim();
  }
  return fields;
}

function withoutFieldsOfOtherKinds(input: ClaimInput, kind: ClaimKind): ClaimInput {
  const kept: ClaimInput = { ...input };
  for (const field of KIND_FIELD_NAMES) {
    if (KIND_FIELDS[field].kind !== kind) delete kept[field];
  }
  return kept;
}

/** Trims text fields and drops empty optional ones (JSON null included), so stored records compare cleanly. */
function clean(input: ClaimInput): ClaimInput {
  const text = (v: string | null | undefined) => (isGiven(v) ? v.trim() : undefined);
  const organizer = text(input.organizer);
  const place = text(input.place);
  const certificateNo = text(input.certificateNo);
  return {
    subject: input.subject,
    kind: input.kind,
    title: input.title.trim(),
    startDate: input.startDate,
    endDate: input.endDate,
    hours: input.hours,
    ...(organizer ? { organizer } : {}),
    ...(place ? { place } : {}),
    ...(certificateNo ? { certificateNo } : {}),
    ...(input.makeUpForYear !== undefined && input.makeUpForYear !== null
      ? { makeUpForYear: input.makeUpForYear }
      : {}),
    ...kindFieldsOf(input),
  };
}

/**
 * Field by field, whatever the key order: a record read back from the store (jsonb) has its keys in
 * another order than one just built, and that alone is no amendment.
 */
function sameRecord(a: ClaimRecord, b: ClaimRecord): boolean {
  const entries = (r: ClaimRecord) =>
    Object.entries(r)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify(entries(a)) === JSON.stringify(entries(b));
}

export const hourClaimStream = (claimId: string): string => `hour-claim-${claimId}`;
