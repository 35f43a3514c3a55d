import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Approvals1700000002000 implements MigrationInterface {
  name = 'Approvals1700000002000';

  async up(q: QueryRunner): Promise<void> {
    // One row per flow: its steps and summary, so task rows can be written without reading streams.
    await q.query(`CREATE TABLE rm_flows (
      stream_id text PRIMARY KEY, subject_type text NOT NULL, subject_id text NOT NULL,
      steps jsonb NOT NULL, summary jsonb, status text NOT NULL, policy_version text NOT NULL,
      submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    // One row per open task: everything the inbox filters and sorts on, no joins at query time.
    await q.query(`CREATE TABLE rm_tasks (
      id text PRIMARY KEY, stream_id text NOT NULL, subject_type text NOT NULL, subject_id text NOT NULL,
      level text NOT NULL, org_id uuid NOT NULL, district_id uuid, status text NOT NULL, claimed_by text,
      created_at timestamptz NOT NULL, due_at timestamptz NOT NULL, year int, applicant_name text, person_id uuid,
      hours numeric(7,1), title text NOT NULL, urged_count int NOT NULL DEFAULT 0, last_urged_at timestamptz)`);
    await q.query(`CREATE INDEX rm_tasks_inbox ON rm_tasks (org_id, due_at, id)`);
    await q.query(`CREATE INDEX rm_tasks_stream ON rm_tasks (stream_id)`);
    await q.query(`CREATE INDEX rm_tasks_district ON rm_tasks (district_id, due_at)`);
    // Inbox counts kept as counters, so a count never scans an organisation's whole queue.
    await q.query(`CREATE TABLE rm_task_counts (
      org_id uuid NOT NULL, level text NOT NULL, subject_type text NOT NULL, year int NOT NULL, status text NOT NULL,
      n int NOT NULL, PRIMARY KEY (org_id, level, subject_type, year, status))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_task_counts');
    await q.query('DROP TABLE rm_tasks');
    await q.query('DROP TABLE rm_flows');
  }
}
