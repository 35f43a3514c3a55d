import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '@ce/event-store';
import { CLOCK, type Clock, ConflictError } from '@ce/kernel';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { v5 as uuidv5 } from 'uuid';
import { ROOT_ORG_NAME, orgStream } from './domain/organisation';
import { usernameStream } from './domain/user';
import { IdentityService } from './identity.service';

/** Fixed id of the city bureau: every process agrees on it, so it is created once. */
export const ROOT_ORG_ID = uuidv5('yantai/city-bureau', '6f0d3c1e-8a5b-4c43-9d0e-2b7f1a9c5e11');
const SYSTEM = { userId: 'system', orgId: ROOT_ORG_ID, roles: ['admin' as const] };

/** On an empty database: the root organisation, and the admin user when a password is given. */
@Injectable()
export class IdentityBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const ctx = { actor: SYSTEM, now: this.clock.now() };
    if ((await this.store.streamRevision(orgStream(ROOT_ORG_ID))) === null) {
      try {
        await this.identity.registerOrg(
          { name: ROOT_ORG_NAME, kind: 'city', parentId: null },
          ctx,
          ROOT_ORG_ID,
        );
        this.logger.log(`created the root organisation ${ROOT_ORG_NAME}`);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError || error instanceof ConflictError)) throw error;
      }
    }
    const password = this.config.CE_BOOTSTRAP_ADMIN_PASSWORD;
    if (password && (await this.store.streamRevision(usernameStream('admin'))) === null) {
      try {
        await this.identity.registerUser(
          { username: 'admin', password, displayName: '系统管理员', orgId: ROOT_ORG_ID, roles: ['admin'] },
          ctx,
        );
        this.logger.log('created the user admin');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }
}
