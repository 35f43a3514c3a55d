/**
 * Bases benchmark: bulk trainee registration (学员批量导入) against the built system in its own process.
 *
 *   npx tsx bench/bases.bench.ts                  # 3 runs of 10,000 rows
 *   BENCH_ROWS=2000 BENCH_RUNS=1 npx tsx bench/bases.bench.ts
 *
 * stdout: one JSON object per line (results only); stderr: progress.
 *
 * Each run uses a fresh rural-revitalisation base and measures:
 * - the upload of a CSV of BENCH_ROWS new trainees (rows/s, wall time of the HTTP call);
 * - from the upload's answer until `GET /bases/{id}/years/2020` counts every trainee (quota projection lag);
 * - `GET …?after=<position>` (read-your-writes wait);
 * - the same file uploaded again (every row a duplicate: nothing appended);
 * - the same rows as an xlsx into another base (parsing cost of xlsx against CSV).
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { idNumberCheckChar } from '../libs/identity/src/domain/id-number';
import { createTestDatabase, type TestDatabase } from '../libs/testing/src/test-database';
import { Api, type Session } from '../test/support/api-client';
import { type SystemProcess, buildOnce, startSystemProcess } from '../test/support/system-process';
import { round } from './lib/stats';

const BENCH = 'bases';
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ADMIN_PASSWORD = 'bench-admin-2020';
const PASSWORD = 'bench-user-2020';
const HEADER = ['姓名', '身份证号', '培训项目', '学时', '完成日期'];
const startedAt = performance.now();

const emit = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: BENCH, ...line })}\n`);
const progress = (message: string) =>
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);

function id(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const first17 = `370687${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const rows = (offset: number): string[][] =>
  Array.from({ length: ROWS }, (_, i) => [
    `学员${offset + i}`,
    id(offset + i),
    '乡村振兴网络研修',
    '8',
    '2020-06-30',
  ]);

const csv = (table: string[][]): Buffer =>
  Buffer.from(`\uFEFF${[HEADER, ...table].map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');

async function xlsx(table: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('学员');
  sheet.addRow(HEADER);
  for (const r of table) sheet.addRow([r[0], r[1], r[2], Number(r[3]), r[4]]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(session: Session, baseId: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const started = performance.now();
  const response = await fetch(`${session.api.baseUrl}/api/v1/bases/${baseId}/trainees/import?year=2020`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token ?? ''}` },
    body: form,
  });
  const body = (await response.json()) as { accepted: number; duplicates: number; position: string | null };
  if (response.status !== 200) throw new Error(`import → ${response.status}: ${JSON.stringify(body)}`);
  return { ms: performance.now() - started, ...body };
}

async function trainees(session: Session, baseId: string, after?: string): Promise<number> {
  const response = await session.get(`/api/v1/bases/${baseId}/years/2020`, after ? { after } : {});
  return response.expectStatus<{ trainees: number }>(200).trainees;
}

async function newBase(admin: Session, name: string): Promise<{ baseId: string; operator: Session }> {
  const baseId = (
    await admin.post('/api/v1/orgs', {
      name,
      kind: 'base',
      parentId: admin.user.orgId,
      baseType: 'rural_revitalization',
    })
  ).expectStatus<{ id: string }>(201).id;
  const username = `op-${baseId.slice(-12)}`;
  (
    await admin.post('/api/v1/users', {
      username,
      password: PASSWORD,
      displayName: name,
      orgId: baseId,
      roles: ['base_operator'],
    })
  ).expectStatus<unknown>(201);
  return { baseId, operator: await admin.api.login(username, PASSWORD) };
}

async function main(): Promise<void> {
  let db: TestDatabase | undefined;
  let system: SystemProcess | undefined;
  try {
    buildOnce();
    db = await createTestDatabase('benchbases');
    system = await startSystemProcess({
      DATABASE_URL: db.url,
      CE_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CE_CLOCK: '2020-09-01T09:00:00+08:00',
    });
    progress(`system at ${system.url}`);
    const admin = await new Api(system.url).login('admin', ADMIN_PASSWORD);
    for (let run = 1; run <= RUNS; run++) {
      const { baseId, operator } = await newBase(admin, `基准测试基地${run}`);
      const table = rows(run * 100_000);
      const file = csv(table);
      const first = await upload(operator, baseId, file, 'trainees.csv');
      const uploaded = performance.now();
      while ((await trainees(operator, baseId)) < ROWS) {
        if (performance.now() - uploaded > 60_000) throw new Error('quota view did not catch up in 60 s');
      }
      const projectedMs = performance.now() - uploaded;
      const waitStarted = performance.now();
      await trainees(operator, baseId, first.position ?? undefined);
      const afterMs = performance.now() - waitStarted;
      const again = await upload(operator, baseId, file, 'trainees.csv');
      const { baseId: xlsxBase, operator: xlsxOperator } = await newBase(admin, `基准测试基地${run}x`);
      const sheet = await upload(xlsxOperator, xlsxBase, await xlsx(table), 'trainees.xlsx');
      emit({
        run,
        rows: ROWS,
        csv_bytes: file.length,
        csv_upload_ms: round(first.ms, 0),
        csv_rows_per_s: round(ROWS / (first.ms / 1000), 0),
        accepted: first.accepted,
        upload_to_quota_view_ms: round(projectedMs, 0),
        get_after_position_ms: round(afterMs, 0),
        duplicate_upload_ms: round(again.ms, 0),
        duplicates: again.duplicates,
        xlsx_upload_ms: round(sheet.ms, 0),
        xlsx_rows_per_s: round(ROWS / (sheet.ms / 1000), 0),
      });
      progress(`run ${run} done`);
    }
  } finally {
    await system?.kill();
    await db?.drop();
  }
}

main().then(
  () => progress('done'),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
