import type { EventStore } from '@ce/event-store';
import { type CommandContext, metadataOf } from '@ce/identity';
import { type Decider, foldEvents, handleCommand, toDomainEvent } from '@ce/kernel';
import type { SlotCommand, SlotEvent, SlotKey, SlotState } from './domain/reporting-slot';

/**
 * Takes the organisation's slot for `key` for `subjectId`, unless a submission that still counts
 * holds it (a 409 then). Idempotent on the command's request id, like the submission it guards.
 */
export async function claimSlot<Event extends SlotEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<SlotCommand, Event, SlotState>,
  key: SlotKey,
  subjectId: string,
  stillCounts: (holder: string) => Promise<boolean>,
  ctx: CommandContext,
): Promise<void> {
  const events = await store.readStream(streamId);
  const slot = foldEvents(
    decider,
    events.map((e) => toDomainEvent<Event>(e)),
  );
  const holderActive = slot.holder !== null && slot.holder !== subjectId && (await stillCounts(slot.holder));
  await handleCommand(
    store,
    streamId,
    decider,
    { type: 'claim', key, reportId: subjectId, holderActive },
    { metadata: metadataOf(ctx), ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
  );
}
