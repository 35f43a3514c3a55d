import type { EventStore, ExpectedRevision, JsonObject, JsonValue, RecordedEvent } from '@ce/event-store';
import { type Decider, type DomainEvent, type EventMetadata, foldEvents } from '../domain/decider';
import { eventIdsFor, newId } from '../domain/ids';

export interface CommandOptions<Event, State = unknown> {
  /** The client's request id: a retry with the same id is answered with the original result. */
  readonly requestId?: string;
  /** Metadata of the new events; a function receives the state the decision was made on. */
  readonly metadata?: EventMetadata | ((state: State) => EventMetadata);
  /** Default: the revision the state was read at (or `no_stream`). */
  readonly expectedRevision?: ExpectedRevision;
  /** Reads a stored event into the decider's event type, upcasting old shapes. */
  readonly upcast?: (event: RecordedEvent) => Event;
}

export interface CommandResult<Event, State> {
  /** Position of the last event written (or, when nothing was written, of the stream's last event). */
  readonly position: string | null;
  readonly revision: bigint | null;
  readonly events: Event[];
  readonly state: State;
  readonly idempotentReplay: boolean;
}

/**
 * Stored events are plain `{ type, data }`; a decider's union type is what we stored. The one
 * place where stored JSON is taken to be the event type (upcasters go in front of it).
 */
export function toDomainEvent<Event>(event: Pick<RecordedEvent, 'type' | 'data'>): Event {
  return { type: event.type, data: event.data } as unknown as Event; // the wire shape is the event type
}

/**
 * Load the stream, decide, append with the expected revision. A conflict surfaces as the store's
 * `WrongExpectedRevisionError` (HTTP 409): the caller decided on a stale state.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: CommandOptions<Event, State> = {},
): Promise<CommandResult<Event, State>> {
  const history = await store.readStream(streamId);
  const upcast = options.upcast ?? toDomainEvent;
  const last = history[history.length - 1];

  if (options.requestId) {
    const [firstId] = eventIdsFor(options.requestId, streamId, 1);
    const index = history.findIndex((e) => e.id === firstId);
    if (index >= 0) {
      // A retry of a command that already succeeded: answer as the first time.
      const before = history.slice(0, index).map(upcast);
      const written = history.slice(index).filter((e) => e.metadata.requestId === options.requestId);
      const lastWritten = written[written.length - 1];
      const events = written.map(upcast);
      return {
        position: lastWritten?.position ?? null,
        revision: lastWritten?.revision ?? null,
        events,
        state: foldEvents(decider, [...before, ...events]),
        idempotentReplay: true,
      };
    }
  }

  const state = foldEvents(decider, history.map(upcast));
  const events = decider.decide(command, state);
  const newState = foldEvents(decider, events, state);
  if (events.length === 0) {
    return {
      position: last?.position ?? null,
      revision: last?.revision ?? null,
      events,
      state: newState,
      idempotentReplay: false,
    };
  }
  const ids = options.requestId
    ? eventIdsFor(options.requestId, streamId, events.length)
    : events.map(() => newId());
  const given = typeof options.metadata === 'function' ? options.metadata(state) : (options.metadata ?? {});
  const metadata: JsonObject = {
    ...(toJson(given) as JsonObject),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  };
  const result = await store.append(
    streamId,
    events.map((event, i) => ({
      id: ids[i] ?? newId(),
      type: event.type,
      data: toJson(event.data),
      metadata,
    })),
    { expectedRevision: options.expectedRevision ?? last?.revision ?? 'no_stream' },
  );
  return {
    position: result.position,
    revision: result.nextExpectedRevision,
    events,
    state: newState,
    idempotentReplay: result.idempotentReplay,
  };
}

/** Event metadata as stored: plain JSON. */
export function metadataJson(metadata: EventMetadata): JsonObject {
  return toJson(metadata) as JsonObject;
}

/** Domain data is plain JSON by construction; this drops `undefined` the way JSON does. */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}
