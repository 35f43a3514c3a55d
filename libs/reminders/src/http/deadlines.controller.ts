import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@ce/identity';
import { type Actor, CLOCK, type Clock } from '@ce/kernel';
import { type Deadline, shanghaiDay } from '../calendar';
import { CalendarService } from '../calendar.service';

const view = (d: Deadline) => ({
  id: d.id,
  year: d.year,
  kind: d.kind,
  dueAt: d.dueAt,
  remindDaysBefore: d.remindDaysBefore,
  revision: d.revision,
});

/** The deadline calendar of a year (versioned data). */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/deadlines')
export class DeadlinesController {
  constructor(
    private readonly calendar: CalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Query('year') year?: string) {
    const y =
      year === undefined || year === '' ? Number(shanghaiDay(this.clock.now()).slice(0, 4)) : Number(year);
    return (await this.calendar.deadlines(this.calendar.checkYear(y))).map(view);
  }

  @Put(':year')
  @Roles('admin')
  async publish(
    @Param('year') year: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    const result = await this.calendar.publish(Number(year), body, actor, this.clock.now());
    return { position: result.position, deadlines: result.deadlines.map(view) };
  }
}
