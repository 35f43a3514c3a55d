import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Metrics } from '@ce/kernel/nest';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { DataSource } from 'typeorm';
import { PROJECTIONS, type Projection } from '../projection';
import { ProjectionsQuery } from '../projections.service';
import { ProjectionLocks, ProjectionRunner } from '../runner/projection-runner';

/** Runs every registered projection in this process (worker role), as owner or standby. */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly listeners: (() => void)[] = [];
  readonly runners: ProjectionRunner[];
  /** One session for the advisory locks of all this process's projections (not one pooled connection each). */
  private readonly locks: ProjectionLocks;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(EVENT_STORE) store: EventStore,
    dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.locks = new ProjectionLocks(dataSource);
    this.runners = projections.map(
      (projection) =>
        new ProjectionRunner(projection, store, dataSource, {
          batchSize: config.CE_PROJECTION_BATCH_SIZE,
          applyDelayMs: config.CE_PROJECTION_APPLY_DELAY_MS,
          locks: this.locks,
          onBatch: () => this.listeners.forEach((listener) => listener()),
          onError: (error, name) =>
            this.logger.error(
              `projection ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
        }),
    );
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start();
    this.logger.log(`started ${this.runners.map((r) => r.projection.name).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.locks.close();
  }

  /** Called after every batch a runner of this process commits. */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  state(name: string): { status: ProjectionRunner['status']; lastError?: string } | undefined {
    const runner = this.runners.find((r) => r.projection.name === name);
    if (!runner) return undefined;
    return { status: runner.status, ...(runner.lastError ? { lastError: runner.lastError } : {}) };
  }
}

export interface ProjectionsModuleOptions {
  readonly projections: Projection[];
  /** Run the projections in this process (worker role). */
  readonly run: boolean;
}

@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        { provide: PROJECTIONS, useValue: options.projections },
        ...(options.run ? [ProjectionWorker] : []),
        {
          provide: ProjectionsQuery,
          inject: [
            DataSource,
            EVENT_STORE,
            PROJECTIONS,
            Metrics,
            { token: ProjectionWorker, optional: true },
          ],
          useFactory: (
            dataSource: DataSource,
            store: EventStore,
            projections: Projection[],
            metrics: Metrics,
            worker: ProjectionWorker | undefined,
          ) => {
            const query = new ProjectionsQuery(dataSource, store, projections, (name) => worker?.state(name));
            worker?.onCommitted(() => query.notify());
            metrics.onScrape(async () => {
              for (const s of await query.status()) {
                metrics.projectionLagEvents.set({ projection: s.name }, s.lagEvents);
                metrics.projectionLagSeconds.set({ projection: s.name }, s.lagSeconds);
              }
            });
            return query;
          },
        },
      ],
      exports: [ProjectionsQuery, PROJECTIONS],
    };
  }
}
