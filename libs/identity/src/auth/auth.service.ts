import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { DomainError, foldEvents, toDomainEvent } from '@ce/kernel';
import { type UserEvent, user, userStream, usernameStream } from '../domain/user';
import { LoginLimiter } from './login-limiter';
import { UNUSABLE_HASH, verifyPassword } from './password';
import type { TokenClaims } from './auth.guard';

export interface LoginResult {
  accessToken: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: string[];
    orgId: string;
    personId?: string;
  };
}

@Injectable()
export class AuthService {
  private readonly limiter = new LoginLimiter();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    if (this.limiter.blocked(username, address)) {
      throw new DomainError('AUTH.TOO_MANY_ATTEMPTS', '登录失败次数过多，请15分钟后再试', 'rule', [], {
        retryAfterSeconds: 900,
      });
    }
    const found = await this.findUser(username);
    // Verify even for unknown users, so timing does not tell which usernames exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? UNUSABLE_HASH);
    if (!found || !ok) {
      this.limiter.fail(username, address);
      throw new DomainError('AUTH.INVALID_CREDENTIALS', '用户名或密码错误', 'unauthenticated');
    }
    this.limiter.succeed(username);
    const claims: TokenClaims = {
      sub: found.userId,
      username: found.username,
      orgId: found.orgId,
      roles: [...found.roles],
      ...(found.personId ? { personId: found.personId } : {}),
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      user: {
        id: found.userId,
        username: found.username,
        displayName: found.displayName,
        roles: [...found.roles],
        orgId: found.orgId,
        ...(found.personId ? { personId: found.personId } : {}),
      },
    };
  }

  /** From the event store, not a read model: a user created a moment ago can log in at once. */
  private async findUser(username: string) {
    const [reservation] = await this.store.readStream(usernameStream(username), { maxCount: 1 });
    const userId = (reservation?.data as { userId?: unknown } | undefined)?.userId;
    if (typeof userId !== 'string') return null;
    const state = foldEvents(
      user,
      (await this.store.readStream(userStream(userId))).map((e) => toDomainEvent<UserEvent>(e)),
    );
    return state.status === 'registered' ? state : null;
  }
}
