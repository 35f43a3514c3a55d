import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { shanghaiDate } from '@ce/hours';
import { CLOCK, type Clock } from '@ce/kernel';

/** The system's clock (the domain clock: a demo may run in 2020) and the training year it is in. */
@ApiTags('platform')
@ApiBearerAuth()
@Controller('api/v1/clock')
export class ClockController {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  now() {
    const now = this.clock.now();
    const today = shanghaiDate(now);
    return { now: now.toISOString(), today, year: Number(today.slice(0, 4)) };
  }
}
