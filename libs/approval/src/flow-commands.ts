import { type CommandContext, metadataOf } from '@ce/identity';
import type { Actor, EventMetadata } from '@ce/kernel';
import type { FlowContext, FlowState } from './domain/approval-flow';
import type { ChainPolicy } from './domain/chain-policy';
import { CHINA_CALENDAR, addWorkingDays } from './domain/working-days';

/** The context every subject's decider gets: who, when, and when a task opened now falls due. */
export function flowContext(actor: Actor, now: Date, policy: ChainPolicy): FlowContext & { actor: Actor } {
  return {
    actor,
    now: now.toISOString(),
    dueAt: (at) => addWorkingDays(new Date(at), policy.workingDaysPerLevel, CHINA_CALENDAR).toISOString(),
  };
}

/** Metadata of a flow command's events: the policy version the flow runs under, and the reason if any. */
export function flowEventMetadata<State extends { flow: FlowState }>(
  ctx: CommandContext,
  reason?: string,
): (state: State) => EventMetadata {
  return (state) =>
    metadataOf(ctx, {
      ...(reason ? { reason } : {}),
      ...(state.flow.policyVersion ? { policyVersion: state.flow.policyVersion } : {}),
    });
}
