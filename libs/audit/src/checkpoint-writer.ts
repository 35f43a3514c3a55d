import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { AuditService } from './audit.service';

/** The worker signs a checkpoint over all stream heads every few minutes (when anything changed). */
@Injectable()
export class CheckpointWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.CE_AUDIT_CHECKPOINT_MINUTES;
    if (minutes === 0) return;
    this.timer = setInterval(() => {
      this.running = this.audit.checkpoints
        .create()
        .then(
          (c) =>
            c &&
            this.logger.log(`checkpoint ${c.id} at ${c.position}: ${c.streams} streams, ${c.events} events`),
        )
        .catch((error: unknown) =>
          this.logger.error(`checkpoint failed: ${error instanceof Error ? error.message : String(error)}`),
        );
    }, minutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
