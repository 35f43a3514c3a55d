import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import { toProblem } from '@ce/kernel/nest';
import { DomainError } from '@ce/kernel';
import type { NextFunction, Request, Response } from 'express';
import { RemindersService } from '../reminders.service';

export const QUEUES_PATH = '/admin/queues';
const COOKIE = 'ce_queues_token';

function tokenOf(req: Request): string | undefined {
  const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (header) return header;
  const query = req.query.access_token;
  if (typeof query === 'string' && query) return query;
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  return cookie ? decodeURIComponent(cookie) : undefined;
}

function refuse(res: Response, error: DomainError): void {
  const body = toProblem(error);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/**
 * Bull Board at /admin/queues, for admins only. A browser opens it once as
 * `/admin/queues?access_token=<token>`; the token then travels in an HttpOnly cookie for that path.
 */
export function mountBullBoard(app: NestExpressApplication): void {
  const jwt = app.get(JwtService);
  const reminders = app.get(RemindersService);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: reminders.queues().map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: '继续教育 · 提醒队列' } },
  });
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    if (!token) return refuse(res, new DomainError('AUTH.UNAUTHENTICATED', '请先登录', 'unauthenticated'));
    let roles: string[];
    try {
      roles = (await jwt.verifyAsync<{ roles: string[] }>(token)).roles;
    } catch {
      return refuse(
        res,
        new DomainError('AUTH.INVALID_TOKEN', '访问令牌无效或已过期，请重新登录', 'unauthenticated'),
      );
    }
    if (!roles.includes('admin'))
      return refuse(res, new DomainError('AUTH.ROLE_REQUIRED', '只有系统管理员可以查看队列', 'forbidden'));
    if (typeof req.query.access_token === 'string') {
      res.cookie(COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: QUEUES_PATH,
        maxAge: 8 * 3_600_000,
      });
      return res.redirect(req.baseUrl || QUEUES_PATH);
    }
    next();
  };
  app.use(
    QUEUES_PATH,
    (req: Request, res: Response, next: NextFunction) => {
      void adminOnly(req, res, next);
    },
    serverAdapter.getRouter(),
  );
}
