import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Projects1700000005500 implements MigrationInterface {
  name = 'Projects1700000005500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_training_projects (
      id uuid PRIMARY KEY, year int NOT NULL, organizer_org_id uuid NOT NULL, organizer_name text NOT NULL,
      district_id uuid, name text NOT NULL, hours numeric(7,1) NOT NULL, start_date date NOT NULL,
      end_date date NOT NULL, place text NOT NULL, audience text NOT NULL, contact text NOT NULL,
      city_wide boolean NOT NULL, source text NOT NULL, status text NOT NULL, submitted_by uuid,
      submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(
      `CREATE INDEX rm_training_projects_organizer ON rm_training_projects (organizer_org_id, year, status)`,
    );
    await q.query(`CREATE INDEX rm_training_projects_year ON rm_training_projects (year, status)`);
    // Approved projects only: the published 附件1.
    await q.query(`CREATE TABLE rm_catalogue (
      id uuid PRIMARY KEY, year int NOT NULL, organizer_org_id uuid NOT NULL, organizer_name text NOT NULL,
      name text NOT NULL, hours numeric(7,1) NOT NULL, start_date date NOT NULL, end_date date NOT NULL,
      place text NOT NULL, audience text NOT NULL, contact text NOT NULL, city_wide boolean NOT NULL,
      approved_by uuid, approved_at timestamptz NOT NULL, district_id uuid)`);
    await q.query(`CREATE INDEX rm_catalogue_year ON rm_catalogue (year, city_wide, start_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_catalogue');
    await q.query('DROP TABLE rm_training_projects');
  }
}
