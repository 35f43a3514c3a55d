import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, EventToAppend, RecordedEvent } from '../port';
import { comparePositions } from '../port';

/** What an adapter's test file hands the contract suite. */
export interface ContractHarness {
  readonly store: EventStore;
  /**
   * Starts an append inside a transaction and keeps it open, so the suite can commit or roll it
   * back after later appends have committed. Adapters whose log orders commits by itself
   * (KurrentDB) do not have such a thing.
   */
  holdAppend?(
    streamId: string,
    events: EventToAppend[],
  ): Promise<{ commit(): Promise<void>; rollback(): Promise<void> }>;
  /** Alters a stored event behind the store's back (as someone with database access could). */
  tamper?(streamId: string, revision: bigint): Promise<void>;
  close(): Promise<void>;
}

export const event = (type = 'thing.happened.v1', data: Record<string, unknown> = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data: { ...data, at: Math.random() },
  metadata: { actor: { userId: 'contract-suite' } },
});

const stream = (prefix = 'contract'): string => `${prefix}-${randomUUID()}`;

/** Reads `$all` from a position until `until` says it has everything, restarting from checkpoints. */
async function collectAll(
  store: EventStore,
  after: string | null,
  until: (seen: RecordedEvent[]) => boolean,
  timeoutMs = 20_000,
): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const batch of store.subscribeToAll({
      after,
      maxCount: 37,
      pollIntervalMs: 5,
      signal: controller.signal,
    })) {
      seen.push(...batch.events);
      if (until(seen)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

export function eventStoreContract(setup: () => Promise<ContractHarness>): void {
  let harness: ContractHarness;
  let store: EventStore;

  beforeAll(async () => {
    harness = await setup();
    store = harness.store;
  });
  afterAll(async () => {
    await harness?.close();
  });

  describe('append with an expected revision', () => {
    it('creates a stream with no_stream and refuses a second no_stream', async () => {
      const id = stream();
      const first = await store.append(id, [event(), event()], { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(1n);
      expect(first.idempotentReplay).toBe(false);
      await expect(store.append(id, [event()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        streamId: id,
        actual: 1n,
      });
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('appends at the exact revision and refuses a stale one, writing nothing', async () => {
      const id = stream();
      await store.append(id, [event()], { expectedRevision: 'no_stream' });
      const second = await store.append(id, [event()], { expectedRevision: 0n });
      expect(second.nextExpectedRevision).toBe(1n);
      const stale = store.append(id, [event()], { expectedRevision: 0n });
      await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0n, 1n]);
      expect(await store.streamRevision(id)).toBe(1n);
    });

    it('honours stream_exists and any', async () => {
      const id = stream();
      await expect(store.append(id, [event()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        actual: null,
      });
      expect(await store.streamRevision(id)).toBeNull();
      await store.append(id, [event()], { expectedRevision: 'any' });
      const r = await store.append(id, [event()], { expectedRevision: 'stream_exists' });
      expect(r.nextExpectedRevision).toBe(1n);
      const exact = await store.append(id, [event()], { expectedRevision: 'any' });
      expect(exact.nextExpectedRevision).toBe(2n);
    });

    it('lets exactly one of 50 concurrent appends with the same expected revision win', async () => {
      const id = stream();
      await store.append(id, [event()], { expectedRevision: 'no_stream' });
      const attempts = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          store.append(id, [event('thing.raced.v1', { i })], { expectedRevision: 0n }),
        ),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled');
      const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const events = await store.readStream(id);
      expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
    });

    it('stores a retried append once and answers it with the original result', async () => {
      const id = stream();
      const batch = [event(), event(), event()];
      const original = await store.append(id, batch, { expectedRevision: 'no_stream' });
      const retry = await store.append(id, batch, { expectedRevision: 'no_stream' });
      expect(retry).toEqual({ ...original, idempotentReplay: true });
      expect(await store.readStream(id)).toHaveLength(3);
      // The same ids on another stream, or mixed with new ones, are refused, not silently dropped.
      await expect(store.append(stream(), batch, { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      const mixedAppend = [batch[2] ?? event(), event()];
      await expect(store.append(id, mixedAppend, { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await store.readStream(id)).toHaveLength(3);
    });

    it('keeps one copy when the same retry races itself', async () => {
      const id = stream();
      const batch = [event(), event()];
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append(id, batch, { expectedRevision: 'no_stream' })),
      );
      expect(results.filter((r) => !r.idempotentReplay)).toHaveLength(1);
      expect(new Set(results.map((r) => r.position)).size).toBe(1);
      expect(await store.readStream(id)).toHaveLength(2);
    });
  });

  describe('reading', () => {
    it('reads a stream forwards and backwards from a revision', async () => {
      const id = stream();
      await store.append(
        id,
        Array.from({ length: 10 }, (_, i) => event('thing.counted.v1', { i })),
        { expectedRevision: 'no_stream' },
      );
      const forwards = await store.readStream(id, { fromRevision: 3n, maxCount: 4 });
      expect(forwards.map((e) => e.revision)).toEqual([3n, 4n, 5n, 6n]);
      expect(forwards.map((e) => (e.data as { i: number }).i)).toEqual([3, 4, 5, 6]);
      const backwards = await store.readStream(id, { direction: 'backwards', maxCount: 3 });
      expect(backwards.map((e) => e.revision)).toEqual([9n, 8n, 7n]);
      const from5 = await store.readStream(id, { direction: 'backwards', fromRevision: 5n, maxCount: 2 });
      expect(from5.map((e) => e.revision)).toEqual([5n, 4n]);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('keeps data and metadata as written', async () => {
      const id = stream();
      const written: EventToAppend = {
        id: randomUUID(),
        type: 'hour-claim.submitted.v1',
        data: { hours: 2.5, title: '公需科目：专业技术人员职业道德', nested: { list: [1, 'two', null] } },
        metadata: { actor: { userId: 'u1', orgId: 'o1', role: 'person' }, correlationId: 'c-1' },
      };
      await store.append(id, [written], { expectedRevision: 'no_stream' });
      const [read] = await store.readStream(id);
      expect(read).toMatchObject({
        id: written.id,
        streamId: id,
        revision: 0n,
        type: written.type,
        data: written.data,
        metadata: written.metadata,
      });
      expect(read?.recordedAt).toBeInstanceOf(Date);
    });

    it('reads $all after a position, with event-type and stream-prefix filters', async () => {
      const start = await store.headPosition();
      const tag = randomUUID().slice(0, 8);
      await store.append(`alpha_${tag}-1`, [event('alpha.made.v1'), event('alpha.changed.v1')], {
        expectedRevision: 'no_stream',
      });
      await store.append(`beta_${tag}-1`, [event('beta.made.v1')], { expectedRevision: 'no_stream' });
      await store.append(`alpha_${tag}-2`, [event('alpha.made.v1')], { expectedRevision: 'no_stream' });

      const everything = await collectAll(
        store,
        start,
        (seen) => seen.filter((e) => e.streamId.includes(tag)).length >= 4,
      );
      const mine = everything.filter((e) => e.streamId.includes(tag));
      expect(mine.map((e) => e.type)).toEqual([
        'alpha.made.v1',
        'alpha.changed.v1',
        'beta.made.v1',
        'alpha.made.v1',
      ]);
      for (let i = 1; i < everything.length; i++) {
        expect(comparePositions(everything[i - 1]?.position, everything[i]?.position)).toBeLessThan(0);
      }

      const byPrefix = await store.readAll({ after: start, filter: { streamPrefixes: [`alpha_${tag}`] } });
      expect(byPrefix.events.map((e) => e.streamId)).toEqual([
        `alpha_${tag}-1`,
        `alpha_${tag}-1`,
        `alpha_${tag}-2`,
      ]);
      const byType = await store.readAll({
        after: start,
        filter: { eventTypes: ['beta.made.v1'], streamPrefixes: [`beta_${tag}`] },
      });
      expect(byType.events).toHaveLength(1);
      // A filtered read still moves the checkpoint past what it scanned.
      expect(comparePositions(byType.position, byType.events[0]?.position)).toBeGreaterThanOrEqual(0);

      const paged = await store.readAll({ after: start, maxCount: 2 });
      expect(paged.events).toHaveLength(2);
      expect(paged.endOfAll).toBe(false);
      expect(paged.position).toBe(paged.events[1]?.position);
    });
  });

  describe('a subscriber under concurrent writers', () => {
    it('sees every committed event exactly once, in an order consistent with commits', async () => {
      const start = await store.headPosition();
      const tag = randomUUID().slice(0, 8);
      const committed = new Set<string>();
      const rolledBack = new Set<string>();

      // A transaction that takes its sequence number first and commits last.
      const early = [event('slow.committed.v1')];
      const held = harness.holdAppend ? await harness.holdAppend(`held_${tag}`, early) : undefined;

      let writersDone = false;
      const subscriber = collectAll(
        store,
        start,
        (seen) =>
          committed.size > 0 && [...committed].every((id) => seen.some((e) => e.id === id)) && writersDone,
        30_000,
      );

      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let n = 0; n < 25; n++) {
          const batch = [event('busy.wrote.v1', { w, n }), event('busy.wrote.v1', { w, n, second: true })];
          if (harness.holdAppend && n % 5 === 4) {
            const tx = await harness.holdAppend(`writer_${tag}-${w}-${n}`, batch);
            await new Promise((r) => setTimeout(r, 3));
            if (n % 10 === 9) {
              await tx.rollback();
              batch.forEach((e) => rolledBack.add(e.id));
            } else {
              await tx.commit();
              batch.forEach((e) => committed.add(e.id));
            }
          } else {
            await store.append(`writer_${tag}-${w}`, batch, { expectedRevision: 'any' });
            batch.forEach((e) => committed.add(e.id));
          }
        }
      });
      await Promise.all(writers);
      if (held) {
        await held.commit();
        early.forEach((e) => committed.add(e.id));
      }
      writersDone = true;

      const seen = (await subscriber).filter((e) => e.streamId.includes(tag));
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length); // exactly once
      expect(new Set(ids)).toEqual(committed); // every committed one, nothing rolled back
      for (const id of rolledBack) expect(ids).not.toContain(id);
      // Within each stream, revisions arrive in order and without gaps.
      const lastRevision = new Map<string, bigint>();
      for (const e of seen) {
        const previous = lastRevision.get(e.streamId) ?? -1n;
        expect(e.revision).toBe(previous + 1n);
        lastRevision.set(e.streamId, e.revision);
      }

      // A reader that restarts from a checkpoint taken before the late commit still gets it.
      const replay = (
        await collectAll(
          store,
          start,
          (s) => s.filter((e) => e.streamId.includes(tag)).length >= committed.size,
        )
      )
        .filter((e) => e.streamId.includes(tag))
        .map((e) => e.id);
      expect(replay).toEqual(ids);
    });
  });

  describe('stream metadata and soft delete', () => {
    it('keeps application metadata on a stream', async () => {
      const id = stream();
      expect(await store.getStreamMetadata(id)).toEqual({});
      await store.setStreamMetadata(id, { retention: 'permanent', owner: '芝罘区' });
      await store.append(id, [event()], { expectedRevision: 'no_stream' });
      expect(await store.getStreamMetadata(id)).toEqual({ retention: 'permanent', owner: '芝罘区' });
    });

    it('hides a soft-deleted stream and continues its revisions on the next append', async () => {
      const id = stream();
      await store.append(id, [event(), event()], { expectedRevision: 'no_stream' });
      await expect(store.deleteStream(id, { expectedRevision: 0n })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await store.deleteStream(id, { expectedRevision: 1n });
      expect(await store.readStream(id)).toEqual([]);
      expect(await store.streamRevision(id)).toBeNull();
      const again = await store.append(id, [event()], { expectedRevision: 'no_stream' });
      expect(again.nextExpectedRevision).toBe(2n);
      expect((await store.readStream(id)).map((e) => e.revision)).toEqual([2n]);
    });
  });

  describe('hash chain', () => {
    it('verifies intact chains and reports the first altered event with its stream and revision', async () => {
      const id = stream('chain');
      await store.append(
        id,
        Array.from({ length: 5 }, (_, i) => event('thing.chained.v1', { i })),
        { expectedRevision: 'no_stream' },
      );
      const events = await store.readStream(id);
      expect(events.every((e) => typeof e.hash === 'string' && e.hash.length === 64)).toBe(true);
      expect(new Set(events.map((e) => e.hash)).size).toBe(5);
      const intact = await store.verifyChain({ streamId: id });
      expect(intact).toEqual({ ok: true, checkedEvents: 5 });
      if (!harness.tamper) return;
      await harness.tamper(id, 3n);
      const verdict = await store.verifyChain({ streamId: id });
      expect(verdict.ok).toBe(false);
      expect(verdict.firstBroken).toMatchObject({ streamId: id, revision: '3' });
      const whole = await store.verifyChain();
      expect(whole.ok).toBe(false);
      expect(whole.firstBroken?.streamId).toBe(id);
    });
  });
}
