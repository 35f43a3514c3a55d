/**
 * The event-store port. Adapters: PostgreSQL (default), KurrentDB, in-memory (decider tests only).
 *
 * Positions are opaque strings that sort lexicographically in the order a `$all` reader sees
 * events; they may be non-contiguous. `null` means "before the first event".
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What a writer expects the stream to look like. A bigint is the revision of its last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface EventToAppend {
  /** UUID; the same id appended again is stored once (idempotent retry). */
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata?: JsonObject;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based, gapless per stream. */
  readonly revision: bigint;
  readonly position: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
  /** Hex sha256 of the per-stream hash chain, where the adapter keeps one. */
  readonly hash?: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last appended event. */
  readonly position: string;
  /** True when the events were already stored by an earlier call with the same ids. */
  readonly idempotentReplay: boolean;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  /** Inclusive; default the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface AllFilter {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. */
  readonly after?: string | null;
  readonly maxCount?: number;
  readonly filter?: AllFilter;
}

export interface ReadAllResult {
  readonly events: RecordedEvent[];
  /**
   * How far the reader has looked: a checkpoint may move here even when a filter returned
   * fewer events. `null` when nothing has been scanned yet.
   */
  readonly position: string | null;
  /** True when nothing visible lies beyond `position` right now. */
  readonly endOfAll: boolean;
}

export interface SubscribeOptions extends ReadAllOptions {
  /** Idle wait before looking again once caught up (adapters that poll). */
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
}

export interface SubscriptionBatch {
  readonly events: RecordedEvent[];
  readonly position: string | null;
  readonly caughtUp: boolean;
}

export interface StreamMetadata {
  /** Application keys; adapters keep their own bookkeeping out of it. */
  readonly [key: string]: JsonValue;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly firstBroken?: { readonly streamId: string; readonly revision: string; readonly reason: string };
}

export interface EventStore {
  readonly name: string;
  append(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; `[]` when it does not exist or was deleted. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, `null` when it does not exist (or was soft-deleted). */
  streamRevision(streamId: string): Promise<bigint | null>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /** Catch-up, then live. Ends when `signal` aborts. */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<SubscriptionBatch>;
  /** Position of the newest event a `$all` reader can see now. */
  headPosition(): Promise<string | null>;
  /** How many visible events lie after a position, counting at most `limit` (projection lag). */
  countEventsAfter?(after: string | null, limit: number): Promise<number>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  /** Soft delete: reads say "no stream"; a later append continues the revision numbers. */
  deleteStream(streamId: string, options: AppendOptions): Promise<void>;
  /** Verifies the per-stream hash chains (all streams, or one). */
  verifyChain(options?: { streamId?: string }): Promise<ChainVerification>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** Compares two positions (null first). */
export function comparePositions(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function expectedRevisionLabel(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}
