import type { EventStore } from '@ce/event-store';
import { type CommandContext, metadataOf } from '@ce/identity';
import { type Actor, type Decider, type DomainEvent, type EventMetadata, handleCommand } from '@ce/kernel';
import type { TaskCommand, TaskOutcome } from './approval-subjects';
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

/** A subject command of the generic shape: either a flow command or one of the subject's own. */
type SubjectCommand = { type: string } | { type: 'flow'; command: TaskCommand };

/**
 * Runs a command on a subject's stream on the approval flow: load, decide, append (idempotent on the
 * request id), with the flow's event metadata (policy version, the reason of a return or rejection),
 * and answers what the task endpoints answer. `outcome` names the subject and its status from the
 * state after the command, or `null` when the stream holds no such subject.
 */
export async function runFlowCommand<
  Command extends SubjectCommand,
  Event extends DomainEvent,
  State extends { flow: FlowState },
>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  ctx: CommandContext,
  outcome: (state: State) => { subjectId: string; status: string } | null,
  notFound: () => Error,
): Promise<TaskOutcome> {
  const flow = command.type === 'flow' && 'command' in command ? command.command : undefined;
  const reason = flow && 'reason' in flow ? flow.reason : undefined;
  const result = await handleCommand(store, streamId, decider, command, {
    metadata: flowEventMetadata<State>(ctx, reason),
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  });
  const subject = outcome(result.state);
  if (!subject) throw notFound();
  return { ...subject, position: result.position ?? '' };
}
