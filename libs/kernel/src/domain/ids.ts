import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace for event ids derived from a client request id (uuid v5, fixed for this system). */
const EVENT_ID_NAMESPACE = '6f0d3c1e-8a5b-4c43-9d0e-2b7f1a9c5e11';

/**
 * The ids of the events a command produces, derived from the client's request id, so that a retry
 * of the same request produces the same ids and the store keeps the events once.
 */
export function eventIdsFor(requestId: string, streamId: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    uuidv5(`${streamId}\n${requestId}\n${index}`, EVENT_ID_NAMESPACE),
  );
}

/** A new time-ordered identifier (uuid v7). */
export function newId(): string {
  return uuidv7();
}

/**
 * The id of a new thing created by a request: derived from the client's request id (and who sent
 * it) when there is one, so that a retried request names the same thing instead of a second one.
 */
export function idForRequest(kind: string, requestId: string | undefined, actorId: string): string {
  return requestId ? uuidv5(`${kind}\n${actorId}\n${requestId}`, EVENT_ID_NAMESPACE) : uuidv7();
}
