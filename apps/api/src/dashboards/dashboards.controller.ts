import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { YearLedgers } from '@ce/hours';
import { CalendarService, ObligationsService } from '@ce/reminders';
import { CurrentActor, Roles } from '@ce/identity';
import { type Actor, hasRole } from '@ce/kernel';
import { DataSource } from 'typeorm';

class YearQuery {
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  /** Read-your-writes position (handled by the consistency interceptor). */
  @IsOptional() @IsString() after?: string;
}

type YearStatus = 'not_started' | 'in_progress' | 'compliant' | 'non_compliant';

export interface DistrictCompliance {
  /** `null`: the units directly under the city (市直). */
  districtId: string | null;
  districtName: string;
  persons: number;
  byStatus: Record<YearStatus, number>;
  /** compliant / persons, 0..1 (0 when nobody is registered). */
  rate: number;
}

/** Who sees the whole city: everybody else sees the organisations at and below their own. */
const CITY_WIDE = ['admin', 'auditor', 'city_reviewer'] as const;

/**
 * Figures for the dashboards of bureaus and departments, computed from the read models with the same
 * rules as every person's year ledger (competition caps included).
 */
@ApiTags('dashboards')
@ApiBearerAuth()
@Controller('api/v1/dashboards')
export class DashboardsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledgers: YearLedgers,
    private readonly calendar: CalendarService,
    private readonly obligations: ObligationsService,
  ) {}

  /** Each deadline of the year: how many (organisations or professionals) owe it and how many have fulfilled it. */
  @Get('deadlines')
  @Roles('admin', 'auditor', 'city_reviewer', 'district_reviewer', 'department_reviewer', 'unit_admin')
  async deadlines(@Query() query: YearQuery, @CurrentActor() actor: Actor) {
    const scope = hasRole(actor, ...CITY_WIDE) ? null : actor.orgId;
    const deadlines = await this.calendar.deadlines(query.year);
    return Promise.all(
      deadlines.map(async (d) => ({
        deadlineId: d.id,
        kind: d.kind,
        dueAt: d.dueAt,
        ...(await this.obligations.summary(d, scope)),
      })),
    );
  }

  /** People's years by district: how many are compliant, in progress, not started (or closed short). */
  @Get('compliance')
  @Roles('admin', 'auditor', 'city_reviewer', 'district_reviewer', 'department_reviewer', 'unit_admin')
  async compliance(@Query() query: YearQuery, @CurrentActor() actor: Actor) {
    const scope = hasRole(actor, ...CITY_WIDE) ? null : actor.orgId;
    const persons: { id: string; district_id: string | null; district_name: string | null }[] =
      await this.dataSource.query(
        `SELECT p.id, u.district_id, d.name AS district_name
           FROM rm_persons p
           JOIN rm_orgs u ON u.id = p.unit_id
           LEFT JOIN rm_orgs d ON d.id = u.district_id
          WHERE $1::uuid IS NULL OR $1 = ANY (p.org_ancestors) OR p.unit_id = $1`,
        [scope],
      );
    const { ledgers, empty: nothing } = await this.ledgers.ofYear(query.year, scope);
    const districts = new Map<string, DistrictCompliance>();
    const empty = (): Record<YearStatus, number> => ({
      not_started: 0,
      in_progress: 0,
      compliant: 0,
      non_compliant: 0,
    });
    for (const p of persons) {
      const key = p.district_id ?? 'city';
      const row = districts.get(key) ?? {
        districtId: p.district_id,
        districtName: p.district_name ?? '市直',
        persons: 0,
        byStatus: empty(),
        rate: 0,
      };
      const status = (ledgers.get(p.id) ?? nothing).status;
      row.persons += 1;
      row.byStatus[status] += 1;
      districts.set(key, row);
    }
    const rows = [...districts.values()]
      .map((d) => ({ ...d, rate: d.persons === 0 ? 0 : d.byStatus.compliant / d.persons }))
      .sort((a, b) =>
        a.districtId === null
          ? 1
          : b.districtId === null
            ? -1
            : a.districtName.localeCompare(b.districtName, 'zh-CN'),
      );
    const total = rows.reduce(
      (acc, d) => {
        acc.persons += d.persons;
        for (const k of Object.keys(acc.byStatus) as YearStatus[]) acc.byStatus[k] += d.byStatus[k];
        return acc;
      },
      { persons: 0, byStatus: empty() },
    );
    return {
      year: query.year,
      closed: this.ledgers.isClosed(query.year),
      total: { ...total, rate: total.persons === 0 ? 0 : total.byStatus.compliant / total.persons },
      districts: rows,
    };
  }
}
