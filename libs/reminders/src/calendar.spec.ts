import {
  type Deadline,
  deadlinesOf,
  defaultCalendar,
  mergeCalendar,
  nineAm,
  plannedNotices,
  reminderJobId,
  supersededKinds,
} from './calendar';

const catalogue = (): Deadline => {
  const found = deadlinesOf(defaultCalendar(2020)).find((d) => d.kind === 'project_catalogue');
  if (!found) throw new Error('no catalogue deadline');
  return found;
};

describe('deadline calendar', () => {
  it('defaults to DOMAIN.md for 2020, due 23:59:59 in Shanghai', () => {
    expect(deadlinesOf(defaultCalendar(2020)).map((d) => [d.id, d.dueAt, d.remindDaysBefore])).toEqual([
      ['2020_project_catalogue', '2020-09-18T15:59:59.000Z', [14, 7, 1]],
      ['2020_training_plan', '2020-09-18T15:59:59.000Z', [14, 7, 1]],
      ['2020_statistics', '2020-12-10T15:59:59.000Z', [14, 7, 1]],
      ['2020_training_year_end', '2020-12-31T15:59:59.000Z', [14, 7, 1]],
    ]);
  });

  it('reminds at 09:00 Shanghai, N days before', () => {
    expect(nineAm(new Date('2020-09-18T15:59:59Z'), -14).toISOString()).toBe('2020-09-04T01:00:00.000Z');
    expect(
      plannedNotices(catalogue(), new Date('2020-09-01T00:00:00Z')).map((n) => n.at.toISOString()),
    ).toEqual(['2020-09-04T01:00:00.000Z', '2020-09-11T01:00:00.000Z', '2020-09-17T01:00:00.000Z']);
  });

  it('sends only the latest of the reminders missed, and escalates after the deadline', () => {
    const d = catalogue();
    const at = new Date('2020-09-17T07:00:00Z');
    expect(plannedNotices(d, at).map((n) => n.kind)).toEqual(['reminder_1d']);
    expect(supersededKinds(d, at)).toEqual(['reminder_14d', 'reminder_7d']);
    const after = plannedNotices(d, new Date('2020-09-19T03:00:00Z'));
    expect(after).toEqual([{ kind: 'overdue_escalation', at: new Date('2020-09-19T01:00:00Z') }]);
    expect(plannedNotices(d, new Date('2020-11-30T00:00:00Z'))).toEqual([]);
  });

  it('makes deterministic job ids without ":"', () => {
    const id = reminderJobId('2020_project_catalogue_0190a1b2-c3d4', 'u-1', 'reminder_7d', 'r1');
    expect(id).toBe(reminderJobId('2020_project_catalogue_0190a1b2-c3d4', 'u-1', 'reminder_7d', 'r1'));
    expect(id).not.toContain(':');
    expect(id.length).toBeLessThanOrEqual(64);
    expect(reminderJobId('a', 'b', 'c', 'd')).toBe('rem_a_b_c_d');
    expect(reminderJobId('a:x', 'b', 'c', 'd')).toMatch(/^rem_[0-9a-f]{40}$/);
  });

  it('validates a new version and changes the revision only with dueAt', () => {
    const current = defaultCalendar(2020);
    expect(
      mergeCalendar(current, { deadlines: [{ kind: 'statistics', dueAt: '2031-01-01T00:00:00Z' }] }, 'v1'),
    ).toEqual({
      errors: [{ field: 'deadlines.0.dueAt', message: 'must fall in 2020 or early 2021' }],
    });
    expect('errors' in mergeCalendar(current, { deadlines: [] }, 'v1')).toBe(true);
    const merged = mergeCalendar(
      current,
      { deadlines: [{ kind: 'training_plan', dueAt: '2020-09-25T23:59:59+08:00', remindDaysBefore: [3] }] },
      'v1',
    );
    if ('errors' in merged) throw new Error('rejected');
    const [before, after] = [deadlinesOf(current), deadlinesOf(merged.calendar)];
    expect(after[1]).toMatchObject({ dueAt: '2020-09-25T15:59:59.000Z', remindDaysBefore: [3] });
    expect(after[1]?.revision).not.toBe(before[1]?.revision);
    expect(after[0]?.revision).toBe(before[0]?.revision);
  });
});
