import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import { FLOW_EVENT_TYPES, type FlowEvent, type TaskSummary, taskIdOf } from '../domain/approval-flow';
import type { ResolvedStep } from '../domain/chain-policy';

/** Subject id of a stream: what follows the subject prefix (`hour-claim-<id>` → `<id>`). */
export function subjectIdOf(streamId: string): string {
  const match = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(streamId);
  return match?.[1] ?? streamId;
}

interface FlowRowData {
  steps: ResolvedStep[];
  summary: TaskSummary | null;
  subject_type: string;
}

/** The approvers' task queues: one row per open step of every flow, whatever its subject. */
export const taskQueueProjection: Projection = {
  name: 'task-queue',
  tables: ['rm_flows', 'rm_tasks', 'rm_task_counts'],
  eventTypes: FLOW_EVENT_TYPES,
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = toDomainEvent<FlowEvent>(recorded);
      const stream = recorded.streamId;
      switch (event.type) {
        case 'approval.submitted.v1': {
          const d = event.data;
          await manager.query(
            `INSERT INTO rm_flows (stream_id, subject_type, subject_id, steps, summary, status, policy_version, submitted_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (stream_id) DO UPDATE SET steps = EXCLUDED.steps, summary = EXCLUDED.summary, status = EXCLUDED.status`,
            [
              stream,
              d.subjectType,
              subjectIdOf(stream),
              JSON.stringify(d.steps),
              d.summary ? JSON.stringify(d.summary) : null,
              d.current === null ? 'approved' : 'in_review',
              d.policyVersion,
              d.at,
            ],
          );
          await openTask(manager, stream, d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.resubmitted.v1': {
          const d = event.data;
          await manager.query(
            `UPDATE rm_flows SET status = $2, summary = coalesce($3, summary), updated_at = $4 WHERE stream_id = $1`,
            [
              stream,
              d.current === null ? 'approved' : 'in_review',
              d.summary ? JSON.stringify(d.summary) : null,
              d.at,
            ],
          );
          await openTask(manager, stream, d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.step-approved.v1': {
          const d = event.data;
          if (d.current === null) await setStatus(manager, stream, 'approved', d.at);
          await openTask(manager, stream, d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.returned.v1': {
          const d = event.data;
          await setStatus(manager, stream, d.current === null ? 'returned' : 'in_review', d.at);
          await openTask(manager, stream, d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.rejected.v1':
        case 'approval.withdrawn.v1':
          await setStatus(
            manager,
            stream,
            event.type === 'approval.rejected.v1' ? 'rejected' : 'withdrawn',
            event.data.at,
          );
          await closeTasks(manager, stream);
          break;
        case 'approval.task-claimed.v1':
        case 'approval.task-transferred.v1':
          await setTaskStatus(
            manager,
            taskIdOf(stream, event.data.activation),
            'claimed',
            event.type === 'approval.task-claimed.v1' ? event.data.by : event.data.to,
          );
          break;
        case 'approval.task-released.v1':
          await setTaskStatus(manager, taskIdOf(stream, event.data.activation), 'open', null);
          break;
        case 'approval.urged.v1':
          await manager.query(
            `UPDATE rm_tasks SET urged_count = urged_count + 1, last_urged_at = $2 WHERE stream_id = $1`,
            [stream, event.data.at],
          );
          break;
        case 'approval.commented.v1':
          break;
      }
    }
  },
};

async function setStatus(manager: EntityManager, stream: string, status: string, at: string): Promise<void> {
  await manager.query(`UPDATE rm_flows SET status = $2, updated_at = $3 WHERE stream_id = $1`, [
    stream,
    status,
    at,
  ]);
}

/** Removes the stream's open task, counters included. */
async function closeTasks(manager: EntityManager, stream: string): Promise<void> {
  await manager.query(
    `WITH d AS (DELETE FROM rm_tasks WHERE stream_id = $1
                RETURNING org_id, level, subject_type, coalesce(year, 0) AS year, status),
          x AS (SELECT org_id, level, subject_type, year, status, count(*)::int AS k FROM d GROUP BY 1, 2, 3, 4, 5)
     UPDATE rm_task_counts c SET n = c.n - x.k FROM x
      WHERE c.org_id = x.org_id AND c.level = x.level AND c.subject_type = x.subject_type
        AND c.year = x.year AND c.status = x.status`,
    [stream],
  );
}

async function countTask(
  manager: EntityManager,
  key: { org_id: string; level: string; subject_type: string; year: number | null },
  status: string,
  delta: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO rm_task_counts (org_id, level, subject_type, year, status, n) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (org_id, level, subject_type, year, status) DO UPDATE SET n = rm_task_counts.n + EXCLUDED.n`,
    [key.org_id, key.level, key.subject_type, key.year ?? 0, status, delta],
  );
}

async function setTaskStatus(
  manager: EntityManager,
  taskId: string,
  status: string,
  claimedBy: string | null,
) {
  const rows: { org_id: string; level: string; subject_type: string; year: number | null; old: string }[] =
    await manager.query(
      // A CTE, so the driver answers with rows (a bare UPDATE … RETURNING comes back as [rows, count]).
      `WITH u AS (
         UPDATE rm_tasks t SET status = $2, claimed_by = $3 FROM (SELECT id, status AS old FROM rm_tasks WHERE id = $1) o
          WHERE t.id = o.id RETURNING t.org_id, t.level, t.subject_type, t.year, o.old)
       SELECT * FROM u`,
      [taskId, status, claimedBy],
    );
  const row = rows[0];
  if (row && row.old !== status) {
    await countTask(manager, row, row.old, -1);
    await countTask(manager, row, status, 1);
  }
}

/** Replaces the stream's open task (if any) with the newly opened step's. */
async function openTask(
  manager: EntityManager,
  stream: string,
  current: number | null,
  activation: number,
  dueAt: string | null,
  at: string,
): Promise<void> {
  await closeTasks(manager, stream);
  if (current === null) return;
  const rows: FlowRowData[] = await manager.query(
    `SELECT steps, summary, subject_type FROM rm_flows WHERE stream_id = $1`,
    [stream],
  );
  const flow = rows[0];
  const step = flow?.steps[current];
  if (!flow || !step?.orgId) return;
  const s = flow.summary;
  await manager.query(
    `INSERT INTO rm_tasks (id, stream_id, subject_type, subject_id, level, org_id, district_id, status, claimed_by,
                           created_at, due_at, year, applicant_name, person_id, hours, title)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', NULL, $8, $9, $10, $11, $12, $13, $14)`,
    [
      taskIdOf(stream, activation),
      stream,
      flow.subject_type,
      subjectIdOf(stream),
      step.level,
      step.orgId,
      s?.districtId ?? null,
      at,
      dueAt ?? at,
      s?.year ?? null,
      s?.applicantName ?? null,
      s?.personId ?? null,
      s?.hours ?? null,
      s?.title ?? flow.subject_type,
    ],
  );
  await countTask(
    manager,
    { org_id: step.orgId, level: step.level, subject_type: flow.subject_type, year: s?.year ?? null },
    'open',
    1,
  );
}
