/**
 * The event-store port on KurrentDB (formerly EventStoreDB), for deployments that scale the write side
 * out to a cluster. Semantics follow the PostgreSQL adapter; where KurrentDB differs, this file says how
 * the difference is bridged and what is left:
 *
 * - Positions are the `$all` log position, `commit-prepare`, each zero-padded to 20 digits so that they
 *   sort as strings in reading order. They are not comparable with the PostgreSQL adapter's positions.
 * - Hash chain: KurrentDB keeps no tamper evidence. This adapter computes the per-stream chain in Node
 *   (sha256 of the previous hash and the canonical JSON of the event) and stores it in the event metadata
 *   under `$ce.hash`. The chain is computed by the client, so it is only as trustworthy as the writers:
 *   anyone who can write to KurrentDB can append events with a valid-looking chain, or rewrite a stream's
 *   metadata to hide events. It detects accidental corruption and edits made without this adapter, not a
 *   hostile writer. The chain covers the visible part of a stream; after a soft delete it starts afresh.
 * - Idempotent retries: KurrentDB dedupes the same event ids at the same expected revision by itself but
 *   does not say so. This adapter recognises a replay by reading the stream (and a per-append id it stores
 *   in the metadata under `$ce.append`), and refuses ids reused with new ones. Event ids are unique per
 *   stream only in KurrentDB: the same ids on another stream are refused only when this process has seen
 *   them (a bounded in-process memory of recent appends). Another process reusing an id on another stream
 *   goes unnoticed.
 * - Soft delete is KurrentDB's own; revision numbers continue afterwards as in the other adapters.
 * - subscribeToAll is pushed by the server (no polling): `pollIntervalMs` is ignored.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  BACKWARDS,
  type CaughtUp,
  CancelledError,
  DeadlineExceededError,
  END,
  type EventData,
  eventTypeFilter,
  excludeSystemEvents,
  type FellBehind,
  type Filter,
  FORWARDS,
  type JSONType,
  jsonEvent,
  KurrentDBClient,
  NotLeaderError,
  type Position as KurrentPosition,
  type ReadStreamOptions as KurrentReadStreamOptions,
  type RecordedEvent as KurrentRecordedEvent,
  START,
  StreamDeletedError,
  streamNameFilter,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import type {
  AllFilter,
  AppendOptions,
  AppendResult,
  ChainVerification,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  SubscriptionBatch,
} from '../port';
import { comparePositions } from '../port';

/** Metadata keys this adapter keeps on every event; stripped from `metadata` on read. */
const RESERVED_PREFIX = '$ce.';
const HASH_KEY = '$ce.hash';
const APPEND_KEY = '$ce.append';

/** KurrentDB's truncate-before setting in raw stream metadata. */
const TRUNCATE_BEFORE = '$tb';
/**
 * KurrentDB marks a soft-deleted stream with `$tb` = long.MaxValue, which hides how far the stream went;
 * JSON.parse turns it into a float at or above this bound.
 */
const SOFT_DELETED_MARKER = Number.MAX_SAFE_INTEGER;

/** A retry with 'any' may land a few events behind the head: look that far back for its ids. */
const REPLAY_WINDOW = 32;
const MAX_APPEND_ATTEMPTS = 20;
const MAX_METADATA_ATTEMPTS = 10;
const MAX_RESUBSCRIBE_ATTEMPTS = 5;
const RECENT_EVENT_IDS = 100_000;
const HEAD_PAGE = 256;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITION = /^(\d{1,20})-(\d{1,20})$/;
const WIDTH = 20;

export interface KurrentDbEventStoreOptions {
  /** `kurrentdb://host:2113,host:2114,host:2115?tls=false` and the like. */
  readonly connectionString: string;
  /** How many recently appended event ids this process remembers, to refuse them on another stream. */
  readonly recentEventIds?: number;
}

interface Proposal {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
}

interface StoredEvent {
  readonly recorded: RecordedEvent;
  /** The append call that wrote it; absent for events written by something else. */
  readonly appendId: string | undefined;
}

interface RawMetadata {
  /** Revision of the last event in the metadata stream, `null` when there is none. */
  readonly revision: bigint | null;
  readonly data: Record<string, JsonValue>;
}

export class KurrentDbEventStore implements EventStore {
  readonly name = 'kurrentdb';
  private readonly client: KurrentDBClient;
  private readonly recent: RecentEventIds;

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString(options.connectionString);
    this.recent = new RecentEventIds(options.recentEventIds ?? RECENT_EVENT_IDS);
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const batch = validateAppend(streamId, events);
    const ids = batch.map((e) => e.id);
    const remembered = this.recent.replay(streamId, ids);
    if (remembered) return remembered;

    const expected = options.expectedRevision;
    // Every attempt of this call tags its events; finding one of our tags stored means we wrote them.
    const ownAppends = new Set<string>();
    let lastSeen: bigint | null = null;
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      if (attempt > 0) await sleep(backoffMs(attempt));
      const exact = typeof expected === 'bigint' || expected === 'no_stream';
      const tail = await this.readStored(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: exact ? 1 : REPLAY_WINDOW,
      });
      const head = tail[0]?.recorded;
      const current = head ? head.revision : null;
      lastSeen = current;

      const stored = await this.findStored(streamId, ids, expected, current, tail);
      if (stored) return this.answer(streamId, stored, ownAppends);
      if (!satisfies(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);

      // Always append at an exact state, even for 'any': the hashes name the revisions they land at.
      const base = current ?? (await this.hiddenRevision(streamId));
      const appendId = randomUUID();
      ownAppends.add(appendId);
      let previous = head?.hash ?? '';
      const proposed: EventData[] = batch.map((event, i) => {
        const revision = base + 1n + BigInt(i);
        const hash = chainHash(previous, { streamId, revision, ...event });
        previous = hash;
        return jsonEvent({
          id: event.id,
          type: event.type,
          data: clientJson(event.data),
          metadata: { ...event.metadata, [HASH_KEY]: hash, [APPEND_KEY]: appendId },
        });
      });
      const streamState: AppendStreamState = base < 0n ? 'no_stream' : base;

      let appended: { nextExpectedRevision: bigint; position?: KurrentPosition };
      try {
        appended = await this.client.appendToStream(streamId, proposed, { streamState });
      } catch (error) {
        // A conflict, or an answer lost on the way: the next round reads the stream and tells which.
        if (error instanceof WrongExpectedVersionError || (error instanceof Error && isTransient(error))) {
          lastError = error;
          continue;
        }
        throw error;
      }

      // The server answers an idempotent retry like a fresh write; the stored tag says whose it was.
      const [last] = await this.readStored(streamId, {
        direction: BACKWARDS,
        fromRevision: appended.nextExpectedRevision,
        maxCount: 1,
      });
      if (last && last.recorded.id === ids[ids.length - 1]) {
        const written = await this.storedBatch(streamId, ids, last);
        return this.answer(streamId, written, ownAppends);
      }
      // Deleted again before we could read it back: the append's own position is all there is.
      if (appended.position) {
        return {
          nextExpectedRevision: appended.nextExpectedRevision,
          position: encodePosition(appended.position),
          idempotentReplay: false,
        };
      }
      throw new Error(`Stream ${streamId}: appended, but the events could not be read back`);
    }
    if (lastError !== undefined && !(lastError instanceof WrongExpectedVersionError)) throw lastError;
    throw new WrongExpectedRevisionError(streamId, expected, lastSeen);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const stored = await this.readStored(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    return stored.map((e) => e.recorded);
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    const [last] = await this.readStored(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? last.recorded.revision : null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const limit = Math.max(1, options.maxCount ?? 1000);
    const after = options.after ?? null;
    const from = after === null ? null : decodePosition(after);
    const plan = filterPlan(options.filter);
    // Taken before the read: everything up to here is either in the page or filtered out, so a filtered
    // read that reaches the end may checkpoint here (the client hides the server's own checkpoints).
    const head = plan.userFiltered ? await this.lastRecordPosition() : null;

    const scanned: AllStreamRecordedEvent[] = [];
    let served = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: from ?? START,
      direction: FORWARDS,
      // A read from a position includes the event at that position: one more makes up for it.
      maxCount: limit + 1,
      filter: plan.server(),
    })) {
      served += 1;
      const event = resolved.event;
      if (!event || (from && comparePosition(event.position, from) <= 0)) continue;
      scanned.push(event);
    }
    const consumed = scanned.slice(0, limit);
    const events = consumed.filter((e) => plan.accepts(e)).map((e) => toStored(e).recorded);
    const last = consumed[consumed.length - 1];
    const lastPosition = last ? encodePosition(last.position) : null;
    if (served > limit) return { events, position: lastPosition ?? after, endOfAll: false };
    return { events, position: maxPosition(after, lastPosition, head), endOfAll: true };
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    const signal = options.signal;
    const plan = filterPlan(options.filter);
    const maxBatch = Math.max(1, options.maxCount ?? 1000);
    let position = options.after ?? null;
    let wasCaughtUp = false;
    let failures = 0;
    while (!signal?.aborted) {
      const feed = new SubscriptionFeed(this.client, position, plan, maxBatch, signal);
      let failure: Error | undefined;
      try {
        for (;;) {
          let batch: FeedBatch | undefined;
          try {
            batch = await feed.next();
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error));
            break;
          }
          if (!batch) break;
          const advanced = comparePositions(batch.position, position) > 0;
          const wentLive = batch.caughtUp && !wasCaughtUp;
          if (advanced) position = batch.position;
          wasCaughtUp = batch.caughtUp;
          if (batch.events.length > 0 || advanced || wentLive) {
            failures = 0;
            yield { events: batch.events, position, caughtUp: batch.caughtUp };
          }
        }
      } finally {
        await feed.close();
      }
      if (signal?.aborted) return;
      // Leader elections and restarts end subscriptions: resume from the last position handed out.
      if (failure !== undefined && !isTransient(failure)) throw failure;
      failures += 1;
      if (failures > MAX_RESUBSCRIBE_ATTEMPTS) {
        throw failure ?? new Error('KurrentDB subscription to $all ended and could not be resumed');
      }
      wasCaughtUp = false;
      try {
        await sleep(backoffMs(failures), undefined, signal ? { signal } : undefined);
      } catch {
        return; // aborted
      }
    }
  }

  async headPosition(): Promise<string | null> {
    // Events of $-streams with ordinary types pass the server's filter: page back past them.
    let before: KurrentPosition | undefined;
    for (;;) {
      let served = 0;
      let oldest: KurrentPosition | undefined;
      for await (const resolved of this.client.readAll({
        fromPosition: before ?? END,
        direction: BACKWARDS,
        maxCount: HEAD_PAGE,
        filter: excludeSystemEvents(),
      })) {
        served += 1;
        const event = resolved.event;
        if (!event || (before && comparePosition(event.position, before) >= 0)) continue;
        if (!isSystemEvent(event)) return encodePosition(event.position);
        oldest = event.position;
      }
      if (served < HEAD_PAGE || !oldest) return null;
      before = oldest;
    }
  }

  async countEventsAfter(after: string | null, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    const from = after === null ? null : decodePosition(after);
    let count = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: from ?? START,
      direction: FORWARDS,
      maxCount: limit + 1,
      filter: excludeSystemEvents(),
    })) {
      const event = resolved.event;
      if (!event || isSystemEvent(event) || (from && comparePosition(event.position, from) <= 0)) continue;
      count += 1;
    }
    return Math.min(count, limit);
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    const raw = await this.readMetadata(streamId);
    return applicationKeys(raw.data);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    for (const key of Object.keys(metadata)) {
      if (key.startsWith('$')) {
        throw new InvalidAppendError(
          `Stream ${streamId}: metadata key "${key}" is reserved (keys starting with $)`,
        );
      }
    }
    for (let attempt = 0; attempt < MAX_METADATA_ATTEMPTS; attempt++) {
      const raw = await this.readMetadata(streamId);
      try {
        await this.writeMetadata(streamId, { ...serverKeys(raw.data), ...metadata }, raw.revision);
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new Error(
      `Stream ${streamId}: metadata kept changing underneath; gave up after ${MAX_METADATA_ATTEMPTS} attempts`,
    );
  }

  async deleteStream(streamId: string, options: AppendOptions): Promise<void> {
    const expected = options.expectedRevision;
    let current: bigint | null = null;
    for (let attempt = 0; attempt < MAX_METADATA_ATTEMPTS; attempt++) {
      current = await this.streamRevision(streamId);
      if (!satisfies(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
      if (current === null) return;
      const before = await this.readMetadata(streamId);
      try {
        // The revision just read, not the caller's: the server then checks exactly what we checked.
        await this.client.deleteStream(streamId, { expectedRevision: current });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) continue;
        throw error;
      }
      // KurrentDB's soft delete replaces the stream metadata with its marker alone. Writing the old keys
      // back keeps the application's metadata, and makes the server record where the stream ended, which
      // the next append needs to know the revisions (and so the hashes) of its events.
      const { [TRUNCATE_BEFORE]: _truncated, ...kept } = before.data;
      try {
        await this.writeMetadata(streamId, kept, (before.revision ?? -1n) + 1n);
      } catch (error) {
        // Someone else wrote the metadata meanwhile, which has the same effect on the server.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
      return;
    }
    throw new WrongExpectedRevisionError(streamId, expected, current);
  }

  async verifyChain(options: { streamId?: string } = {}): Promise<ChainVerification> {
    if (options.streamId !== undefined) {
      const result = await this.verifyStream(options.streamId);
      if (!result.broken) return { ok: true, checkedEvents: result.checked };
      return {
        ok: false,
        checkedEvents: result.checked,
        firstBroken: brokenAt(options.streamId, result.broken),
      };
    }
    let checkedEvents = 0;
    let first: { streamId: string; broken: BrokenLink } | undefined;
    for (const streamId of await this.streamsInAll()) {
      const result = await this.verifyStream(streamId);
      checkedEvents += result.checked;
      if (result.broken && (!first || comparePositions(result.broken.position, first.broken.position) < 0)) {
        first = { streamId, broken: result.broken };
      }
    }
    if (!first) return { ok: true, checkedEvents };
    return { ok: false, checkedEvents, firstBroken: brokenAt(first.streamId, first.broken) };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private answer(
    streamId: string,
    stored: readonly StoredEvent[],
    ownAppends: ReadonlySet<string>,
  ): AppendResult {
    const last = stored[stored.length - 1];
    if (!last) throw new Error(`Stream ${streamId}: no stored events to answer with`);
    this.recent.remember(
      streamId,
      stored.map((e) => e.recorded),
    );
    return {
      nextExpectedRevision: last.recorded.revision,
      position: last.recorded.position,
      idempotentReplay: last.appendId === undefined || !ownAppends.has(last.appendId),
    };
  }

  /**
   * The batch as already stored in the stream, if it is: at the expected revision for exact expectations,
   * anywhere near the head for 'any' and 'stream_exists'. Some of the ids stored but not the whole batch
   * in order is a duplicate, not a retry.
   */
  private async findStored(
    streamId: string,
    ids: readonly string[],
    expected: ExpectedRevision,
    current: bigint | null,
    tail: readonly StoredEvent[],
  ): Promise<StoredEvent[] | undefined> {
    if (current === null) return undefined;
    const wanted = new Set(ids);
    if (typeof expected === 'bigint' || expected === 'no_stream') {
      if (typeof expected === 'bigint' && current <= expected) return undefined;
      const candidates = await this.readStored(streamId, {
        direction: FORWARDS,
        fromRevision: expected === 'no_stream' ? START : expected + 1n,
        maxCount: ids.length,
      });
      if (candidates.length === ids.length && candidates.every((c, i) => c.recorded.id === ids[i]))
        return candidates;
      if (candidates.some((c) => wanted.has(c.recorded.id))) throw new DuplicateEventIdError(streamId, ids);
      return undefined;
    }
    const candidates = [...tail].reverse();
    const start = candidates.findIndex((c) => c.recorded.id === ids[0]);
    if (start >= 0) {
      const run = candidates.slice(start, start + ids.length);
      if (run.length === ids.length && run.every((c, i) => c.recorded.id === ids[i])) return run;
    }
    if (candidates.some((c) => wanted.has(c.recorded.id))) throw new DuplicateEventIdError(streamId, ids);
    return undefined;
  }

  /** The whole batch ending at `last`, read back so that every id is remembered with its revision. */
  private async storedBatch(
    streamId: string,
    ids: readonly string[],
    last: StoredEvent,
  ): Promise<StoredEvent[]> {
    if (ids.length === 1) return [last];
    const batch = await this.readStored(streamId, {
      direction: FORWARDS,
      fromRevision: last.recorded.revision - BigInt(ids.length - 1),
      maxCount: ids.length,
    });
    return batch.length === ids.length && batch.every((e, i) => e.recorded.id === ids[i]) ? batch : [last];
  }

  private async readStored(streamId: string, options: KurrentReadStreamOptions): Promise<StoredEvent[]> {
    const stored: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) stored.push(toStored(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw error;
    }
    return stored;
  }

  /**
   * Where KurrentDB will continue a stream none of whose events are visible: the revision of its last
   * (hidden) event, or -1 when it never had any.
   */
  private async hiddenRevision(streamId: string): Promise<bigint> {
    for (let attempt = 0; attempt < MAX_METADATA_ATTEMPTS; attempt++) {
      const raw = await this.readMetadata(streamId);
      const truncateBefore = raw.data[TRUNCATE_BEFORE];
      if (typeof truncateBefore !== 'number' || !Number.isInteger(truncateBefore) || truncateBefore <= 0)
        return -1n;
      if (truncateBefore < SOFT_DELETED_MARKER) return BigInt(truncateBefore) - 1n;
      // Still carrying the soft-delete marker (deleted by something else, or our write-back failed): any
      // write to the metadata stream makes the server replace the marker with the stream's end.
      const { [TRUNCATE_BEFORE]: _marker, ...kept } = raw.data;
      try {
        await this.writeMetadata(streamId, kept, raw.revision);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new Error(`Stream ${streamId}: could not learn where the soft-deleted stream ended`);
  }

  private async readMetadata(streamId: string): Promise<RawMetadata> {
    try {
      for await (const resolved of this.client.readStream(`$$${streamId}`, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const event = resolved.event;
        if (event) return { revision: event.revision, data: isJsonObject(event.data) ? event.data : {} };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError)
        return { revision: null, data: {} };
      throw error;
    }
    return { revision: null, data: {} };
  }

  /**
   * Written as a raw `$metadata` event rather than with the client's setStreamMetadata, which renames
   * keys such as `maxCount` or `maxAge` into KurrentDB settings: an application key of that name would
   * silently become a retention rule.
   */
  private async writeMetadata(
    streamId: string,
    data: Record<string, JsonValue>,
    revision: bigint | null,
  ): Promise<void> {
    await this.client.appendToStream(`$$${streamId}`, jsonEvent({ type: '$metadata', data }), {
      streamState: revision ?? 'no_stream',
    });
  }

  /** Position of the newest record of any kind; cheap, and a valid place to resume reading after. */
  private async lastRecordPosition(): Promise<string | null> {
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
    })) {
      if (resolved.event) return encodePosition(resolved.event.position);
    }
    return null;
  }

  private async streamsInAll(): Promise<string[]> {
    const streams = new Set<string>();
    for await (const resolved of this.client.readAll({
      fromPosition: START,
      direction: FORWARDS,
      filter: excludeSystemEvents(),
    })) {
      const event = resolved.event;
      if (event && !isSystemEvent(event)) streams.add(event.streamId);
    }
    return [...streams];
  }

  private async verifyStream(streamId: string): Promise<{ checked: number; broken?: BrokenLink }> {
    let checked = 0;
    let broken: BrokenLink | undefined;
    let previous: { revision: bigint; hash: string } | undefined;
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: START,
      })) {
        if (!resolved.event) continue;
        const event = toStored(resolved.event).recorded;
        checked += 1;
        if (broken) continue;
        // The first visible event starts the chain: after a soft delete the writer could not see further back.
        const reason =
          previous && event.revision !== previous.revision + 1n
            ? 'revision gap or reorder'
            : event.hash === undefined
              ? 'hash missing'
              : event.hash !== chainHash(previous?.hash ?? '', event)
                ? 'hash mismatch'
                : undefined;
        if (reason) broken = { revision: event.revision, position: event.position, reason };
        previous = { revision: event.revision, hash: event.hash ?? '' };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return { checked };
      throw error;
    }
    return broken ? { checked, broken } : { checked };
  }
}

export function createKurrentDbEventStore(url: string): KurrentDbEventStore {
  return new KurrentDbEventStore({ connectionString: url });
}

interface BrokenLink {
  readonly revision: bigint;
  readonly position: string;
  readonly reason: string;
}

function brokenAt(streamId: string, broken: BrokenLink): NonNullable<ChainVerification['firstBroken']> {
  return { streamId, revision: broken.revision.toString(), reason: broken.reason };
}

// ---------------------------------------------------------------------------------------------------------
// $all subscription

interface FeedBatch {
  readonly events: RecordedEvent[];
  readonly position: string | null;
  readonly caughtUp: boolean;
}

/** Something the server said between two events: a checkpoint, caught up, or fell behind. */
interface Marker {
  /** How many events the subscription had pushed before it: the marker applies once these are taken. */
  readonly at: number;
  readonly position?: KurrentPosition;
  readonly live?: boolean;
}

const HIGH_WATER = 4;

/**
 * One server subscription, turned into batches. Events arrive as stream data while caught-up and
 * checkpoint notices arrive as events or callbacks that can overtake data still buffered in the stream;
 * each notice is therefore pinned to the count of events pushed before it, and applied in that order.
 */
class SubscriptionFeed {
  private readonly subscription: AllStreamSubscription;
  private readonly queue: AllStreamResolvedEvent[] = [];
  private readonly markers: Marker[] = [];
  private pushed = 0;
  private taken = 0;
  private live = false;
  private paused = false;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private position: string | null;
  private readonly after: string | null;
  private readonly onAbort = (): void => this.notify();

  constructor(
    client: KurrentDBClient,
    after: string | null,
    private readonly plan: FilterPlan,
    private readonly maxBatch: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.after = after;
    this.position = after;
    this.subscription = client.subscribeToAll({
      fromPosition: after === null ? START : decodePosition(after),
      filter: plan.server((_subscription, checkpoint) => this.mark({ position: checkpoint })),
    });
    this.subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      this.pushed += 1;
      this.queue.push(resolved);
      if (!this.paused && this.queue.length >= this.maxBatch * HIGH_WATER) {
        this.paused = true;
        this.subscription.pause();
      }
      this.notify();
    });
    this.subscription.on('caughtUp', (info: CaughtUp) => {
      this.mark({ live: true, ...(info.position ? { position: info.position } : {}) });
    });
    this.subscription.on('fellBehind', (info: FellBehind) => {
      this.mark({ live: false, ...(info.position ? { position: info.position } : {}) });
    });
    this.subscription.on('error', (error: Error) => {
      this.failure ??= error;
      this.notify();
    });
    this.subscription.on('end', () => {
      this.ended = true;
      this.notify();
    });
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next batch; `undefined` when aborted or the server ended the subscription. */
  async next(): Promise<FeedBatch | undefined> {
    for (;;) {
      if (this.signal?.aborted) return undefined;
      const due = this.markers[0];
      if (this.queue.length > 0 || (due && due.at <= this.taken)) return this.take();
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.subscription.removeAllListeners();
    // Errors after cancelling are of no interest, but an 'error' without a listener would crash the process.
    this.subscription.on('error', () => undefined);
    try {
      await this.subscription.unsubscribe();
    } catch {
      // already gone
    }
  }

  private take(): FeedBatch {
    const events: RecordedEvent[] = [];
    this.applyMarkers();
    for (const resolved of this.queue.splice(0, this.maxBatch)) {
      this.taken += 1;
      const event = resolved.event;
      const position = event ? encodePosition(event.position) : null;
      // The server starts after `after` already; this only guards the contract.
      if (event && position !== null && comparePositions(position, this.after) > 0) {
        this.position = maxPosition(this.position, position);
        if (this.plan.accepts(event)) events.push(toStored(event).recorded);
      }
      this.applyMarkers();
    }
    if (this.paused && this.queue.length <= this.maxBatch) {
      this.paused = false;
      this.subscription.resume();
    }
    return { events, position: this.position, caughtUp: this.live && this.queue.length === 0 };
  }

  private applyMarkers(): void {
    for (let marker = this.markers[0]; marker && marker.at <= this.taken; marker = this.markers[0]) {
      this.markers.shift();
      if (marker.position) this.position = maxPosition(this.position, encodePosition(marker.position));
      if (marker.live !== undefined) this.live = marker.live;
    }
  }

  private mark(marker: Omit<Marker, 'at'>): void {
    this.markers.push({ ...marker, at: this.pushed + this.subscription.readableLength });
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Filters

type CheckpointReached = (subscription: AllStreamSubscription, position: KurrentPosition) => void;

interface FilterPlan {
  /** True when the caller asked for event types or stream prefixes. */
  readonly userFiltered: boolean;
  /** The server-side filter: one field only (event type or stream name), so the other is checked here. */
  server(checkpointReached?: CheckpointReached): Filter;
  accepts(event: KurrentRecordedEvent): boolean;
}

function filterPlan(filter: AllFilter | undefined): FilterPlan {
  const types = filter?.eventTypes?.length ? [...filter.eventTypes] : undefined;
  const prefixes = filter?.streamPrefixes?.length ? [...filter.streamPrefixes] : undefined;
  return {
    userFiltered: types !== undefined || prefixes !== undefined,
    server(checkpointReached) {
      const callback = checkpointReached ? { checkpointReached } : {};
      if (types) return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$`, ...callback });
      if (prefixes) return streamNameFilter({ prefixes, ...callback });
      return excludeSystemEvents(callback);
    },
    accepts(event) {
      if (isSystemEvent(event)) return false;
      if (types && !types.includes(event.type)) return false;
      if (prefixes && !prefixes.some((p) => event.streamId.startsWith(p))) return false;
      return true;
    },
  };
}

/** KurrentDB's own streams and events (`$`-prefixed): statistics, metadata, projection links. */
function isSystemEvent(event: KurrentRecordedEvent): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** Escapes ASCII punctuation for the server's .NET regular expressions (which reject `\` before letters). */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}#\s-]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------------------
// Events, positions, hashes

function validateAppend(streamId: string, events: readonly EventToAppend[]): Proposal[] {
  if (events.length === 0) throw new InvalidAppendError(`Stream ${streamId}: nothing to append`);
  if (streamId.length === 0 || streamId.startsWith('$')) {
    throw new InvalidAppendError(`Invalid stream name: "${streamId}"`);
  }
  const batch = events.map((event): Proposal => {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`Event id is not a UUID: ${event.id}`);
    if (event.type.length === 0) throw new InvalidAppendError('Event type is empty');
    // KurrentDB reserves $-types for itself, and readers here skip them as system events.
    if (event.type.startsWith('$')) throw new InvalidAppendError(`Event type starts with $: ${event.type}`);
    const metadata = event.metadata ?? {};
    const reserved = Object.keys(metadata).find((key) => key.startsWith(RESERVED_PREFIX));
    if (reserved !== undefined) throw new InvalidAppendError(`Metadata key "${reserved}" is reserved`);
    // The server returns ids in lower case; the hash must be computed on what will be read back.
    return { id: event.id.toLowerCase(), type: event.type, data: event.data, metadata };
  });
  const ids = batch.map((e) => e.id);
  if (new Set(ids).size !== ids.length) throw new DuplicateEventIdError(streamId, ids);
  return batch;
}

function satisfies(expected: ExpectedRevision, current: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === null;
  if (expected === 'stream_exists') return current !== null;
  return current === expected;
}

function toStored(event: KurrentRecordedEvent): StoredEvent {
  const position = event.position;
  if (!position) {
    throw new Error(
      `KurrentDB returned ${event.streamId}@${event.revision.toString()} without a position (server before 22.6?)`,
    );
  }
  const metadata: JsonObject = {};
  let hash: string | undefined;
  let appendId: string | undefined;
  const raw: unknown = event.metadata;
  if (isJsonObject(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      if (key === HASH_KEY) hash = typeof value === 'string' ? value : undefined;
      else if (key === APPEND_KEY) appendId = typeof value === 'string' ? value : undefined;
      else if (!key.startsWith(RESERVED_PREFIX)) metadata[key] = value;
    }
  }
  return {
    recorded: {
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      position: encodePosition(position),
      type: event.type,
      data: eventData(event),
      metadata,
      recordedAt: event.created,
      ...(hash === undefined ? {} : { hash }),
    },
    appendId,
  };
}

function eventData(event: KurrentRecordedEvent): JsonValue {
  const data: unknown = event.data;
  if (data instanceof Uint8Array) {
    const text = Buffer.from(data).toString('utf8');
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return text;
    }
  }
  // A JSON event: the client parsed it from the stored text (or left the text as is if it was not JSON).
  return data as JsonValue;
}

/** Parsed JSON that is an object: its values are JSON values by construction. */
function isJsonObject(value: unknown): value is Record<string, JsonValue> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/**
 * The client's type admits objects, arrays and strings only, but it serialises `data` with JSON.stringify,
 * so numbers, booleans and null are stored as the JSON they are.
 */
function clientJson(value: JsonValue): JSONType {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return value;
  return value as unknown as JSONType;
}

function applicationKeys(data: Record<string, JsonValue>): StreamMetadata {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('$')));
}

/**
 * KurrentDB's own settings to carry over when the application replaces its keys. The soft-delete marker
 * is left out: the server puts the stream's real end in its place on the next metadata write, and
 * writing long.MaxValue back from a JavaScript number would not survive the round trip.
 */
function serverKeys(data: Record<string, JsonValue>): Record<string, JsonValue> {
  return Object.fromEntries(
    Object.entries(data).filter(
      ([key, value]) =>
        key.startsWith('$') &&
        !(key === TRUNCATE_BEFORE && typeof value === 'number' && value >= SOFT_DELETED_MARKER),
    ),
  );
}

export function encodePosition(position: KurrentPosition): string {
  return `${position.commit.toString().padStart(WIDTH, '0')}-${position.prepare.toString().padStart(WIDTH, '0')}`;
}

export function decodePosition(position: string): KurrentPosition {
  const match = POSITION.exec(position);
  if (!match?.[1] || !match[2])
    throw new RangeError(`Not a position of the KurrentDB event store: ${position}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

function comparePosition(a: KurrentPosition, b: KurrentPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function maxPosition(...positions: (string | null)[]): string | null {
  let max: string | null = null;
  for (const position of positions)
    if (position !== null && comparePositions(position, max) > 0) max = position;
  return max;
}

function chainHash(
  previous: string,
  e: { streamId: string; revision: bigint; id: string; type: string; data: JsonValue; metadata: JsonObject },
): string {
  return createHash('sha256')
    .update(previous)
    .update(canonicalJson([e.streamId, e.revision.toString(), e.id, e.type, e.data, e.metadata]))
    .digest('hex');
}

/** JSON with object keys sorted, so that the hash does not depend on how a writer ordered its keys. */
function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  );
}

function backoffMs(attempt: number): number {
  return Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

/**
 * Event ids this process appended recently, with where they went. KurrentDB only dedupes ids within a
 * stream; this is how the same ids on another stream are refused (for appends seen by this process).
 */
class RecentEventIds {
  private readonly entries = new Map<string, { streamId: string; revision: bigint; position: string }>();

  constructor(private readonly capacity: number) {}

  /** The original answer for a retried batch; throws when some ids were used elsewhere. */
  replay(streamId: string, ids: readonly string[]): AppendResult | undefined {
    const found = ids.map((id) => this.entries.get(id));
    if (found.every((e) => e === undefined)) return undefined;
    const first = found[0];
    const contiguous =
      first !== undefined &&
      found.every(
        (e, i) => e !== undefined && e.streamId === streamId && e.revision === first.revision + BigInt(i),
      );
    const last = found[found.length - 1];
    if (!contiguous || !last) throw new DuplicateEventIdError(streamId, ids);
    return { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
  }

  remember(streamId: string, events: readonly RecordedEvent[]): void {
    for (const event of events) {
      this.entries.delete(event.id);
      this.entries.set(event.id, { streamId, revision: event.revision, position: event.position });
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
