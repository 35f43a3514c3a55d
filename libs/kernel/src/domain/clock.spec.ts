import { FixedClock, RunningClock } from './clock';

describe('clocks', () => {
  it('a running clock starts at the given instant and runs at real speed', () => {
    let real = 1_000_000;
    const clock = new RunningClock(new Date('2020-09-01T01:00:00Z'), () => real);
    expect(clock.now().toISOString()).toBe('2020-09-01T01:00:00.000Z');
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2020-09-01T01:01:30.000Z');
    clock.set(new Date('2020-12-31T15:59:00Z'));
    real += 60_000;
    expect(clock.now().toISOString()).toBe('2020-12-31T16:00:00.000Z');
  });

  it('a fixed clock moves only when told', () => {
    const clock = new FixedClock(new Date('2020-12-10T00:00:00Z'));
    clock.advance(3_600_000);
    expect(clock.now().toISOString()).toBe('2020-12-10T01:00:00.000Z');
  });
});
