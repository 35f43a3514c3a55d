import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { CurrentActor, Roles, commandContext, requestIdOf } from '@ce/identity';
import { type Actor, CLOCK, type Clock, hasRole } from '@ce/kernel';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { STATISTICS_FORMS, type StatisticsForm } from '../domain/forms';
import { MAX_ROWS } from '../domain/report.rules';
import { REPORTER_ROLES, StatisticsReportsService } from '../statistics-reports.service';

const STATUSES = ['in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;

const ROWS_DESCRIPTION =
  'Rows name fields exactly as the form prints them; fields left out count as zero rows. ' +
  'knowledge_update (附件3): { field, thisYear: { urgentTalent, jobTraining, overseas }, nextYear: {…}, note? }; ' +
  'major_strategy (附件4): { group, field, thisYear: { total, nonPublic }, nextYear: {…}, note? }. ' +
  'Counts are non-negative integers; nonPublic ≤ total.';

class SubmitReportDto {
  @ApiProperty({ example: 2020 }) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ description: '填报单位: the caller’s district bureau or city department' })
  @IsUUID()
  orgId!: string;
  @ApiProperty({ enum: STATISTICS_FORMS }) @IsIn(STATISTICS_FORMS) form!: StatisticsForm;
  @ApiProperty({ example: 12.5, description: '专项经费 / 投入经费 (万元), at most two decimals' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  fundingWan!: number;
  @ApiProperty({
    description: ROWS_DESCRIPTION,
    type: 'array',
    items: { type: 'object' },
    example: [
      {
        field: '信息',
        thisYear: { urgentTalent: 120, jobTraining: 300, overseas: 2 },
        nextYear: { urgentTalent: 150, jobTraining: 320, overseas: 3 },
      },
    ],
  })
  @IsArray()
  @ArrayMaxSize(MAX_ROWS)
  rows!: unknown[];
}

class ResubmitReportDto {
  @ApiPropertyOptional({ example: 15 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  fundingWan?: number;
  @ApiPropertyOptional({ description: ROWS_DESCRIPTION, type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ROWS)
  rows?: unknown[];
}

class CommentBodyDto {
  @ApiProperty() @IsString() @Length(1, 2000) text!: string;
}

class ListReportsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsIn(STATISTICS_FORMS) form?: StatisticsForm;
  @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsString() after?: string;
}

interface ReportListRow {
  id: string;
  year: number;
  org_id: string;
  org_name: string;
  district_id: string | null;
  form: StatisticsForm;
  status: string;
  funding_wan: string;
  submitted_by: string | null;
  submitted_at: Date;
  updated_at: Date;
}

/** Statistics reports (附件3, 附件4): filed by district bureaus and city departments, approved by the city bureau. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/statistics-reports')
export class StatisticsReportsController {
  constructor(
    private readonly reports: StatisticsReportsService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...REPORTER_ROLES)
  submit(@Body() body: SubmitReportDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.reports.submit(body, commandContext(actor, this.clock, req));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.reports.view(await this.reports.requireVisible(id, actor));
  }

  /** Reports of the caller's organisation and those below it, or everywhere (city, admin, auditor). */
  @Get()
  async list(@Query() query: ListReportsQuery, @CurrentActor() actor: Actor) {
    const everywhere = hasRole(actor, 'admin', 'auditor', 'city_reviewer');
    const nobody = actor.roles.every((r) => r === 'person');
    if (nobody) return { items: [] };
    const rows: ReportListRow[] = await this.dataSource.query(
      `SELECT r.id, r.year, r.org_id, r.org_name, r.district_id, r.form, r.status, r.funding_wan::text AS funding_wan,
              r.submitted_by, r.submitted_at, r.updated_at
         FROM rm_statistics_reports r
         LEFT JOIN rm_orgs o ON o.id = r.org_id
        WHERE ($1::int IS NULL OR r.year = $1) AND ($2::text IS NULL OR r.form = $2)
          AND ($3::text IS NULL OR r.status = $3) AND ($4::uuid IS NULL OR r.org_id = $4)
          AND ($5::uuid IS NULL OR $5 = ANY (o.ancestors) OR r.submitted_by = $6)
        ORDER BY r.submitted_at DESC, r.id LIMIT 500`,
      [
        query.year ?? null,
        query.form ?? null,
        query.status ?? null,
        query.orgId ?? null,
        everywhere ? null : actor.orgId,
        actor.userId,
      ],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        year: r.year,
        orgId: r.org_id,
        orgName: r.org_name,
        districtId: r.district_id,
        form: r.form,
        fundingWan: Number(r.funding_wan),
        status: r.status,
        submittedBy: r.submitted_by,
        submittedAt: r.submitted_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      })),
    };
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.reports.applicantAction(id, { type: 'withdraw' }, actor, requestIdOf(req));
  }

  @Post(':id/urge')
  @HttpCode(200)
  urge(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.reports.applicantAction(id, { type: 'urge' }, actor, requestIdOf(req));
  }

  @Post(':id/comments')
  @HttpCode(200)
  comment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CommentBodyDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.reports.applicantAction(id, { type: 'comment', text: body.text }, actor, requestIdOf(req));
  }

  /** A returned report with changed money or rows (not its organisation, year or form) back to the city bureau. */
  @Post(':id/resubmit')
  @HttpCode(200)
  resubmit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResubmitReportDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.reports.resubmit(
      id,
      {
        ...(body.fundingWan !== undefined ? { fundingWan: body.fundingWan } : {}),
        ...(body.rows !== undefined ? { rows: body.rows } : {}),
      },
      actor,
      requestIdOf(req),
    );
  }
}
