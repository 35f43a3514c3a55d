import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EventToAppend, PostgresEventStore } from '@ce/event-store';
import { createTestDatabase, type TestDatabase } from '@ce/testing';
import { buildOnce } from '../support/system-process';
import { PROJECTIONS_LIST } from '../../apps/api/src/platform/read-models';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

type Json = Record<string, unknown>;

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const asObject = (value: unknown): Json => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`not a JSON object: ${JSON.stringify(value)}`);
  return value as Json;
};

const asArray = (value: unknown): unknown[] => {
  if (!Array.isArray(value)) throw new Error(`not a JSON array: ${JSON.stringify(value)}`);
  return value;
};

/** The CLI as operators run it: a real process on the test database, JSON on stdout. */
describe('cli (ce)', () => {
  let db: TestDatabase;
  let sql: Client;
  let tmp: string;
  let head: string | null = null;

  const orgId = randomUUID();
  const unitId = randomUUID();
  const claimA = `hour-claim-${randomUUID()}`;
  const claimB = `hour-claim-${randomUUID()}`;
  const orgStream = `org-${orgId}`;
  /** Domain clock of the events of claim A: one day apart, far from the instants they are stored. */
  const A_TIMES = ['2020-09-01T01:00:00.000Z', '2020-09-02T01:00:00.000Z', '2020-09-03T01:00:00.000Z'];
  let appended = 0;

  const cli = (...args: string[]): CliResult => {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** Runs a command and parses its standard output as one JSON document. */
  const cliJson = (...args: string[]): { status: number | null; json: unknown; stderr: string } => {
    const result = cli(...args);
    try {
      return { status: result.status, json: JSON.parse(result.stdout) as unknown, stderr: result.stderr };
    } catch {
      throw new Error(
        `ce ${args.join(' ')} → exit ${result.status}, stdout not JSON:\n${result.stdout}\n${result.stderr}`,
      );
    }
  };

  const claimEvents = (claimId: string, times: readonly string[], approvals: number): EventToAppend[] => {
    const actor = { userId: randomUUID(), orgId: unitId, role: 'unit_admin' };
    const steps = [
      { level: 'unit', orgId: unitId },
      { level: 'department', orgId: randomUUID() },
    ];
    const at = (i: number): string => times[i] ?? times[times.length - 1] ?? '2020-09-01T01:00:00.000Z';
    const events: EventToAppend[] = [
      {
        id: randomUUID(),
        type: 'hour-claim.submitted.v1',
        data: {
          claimId,
          personId: randomUUID(),
          unitId,
          applicantName: '王芳',
          year: 2020,
          subject: 'professional',
          kind: 'training',
          title: '临床护理新进展专题培训',
          startDate: '2020-08-10',
          endDate: '2020-08-12',
          hours: 24,
          makeUp: false,
          hoursPolicyVersion: 'test',
        },
        metadata: { actor, now: at(0) },
      },
      {
        id: randomUUID(),
        type: 'approval.submitted.v1',
        data: {
          subjectType: 'hour_claim',
          policyVersion: 'test',
          steps,
          submittedBy: actor.userId,
          applicantUserIds: [actor.userId],
          at: at(1),
          summary: {
            title: '王芳 · 专业科目 · 临床护理新进展专题培训',
            applicantName: '王芳',
            year: 2020,
            hours: 24,
            districtId: null,
          },
          current: 0,
          activation: 1,
          dueAt: '2020-09-10T01:00:00.000Z',
        },
        metadata: { actor, now: at(1) },
      },
    ];
    for (let step = 0; step < approvals; step++) {
      const last = step === steps.length - 1;
      events.push({
        id: randomUUID(),
        type: 'approval.step-approved.v1',
        data: {
          step,
          by: randomUUID(),
          at: at(2 + step),
          current: last ? null : step + 1,
          activation: last ? step + 1 : step + 2,
          dueAt: last ? null : '2020-09-15T01:00:00.000Z',
        },
        metadata: { actor: { userId: randomUUID(), orgId: unitId, role: 'unit_admin' }, now: at(2 + step) },
      });
    }
    return events;
  };

  beforeAll(async () => {
    buildOnce();
    tmp = mkdtempSync(join(tmpdir(), 'ce-cli-'));
    db = await createTestDatabase('cli');
    const store = new PostgresEventStore({ connectionString: db.url, pool: { max: 2 } });
    try {
      await store.migrate();
      const seed: [string, EventToAppend[]][] = [
        [
          orgStream,
          [
            {
              id: randomUUID(),
              type: 'org.registered.v1',
              data: { orgId, name: '莱山区人力资源和社会保障局', kind: 'district', parentId: null },
              metadata: { actor: { userId: 'system' }, now: '2020-08-01T00:00:00.000Z' },
            },
          ],
        ],
        [claimA, claimEvents(claimA.slice('hour-claim-'.length), A_TIMES, 1)],
        [claimB, claimEvents(claimB.slice('hour-claim-'.length), ['2020-09-05T02:00:00.000Z'], 0)],
      ];
      let last = '';
      for (const [stream, events] of seed) {
        ({ position: last } = await store.append(stream, events, { expectedRevision: 'no_stream' }));
        appended += events.length;
      }
      // A reader sees an event once no older transaction in the cluster is still open: wait for the last one.
      for (let i = 0; i < 200 && head !== last; i++) {
        head = await store.headPosition();
        if (head !== last) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(head).toBe(last);
    } finally {
      await store.close();
    }
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  }, 300_000);

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('projections: a JSON array with every projection, none applied yet', () => {
    const { status, json } = cliJson('projections');
    expect(status).toBe(0);
    const list = asArray(json).map(asObject);
    expect(list.map((p) => p.name).sort()).toEqual(PROJECTIONS_LIST.map((p) => p.name).sort());
    for (const p of list) {
      expect(p.position).toBeNull();
      expect(p.lagEvents).toBe(appended);
      expect(p.status).toBe('catching_up');
    }
  });

  it('verify: every chain intact, every event checked', () => {
    const { status, json } = cliJson('verify');
    expect(status).toBe(0);
    const report = asObject(json);
    expect(report.ok).toBe(true);
    expect(report.checkedEvents).toBe(appended);
    expect(report.firstBroken).toBeUndefined();
  });

  it('verify: an event altered in the database is found, named by stream and revision (exit 2)', async () => {
    await sql.query(
      `UPDATE es_events SET data = jsonb_set(data, '{hours}', '240') WHERE stream_id = $1 AND revision = 0`,
      [claimA],
    );
    const all = cliJson('verify');
    expect(all.status).toBe(2);
    const report = asObject(all.json);
    expect(report.ok).toBe(false);
    expect(report.checkedEvents).toBe(appended);
    expect(report.firstBroken).toEqual({ streamId: claimA, revision: '0', reason: 'hash mismatch' });

    const one = cliJson('verify', '--stream', claimA);
    expect(one.status).toBe(2);
    expect(asObject(one.json)).toMatchObject({
      ok: false,
      checkedEvents: 3,
      firstBroken: { streamId: claimA, revision: '0' },
    });

    const other = cliJson('verify', '--stream', claimB);
    expect(other.status).toBe(0);
    expect(asObject(other.json)).toMatchObject({ ok: true, checkedEvents: 2 });
  });

  it('replay: a stream’s events, and as of an instant by their effective (domain) time', () => {
    const full = cliJson('replay', claimA);
    expect(full.status).toBe(0);
    const all = asObject(full.json);
    expect(all.streamId).toBe(claimA);
    const events = asArray(all.events).map(asObject);
    expect(events.map((e) => e.type)).toEqual([
      'hour-claim.submitted.v1',
      'approval.submitted.v1',
      'approval.step-approved.v1',
    ]);
    expect(events.map((e) => e.revision)).toEqual(['0', '1', '2']);
    expect(asObject(events[0]?.data).hours).toBe(240); // as stored now, altered or not

    // Between the first and the second event's domain time; every event was stored long after.
    const asOf = '2020-09-01T12:00:00.000Z';
    const past = cliJson('replay', claimA, '--as-of', asOf);
    expect(past.status).toBe(0);
    const then = asObject(past.json);
    expect(then.asOf).toBe(asOf);
    expect(asArray(then.events).map((e) => asObject(e).type)).toEqual(['hour-claim.submitted.v1']);

    const before = cli('replay', claimA, '--as-of', '2020-01-01T00:00:00Z');
    expect(before.status).toBe(1);
    expect(before.stderr).toContain(`No events in stream ${claimA}`);
  });

  it('export-feed --format csv --out: BOM, header, one line per event', () => {
    const file = join(tmp, 'feed.csv');
    const result = cli('export-feed', '--format', 'csv', '--out', file);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${appended} events exported`);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFFposition,streamId,revision,type,effectiveAt,recordedAt,')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1 + appended);
    const rows = lines.slice(1);
    expect(rows.filter((l) => l.includes(`,${claimA},`))).toHaveLength(3);
    expect(rows.filter((l) => l.includes(`,${claimB},`))).toHaveLength(2);
    expect(rows.filter((l) => l.includes(`,${orgStream},`))).toHaveLength(1);
    // effectiveAt is the domain time of the command.
    expect(rows.some((l) => l.includes(`,${claimA},0,hour-claim.submitted.v1,${A_TIMES[0]},`))).toBe(true);
  });

  it('export-feed --format jsonl --stream-prefix: JSON Lines on stdout, only the matching streams', () => {
    const result = cli('export-feed', '--format', 'jsonl', '--stream-prefix', 'hour-claim');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => l.length > 0);
    const items = lines.map((l) => asObject(JSON.parse(l)));
    expect(items).toHaveLength(5);
    expect(items.every((i) => typeof i.streamId === 'string' && i.streamId.startsWith('hour-claim-'))).toBe(
      true,
    );
    expect(new Set(items.map((i) => i.streamId))).toEqual(new Set([claimA, claimB]));
    expect(items.filter((i) => i.streamId === claimA).map((i) => i.effectiveAt)).toEqual(A_TIMES);
  });

  it('rebuild stream-index: switch-over, then compare with zero differences', async () => {
    // The CLI runs no projection: put the live checkpoint at the head so the rebuild replays everything.
    await sql.query(
      `INSERT INTO projection_checkpoints (name, position) VALUES ('stream-index', $1)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
      [head],
    );
    const switched = cliJson('rebuild', 'stream-index', '--switch');
    expect(switched.status).toBe(0);
    expect(asObject(switched.json)).toMatchObject({
      projection: 'stream-index',
      position: head,
      eventsApplied: appended,
      switched: true,
    });
    const rows = await sql.query<{ stream_id: string; event_count: string }>(
      'SELECT stream_id, event_count::text FROM rm_stream_index ORDER BY stream_id',
    );
    expect(Object.fromEntries(rows.rows.map((r) => [r.stream_id, Number(r.event_count)]))).toEqual({
      [orgStream]: 1,
      [claimA]: 3,
      [claimB]: 2,
    });

    const compared = cliJson('rebuild', 'stream-index', '--compare');
    expect(compared.status).toBe(0);
    const report = asObject(compared.json);
    expect(report).toMatchObject({ eventsApplied: appended, switched: false });
    expect(asArray(report.differences)).toEqual([
      { table: 'rm_stream_index', onlyInLive: 0, onlyInRebuild: 0, samples: [] },
    ]);
  });

  it('checkpoint: writes a signed checkpoint over every stream head, then has nothing new to sign', () => {
    const first = cliJson('checkpoint');
    expect(first.status).toBe(0);
    const created = asObject(first.json);
    expect(created).toMatchObject({ position: head, streams: 3, events: appended });
    expect(typeof created.signature).toBe('string');

    const again = cliJson('checkpoint');
    expect(again.status).toBe(0);
    expect(asObject(again.json)).toMatchObject({ created: false });
  });

  it('rebuild of an unknown projection: exit 1 and the known names', () => {
    const result = cli('rebuild', 'nope');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Unknown projection "nope"');
    expect(result.stderr).toContain('stream-index');
  });
});
