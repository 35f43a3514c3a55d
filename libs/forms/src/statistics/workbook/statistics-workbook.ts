import { type Borders, type Cell, Workbook, type Worksheet } from 'exceljs';
import {
  COUNT_KEYS,
  FORM_LABELS,
  MAJOR_STRATEGY_GROUPS,
  type StatisticsForm,
  YEAR_KEYS,
  formTitle,
} from '../domain/forms';
import type { ReportRow } from '../domain/report.rules';

/**
 * 附件3 and 附件4 as the notice prints them: the 附件 label, the title with the year, the 填报单位
 * line, the two-row header with its merged cells, and one row per field in the notice's order.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface StatisticsSheetInput {
  readonly form: StatisticsForm;
  readonly year: number;
  /** 填报单位: the organisation that exports (and stamps) the sheet. */
  readonly reporterName: string;
  /** 附件3 具体推进实施部门、机构: the organisations whose reports are summed. */
  readonly implementers: readonly string[];
  readonly fundingWan: number;
  /** Every field of the form in the notice's order. */
  readonly rows: readonly ReportRow[];
}

const thin = { style: 'thin' as const };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = { name: '宋体', size: 11 };
const HEADER_ROW = 4;
const FIRST_DATA_ROW = HEADER_ROW + 2;

/** Column layout of each form: widths, and where the counts start. */
const LAYOUT: Readonly<Record<StatisticsForm, { widths: readonly number[]; firstCount: number }>> = {
  // 单位名称, 具体推进实施部门、机构, 专项经费, 领域, 3 + 3 counts, 备注
  knowledge_update: { widths: [22, 26, 12, 20, 15, 13, 13, 15, 13, 13, 16], firstCount: 5 },
  // 投入经费, 领域 (group, field), 2 + 2 counts, 备注
  major_strategy: { widths: [12, 14, 20, 10, 20, 10, 20, 16], firstCount: 4 },
};

export const statisticsFileName = (form: StatisticsForm, year: number): string =>
  `${FORM_LABELS[form].attachment} ${formTitle(form, year)}.xlsx`;

export async function writeStatisticsWorkbook(input: StatisticsSheetInput): Promise<Buffer> {
  const { form, year } = input;
  const labels = FORM_LABELS[form];
  const layout = LAYOUT[form];
  const last = layout.widths.length;
  const workbook = new Workbook();
  workbook.creator = '继续教育学时审验系统';
  workbook.created = new Date(Date.UTC(year, 11, 31));
  const sheet = workbook.addWorksheet(labels.attachment, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }],
  });
  sheet.columns = layout.widths.map((width) => ({ width }));

  const attachment = sheet.getCell(1, 1);
  attachment.value = labels.attachment;
  attachment.font = { name: '黑体', size: 12 };
  attachment.alignment = { horizontal: 'left', vertical: 'middle' };

  const title = sheet.getCell(2, 1);
  title.value = formTitle(form, year);
  title.font = { name: '宋体', size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(2).height = 36;
  sheet.mergeCells(2, 1, 2, last);

  const reporter = sheet.getCell(3, 1);
  reporter.value = `填报单位：${input.reporterName}（盖章）`;
  reporter.font = FONT;
  reporter.alignment = { horizontal: 'left', vertical: 'middle' };
  sheet.getRow(3).height = 22;
  sheet.mergeCells(3, 1, 3, last);

  writeHeader(sheet, form, layout.firstCount);
  const lastDataRow = FIRST_DATA_ROW + input.rows.length - 1;
  writeRows(sheet, form, input, layout.firstCount);

  // The unit's own columns, one value over all its rows.
  if (input.rows.length > 0) {
    if (form === 'knowledge_update') {
      setMerged(sheet, FIRST_DATA_ROW, 1, lastDataRow, 1, input.reporterName);
      setMerged(sheet, FIRST_DATA_ROW, 2, lastDataRow, 2, input.implementers.join('、'));
      setMerged(sheet, FIRST_DATA_ROW, 3, lastDataRow, 3, input.fundingWan).numFmt = '0.00';
    } else {
      setMerged(sheet, FIRST_DATA_ROW, 1, lastDataRow, 1, input.fundingWan).numFmt = '0.00';
      let row = FIRST_DATA_ROW;
      for (const group of MAJOR_STRATEGY_GROUPS) {
        const size = input.rows.filter((r) => 'group' in r && r.group === group.group).length;
        if (size > 0) setMerged(sheet, row, 2, row + size - 1, 2, group.group);
        row += size;
      }
    }
  }
  for (let r = HEADER_ROW; r <= lastDataRow; r++) {
    for (let c = 1; c <= last; c++) sheet.getCell(r, c).border = BORDER;
  }
  sheet.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW + 1}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function headerCell(cell: Cell, text: string): void {
  cell.value = text;
  cell.font = { ...FONT, bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
}

function setMerged(
  sheet: Worksheet,
  top: number,
  left: number,
  bottom: number,
  right: number,
  value: string | number,
): Cell {
  const cell = sheet.getCell(top, left);
  cell.value = value;
  cell.font = FONT;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  if (bottom > top || right > left) sheet.mergeCells(top, left, bottom, right);
  return cell;
}

/** The two header rows: single headers span both, the year groups span their counts. */
function writeHeader(sheet: Worksheet, form: StatisticsForm, firstCount: number): void {
  const labels = FORM_LABELS[form];
  const top = HEADER_ROW;
  const sub = HEADER_ROW + 1;
  const spanBoth = (column: number, text: string, width = 1) => {
    headerCell(sheet.getCell(top, column), text);
    sheet.mergeCells(top, column, sub, column + width - 1);
  };
  if (form === 'knowledge_update') {
    spanBoth(1, '单位名称');
    spanBoth(2, '具体推进实施部门、机构');
    spanBoth(3, labels.fundingHeader);
    spanBoth(4, '领域');
  } else {
    spanBoth(1, labels.fundingHeader);
    spanBoth(2, '领域', 2);
  }
  const keys: readonly string[] = COUNT_KEYS[form];
  YEAR_KEYS.forEach((year, y) => {
    const start = firstCount + y * keys.length;
    headerCell(sheet.getCell(top, start), labels.years[year]);
    sheet.mergeCells(top, start, top, start + keys.length - 1);
    keys.forEach((key, k) => headerCell(sheet.getCell(sub, start + k), labels.counts[key] ?? key));
  });
  spanBoth(firstCount + 2 * keys.length, '备注');
  sheet.getRow(top).height = 24;
  sheet.getRow(sub).height = 48;
}

function writeRows(
  sheet: Worksheet,
  form: StatisticsForm,
  input: StatisticsSheetInput,
  firstCount: number,
): void {
  const keys: readonly string[] = COUNT_KEYS[form];
  const fieldColumn = firstCount - 1;
  input.rows.forEach((row, index) => {
    const r = FIRST_DATA_ROW + index;
    const fieldCell = sheet.getCell(r, fieldColumn);
    fieldCell.value = row.field;
    fieldCell.font = FONT;
    fieldCell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    YEAR_KEYS.forEach((year, y) => {
      const counts: Readonly<Record<string, number>> = row[year];
      keys.forEach((key, k) => {
        const cell = sheet.getCell(r, firstCount + y * keys.length + k);
        cell.value = counts[key] ?? 0;
        cell.font = FONT;
        cell.alignment = { horizontal: 'center', vertical: 'middle' };
      });
    });
    const note = sheet.getCell(r, firstCount + 2 * keys.length);
    note.value = row.note ?? null;
    note.font = FONT;
    note.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    sheet.getRow(r).height = 20;
  });
}
