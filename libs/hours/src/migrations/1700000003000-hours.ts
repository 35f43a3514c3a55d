import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Hours1700000003000 implements MigrationInterface {
  name = 'Hours1700000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_hour_claims (
      id uuid PRIMARY KEY, person_id uuid NOT NULL, unit_id uuid NOT NULL, applicant_name text NOT NULL,
      year int NOT NULL, subject text NOT NULL, kind text NOT NULL, hours numeric(7,1) NOT NULL, title text NOT NULL,
      status text NOT NULL, make_up boolean NOT NULL, certificate_no text,
      submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX rm_hour_claims_person ON rm_hour_claims (person_id, year, status)`);
    await q.query(`CREATE INDEX rm_hour_claims_unit ON rm_hour_claims (unit_id, year, status)`);
    // Approved claims only: what the year ledger counts.
    await q.query(`CREATE TABLE rm_ledger_entries (
      claim_id uuid PRIMARY KEY, person_id uuid NOT NULL, year int NOT NULL, subject text NOT NULL,
      kind text NOT NULL, hours numeric(7,1) NOT NULL, make_up boolean NOT NULL, approved_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX rm_ledger_entries_person ON rm_ledger_entries (person_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_ledger_entries');
    await q.query('DROP TABLE rm_hour_claims');
  }
}
