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
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { CurrentActor, Roles, commandContext, requestIdOf } from '@ce/identity';
import { type Actor, CLOCK, type Clock, hasRole } from '@ce/kernel';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { PLAN_SUBMITTER_ROLES, TrainingPlansService } from '../training-plans.service';
import { PdfUploadLimitInterceptor, type UploadedPdf } from './pdf-upload';

const STATUSES = ['in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;

class SubmitPlanFormDto {
  @ApiProperty({ example: 2020, description: '方案所属年度' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({
    description: '报送单位: the caller’s own district bureau or city-direct department (admins: any)',
  })
  @IsUUID()
  orgId!: string;
}

class ListPlansQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsString() after?: string;
}

interface PlanListRow {
  id: string;
  year: number;
  org_id: string;
  org_name: string;
  district_id: string | null;
  file_name: string;
  sha256: string;
  size: number;
  status: string;
  submitted_by: string | null;
  submitted_at: Date;
  updated_at: Date;
}

const PDF_SCHEMA = {
  schema: {
    type: 'object',
    required: ['file', 'year', 'orgId'],
    properties: {
      file: { type: 'string', format: 'binary', description: '盖章的培训方案 (PDF)' },
      year: { type: 'integer', example: 2020 },
      orgId: { type: 'string', format: 'uuid' },
    },
  },
};

/** RFC 5987 `filename*` value: UTF-8, percent-encoded, only attr-chars left as they are. */
export function contentDisposition(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const ascii = /^[\x20-\x7e]+$/.test(fileName) && !/["\\]/.test(fileName) ? fileName : fallback;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

@ApiTags('training-plans')
@ApiBearerAuth()
@Controller('api/v1/training-plans')
export class TrainingPlansController {
  constructor(
    private readonly plans: TrainingPlansService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The year's plan of a district bureau or city-direct department: a stamped PDF (multipart field `file`). */
  @Post()
  @Roles(...PLAN_SUBMITTER_ROLES)
  @UseInterceptors(PdfUploadLimitInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody(PDF_SCHEMA)
  submit(
    @UploadedFile() file: UploadedPdf | undefined,
    @Body() form: SubmitPlanFormDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.plans.submit(file, form, commandContext(actor, this.clock, req));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.plans.view(await this.plans.requireVisible(id, actor));
  }

  /** The plan's PDF as uploaded, its bytes checked against the SHA-256 the events recorded. */
  @Get(':id/file')
  @ApiProduces('application/pdf')
  async file(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.plans.file(id, actor);
    res.setHeader('ETag', `"${file.sha256}"`);
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('Cache-Control', 'private, no-cache');
    return new StreamableFile(file.bytes, {
      type: 'application/pdf',
      length: file.bytes.length,
      disposition: contentDisposition(file.fileName, `training-plan-${id}.pdf`),
    });
  }

  /** Plans of the caller's organisation and those below it, or everywhere (city bureau, admin, auditor). */
  @Get()
  async list(@Query() query: ListPlansQuery, @CurrentActor() actor: Actor) {
    const everywhere = hasRole(actor, 'admin', 'auditor', 'city_reviewer');
    const staff = actor.roles.some((r) => r !== 'person');
    if (!staff) return { items: [] };
    const rows: PlanListRow[] = await this.dataSource.query(
      `SELECT p.id, p.year, p.org_id, p.org_name, p.district_id, p.file_name, p.sha256, p.size, p.status,
              p.submitted_by, p.submitted_at, p.updated_at
         FROM rm_training_plans p
         LEFT JOIN rm_orgs o ON o.id = p.org_id
        WHERE ($1::int IS NULL OR p.year = $1) AND ($2::text IS NULL OR p.status = $2)
          AND ($3::uuid IS NULL OR p.org_id = $3)
          AND ($4::uuid IS NULL OR $4 = ANY (o.ancestors) OR p.submitted_by = $5)
        ORDER BY p.submitted_at DESC, p.id LIMIT 500`,
      [
        query.year ?? null,
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
        fileName: r.file_name,
        sha256: r.sha256,
        size: r.size,
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
    return this.plans.applicantAction(id, { type: 'withdraw' }, actor, requestIdOf(req));
  }

  @Post(':id/urge')
  @HttpCode(200)
  urge(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.plans.applicantAction(id, { type: 'urge' }, actor, requestIdOf(req));
  }

  /** A returned plan with a corrected PDF (multipart field `file`), back to the first step of its chain. */
  @Post(':id/resubmit')
  @HttpCode(200)
  @UseInterceptors(PdfUploadLimitInterceptor, FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: '修改后的培训方案 (PDF)' } },
    },
  })
  resubmit(
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedPdf | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.plans.resubmit(id, file, actor, requestIdOf(req));
  }
}
