/** Notices and deadlines as the API answers them (API.md "Deadlines and notices"). */

export interface Notice {
  readonly id: string;
  readonly kind: string;
  readonly deadlineId?: string;
  readonly subjectId?: string;
  readonly message: string;
  readonly createdAt: string;
  readonly late: boolean;
  readonly readAt: string | null;
}

export interface Deadline {
  readonly id: string;
  readonly year: number;
  readonly kind: string;
  readonly dueAt: string;
  readonly remindDaysBefore: readonly number[] | number;
}

const DAY_MS = 86_400_000;
/** Calendar day number in Yantai (UTC+8). */
const yantaiDay = (ms: number): number => Math.floor((ms + 8 * 3_600_000) / DAY_MS);

/** Days from today to the due day (Yantai calendar): negative once passed. */
export function daysLeft(dueAt: string, now: number): { days: number; passed: boolean } {
  const due = Date.parse(dueAt);
  return { days: yantaiDay(due) - yantaiDay(now), passed: due < now };
}
