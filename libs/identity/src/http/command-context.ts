import type { Actor, Clock, EventMetadata } from '@ce/kernel';
import type { Request } from 'express';

/** What every command carries: who, when, and the client's request id for safe retries. */
export interface CommandContext {
  readonly actor: Actor;
  readonly now: Date;
  readonly requestId?: string;
  readonly correlationId?: string;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The client's request id (`Idempotency-Key`, else `X-Request-Id`), when it is a usable one. */
export function requestIdOf(request?: Request): string | undefined {
  const header = request?.headers['idempotency-key'] ?? request?.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}

export function commandContext(actor: Actor, clock: Clock, request?: Request): CommandContext {
  const requestId = requestIdOf(request);
  return { actor, now: clock.now(), ...(requestId ? { requestId } : {}) };
}

/** Event metadata of a command: actor, time, request id, and what else the use case adds. */
export function metadataOf(ctx: CommandContext, extra: Partial<EventMetadata> = {}): EventMetadata {
  return {
    actor: { userId: ctx.actor.userId, orgId: ctx.actor.orgId, role: ctx.actor.roles.join(',') },
    now: ctx.now.toISOString(),
    ...(ctx.requestId ? { requestId: ctx.requestId, correlationId: ctx.requestId } : {}),
    ...extra,
  };
}
