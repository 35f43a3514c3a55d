import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig, HttpMetricsMiddleware, KernelModule, ProblemDetailsFilter } from '@ce/kernel/nest';
import { ApprovalModule } from '@ce/approval';
import { AuditModule } from '@ce/audit';
import { BasesModule } from '@ce/bases';
import { FormsModule } from '@ce/forms';
import { HoursModule } from '@ce/hours';
import { ProjectsModule } from '@ce/projects';
import { RemindersModule } from '@ce/reminders';
import { IdentityModule } from '@ce/identity';
import { ProjectionsModule } from '@ce/projections';
import { LoggerModule } from 'nestjs-pino';
import { DashboardsController } from './dashboards/dashboards.controller';
import { DemoSeedService } from './demo/demo-seed.service';
import { ConsistencyInterceptor } from './platform/consistency.interceptor';
import { EventStoreModule } from './platform/event-store.module';
import { ClockController } from './platform/clock.controller';
import { HealthController } from './platform/health.controller';
import { MetricsController } from './platform/metrics.controller';
import { ProjectionsAdminController } from './platform/projections.controller';
import { PROJECTIONS_LIST, readModelDatabase } from './platform/read-models';
import { RedisLifecycle, redisProvider } from './platform/redis.provider';
import { STATE_REPLAYERS_LIST } from './platform/replayers';

/**
 * The whole system in one module. `ROLE=api` serves HTTP without running projections,
 * `ROLE=worker` runs them with the process managers and schedulers, `ROLE=all` does both.
 */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    const runsWorker = config.ROLE !== 'api';
    return {
      module: AppModule,
      imports: [
        KernelModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        TypeOrmModule.forRoot(
          readModelDatabase(config.DATABASE_URL, Math.max(2, Math.round((config.CE_DB_POOL_SIZE * 3) / 4))),
        ),
        EventStoreModule.forRoot(),
        ProjectionsModule.forRoot({ projections: PROJECTIONS_LIST, run: runsWorker }),
        CqrsModule.forRoot(),
        TerminusModule,
        AuditModule.forRoot({
          replayers: STATE_REPLAYERS_LIST,
          http: config.ROLE !== 'worker',
          writeCheckpoints: runsWorker,
        }),
        // Every role loads the domain modules: the worker's process managers and schedulers use their
        // services (a worker still answers only what is routed to it; send API traffic to api processes).
        IdentityModule,
        ApprovalModule,
        HoursModule,
        ProjectsModule,
        BasesModule,
        RemindersModule,
        FormsModule,
      ],
      controllers: [
        HealthController,
        MetricsController,
        ...(config.ROLE === 'worker'
          ? []
          : [ProjectionsAdminController, DashboardsController, ClockController]),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
        redisProvider,
        RedisLifecycle,
        ...(config.ROLE === 'worker' ? [] : [DemoSeedService]),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
