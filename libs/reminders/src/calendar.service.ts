import { Injectable } from '@nestjs/common';
import { PolicyStore } from '@ce/approval';
import { type Actor, InvalidInputError } from '@ce/kernel';
import {
  type Calendar,
  type Deadline,
  deadlinesOf,
  defaultCalendar,
  mergeCalendar,
  validateCalendarDocument,
} from './calendar';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The calendar of a year is versioned data: policy `calendar-<year>` in the PolicyStore. */
@Injectable()
export class CalendarService {
  constructor(private readonly policies: PolicyStore) {}

  static policyName(year: number): string {
    return `calendar-${year}`;
  }

  checkYear(year: number): number {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new InvalidInputError('CALENDAR.YEAR_INVALID', '年度无效', [
        { field: 'year', message: `a year between ${MIN_YEAR} and ${MAX_YEAR}` },
      ]);
    }
    return year;
  }

  private policy(year: number): string {
    const name = CalendarService.policyName(this.checkYear(year));
    // Defining is idempotent; each year's calendar becomes publishable when first used.
    this.policies.define(name, validateCalendarDocument);
    return name;
  }

  async calendar(year: number): Promise<Calendar> {
    return this.policies.current(this.policy(year), defaultCalendar(year));
  }

  async deadlines(year: number): Promise<Deadline[]> {
    return deadlinesOf(await this.calendar(year));
  }

  /** Publishes a new version of the year's calendar (the body names the deadlines it changes). */
  async publish(
    year: number,
    body: unknown,
    actor: Actor,
    now: Date,
  ): Promise<{ position: string; deadlines: Deadline[] }> {
    const name = this.policy(year);
    const current = await this.calendar(year);
    const versions = await this.policies.versions(name);
    const merged = mergeCalendar(current, body, `v${versions.length + 1}`);
    if ('errors' in merged) {
      throw new InvalidInputError('CALENDAR.INVALID', '截止日期设置有误', merged.errors);
    }
    const position = await this.policies.publish(name, merged.calendar, actor, now);
    return { position, deadlines: deadlinesOf(merged.calendar) };
  }
}
