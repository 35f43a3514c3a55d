import { FLOW_EVENT_TYPES } from '@ce/approval/domain';
import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import type { HourClaimEvent } from '../hour-claim/hour-claim.decider';

const PREFIX = 'hour-claim-';

/** Claims for lists, and the approved ones as ledger entries. */
export const hourClaimsProjection: Projection = {
  name: 'hour-claims',
  tables: ['rm_hour_claims', 'rm_ledger_entries'],
  eventTypes: [
    'hour-claim.submitted.v1',
    'hour-claim.amended.v1',
    'hour-claim.revoked.v1',
    ...FLOW_EVENT_TYPES,
  ],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      if (!recorded.streamId.startsWith(PREFIX)) continue;
      const claimId = recorded.streamId.slice(PREFIX.length);
      const event = toDomainEvent<HourClaimEvent>(recorded);
      const at = recorded.recordedAt;
      switch (event.type) {
        case 'hour-claim.submitted.v1':
        case 'hour-claim.amended.v1': {
          const c = event.data;
          await manager.query(
            `INSERT INTO rm_hour_claims (id, person_id, unit_id, applicant_name, year, subject, kind, hours, title, status,
                                         make_up, certificate_no, submitted_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'in_review', $10, $11, $12, $12)
             ON CONFLICT (id) DO UPDATE SET year = EXCLUDED.year, subject = EXCLUDED.subject, kind = EXCLUDED.kind,
               hours = EXCLUDED.hours, title = EXCLUDED.title, make_up = EXCLUDED.make_up,
               certificate_no = EXCLUDED.certificate_no, updated_at = EXCLUDED.updated_at`,
            [
              c.claimId,
              c.personId,
              c.unitId,
              c.applicantName,
              c.year,
              c.subject,
              c.kind,
              c.hours,
              c.title,
              c.makeUp,
              c.certificateNo ?? null,
              at,
            ],
          );
          break;
        }
        case 'hour-claim.revoked.v1':
          await status(manager, claimId, 'revoked', at);
          await manager.query(`DELETE FROM rm_ledger_entries WHERE claim_id = $1`, [claimId]);
          break;
        case 'approval.submitted.v1':
        case 'approval.step-approved.v1':
        case 'approval.resubmitted.v1':
          if (event.data.current === null) {
            await status(manager, claimId, 'approved', at);
            await manager.query(
              `INSERT INTO rm_ledger_entries (claim_id, person_id, year, subject, kind, hours, make_up, approved_at)
               SELECT id, person_id, year, subject, kind, hours, make_up, $2 FROM rm_hour_claims WHERE id = $1
               ON CONFLICT (claim_id) DO NOTHING`,
              [claimId, at],
            );
          } else {
            await status(manager, claimId, 'in_review', at);
          }
          break;
        case 'approval.returned.v1':
          await status(manager, claimId, event.data.current === null ? 'returned' : 'in_review', at);
          break;
        case 'approval.rejected.v1':
          await status(manager, claimId, 'rejected', at);
          break;
        case 'approval.withdrawn.v1':
          await status(manager, claimId, 'withdrawn', at);
          break;
        case 'approval.commented.v1':
        case 'approval.task-claimed.v1':
        case 'approval.task-released.v1':
        case 'approval.task-transferred.v1':
        case 'approval.urged.v1':
          break; // the claim's status does not change
      }
    }
  },
};

async function status(manager: EntityManager, claimId: string, value: string, at: Date): Promise<void> {
  await manager.query(`UPDATE rm_hour_claims SET status = $2, updated_at = $3 WHERE id = $1`, [
    claimId,
    value,
    at,
  ]);
}
