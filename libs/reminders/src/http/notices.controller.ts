import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@ce/identity';
import { type Actor, CLOCK, type Clock, NotFoundError } from '@ce/kernel';
import { DataSource } from 'typeorm';

interface NoticeRow {
  id: string;
  kind: string;
  deadline_id: string | null;
  subject_id: string | null;
  message: string;
  created_at: Date;
  late: boolean;
  read_at: Date | null;
}

const view = (r: NoticeRow) => ({
  id: r.id,
  kind: r.kind,
  ...(r.deadline_id ? { deadlineId: r.deadline_id } : {}),
  ...(r.subject_id ? { subjectId: r.subject_id } : {}),
  message: r.message,
  createdAt: r.created_at.toISOString(),
  late: r.late,
  readAt: r.read_at ? r.read_at.toISOString() : null,
});

/** In-app notices: the caller's rows of the notice ledger. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('api/v1/notices')
export class NoticesController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query('unread') unread?: string) {
    const onlyUnread = unread === 'true' || unread === '1';
    const rows: NoticeRow[] = await this.dataSource.query(
      `SELECT id, kind, deadline_id, subject_id, message, created_at, late, read_at FROM notices
       WHERE recipient_id = $1 AND ($2::boolean = false OR read_at IS NULL)
       ORDER BY created_at DESC, id LIMIT 500`,
      [actor.userId, onlyUnread],
    );
    return rows.map(view);
  }

  @Post(':id/read')
  @HttpCode(200)
  async read(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const rows: NoticeRow[] = await this.dataSource.query(
      `WITH updated AS (
         UPDATE notices SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND recipient_id = $2
         RETURNING id, kind, deadline_id, subject_id, message, created_at, late, read_at)
       SELECT * FROM updated`,
      [id, actor.userId, this.clock.now()],
    );
    const [row] = rows;
    if (!row) throw new NotFoundError('NOTICE.NOT_FOUND', '通知不存在');
    return view(row);
  }
}
