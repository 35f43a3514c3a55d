import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import {
  CERTIFICATE_EVENT_TYPES,
  type CertificateEvent,
  parseCertificateStream,
} from '../domain/certificate.decider';

/** Certificates by code for the public verification page: issued rows, later marked revoked. */
export const certificatesProjection: Projection = {
  name: 'certificates',
  tables: ['rm_certificates'],
  eventTypes: CERTIFICATE_EVENT_TYPES,
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      if (!parseCertificateStream(recorded.streamId)) continue;
      const event = toDomainEvent<CertificateEvent>(recorded);
      switch (event.type) {
        case 'certificate.issued.v1': {
          const d = event.data;
          await manager.query(
            `INSERT INTO rm_certificates (code, stream_id, person_id, year, status, name, unit_id, unit_name, issuer_name,
                                          public_hours, professional_hours, total_hours, issued_at, issued_by, position)
             VALUES ($1, $2, $3, $4, 'valid', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT (code) DO NOTHING`,
            [
              d.code,
              recorded.streamId,
              d.personId,
              d.year,
              d.name,
              d.unitId,
              d.unitName,
              d.issuerName,
              d.publicHours,
              d.professionalHours,
              d.totalHours,
              d.issuedAt,
              d.issuedBy,
              recorded.position,
            ],
          );
          break;
        }
        case 'certificate.revoked.v1': {
          const d = event.data;
          await manager.query(
            `UPDATE rm_certificates
                SET status = 'revoked', revoked_at = $2, revoked_reason = $3, revoked_by_claim_id = $4, position = $5
              WHERE code = $1`,
            [d.code, d.revokedAt, d.reason, d.causedBy.claimId, recorded.position],
          );
          break;
        }
        default:
          break;
      }
    }
  },
};
