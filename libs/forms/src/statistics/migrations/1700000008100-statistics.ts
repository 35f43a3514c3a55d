import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Statistics1700000008100 implements MigrationInterface {
  name = 'Statistics1700000008100';

  async up(q: QueryRunner): Promise<void> {
    // Every submitted statistics report (附件3, 附件4) with its review status; the deadline obligations
    // ask it whether an organisation has reported a form for a year.
    await q.query(`CREATE TABLE rm_statistics_reports (
      id uuid PRIMARY KEY, year int NOT NULL, org_id uuid NOT NULL, org_name text NOT NULL, district_id uuid,
      form text NOT NULL, status text NOT NULL, funding_wan numeric(14,2) NOT NULL, rows jsonb NOT NULL,
      submitted_by uuid, submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(
      `CREATE INDEX rm_statistics_reports_org ON rm_statistics_reports (org_id, year, form, status)`,
    );
    await q.query(
      `CREATE INDEX rm_statistics_reports_year ON rm_statistics_reports (year, form, status, district_id)`,
    );
    // Approved reports only, one row per field: what the aggregation sums. Counts in the form's column
    // order: 附件3 (urgentTalent, jobTraining, overseas), 附件4 (total, nonPublic, 0).
    await q.query(`CREATE TABLE rm_statistics_field_totals (
      report_id uuid NOT NULL, year int NOT NULL, form text NOT NULL, org_id uuid NOT NULL, district_id uuid,
      position int NOT NULL, grp text, field text NOT NULL,
      this_1 int NOT NULL, this_2 int NOT NULL, this_3 int NOT NULL,
      next_1 int NOT NULL, next_2 int NOT NULL, next_3 int NOT NULL,
      PRIMARY KEY (report_id, field))`);
    await q.query(
      `CREATE INDEX rm_statistics_field_totals_year ON rm_statistics_field_totals (year, form, district_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_statistics_field_totals');
    await q.query('DROP TABLE rm_statistics_reports');
  }
}
