import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ce',
      REDIS_URL: 'redis://127.0.0.1:6379',
      EVENT_STORE: 'postgres',
      PORT: 3000,
      ROLE: 'all',
      CE_DEMO: false,
      CE_CLOCK_CONTROL: false,
    });
  });

  it('names every bad variable and what it got', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ROLE: 'both', CE_CLOCK: 'yesterday', DATABASE_URL: 'mysql://x/y' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/ROLE: .*\(got "both"\)/);
    expect(message).toMatch(/CE_CLOCK: expected an ISO 8601 instant/);
    expect(message).toMatch(/DATABASE_URL: expected a URL starting with postgres:\/\//);
  });

  it('refuses production without a JWT secret and with clock control', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CE_CLOCK_CONTROL: 'true' })).toThrow(
      /JWT_SECRET: is required when NODE_ENV=production[\s\S]*CE_CLOCK_CONTROL: must not be enabled/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), CE_AUDIT_KEY: 'k'.repeat(40) })
        .JWT_SECRET,
    ).toHaveLength(40);
  });

  it('needs KURRENTDB_URL when the KurrentDB store is chosen', () => {
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(
      /KURRENTDB_URL: is required when EVENT_STORE=kurrentdb/,
    );
  });
});
