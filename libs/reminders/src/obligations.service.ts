import { Injectable } from '@nestjs/common';
import { YearLedgers } from '@ce/hours';
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

/** Statuses of a plan or statistics report that no longer count toward its deadline. */
const DROPPED = `('withdrawn', 'rejected')`;

/** The forms of the statistics deadline (附件3, 附件4): an org owes both. */
const STATISTICS_FORMS = `('knowledge_update', 'major_strategy')`;

/**
 * An org deadline as SQL over `rm_orgs o`: which orgs owe it, and when one has fulfilled it. `{year}`
 * stands for the deadline's year parameter. No user input is ever spliced in.
 */
interface OrgObligationSql {
  readonly owes: string;
  readonly fulfilled: string;
}

export const obligationId = (deadline: Deadline, subjectId: string): string => `${deadline.id}_${subjectId}`;

/**
 * Obligations are derived from the read models, never stored:
 * - the project catalogue (附件1) is owed by units, district bureaus and departments until they have
 *   a training project of the year that is not withdrawn;
 * - the annual training plan by district bureaus and departments directly under the city (a
 *   district's departments report to their district bureau, which submits the district's plan:
 *   DOMAIN.md "Approvals"), until they have a plan of the year that is neither withdrawn nor rejected;
 * - the statistics (附件3 and 附件4) by the same orgs, until they have both forms of the year, neither
 *   withdrawn nor rejected;
 * - the training year by every professional, until the ledger is compliant.
 */
@Injectable()
export class ObligationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledgers: YearLedgers,
  ) {}

  /**
   * How many owe a deadline and how many of them have fulfilled it, among the organisations (or the
   * professionals) at and below `scopeOrgId` (everybody when null).
   */
  async summary(
    deadline: Deadline,
    scopeOrgId: string | null = null,
  ): Promise<{ owed: number; fulfilled: number }> {
    if (deadline.kind === 'training_year_end') {
      const persons: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM rm_persons p WHERE $1::uuid IS NULL OR $1 = ANY (p.org_ancestors) OR p.unit_id = $1`,
        [scopeOrgId],
      );
      const { ledgers } = await this.ledgers.ofYear(deadline.year, scopeOrgId);
      return {
        owed: persons.length,
        fulfilled: persons.filter((p) => ledgers.get(p.id)?.status === 'compliant').length,
      };
    }
    const sql = this.orgObligationSql(deadline, '$1');
    const rows: { owed: number; fulfilled: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS owed, count(*) FILTER (WHERE ${sql.fulfilled})::int AS fulfilled
         FROM rm_orgs o
        WHERE (${sql.owes}) AND ($2::uuid IS NULL OR $2 = ANY (o.ancestors) OR o.id = $2)`,
      [deadline.year, scopeOrgId],
    );
    return rows[0] ?? { owed: 0, fulfilled: 0 };
  }

  /** The unfulfilled obligations of a deadline (one subject only when `subjectId` is given). */
  async unfulfilled(deadline: Deadline, subjectId?: string): Promise<Obligation[]> {
    if (deadline.kind === 'training_year_end') return this.professionalsShort(deadline, subjectId);
    const sql = this.orgObligationSql(deadline, '$4');
    const rows: { id: string; name: string; recipients: string[]; escalate_to: string[] }[] =
      await this.dataSource.query(
        `WITH owners AS (SELECT org_id, array_agg(id::text) ids FROM rm_users WHERE roles && $1::text[] GROUP BY org_id),
              parents AS (SELECT org_id, array_agg(id::text) ids FROM rm_users WHERE roles && $2::text[] GROUP BY org_id)
         SELECT o.id, o.name, COALESCE(owners.ids, '{}') recipients, COALESCE(parents.ids, '{}') escalate_to
         FROM rm_orgs o
         LEFT JOIN owners ON owners.org_id = o.id
         LEFT JOIN parents ON parents.org_id = o.parent_id
         WHERE (${sql.owes}) AND ($3::uuid IS NULL OR o.id = $3) AND NOT (${sql.fulfilled})`,
        [ORG_ROLES, PARENT_ROLES, subjectId ?? null, deadline.year],
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
      return (await this.compliance(deadline.year, subjectId)).compliant(subjectId);
    }
    const sql = this.orgObligationSql(deadline, '$2');
    const rows: { owes: boolean; fulfilled: boolean }[] = await this.dataSource.query(
      `SELECT (${sql.owes}) AS owes, (${sql.fulfilled}) AS fulfilled FROM rm_orgs o WHERE o.id = $1`,
      [subjectId, deadline.year],
    );
    const row = rows[0];
    // An org that does not owe this deadline (any more) has nothing to be reminded of.
    return !row || !row.owes || row.fulfilled;
  }

  private orgObligationSql(deadline: Deadline, year: string): OrgObligationSql {
    /** District bureaus and the departments directly under the city (not a district's departments). */
    const reporters = `o.kind = 'district' OR (o.kind = 'department' AND o.district_id IS NULL)`;
    switch (deadline.kind) {
      case 'project_catalogue':
        return {
          owes: `o.kind IN ('unit', 'district', 'department')`,
          fulfilled: `EXISTS (SELECT 1 FROM rm_training_projects p
                      WHERE p.organizer_org_id = o.id AND p.year = ${year} AND p.status <> 'withdrawn')`,
        };
      case 'training_plan':
        return {
          owes: reporters,
          fulfilled: `EXISTS (SELECT 1 FROM rm_training_plans p
                      WHERE p.org_id = o.id AND p.year = ${year} AND p.status NOT IN ${DROPPED})`,
        };
      case 'statistics':
        return {
          owes: reporters,
          fulfilled: `(SELECT count(DISTINCT s.form) FROM rm_statistics_reports s
                WHERE s.org_id = o.id AND s.year = ${year} AND s.form IN ${STATISTICS_FORMS}
                  AND s.status NOT IN ${DROPPED}) = 2`,
        };
      case 'training_year_end':
        throw new Error('the training year is owed by professionals, not organisations');
    }
  }

  private async compliance(year: number, personId?: string) {
    if (personId) {
      const ledger = await this.ledgers.ofPersonYear(personId, year);
      return { compliant: (id: string) => id === personId && ledger.status === 'compliant' };
    }
    const { ledgers } = await this.ledgers.ofYear(year);
    return { compliant: (id: string) => ledgers.get(id)?.status === 'compliant' };
  }

  private async professionalsShort(deadline: Deadline, personId?: string): Promise<Obligation[]> {
    const ledger = await this.compliance(deadline.year, personId);
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
