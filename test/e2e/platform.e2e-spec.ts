import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@ce/event-store';
import { testServerUrl, testQueuePrefix } from '@ce/testing';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { buildOnce, startSystemProcess } from '../support/system-process';

/** The assembled system over HTTP: health, metrics, OpenAPI, errors, configuration. */
describe('the platform', () => {
  const name = `ce_t_platform_${randomBytes(4).toString('hex')}`;
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  let started: StartedApp;

  beforeAll(async () => {
    started = await startApp({
      CE_REMINDERS_PREFIX: testQueuePrefix(),
      DATABASE_URL: url.toString(),
      PORT: '0',
      LOG_LEVEL: 'silent',
      ROLE: 'all',
    });
  });

  afterAll(async () => {
    await started?.app.close();
    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('created its database, ran the migrations and reports itself healthy', async () => {
    const response = await fetch(`${started.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; info: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.info.postgres?.status).toBe('up');
    expect(body.info.redis?.status).toBe('up');
    expect(body.info.projections?.status).toBe('up');
  });

  it('projects what is appended and exposes lag and latency metrics', async () => {
    const store = new PostgresEventStore({ connectionString: url.toString() });
    const streamId = `org-${randomUUID()}`;
    try {
      await store.append(
        streamId,
        [{ id: randomUUID(), type: 'org.created.v1', data: { name: '芝罘区人力资源和社会保障局' } }],
        {
          expectedRevision: 'no_stream',
        },
      );
      const deadline = Date.now() + 10_000;
      let rows = 0;
      while (Date.now() < deadline && rows === 0) {
        const client = new Client({ connectionString: url.toString() });
        await client.connect();
        rows =
          (
            await client.query(`SELECT 1 FROM rm_stream_index WHERE stream_id = $1 AND category = 'org'`, [
              streamId,
            ])
          ).rowCount ?? 0;
        await client.end();
      }
      expect(rows).toBe(1);
    } finally {
      await store.close();
    }
    const metrics = await (await fetch(`${started.url}/metrics`)).text();
    expect(metrics).toMatch(/^projection_lag_events\{projection="stream-index"\} 0$/m);
    expect(metrics).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+$/m,
    );
    expect(metrics).toContain('event_store_append_duration_seconds');
  });

  it('lets a read wait for a write (?after=), says when it is stale, and refuses a malformed position', async () => {
    const store = new PostgresEventStore({ connectionString: url.toString() });
    let position: string;
    try {
      ({ position } = await store.append(
        `org-${randomUUID()}`,
        [{ id: randomUUID(), type: 'org.noted.v1', data: {} }],
        { expectedRevision: 'no_stream' },
      ));
    } finally {
      await store.close();
    }
    const fresh = await fetch(`${started.url}/health?after=${position}`);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-stale')).toBeNull();

    const future = '99999999999999999999-99999999999999999999';
    const started2 = Date.now();
    const stale = await fetch(`${started.url}/health?after=${future}`);
    expect(stale.headers.get('x-stale')).toBe('true');
    expect(Date.now() - started2).toBeGreaterThanOrEqual(4900);

    const bad = await fetch(`${started.url}/health?after=${encodeURIComponent("1' OR 1=1")}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'REQUEST.INVALID_POSITION' });
  });

  it('serves the OpenAPI document', async () => {
    const response = await fetch(`${started.url}/docs-json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; info: { title: string } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toContain('继续教育');
  });

  it('answers unknown paths with problem+json', async () => {
    const response = await fetch(`${started.url}/api/v1/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 404,
      code: 'REQUEST.NOT_FOUND',
      title: 'Not Found',
    });
  });
});

describe('starting with a bad configuration', () => {
  beforeAll(() => buildOnce(), 180_000);

  it('stops at once and names the variable', async () => {
    const failure = await startSystemProcess({ PORT: 'eighty', EVENT_STORE: 'mongo' }, 'api', 20_000).then(
      () => new Error('it started'),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(/exited with 1 before listening/);
    expect(failure.message).toMatch(/PORT: expected a port number \(got "eighty"\)/);
    expect(failure.message).toMatch(/EVENT_STORE: .*"postgres"\|"kurrentdb" \(got "mongo"\)/);
  });
});
