import type { Provider } from '@nestjs/common';
import { CLOCK, type Clock, RunningClock, SystemClock } from '../domain/clock';
import { APP_CONFIG, type AppConfig } from './config';

/** Real time, or a clock started at `CE_CLOCK` (and movable when `CE_CLOCK_CONTROL=true`). */
export const clockProvider: Provider<Clock> = {
  provide: CLOCK,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Clock => {
    if (config.CE_CLOCK) return new RunningClock(new Date(config.CE_CLOCK));
    if (config.CE_CLOCK_CONTROL) return new RunningClock(new Date());
    return new SystemClock();
  },
};
