import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Audit1700000004000 implements MigrationInterface {
  name = 'Audit1700000004000';

  async up(q: QueryRunner): Promise<void> {
    // Signed digests over every stream head up to a position: evidence that no stream, event or
    // order has changed since, which a hash chain alone cannot give for a stream deleted whole.
    await q.query(`CREATE TABLE audit_checkpoints (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      position text NOT NULL,
      streams int NOT NULL,
      events bigint NOT NULL,
      digest text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    // The heads that changed since the previous checkpoint: lets the verifier name a stream that vanished.
    await q.query(`CREATE TABLE audit_checkpoint_heads (
      checkpoint_id bigint NOT NULL REFERENCES audit_checkpoints(id),
      stream_id text NOT NULL,
      revision bigint NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (checkpoint_id, stream_id))`);
    await q.query(
      `CREATE INDEX audit_checkpoint_heads_stream ON audit_checkpoint_heads (stream_id, checkpoint_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_checkpoint_heads');
    await q.query('DROP TABLE audit_checkpoints');
  }
}
