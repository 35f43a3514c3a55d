import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StreamIndex1700000000001 implements MigrationInterface {
  name = 'StreamIndex1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_stream_index (
      stream_id text PRIMARY KEY,
      category text NOT NULL,
      revision bigint NOT NULL,
      event_count bigint NOT NULL,
      last_event_type text NOT NULL,
      last_position text NOT NULL,
      last_recorded_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX rm_stream_index_category ON rm_stream_index (category, last_recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_stream_index');
  }
}
