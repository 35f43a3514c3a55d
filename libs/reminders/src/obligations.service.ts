import { Injectable } from '@nestjs/common';
import { PolicyStore } from '@ce/approval';
import {
  type ClaimKind,
  DEFAULT_HOURS_POLICY,
  HOURS_POLICY,
  type LedgerEntry,
  type Subject,
  computeYearLedger,
} from '@ce/hours';
import { DataSource } from 'typeorm';
import type { Deadline } from './calendar';

/** Who owes a deadline, who is reminded, and who hears of it when it is missed. */
export interface Obligation {
  id: string;
  subjectId: string;
  subjectName: string;
  recipients: string[];
  escalateTo: string[];
}

const ORG_ROLES = ['unit_admin', 'district_reviewer', 'department_reviewer'];
const PARENT_ROLES = ['unit_admin', 'department_reviewer', 'district_reviewer', 'city_reviewer'];

export const obligationId = (deadline: Deadline, subjectId: string): string => `${deadline.id}_${subjectId}`;

/**
 * Obligations are derived from the read models, never stored: an org owes the project catalogue until
 * it has a training project of the year submitted; plans and statistics have no subjects in the system
 * yet, so they stay owed; a professional owes the year until the ledger is compliant.
 */
@Injectable()
export class ObligationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PolicyStore,
  ) {}

  /** The unfulfilled obligations of a deadline (one subject only when `subjectId` is given). */
  async unfulfilled(deadline: Deadline, subjectId?: string): Promise<Obligation[]> {
    if (deadline.kind === 'training_year_end') return this.professionalsShort(deadline, subjectId);
    const kinds =
      deadline.kind === 'project_catalogue' ? ['unit', 'district', 'department'] : ['district', 'department'];
    const rows: { id: string; name: string; recipients: string[]; escalate_to: string[] }[] =
      await this.dataSource.query(
        `WITH owners AS (SELECT org_id, array_agg(id::text) ids FROM rm_users WHERE roles && $2::text[] GROUP BY org_id),
              parents AS (SELECT org_id, array_agg(id::text) ids FROM rm_users WHERE roles && $3::text[] GROUP BY org_id)
         SELECT o.id, o.name, COALESCE(owners.ids, '{}') recipients, COALESCE(parents.ids, '{}') escalate_to
         FROM rm_orgs o
         LEFT JOIN owners ON owners.org_id = o.id
         LEFT JOIN parents ON parents.org_id = o.parent_id
         WHERE o.kind = ANY($1::text[]) AND ($4::uuid IS NULL OR o.id = $4)
           AND ($5::boolean = false OR NOT EXISTS (
             SELECT 1 FROM rm_training_projects p
             WHERE p.organizer_org_id = o.id AND p.year = $6 AND p.status <> 'withdrawn'))`,
        [
          kinds,
          ORG_ROLES,
          PARENT_ROLES,
          subjectId ?? null,
          deadline.kind === 'project_catalogue',
          deadline.year,
        ],
      );
    return rows.map((r) => ({
      id: obligationId(deadline, r.id),
      subjectId: r.id,
      subjectName: r.name,
      recipients: r.recipients,
      escalateTo: r.escalate_to,
    }));
  }

  /** The processor's re-check: cheap, one subject, no recipients. */
  async isFulfilled(deadline: Deadline, subjectId: string): Promise<boolean> {
    // A subject this database does not know owes nothing (a job from another deployment on the same prefix).
    const table = deadline.kind === 'training_year_end' ? 'rm_persons' : 'rm_orgs';
    const known: unknown[] = await this.dataSource.query(`SELECT 1 FROM ${table} WHERE id = $1`, [subjectId]);
    if (known.length === 0) return true;
    if (deadline.kind === 'training_year_end') {
      return (await this.shortfallEntries(deadline.year, subjectId)).compliant(subjectId);
    }
    if (deadline.kind !== 'project_catalogue') return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM rm_training_projects WHERE organizer_org_id = $1 AND year = $2 AND status <> 'withdrawn' LIMIT 1`,
      [subjectId, deadline.year],
    );
    return rows.length > 0;
  }

  private async shortfallEntries(year: number, personId?: string) {
    const policy = await this.policies.current(HOURS_POLICY, DEFAULT_HOURS_POLICY);
    const sums: { person_id: string; subject: Subject; kind: ClaimKind; hours: number }[] =
      await this.dataSource.query(
        `SELECT person_id, subject, kind, sum(hours)::float8 hours FROM rm_ledger_entries
         WHERE year = $1 AND ($2::uuid IS NULL OR person_id = $2) GROUP BY 1, 2, 3`,
        [year, personId ?? null],
      );
    const entries = new Map<string, LedgerEntry[]>();
    for (const s of sums) {
      const list = entries.get(s.person_id) ?? [];
      list.push({
        claimId: `${s.subject}/${s.kind}`,
        subject: s.subject,
        kind: s.kind,
        hours: s.hours,
        makeUp: false,
      });
      entries.set(s.person_id, list);
    }
    return {
      compliant: (id: string) =>
        computeYearLedger(year, entries.get(id) ?? [], policy, false).status === 'compliant',
    };
  }

  private async professionalsShort(deadline: Deadline, personId?: string): Promise<Obligation[]> {
    const ledger = await this.shortfallEntries(deadline.year, personId);
    const persons: { id: string; name: string; recipients: string[]; escalate_to: string[] }[] =
      await this.dataSource.query(
        `WITH accounts AS (SELECT person_id, array_agg(id::text) ids FROM rm_users WHERE person_id IS NOT NULL GROUP BY person_id),
              admins AS (SELECT org_id, array_agg(id::text) ids FROM rm_users WHERE 'unit_admin' = ANY(roles) GROUP BY org_id)
         SELECT p.id, p.name, COALESCE(accounts.ids, '{}') recipients, COALESCE(admins.ids, '{}') escalate_to
         FROM rm_persons p
         LEFT JOIN accounts ON accounts.person_id = p.id
         LEFT JOIN admins ON admins.org_id = p.unit_id
         WHERE ($1::uuid IS NULL OR p.id = $1)`,
        [personId ?? null],
      );
    return persons
      .filter((p) => !ledger.compliant(p.id))
      .map((p) => ({
        id: obligationId(deadline, p.id),
        subjectId: p.id,
        subjectName: p.name,
        recipients: p.recipients,
        escalateTo: p.escalate_to,
      }));
  }
}
