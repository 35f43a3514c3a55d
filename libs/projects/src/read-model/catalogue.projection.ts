import { FLOW_EVENT_TYPES } from '@ce/approval/domain';
import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import type { TrainingProjectEvent } from '../training-project/training-project.decider';

const PREFIX = 'training-project-';

/**
 * Training projects with their status, and the published catalogue (附件1): a project enters it
 * when the last step of its chain approves it, with that approver and instant (the domain clock).
 */
export const catalogueProjection: Projection = {
  name: 'training-projects',
  tables: ['rm_training_projects', 'rm_catalogue'],
  eventTypes: ['training-project.submitted.v1', 'training-project.amended.v1', ...FLOW_EVENT_TYPES],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      if (!recorded.streamId.startsWith(PREFIX)) continue;
      const projectId = recorded.streamId.slice(PREFIX.length);
      const event = toDomainEvent<TrainingProjectEvent>(recorded);
      const at = recorded.recordedAt;
      switch (event.type) {
        case 'training-project.submitted.v1':
        case 'training-project.amended.v1': {
          const p = event.data;
          await manager.query(
            `INSERT INTO rm_training_projects (id, year, organizer_org_id, organizer_name, district_id, name, hours,
                 start_date, end_date, place, audience, contact, city_wide, source, status, submitted_by,
                 submitted_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'in_review', $15, $16, $16)
             ON CONFLICT (id) DO UPDATE SET year = EXCLUDED.year, name = EXCLUDED.name, hours = EXCLUDED.hours,
               start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, place = EXCLUDED.place,
               audience = EXCLUDED.audience, contact = EXCLUDED.contact, city_wide = EXCLUDED.city_wide,
               updated_at = EXCLUDED.updated_at`,
            [
              p.projectId,
              p.year,
              p.organizerOrgId,
              p.organizerName,
              p.districtId,
              p.name,
              p.hours,
              p.startDate,
              p.endDate,
              p.place,
              p.audience,
              p.contact,
              p.cityWide,
              p.source,
              actorOf(recorded),
              at,
            ],
          );
          break;
        }
        case 'approval.submitted.v1':
          if (event.data.current === null) await publish(manager, projectId, null, event.data.at, at);
          else await status(manager, projectId, 'in_review', at);
          break;
        case 'approval.step-approved.v1':
        case 'approval.resubmitted.v1':
          if (event.data.current === null)
            await publish(manager, projectId, event.data.by, event.data.at, at);
          else await status(manager, projectId, 'in_review', at);
          break;
        case 'approval.returned.v1':
          await status(manager, projectId, event.data.current === null ? 'returned' : 'in_review', at);
          break;
        case 'approval.rejected.v1':
          await status(manager, projectId, 'rejected', at);
          break;
        case 'approval.withdrawn.v1':
          await status(manager, projectId, 'withdrawn', at);
          break;
        case 'approval.commented.v1':
        case 'approval.task-claimed.v1':
        case 'approval.task-released.v1':
        case 'approval.task-transferred.v1':
        case 'approval.urged.v1':
          break; // the project's status does not change
      }
    }
  },
};

/** The user who wrote the event (its metadata's actor). */
function actorOf(recorded: RecordedEvent): string | null {
  const actor = recorded.metadata.actor;
  if (typeof actor !== 'object' || actor === null || Array.isArray(actor)) return null;
  return typeof actor.userId === 'string' ? actor.userId : null;
}

async function status(manager: EntityManager, projectId: string, value: string, at: Date): Promise<void> {
  await manager.query(`UPDATE rm_training_projects SET status = $2, updated_at = $3 WHERE id = $1`, [
    projectId,
    value,
    at,
  ]);
}

async function publish(
  manager: EntityManager,
  projectId: string,
  approvedBy: string | null,
  approvedAt: string,
  at: Date,
): Promise<void> {
  await status(manager, projectId, 'approved', at);
  await manager.query(
    `INSERT INTO rm_catalogue (id, year, organizer_org_id, organizer_name, name, hours, start_date, end_date, place,
         audience, contact, city_wide, approved_by, approved_at, district_id)
     SELECT id, year, organizer_org_id, organizer_name, name, hours, start_date, end_date, place, audience, contact,
            city_wide, $2, $3, district_id
       FROM rm_training_projects WHERE id = $1
     ON CONFLICT (id) DO NOTHING`,
    [projectId, approvedBy, approvedAt],
  );
}
