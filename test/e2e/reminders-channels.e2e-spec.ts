import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '@ce/reminders';
import { createTestDatabase, type TestDatabase, testQueuePrefix } from '@ce/testing';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { DataSource } from 'typeorm';
import { flushPrefix, insertProfessionals, waitFor } from '../support/reminders';

const SECRET = 'district-webhook-secret-2020';

/** Channels beyond in-app: signed webhook POSTs retried with backoff, and e-mail over a real SMTP server. */
describe('reminder channels', () => {
  let db: TestDatabase;
  let started: StartedApp;
  let redis: Redis;
  let receiver: Server;
  let admin: string;
  let districtId = '';
  const prefix = testQueuePrefix('remhooks');
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const mails: { to: string[]; data: string }[] = [];
  let smtp: SMTPServer;
  let failuresLeft = 2;
  let attempts = 0;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${started.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        attempts += 1;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    db = await createTestDatabase('remhooks');
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    started = await startApp({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CE_BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-2020',
      CE_CLOCK: '2020-09-01T08:00:00+08:00',
      CE_CLOCK_CONTROL: 'true',
      CE_REMINDERS_PREFIX: prefix,
      CE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    });
    const login = await fetch(`${started.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-2020' }),
    });
    const session = (await login.json()) as { accessToken: string; user: { orgId: string } };
    admin = session.accessToken;
    const district = await call('POST', '/orgs', {
      name: '莱山区人力资源和社会保障局',
      kind: 'district',
      parentId: session.user.orgId,
    });
    districtId = String(district.body.id);
    const user = await call('POST', '/users', {
      username: 'laishan',
      password: 'password-2020',
      displayName: '莱山区审核员',
      orgId: districtId,
      roles: ['district_reviewer'],
    });
    expect(user.status).toBe(201);
  });

  afterAll(async () => {
    await started?.app.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await flushPrefix(redis, prefix);
    await redis.quit();
    await db?.drop();
  });

  it('validates the webhook and mailbox settings', async () => {
    expect(
      (await call('PUT', `/admin/orgs/${districtId}/mailbox`, { address: 'not-an-address' })).status,
    ).toBe(400);
    expect(
      (await call('PUT', `/admin/orgs/${districtId}/webhook`, { url: 'ftp://x', secret: 'short' })).status,
    ).toBe(400);
  });

  it('POSTs each notice signed with HMAC-SHA256, retrying a failing receiver with backoff', async () => {
    const { port } = receiver.address() as AddressInfo;
    const set = await call('PUT', `/admin/orgs/${districtId}/webhook`, {
      url: `http://127.0.0.1:${port}/hooks/ce`,
      secret: SECRET,
    });
    expect(set.status).toBe(200);
    const mailbox = await call('PUT', `/admin/orgs/${districtId}/mailbox`, { address: 'rsj@laishan.gov.cn' });
    expect(mailbox.status).toBe(200);
    expect((await call('PUT', '/admin/clock', { now: '2020-09-04T09:05:00+08:00' })).status).toBe(200);
    expect((await call('POST', '/admin/reminders/reconcile')).status).toBe(200);

    // Two notices (catalogue and plan reminders); the first two attempts are refused with 503.
    expect(await waitFor(() => Promise.resolve(received.length), 2, 30_000)).toBe(2);
    expect(attempts).toBe(4);
    const ids = new Set<string>();
    for (const { headers, body } of received) {
      const timestamp = String(headers['x-ce-timestamp']);
      expect(headers['x-ce-signature']).toBe(signWebhook(SECRET, timestamp, body));
      const payload = JSON.parse(body) as { noticeId: string; kind: string; message: string };
      expect(headers['x-ce-notice-id']).toBe(payload.noticeId);
      expect(payload.kind).toBe('reminder_14d');
      expect(payload.message).toContain('2020-09-18');
      ids.add(payload.noticeId);
    }
    expect(ids.size).toBe(2);

    // The same two notices by e-mail, once each.
    expect(await waitFor(() => Promise.resolve(mails.length), 2, 30_000)).toBe(2);
    for (const mail of mails) expect(mail.to).toEqual(['rsj@laishan.gov.cn']);
    const mailIds = mails.map((m) => /X-CE-Notice-Id: (\S+)/i.exec(m.data)?.[1]).sort();
    expect(mailIds).toEqual([...ids].sort());
  });

  it('delivers 2,000 year-end reminders to a local webhook receiver (figure: notices/s)', async () => {
    const dataSource = started.app.get(DataSource);
    const unitId = await insertProfessionals(
      (sql: string, params?: unknown[]) => dataSource.query(sql, params),
      'hooks',
      2_000,
    );
    const { port } = receiver.address() as AddressInfo;
    await call('PUT', `/admin/orgs/${unitId}/webhook`, {
      url: `http://127.0.0.1:${port}/hooks/unit`,
      secret: SECRET,
    });
    const before = received.length;
    const t0 = Date.now();
    expect((await call('PUT', '/admin/clock', { now: '2020-12-17T09:05:00+08:00' })).status).toBe(200);
    expect((await call('POST', '/admin/reminders/reconcile')).status).toBe(200);
    expect(await waitFor(() => Promise.resolve(received.length - before), 2_000, 120_000)).toBe(2_000);
    const ms = Date.now() - t0;
    const ids = new Set(received.slice(before).map((r) => String(r.headers['x-ce-notice-id'])));
    expect(ids.size).toBe(2_000);
    process.stdout.write(
      `reminders-channels: 2000 notices planned, written and POSTed in ${ms} ms (${Math.round(2_000_000 / ms)}/s)\n`,
    );
  }, 180_000);
});
