/** Everything that reads time takes a Clock, so tests and demos can run "in 2020". */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that starts at a given instant and then runs at real speed. It can be moved
 * (`set`) for demos and tests; it never reads time except through `realNow`.
 */
export class RunningClock implements Clock {
  private offsetMs: number;

  constructor(
    start: Date,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = start.getTime() - realNow();
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.realNow();
  }
}

/** A clock that only moves when told to: for decider and planner tests. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = new Date(instant.getTime());
  }

  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}
