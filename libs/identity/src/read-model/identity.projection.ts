import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import { maskIdNumber } from '../domain/id-number';
import type { OrgEvent } from '../domain/organisation';
import type { PersonEvent } from '../domain/person';
import type { UserEvent } from '../domain/user';

export const idNumberHash = (idNumber: string): string =>
  createHash('sha256').update(idNumber.toUpperCase()).digest('hex');

type IdentityEvent = OrgEvent | PersonEvent | UserEvent;

/** Organisations, people and users as tables for lists and jurisdiction filters. */
export const identityProjection: Projection = {
  name: 'identity',
  tables: ['rm_orgs', 'rm_persons', 'rm_users'],
  eventTypes: ['org.registered.v1', 'person.registered.v1', 'user.registered.v1'],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = toDomainEvent<IdentityEvent>(recorded);
      switch (event.type) {
        case 'org.registered.v1': {
          const d = event.data;
          const parent: {
            ancestors: string[];
            kind: string;
            district_id: string | null;
            department_id: string | null;
          }[] =
            d.parentId === null
              ? []
              : await manager.query(
                  `SELECT ancestors, kind, district_id, department_id FROM rm_orgs WHERE id = $1`,
                  [d.parentId],
                );
          const p = parent[0];
          const ancestors = [...(p?.ancestors ?? []), d.orgId];
          const districtId =
            d.kind === 'district' ? d.orgId : p?.kind === 'district' ? d.parentId : (p?.district_id ?? null);
          const departmentId =
            d.kind === 'department'
              ? d.orgId
              : p?.kind === 'department'
                ? d.parentId
                : (p?.department_id ?? null);
          await manager.query(
            `INSERT INTO rm_orgs (id, name, kind, parent_id, unit_type, sector, base_type, district_id, department_id, ancestors, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
            [
              d.orgId,
              d.name,
              d.kind,
              d.parentId,
              d.unitType ?? null,
              d.sector ?? null,
              d.baseType ?? null,
              districtId,
              departmentId,
              ancestors,
              recorded.recordedAt,
            ],
          );
          break;
        }
        case 'person.registered.v1': {
          const d = event.data;
          const unit: { ancestors: string[] }[] = await manager.query(
            `SELECT ancestors FROM rm_orgs WHERE id = $1`,
            [d.unitId],
          );
          await manager.query(
            `INSERT INTO rm_persons (id, name, id_number_masked, id_number_hash, unit_id, org_ancestors, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
            [
              d.personId,
              d.name,
              maskIdNumber(d.idNumber),
              idNumberHash(d.idNumber),
              d.unitId,
              unit[0]?.ancestors ?? [d.unitId],
              recorded.recordedAt,
            ],
          );
          break;
        }
        case 'user.registered.v1': {
          const d = event.data;
          await manager.query(
            `INSERT INTO rm_users (id, username, display_name, org_id, roles, person_id)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
            [d.userId, d.username, d.displayName, d.orgId, [...d.roles], d.personId ?? null],
          );
          break;
        }
      }
    }
  },
};
