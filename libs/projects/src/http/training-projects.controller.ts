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
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  PartialType,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
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
import { TrainingProjectImportService } from '../training-project-import.service';
import { SUBMITTER_ROLES, TrainingProjectsService } from '../training-projects.service';
import {
  MAX_UPLOAD_BYTES,
  type UploadedFile as Upload,
  UploadLimitInterceptor,
  requireXlsx,
} from './xlsx-upload';

const STATUSES = ['in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;

class ProjectFieldsDto {
  @ApiProperty({ example: 2020 }) @IsInt() year!: number;
  @ApiProperty({ example: '中小学教师信息技术应用能力提升培训' }) @IsString() @Length(0, 300) name!: string;
  @ApiProperty({ example: 24, description: '学时, > 0 in 0.5 steps' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  hours!: number;
  @ApiProperty({ example: '2020-10-12' }) @IsDateString({ strict: true }) @Length(10, 10) startDate!: string;
  @ApiProperty({ example: '2020-10-14' }) @IsDateString({ strict: true }) @Length(10, 10) endDate!: string;
  @ApiProperty({ example: '芝罘区青少年校外活动中心' }) @IsString() @Length(0, 300) place!: string;
  @ApiProperty({ example: '全区中小学教师' }) @IsString() @Length(0, 300) audience!: string;
  @ApiProperty({ example: '王老师 0535-6600000' }) @IsString() @Length(0, 200) contact!: string;
}

class SubmitProjectDto extends ProjectFieldsDto {
  @ApiProperty({ description: '承办单位 (the submitter’s organisation or one below it)' })
  @IsUUID()
  organizerOrgId!: string;
  @ApiProperty({
    description: '是否面向全市; a district organiser’s project then also goes to the city bureau',
  })
  @IsBoolean()
  cityWide!: boolean;
}

class ResubmitProjectDto extends PartialType(ProjectFieldsDto) {}

class CommentBodyDto {
  @ApiProperty() @IsString() @Length(1, 2000) text!: string;
}

class ImportFormDto {
  @ApiPropertyOptional({ description: 'the catalogue’s year; default: the year of each row’s 培训时间' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

class ListProjectsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  @IsOptional() @IsUUID() organizerOrgId?: string;
  @IsOptional() @IsString() after?: string;
}

interface ProjectListRow {
  id: string;
  year: number;
  organizer_org_id: string;
  organizer_name: string;
  district_id: string | null;
  name: string;
  hours: string;
  start_date: string;
  end_date: string;
  city_wide: boolean;
  source: string;
  status: string;
  submitted_at: Date;
}

@ApiTags('training-projects')
@ApiBearerAuth()
@Controller('api/v1/training-projects')
export class TrainingProjectsController {
  constructor(
    private readonly projects: TrainingProjectsService,
    private readonly imports: TrainingProjectImportService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...SUBMITTER_ROLES)
  submit(@Body() body: SubmitProjectDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.projects.submit(body, commandContext(actor, this.clock, req));
  }

  /** 附件1 as an xlsx (multipart field `file`): every row checked, the good ones submitted. */
  @Post('import')
  @HttpCode(200)
  @Roles(...SUBMITTER_ROLES)
  @UseInterceptors(
    UploadLimitInterceptor,
    FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, year: { type: 'integer', example: 2020 } },
    },
  })
  import(
    @UploadedFile() file: Upload | undefined,
    @Body() form: ImportFormDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.imports.import(requireXlsx(file), form.year ?? null, commandContext(actor, this.clock, req));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.projects.view(await this.projects.requireVisible(id, actor));
  }

  /** Projects of the caller's organisation and those below it (reviewers), or everywhere (city, admin, auditor). */
  @Get()
  async list(@Query() query: ListProjectsQuery, @CurrentActor() actor: Actor) {
    const everywhere = hasRole(actor, 'admin', 'auditor', 'city_reviewer');
    const onlyPublished = actor.roles.every((r) => r === 'person');
    const rows: ProjectListRow[] = await this.dataSource.query(
      `SELECT p.id, p.year, p.organizer_org_id, p.organizer_name, p.district_id, p.name, p.hours::text AS hours,
              p.start_date::text AS start_date, p.end_date::text AS end_date, p.city_wide, p.source, p.status,
              p.submitted_at
         FROM rm_training_projects p
         LEFT JOIN rm_orgs o ON o.id = p.organizer_org_id
        WHERE ($1::int IS NULL OR p.year = $1) AND ($2::text IS NULL OR p.status = $2)
          AND ($3::uuid IS NULL OR p.organizer_org_id = $3)
          AND ($4::uuid IS NULL OR $4 = ANY (o.ancestors) OR p.submitted_by = $5)
          AND (NOT $6::boolean OR p.status = 'approved')
        ORDER BY p.submitted_at DESC, p.id LIMIT 500`,
      [
        query.year ?? null,
        query.status ?? null,
        query.organizerOrgId ?? null,
        everywhere || onlyPublished ? null : actor.orgId,
        actor.userId,
        onlyPublished,
      ],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        year: r.year,
        organizerOrgId: r.organizer_org_id,
        organizerName: r.organizer_name,
        districtId: r.district_id,
        name: r.name,
        hours: Number(r.hours),
        startDate: r.start_date,
        endDate: r.end_date,
        cityWide: r.city_wide,
        source: r.source,
        status: r.status,
        submittedAt: r.submitted_at.toISOString(),
      })),
    };
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.projects.applicantAction(id, { type: 'withdraw' }, actor, requestIdOf(req));
  }

  @Post(':id/urge')
  @HttpCode(200)
  urge(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.projects.applicantAction(id, { type: 'urge' }, actor, requestIdOf(req));
  }

  @Post(':id/comments')
  @HttpCode(200)
  comment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CommentBodyDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.projects.applicantAction(id, { type: 'comment', text: body.text }, actor, requestIdOf(req));
  }

  /** A returned project, amended (not its organiser or 面向全市, which fixed its chain), back to the first step. */
  @Post(':id/resubmit')
  @HttpCode(200)
  resubmit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResubmitProjectDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.projects.resubmit(id, body, actor, requestIdOf(req));
  }
}
