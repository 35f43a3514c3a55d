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

interface Flow {
  subjectType: string;
  steps: ResolvedStep[];
  summary: TaskSummary | null;
  status: string;
  policyVersion: string;
  submittedAt: string;
  updatedAt: string;
  changed: boolean;
}

interface Task {
  id: string;
  level: string;
  orgId: string;
  status: 'open' | 'claimed';
  claimedBy: string | null;
  createdAt: string;
  dueAt: string;
  urgedCount: number;
  lastUrgedAt: string | null;
}

interface TaskRowRead {
  id: string;
  stream_id: string;
  level: string;
  org_id: string;
  status: 'open' | 'claimed';
  claimed_by: string | null;
  created_at: Date;
  due_at: Date;
  urged_count: number;
  last_urged_at: Date | null;
}

/** Counter key of a task in `rm_task_counts`. */
const countKey = (flow: Flow, task: Task): string =>
  JSON.stringify([task.orgId, task.level, flow.subjectType, flow.summary?.year ?? 0, task.status]);

/**
 * The approvers' task queues: one row per open step of every flow, whatever its subject. A batch is
 * folded in memory per stream first, then written with a handful of set-based statements, so a
 * rebuild over a million events is not a million round trips.
 */
export const taskQueueProjection: Projection = {
  name: 'task-queue',
  tables: ['rm_flows', 'rm_tasks', 'rm_task_counts'],
  eventTypes: FLOW_EVENT_TYPES,
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const streams = [...new Set(events.map((e) => e.streamId))];
    if (streams.length === 0) return;
    const flows = await loadFlows(manager, streams);
    const tasks = await loadTasks(manager, streams);
    const counts = new Map<string, number>();
    const bump = (flow: Flow | undefined, task: Task | null | undefined, delta: number) => {
      if (!flow || !task) return;
      const key = countKey(flow, task);
      counts.set(key, (counts.get(key) ?? 0) + delta);
    };
    for (const stream of streams) bump(flows.get(stream), tasks.get(stream), -1);

    for (const recorded of events) {
      const event = toDomainEvent<FlowEvent>(recorded);
      const stream = recorded.streamId;
      const flow = flows.get(stream);
      const task = tasks.get(stream) ?? null;
      const open = (current: number | null, activation: number, dueAt: string | null, at: string) => {
        const step = current === null ? undefined : flows.get(stream)?.steps[current];
        tasks.set(
          stream,
          step?.orgId
            ? {
                id: taskIdOf(stream, activation),
                level: step.level,
                orgId: step.orgId,
                status: 'open',
                claimedBy: null,
                createdAt: at,
                dueAt: dueAt ?? at,
                urgedCount: 0,
                lastUrgedAt: null,
              }
            : null,
        );
      };
      const setStatus = (status: string, at: string) => {
        if (flow) Object.assign(flow, { status, updatedAt: at, changed: true });
      };
      switch (event.type) {
        case 'approval.submitted.v1': {
          const d = event.data;
          flows.set(stream, {
            subjectType: d.subjectType,
            steps: d.steps,
            summary: d.summary ?? null,
            status: d.current === null ? 'approved' : 'in_review',
            policyVersion: d.policyVersion,
            submittedAt: d.at,
            updatedAt: d.at,
            changed: true,
          });
          open(d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.resubmitted.v1': {
          const d = event.data;
          setStatus(d.current === null ? 'approved' : 'in_review', d.at);
          if (flow && d.summary) flow.summary = d.summary;
          open(d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.step-approved.v1': {
          const d = event.data;
          setStatus(d.current === null ? 'approved' : 'in_review', d.at);
          open(d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.returned.v1': {
          const d = event.data;
          setStatus(d.current === null ? 'returned' : 'in_review', d.at);
          open(d.current, d.activation, d.dueAt, d.at);
          break;
        }
        case 'approval.rejected.v1':
        case 'approval.withdrawn.v1':
          setStatus(event.type === 'approval.rejected.v1' ? 'rejected' : 'withdrawn', event.data.at);
          tasks.set(stream, null);
          break;
        case 'approval.task-claimed.v1':
        case 'approval.task-transferred.v1':
          if (task && task.id === taskIdOf(stream, event.data.activation)) {
            task.status = 'claimed';
            task.claimedBy = event.type === 'approval.task-claimed.v1' ? event.data.by : event.data.to;
          }
          break;
        case 'approval.task-released.v1':
          if (task && task.id === taskIdOf(stream, event.data.activation)) {
            task.status = 'open';
            task.claimedBy = null;
          }
          break;
        case 'approval.urged.v1':
          if (task) {
            task.urgedCount += 1;
            task.lastUrgedAt = event.data.at;
          }
          break;
        case 'approval.commented.v1':
          break;
      }
    }

    for (const stream of streams) bump(flows.get(stream), tasks.get(stream), 1);
    await writeFlows(manager, flows);
    await writeTasks(manager, streams, flows, tasks);
    await writeCounts(manager, counts);
  },
};

async function loadFlows(manager: EntityManager, streams: string[]): Promise<Map<string, Flow>> {
  const rows: {
    stream_id: string;
    subject_type: string;
    steps: ResolvedStep[];
    summary: TaskSummary | null;
    status: string;
    policy_version: string;
    submitted_at: Date;
    updated_at: Date;
  }[] = await manager.query(
    `SELECT stream_id, subject_type, steps, summary, status, policy_version, submitted_at, updated_at
       FROM rm_flows WHERE stream_id = ANY ($1::text[])`,
    [streams],
  );
  return new Map(
    rows.map((r) => [
      r.stream_id,
      {
        subjectType: r.subject_type,
        steps: r.steps,
        summary: r.summary,
        status: r.status,
        policyVersion: r.policy_version,
        submittedAt: r.submitted_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        changed: false,
      },
    ]),
  );
}

async function loadTasks(manager: EntityManager, streams: string[]): Promise<Map<string, Task | null>> {
  const rows: TaskRowRead[] = await manager.query(
    `SELECT id, stream_id, level, org_id, status, claimed_by, created_at, due_at, urged_count, last_urged_at
       FROM rm_tasks WHERE stream_id = ANY ($1::text[])`,
    [streams],
  );
  return new Map(
    rows.map((r) => [
      r.stream_id,
      {
        id: r.id,
        level: r.level,
        orgId: r.org_id,
        status: r.status,
        claimedBy: r.claimed_by,
        createdAt: r.created_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        urgedCount: r.urged_count,
        lastUrgedAt: r.last_urged_at ? r.last_urged_at.toISOString() : null,
      },
    ]),
  );
}

async function writeFlows(manager: EntityManager, flows: Map<string, Flow>): Promise<void> {
  const changed = [...flows.entries()].filter(([, f]) => f.changed);
  if (changed.length === 0) return;
  await manager.query(
    `INSERT INTO rm_flows (stream_id, subject_type, subject_id, steps, summary, status, policy_version, submitted_at, updated_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[],
                          $8::timestamptz[], $9::timestamptz[])
     ON CONFLICT (stream_id) DO UPDATE SET steps = EXCLUDED.steps, summary = EXCLUDED.summary, status = EXCLUDED.status,
       updated_at = EXCLUDED.updated_at`,
    [
      changed.map(([s]) => s),
      changed.map(([, f]) => f.subjectType),
      changed.map(([s]) => subjectIdOf(s)),
      changed.map(([, f]) => JSON.stringify(f.steps)),
      changed.map(([, f]) => (f.summary ? JSON.stringify(f.summary) : null)),
      changed.map(([, f]) => f.status),
      changed.map(([, f]) => f.policyVersion),
      changed.map(([, f]) => f.submittedAt),
      changed.map(([, f]) => f.updatedAt),
    ],
  );
}

async function writeTasks(
  manager: EntityManager,
  streams: string[],
  flows: Map<string, Flow>,
  tasks: Map<string, Task | null>,
): Promise<void> {
  await manager.query(`DELETE FROM rm_tasks WHERE stream_id = ANY ($1::text[])`, [streams]);
  const open = streams.flatMap((stream) => {
    const task = tasks.get(stream);
    const flow = flows.get(stream);
    return task && flow ? [{ stream, task, flow }] : [];
  });
  if (open.length === 0) return;
  await manager.query(
    `INSERT INTO rm_tasks (id, stream_id, subject_type, subject_id, level, org_id, district_id, status, claimed_by,
                           created_at, due_at, year, applicant_name, person_id, hours, title, urged_count, last_urged_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[],
                          $9::text[], $10::timestamptz[], $11::timestamptz[], $12::int[], $13::text[], $14::uuid[],
                          $15::numeric[], $16::text[], $17::int[], $18::timestamptz[])`,
    [
      open.map((o) => o.task.id),
      open.map((o) => o.stream),
      open.map((o) => o.flow.subjectType),
      open.map((o) => subjectIdOf(o.stream)),
      open.map((o) => o.task.level),
      open.map((o) => o.task.orgId),
      open.map((o) => o.flow.summary?.districtId ?? null),
      open.map((o) => o.task.status),
      open.map((o) => o.task.claimedBy),
      open.map((o) => o.task.createdAt),
      open.map((o) => o.task.dueAt),
      open.map((o) => o.flow.summary?.year ?? null),
      open.map((o) => o.flow.summary?.applicantName ?? null),
      open.map((o) => o.flow.summary?.personId ?? null),
      open.map((o) => o.flow.summary?.hours ?? null),
      open.map((o) => o.flow.summary?.title ?? o.flow.subjectType),
      open.map((o) => o.task.urgedCount),
      open.map((o) => o.task.lastUrgedAt),
    ],
  );
}

async function writeCounts(manager: EntityManager, counts: Map<string, number>): Promise<void> {
  const deltas = [...counts.entries()]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => [...(JSON.parse(key) as unknown[]), n]);
  if (deltas.length === 0) return;
  await manager.query(
    `INSERT INTO rm_task_counts AS c (org_id, level, subject_type, year, status, n)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[])
     ON CONFLICT (org_id, level, subject_type, year, status) DO UPDATE SET n = c.n + EXCLUDED.n`,
    [0, 1, 2, 3, 4, 5].map((i) => deltas.map((d) => d[i])),
  );
  // A counter that reached zero is no counter: keeps live and rebuilt tables identical.
  await manager.query(`DELETE FROM rm_task_counts WHERE n = 0`);
}
