/**
 * Slows down password guessing: after 5 failed logins for one username within 15 minutes, or 50
 * from one address, further attempts are refused for 15 minutes. Kept in memory: a restart forgets,
 * which is acceptable for a limiter.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perUser = 5,
    private readonly perAddress = 50,
    private readonly windowMs = 15 * 60_000,
  ) {}

  blocked(username: string, address: string, now = Date.now()): boolean {
    return (
      this.recent(`u:${username.toLowerCase()}`, now) >= this.perUser ||
      this.recent(`a:${address}`, now) >= this.perAddress
    );
  }

  fail(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      this.failures.set(key, [...(this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs), now]);
    }
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private recent(key: string, now: number): number {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times.length;
  }
}
