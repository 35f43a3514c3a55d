import { Body, Controller, HttpCode, Inject, NotFoundException, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ce/identity';
import { CLOCK, type Clock, InvalidInputError, RunningClock } from '@ce/kernel';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { RemindersService } from '../reminders.service';

/** Demos and tests "in 2020": only with CE_CLOCK_CONTROL=true (refused in production by the config). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class ClockControlController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reminders: RemindersService,
  ) {}

  private enabled(): void {
    if (!this.config.CE_CLOCK_CONTROL) throw new NotFoundException();
  }

  @Put('clock')
  @Roles('admin')
  setClock(@Body() body: Record<string, unknown>) {
    this.enabled();
    const now = typeof body.now === 'string' ? new Date(body.now) : null;
    if (!now || Number.isNaN(now.getTime()) || !(this.clock instanceof RunningClock)) {
      throw new InvalidInputError('CLOCK.INVALID', '时间无效', [
        { field: 'now', message: 'an ISO 8601 instant' },
      ]);
    }
    this.clock.set(now);
    return { now: this.clock.now().toISOString() };
  }

  @Post('reminders/reconcile')
  @Roles('admin')
  @HttpCode(200)
  async reconcile() {
    this.enabled();
    return this.reminders.reconcile();
  }
}
