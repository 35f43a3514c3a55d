import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type EventStore, comparePositions, decodePosition } from '@ce/event-store';
import type { DataSource, EntityManager } from 'typeorm';

export interface CheckpointRecord {
  readonly id: string;
  readonly position: string;
  readonly streams: number;
  readonly events: number;
  readonly digest: string;
  readonly signature: string;
  readonly keyId: string;
  readonly createdAt: Date;
}

export interface CheckpointProblem {
  readonly checkpointId: string;
  readonly streamId: string | null;
  readonly revision: string | null;
  readonly reason: string;
}

export const keyIdOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

const signedText = (c: Pick<CheckpointRecord, 'position' | 'streams' | 'events' | 'digest'>): string =>
  `${c.position}\n${c.streams}\n${c.events}\n${c.digest}`;

/** The heads of every stream as of a position, and their digest, computed from the event rows. */
const HEADS_AT = `
  SELECT DISTINCT ON (e.stream_id) e.stream_id, e.revision, encode(e.hash, 'hex') AS hash
    FROM es_events e
   WHERE (e.tx_id, e.global_position) <= ($1::xid8, $2::bigint)
   ORDER BY e.stream_id, e.revision DESC`;

async function digestAt(db: DataSource | EntityManager, position: string) {
  const { txId, globalPosition } = decodePosition(position);
  const rows: { digest: string | null; streams: number; events: string }[] = await db.query(
    `SELECT encode(sha256(convert_to(coalesce(string_agg(h.stream_id || ':' || h.revision || ':' || h.hash, E'\\n'
              ORDER BY h.stream_id), ''), 'UTF8')), 'hex') AS digest,
            count(*)::int AS streams,
            (SELECT count(*) FROM es_events e WHERE (e.tx_id, e.global_position) <= ($1::xid8, $2::bigint))::text AS events
       FROM (${HEADS_AT}) h`,
    [txId, globalPosition],
  );
  const row = rows[0];
  return { digest: row?.digest ?? '', streams: row?.streams ?? 0, events: Number(row?.events ?? 0) };
}

/**
 * Signed checkpoints over all stream heads (PostgreSQL event store): written periodically by the
 * worker; verification recomputes each digest from the event rows and checks its signature.
 */
export class AuditCheckpoints {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly key: string,
  ) {}

  async create(): Promise<CheckpointRecord | null> {
    const position = await this.store.headPosition();
    if (position === null) return null;
    return this.dataSource.transaction(async (manager) => {
      // One writer at a time, so deltas chain from the previous checkpoint without gaps.
      await manager.query(`SELECT pg_advisory_xact_lock(724300, 4000)`);
      const previous: { id: string; position: string }[] = await manager.query(
        `SELECT id::text, position FROM audit_checkpoints ORDER BY id DESC LIMIT 1`,
      );
      const last = previous[0];
      if (last && comparePositions(position, last.position) <= 0) return null;
      const summary = await digestAt(manager, position);
      const record = { position, ...summary };
      const signature = createHmac('sha256', this.key).update(signedText(record)).digest('hex');
      const inserted: { id: string; created_at: Date }[] = await manager.query(
        `INSERT INTO audit_checkpoints (position, streams, events, digest, signature, key_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text, created_at`,
        [position, record.streams, record.events, record.digest, signature, keyIdOf(this.key)],
      );
      const id = inserted[0]?.id ?? '';
      const from = decodePosition(last?.position ?? null);
      const to = decodePosition(position);
      await manager.query(
        `INSERT INTO audit_checkpoint_heads (checkpoint_id, stream_id, revision, hash)
         SELECT $5, h.stream_id, h.revision, h.hash FROM (
           SELECT DISTINCT ON (e.stream_id) e.stream_id, e.revision, encode(e.hash, 'hex') AS hash
             FROM es_events e
            WHERE (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
              AND (e.tx_id, e.global_position) <= ($3::xid8, $4::bigint)
            ORDER BY e.stream_id, e.revision DESC) h`,
        [from.txId, from.globalPosition, to.txId, to.globalPosition, id],
      );
      return {
        id,
        ...record,
        signature,
        keyId: keyIdOf(this.key),
        createdAt: inserted[0]?.created_at ?? new Date(),
      };
    });
  }

  async list(limit = 100): Promise<CheckpointRecord[]> {
    const rows: {
      id: string;
      position: string;
      streams: number;
      events: string;
      digest: string;
      signature: string;
      key_id: string;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id::text, position, streams, events::text, digest, signature, key_id, created_at
         FROM audit_checkpoints ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      position: r.position,
      streams: r.streams,
      events: Number(r.events),
      digest: r.digest,
      signature: r.signature,
      keyId: r.key_id,
      createdAt: r.created_at,
    }));
  }

  /** Checks the newest checkpoints: signature, then the digest against the rows as they are now. */
  async verify(limit = 10): Promise<{ checked: number; problem?: CheckpointProblem }> {
    const checkpoints = await this.list(limit);
    for (const checkpoint of checkpoints) {
      const expected = createHmac('sha256', this.key).update(signedText(checkpoint)).digest();
      const given = Buffer.from(checkpoint.signature, 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return {
          checked: checkpoints.length,
          problem: {
            checkpointId: checkpoint.id,
            streamId: null,
            revision: null,
            reason: 'checkpoint signature invalid',
          },
        };
      }
      const now = await digestAt(this.dataSource, checkpoint.position);
      if (now.digest !== checkpoint.digest) {
        return { checked: checkpoints.length, problem: await this.locate(checkpoint) };
      }
    }
    return { checked: checkpoints.length };
  }

  /** Which stream no longer matches the heads recorded up to a checkpoint. */
  private async locate(checkpoint: CheckpointRecord): Promise<CheckpointProblem> {
    const { txId, globalPosition } = decodePosition(checkpoint.position);
    const rows: { stream_id: string; revision: string; actual_revision: string | null; reason: string }[] =
      await this.dataSource.query(
        `WITH recorded AS (
           SELECT DISTINCT ON (stream_id) stream_id, revision, hash FROM audit_checkpoint_heads
            WHERE checkpoint_id <= $3 ORDER BY stream_id, checkpoint_id DESC),
         actual AS (${HEADS_AT})
         SELECT r.stream_id, r.revision::text, a.revision::text AS actual_revision,
                CASE WHEN a.stream_id IS NULL THEN 'stream deleted'
                     WHEN a.revision < r.revision THEN 'events missing at the end of the stream'
                     ELSE 'event altered' END AS reason
           FROM recorded r LEFT JOIN actual a ON a.stream_id = r.stream_id
          WHERE a.stream_id IS NULL OR a.revision <> r.revision OR a.hash <> r.hash
          ORDER BY r.stream_id LIMIT 1`,
        [txId, globalPosition, checkpoint.id],
      );
    const row = rows[0];
    return row
      ? { checkpointId: checkpoint.id, streamId: row.stream_id, revision: row.revision, reason: row.reason }
      : {
          checkpointId: checkpoint.id,
          streamId: null,
          revision: null,
          reason: 'digest differs (recorded heads altered)',
        };
  }
}
