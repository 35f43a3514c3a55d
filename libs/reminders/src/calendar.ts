import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The deadlines of a training year (DOMAIN.md: 附件1 and plan, 附件3/附件4, end of the training year). */
export const DEADLINE_KINDS = [
  'project_catalogue',
  'training_plan',
  'statistics',
  'training_year_end',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  project_catalogue: '培训项目目录（附件1）报送',
  training_plan: '年度培训计划报送',
  statistics: '继续教育统计（附件3、附件4）报送',
  training_year_end: '本年度继续教育学时',
};

export interface DeadlineSpec {
  kind: DeadlineKind;
  /** ISO 8601 instant. */
  dueAt: string;
  /** Days before the deadline a reminder goes out (at 09:00 Asia/Shanghai). */
  remindDaysBefore: number[];
}

export interface Calendar {
  version: string;
  year: number;
  deadlines: DeadlineSpec[];
}

export interface Deadline extends DeadlineSpec {
  id: string;
  year: number;
  /** Changes whenever dueAt changes: reminders of an earlier revision are not the same reminders. */
  revision: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
export const DEFAULT_REMIND_DAYS = [14, 7, 1];

/** 23:59:59 Asia/Shanghai of a calendar date. */
const endOfDay = (date: string): string => new Date(`${date}T23:59:59+08:00`).toISOString();

/** The defaults of 2020 (DOMAIN.md); other years fall on the same month and day. */
export function defaultCalendar(year: number): Calendar {
  return {
    version: 'default',
    year,
    deadlines: [
      { kind: 'project_catalogue', dueAt: endOfDay(`${year}-09-18`), remindDaysBefore: DEFAULT_REMIND_DAYS },
      { kind: 'training_plan', dueAt: endOfDay(`${year}-09-18`), remindDaysBefore: DEFAULT_REMIND_DAYS },
      { kind: 'statistics', dueAt: endOfDay(`${year}-12-10`), remindDaysBefore: DEFAULT_REMIND_DAYS },
      { kind: 'training_year_end', dueAt: endOfDay(`${year}-12-31`), remindDaysBefore: DEFAULT_REMIND_DAYS },
    ],
  };
}

export const deadlineId = (year: number, kind: DeadlineKind): string => `${year}_${kind}`;
export const deadlineRevision = (dueAt: string): string =>
  `r${Math.floor(new Date(dueAt).getTime() / 1000).toString(36)}`;

export function deadlinesOf(calendar: Calendar): Deadline[] {
  return calendar.deadlines.map((d) => ({
    ...d,
    remindDaysBefore: [...d.remindDaysBefore].sort((a, b) => b - a),
    id: deadlineId(calendar.year, d.kind),
    year: calendar.year,
    revision: deadlineRevision(d.dueAt),
  }));
}

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai of an instant. */
export const shanghaiDay = (instant: Date): string =>
  new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** 09:00 Asia/Shanghai, `days` days after (negative: before) the Shanghai date of `instant`. */
export function nineAm(instant: Date, days: number): Date {
  const day = new Date(`${shanghaiDay(instant)}T09:00:00+08:00`);
  return new Date(day.getTime() + days * DAY_MS);
}

export interface PlannedNotice {
  /** `reminder_<N>d` or `overdue_escalation`. */
  kind: string;
  at: Date;
  /** Days before the deadline (reminders only). */
  daysBefore?: number;
}

/**
 * What is due for one unfulfilled obligation, seen at `now`. Before the deadline: every future
 * reminder, and of the reminders already due only the latest (misfire: sent once, late). After the
 * deadline: the overdue escalation (the day after the deadline, 09:00) replaces reminders, for
 * `escalationWindowDays` days.
 */
export function plannedNotices(deadline: Deadline, now: Date, escalationWindowDays = 30): PlannedNotice[] {
  const due = new Date(deadline.dueAt);
  if (now.getTime() > due.getTime()) {
    const at = nineAm(due, 1);
    if (now.getTime() - at.getTime() > escalationWindowDays * DAY_MS) return [];
    return [{ kind: 'overdue_escalation', at }];
  }
  const reminders = deadline.remindDaysBefore
    .map((n) => ({ kind: `reminder_${n}d`, at: nineAm(due, -n), daysBefore: n }))
    .filter((r) => r.at.getTime() <= due.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const past = reminders.filter((r) => r.at.getTime() <= now.getTime());
  const future = reminders.filter((r) => r.at.getTime() > now.getTime());
  const latestPast = past[past.length - 1];
  return latestPast ? [latestPast, ...future] : future;
}

/** Reminders of a deadline that are past and no longer the one to send (their jobs are obsolete). */
export function supersededKinds(deadline: Deadline, now: Date): string[] {
  const current = new Set(plannedNotices(deadline, now).map((n) => n.kind));
  const due = new Date(deadline.dueAt);
  return deadline.remindDaysBefore
    .filter((n) => nineAm(due, -n).getTime() <= now.getTime())
    .map((n) => `reminder_${n}d`)
    .filter((kind) => !current.has(kind));
}

/** A BullMQ job id: deterministic, no ':' (BullMQ forbids it), bounded length. */
export function reminderJobId(obligation: string, recipient: string, kind: string, revision: string): string {
  const plain = `rem_${obligation}_${recipient}_${kind}_${revision}`;
  if (plain.length <= 64 && !plain.includes(':')) return plain;
  return `rem_${createHash('sha256').update(`${obligation}|${recipient}|${kind}|${revision}`).digest('hex').slice(0, 40)}`;
}

const remindDays = z
  .array(z.number().int().min(1).max(180))
  .max(10)
  .refine((days) => new Set(days).size === days.length, { message: 'days must be distinct' });

const calendarBody = z.object({
  deadlines: z
    .array(
      z.object({
        kind: z.enum(DEADLINE_KINDS),
        dueAt: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 instant' }),
        remindDaysBefore: remindDays.optional(),
      }),
    )
    .min(1)
    .refine((list) => new Set(list.map((d) => d.kind)).size === list.length, {
      message: 'each kind at most once',
    }),
});

/** Validates a PUT body and merges it over the current calendar; answers field errors or the new calendar. */
export function mergeCalendar(
  current: Calendar,
  body: unknown,
  version: string,
): { errors: { field: string; message: string }[] } | { calendar: Calendar } {
  const parsed = calendarBody.safeParse(body);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })),
    };
  }
  const errors: { field: string; message: string }[] = [];
  parsed.data.deadlines.forEach((d, i) => {
    const dueYear = Number(shanghaiDay(new Date(d.dueAt)).slice(0, 4));
    if (dueYear !== current.year && dueYear !== current.year + 1) {
      errors.push({
        field: `deadlines.${i}.dueAt`,
        message: `must fall in ${current.year} or early ${current.year + 1}`,
      });
    }
  });
  if (errors.length > 0) return { errors };
  const deadlines = current.deadlines.map((existing) => {
    const update = parsed.data.deadlines.find((d) => d.kind === existing.kind);
    if (!update) return existing;
    return {
      kind: existing.kind,
      dueAt: new Date(update.dueAt).toISOString(),
      remindDaysBefore: update.remindDaysBefore ?? existing.remindDaysBefore,
    };
  });
  return { calendar: { version, year: current.year, deadlines } };
}

/** A policy document as stored by the PolicyStore is trusted only after this check. */
export function validateCalendarDocument(content: unknown): { field: string; message: string }[] {
  const parsed = z
    .object({ version: z.string().min(1), year: z.number().int(), deadlines: calendarBody.shape.deadlines })
    .safeParse(content);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}
