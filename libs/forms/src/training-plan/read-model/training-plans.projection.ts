import { FLOW_EVENT_TYPES } from '@ce/approval/domain';
import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import {
  TRAINING_PLAN_EVENT_TYPES,
  TRAINING_PLAN_STREAM_PREFIX,
  type TrainingPlanEvent,
} from '../domain/training-plan.decider';

const PREFIX = `${TRAINING_PLAN_STREAM_PREFIX}-`;

interface PlanRow {
  id: string;
  year: number;
  orgId: string;
  orgName: string;
  districtId: string | null;
  fileName: string;
  sha256: string;
  size: number;
  status: string;
  submittedBy: string | null;
  submittedAt: Date;
  updatedAt: Date;
  changed: boolean;
}

/**
 * Training plans with their status and current file (`rm_training_plans`), for lists and for the
 * deadline obligations. A batch is folded per plan in memory and written set-wise: one read and
 * one write per batch, whatever its size. The file bytes (`content_blobs`) are not this
 * projection's: they are primary data.
 */
export const trainingPlansProjection: Projection = {
  name: 'training-plans',
  tables: ['rm_training_plans'],
  eventTypes: [...TRAINING_PLAN_EVENT_TYPES, ...FLOW_EVENT_TYPES],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const mine = events.filter((e) => e.streamId.startsWith(PREFIX));
    if (mine.length === 0) return;
    const plans = await loadPlans(manager, [...new Set(mine.map((e) => e.streamId.slice(PREFIX.length)))]);

    for (const recorded of mine) {
      const planId = recorded.streamId.slice(PREFIX.length);
      const event = toDomainEvent<TrainingPlanEvent>(recorded);
      const at = instantOf(recorded);
      const existing = plans.get(planId);
      const patch = (values: Partial<PlanRow>) => {
        if (existing) Object.assign(existing, values, { updatedAt: at, changed: true });
      };
      switch (event.type) {
        case 'training-plan.submitted.v1': {
          const p = event.data;
          plans.set(planId, {
            id: p.planId,
            year: p.year,
            orgId: p.orgId,
            orgName: p.orgName,
            districtId: p.districtId,
            fileName: p.fileName,
            sha256: p.sha256,
            size: p.size,
            status: existing?.status ?? 'in_review',
            submittedBy: actorOf(recorded),
            submittedAt: existing?.submittedAt ?? at,
            updatedAt: at,
            changed: true,
          });
          break;
        }
        case 'training-plan.file-replaced.v1':
          patch({ fileName: event.data.fileName, sha256: event.data.sha256, size: event.data.size });
          break;
        case 'approval.submitted.v1':
        case 'approval.step-approved.v1':
        case 'approval.resubmitted.v1':
          patch({ status: event.data.current === null ? 'approved' : 'in_review' });
          break;
        case 'approval.returned.v1':
          patch({ status: event.data.current === null ? 'returned' : 'in_review' });
          break;
        case 'approval.rejected.v1':
          patch({ status: 'rejected' });
          break;
        case 'approval.withdrawn.v1':
          patch({ status: 'withdrawn' });
          break;
        case 'approval.commented.v1':
        case 'approval.task-claimed.v1':
        case 'approval.task-released.v1':
        case 'approval.task-transferred.v1':
        case 'approval.urged.v1':
          break; // the plan's status does not change
      }
    }

    await writePlans(
      manager,
      [...plans.values()].filter((p) => p.changed),
    );
  },
};

/** The instant of the command on the domain clock (its metadata), else when it was recorded. */
function instantOf(recorded: RecordedEvent): Date {
  const now = recorded.metadata.now;
  if (typeof now === 'string') {
    const parsed = new Date(now);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return recorded.recordedAt;
}

/** The user who wrote the event (its metadata's actor). */
function actorOf(recorded: RecordedEvent): string | null {
  const actor = recorded.metadata.actor;
  if (typeof actor !== 'object' || actor === null || Array.isArray(actor)) return null;
  return typeof actor.userId === 'string' ? actor.userId : null;
}

async function loadPlans(manager: EntityManager, ids: string[]): Promise<Map<string, PlanRow>> {
  const rows: {
    id: string;
    year: number;
    org_id: string;
    org_name: string;
    district_id: string | null;
    file_name: string;
    sha256: string;
    size: number;
    status: string;
    submitted_by: string | null;
    submitted_at: Date;
    updated_at: Date;
  }[] = await manager.query(
    `SELECT id, year, org_id, org_name, district_id, file_name, sha256, size, status, submitted_by, submitted_at,
            updated_at
       FROM rm_training_plans WHERE id = ANY ($1::uuid[])`,
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
        fileName: r.file_name,
        sha256: r.sha256,
        size: r.size,
        status: r.status,
        submittedBy: r.submitted_by,
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
        changed: false,
      },
    ]),
  );
}

async function writePlans(manager: EntityManager, rows: PlanRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof PlanRow>(key: K) => rows.map((r) => r[key]);
  await manager.query(
    `INSERT INTO rm_training_plans (id, year, org_id, org_name, district_id, file_name, sha256, size, status,
                                    submitted_by, submitted_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::int[],
                          $9::text[], $10::uuid[], $11::timestamptz[], $12::timestamptz[])
     ON CONFLICT (id) DO UPDATE SET year = EXCLUDED.year, org_id = EXCLUDED.org_id, org_name = EXCLUDED.org_name,
       district_id = EXCLUDED.district_id, file_name = EXCLUDED.file_name, sha256 = EXCLUDED.sha256,
       size = EXCLUDED.size, status = EXCLUDED.status, submitted_by = EXCLUDED.submitted_by,
       submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at`,
    [
      column('id'),
      column('year'),
      column('orgId'),
      column('orgName'),
      column('districtId'),
      column('fileName'),
      column('sha256'),
      column('size'),
      column('status'),
      column('submittedBy'),
      column('submittedAt'),
      column('updatedAt'),
    ],
  );
}
