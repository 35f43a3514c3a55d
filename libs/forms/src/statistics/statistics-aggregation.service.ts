import { Injectable } from '@nestjs/common';
import { OrgDirectory } from '@ce/identity';
import { type Actor, ForbiddenError, NotFoundError, type Role, hasRole } from '@ce/kernel';
import { DataSource } from 'typeorm';
import type { StatisticsForm } from './domain/forms';
import { type ReportRow, rowsFromTotals } from './domain/report.rules';

/** Who may read the sums: the city (all), a district bureau (its district), a department (its own). */
export const AGGREGATE_ROLES: readonly Role[] = [
  'district_reviewer',
  'department_reviewer',
  'city_reviewer',
  'auditor',
  'admin',
];

const CITY_ROLES: readonly Role[] = ['city_reviewer', 'auditor', 'admin'];

export interface DistrictSum {
  /** null: the departments directly under the city (市直). */
  readonly districtId: string | null;
  readonly districtName: string;
  readonly fundingWan: number;
  readonly reports: number;
}

export interface StatisticsSum {
  readonly form: StatisticsForm;
  readonly year: number;
  readonly districtId: string | null;
  /** Every field of the form in the notice's order, summed over the approved reports. */
  readonly rows: readonly ReportRow[];
  readonly fundingWan: number;
  readonly reports: number;
  /** Names of the organisations whose approved reports are summed. */
  readonly organisations: readonly string[];
  /** City callers only: the same per district bureau, and the city departments as one line. */
  readonly byDistrict?: readonly DistrictSum[];
}

/** Which approved reports a caller sums: everywhere (city) or below one organisation, optionally one district. */
interface Scope {
  readonly below: string | null;
  readonly districtId: string | null;
  readonly city: boolean;
}

const CITY_DIRECT_NAME = '市直部门';

/** Sums of approved statistics reports, from the read models (rm_statistics_field_totals and rm_statistics_reports). */
@Injectable()
export class StatisticsAggregationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgDirectory,
  ) {}

  async sum(
    actor: Actor,
    form: StatisticsForm,
    year: number,
    districtId: string | undefined,
  ): Promise<StatisticsSum> {
    const scope = await this.scopeOf(actor, districtId);
    const params = [year, form, scope.districtId, scope.below];
    const totals: {
      field: string;
      this_1: string;
      this_2: string;
      this_3: string;
      next_1: string;
      next_2: string;
      next_3: string;
    }[] = await this.dataSource.query(
      `SELECT t.field, sum(t.this_1)::text AS this_1, sum(t.this_2)::text AS this_2, sum(t.this_3)::text AS this_3,
              sum(t.next_1)::text AS next_1, sum(t.next_2)::text AS next_2, sum(t.next_3)::text AS next_3
         FROM rm_statistics_field_totals t
        WHERE t.year = $1 AND t.form = $2 AND ($3::uuid IS NULL OR t.district_id = $3)
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM rm_orgs o WHERE o.id = t.org_id AND $4 = ANY (o.ancestors)))
        GROUP BY t.field`,
      params,
    );
    const [summary]: { funding: string; reports: number; organisations: string[] }[] =
      await this.dataSource.query(
        `SELECT coalesce(sum(r.funding_wan), 0)::text AS funding, count(*)::int AS reports,
                coalesce(array_agg(r.org_name ORDER BY r.submitted_at, r.id) FILTER (WHERE r.id IS NOT NULL), '{}')
                  AS organisations
           FROM rm_statistics_reports r
          WHERE r.status = 'approved' AND r.year = $1 AND r.form = $2 AND ($3::uuid IS NULL OR r.district_id = $3)
            AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM rm_orgs o WHERE o.id = r.org_id AND $4 = ANY (o.ancestors)))`,
        params,
      );
    const vectors = new Map(
      totals.map((t) => [
        t.field,
        {
          thisYear: [Number(t.this_1), Number(t.this_2), Number(t.this_3)],
          nextYear: [Number(t.next_1), Number(t.next_2), Number(t.next_3)],
        },
      ]),
    );
    return {
      form,
      year,
      districtId: scope.districtId,
      rows: rowsFromTotals(form, vectors).rows,
      fundingWan: Number(summary?.funding ?? 0),
      reports: summary?.reports ?? 0,
      organisations: summary?.organisations ?? [],
      ...(scope.city ? { byDistrict: await this.byDistrict(form, year) } : {}),
    };
  }

  private async byDistrict(form: StatisticsForm, year: number): Promise<DistrictSum[]> {
    const rows: {
      district_id: string | null;
      district_name: string | null;
      funding: string;
      reports: number;
    }[] = await this.dataSource.query(
      `SELECT o.id AS district_id, o.name AS district_name, coalesce(sum(r.funding_wan), 0)::text AS funding,
                count(r.id)::int AS reports, 0 AS city_direct, o.created_at
           FROM rm_orgs o
           LEFT JOIN rm_statistics_reports r
             ON r.district_id = o.id AND r.year = $1 AND r.form = $2 AND r.status = 'approved'
          WHERE o.kind = 'district'
          GROUP BY o.id, o.name, o.created_at
         UNION ALL
         SELECT NULL, NULL, coalesce(sum(r.funding_wan), 0)::text, count(*)::int, 1, NULL
           FROM rm_statistics_reports r
          WHERE r.district_id IS NULL AND r.year = $1 AND r.form = $2 AND r.status = 'approved'
          ORDER BY city_direct, created_at, district_name`,
      [year, form],
    );
    return rows.map((r) => ({
      districtId: r.district_id,
      districtName: r.district_name ?? CITY_DIRECT_NAME,
      fundingWan: Number(r.funding),
      reports: r.reports,
    }));
  }

  private async scopeOf(actor: Actor, districtId: string | undefined): Promise<Scope> {
    if (hasRole(actor, ...CITY_ROLES)) {
      if (districtId !== undefined) {
        const district = await this.orgs.get(districtId);
        if (district?.kind !== 'district') {
          throw new NotFoundError('STATISTICS.DISTRICT_NOT_FOUND', '区市人社局不存在');
        }
      }
      return { below: null, districtId: districtId ?? null, city: true };
    }
    if (districtId !== undefined && districtId !== actor.orgId) {
      throw new ForbiddenError('STATISTICS.OUTSIDE_JURISDICTION', '只能查看本单位及所辖单位的统计数据');
    }
    return { below: actor.orgId, districtId: districtId ?? null, city: false };
  }
}
