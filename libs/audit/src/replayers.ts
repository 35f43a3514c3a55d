import type { RecordedEvent } from '@ce/event-store';

/**
 * Rebuilds a subject's state from its events (never from a read model), for "what did the
 * record look like at that moment". One per kind of stream, registered by the composition root.
 */
export interface StateReplayer {
  readonly streamPrefix: string;
  replay(events: readonly RecordedEvent[]): unknown;
}

export const STATE_REPLAYERS = Symbol('StateReplayers');

/** The instant an event counts as having happened: the domain clock of its command, else when stored. */
export function effectiveTime(event: RecordedEvent): Date {
  const now = event.metadata.now;
  if (typeof now === 'string') {
    const parsed = new Date(now);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return event.recordedAt;
}
