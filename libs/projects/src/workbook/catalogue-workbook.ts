import { type CellValue, Workbook, type Worksheet } from 'exceljs';
import { DomainError, RuleViolation } from '@ce/kernel';
import { formatPeriod, normalizeText } from '../domain/dates';
import { CATALOGUE_HEADERS, type CatalogueSheetRow, type CellScalar, isBlankRow } from './catalogue-row';

/**
 * 附件1 as a workbook: the export the city publishes, and the uploads units send in. Columns of
 * an upload are found by their header text, wherever the header row sits.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const catalogueTitle = (year: number): string => `${year}年度专业技术人员继续教育培训项目目录`;

/** A published catalogue entry as the sheet prints it. */
export interface CatalogueSheetItem {
  readonly organizerName: string;
  readonly name: string;
  readonly hours: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly place: string;
  readonly audience: string;
  readonly contact: string;
  readonly cityWide: boolean;
}

const COLUMN_WIDTHS = [6, 28, 36, 8, 24, 24, 24, 24, 12];

/** The workbook of 附件1: title, 填报单位 line, header, one row per project. */
export async function writeCatalogueWorkbook(input: {
  year: number;
  reporterName: string;
  items: readonly CatalogueSheetItem[];
}): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = '继续教育学时审验系统';
  workbook.created = new Date(Date.UTC(input.year, 0, 1));
  const sheet = workbook.addWorksheet('培训项目目录', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  const last = CATALOGUE_HEADERS.length;

  const title = sheet.getRow(1);
  title.getCell(1).value = catalogueTitle(input.year);
  title.getCell(1).font = { name: '宋体', size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 36;
  sheet.mergeCells(1, 1, 1, last);

  const reporter = sheet.getRow(2);
  reporter.getCell(1).value = `填报单位：${input.reporterName}（盖章）`;
  reporter.getCell(1).font = { name: '宋体', size: 11 };
  reporter.getCell(1).alignment = { horizontal: 'left', vertical: 'middle' };
  reporter.height = 22;
  sheet.mergeCells(2, 1, 2, last);

  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const header = sheet.getRow(3);
  CATALOGUE_HEADERS.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { name: '宋体', size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = border;
  });
  header.height = 30;

  input.items.forEach((item, index) => {
    const row = sheet.getRow(4 + index);
    row.values = [
      index + 1,
      item.organizerName,
      item.name,
      item.hours,
      formatPeriod(item.startDate, item.endDate),
      item.place,
      item.audience,
      item.contact,
      item.cityWide ? '是' : '否',
    ];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cell.border = border;
      cell.font = { name: '宋体', size: 11 };
      const centred = column === 1 || column === 4 || column === 5 || column === 9;
      cell.alignment = { horizontal: centred ? 'center' : 'left', vertical: 'middle', wrapText: true };
    });
  });
  sheet.pageSetup.printTitlesRow = '1:3';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- reading uploads ------------------------------------------------------------------------

type Column =
  'organizer' | 'name' | 'hours' | 'period' | 'place' | 'audience' | 'contact' | 'phone' | 'cityWide';

/** Header texts recognised for each column (after dropping blanks, bracketed notes and 、/ marks). */
const HEADER_ALIASES: Readonly<Record<Column, readonly string[]>> = {
  organizer: ['承办单位', '承办单位名称', '主办单位', '举办单位', '培训单位'],
  name: ['培训项目名称', '项目名称', '培训项目', '培训班名称'],
  hours: ['学时', '学时数', '培训学时'],
  period: ['培训时间', '培训日期', '举办时间'],
  place: ['培训地点', '举办地点', '地点'],
  audience: ['培训对象', '对象'],
  contact: ['联系人及电话', '联系人及联系电话', '联系人和电话', '联系人电话', '联系方式', '联系人'],
  phone: ['联系电话', '电话'],
  cityWide: ['是否面向全市', '面向全市'],
};

const REQUIRED: readonly Column[] = ['name', 'hours', 'period', 'place', 'audience', 'cityWide'];
const HEADER_SCAN_ROWS = 30;
export const MAX_IMPORT_ROWS = 2000;

const headerKey = (text: string): string =>
  normalizeText(text)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[、/:：*＊]/g, '');

function columnOf(text: string): Column | null {
  const key = headerKey(text);
  if (!key) return null;
  for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [Column, readonly string[]][]) {
    if (aliases.includes(key)) return column;
  }
  return null;
}

/** A cell's value with rich text joined, hyperlinks as their text and formulas as their results. */
export function scalarOf(value: CellValue): CellScalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return null;
  if ('hyperlink' in value) return scalarOf(value.text);
  if ('result' in value) return value.result === undefined ? null : scalarOf(value.result);
  return null;
}

interface HeaderRow {
  readonly sheet: Worksheet;
  readonly row: number;
  readonly columns: ReadonlyMap<Column, number>;
}

function findHeader(sheet: Worksheet): HeaderRow | null {
  const lastRow = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
  for (let r = 1; r <= lastRow; r++) {
    const columns = new Map<Column, number>();
    sheet.getRow(r).eachCell({ includeEmpty: false }, (cell, column) => {
      const value = scalarOf(cell.value);
      const found = typeof value === 'string' ? columnOf(value) : null;
      if (found && !columns.has(found)) columns.set(found, column);
    });
    if (REQUIRED.filter((c) => columns.has(c)).length >= 4) return { sheet, row: r, columns };
  }
  return null;
}

const COLUMN_LABEL: Readonly<Record<Column, string>> = {
  organizer: '承办单位',
  name: '培训项目名称',
  hours: '学时',
  period: '培训时间',
  place: '培训地点',
  audience: '培训对象',
  contact: '联系人及电话',
  phone: '联系电话',
  cityWide: '是否面向全市',
};

/** Loads an uploaded workbook; anything exceljs cannot open is refused as not an xlsx file. */
export async function loadWorkbook(file: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch {
    throw new DomainError(
      'TRAINING_PROJECT.UNREADABLE_FILE',
      '文件无法作为 Excel（.xlsx）工作簿打开，请使用附件1模板另存为 .xlsx 后上传',
      'invalid',
      [{ field: 'file', message: 'not a readable .xlsx workbook' }],
    );
  }
  return workbook;
}

/**
 * The data rows of the first sheet that has a 附件1 header row (blank rows left out). Refuses a
 * workbook without such a header, or without a column 附件1 requires.
 */
export function readCatalogueSheet(workbook: Workbook): {
  sheetName: string;
  headerRow: number;
  rows: CatalogueSheetRow[];
} {
  let header: HeaderRow | null = null;
  for (const sheet of workbook.worksheets) {
    header = findHeader(sheet);
    if (header) break;
  }
  if (!header) {
    throw new RuleViolation(
      'TRAINING_PROJECT.HEADER_NOT_FOUND',
      `未找到附件1的表头行：须有 ${CATALOGUE_HEADERS.slice(1).join('、')} 等列`,
      { expected: [...CATALOGUE_HEADERS] },
    );
  }
  const { sheet, row: headerRow, columns } = header;
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (!columns.has('contact') && !columns.has('phone')) missing.push('contact');
  if (missing.length > 0) {
    const labels = missing.map((c) => COLUMN_LABEL[c]);
    throw new RuleViolation('TRAINING_PROJECT.COLUMNS_MISSING', `表头缺少以下列：${labels.join('、')}`, {
      missing: labels,
      headerRow,
    });
  }
  const at = (r: number, column: Column): CellScalar => {
    const index = columns.get(column);
    return index === undefined ? null : scalarOf(sheet.getRow(r).getCell(index).value);
  };
  const rows: CatalogueSheetRow[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const contact = at(r, 'contact');
    const phone = at(r, 'phone');
    const joinedContact =
      columns.has('contact') && columns.has('phone')
        ? [contact, phone]
            .map((v) => (v === null ? '' : String(v).trim()))
            .filter(Boolean)
            .join(' ') || null
        : (contact ?? phone);
    const row: CatalogueSheetRow = {
      row: r,
      organizer: at(r, 'organizer'),
      name: at(r, 'name'),
      hours: at(r, 'hours'),
      period: at(r, 'period'),
      place: at(r, 'place'),
      audience: at(r, 'audience'),
      contact: joinedContact,
      cityWide: at(r, 'cityWide'),
    };
    if (isBlankRow(row)) continue;
    rows.push(row);
    if (rows.length > MAX_IMPORT_ROWS) {
      throw new RuleViolation(
        'TRAINING_PROJECT.TOO_MANY_ROWS',
        `一次最多导入 ${MAX_IMPORT_ROWS} 个培训项目`,
        {
          max: MAX_IMPORT_ROWS,
        },
      );
    }
  }
  return { sheetName: sheet.name, headerRow, rows };
}
