import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  ChainVerification,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  SubscriptionBatch,
} from '../port';
import { comparePositions } from '../port';

interface StreamState {
  revision: bigint; // -1n when empty
  truncateBefore: bigint;
  deleted: boolean;
  metadata: StreamMetadata;
  lastHash: string;
}

/** For unit tests of deciders and handlers only: same contract, no durability. */
export class InMemoryEventStore implements EventStore {
  readonly name = 'memory';
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly byId = new Map<string, RecordedEvent>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  append(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return Promise.resolve().then(() => this.appendNow(streamId, events, options));
  }

  private appendNow(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): AppendResult {
    if (events.length === 0) throw new InvalidAppendError(`Stream ${streamId}: nothing to append`);
    const stored = events.map((e) => this.byId.get(e.id));
    if (stored.some((e) => e !== undefined)) {
      const first = stored[0];
      const contiguous =
        first !== undefined &&
        stored.every(
          (e, i) => e !== undefined && e.streamId === streamId && e.revision === first.revision + BigInt(i),
        );
      const last = stored[stored.length - 1];
      if (contiguous && last) {
        return { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
      }
      throw new DuplicateEventIdError(
        streamId,
        events.map((e) => e.id),
      );
    }
    const stream = this.streams.get(streamId) ?? {
      revision: -1n,
      truncateBefore: 0n,
      deleted: false,
      metadata: {},
      lastHash: '',
    };
    const current = stream.deleted || stream.revision < 0n ? null : stream.revision;
    const expected = options.expectedRevision;
    if (
      (expected === 'no_stream' && current !== null) ||
      (expected === 'stream_exists' && current === null) ||
      (typeof expected === 'bigint' && current !== expected)
    ) {
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    let last: RecordedEvent | undefined;
    for (const event of events) {
      stream.revision += 1n;
      const metadata = event.metadata ?? {};
      const hash = chainHash(stream.lastHash, {
        streamId,
        revision: stream.revision,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata,
      });
      stream.lastHash = hash;
      last = {
        id: event.id,
        streamId,
        revision: stream.revision,
        position: String(this.all.length + 1).padStart(20, '0'),
        type: event.type,
        data: event.data,
        metadata,
        recordedAt: this.now(),
        hash,
      };
      this.all.push(last);
      this.byId.set(event.id, last);
    }
    stream.deleted = false;
    this.streams.set(streamId, stream);
    if (!last) throw new Error('unreachable: no event appended');
    return { nextExpectedRevision: stream.revision, position: last.position, idempotentReplay: false };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamId);
    if (!stream || stream.deleted) return Promise.resolve([]);
    const backwards = options.direction === 'backwards';
    let events = this.all.filter((e) => e.streamId === streamId && e.revision >= stream.truncateBefore);
    const from = options.fromRevision;
    if (from !== undefined)
      events = events.filter((e) => (backwards ? e.revision <= from : e.revision >= from));
    if (backwards) events.reverse();
    return Promise.resolve(options.maxCount === undefined ? events : events.slice(0, options.maxCount));
  }

  streamRevision(streamId: string): Promise<bigint | null> {
    const stream = this.streams.get(streamId);
    return Promise.resolve(!stream || stream.deleted || stream.revision < 0n ? null : stream.revision);
  }

  readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const limit = options.maxCount ?? 1000;
    const types = options.filter?.eventTypes;
    const prefixes = options.filter?.streamPrefixes;
    const events: RecordedEvent[] = [];
    let position = options.after ?? null;
    for (const event of this.all) {
      if (comparePositions(event.position, options.after) <= 0) continue;
      if (events.length === limit) return Promise.resolve({ events, position, endOfAll: false });
      position = event.position;
      if (types?.length && !types.includes(event.type)) continue;
      if (prefixes?.length && !prefixes.some((p) => event.streamId.startsWith(p))) continue;
      events.push(event);
    }
    return Promise.resolve({ events, position, endOfAll: true });
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    let after = options.after ?? null;
    while (!options.signal?.aborted) {
      const page = await this.readAll({ ...options, after });
      const advanced = comparePositions(page.position, after) > 0;
      after = page.position;
      if (advanced) yield { events: page.events, position: page.position, caughtUp: page.endOfAll };
      if (page.endOfAll) {
        try {
          await sleep(
            options.pollIntervalMs ?? 10,
            undefined,
            options.signal ? { signal: options.signal } : undefined,
          );
        } catch {
          return;
        }
      }
    }
  }

  headPosition(): Promise<string | null> {
    return Promise.resolve(this.all[this.all.length - 1]?.position ?? null);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return Promise.resolve(this.streams.get(streamId)?.metadata ?? {});
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    const stream = this.streams.get(streamId);
    if (stream) stream.metadata = metadata;
    else
      this.streams.set(streamId, {
        revision: -1n,
        truncateBefore: 0n,
        deleted: false,
        metadata,
        lastHash: '',
      });
    return Promise.resolve();
  }

  async deleteStream(streamId: string, options: AppendOptions): Promise<void> {
    const current = await this.streamRevision(streamId);
    const expected = options.expectedRevision;
    if (
      (expected === 'no_stream' && current !== null) ||
      (expected === 'stream_exists' && current === null) ||
      (typeof expected === 'bigint' && current !== expected)
    ) {
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    const stream = this.streams.get(streamId);
    if (stream && current !== null) {
      stream.deleted = true;
      stream.truncateBefore = current + 1n;
    }
  }

  verifyChain(options: { streamId?: string } = {}): Promise<ChainVerification> {
    const heads = new Map<string, { revision: bigint; hash: string }>();
    let checkedEvents = 0;
    for (const event of this.all) {
      if (options.streamId !== undefined && event.streamId !== options.streamId) continue;
      checkedEvents += 1;
      const previous = heads.get(event.streamId) ?? { revision: -1n, hash: '' };
      const broken =
        event.revision !== previous.revision + 1n
          ? 'revision gap or reorder'
          : event.hash !== chainHash(previous.hash, event)
            ? 'hash mismatch'
            : undefined;
      if (broken) {
        return Promise.resolve({
          ok: false,
          checkedEvents,
          firstBroken: { streamId: event.streamId, revision: event.revision.toString(), reason: broken },
        });
      }
      heads.set(event.streamId, { revision: event.revision, hash: event.hash ?? '' });
    }
    return Promise.resolve({ ok: true, checkedEvents });
  }

  /** Test hook: alter a stored event behind the store's back, as an attacker with write access would. */
  tamperForTest(streamId: string, revision: bigint, data: RecordedEvent['data']): void {
    const index = this.all.findIndex((e) => e.streamId === streamId && e.revision === revision);
    const event = this.all[index];
    if (!event) throw new Error(`no event ${streamId}@${revision}`);
    this.all[index] = { ...event, data };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function chainHash(
  previous: string,
  e: Pick<RecordedEvent, 'streamId' | 'revision' | 'id' | 'type' | 'data' | 'metadata'>,
): string {
  return createHash('sha256')
    .update(previous)
    .update(JSON.stringify([e.streamId, e.revision.toString(), e.id, e.type, e.data, e.metadata]))
    .digest('hex');
}
