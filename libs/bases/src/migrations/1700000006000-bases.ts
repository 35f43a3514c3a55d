import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Bases1700000006000 implements MigrationInterface {
  name = 'Bases1700000006000';

  async up(q: QueryRunner): Promise<void> {
    // One row per base and year: counts only; what they mean on a given day is decided at query time.
    await q.query(`CREATE TABLE rm_base_years (
      base_id uuid NOT NULL, year int NOT NULL, base_name text NOT NULL, base_type text NOT NULL,
      trainees int NOT NULL DEFAULT 0, registrations int NOT NULL DEFAULT 0, research_projects int NOT NULL DEFAULT 0,
      last_registered_at timestamptz, assessed_result text, assessment jsonb,
      PRIMARY KEY (base_id, year))`);
    await q.query(`CREATE INDEX rm_base_years_year ON rm_base_years (year)`);
    // Distinct trainees: one row per person (hash of the 身份证号) and base year.
    await q.query(`CREATE TABLE rm_base_trainees (
      base_id uuid NOT NULL, year int NOT NULL, id_number_hash text NOT NULL,
      PRIMARY KEY (base_id, year, id_number_hash))`);
    // The hours process manager's memory: each registration it has handled, and the claim it started.
    await q.query(`CREATE TABLE pm_base_claims (
      registration_key text PRIMARY KEY, stream_id text NOT NULL, person_id uuid, claim_id uuid,
      outcome text NOT NULL, registered_at timestamptz NOT NULL)`);
    await q.query(
      `CREATE INDEX pm_base_claims_claim ON pm_base_claims (claim_id) WHERE claim_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pm_base_claims');
    await q.query('DROP TABLE rm_base_trainees');
    await q.query('DROP TABLE rm_base_years');
  }
}
