import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ce/event-store';
import { type Actor, type Clock, CLOCK, NotFoundError, newId } from '@ce/kernel';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { DataSource } from 'typeorm';
import { AuditCheckpoints, type CheckpointProblem } from './checkpoints';
import { STATE_REPLAYERS, type StateReplayer, effectiveTime } from './replayers';

export interface FeedFilter {
  readonly types?: readonly string[];
  readonly streamPrefix?: string;
  /** Organisation of the actor who caused the event. */
  readonly orgId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export interface EventView {
  streamId: string;
  revision: string;
  position: string;
  type: string;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  effectiveAt: string;
  hash: string | null;
}

/** Secrets that are part of the record but not for anyone's eyes, auditors' included. */
const REDACTED_KEYS = new Set(['passwordHash']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, REDACTED_KEYS.has(k) ? '[redacted]' : redact(v)]),
  );
}

export const eventView = (e: RecordedEvent): EventView => ({
  streamId: e.streamId,
  revision: e.revision.toString(),
  position: e.position,
  type: e.type,
  data: redact(e.data),
  metadata: e.metadata,
  recordedAt: e.recordedAt.toISOString(),
  effectiveAt: effectiveTime(e).toISOString(),
  hash: e.hash ?? null,
});

/** Development only: production refuses to start without CE_AUDIT_KEY. */
const DEVELOPMENT_AUDIT_KEY = 'development-only-audit-key-not-secret';

/** What auditors ask: history, state as of a moment, the global feed, and whether anything was altered. */
@Injectable()
export class AuditService {
  readonly checkpoints: AuditCheckpoints;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STATE_REPLAYERS) private readonly replayers: StateReplayer[],
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    dataSource: DataSource,
  ) {
    this.checkpoints = new AuditCheckpoints(dataSource, store, config.CE_AUDIT_KEY ?? DEVELOPMENT_AUDIT_KEY);
  }

  async history(streamId: string, asOf?: Date) {
    const all = await this.store.readStream(streamId);
    if (all.length === 0) throw new NotFoundError('AUDIT.STREAM_NOT_FOUND', '该记录不存在');
    const events = asOf ? all.filter((e) => effectiveTime(e) <= asOf) : all;
    const replayer = this.replayers.find((r) => streamId.startsWith(`${r.streamPrefix}-`));
    return {
      streamId,
      asOf: (asOf ?? this.clock.now()).toISOString(),
      events: events.map(eventView),
      state: replayer ? redact(replayer.replay(events)) : null,
      stateKind: replayer ? replayer.streamPrefix : null,
    };
  }

  /** One page of the global feed in commit order; `next` continues after what was scanned. */
  async feed(
    filter: FeedFilter,
    after: string | null,
    limit: number,
  ): Promise<{ items: EventView[]; next: string | null; end: boolean; scanned: number }> {
    const items: EventView[] = [];
    let position = after;
    let scanned = 0;
    for (let pages = 0; pages < 50 && items.length < limit; pages++) {
      const page = await this.store.readAll({
        after: position,
        maxCount: Math.max(limit * 2, 200),
        filter: {
          ...(filter.types?.length ? { eventTypes: filter.types } : {}),
          ...(filter.streamPrefix ? { streamPrefixes: [filter.streamPrefix] } : {}),
        },
      });
      for (const event of page.events) {
        position = event.position;
        scanned += 1;
        if (!this.matches(event, filter)) continue;
        items.push(eventView(event));
        if (items.length === limit) return { items, next: position, end: false, scanned };
      }
      position = page.position ?? position;
      if (page.endOfAll) return { items, next: position, end: true, scanned };
    }
    return { items, next: position, end: false, scanned };
  }

  /** The whole filtered feed, page by page, for streaming exports (never all in memory). */
  async *feedAll(
    filter: FeedFilter,
    after: string | null = null,
  ): AsyncGenerator<{ items: EventView[]; scanned: number }> {
    let position = after;
    for (;;) {
      const page = await this.feed(filter, position, 1000);
      yield { items: page.items, scanned: page.scanned };
      if (page.end || page.next === position) return;
      position = page.next;
    }
  }

  async verify(streamId?: string): Promise<{
    ok: boolean;
    checkedEvents: number;
    checkedCheckpoints: number;
    firstBroken?: { streamId: string; revision: string; reason: string };
    checkpointProblem?: CheckpointProblem;
  }> {
    const chains = await this.store.verifyChain(streamId ? { streamId } : {});
    const checkpoints = streamId ? { checked: 0 } : await this.checkpoints.verify();
    return {
      ok: chains.ok && !checkpoints.problem,
      checkedEvents: chains.checkedEvents,
      checkedCheckpoints: checkpoints.checked,
      ...(chains.firstBroken ? { firstBroken: chains.firstBroken } : {}),
      ...(!chains.firstBroken && checkpoints.problem?.streamId
        ? {
            firstBroken: {
              streamId: checkpoints.problem.streamId,
              revision: checkpoints.problem.revision ?? '0',
              reason: checkpoints.problem.reason,
            },
          }
        : {}),
      ...(checkpoints.problem ? { checkpointProblem: checkpoints.problem } : {}),
    };
  }

  /** Auditors' reads are themselves on record: who looked at what, and when. */
  async recordAccess(
    actor: Actor,
    what: string,
    details: Record<string, string | number | null>,
  ): Promise<void> {
    const now = this.clock.now();
    await this.store.append(
      `audit-access-${now.toISOString().slice(0, 10)}`,
      [
        {
          id: newId(),
          type: 'audit.accessed.v1',
          data: { what, ...details, userId: actor.userId, orgId: actor.orgId },
          metadata: {
            actor: { userId: actor.userId, orgId: actor.orgId, role: actor.roles.join(',') },
            now: now.toISOString(),
          },
        },
      ],
      { expectedRevision: 'any' },
    );
  }

  private matches(event: RecordedEvent, filter: FeedFilter): boolean {
    if (filter.orgId) {
      const actor = event.metadata.actor as { orgId?: unknown } | undefined;
      if (actor?.orgId !== filter.orgId) return false;
    }
    if (filter.from || filter.to) {
      const at = effectiveTime(event);
      if (filter.from && at < filter.from) return false;
      if (filter.to && at > filter.to) return false;
    }
    return true;
  }
}

export const CSV_HEADER = [
  'position',
  'streamId',
  'revision',
  'type',
  'effectiveAt',
  'recordedAt',
  'actorUserId',
  'actorOrgId',
  'reason',
  'data',
  'hash',
].join(',');

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One event as a CSV line (RFC 4180 quoting; data as JSON). */
export function csvLine(e: EventView): string {
  const meta = (e.metadata ?? {}) as { actor?: { userId?: string; orgId?: string }; reason?: string };
  return [
    e.position,
    e.streamId,
    e.revision,
    e.type,
    e.effectiveAt,
    e.recordedAt,
    meta.actor?.userId,
    meta.actor?.orgId,
    meta.reason,
    e.data,
    e.hash,
  ]
    .map(csvCell)
    .join(',');
}
