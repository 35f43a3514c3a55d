import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@ce/identity';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionsQuery } from '@ce/projections';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from './redis.provider';

/** Projections further behind than this make the system "down" for load balancers. */
const MAX_HEALTHY_LAG_SECONDS = 60;

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly projections: ProjectionsQuery,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () =>
        this.probe('postgres', async () => {
          await this.dataSource.query('SELECT 1');
        }),
      () =>
        this.probe('redis', async () => {
          if ((await this.redis.ping()) !== 'PONG') throw new Error('Redis did not answer PONG');
        }),
      async () => {
        const session = this.indicators.check('projections');
        const status = await this.projections.status();
        const behind = status.filter((s) => s.lagSeconds > MAX_HEALTHY_LAG_SECONDS || s.status === 'failed');
        const details = Object.fromEntries(
          status.map((s) => [s.name, { lagEvents: s.lagEvents, lagSeconds: s.lagSeconds, status: s.status }]),
        );
        return behind.length ? session.down(details) : session.up(details);
      },
    ]);
  }

  private async probe<Key extends string>(key: Key, attempt: () => Promise<void>) {
    const session = this.indicators.check(key);
    try {
      await Promise.race([
        attempt(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3000).unref()),
      ]);
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
