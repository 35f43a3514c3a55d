import { type ExpectedRevision, expectedRevisionLabel } from './port';

/** The stream was not in the state the writer expected: nothing was written. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** `null` when the stream does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      `Stream ${streamId}: expected revision ${expectedRevisionLabel(expected)}, actual ${
        actual === null ? 'no stream' : actual.toString()
      }`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some, but not all, of the event ids were already stored (or stored on another stream). */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';

  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`Stream ${streamId}: event ids already used elsewhere: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidAppendError extends Error {
  readonly code = 'EVENT_STORE.INVALID_APPEND';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
