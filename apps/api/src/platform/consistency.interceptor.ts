import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { READS_EVENT_STORE } from '@ce/kernel/nest';
import { InvalidInputError } from '@ce/kernel';
import { ProjectionsQuery } from '@ce/projections';
import type { Request, Response } from 'express';
import { type Observable, from, switchMap } from 'rxjs';

/** How long a GET with `?after=` waits for the read models (API.md "Consistency"). */
const WAIT_MS = 5000;

/**
 * Read-your-writes: a GET with `?after=<position>` (the position a command answered with) waits
 * until every projection has processed it; if time runs out it answers with what it has and
 * `X-Stale: true`.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly projections: ProjectionsQuery,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    // Endpoints that read the event store itself use `after` as a feed position, not a wait.
    const direct = this.reflector.getAllAndOverride<boolean>(READS_EVENT_STORE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const after = request.method === 'GET' && !direct ? request.query.after : undefined;
    if (after === undefined) return next.handle();
    if (
      typeof after !== 'string' ||
      after.length === 0 ||
      after.length > 100 ||
      !/^[0-9A-Za-z:_-]+$/.test(after)
    ) {
      throw new InvalidInputError('REQUEST.INVALID_POSITION', '参数 after 不是有效的位置', [
        { field: 'after', message: 'must be a position returned by a command' },
      ]);
    }
    return from(this.projections.waitFor(after, WAIT_MS)).pipe(
      switchMap((caughtUp) => {
        if (!caughtUp) http.getResponse<Response>().setHeader('X-Stale', 'true');
        return next.handle();
      }),
    );
  }
}
