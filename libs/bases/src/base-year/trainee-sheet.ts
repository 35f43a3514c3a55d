import { InvalidInputError, RuleViolation } from '@ce/kernel';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { FIELD_LABELS, type RawRegistration, type RegistrationField } from '../domain/trainee-registration';

/** One data row of an upload: its row number in the file (the header is row 1) and its cells. */
export interface SheetRow {
  readonly row: number;
  readonly values: RawRegistration;
}

export type SheetFormat = 'xlsx' | 'csv';

/** More rows than this in one upload is a mistake (a base trains a few thousand people a year). */
export const MAX_ROWS = 50_000;

const FIELDS = Object.keys(FIELD_LABELS) as RegistrationField[];

/**
 * Which format a file is, from its first bytes (names and MIME types of uploads are unreliable:
 * browsers send CSV as `application/vnd.ms-excel`). An xlsx is a ZIP; an old binary .xls is refused.
 */
export function sheetFormat(buffer: Buffer): SheetFormat | 'xls' {
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
  return 'csv';
}

/** Reads the rows of a trainee upload (xlsx, or CSV in UTF-8 with or without a byte-order mark). */
export async function readTraineeSheet(buffer: Buffer, format: SheetFormat): Promise<SheetRow[]> {
  const table = format === 'xlsx' ? await xlsxTable(buffer) : csvTable(buffer);
  const [header, ...rows] = table;
  if (!header)
    throw new InvalidInputError('BASE.IMPORT_EMPTY', '文件为空', [{ field: 'file', message: '没有表头' }]);
  const columns = new Map<RegistrationField, number>();
  header.cells.forEach((cell, index) => {
    const label = typeof cell === 'string' ? cell.replace(/\s+/g, '') : '';
    const field = FIELDS.find((f) => FIELD_LABELS[f] === label);
    if (field && !columns.has(field)) columns.set(field, index);
  });
  const missing = FIELDS.filter((f) => !columns.has(f)).map((f) => FIELD_LABELS[f]);
  if (missing.length > 0) {
    throw new InvalidInputError('BASE.IMPORT_MISSING_COLUMNS', `缺少列：${missing.join('、')}`, [
      { field: 'file', message: `表头须包含：${FIELDS.map((f) => FIELD_LABELS[f]).join('、')}` },
    ]);
  }
  if (rows.length > MAX_ROWS) {
    throw new RuleViolation('BASE.IMPORT_TOO_MANY_ROWS', `一次最多导入${MAX_ROWS}行，请分批上传`, {
      rows: rows.length,
    });
  }
  const at = (cells: readonly CellValue[], field: RegistrationField): CellValue => {
    const index = columns.get(field);
    return index === undefined ? undefined : cells[index];
  };
  return rows
    .filter((r) => r.cells.some((c) => c !== undefined && c !== ''))
    .map((r) => ({
      row: r.row,
      values: {
        name: at(r.cells, 'name'),
        idNumber: at(r.cells, 'idNumber'),
        programme: at(r.cells, 'programme'),
        hours: at(r.cells, 'hours'),
        completedOn: normaliseDate(at(r.cells, 'completedOn')),
      },
    }));
}

type CellValue = string | number | undefined;

interface TableRow {
  readonly row: number;
  readonly cells: CellValue[];
}

function csvTable(buffer: Buffer): TableRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new InvalidInputError(
      'BASE.IMPORT_NOT_UTF8',
      'CSV 文件须为 UTF-8 编码（Excel 中另存为“CSV UTF-8”）',
      [{ field: 'file', message: 'not UTF-8' }],
    );
  }
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record: string[], context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    throw new InvalidInputError('BASE.IMPORT_UNREADABLE', `CSV 文件无法解析：${(error as Error).message}`);
  }
  return records.map((cells, i) => ({ row: lines[i] ?? i + 1, cells }));
}

async function xlsxTable(buffer: Buffer): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own pre-generic `Buffer`; a Node Buffer is what it reads.
    await workbook.xlsx.load(buffer as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (error) {
    throw new InvalidInputError('BASE.IMPORT_UNREADABLE', `xlsx 文件无法读取：${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value);
    });
    table.push({ row: rowNumber, cells });
  });
  return table;
}

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10); // exceljs reads dates as UTC midnight
  if ('richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result instanceof Date) return result.toISOString().slice(0, 10);
    return typeof result === 'number' || typeof result === 'string' ? result : undefined;
  }
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  return undefined;
}

/** Spreadsheet dates in the forms people type them (2020/6/3, 2020.6.3, 2020年6月3日) or as Excel day numbers. */
export function normaliseDate(value: CellValue): CellValue {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 100_000) return String(value);
    // Excel's 1900 date system: day 1 is 1900-01-01, counting the fictitious 1900-02-29.
    return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10);
  }
  if (value === undefined) return value;
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.trim());
  if (!match?.[1] || !match[2] || !match[3]) return value;
  return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}
