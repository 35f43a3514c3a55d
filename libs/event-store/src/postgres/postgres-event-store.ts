import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type PoolConfig } from 'pg';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import type {
  AllFilter,
  AppendOptions,
  AppendResult,
  ChainVerification,
  EventStore,
  EventToAppend,
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
import { migrateEventStore } from './migrate';
import { decodePosition, encodePosition } from './positions';
import { CANONICAL_EVENT_SQL } from './schema';

interface AppendRow {
  status: string;
  revision: string | null;
  tx_id: string | null;
  global_position: string | null;
}

interface EventRow {
  global_position: string;
  tx_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: JsonValue;
  metadata: JsonObject;
  recorded_at: Date;
  hash: Buffer;
}

const EVENT_COLUMNS = `e.global_position::text AS global_position, e.tx_id::text AS tx_id, e.stream_id,
  e.revision::text AS revision, e.event_id::text AS event_id, e.type, e.data, e.metadata, e.recorded_at, e.hash`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly pool?: Omit<PoolConfig, 'connectionString'>;
  /** Observes every successful append (metrics). */
  readonly onAppend?: (streamId: string, count: number, ms: number) => void;
}

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  readonly pool: Pool;
  private readonly onAppend?: PostgresEventStoreOptions['onAppend'];

  constructor(options: PostgresEventStoreOptions) {
    this.pool = new Pool({
      max: 20,
      // A session idle inside a transaction holds back every $all reader: end it.
      options: '-c idle_in_transaction_session_timeout=60000',
      ...options.pool,
      connectionString: options.connectionString,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.onAppend = options.onAppend;
  }

  migrate(): Promise<number[]> {
    return migrateEventStore(this.pool);
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new InvalidAppendError(`Stream ${streamId}: nothing to append`);
    if (streamId.length === 0 || streamId.startsWith('$')) {
      throw new InvalidAppendError(`Invalid stream name: "${streamId}"`);
    }
    for (const event of events) {
      if (!UUID.test(event.id)) throw new InvalidAppendError(`Event id is not a UUID: ${event.id}`);
      if (event.type.length === 0) throw new InvalidAppendError('Event type is empty');
    }
    const expected = options.expectedRevision;
    const started = performance.now();
    let rows: {
      status: string;
      revision: string | null;
      tx_id: string | null;
      global_position: string | null;
    }[];
    try {
      const expectedKind = typeof expected === 'bigint' ? 'exact' : expected;
      const expectedRevision = typeof expected === 'bigint' ? expected.toString() : null;
      const [single] = events;
      const result =
        events.length === 1 && single
          ? await this.pool.query<AppendRow>({
              name: 'es_append_one',
              text: `SELECT status, revision::text AS revision, tx_id::text AS tx_id, global_position::text AS global_position
                       FROM es_append_one($1, $2, $3, $4, $5, $6, $7)`,
              values: [
                streamId,
                expectedKind,
                expectedRevision,
                single.id,
                single.type,
                JSON.stringify(single.data),
                JSON.stringify(single.metadata ?? {}),
              ],
            })
          : await this.pool.query<AppendRow>({
              name: 'es_append',
              text: `SELECT status, revision::text AS revision, tx_id::text AS tx_id, global_position::text AS global_position
                       FROM es_append($1, $2, $3, $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])`,
              values: [
                streamId,
                expectedKind,
                expectedRevision,
                events.map((e) => e.id),
                events.map((e) => e.type),
                events.map((e) => JSON.stringify(e.data)),
                events.map((e) => JSON.stringify(e.metadata ?? {})),
              ],
            });
      rows = result.rows;
    } catch (error) {
      // A reused event id: an idempotent retry of a single-event append, or a real duplicate.
      if ((error as { constraint?: string }).constraint === 'es_events_event_id') {
        rows = await this.replayed(streamId, events);
      } else {
        throw error;
      }
    }
    if (rows[0]?.status === 'conflict' && events.length === 1) {
      const replay = await this.replayed(streamId, events);
      if (replay[0]?.status === 'replayed') rows = replay;
    }
    const row = rows[0];
    if (!row) throw new Error('es_append returned nothing');
    switch (row.status) {
      case 'conflict':
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          row.revision === null ? null : BigInt(row.revision),
        );
      case 'duplicate':
        throw new DuplicateEventIdError(
          streamId,
          events.map((e) => e.id),
        );
      case 'ok':
      case 'replayed': {
        if (row.revision === null || row.tx_id === null || row.global_position === null) {
          throw new Error(`es_append returned an incomplete row for ${streamId}`);
        }
        if (row.status === 'ok') this.onAppend?.(streamId, events.length, performance.now() - started);
        return {
          nextExpectedRevision: BigInt(row.revision),
          position: encodePosition(row.tx_id, row.global_position),
          idempotentReplay: row.status === 'replayed',
        };
      }
      default:
        throw new Error(`es_append returned unknown status ${row.status}`);
    }
  }

  private async replayed(streamId: string, events: readonly EventToAppend[]): Promise<AppendRow[]> {
    const result = await this.pool.query<AppendRow>(
      `SELECT status, revision::text AS revision, tx_id::text AS tx_id, global_position::text AS global_position
         FROM es_replayed($1, $2::uuid[])`,
      [streamId, events.map((e) => e.id)],
    );
    return result.rows;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? null;
    const from = options.fromRevision ?? null;
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS}
         FROM es_events e JOIN es_streams s ON s.stream_id = e.stream_id
        WHERE e.stream_id = $1 AND e.revision >= s.truncate_before AND NOT s.deleted
          AND ($2::bigint IS NULL OR ${backwards ? 'e.revision <= $2' : 'e.revision >= $2'})
        ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'}
        LIMIT $3`,
      [streamId, from === null ? null : from.toString(), limit],
    );
    return result.rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    const result = await this.pool.query<{ revision: string }>(
      `SELECT revision::text AS revision FROM es_streams WHERE stream_id = $1 AND NOT deleted AND revision >= 0`,
      [streamId],
    );
    const row = result.rows[0];
    return row ? BigInt(row.revision) : null;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const { txId, globalPosition } = decodePosition(options.after);
    const limit = options.maxCount ?? 1000;
    const filter = options.filter;
    const filtered = Boolean(filter?.eventTypes?.length || filter?.streamPrefixes?.length);
    if (!filtered) {
      const result = await this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM es_events e
          WHERE (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
            AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY e.tx_id, e.global_position
          LIMIT $3`,
        [txId, globalPosition, limit],
      );
      const events = result.rows.map(toRecorded);
      const last = events[events.length - 1];
      return {
        events,
        position: last ? last.position : (options.after ?? null),
        endOfAll: events.length < limit,
      };
    }
    // One statement, one snapshot: the page and how far the scan reached agree with each other.
    const { clause, params } = filterClause(filter, 4);
    const result = await this.pool.query<EventRow & { kind: string }>(
      `WITH b AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
       page AS (
         SELECT ${EVENT_COLUMNS}, e.tx_id AS sort_tx, e.global_position AS sort_pos
           FROM es_events e, b
          WHERE (e.tx_id, e.global_position) > ($1::xid8, $2::bigint) AND e.tx_id < b.xmin ${clause}
          ORDER BY e.tx_id, e.global_position
          LIMIT $3),
       head AS (
         SELECT e.tx_id, e.global_position FROM es_events e, b
          WHERE e.tx_id < b.xmin ORDER BY e.tx_id DESC, e.global_position DESC LIMIT 1)
       SELECT 'e' AS kind, global_position, tx_id, stream_id, revision, event_id, type, data, metadata, recorded_at, hash,
              sort_tx, sort_pos FROM page
       UNION ALL
       SELECT 'h', head.global_position::text, head.tx_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
              head.tx_id, head.global_position FROM head
       ORDER BY 1, 12, 13`,
      [txId, globalPosition, limit, ...params],
    );
    const events: RecordedEvent[] = [];
    let head: string | null = null;
    for (const row of result.rows) {
      if (row.kind === 'h') head = encodePosition(row.tx_id, row.global_position);
      else events.push(toRecorded(row));
    }
    const last = events[events.length - 1];
    if (events.length === limit && last) return { events, position: last.position, endOfAll: false };
    const reached = comparePositions(head, options.after) > 0 ? head : (options.after ?? null);
    return { events, position: reached, endOfAll: true };
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<SubscriptionBatch> {
    const pollMs = options.pollIntervalMs ?? 50;
    let after = options.after ?? null;
    const signal = options.signal;
    while (!signal?.aborted) {
      const page = await this.readAll({
        after,
        maxCount: options.maxCount ?? 1000,
        ...(options.filter ? { filter: options.filter } : {}),
      });
      const advanced = comparePositions(page.position, after) > 0;
      if (advanced) after = page.position;
      if (page.events.length > 0 || advanced) {
        yield { events: page.events, position: page.position, caughtUp: page.endOfAll };
      }
      if (page.endOfAll) {
        try {
          await sleep(pollMs, undefined, signal ? { signal } : undefined);
        } catch {
          return; // aborted
        }
      }
    }
  }

  async headPosition(): Promise<string | null> {
    const result = await this.pool.query<{ tx_id: string; global_position: string }>(
      `SELECT e.tx_id::text AS tx_id, e.global_position::text AS global_position FROM es_events e
        WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.tx_id DESC, e.global_position DESC LIMIT 1`,
    );
    const row = result.rows[0];
    return row ? encodePosition(row.tx_id, row.global_position) : null;
  }

  async countEventsAfter(after: string | null, limit: number): Promise<number> {
    const { txId, globalPosition } = decodePosition(after);
    const result = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM es_events e
          WHERE (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
            AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          LIMIT $3) t`,
      [txId, globalPosition, limit],
    );
    return result.rows[0]?.n ?? 0;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    const result = await this.pool.query<{ metadata: StreamMetadata }>(
      'SELECT metadata FROM es_streams WHERE stream_id = $1',
      [streamId],
    );
    return result.rows[0]?.metadata ?? {};
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_streams (stream_id, metadata) VALUES ($1, $2::jsonb)
       ON CONFLICT (stream_id) DO UPDATE SET metadata = EXCLUDED.metadata, updated_at = now()`,
      [streamId, JSON.stringify(metadata)],
    );
  }

  async deleteStream(streamId: string, options: AppendOptions): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const found = await client.query<{ revision: string; deleted: boolean }>(
        'SELECT revision::text AS revision, deleted FROM es_streams WHERE stream_id = $1 FOR UPDATE',
        [streamId],
      );
      const row = found.rows[0];
      const current = row && !row.deleted && BigInt(row.revision) >= 0n ? BigInt(row.revision) : null;
      const expected = options.expectedRevision;
      const mismatch =
        (expected === 'no_stream' && current !== null) ||
        (expected === 'stream_exists' && current === null) ||
        (typeof expected === 'bigint' && current !== expected);
      if (mismatch) throw new WrongExpectedRevisionError(streamId, expected, current);
      if (current !== null) {
        await client.query(
          `UPDATE es_streams SET deleted = true, truncate_before = revision + 1, updated_at = now() WHERE stream_id = $1`,
          [streamId],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async verifyChain(options: { streamId?: string } = {}): Promise<ChainVerification> {
    const streamId = options.streamId ?? null;
    const broken = await this.pool.query<{ stream_id: string; revision: string; reason: string }>(
      `SELECT stream_id, revision::text AS revision, reason FROM (
         SELECT e.stream_id, e.revision, e.global_position,
                CASE
                  WHEN e.revision <> coalesce(lag(e.revision) OVER w + 1, 0) THEN 'revision gap or reorder'
                  WHEN e.hash <> sha256(coalesce(lag(e.hash) OVER w, '\\x'::bytea) || ${CANONICAL_EVENT_SQL})
                    THEN 'hash mismatch'
                END AS reason
           FROM es_events e
          WHERE $1::text IS NULL OR e.stream_id = $1
         WINDOW w AS (PARTITION BY e.stream_id ORDER BY e.revision)
       ) t
       WHERE reason IS NOT NULL
       ORDER BY global_position
       LIMIT 1`,
      [streamId],
    );
    const count = await this.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM es_events WHERE $1::text IS NULL OR stream_id = $1',
      [streamId],
    );
    const checkedEvents = Number(count.rows[0]?.n ?? 0);
    const first = broken.rows[0];
    if (first) {
      return {
        ok: false,
        checkedEvents,
        firstBroken: { streamId: first.stream_id, revision: first.revision, reason: first.reason },
      };
    }
    // The stream's head must still be there: a deleted last event leaves the head pointing past the rows.
    const heads = await this.pool.query<{ stream_id: string; revision: string }>(
      `SELECT s.stream_id, s.revision::text AS revision FROM es_streams s
         LEFT JOIN LATERAL (SELECT e.hash FROM es_events e WHERE e.stream_id = s.stream_id
                             ORDER BY e.revision DESC LIMIT 1) last ON true
        WHERE ($1::text IS NULL OR s.stream_id = $1) AND s.revision >= 0
          AND last.hash IS DISTINCT FROM s.last_hash
        ORDER BY s.stream_id LIMIT 1`,
      [streamId],
    );
    const head = heads.rows[0];
    if (head) {
      return {
        ok: false,
        checkedEvents,
        firstBroken: {
          streamId: head.stream_id,
          revision: head.revision,
          reason: 'events missing at the end of the stream',
        },
      };
    }
    return { ok: true, checkedEvents };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: encodePosition(row.tx_id, row.global_position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    hash: row.hash.toString('hex'),
  };
}

function filterClause(
  filter: AllFilter | undefined,
  firstParam: number,
): { clause: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter?.eventTypes?.length) {
    params.push(filter.eventTypes);
    parts.push(`e.type = ANY ($${firstParam + params.length - 1}::text[])`);
  }
  if (filter?.streamPrefixes?.length) {
    params.push(filter.streamPrefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    parts.push(`e.stream_id LIKE ANY ($${firstParam + params.length - 1}::text[])`);
  }
  return { clause: parts.map((p) => ` AND ${p}`).join(''), params };
}
