import { Client } from 'pg';
import type { Session } from './api-client';
import { type Step, type Task, type TaskOutcome, type TestSystem, inbox, startTestSystem } from './yantai';

/** Statistics reports (附件3, 附件4) over HTTP: the test system, inputs, views, tasks and sums. */

/** The test system of `startTestSystem`, with one SQL connection to look at what is stored. */
export interface StatisticsSystem extends TestSystem {
  sql<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export async function startStatisticsSystem(label: string): Promise<StatisticsSystem> {
  const system = await startTestSystem(label);
  const client = new Client({ connectionString: system.database.url });
  try {
    await client.connect();
  } catch (error) {
    await system.close();
    throw error;
  }
  return {
    ...system,
    async sql<T extends object>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await client.query<T>(text, [...params])).rows;
    },
    async close() {
      try {
        await client.end();
      } finally {
        await system.close();
      }
    },
  };
}

export type StatisticsForm = 'knowledge_update' | 'major_strategy';

export interface KnowledgeUpdateCounts {
  readonly urgentTalent: number;
  readonly jobTraining: number;
  readonly overseas: number;
}

export interface MajorStrategyCounts {
  readonly total: number;
  readonly nonPublic: number;
}

export interface KnowledgeUpdateRow {
  readonly field: string;
  readonly thisYear: KnowledgeUpdateCounts;
  readonly nextYear: KnowledgeUpdateCounts;
  readonly note?: string;
}

export interface MajorStrategyRow {
  readonly group: string;
  readonly field: string;
  readonly thisYear: MajorStrategyCounts;
  readonly nextYear: MajorStrategyCounts;
  readonly note?: string;
}

export type ReportRow = KnowledgeUpdateRow | MajorStrategyRow;

export interface ReportInput {
  readonly year: number;
  readonly orgId: string;
  readonly form: StatisticsForm;
  readonly fundingWan: number;
  readonly rows: readonly unknown[];
}

export interface ReportSubmitted {
  readonly id: string;
  readonly status: string;
  readonly position: string;
}

export interface ReportView {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly form: StatisticsForm;
  readonly fundingWan: number;
  readonly rows: readonly ReportRow[];
  readonly status: string;
  readonly submittedBy: string | null;
  readonly steps: readonly Step[];
}

export interface ReportListItem {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly form: StatisticsForm;
  readonly fundingWan: number;
  readonly status: string;
}

export interface DistrictSum {
  readonly districtId: string | null;
  readonly districtName: string;
  readonly fundingWan: number;
  readonly reports: number;
}

export interface StatisticsSum {
  readonly form: StatisticsForm;
  readonly year: number;
  readonly districtId: string | null;
  readonly rows: readonly ReportRow[];
  readonly fundingWan: number;
  readonly reports: number;
  readonly byDistrict?: readonly DistrictSum[];
}

type Triple = readonly [number, number, number];
type Pair = readonly [number, number];

/** A 附件3 row: this year's and next year's people in 急需紧缺 / 岗位培训 / 出境(国). */
export function kuRow(field: string, thisYear: Triple, nextYear: Triple, note?: string): KnowledgeUpdateRow {
  const counts = ([urgentTalent, jobTraining, overseas]: Triple) => ({ urgentTalent, jobTraining, overseas });
  return { field, thisYear: counts(thisYear), nextYear: counts(nextYear), ...(note ? { note } : {}) };
}

/** A 附件4 row: this year's and next year's 总数 and 其中非公有制经济领域. */
export function msRow(group: string, field: string, thisYear: Pair, nextYear: Pair): MajorStrategyRow {
  const counts = ([total, nonPublic]: Pair) => ({ total, nonPublic });
  return { group, field, thisYear: counts(thisYear), nextYear: counts(nextYear) };
}

export async function submitReport(session: Session, input: ReportInput): Promise<ReportSubmitted> {
  return (await session.post('/api/v1/statistics-reports', input)).expectStatus<ReportSubmitted>(201);
}

export async function getReport(session: Session, id: string): Promise<ReportView> {
  return (await session.getFresh(`/api/v1/statistics-reports/${id}`)).expectStatus<ReportView>(200);
}

export async function listReports(
  session: Session,
  query: Record<string, string | number> = {},
): Promise<ReportListItem[]> {
  return (await session.getFresh('/api/v1/statistics-reports', { query })).expectStatus<{
    items: ReportListItem[];
  }>(200).items;
}

export async function findReportTask(session: Session, reportId: string): Promise<Task | undefined> {
  return (await inbox(session, { subjectType: 'statistics_report' })).items.find(
    (t) => t.subjectId === reportId,
  );
}

export async function requireReportTask(session: Session, reportId: string): Promise<Task> {
  const task = await findReportTask(session, reportId);
  if (!task) throw new Error(`${session.user.username} has no task for statistics report ${reportId}`);
  return task;
}

/** The reviewer decides the report's task in their inbox through the generic task endpoints. */
export async function decideReport(
  session: Session,
  reportId: string,
  decision: 'approve' | 'return' | 'reject',
  body: Record<string, string> = decision === 'approve' ? { comment: '同意' } : { reason: '请核实' },
): Promise<TaskOutcome> {
  const task = await requireReportTask(session, reportId);
  return (
    await session.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/${decision}`, body)
  ).expectStatus<TaskOutcome>(200);
}

export async function statistics(
  session: Session,
  form: string,
  query: Record<string, string | number> = {},
): Promise<StatisticsSum> {
  return (await session.getFresh(`/api/v1/statistics/${form}`, { query })).expectStatus<StatisticsSum>(200);
}

/** The summed row of one field. */
export function rowOf(sum: { rows: readonly ReportRow[] }, field: string): ReportRow | undefined {
  return sum.rows.find((r) => r.field === field);
}

/** How many streams of statistics reports and slots the store holds (a refusal must add none). */
export async function statisticsStreams(system: StatisticsSystem): Promise<number> {
  const [row] = await system.sql<{ n: number }>(
    `SELECT count(DISTINCT stream_id)::int AS n FROM es_events WHERE stream_id LIKE 'statistics-%'`,
  );
  return row?.n ?? -1;
}
