import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificates1700000008200 implements MigrationInterface {
  name = 'Certificates1700000008200';

  async up(q: QueryRunner): Promise<void> {
    // The public verification page looks certificates up by code; the code is the only key it knows.
    await q.query(`CREATE TABLE rm_certificates (
      code text PRIMARY KEY, stream_id text NOT NULL, person_id uuid NOT NULL, year int NOT NULL,
      status text NOT NULL CHECK (status IN ('valid', 'revoked')),
      name text NOT NULL, unit_id uuid NOT NULL, unit_name text NOT NULL, issuer_name text NOT NULL,
      public_hours numeric(7,1) NOT NULL, professional_hours numeric(7,1) NOT NULL, total_hours numeric(7,1) NOT NULL,
      issued_at timestamptz NOT NULL, issued_by text NOT NULL,
      revoked_at timestamptz, revoked_reason text, revoked_by_claim_id uuid,
      position text NOT NULL)`);
    await q.query(`CREATE INDEX rm_certificates_person_year ON rm_certificates (person_id, year)`);
    await q.query(`CREATE TABLE pm_certificate_revocations (
      event_id uuid PRIMARY KEY, claim_id uuid NOT NULL, person_id uuid, year int, certificate_code text,
      outcome text NOT NULL, position text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pm_certificate_revocations');
    await q.query('DROP TABLE rm_certificates');
  }
}
