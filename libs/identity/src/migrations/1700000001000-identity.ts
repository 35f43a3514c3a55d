import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1700000001000 implements MigrationInterface {
  name = 'Identity1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_orgs (
      id uuid PRIMARY KEY, name text NOT NULL, kind text NOT NULL, parent_id uuid,
      unit_type text, sector text, base_type text, district_id uuid, department_id uuid,
      ancestors uuid[] NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX rm_orgs_parent ON rm_orgs (parent_id, kind)`);
    await q.query(`CREATE INDEX rm_orgs_ancestors ON rm_orgs USING gin (ancestors)`);
    await q.query(`CREATE TABLE rm_persons (
      id uuid PRIMARY KEY, name text NOT NULL, id_number_masked text NOT NULL, id_number_hash text NOT NULL,
      unit_id uuid NOT NULL, org_ancestors uuid[] NOT NULL, created_at timestamptz NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX rm_persons_id_number ON rm_persons (id_number_hash)`);
    await q.query(`CREATE INDEX rm_persons_unit ON rm_persons (unit_id, name)`);
    await q.query(`CREATE INDEX rm_persons_ancestors ON rm_persons USING gin (org_ancestors)`);
    await q.query(`CREATE TABLE rm_users (
      id uuid PRIMARY KEY, username text NOT NULL, display_name text NOT NULL, org_id uuid NOT NULL,
      roles text[] NOT NULL, person_id uuid)`);
    await q.query(`CREATE UNIQUE INDEX rm_users_username ON rm_users (lower(username))`);
    await q.query(`CREATE INDEX rm_users_org ON rm_users (org_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_users');
    await q.query('DROP TABLE rm_persons');
    await q.query('DROP TABLE rm_orgs');
  }
}
