import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Annual training plans (培训方案): the read model `rm_training_plans`, and `content_blobs`, the
 * content-addressed store of uploaded files. `content_blobs` is primary data (the events name a
 * file only by its SHA-256): no projection owns it, a rebuild never touches it.
 */
export class TrainingPlans1700000008000 implements MigrationInterface {
  name = 'TrainingPlans1700000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS content_blobs (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'), bytes bytea NOT NULL,
      size int NOT NULL CHECK (size >= 0), content_type text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE rm_training_plans (
      id uuid PRIMARY KEY, year int NOT NULL, org_id uuid NOT NULL, org_name text NOT NULL, district_id uuid,
      file_name text NOT NULL, sha256 text NOT NULL, size int NOT NULL, status text NOT NULL, submitted_by uuid,
      submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX rm_training_plans_org ON rm_training_plans (org_id, year, status)`);
    await q.query(`CREATE INDEX rm_training_plans_year ON rm_training_plans (year, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_training_plans');
    await q.query('DROP TABLE content_blobs');
  }
}
