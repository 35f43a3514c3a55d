import { FLOW_EVENT_TYPES } from '@ce/approval/domain';
import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import { type StatisticsForm, formFields } from '../domain/forms';
import { type ReportRow, countsOf } from '../domain/report.rules';
import type {
  StatisticsReportEvent,
  StatisticsReportRecord,
} from '../statistics-report/statistics-report.decider';

const PREFIX = 'statistics-report-';

interface ReportRm {
  id: string;
  year: number;
  orgId: string;
  orgName: string;
  districtId: string | null;
  form: StatisticsForm;
  status: string;
  fundingWan: number;
  rows: readonly ReportRow[];
  submittedBy: string | null;
  submittedAt: Date;
  updatedAt: Date;
  /** Status when the batch began (null: not in the table yet). */
  statusBefore: string | null;
  changed: boolean;
}

/**
 * Statistics reports with their status (rm_statistics_reports), and the approved ones' per-field
 * numbers (rm_statistics_field_totals) that the aggregation sums. A batch is folded per report in
 * memory and written set-wise: one read and at most three writes per batch, whatever its size.
 */
export const statisticsProjection: Projection = {
  name: 'statistics-reports',
  tables: ['rm_statistics_reports', 'rm_statistics_field_totals'],
  eventTypes: ['statistics-report.submitted.v1', 'statistics-report.amended.v1', ...FLOW_EVENT_TYPES],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const mine = events.filter((e) => e.streamId.startsWith(PREFIX));
    if (mine.length === 0) return;
    const reports = await loadReports(manager, [
      ...new Set(mine.map((e) => e.streamId.slice(PREFIX.length))),
    ]);

    for (const recorded of mine) {
      const reportId = recorded.streamId.slice(PREFIX.length);
      const event = toDomainEvent<StatisticsReportEvent>(recorded);
      const at = recorded.recordedAt;
      const existing = reports.get(reportId);
      const status = (value: string) => {
        if (existing) Object.assign(existing, { status: value, updatedAt: at, changed: true });
      };
      switch (event.type) {
        case 'statistics-report.submitted.v1':
        case 'statistics-report.amended.v1':
          reports.set(reportId, fromRecord(event.data, existing, recorded));
          break;
        case 'approval.submitted.v1':
        case 'approval.step-approved.v1':
        case 'approval.resubmitted.v1':
          status(event.data.current === null ? 'approved' : 'in_review');
          break;
        case 'approval.returned.v1':
          status(event.data.current === null ? 'returned' : 'in_review');
          break;
        case 'approval.rejected.v1':
          status('rejected');
          break;
        case 'approval.withdrawn.v1':
          status('withdrawn');
          break;
        case 'approval.commented.v1':
        case 'approval.task-claimed.v1':
        case 'approval.task-released.v1':
        case 'approval.task-transferred.v1':
        case 'approval.urged.v1':
          break; // the report's status does not change
      }
    }

    const changed = [...reports.values()].filter((r) => r.changed);
    await writeReports(manager, changed);
    // An approved report is final; should one ever leave 'approved', its numbers leave the totals.
    const left = changed.filter((r) => r.statusBefore === 'approved' && r.status !== 'approved');
    if (left.length > 0) {
      await manager.query(`DELETE FROM rm_statistics_field_totals WHERE report_id = ANY ($1::uuid[])`, [
        left.map((r) => r.id),
      ]);
    }
    await writeTotals(
      manager,
      changed.filter((r) => r.status === 'approved'),
    );
  },
};

function actorOf(recorded: RecordedEvent): string | null {
  const actor = recorded.metadata.actor;
  if (typeof actor !== 'object' || actor === null || Array.isArray(actor)) return null;
  return typeof actor.userId === 'string' ? actor.userId : null;
}

function fromRecord(
  r: StatisticsReportRecord,
  existing: ReportRm | undefined,
  recorded: RecordedEvent,
): ReportRm {
  const at = recorded.recordedAt;
  return {
    id: r.reportId,
    year: r.year,
    orgId: r.orgId,
    orgName: r.orgName,
    districtId: r.districtId,
    form: r.form,
    status: existing?.status ?? 'in_review',
    fundingWan: r.fundingWan,
    rows: r.rows,
    submittedBy: existing ? existing.submittedBy : actorOf(recorded),
    submittedAt: existing?.submittedAt ?? at,
    updatedAt: at,
    statusBefore: existing?.statusBefore ?? null,
    changed: true,
  };
}

async function loadReports(manager: EntityManager, ids: string[]): Promise<Map<string, ReportRm>> {
  const rows: {
    id: string;
    year: number;
    org_id: string;
    org_name: string;
    district_id: string | null;
    form: StatisticsForm;
    status: string;
    funding_wan: string;
    rows: ReportRow[];
    submitted_by: string | null;
    submitted_at: Date;
    updated_at: Date;
  }[] = await manager.query(
    `SELECT id, year, org_id, org_name, district_id, form, status, funding_wan::text AS funding_wan, rows,
            submitted_by, submitted_at, updated_at
       FROM rm_statistics_reports WHERE id = ANY ($1::uuid[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        year: r.year,
        orgId: r.org_id,
        orgName: r.org_name,
        districtId: r.district_id,
        form: r.form,
        status: r.status,
        fundingWan: Number(r.funding_wan),
        rows: r.rows,
        submittedBy: r.submitted_by,
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
        statusBefore: r.status,
        changed: false,
      },
    ]),
  );
}

async function writeReports(manager: EntityManager, rows: readonly ReportRm[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ReportRm>(key: K) => rows.map((r) => r[key]);
  await manager.query(
    `INSERT INTO rm_statistics_reports (id, year, org_id, org_name, district_id, form, status, funding_wan, rows,
                                        submitted_by, submitted_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                          $8::numeric[], $9::jsonb[], $10::uuid[], $11::timestamptz[], $12::timestamptz[])
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, funding_wan = EXCLUDED.funding_wan,
       rows = EXCLUDED.rows, updated_at = EXCLUDED.updated_at`,
    [
      column('id'),
      column('year'),
      column('orgId'),
      column('orgName'),
      column('districtId'),
      column('form'),
      column('status'),
      column('fundingWan'),
      rows.map((r) => JSON.stringify(r.rows)),
      column('submittedBy'),
      column('submittedAt'),
      column('updatedAt'),
    ],
  );
}

/** One row per approved report and field, counts in the form's column order (附件4 leaves the third at 0). */
async function writeTotals(manager: EntityManager, reports: readonly ReportRm[]): Promise<void> {
  const lines = reports.flatMap((report) => {
    const order = new Map(formFields(report.form).map((f, i) => [f.field, i]));
    return report.rows.map((row) => {
      const { thisYear, nextYear } = countsOf(report.form, row);
      return {
        report,
        position: order.get(row.field) ?? -1,
        group: 'group' in row ? row.group : null,
        field: row.field,
        thisYear,
        nextYear,
      };
    });
  });
  if (lines.length === 0) return;
  const at = (vector: readonly number[], i: number) => vector[i] ?? 0;
  await manager.query(
    `INSERT INTO rm_statistics_field_totals (report_id, year, form, org_id, district_id, position, grp, field,
                                             this_1, this_2, this_3, next_1, next_2, next_3)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::uuid[], $6::int[], $7::text[], $8::text[],
                          $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[])
     ON CONFLICT (report_id, field) DO UPDATE SET this_1 = EXCLUDED.this_1, this_2 = EXCLUDED.this_2,
       this_3 = EXCLUDED.this_3, next_1 = EXCLUDED.next_1, next_2 = EXCLUDED.next_2, next_3 = EXCLUDED.next_3`,
    [
      lines.map((l) => l.report.id),
      lines.map((l) => l.report.year),
      lines.map((l) => l.report.form),
      lines.map((l) => l.report.orgId),
      lines.map((l) => l.report.districtId),
      lines.map((l) => l.position),
      lines.map((l) => l.group),
      lines.map((l) => l.field),
      lines.map((l) => at(l.thisYear, 0)),
      lines.map((l) => at(l.thisYear, 1)),
      lines.map((l) => at(l.thisYear, 2)),
      lines.map((l) => at(l.nextYear, 0)),
      lines.map((l) => at(l.nextYear, 1)),
      lines.map((l) => at(l.nextYear, 2)),
    ],
  );
}
