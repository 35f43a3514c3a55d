import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { CurrentActor, Roles } from '@ce/identity';
import type { Actor } from '@ce/kernel';
import { ReadsEventStore } from '@ce/kernel/nest';
import type { Response } from 'express';
import { AuditService, CSV_HEADER, type FeedFilter, csvLine } from '../audit.service';

class HistoryQuery {
  @IsOptional() @IsISO8601() asOf?: string;
}

class FeedQuery {
  @IsOptional() @IsString() @Length(1, 100) after?: string;
  /** Comma-separated event types. */
  @IsOptional() @IsString() @Length(1, 2000) types?: string;
  @IsOptional() @IsString() @Length(1, 200) streamPrefix?: string;
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

class ExportQuery extends FeedQuery {
  @IsOptional() @IsIn(['jsonl', 'csv']) format?: 'jsonl' | 'csv';
}

class VerifyDto {
  @IsOptional() @IsString() @Length(1, 300) streamId?: string;
}

function filterOf(q: FeedQuery): FeedFilter {
  return {
    ...(q.types
      ? {
          types: q.types
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        }
      : {}),
    ...(q.streamPrefix ? { streamPrefix: q.streamPrefix } : {}),
    ...(q.orgId ? { orgId: q.orgId } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
  };
}

/** Auditors read everything and decide nothing; every read is itself recorded. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
@Roles('auditor', 'admin')
@ReadsEventStore()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('streams/:streamId')
  async history(
    @Param('streamId') streamId: string,
    @Query() query: HistoryQuery,
    @CurrentActor() actor: Actor,
  ) {
    const result = await this.audit.history(streamId, query.asOf ? new Date(query.asOf) : undefined);
    await this.audit.recordAccess(actor, 'stream-history', { streamId, asOf: query.asOf ?? null });
    return result;
  }

  @Get('events')
  async feed(@Query() query: FeedQuery, @CurrentActor() actor: Actor) {
    const page = await this.audit.feed(filterOf(query), query.after ?? null, query.limit ?? 100);
    await this.audit.recordAccess(actor, 'event-feed', {
      after: query.after ?? null,
      types: query.types ?? null,
    });
    return { items: page.items, next: page.next };
  }

  /** The filtered feed as JSON Lines or CSV (UTF-8 with BOM, so Excel shows the Chinese), streamed. */
  @Get('events/export')
  async export(@Query() query: ExportQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    const format = query.format ?? 'jsonl';
    await this.audit.recordAccess(actor, 'event-export', {
      format,
      types: query.types ?? null,
      streamPrefix: query.streamPrefix ?? null,
    });
    res.status(200);
    res.setHeader(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    );
    res.setHeader('Content-Disposition', `attachment; filename="audit-events.${format}"`);
    if (format === 'csv') res.write(`\uFEFF${CSV_HEADER}\r\n`);
    for await (const page of this.audit.feedAll(filterOf(query), query.after ?? null)) {
      if (page.items.length === 0) continue;
      const chunk = page.items
        .map((e) => (format === 'csv' ? `${csvLine(e)}\r\n` : `${JSON.stringify(e)}\n`))
        .join('');
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
    res.end();
  }

  @Post('verify')
  @HttpCode(200)
  async verify(@Body() body: VerifyDto, @CurrentActor() actor: Actor) {
    const result = await this.audit.verify(body.streamId);
    await this.audit.recordAccess(actor, 'verify', {
      streamId: body.streamId ?? null,
      ok: result.ok ? 1 : 0,
    });
    return result;
  }

  @Get('checkpoints')
  async checkpoints() {
    return { items: await this.audit.checkpoints.list() };
  }

  @Post('checkpoints')
  @HttpCode(201)
  async checkpoint() {
    return (
      (await this.audit.checkpoints.create()) ?? {
        created: false,
        reason: 'nothing new since the last checkpoint',
      }
    );
  }
}
