import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Metrics } from '@ce/kernel/nest';
import { EVENT_STORE, type EventStore, PostgresEventStore } from '@ce/event-store';

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the configured event store (`EVENT_STORE=postgres|kurrentdb`), migrated and ready. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, Metrics],
          useFactory: async (config: AppConfig, metrics: Metrics): Promise<EventStore> => {
            if (config.EVENT_STORE === 'kurrentdb' && config.KURRENTDB_URL) {
              // Loaded only when chosen: the KurrentDB client brings a native module of its own.
              const { createKurrentDbEventStore } = await import('@ce/event-store/kurrentdb');
              return createKurrentDbEventStore(config.KURRENTDB_URL);
            }
            const store = new PostgresEventStore({
              connectionString: config.DATABASE_URL,
              pool: { max: config.CE_DB_POOL_SIZE },
              onAppend: (streamId, count, ms) => metrics.recordAppend(streamId, count, ms),
            });
            await store.migrate();
            return store;
          },
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
