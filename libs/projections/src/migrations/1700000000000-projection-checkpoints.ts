import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionCheckpoints1700000000000 implements MigrationInterface {
  name = 'ProjectionCheckpoints1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projection_checkpoints (
      name text PRIMARY KEY,
      position text,
      events_applied bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_checkpoints');
  }
}
