import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { type Actor, DomainError, ForbiddenError, type Role } from '@ce/kernel';
import type { Request } from 'express';

const PUBLIC = 'ce:public';
const ROLES = 'ce:roles';

/** No token needed (login, health, verification pages). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the endpoint (jurisdiction is checked further in the handler). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export interface TokenClaims {
  sub: string;
  username: string;
  orgId: string;
  roles: Role[];
  personId?: string;
}

type RequestWithActor = Request & { actor?: Actor };

/** The verified caller of this request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new DomainError('AUTH.UNAUTHENTICATED', '请先登录', 'unauthenticated');
  return actor;
});

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new DomainError(
        'AUTH.UNAUTHENTICATED',
        '缺少访问令牌（Authorization: Bearer …）',
        'unauthenticated',
      );
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1]);
    } catch {
      throw new DomainError('AUTH.INVALID_TOKEN', '访问令牌无效或已过期，请重新登录', 'unauthenticated');
    }
    request.actor = {
      userId: claims.sub,
      username: claims.username,
      orgId: claims.orgId,
      roles: claims.roles,
      ...(claims.personId ? { personId: claims.personId } : {}),
    };
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (required && !required.some((r) => claims.roles.includes(r))) {
      throw new ForbiddenError('AUTH.ROLE_REQUIRED', `需要以下角色之一：${required.join(', ')}`);
    }
    return true;
  }
}
