import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { CurrentActor, IdentityService, requestIdOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  DomainError,
  InvalidInputError,
  NotFoundError,
  type Role,
  hasRole,
} from '@ce/kernel';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ApprovalSubjects, type TaskCommand, type TaskOutcome } from '../approval-subjects';
import { ROLE_FOR_LEVEL, parseTaskId } from '../domain/approval-flow';
import { type Level, SUBJECT_TYPES, type SubjectType } from '../domain/chain-policy';

class CommentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) comment?: string;
}
class ReturnDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
  @ApiPropertyOptional({ enum: ['applicant', 'previous'] })
  @IsOptional()
  @IsIn(['applicant', 'previous'])
  to?: 'applicant' | 'previous';
}
class RejectDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}
class TransferDto {
  @ApiProperty() @IsUUID() toUserId!: string;
}
class BatchApproveDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  taskIds!: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) comment?: string;
}
class InboxQuery {
  @IsOptional() @IsIn(SUBJECT_TYPES) subjectType?: SubjectType;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional() @IsIn(['open', 'claimed']) status?: 'open' | 'claimed';
  @ApiPropertyOptional({ description: "the applicant's district bureau (city-direct applicants have none)" })
  @IsOptional()
  @IsUUID()
  districtId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only tasks past their due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @Length(1, 200) cursor?: string;
  @IsOptional() @IsString() after?: string;
}

interface TaskRowRaw {
  id: string;
  subject_type: string;
  subject_id: string;
  level: string;
  org_id: string;
  district_id: string | null;
  status: string;
  claimed_by: string | null;
  created_at: Date;
  due_at: Date;
  year: number | null;
  applicant_name: string | null;
  hours: string | null;
  title: string;
  urged_count: number;
}

const LEVELS_BY_ROLE = Object.entries(ROLE_FOR_LEVEL) as [Level, Role][];

const encodeCursor = (dueAt: Date, id: string): string =>
  Buffer.from(JSON.stringify([dueAt.toISOString(), id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [due, id] = value as unknown[];
      if (typeof id === 'string' && typeof due === 'string' && !Number.isNaN(Date.parse(due)))
        return [due, id];
    }
  } catch {
    // fall through
  }
  throw new InvalidInputError('REQUEST.INVALID_CURSOR', '分页游标无效', [
    { field: 'cursor', message: 'not a cursor of this list' },
  ]);
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    private readonly subjects: ApprovalSubjects,
    private readonly identity: IdentityService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The caller's inbox: tasks of their organisation at the levels their roles decide (auditors: all). */
  @Get()
  async inbox(@Query() query: InboxQuery, @CurrentActor() actor: Actor) {
    const everything = hasRole(actor, 'auditor');
    const levels = LEVELS_BY_ROLE.filter(([, role]) => actor.roles.includes(role)).map(([level]) => level);
    if (!everything && levels.length === 0)
      return {
        now: this.clock.now().toISOString(),
        items: [],
        nextCursor: null,
        counts: { open: 0, claimed: 0 },
      };
    const limit = query.limit ?? 50;
    const [cursorDue, cursorId] = query.cursor ? decodeCursor(query.cursor) : [null, null];
    const now = this.clock.now();
    const overdueBefore = query.overdue === 'true' ? now : null;
    const params = [
      everything ? null : actor.orgId,
      everything ? null : levels,
      query.subjectType ?? null,
      query.year ?? null,
      query.districtId ?? null,
      overdueBefore,
    ];
    const counted = `($1::uuid IS NULL OR org_id = $1) AND ($2::text[] IS NULL OR level = ANY ($2))
      AND ($3::text IS NULL OR subject_type = $3) AND ($4::int IS NULL OR year = $4)`;
    const scope = `${counted} AND ($5::uuid IS NULL OR district_id = $5)
      AND ($6::timestamptz IS NULL OR due_at < $6)`;
    const where = `${scope} AND ($7::text IS NULL OR status = $7)`;
    // Keyset pagination on (due_at, id): no OFFSET, constant cost per page however deep.
    const rows: TaskRowRaw[] = await this.dataSource.query(
      `SELECT id, subject_type, subject_id, level, org_id, district_id, status, claimed_by, created_at, due_at, year,
              applicant_name, hours::text AS hours, title, urged_count
         FROM rm_tasks
        WHERE ${where}
          AND ($8::boolean IS FALSE OR (due_at, id) > ($9::timestamptz, $10::text))
        ORDER BY due_at, id
        LIMIT $11`,
      [...params, query.status ?? null, cursorId !== null, cursorDue, cursorId ?? '', limit + 1],
    );
    // The counters have no district or due date: with those filters, count the matching rows instead
    // (both use an index on rm_tasks), so the counts always describe the list they come with.
    const counts: { status: string; n: number }[] =
      params[4] === null && params[5] === null
        ? await this.dataSource.query(
            `SELECT status, sum(n)::int AS n FROM rm_task_counts WHERE ${counted} GROUP BY status`,
            params.slice(0, 4),
          )
        : await this.dataSource.query(
            `SELECT status, count(*)::int AS n FROM rm_tasks WHERE ${scope} GROUP BY status`,
            params,
          );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      // The domain clock's now, so that clients mark overdue tasks by the same clock as `overdue=true`.
      now: now.toISOString(),
      items: page.map((r) => ({
        id: r.id,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        level: r.level,
        orgId: r.org_id,
        districtId: r.district_id,
        status: r.status,
        claimedBy: r.claimed_by,
        createdAt: r.created_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        summary: r.title,
        applicantName: r.applicant_name,
        year: r.year,
        hours: r.hours === null ? null : Number(r.hours),
        urgedCount: r.urged_count,
        overdue: r.due_at.getTime() < now.getTime(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.due_at, last.id) : null,
      counts: {
        open: counts.find((c) => c.status === 'open')?.n ?? 0,
        claimed: counts.find((c) => c.status === 'claimed')?.n ?? 0,
      },
    };
  }

  @Post('approve-batch')
  @HttpCode(200)
  async approveBatch(@Body() body: BatchApproveDto, @CurrentActor() actor: Actor) {
    const results: { taskId: string; ok: boolean; code?: string; status?: string; position?: string }[] = [];
    for (const taskId of body.taskIds) {
      try {
        const outcome = await this.run(taskId, actor, (activation) => ({
          type: 'approve',
          activation,
          ...(body.comment ? { comment: body.comment } : {}),
        }));
        results.push({ taskId, ok: true, status: outcome.status, position: outcome.position });
      } catch (error) {
        if (!(error instanceof DomainError) && !(error instanceof Error && 'code' in error)) throw error;
        results.push({ taskId, ok: false, code: String((error as { code: unknown }).code) });
      }
    }
    return { results };
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(
    @Param('id') id: string,
    @Body() body: CommentDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.run(
      id,
      actor,
      (activation) => ({ type: 'approve', activation, ...(body.comment ? { comment: body.comment } : {}) }),
      req,
    );
  }

  @Post(':id/return')
  @HttpCode(200)
  giveBack(
    @Param('id') id: string,
    @Body() body: ReturnDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.run(
      id,
      actor,
      (activation) => ({ type: 'return', activation, reason: body.reason, to: body.to ?? 'applicant' }),
      req,
    );
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(
    @Param('id') id: string,
    @Body() body: RejectDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.run(id, actor, (activation) => ({ type: 'reject', activation, reason: body.reason }), req);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, actor, (activation) => ({ type: 'claim', activation }), req);
  }

  @Post(':id/release')
  @HttpCode(200)
  release(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.run(id, actor, (activation) => ({ type: 'release', activation }), req);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  async transfer(
    @Param('id') id: string,
    @Body() body: TransferDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    const target = await this.identity.getUser(body.toUserId);
    if (!target) throw new NotFoundError('USER.NOT_FOUND', '转办对象不存在');
    return this.run(id, actor, (activation) => ({ type: 'transfer', activation, to: target }), req);
  }

  private run(
    taskId: string,
    actor: Actor,
    command: (activation: number) => TaskCommand,
    req?: Request,
  ): Promise<TaskOutcome> {
    const parsed = parseTaskId(taskId);
    if (!parsed) throw new NotFoundError('TASK.NOT_FOUND', '待办不存在');
    return this.subjects
      .forStream(parsed.streamId)
      .execute(parsed.streamId, command(parsed.activation), actor, requestIdOf(req));
  }
}
