import { Module } from '@nestjs/common';
import { HoursModule } from '@ce/hours';
import { CalendarService } from './calendar.service';
import { ClockControlController } from './http/clock-control.controller';
import { DeadlinesController } from './http/deadlines.controller';
import { NoticesController } from './http/notices.controller';
import { WebhooksController } from './http/webhooks.controller';
import { ObligationsService } from './obligations.service';
import { RemindersService } from './reminders.service';

/** Deadline calendar, obligations, reminders through BullMQ, notice ledger and channels. */
@Module({
  imports: [HoursModule],
  controllers: [DeadlinesController, NoticesController, ClockControlController, WebhooksController],
  providers: [CalendarService, ObligationsService, RemindersService],
  exports: [CalendarService, ObligationsService, RemindersService],
})
export class RemindersModule {}
