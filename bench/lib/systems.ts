/**
 * The three systems the event-store benchmark compares, behind one small interface:
 * - `ours`: PostgresEventStore (libs/event-store);
 * - `raw`:  plain node-postgres statements against an equivalent single table (the floor);
 * - `peer`: @event-driven-io/emmett-postgresql.
 * Each gets its own database.
 */
import { randomUUID } from 'node:crypto';
import { dumbo, type Dumbo } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  postgreSQLEventStoreMessageBatchPuller,
  readMessagesBatch,
  type PostgresEventStore as PeerEventStore,
} from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
// The file itself, not the @ce/event-store barrel (tsx does map the alias), so that the bench
// only loads the PostgreSQL adapter and not whatever else the barrel re-exports.
import { PostgresEventStore } from '../../libs/event-store/src/postgres/postgres-event-store';
import { captureParsers, installParsers, type ParserSet } from './pg-parsers';

export type SystemKey = 'ours' | 'raw' | 'peer';

/** One writer: appends to its own streams, always with the exact expected revision it knows. */
export interface Writer {
  append(): Promise<void>;
}

export interface BenchSystem {
  readonly key: SystemKey;
  /** Makes this system's node-postgres type parsers current (see pg-parsers.ts). */
  activate(): void;
  /** A writer cycling over `streams` streams named `${prefix}-s<i>`, `eventsPerCall` events per append. */
  writer(prefix: string, streams: number, eventsPerCall: number): Writer;
  countEvents(): Promise<number>;
  vacuum(): Promise<void>;
  /**
   * Reads the whole `$all` in pages of `pageSize`; returns the number of events read and pushes
   * each event's id into `ids` (so that the caller can check for gaps and duplicates afterwards).
   */
  readAll(pageSize: number, ids: string[]): Promise<number>;
  /**
   * Catch-up from the start until `target` events were received, the reader reports the end of
   * `$all`, or `timeoutMs` passed (a guard: a live subscription never ends by itself); returns
   * the number of events received.
   */
  catchUp(target: number, pageSize: number, timeoutMs: number, ids: string[]): Promise<number>;
  /** How `catchUp` is implemented (reported for the peer). */
  readonly catchUpMethod: string;
  readonly readAllMethod: string;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The workload's events: the same shape and size for every system.

type HoursData = {
  learnerId: string;
  courseId: string;
  hours: number;
  category: string;
  approvedBy: string;
  seq: number;
};
type HoursMetadata = { correlationId: string; causationId: string };

interface BenchEvent {
  readonly id: string;
  readonly type: 'HoursRecorded';
  readonly data: HoursData;
  readonly metadata: HoursMetadata;
}

let sequence = 0;

export function makeEvents(count: number): BenchEvent[] {
  const events: BenchEvent[] = [];
  const correlationId = randomUUID();
  for (let i = 0; i < count; i++) {
    const seq = sequence++;
    events.push({
      id: randomUUID(),
      type: 'HoursRecorded',
      data: {
        learnerId: `L-${(seq % 50_000).toString().padStart(6, '0')}`,
        courseId: `C-${(seq % 397).toString().padStart(4, '0')}`,
        hours: (seq % 16) / 2,
        category: seq % 3 === 0 ? 'professional' : 'general',
        approvedBy: 'bench',
        seq,
      },
      metadata: { correlationId, causationId: correlationId },
    });
  }
  return events;
}

/** A writer over `streams` streams; `append` gets the last known state of the stream (null: new). */
function cyclingWriter<K>(
  prefix: string,
  streams: number,
  eventsPerCall: number,
  append: (streamId: string, events: BenchEvent[], known: K | null) => Promise<K>,
): Writer {
  const known: (K | null)[] = new Array<K | null>(streams).fill(null);
  let next = 0;
  return {
    async append() {
      const index = next;
      next = (next + 1) % streams;
      known[index] = await append(`${prefix}-s${index}`, makeEvents(eventsPerCall), known[index] ?? null);
    },
  };
}

// ---------------------------------------------------------------------------------------------

export class OursSystem implements BenchSystem {
  readonly key = 'ours';
  readonly catchUpMethod = 'subscribeToAll';
  readonly readAllMethod = 'readAll';

  private constructor(
    readonly store: PostgresEventStore,
    private readonly parsers: ParserSet,
  ) {}

  static async create(connectionString: string, parsers: ParserSet): Promise<OursSystem> {
    const store = new PostgresEventStore({ connectionString, pool: { max: 40 } });
    await store.migrate();
    return new OursSystem(store, parsers);
  }

  activate(): void {
    installParsers(this.parsers);
  }

  writer(prefix: string, streams: number, eventsPerCall: number): Writer {
    return cyclingWriter<bigint>(prefix, streams, eventsPerCall, async (streamId, events, known) => {
      const result = await this.store.append(streamId, events, {
        expectedRevision: known === null ? 'no_stream' : known,
      });
      return result.nextExpectedRevision;
    });
  }

  async countEvents(): Promise<number> {
    const result = await this.store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
    return result.rows[0]?.n ?? 0;
  }

  async vacuum(): Promise<void> {
    await this.store.pool.query('VACUUM (ANALYZE)');
  }

  async readAll(pageSize: number, ids: string[]): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: pageSize });
      count += page.events.length;
      for (const event of page.events) ids.push(event.id);
      after = page.position;
      if (page.endOfAll) return count;
    }
  }

  async catchUp(target: number, pageSize: number, timeoutMs: number, ids: string[]): Promise<number> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let received = 0;
    try {
      for await (const batch of this.store.subscribeToAll({
        maxCount: pageSize,
        signal: controller.signal,
      })) {
        received += batch.events.length;
        for (const event of batch.events) ids.push(event.id);
        if (received >= target) break;
      }
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return received;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

// ---------------------------------------------------------------------------------------------

const RAW_SCHEMA = `
CREATE TABLE events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id       text NOT NULL,
  revision        bigint NOT NULL,
  event_id        uuid NOT NULL UNIQUE,
  type            text NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
)`;

const RAW_COLUMNS = 6;

export class RawSystem implements BenchSystem {
  readonly key = 'raw';
  readonly catchUpMethod = 'keyset SELECT loop';
  readonly readAllMethod = 'keyset SELECT loop';
  private readonly insertSql = new Map<number, string>();

  private constructor(
    private readonly pool: Pool,
    private readonly parsers: ParserSet,
  ) {}

  static async create(connectionString: string, parsers: ParserSet): Promise<RawSystem> {
    const pool = new Pool({ connectionString, max: 40 });
    pool.on('error', () => undefined);
    await pool.query(RAW_SCHEMA);
    return new RawSystem(pool, parsers);
  }

  activate(): void {
    installParsers(this.parsers);
  }

  /** INSERT ... VALUES (...), (...): one autocommit statement for `rows` rows. */
  private sqlFor(rows: number): string {
    let sql = this.insertSql.get(rows);
    if (sql === undefined) {
      const tuples: string[] = [];
      for (let r = 0; r < rows; r++) {
        const b = r * RAW_COLUMNS;
        tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
      }
      sql = `INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES ${tuples.join(', ')}`;
      this.insertSql.set(rows, sql);
    }
    return sql;
  }

  writer(prefix: string, streams: number, eventsPerCall: number): Writer {
    return cyclingWriter<number>(prefix, streams, eventsPerCall, async (streamId, events, known) => {
      const first = known === null ? 0 : known + 1;
      const params: unknown[] = [];
      events.forEach((e, i) => {
        params.push(streamId, first + i, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
      });
      await this.pool.query(this.sqlFor(events.length), params);
      return first + events.length - 1;
    });
  }

  async countEvents(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    return result.rows[0]?.n ?? 0;
  }

  async vacuum(): Promise<void> {
    await this.pool.query('VACUUM (ANALYZE)');
  }

  private async keysetLoop(pageSize: number, target: number, ids: string[]): Promise<number> {
    let after = '0';
    let count = 0;
    for (;;) {
      const page = await this.pool.query<{ global_position: string | bigint; event_id: string }>(
        `SELECT global_position, stream_id, revision, event_id, type, data, metadata, recorded_at
           FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [after, pageSize],
      );
      count += page.rows.length;
      for (const row of page.rows) ids.push(row.event_id);
      const last = page.rows[page.rows.length - 1];
      if (last) after = String(last.global_position);
      if (page.rows.length < pageSize || count >= target) return count;
    }
  }

  readAll(pageSize: number, ids: string[]): Promise<number> {
    return this.keysetLoop(pageSize, Number.POSITIVE_INFINITY, ids);
  }

  /** Reads a finite table, so it needs no time guard. */
  catchUp(target: number, pageSize: number, _timeoutMs: number, ids: string[]): Promise<number> {
    return this.keysetLoop(pageSize, target, ids);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

// ---------------------------------------------------------------------------------------------

type PeerEvent = Event<'HoursRecorded', HoursData, HoursMetadata & { messageId: string }>;

export class PeerSystem implements BenchSystem {
  readonly key = 'peer';
  readonly readAllMethod = 'readMessagesBatch loop (after, batchSize)';
  readonly catchUpMethod: string;

  private constructor(
    private readonly pool: Pool,
    private readonly store: PeerEventStore,
    private readonly db: Dumbo,
    private readonly parsers: ParserSet,
  ) {
    this.catchUpMethod = `postgreSQLEventStoreMessageBatchPuller (the consumer's pulling loop, no processor/checkpoint layer; batchSize=<page>, pullingFrequencyInMs=0, startFrom=BEGINNING)`;
  }

  /** Creates the store; returns it with the peer's parser set, after restoring `defaults` globally. */
  static async create(connectionString: string, defaults: ParserSet): Promise<PeerSystem> {
    const pool = new Pool({ connectionString, max: 40 });
    pool.on('error', () => undefined);
    const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
    const db = dumbo({ connectionString, pool });
    await store.schema.migrate();
    const parsers = captureParsers();
    installParsers(defaults);
    return new PeerSystem(pool, store, db, parsers);
  }

  activate(): void {
    installParsers(this.parsers);
  }

  writer(prefix: string, streams: number, eventsPerCall: number): Writer {
    return cyclingWriter<bigint>(prefix, streams, eventsPerCall, async (streamName, events, known) => {
      const messages: PeerEvent[] = events.map((e) => ({
        type: e.type,
        data: e.data,
        metadata: { ...e.metadata, messageId: e.id },
      }));
      // Stream versions are 1-based counts here; 0n means "the stream must not exist yet".
      const result = await this.store.appendToStream<PeerEvent>(streamName, messages, {
        expectedStreamVersion: known ?? 0n,
      });
      return result.nextExpectedStreamVersion;
    });
  }

  async countEvents(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM emt_messages');
    return result.rows[0]?.n ?? 0;
  }

  async vacuum(): Promise<void> {
    await this.pool.query('VACUUM (ANALYZE)');
  }

  async readAll(pageSize: number, ids: string[]): Promise<number> {
    let after = 0n;
    let count = 0;
    for (;;) {
      const batch = await readMessagesBatch(this.db.execute, { after, batchSize: pageSize });
      count += batch.messages.length;
      for (const message of batch.messages) ids.push(message.metadata.messageId);
      after = batch.currentGlobalPosition;
      if (!batch.areMessagesLeft) return count;
    }
  }

  async catchUp(target: number, pageSize: number, timeoutMs: number, ids: string[]): Promise<number> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let received = 0;
    const puller = postgreSQLEventStoreMessageBatchPuller({
      executor: this.db.execute,
      batchSize: pageSize,
      pullingFrequencyInMs: 0,
      stopWhen: { noMessagesLeft: true },
      signal: controller.signal,
      eachBatch: (messages) => {
        received += messages.length;
        for (const message of messages) ids.push(message.metadata.messageId);
        return Promise.resolve(received >= target ? { type: 'STOP' as const } : undefined);
      },
    });
    try {
      await puller.start({ startFrom: 'BEGINNING' });
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return received;
  }

  /**
   * The full consumer + reactor machinery: what an emmett application would run. The reactor
   * stores a checkpoint per message inside a transaction per batch, so this is informational.
   */
  async consumerCatchUp(target: number, pageSize: number): Promise<number> {
    const consumer = this.store.consumer({
      pulling: { batchSize: pageSize, pullingFrequencyInMs: 0 },
      stopWhen: { noMessagesLeft: true },
    });
    let received = 0;
    consumer.reactor({
      processorId: `bench-${randomUUID()}`,
      eachMessage: () => {
        received++;
        return Promise.resolve(received >= target ? { type: 'STOP' as const } : undefined);
      },
    });
    try {
      await consumer.start();
    } finally {
      await consumer.close();
    }
    return received;
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}
