import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { shanghaiDate } from '@ce/hours';
import { orgStream } from '@ce/identity';
import { CLOCK, type Clock } from '@ce/kernel';
import { DataSource } from 'typeorm';
import { BaseYearsService } from './base-years.service';

/** The actor of assessments the scheduler records. */
export const YEAR_END_USER = 'system:base-year-end';
const EVERY_MS = 60_000;
const FIRST_PASS_MS = 1_000;
/** How many closed years back a pass looks (a system down for longer catches up this far). */
const YEARS_BACK = 5;

/**
 * Year-end assessment (年度考核): once the clock (the injected one) passes 31 December in Yantai,
 * every base's year is assessed against the quotas. Checks every minute; any number of processes
 * may run it, the stream's expected revision and its `assessed` state make it happen once.
 */
@Injectable()
export class YearEndAssessmentScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BaseYearEnd');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly assessed = new Set<string>();
  private readonly firstYears = new Map<string, number>();
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly baseYears: BaseYearsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    const every = setInterval(() => void this.tick(), EVERY_MS);
    const soon = setTimeout(() => void this.tick(), FIRST_PASS_MS);
    every.unref();
    soon.unref();
    this.timers.push(every, soon);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await this.running;
  }

  /** One pass (or the one already running): answers how many assessments it recorded. */
  tick(): Promise<number> {
    this.running ??= this.pass()
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.error(`year-end assessment failed: ${String(error)}`);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    const thisYear = Number(shanghaiDate(now).slice(0, 4));
    const bases: { id: string }[] = await this.dataSource.query(`SELECT id FROM rm_orgs WHERE kind = 'base'`);
    let recorded = 0;
    for (const { id } of bases) {
      const from = Math.max(await this.firstYear(id), thisYear - YEARS_BACK);
      for (let year = from; year < thisYear && !this.stopped; year++) {
        const key = `${id}/${year}`;
        if (this.assessed.has(key)) continue;
        const outcome = await this.baseYears.assess(id, year, {
          actor: { userId: YEAR_END_USER, orgId: id, roles: ['admin'] },
          now,
        });
        if (outcome.recorded) {
          recorded += 1;
          this.logger.log(`assessed base ${id} for ${year}: ${outcome.assessment.result}`);
        }
        this.assessed.add(key);
      }
    }
    return recorded;
  }

  /** The year the base was registered in (domain time): earlier years are not its to answer for. */
  private async firstYear(baseId: string): Promise<number> {
    const known = this.firstYears.get(baseId);
    if (known !== undefined) return known;
    const [registered] = await this.store.readStream(orgStream(baseId), { maxCount: 1 });
    const at = registered?.metadata.now;
    const since = typeof at === 'string' ? new Date(at) : (registered?.recordedAt ?? this.clock.now());
    const year = Number(shanghaiDate(since).slice(0, 4));
    this.firstYears.set(baseId, year);
    return year;
  }
}
