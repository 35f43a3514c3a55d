import type { Projection } from '@ce/projections';
import { subjectIdOf } from '@ce/approval';
import { v5 as uuidv5 } from 'uuid';

const LEVEL_ROLES: Record<string, string> = {
  unit: 'unit_admin',
  department: 'department_reviewer',
  district: 'district_reviewer',
  city: 'city_reviewer',
};
const NAMESPACE = '3d0c4a52-6a55-4f4e-9a0b-6c1f3f1f0e11';

/**
 * 催办: an `approval.urged.v1` event notifies the current approvers at once — the users of the task's
 * organisation holding the level's role. Keyed by the event id, so a replay inserts nothing twice.
 * Owns no tables: the notice ledger is never rebuilt.
 */
export const urgeNoticesProjection: Projection = {
  name: 'reminders-urge-notices',
  tables: [],
  eventTypes: ['approval.urged.v1'],
  async apply(events, manager) {
    for (const event of events) {
      // The event names the urged step; the task row is only a fallback for events written before it did
      // (the task-queue projection runs on its own and may not have written the row yet).
      const urged = event.data as { level?: string; orgId?: string | null };
      const flows: { title: string | null }[] = await manager.query(
        `SELECT summary->>'title' AS title FROM rm_flows WHERE stream_id = $1`,
        [event.streamId],
      );
      const tasks: { subject_id: string; level: string; org_id: string; title: string }[] =
        urged.level && urged.orgId
          ? [
              {
                subject_id: subjectIdOf(event.streamId),
                level: urged.level,
                org_id: urged.orgId,
                title: flows[0]?.title ?? '待审批事项',
              },
            ]
          : await manager.query(
              `SELECT subject_id, level, org_id, title FROM rm_tasks WHERE stream_id = $1`,
              [event.streamId],
            );
      const at = (event.data as { at?: string }).at ?? event.recordedAt.toISOString();
      for (const task of tasks) {
        const role = LEVEL_ROLES[task.level];
        if (!role) continue;
        const users: { id: string }[] = await manager.query(
          `SELECT id FROM rm_users WHERE org_id = $1 AND $2 = ANY(roles)`,
          [task.org_id, role],
        );
        for (const user of users) {
          await manager.query(
            `INSERT INTO notices (id, obligation, recipient_id, kind, deadline_revision, subject_id, message, due_at, created_at)
             VALUES ($1, $2, $3, 'approval_urged', '-', $4, $5, $6, $6)
             ON CONFLICT ON CONSTRAINT notices_once DO NOTHING`,
            [
              uuidv5(`${event.id}|${user.id}`, NAMESPACE),
              `urge_${event.id}`,
              user.id,
              task.subject_id,
              `催办：“${task.title}”正在等待您审批，请尽快处理。`,
              at,
            ],
          );
        }
      }
    }
  },
};
