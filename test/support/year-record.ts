import { type CellValue, Workbook, type Worksheet } from 'exceljs';
import type { Session } from './api-client';

/** The yearly record (附件2) over HTTP: its JSON shape, and the workbook fetched and read back. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface RecordRow {
  readonly seq: number;
  readonly claimId: string;
  readonly kind: string;
  readonly title: string;
  readonly organizer: string | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly place: string | null;
  readonly hours: number;
  readonly countedHours: number;
  readonly capNote: string | null;
  readonly makeUp: boolean;
  readonly certificateNo: string | null;
  readonly registrar: string | null;
  readonly registeredAt: string | null;
  readonly studyType?: string | null;
  readonly assessment?: string | null;
  readonly achievementType?: string | null;
  readonly achievementLevel?: string | null;
}

export interface YearRecord {
  readonly personId: string;
  readonly name: string;
  readonly unitName: string;
  readonly departmentName: string | null;
  readonly year: number;
  readonly public: readonly RecordRow[];
  readonly professional: {
    readonly training: readonly RecordRow[];
    readonly selfStudy: readonly RecordRow[];
    readonly achievement: readonly RecordRow[];
    readonly grassrootsService: readonly RecordRow[];
    readonly other: readonly RecordRow[];
  };
  readonly totalHours: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly status: string;
}

export const recordPath = (personId: string, year: number): string =>
  `/api/v1/persons/${personId}/years/${year}/record`;

export async function getRecord(session: Session, personId: string, year: number): Promise<YearRecord> {
  return (await session.getFresh(recordPath(personId, year))).expectStatus<YearRecord>(200);
}

/** The record as a workbook, asked for by Accept header or by `?format=xlsx`, after every command so far. */
export async function downloadRecord(
  session: Session,
  personId: string,
  year: number,
  via: 'accept' | 'query',
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const url = new URL(recordPath(personId, year), session.api.baseUrl);
  if (via === 'query') url.searchParams.set('format', 'xlsx');
  if (session.api.latest !== null) url.searchParams.set('after', session.api.latest);
  const response = await fetch(url, {
    headers: {
      accept: via === 'accept' ? XLSX_TYPE : '*/*',
      ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
    },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

export async function readSheet(file: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  // exceljs declares its own Buffer type; a Node Buffer is what it reads.
  await workbook.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  return sheet;
}

/** A cell as the tests compare it: numbers and strings as they are, anything else (rich text, dates) as JSON. */
const scalar = (value: CellValue): string | number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** Columns D..K of a row: a block's eight columns. */
export const blockCells = (sheet: Worksheet, row: number): (string | number | null)[] =>
  Array.from({ length: 8 }, (_, i) => scalar(sheet.getCell(row, 4 + i).value));

/** The instant's calendar date in Yantai (UTC+8). */
export const shanghaiDay = (instant: string): string =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
