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
  tables: ['rm_flows', 'rm_tasks'],
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
          await manager.query(`DELETE FROM rm_tasks WHERE stream_id = $1`, [stream]);
          break;
        case 'approval.task-claimed.v1':
        case 'approval.task-transferred.v1':
          await manager.query(`UPDATE rm_tasks SET status = 'claimed', claimed_by = $2 WHERE id = $1`, [
            taskIdOf(stream, event.data.activation),
            event.type === 'approval.task-claimed.v1' ? event.data.by : event.data.to,
          ]);
          break;
        case 'approval.task-released.v1':
          await manager.query(`UPDATE rm_tasks SET status = 'open', claimed_by = NULL WHERE id = $1`, [
            taskIdOf(stream, event.data.activation),
          ]);
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

/** Replaces the stream's open task (if any) with the newly opened step's. */
async function openTask(
  manager: EntityManager,
  stream: string,
  current: number | null,
  activation: number,
  dueAt: string | null,
  at: string,
): Promise<void> {
  await manager.query(`DELETE FROM rm_tasks WHERE stream_id = $1`, [stream]);
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
}
