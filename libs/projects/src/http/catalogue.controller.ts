import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { CurrentActor, OrgDirectory } from '@ce/identity';
import { type Actor, CLOCK, type Clock } from '@ce/kernel';
import { DataSource } from 'typeorm';
import { XLSX_CONTENT_TYPE, catalogueTitle, writeCatalogueWorkbook } from '../workbook/catalogue-workbook';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

class CatalogueQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() cityWide?: boolean;
  @IsOptional() @IsUUID() districtId?: string;
  @IsOptional() @IsUUID() organizerOrgId?: string;
  @IsOptional() @IsString() after?: string;
}

interface CatalogueRowRaw {
  id: string;
  year: number;
  organizer_org_id: string;
  organizer_name: string;
  district_id: string | null;
  name: string;
  hours: string;
  start_date: string;
  end_date: string;
  place: string;
  audience: string;
  contact: string;
  city_wide: boolean;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Date;
}

export interface CatalogueItem {
  id: string;
  year: number;
  organizerOrgId: string;
  organizerName: string;
  districtId: string | null;
  name: string;
  hours: number;
  startDate: string;
  endDate: string;
  place: string;
  audience: string;
  contact: string;
  cityWide: boolean;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string;
}

/** The published catalogue (附件1): approved training projects, for every signed-in user. */
@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/catalogue')
export class CatalogueController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Query() query: CatalogueQuery) {
    return { items: await this.items(query) };
  }

  /** 附件1 as the notice prints it, for the year asked (default: this year). */
  @Get('export')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async export(@Query() query: CatalogueQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const year =
      query.year ?? Number(new Date(this.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
    const items = await this.items({ ...query, year });
    const reporter = await this.orgs.get(actor.orgId);
    const file = await writeCatalogueWorkbook({ year, reporterName: reporter?.name ?? '', items });
    const filename = `${catalogueTitle(year)}.xlsx`;
    return new StreamableFile(file, {
      type: XLSX_CONTENT_TYPE,
      length: file.length,
      disposition: `attachment; filename="training-project-catalogue-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  }

  private async items(query: CatalogueQuery): Promise<CatalogueItem[]> {
    const rows: CatalogueRowRaw[] = await this.dataSource.query(
      `SELECT c.id, c.year, c.organizer_org_id, c.organizer_name, c.district_id, c.name, c.hours::text AS hours,
              c.start_date::text AS start_date, c.end_date::text AS end_date, c.place, c.audience, c.contact,
              c.city_wide, c.approved_by, u.display_name AS approved_by_name, c.approved_at
         FROM rm_catalogue c
         LEFT JOIN rm_users u ON u.id = c.approved_by
        WHERE ($1::int IS NULL OR c.year = $1) AND ($2::boolean IS NULL OR c.city_wide = $2)
          AND ($3::uuid IS NULL OR c.district_id = $3) AND ($4::uuid IS NULL OR c.organizer_org_id = $4)
        ORDER BY c.year, c.start_date, c.organizer_name, c.name, c.id
        LIMIT 5000`,
      [query.year ?? null, query.cityWide ?? null, query.districtId ?? null, query.organizerOrgId ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      year: r.year,
      organizerOrgId: r.organizer_org_id,
      organizerName: r.organizer_name,
      districtId: r.district_id,
      name: r.name,
      hours: Number(r.hours),
      startDate: r.start_date,
      endDate: r.end_date,
      place: r.place,
      audience: r.audience,
      contact: r.contact,
      cityWide: r.city_wide,
      approvedBy: r.approved_by,
      approvedByName: r.approved_by_name,
      approvedAt: r.approved_at.toISOString(),
    }));
  }
}
