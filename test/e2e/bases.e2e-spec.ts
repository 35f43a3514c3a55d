import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { comparePositions } from '@ce/event-store';
import { YearEndAssessmentScheduler } from '@ce/bases';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { Api, type ApiResponse, type Session } from '../support/api-client';
import { testQueuePrefix } from '@ce/testing';
import {
  ADMIN_PASSWORD,
  type ClaimListItem,
  type ClaimView,
  type Inbox,
  type TestSystem,
  type Yantai,
  buildYantai,
  createUser,
  idNumber,
  startTestSystem,
  syncReadModels,
} from '../support/yantai';

/**
 * Provincial continuing-education bases (省级继续教育基地) end to end over HTTP on PostgreSQL:
 * registering trainees one by one and by upload (CSV and xlsx), the quotas as policy data, the
 * year-end assessment recorded exactly once, the year report on the approval flow, and the process
 * manager that turns a registration of a known person into their hour claim exactly once.
 * The clock stands at 2020-09-01 09:00 in Yantai (day 245 of 366).
 */

interface BaseYear {
  readonly baseId: string;
  readonly baseName: string;
  readonly baseType: string;
  readonly year: number;
  readonly trainees: number;
  readonly traineeQuota: number;
  readonly researchProjects: number;
  readonly projectQuota: number;
  readonly forecastTrainees: number;
  readonly status: 'on_track' | 'at_risk' | 'met' | 'not_met';
  readonly registrations: number;
  readonly lastRegisteredOn: string | null;
  readonly assessment: { readonly result: string; readonly trainees: number } | null;
}

interface ImportResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rows: {
    row: number;
    ok: boolean;
    duplicate?: boolean;
    errors?: { field: string; message: string }[];
  }[];
  readonly position: string | null;
}

interface Written {
  readonly duplicate: boolean;
  readonly position: string;
}

const YEAR = 2020;
const HEADER = ['姓名', '身份证号', '培训项目', '学时', '完成日期'];
const CSV_TYPE = 'text/csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Valid 身份证号 nobody in the system has (area 370687), distinct for distinct `n`. */
function syntheticId(n: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  return idNumber(birth.toISOString().slice(0, 10).replace(/-/g, ''), n % 1000, '370687');
}

type Row = readonly (string | number | Date)[];

const trainee = (n: number, programme = '专业技术人员职业道德与诚信建设', hours = 12): Row => [
  `学员${n}`,
  syntheticId(n),
  programme,
  hours,
  '2020-06-30',
];

function csv(rows: readonly Row[], bom = true): Buffer {
  const cell = (v: string | number | Date) => {
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const text = [HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
  return Buffer.from(`${bom ? '\uFEFF' : ''}${text}\r\n`, 'utf8');
}

async function xlsx(rows: readonly Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('学员名单');
  sheet.addRow([...HEADER]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(
  session: Session,
  baseId: string,
  file: { bytes: Buffer; name: string; type: string },
  year: number = YEAR,
): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const response = await fetch(
    new URL(`/api/v1/bases/${baseId}/trainees/import?year=${year}`, session.api.baseUrl),
    {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token ?? ''}` },
      body: form,
    },
  );
  const body: unknown = await response.json();
  if (response.status < 300) session.api.note((body as { position?: unknown }).position);
  return { status: response.status, body };
}

async function imported(
  session: Session,
  baseId: string,
  file: { bytes: Buffer; name: string; type: string },
): Promise<ImportResult> {
  const { status, body } = await upload(session, baseId, file);
  if (status !== 200) throw new Error(`import → ${status}: ${JSON.stringify(body)}`);
  return body as ImportResult;
}

/** Polls until `done` holds (the read models follow the store asynchronously), for at most 15 s. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('provincial bases (省级继续教育基地) over HTTP', () => {
  let system: TestSystem;
  let y: Yantai;
  let sql: Client;
  let auditor: Session;
  const bases = { ldu: '', sdbi: '', ytaas: '', wangti: '' };
  const operators: Record<keyof typeof bases, Session> = {} as Record<keyof typeof bases, Session>;

  const yearOf = async (session: Session, baseId: string, year = YEAR): Promise<BaseYear> =>
    (await session.getFresh(`/api/v1/bases/${baseId}/years/${year}`)).expectStatus<BaseYear>(200);

  const register = (session: Session, baseId: string, row: Row, year = YEAR) =>
    session.post(`/api/v1/bases/${baseId}/trainees`, {
      year,
      name: row[0],
      idNumber: row[1],
      programme: row[2],
      hours: row[3],
      completedOn: row[4],
    });

  const addProjects = async (session: Session, baseId: string, names: readonly string[]) => {
    for (const name of names) {
      (
        await session.post(`/api/v1/bases/${baseId}/research-projects`, {
          year: YEAR,
          name,
          startDate: '2020-05-11',
          endDate: '2020-05-15',
        })
      ).expectStatus<Written>(201);
    }
  };

  beforeAll(async () => {
    system = await startTestSystem('bases');
    y = await buildYantai(system, 'bs');
    const { admin, rootOrgId } = system;
    const org = async (name: string, baseType: string) =>
      (await admin.post('/api/v1/orgs', { name, kind: 'base', parentId: rootOrgId, baseType })).expectStatus<{
        id: string;
      }>(201).id;
    bases.ldu = await org('鲁东大学', 'provincial');
    bases.sdbi = await org('山东商务职业学院', 'provincial');
    bases.ytaas = await org('烟台市农业科学研究院', 'rural_revitalization');
    bases.wangti = await org('山东网梯学航网络科技有限公司', 'rural_revitalization');
    for (const key of Object.keys(bases) as (keyof typeof bases)[]) {
      operators[key] = await createUser(admin, {
        username: `bs.${key}`,
        orgId: bases[key],
        roles: ['base_operator'],
      });
    }
    auditor = await createUser(admin, { username: 'bs.auditor', orgId: rootOrgId, roles: ['auditor'] });
    await syncReadModels(admin);
    sql = new Client({ connectionString: system.database.url });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await system?.close();
  });

  describe('registering trainees (学员登记)', () => {
    it('registers a person once per programme; only the base’s own operator (or an admin) writes', async () => {
      const { ldu, sdbi } = bases;
      const first = await register(operators.ldu, ldu, trainee(1));
      expect(first.expectStatus<Written>(201)).toMatchObject({ duplicate: false });
      expect((await register(operators.ldu, ldu, trainee(1))).expectStatus<Written>(200)).toMatchObject({
        duplicate: true,
      });
      // The same number written in lower case is the same person.
      const lower = [...trainee(1)];
      lower[1] = String(lower[1]).toLowerCase();
      expect((await register(operators.ldu, ldu, lower)).status).toBe(200);
      (await register(operators.ldu, ldu, trainee(1, '乡村振兴战略与基层治理'))).expectStatus<Written>(201);
      (await register(system.admin, ldu, trainee(2))).expectStatus<Written>(201);

      (await register(operators.sdbi, ldu, trainee(3))).expectProblem(403, 'BASE.NOT_OPERATOR');
      (await register(y.users.unitAdmin, ldu, trainee(3))).expectProblem(403);
      (await register(operators.sdbi, sdbi, [...trainee(3)].fill('370602198503071230', 1, 2))).expectProblem(
        422,
        'BASE_YEAR.INVALID_ID_NUMBER',
      );
      const lastYear = [...trainee(3)];
      lastYear[4] = '2019-12-31';
      (await register(operators.ldu, ldu, lastYear)).expectProblem(422, 'BASE_YEAR.DATE_OUTSIDE_YEAR');
      (await register(system.admin, '00000000-0000-4000-8000-000000000000', trainee(3))).expectProblem(
        404,
        'BASE.NOT_FOUND',
      );

      const year = await yearOf(operators.ldu, ldu);
      expect(year).toMatchObject({
        baseId: ldu,
        baseName: '鲁东大学',
        baseType: 'provincial',
        year: YEAR,
        trainees: 2,
        registrations: 3,
        traineeQuota: 2000,
        projectQuota: 4,
        lastRegisteredOn: '2020-09-01',
      });
    });

    it('imports a CSV (UTF-8 with a BOM) of good, bad and duplicate rows, naming each problem in Chinese', async () => {
      const rows: Row[] = [
        trainee(10),
        trainee(11),
        trainee(12, '数字经济与产业转型', 6.5),
        trainee(10), // row 5: the same person and programme again, in the same file
        trainee(1), // row 6: registered one by one above
        ['', syntheticId(13), '职业道德', 12, '2020-06-30'], // row 7: no name
        ['张三', '370687197001010012', '职业道德', 12, '2020-06-30'], // row 8: wrong check digit (1)
        ['李四', syntheticId(14), '职业道德', 'abc', '2020-06-30'], // row 9
        ['王五', syntheticId(15), '职业道德', 0.3, '2020-02-30'], // row 10: two problems
        ['赵六', syntheticId(16), '职业道德', 8, '2019-12-01'], // row 11: another year
        ['钱七', syntheticId(17), '职业道德', 8, '2020-10-01'], // row 12: after today
        ['孙八', '', '', 8, ''], // row 13
        trainee(18, '数字经济与产业转型', 6.5),
      ];
      const result = await imported(operators.ldu, bases.ldu, {
        bytes: csv(rows),
        name: '学员.csv',
        type: CSV_TYPE,
      });
      expect(result).toMatchObject({ accepted: 4, duplicates: 2, rejected: 7 });
      expect(result.rows).toHaveLength(13);
      const byRow = new Map(result.rows.map((r) => [r.row, r]));
      expect(byRow.get(2)).toEqual({ row: 2, ok: true });
      expect(byRow.get(5)).toEqual({ row: 5, ok: true, duplicate: true });
      expect(byRow.get(6)).toEqual({ row: 6, ok: true, duplicate: true });
      expect(byRow.get(7)?.errors).toEqual([{ field: '姓名', message: '缺少姓名' }]);
      expect(byRow.get(8)?.errors).toEqual([{ field: '身份证号', message: '身份证号校验位不正确' }]);
      expect(byRow.get(9)?.errors).toEqual([{ field: '学时', message: '学时须为大于0的数字' }]);
      expect(byRow.get(10)?.errors).toEqual([
        { field: '学时', message: '学时须为0.5的整数倍' },
        { field: '完成日期', message: '完成日期无效（应为YYYY-MM-DD）' },
      ]);
      expect(byRow.get(11)?.errors).toEqual([{ field: '完成日期', message: '完成日期不在2020年度内' }]);
      expect(byRow.get(12)?.errors).toEqual([{ field: '完成日期', message: '完成日期不能晚于今天' }]);
      expect(byRow.get(13)?.errors?.map((e) => e.message)).toEqual([
        '缺少身份证号',
        '缺少培训项目',
        '缺少完成日期',
      ]);

      // The same file again (without a BOM this time): nothing new.
      const again = await imported(operators.ldu, bases.ldu, {
        bytes: csv(rows, false),
        name: '学员.csv',
        type: CSV_TYPE,
      });
      expect(again).toMatchObject({ accepted: 0, duplicates: 6, rejected: 7 });
      expect((await yearOf(operators.ldu, bases.ldu)).trainees).toBe(2 + 4);
    });

    it('imports an xlsx built with dates, numbers and text cells', async () => {
      const rows: Row[] = [
        ['周九', syntheticId(20), '海洋经济专题研修', 16, new Date(Date.UTC(2020, 6, 15))],
        ['吴十', syntheticId(21), '海洋经济专题研修', '16', '2020/7/15'],
        ['郑十一', Number('370687197001010020'), '海洋经济专题研修', 16, '2020-07-15'], // a number cell: digits lost
        ['周九', syntheticId(20), '海洋经济专题研修', 16, '2020-07-15'], // duplicate of row 2
      ];
      const result = await imported(operators.ldu, bases.ldu, {
        bytes: await xlsx(rows),
        name: '学员.xlsx',
        type: XLSX_TYPE,
      });
      expect(result).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1 });
      expect(result.rows[2]).toEqual({
        row: 4,
        ok: false,
        errors: [{ field: '身份证号', message: '身份证号须以文本格式填写（数字格式会丢失末尾数字）' }],
      });
      expect((await yearOf(operators.ldu, bases.ldu)).trainees).toBe(8);
    });

    it('takes two overlapping uploads at once: each registration stored once, the overlap reported once', async () => {
      const a = Array.from({ length: 1200 }, (_, i) => trainee(40_000 + i));
      const b = Array.from({ length: 1200 }, (_, i) => trainee(40_600 + i));
      const [first, second] = await Promise.all([
        imported(operators.ldu, bases.ldu, { bytes: csv(a), name: 'a.csv', type: CSV_TYPE }),
        imported(operators.ldu, bases.ldu, { bytes: csv(b), name: 'b.csv', type: CSV_TYPE }),
      ]);
      expect(first.accepted + second.accepted).toBe(1800);
      expect(first.duplicates + second.duplicates).toBe(600);
      const stored = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND type = 'base-year.trainee-registered.v1'
            AND data->>'idNumber' = ANY ($2::text[])`,
        [`base-year-${bases.ldu}-${YEAR}`, [...a, ...b].map((r) => String(r[1]))],
      );
      expect(stored.rows[0]?.n).toBe(1800);
      expect((await yearOf(operators.ldu, bases.ldu)).trainees).toBe(8 + 1800);
    });

    it('refuses an upload without a file, without the columns, or in the old .xls format', async () => {
      const form = new FormData();
      const noFile = await fetch(
        new URL(`/api/v1/bases/${bases.ldu}/trainees/import?year=${YEAR}`, system.api.baseUrl),
        { method: 'POST', headers: { authorization: `Bearer ${operators.ldu.token ?? ''}` }, body: form },
      );
      expect(noFile.status).toBe(400);
      const noColumns = await upload(operators.ldu, bases.ldu, {
        bytes: Buffer.from('姓名,学时\n王芳,12\n'),
        name: 'x.csv',
        type: CSV_TYPE,
      });
      expect(noColumns).toMatchObject({ status: 400, body: { code: 'BASE.IMPORT_MISSING_COLUMNS' } });
      const xls = await upload(operators.ldu, bases.ldu, {
        bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        name: 'x.xls',
        type: 'application/vnd.ms-excel',
      });
      expect(xls).toMatchObject({ status: 415, body: { code: 'BASE.IMPORT_UNSUPPORTED_FORMAT' } });
      const other = await upload(operators.sdbi, bases.ldu, {
        bytes: csv([trainee(1)]),
        name: 'x.csv',
        type: CSV_TYPE,
      });
      expect(other.status).toBe(403);
    });
  });

  describe('quotas (policy data: 2000 provincial, 3000 rural revitalisation, 4 projects)', () => {
    it('a provincial base at 1,999 distinct trainees is not met, at 2,000 with 4 projects it is', async () => {
      const { sdbi } = bases;
      await addProjects(operators.sdbi, sdbi, ['跨境电商人才研修班', '数字商务研修班', '现代物流研修班']);
      const rows: Row[] = [
        ...Array.from({ length: 1999 }, (_, i) => trainee(1000 + i)),
        ...Array.from({ length: 50 }, (_, i) => trainee(1000 + i)), // repeats: not registered again
        ...Array.from({ length: 30 }, (_, i) => trainee(1000 + i, '国际贸易实务')), // same people, another programme
      ];
      const result = await imported(operators.sdbi, sdbi, {
        bytes: csv(rows),
        name: 's.csv',
        type: CSV_TYPE,
      });
      expect(result).toMatchObject({ accepted: 2029, duplicates: 50, rejected: 0 });

      const at1999 = await yearOf(operators.sdbi, sdbi);
      expect(at1999).toMatchObject({
        trainees: 1999,
        registrations: 2029,
        researchProjects: 3,
        traineeQuota: 2000,
      });
      expect(at1999.status).not.toBe('met');
      // 1,999 by day 245 of 366 → 2,986 by the end of the year; three projects → 4.5: on track.
      expect(at1999).toMatchObject({ forecastTrainees: 2986, status: 'on_track' });

      (await register(operators.sdbi, sdbi, trainee(2999))).expectStatus<Written>(201);
      const at2000 = await yearOf(operators.sdbi, sdbi);
      expect(at2000.trainees).toBe(2000);
      expect(at2000.status).not.toBe('met'); // three projects are fewer than four

      await addProjects(operators.sdbi, sdbi, ['电子商务直播研修班']);
      (
        await operators.sdbi.post(`/api/v1/bases/${sdbi}/research-projects`, {
          year: YEAR,
          name: '电子商务直播研修班',
          startDate: '2020-05-11',
          endDate: '2020-05-15',
        })
      ).expectStatus<Written>(200);
      expect(await yearOf(operators.sdbi, sdbi)).toMatchObject({
        trainees: 2000,
        researchProjects: 4,
        status: 'met',
      });
    });

    it('a rural-revitalisation base needs 3,000', async () => {
      const { ytaas } = bases;
      await addProjects(operators.ytaas, ytaas, ['果树栽培', '海水养殖', '农产品电商', '智慧农业']);
      const rows = Array.from({ length: 2999 }, (_, i) => trainee(5000 + i, '新型职业农民培育', 24));
      expect(
        await imported(operators.ytaas, ytaas, { bytes: csv(rows), name: 'r.csv', type: CSV_TYPE }),
      ).toMatchObject({
        accepted: 2999,
      });
      const short = await yearOf(operators.ytaas, ytaas);
      expect(short).toMatchObject({ trainees: 2999, traineeQuota: 3000, baseType: 'rural_revitalization' });
      expect(short.status).not.toBe('met');
      (await register(operators.ytaas, ytaas, trainee(7999, '新型职业农民培育', 24))).expectStatus<Written>(
        201,
      );
      expect(await yearOf(operators.ytaas, ytaas)).toMatchObject({ trainees: 3000, status: 'met' });
    });

    it('uploads 10,000 rows in one go, quickly, and the quota view catches up (figures printed)', async () => {
      const { wangti } = bases;
      await addProjects(operators.wangti, wangti, ['农村电商', '直播带货', '数字乡村', '农业物联网']);
      const rows = Array.from({ length: 10_000 }, (_, i) => trainee(20_000 + i, '乡村振兴网络研修', 8));
      const bytes = csv(rows);
      const started = performance.now();
      const result = await imported(operators.wangti, wangti, { bytes, name: 'w.csv', type: CSV_TYPE });
      const uploadMs = performance.now() - started;
      expect(result).toMatchObject({ accepted: 10_000, duplicates: 0, rejected: 0 });
      expect(uploadMs).toBeLessThan(20_000);

      let view: BaseYear;
      do {
        view = (await operators.wangti.get(`/api/v1/bases/${wangti}/years/${YEAR}`)).expectStatus<BaseYear>(
          200,
        );
      } while (view.trainees < 10_000 && performance.now() - started < 30_000);
      const projectedMs = performance.now() - started - uploadMs;
      expect(view).toMatchObject({ trainees: 10_000, status: 'met' });

      const waitStarted = performance.now();
      const fresh = await operators.wangti.get(`/api/v1/bases/${wangti}/years/${YEAR}`, {
        after: result.position ?? '',
      });
      const afterMs = performance.now() - waitStarted;
      expect(fresh.expectStatus<BaseYear>(200).trainees).toBe(10_000);
      console.log(
        JSON.stringify({
          bench: 'bases-import',
          rows: 10_000,
          bytes: bytes.length,
          uploadMs: Math.round(uploadMs),
          rowsPerSecond: Math.round(10_000 / (uploadMs / 1000)),
          uploadToQuotaViewMs: Math.round(projectedMs),
          getAfterPositionMs: Math.round(afterMs),
        }),
      );
    });

    it('lists every base for the city bureau and auditors; a base operator sees their own', async () => {
      const list = async (session: Session) =>
        (await session.getFresh('/api/v1/bases', { query: { year: YEAR } })).expectStatus<{
          items: BaseYear[];
        }>(200).items;
      const all = await list(y.users.cityReviewer);
      expect(all.map((b) => [b.baseName, b.status])).toEqual(
        expect.arrayContaining([
          ['山东商务职业学院', 'met'],
          ['烟台市农业科学研究院', 'met'],
          ['山东网梯学航网络科技有限公司', 'met'],
        ]),
      );
      expect(all).toHaveLength(4);
      expect(all.find((b) => b.baseId === bases.ldu)).toMatchObject({
        status: 'at_risk',
        researchProjects: 0,
      });
      expect(await list(auditor)).toHaveLength(4);
      expect((await list(operators.sdbi)).map((b) => b.baseId)).toEqual([bases.sdbi]);
      (await y.users.unitAdmin.get('/api/v1/bases', { query: { year: YEAR } })).expectProblem(403);
      (await operators.sdbi.get(`/api/v1/bases/${bases.ldu}/years/${YEAR}`)).expectProblem(403);
    });

    it('reads the quotas from the published policy', async () => {
      const put = await system.admin.request('PUT', '/api/v1/admin/policies/bases', {
        version: 'e2e-bases.2',
        traineeQuota: { provincial: 2001, rural_revitalization: 3000 },
        projectQuota: 4,
      });
      put.expectStatus<unknown>(200);
      (
        await system.admin.request('PUT', '/api/v1/admin/policies/bases', { version: 'x', traineeQuota: {} })
      ).expectProblem(400, 'POLICY.INVALID');
      expect(await yearOf(operators.sdbi, bases.sdbi)).toMatchObject({
        traineeQuota: 2001,
        status: 'on_track',
      });
      (
        await system.admin.request('PUT', '/api/v1/admin/policies/bases', {
          version: 'e2e-bases.3',
          traineeQuota: { provincial: 2000, rural_revitalization: 3000 },
          projectQuota: 4,
        })
      ).expectStatus<unknown>(200);
      expect(await yearOf(operators.sdbi, bases.sdbi)).toMatchObject({ traineeQuota: 2000, status: 'met' });
    });
  });

  describe('the year report (基地年度工作报告): base → city bureau', () => {
    it('goes to the city reviewer’s inbox and is approved there', async () => {
      const { sdbi } = bases;
      const submitted = (
        await operators.sdbi.post(`/api/v1/bases/${sdbi}/years/${YEAR}/report`, { note: '全年培训2000人' })
      ).expectStatus<{ id: string; status: string }>(201);
      expect(submitted.status).toBe('in_review');
      (await operators.sdbi.post(`/api/v1/bases/${sdbi}/years/${YEAR}/report`, {})).expectProblem(409);
      (await operators.ldu.post(`/api/v1/bases/${sdbi}/years/${YEAR}/report`, {})).expectProblem(403);

      const inbox = (
        await y.users.cityReviewer.getFresh('/api/v1/tasks', { query: { subjectType: 'base_year_report' } })
      ).expectStatus<Inbox>(200);
      const task = inbox.items.find((t) => t.subjectId === submitted.id);
      expect(task).toMatchObject({ subjectType: 'base_year_report', level: 'city', orgId: system.rootOrgId });
      expect(task?.summary).toContain('山东商务职业学院');
      expect(task?.summary).toContain('2000/2000');
      (
        await operators.sdbi.post(`/api/v1/tasks/${encodeURIComponent(task?.id ?? '')}/approve`, {})
      ).expectProblem(403);
      const approved = (
        await y.users.cityReviewer.post(`/api/v1/tasks/${encodeURIComponent(task?.id ?? '')}/approve`, {})
      ).expectStatus<{ subjectId: string; status: string }>(200);
      expect(approved).toMatchObject({ subjectId: submitted.id, status: 'approved' });

      const report = (
        await operators.sdbi.getFresh(`/api/v1/bases/${sdbi}/years/${YEAR}/report`)
      ).expectStatus<{
        status: string;
        trainees: number;
        quotaStatus: string;
        steps: { level: string; decision: string; by?: string }[];
      }>(200);
      expect(report).toMatchObject({ status: 'approved', trainees: 2000, quotaStatus: 'met' });
      expect(report.steps).toEqual([
        expect.objectContaining({ level: 'city', decision: 'approved', by: y.users.cityReviewer.userId }),
      ]);
    });
  });

  describe('hours from a base (process manager)', () => {
    const programme = '专业技术人员网络安全知识';
    const known = {
      wang: idNumber('19850307', 124),
      li: idNumber('19790611', 311),
      zhao: idNumber('19880101', 402, '370613'),
    };

    const claimsOf = async (session: Session, personId: string): Promise<ClaimListItem[]> =>
      (await session.getFresh('/api/v1/hour-claims', { query: { personId } })).expectStatus<{
        items: ClaimListItem[];
      }>(200).items;

    const countClaims = async (): Promise<{ streams: number; rows: number; handled: number }> => {
      const streams = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM es_streams WHERE stream_id LIKE 'hour-claim-%'`,
      );
      const rows = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM rm_hour_claims WHERE person_id = ANY ($1::uuid[])`,
        [[y.people.wang, y.people.li, y.people.zhao]],
      );
      const handled = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pm_base_claims WHERE claim_id IS NOT NULL`,
      );
      return {
        streams: streams.rows[0]?.n ?? -1,
        rows: rows.rows[0]?.n ?? -1,
        handled: handled.rows[0]?.n ?? -1,
      };
    };

    /** Resets the process manager's checkpoint and waits until it has gone through `$all` again. */
    const replayProcess = async (forget: boolean) => {
      const before = await sql.query<{ position: string }>(
        `SELECT position FROM projection_checkpoints WHERE name = 'base-hours-process'`,
      );
      if (forget) await sql.query(`DELETE FROM pm_base_claims`);
      await sql.query(`UPDATE projection_checkpoints SET position = NULL WHERE name = 'base-hours-process'`);
      // A new event makes the running process notice its checkpoint moved; it then starts over from null.
      (await register(operators.ldu, bases.ldu, trainee(90_000 + (forget ? 1 : 0)))).expectStatus<Written>(
        201,
      );
      const target = before.rows[0]?.position ?? '';
      for (let i = 0; i < 400; i++) {
        const now = await sql.query<{ position: string | null }>(
          `SELECT position FROM projection_checkpoints WHERE name = 'base-hours-process'`,
        );
        const position = now.rows[0]?.position ?? null;
        if (position !== null && comparePositions(position, target) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the process manager did not replay within 20 s');
    };

    it('starts the hour claim of a known person once, and never again on redelivery or replay', async () => {
      const { ldu } = bases;
      const before = await countClaims();
      const rows: Row[] = [
        ['王芳', known.wang, programme, 6, '2020-08-20'],
        ['李强', known.li, programme, 6, '2020-08-20'],
        ['赵敏', known.zhao.toLowerCase(), programme, 6, '2020-08-21'],
        ['王芳', known.wang, '人工智能与大数据应用', 10, '2020-08-25'],
        ['王芳', known.wang, programme, 6, '2020-08-20'], // duplicate: no second claim
      ];
      const result = await imported(operators.ldu, ldu, { bytes: csv(rows), name: 'k.csv', type: CSV_TYPE });
      expect(result).toMatchObject({ accepted: 4, duplicates: 1 });

      // The claims are started as the process manager follows the store: a moment after the upload.
      const wangClaims = await eventually(
        () => claimsOf(y.users.wang, y.people.wang),
        (c) => c.length >= 2,
      );
      expect(wangClaims.map((c) => c.hours).sort((a, b) => a - b)).toEqual([6, 10]);
      const [first] = wangClaims;
      const claim = (await y.users.wang.getFresh(`/api/v1/hour-claims/${first?.id ?? ''}`)).expectStatus<
        ClaimView & { organizer?: string; startDate: string; endDate: string }
      >(200);
      expect(claim).toMatchObject({ subject: 'public', kind: 'training', year: 2020, organizer: '鲁东大学' });
      expect(claim.startDate).toBe(claim.endDate);
      expect(claim.steps[0]).toMatchObject({ level: 'unit', orgId: y.orgs.youthCentre, decision: 'pending' });
      const one = (c: ClaimListItem[]) => c.length >= 1;
      expect((await eventually(() => claimsOf(y.users.li, y.people.li), one)).map((c) => c.hours)).toEqual([
        6,
      ]);
      expect(
        (await eventually(() => claimsOf(y.users.zhao, y.people.zhao), one)).map((c) => c.hours),
      ).toEqual([6]);
      // The person's unit sees the claim in its inbox like any other.
      const unitInbox = (
        await y.users.unitAdmin.getFresh('/api/v1/tasks', { query: { subjectType: 'hour_claim' } })
      ).expectStatus<Inbox>(200);
      expect(unitInbox.items.filter((t) => wangClaims.some((c) => c.id === t.subjectId))).toHaveLength(2);

      const created = await countClaims();
      expect(created).toEqual({
        streams: before.streams + 4,
        rows: before.rows + 4,
        handled: before.handled + 4,
      });

      // Redelivery: the checkpoint goes back to the start; the registrations come again.
      await replayProcess(false);
      expect(await countClaims()).toEqual(created);
      // Replay without memory: the table is gone too, so every claim is submitted again —
      // with the same request id, hence the same claim, answered from the stored events.
      await replayProcess(true);
      expect(await countClaims()).toEqual(created);
      const again = await sql.query<{ claim_id: string }>(
        `SELECT claim_id FROM pm_base_claims WHERE person_id = $1 ORDER BY claim_id`,
        [y.people.wang],
      );
      expect(again.rows.map((r) => r.claim_id).sort()).toEqual(wangClaims.map((c) => c.id).sort());

      // A blue/green rebuild replays everything beside the live tables: the same rows, no new claim.
      for (const name of ['base-hours-process', 'base-years']) {
        const report = (await system.admin.post(`/api/v1/admin/projections/${name}/rebuild`)).expectStatus<{
          switched: boolean;
          differences: { table: string; onlyInLive: number; onlyInRebuild: number }[];
        }>(201);
        expect(report.switched).toBe(true);
        for (const difference of report.differences) {
          expect(difference).toMatchObject({ onlyInLive: 0, onlyInRebuild: 0 });
        }
      }
      expect(await countClaims()).toEqual(created);
    });
  });

  describe('year-end assessment (年度考核)', () => {
    let nextYear: StartedApp | undefined;

    afterAll(async () => {
      await nextYear?.app.close();
    });

    it('is refused while the year is open', async () => {
      (await system.admin.post(`/api/v1/bases/${bases.ldu}/years/${YEAR}/assess`)).expectProblem(
        422,
        'BASE_YEAR.NOT_CLOSED',
      );
      (await operators.ldu.post(`/api/v1/bases/${bases.ldu}/years/${YEAR}/assess`)).expectProblem(403);
    });

    it('is recorded exactly once when the clock passes 31 December, however many try at once', async () => {
      // A second instance on the same database whose clock has just passed the year end in Yantai.
      nextYear = await startApp({
        CE_REMINDERS_PREFIX: testQueuePrefix(),
        DATABASE_URL: system.database.url,
        PORT: '0',
        LOG_LEVEL: 'silent',
        ROLE: 'all',
        CE_CLOCK: '2021-01-01T00:00:05+08:00',
      });
      const api = new Api(nextYear.url);
      const admin = await api.login('admin', ADMIN_PASSWORD);
      const attempts = await Promise.all([
        ...Object.values(bases).flatMap((baseId) =>
          [1, 2, 3].map(() => admin.post(`/api/v1/bases/${baseId}/years/${YEAR}/assess`)),
        ),
        nextYear.app.get(YearEndAssessmentScheduler).tick(),
        nextYear.app.get(YearEndAssessmentScheduler).tick(),
      ]);
      const answers = attempts.filter((a): a is ApiResponse => typeof a !== 'number');
      for (const answer of answers) expect(answer.status).toBe(200);
      expect(await nextYear.app.get(YearEndAssessmentScheduler).tick()).toBe(0);

      const assessed = await sql.query<{ stream_id: string; n: number; result: string }>(
        `SELECT stream_id, count(*)::int AS n, min(data->>'result') AS result FROM es_events
          WHERE type = 'base-year.assessed.v1' GROUP BY stream_id ORDER BY stream_id`,
      );
      expect(assessed.rows).toHaveLength(4);
      for (const row of assessed.rows) expect(row.n).toBe(1);
      const result = (baseId: string) =>
        assessed.rows.find((r) => r.stream_id === `base-year-${baseId}-${YEAR}`)?.result;
      expect([result(bases.ldu), result(bases.sdbi), result(bases.ytaas), result(bases.wangti)]).toEqual([
        'not_met',
        'met',
        'met',
        'met',
      ]);

      // The assessment stands: the year's figures are final, and later registrations are refused.
      const ldu = (await admin.getFresh(`/api/v1/bases/${bases.ldu}/years/${YEAR}`)).expectStatus<BaseYear>(
        200,
      );
      expect(ldu).toMatchObject({
        status: 'not_met',
        assessment: { result: 'not_met', trainees: ldu.trainees },
      });
      expect((await yearOf(operators.sdbi, bases.sdbi)).status).toBe('met');
      (await register(operators.ldu, bases.ldu, trainee(99_999))).expectProblem(409, 'BASE_YEAR.ASSESSED');
      const repeat = (await admin.post(`/api/v1/bases/${bases.ldu}/years/${YEAR}/assess`)).expectStatus<{
        recorded: boolean;
        result: string;
      }>(200);
      expect(repeat).toMatchObject({ recorded: false, result: 'not_met' });
    });
  });
});
