import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, type Clock, newId } from '@ce/kernel';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type Transporter, createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import {
  DEADLINE_LABELS,
  type Deadline,
  type DeadlineKind,
  plannedNotices,
  reminderJobId,
  shanghaiDay,
  supersededKinds,
} from './calendar';
import { CalendarService } from './calendar.service';
import { type Obligation, ObligationsService } from './obligations.service';
import { type WebhookPayload, signWebhook } from './webhooks';

export const REMINDERS_QUEUE = 'ce-reminders';
/** Deliveries to channels beyond in-app (webhooks), with retries and exponential backoff. */
export const DELIVERIES_QUEUE = 'ce-deliveries';
const WEBHOOK_TIMEOUT_MS = 5_000;
/** A notice handled more than this after its planned time is marked late (the system was down). */
export const LATE_AFTER_MS = 30 * 60_000;
const RECONCILE_PATTERN = '*/10 * * * *';
const WATCHDOG_MS = 5_000;
const ENQUEUE_CHUNK = 1_000;

export interface NoticeJob {
  obligation: string;
  recipient: string;
  kind: string;
  revision: string;
  deadlineId: string;
  deadlineKind: DeadlineKind;
  year: number;
  subjectId: string;
  at: string;
  message: string;
}

export type NoticeOutcome = 'sent' | 'duplicate' | 'fulfilled' | 'stale' | 'superseded';

function messageOf(deadline: Deadline, kind: string, obligation: Obligation, daysBefore?: number): string {
  const label = DEADLINE_LABELS[deadline.kind];
  const day = shanghaiDay(new Date(deadline.dueAt));
  if (kind === 'overdue_escalation') {
    return deadline.kind === 'training_year_end'
      ? `逾期提醒：${obligation.subjectName}${deadline.year}年度继续教育学时未达标（截止${day}），请督促补足。`
      : `逾期提醒：${obligation.subjectName}未在${day}前完成${label}，请督促办理。`;
  }
  return deadline.kind === 'training_year_end'
    ? `提醒：${deadline.year}年度继续教育学时尚未达标，${day}截止（还剩${daysBefore ?? 0}天），请尽快完成。`
    : `提醒：${label}截止日期为${day}（还剩${daysBefore ?? 0}天），请按时完成。`;
}

/**
 * Planner, reconciler and processor of reminders. PostgreSQL is the source of truth: the planner derives
 * what is due from the calendar and the read models, leaves out what the notice ledger already holds, and
 * enqueues delayed jobs with deterministic ids; Redis may lose everything and a re-plan rebuilds it.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly prefix: string;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly deliveries: Queue;
  private worker: Worker | null = null;
  private deliveryWorker: Worker | null = null;
  private mailer: Transporter | null = null;
  private workerConnection: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<{ planned: number; enqueued: number }> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly obligations: ObligationsService,
  ) {
    this.prefix = config.CE_REMINDERS_PREFIX;
    this.connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
    this.queue = new Queue(REMINDERS_QUEUE, { connection: this.connection, prefix: this.prefix });
    this.deliveries = new Queue(DELIVERIES_QUEUE, { connection: this.connection, prefix: this.prefix });
  }

  /** The queues, for the operators' dashboard. */
  queues(): Queue[] {
    return [this.queue, this.deliveries];
  }

  /** Redis key whose absence means Redis lost its data (restart without persistence, FLUSHALL). */
  get sentinelKey(): string {
    return `${this.prefix}:reminders:alive`;
  }

  onApplicationBootstrap(): void {
    if (this.config.ROLE === 'api') return;
    // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connection.
    this.workerConnection = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.worker = new Worker(REMINDERS_QUEUE, (job, token) => this.process(job, token), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: 50,
      // A worker killed mid-job: its jobs go back to waiting once their lock lapses (then the ledger dedupes).
      lockDuration: 10_000,
      stalledInterval: 5_000,
    });
    this.worker.on('error', (error) => {
      if (!this.stopped) this.logger.warn(`worker: ${String(error)}`);
    });
    if (this.config.CE_SMTP_URL) this.mailer = createTransport(this.config.CE_SMTP_URL);
    this.deliveryWorker = new Worker(
      DELIVERIES_QUEUE,
      (job: Job<{ noticeId: string }>) => this.channel(job),
      {
        connection: this.workerConnection,
        prefix: this.prefix,
        concurrency: 20,
      },
    );
    this.deliveryWorker.on('error', (error) => {
      if (!this.stopped) this.logger.warn(`delivery worker: ${String(error)}`);
    });
    this.timer = setInterval(() => void this.watchdog(), WATCHDOG_MS);
    this.timer.unref();
    void this.reconcile().catch((error: unknown) => {
      if (!this.stopped) this.logger.error(`first reconcile failed: ${String(error)}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    // Graceful: active jobs finish (or their locks lapse and another worker takes them over).
    await this.worker?.close();
    await this.deliveryWorker?.close();
    await this.queue.close();
    await this.deliveries.close();
    this.mailer?.close();
    await this.workerConnection?.quit().catch(() => this.workerConnection?.disconnect());
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async watchdog(): Promise<void> {
    try {
      if ((await this.connection.exists(this.sentinelKey)) === 0) {
        this.logger.warn('Redis lost the reminder schedule; re-planning from PostgreSQL');
        await this.reconcile();
      }
    } catch (error) {
      if (!this.stopped) this.logger.warn(`watchdog: ${String(error)}`);
    }
  }

  /** Re-plans from PostgreSQL (single flight per process). */
  reconcile(): Promise<{ planned: number; enqueued: number }> {
    this.running ??= this.plan().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async plan(): Promise<{ planned: number; enqueued: number }> {
    const now = this.clock.now();
    const year = Number(shanghaiDay(now).slice(0, 4));
    let planned = 0;
    let enqueued = 0;
    for (const y of [year - 1, year]) {
      for (const deadline of await this.calendar.deadlines(y)) {
        const notices = plannedNotices(deadline, now);
        if (notices.length === 0) continue;
        const obligations = await this.obligations.unfulfilled(deadline);
        const sent = await this.sentKeys(deadline.revision);
        const jobs: NoticeJob[] = [];
        const obsolete: string[] = [];
        const stale = supersededKinds(deadline, now);
        for (const obligation of obligations) {
          for (const kind of stale) {
            for (const recipient of obligation.recipients) {
              obsolete.push(reminderJobId(obligation.id, recipient, kind, deadline.revision));
            }
          }
          for (const notice of notices) {
            const recipients =
              notice.kind === 'overdue_escalation' ? obligation.escalateTo : obligation.recipients;
            for (const recipient of recipients) {
              if (sent.has(`${obligation.id}|${recipient}|${notice.kind}`)) continue;
              jobs.push({
                obligation: obligation.id,
                recipient,
                kind: notice.kind,
                revision: deadline.revision,
                deadlineId: deadline.id,
                deadlineKind: deadline.kind,
                year: deadline.year,
                subjectId: obligation.subjectId,
                at: notice.at.toISOString(),
                message: messageOf(deadline, notice.kind, obligation, notice.daysBefore),
              });
            }
          }
        }
        planned += jobs.length;
        enqueued += await this.enqueue(jobs, now);
        await this.removeObsolete(obsolete);
      }
    }
    await this.queue.upsertJobScheduler(
      'reconcile',
      { pattern: RECONCILE_PATTERN, tz: 'Asia/Shanghai' },
      { name: 'reconcile', opts: { removeOnComplete: true, removeOnFail: true } },
    );
    await this.connection.set(this.sentinelKey, now.toISOString());
    return { planned, enqueued };
  }

  private async sentKeys(revision: string): Promise<Set<string>> {
    const rows: { obligation: string; recipient_id: string; kind: string }[] = await this.dataSource.query(
      `SELECT obligation, recipient_id, kind FROM notices WHERE deadline_revision = $1`,
      [revision],
    );
    return new Set(rows.map((r) => `${r.obligation}|${r.recipient_id}|${r.kind}`));
  }

  /** Removes delayed jobs of reminders a later one has replaced (they would be skipped anyway). */
  private async removeObsolete(jobIds: string[]): Promise<void> {
    for (let i = 0; i < jobIds.length; i += ENQUEUE_CHUNK) {
      const chunk = jobIds.slice(i, i + ENQUEUE_CHUNK);
      const pipeline = this.connection.pipeline();
      for (const id of chunk) pipeline.exists(`${this.prefix}:${REMINDERS_QUEUE}:${id}`);
      const exists = ((await pipeline.exec()) ?? []).map(([, value]) => value === 1);
      const held = chunk.filter((_, index) => exists[index]);
      await Promise.all(held.map((id) => this.queue.remove(id).catch(() => 0)));
    }
  }

  /** Adds the jobs Redis does not hold; promotes held ones that the clock says are due. */
  private async enqueue(jobs: NoticeJob[], now: Date): Promise<number> {
    let added = 0;
    for (let i = 0; i < jobs.length; i += ENQUEUE_CHUNK) {
      const chunk = jobs.slice(i, i + ENQUEUE_CHUNK).map((data) => ({
        data,
        id: reminderJobId(data.obligation, data.recipient, data.kind, data.revision),
      }));
      const pipeline = this.connection.pipeline();
      for (const job of chunk) pipeline.exists(`${this.prefix}:${REMINDERS_QUEUE}:${job.id}`);
      const exists = ((await pipeline.exec()) ?? []).map(([, value]) => value === 1);
      const fresh = chunk.filter((_, index) => !exists[index]);
      const held = chunk.filter((job, index) => exists[index] && new Date(job.data.at) <= now);
      if (fresh.length > 0) {
        await this.queue.addBulk(fresh.map((job) => this.noticeJob(job.id, job.data, now)));
        added += fresh.length;
      }
      // The clock moved forward (demos, tests): a job delayed in real time is due now. A job whose hash
      // survived without its place in any list (a partial loss) is replaced.
      const orphans: typeof chunk = [];
      await Promise.all(
        held.map(async (job) => {
          const existing = await this.queue.getJob(job.id);
          const state = existing ? await existing.getState() : 'unknown';
          if (existing && state === 'delayed') await existing.promote().catch(() => undefined);
          if (state === 'unknown') {
            await this.queue.remove(job.id).catch(() => 0);
            await this.connection.del(`${this.prefix}:${REMINDERS_QUEUE}:${job.id}`);
            orphans.push(job);
          }
        }),
      );
      if (orphans.length > 0) {
        await this.queue.addBulk(orphans.map((job) => this.noticeJob(job.id, job.data, now)));
        added += orphans.length;
      }
    }
    return added;
  }

  private noticeJob(jobId: string, data: NoticeJob, now: Date) {
    return {
      name: 'notice',
      data,
      opts: {
        jobId,
        delay: Math.max(0, new Date(data.at).getTime() - now.getTime()),
        removeOnComplete: true,
        removeOnFail: true,
        attempts: 8,
        backoff: { type: 'exponential' as const, delay: 1000 },
      },
    };
  }

  private async process(
    job: Job,
    token?: string,
  ): Promise<NoticeOutcome | { planned: number; enqueued: number }> {
    if (job.name === 'reconcile') return this.reconcile();
    return this.deliver(job.data as NoticeJob, async (delayMs) => {
      await job.moveToDelayed(Date.now() + delayMs, token);
      throw new DelayedError();
    });
  }

  /**
   * Re-checks the obligation and the clock, then writes the notice to the ledger; only the process whose
   * INSERT created the row delivers (in-app notices are the ledger rows themselves).
   */
  async deliver(data: NoticeJob, later: (delayMs: number) => Promise<never>): Promise<NoticeOutcome> {
    const now = this.clock.now();
    const at = new Date(data.at);
    if (now.getTime() < at.getTime()) return later(at.getTime() - now.getTime());
    const deadline = (await this.calendar.deadlines(data.year)).find((d) => d.kind === data.deadlineKind);
    if (!deadline || deadline.revision !== data.revision) return 'stale';
    // Only the notice the misfire policy sends now: a later reminder, or the escalation, replaces it.
    if (!plannedNotices(deadline, now).some((n) => n.kind === data.kind)) return 'superseded';
    if (await this.obligations.isFulfilled(deadline, data.subjectId)) return 'fulfilled';
    const late = now.getTime() - at.getTime() > LATE_AFTER_MS;
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO notices (id, obligation, recipient_id, kind, deadline_revision, deadline_id, subject_id, message,
         due_at, created_at, late)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT ON CONSTRAINT notices_once DO NOTHING RETURNING id`,
      [
        newId(),
        data.obligation,
        data.recipient,
        data.kind,
        data.revision,
        data.deadlineId,
        data.subjectId,
        data.message,
        at,
        now,
        late,
      ],
    );
    const [notice] = inserted;
    if (!notice) return 'duplicate';
    await this.dispatch(notice.id, data.recipient);
    return 'sent';
  }

  /** Channels beyond in-app: a delivery job per notice (deterministic id) when the recipient's org has a webhook. */
  private async dispatch(noticeId: string, recipient: string): Promise<void> {
    const channels: { webhook: boolean; mailbox: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM org_webhooks w WHERE w.org_id = u.org_id) webhook,
              EXISTS (SELECT 1 FROM org_mailboxes m WHERE m.org_id = u.org_id) mailbox
       FROM rm_users u WHERE u.id = $1`,
      [recipient],
    );
    const [found] = channels;
    const names = [
      ...(found?.webhook ? ['webhook'] : []),
      ...(found?.mailbox && this.config.CE_SMTP_URL ? ['email'] : []),
    ];
    for (const name of names) {
      await this.deliveries.add(
        name,
        { noticeId },
        {
          jobId: `dlv_${noticeId}_${name}`,
          attempts: 10,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: true,
          removeOnFail: { count: 10_000 },
        },
      );
    }
  }

  private channel(job: Job<{ noticeId: string }>): Promise<string> {
    return job.name === 'email' ? this.email(job.data.noticeId) : this.webhook(job.data.noticeId);
  }

  /** E-mails one notice to its organisation's mailbox; an SMTP failure is retried. */
  private async email(noticeId: string): Promise<'sent' | 'no_mailbox'> {
    const rows: { address: string; message: string; display_name: string }[] = await this.dataSource.query(
      `SELECT m.address, n.message, u.display_name
       FROM notices n JOIN rm_users u ON u.id = n.recipient_id JOIN org_mailboxes m ON m.org_id = u.org_id
       WHERE n.id = $1`,
      [noticeId],
    );
    const [row] = rows;
    if (!row || !this.mailer) return 'no_mailbox';
    await this.mailer.sendMail({
      from: this.config.CE_SMTP_FROM,
      to: row.address,
      subject: `【继续教育】${row.message.slice(0, 40)}`,
      text: `${row.display_name}：\n\n${row.message}\n\n（通知编号 ${noticeId}）`,
      headers: { 'X-CE-Notice-Id': noticeId },
    });
    return 'sent';
  }

  /** POSTs one notice to its organisation's webhook, signed; a non-2xx answer or no answer is retried. */
  private async webhook(noticeId: string): Promise<'delivered' | 'no_webhook'> {
    const rows: {
      url: string;
      secret: string;
      recipient_id: string;
      kind: string;
      deadline_id: string | null;
      subject_id: string | null;
      message: string;
      created_at: Date;
      late: boolean;
    }[] = await this.dataSource.query(
      `SELECT w.url, w.secret, n.recipient_id, n.kind, n.deadline_id, n.subject_id, n.message, n.created_at, n.late
       FROM notices n JOIN rm_users u ON u.id = n.recipient_id JOIN org_webhooks w ON w.org_id = u.org_id
       WHERE n.id = $1`,
      [noticeId],
    );
    const [row] = rows;
    if (!row) return 'no_webhook';
    const payload: WebhookPayload = {
      noticeId,
      recipientId: row.recipient_id,
      kind: row.kind,
      deadlineId: row.deadline_id,
      subjectId: row.subject_id,
      message: row.message,
      createdAt: row.created_at.toISOString(),
      late: row.late,
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(row.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ce-notice-id': noticeId,
        'x-ce-timestamp': timestamp,
        'x-ce-signature': signWebhook(row.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    return 'delivered';
  }

  /** Sets (or replaces) an organisation's mailbox for notice e-mails. */
  async setMailbox(orgId: string, address: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO org_mailboxes (org_id, address, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (org_id) DO UPDATE SET address = EXCLUDED.address, updated_at = EXCLUDED.updated_at`,
      [orgId, address, now],
    );
  }

  /** Sets (or replaces) an organisation's webhook. */
  async setWebhook(orgId: string, url: string, secret: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO org_webhooks (org_id, url, secret, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = EXCLUDED.updated_at`,
      [orgId, url, secret, now],
    );
  }

  /** Jobs still in Redis (for tests and the note). */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('delayed', 'waiting', 'active', 'prioritized', 'failed');
  }
}
