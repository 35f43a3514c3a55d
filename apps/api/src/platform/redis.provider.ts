import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { Redis } from 'ioredis';

export const REDIS = Symbol('Redis');

/** One shared connection for health checks and small commands (BullMQ makes its own). */
export const redisProvider: Provider<Redis> = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false, enableOfflineQueue: true }),
};

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
