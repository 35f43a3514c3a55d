import { type Borders, type Cell, Workbook, type Worksheet } from 'exceljs';
import type { AchievementRow, RecordRow, SelfStudyRow, YearRecord } from './year-record';

/**
 * 附件2 as the notice prints it, one sheet:
 *
 *   附件2
 *   专业技术人员继续教育情况登记表（2020年度）
 *   专业技术人员姓名：…   所在单位（盖章）：…   主管部门（盖章）：…
 *   类别 (A:C) | 序号 | 培训项目名称 | 主办单位 | 培训时间 | 培训地点 | 登记人签字（印章） | 登记时间 | 学时
 *   公需科目 (A:C merged down)                                        one row per claim, at least one
 *   专业科目 (A merged down over every block below)
 *     | 培训进修类（含网上学习） (B:C) | its own header row, then its rows
 *     | 自学类 (B:C)                   | …
 *     | 折算类 (B, over both) | 成果、论文著作类 (C) | …
 *     |                       | 服务基层活动 (C)     | …
 *     | 其他类 (B:C)                   | …
 *   年度总学时：N 学时 (A:K)
 *
 * Columns D to K carry each block's own eight columns, so every header row has its own titles.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const yearRecordTitle = (year: number): string => `专业技术人员继续教育情况登记表（${year}年度）`;

export const yearRecordFilename = (year: number, name: string): string =>
  `${yearRecordTitle(year)}-${name}.xlsx`;

export const SHEET_NAME = '继续教育情况登记表';

const COLUMNS = 11;
/** 类别, 大类, 小类, then the blocks' eight columns. */
const COLUMN_WIDTHS = [7, 11, 11, 6, 32, 20, 23, 16, 14, 12, 8];
const FIRST_DATA_COLUMN = 4;

const REGISTRAR = '登记人签字（印章）';
const REGISTERED_AT = '登记时间';

/** The header texts of each block, columns D to K, as the notice prints them. */
export const BLOCK_HEADERS = {
  public: ['序号', '培训项目名称', '主办单位', '培训时间', '培训地点', REGISTRAR, REGISTERED_AT, '学时'],
  training: ['序号', '培训项目名称', '主办单位', '培训时间', '培训地点', REGISTRAR, REGISTERED_AT, '学时'],
  selfStudy: ['序号', '自学内容', '自学种类', '完成时间', '考核方式', REGISTRAR, REGISTERED_AT, '学时'],
  achievement: [
    '序号',
    '成果/论文著作名称',
    '成果/论文著作种类',
    '获奖/发表时间',
    '获奖/发表等级',
    REGISTRAR,
    REGISTERED_AT,
    '折算学时',
  ],
  grassrootsService: [
    '序号',
    '活动内容',
    '主办单位',
    '活动时间',
    '活动地点',
    REGISTRAR,
    REGISTERED_AT,
    '折算学时',
  ],
  other: ['序号', '培训内容', '主办单位', '培训时间', '培训地点', REGISTRAR, REGISTERED_AT, '学时'],
} as const satisfies Record<string, readonly string[]>;

export const BLOCK_LABELS = {
  public: '公需科目',
  professional: '专业科目',
  training: '培训进修类（含网上学习）',
  selfStudy: '自学类',
  conversion: '折算类',
  achievement: '成果、论文著作类',
  grassrootsService: '服务基层活动',
  other: '其他类',
} as const;

export const totalLine = (totalHours: number): string => `年度总学时：${totalHours} 学时`;

type CellText = string | number | null;

/** A claim's period: one date when it began and ended on the same day. */
export function formatPeriod(startDate: string, endDate: string): string {
  return startDate === endDate ? startDate : `${startDate}至${endDate}`;
}

/** The name cell: the title, marked as make-up study, with the cap note where competition hours were capped. */
function titleText(row: RecordRow): string {
  return `${row.title}${row.makeUp ? '（补学）' : ''}${row.capNote ? `\n（${row.capNote}）` : ''}`;
}

/** The eight cells D..K of one claim in its block's columns. */
const cellsOf = {
  standard: (r: RecordRow): CellText[] => [
    r.seq,
    titleText(r),
    r.organizer,
    formatPeriod(r.startDate, r.endDate),
    r.place,
    r.registrar,
    r.registeredAt,
    r.countedHours,
  ],
  selfStudy: (r: SelfStudyRow): CellText[] => [
    r.seq,
    titleText(r),
    r.studyType,
    r.endDate,
    r.assessment,
    r.registrar,
    r.registeredAt,
    r.countedHours,
  ],
  achievement: (r: AchievementRow): CellText[] => [
    r.seq,
    titleText(r),
    r.achievementType,
    r.endDate,
    r.achievementLevel,
    r.registrar,
    r.registeredAt,
    r.countedHours,
  ],
};

const FONT = { name: '宋体', size: 11 } as const;
const thin = { style: 'thin' as const };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };

function style(cell: Cell, options: { bold?: boolean; align?: 'center' | 'left'; size?: number } = {}): void {
  cell.font = { ...FONT, ...(options.size ? { size: options.size } : {}), bold: options.bold ?? false };
  cell.alignment = { horizontal: options.align ?? 'center', vertical: 'middle', wrapText: true };
}

/** The workbook of one person's year (附件2). Pure: the same record always gives the same cells. */
export async function writeYearRecordWorkbook(record: YearRecord): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = '继续教育学时审验系统';
  workbook.created = new Date(Date.UTC(record.year, 0, 1));
  const sheet = workbook.addWorksheet(SHEET_NAME, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));

  const label = sheet.getCell(1, 1);
  label.value = '附件2';
  label.font = { name: '黑体', size: 12 };
  label.alignment = { horizontal: 'left', vertical: 'middle' };
  sheet.mergeCells(1, 1, 1, 2);

  const title = sheet.getCell(2, 1);
  title.value = yearRecordTitle(record.year);
  style(title, { bold: true, size: 16 });
  sheet.getRow(2).height = 36;
  sheet.mergeCells(2, 1, 2, COLUMNS);

  const personLine: [number, number, string][] = [
    [1, 5, `专业技术人员姓名：${record.name}`],
    [6, 8, `所在单位（盖章）：${record.unitName}`],
    [9, 11, `主管部门（盖章）：${record.departmentName ?? ''}`],
  ];
  for (const [from, to, text] of personLine) {
    const cell = sheet.getCell(3, from);
    cell.value = text;
    style(cell, { align: 'left' });
    sheet.mergeCells(3, from, 3, to);
  }
  sheet.getRow(3).height = 30;

  const tableTop = 4;
  let next = tableTop;
  /** Writes a header row and the block's rows (an empty one when it has none); answers the rows used. */
  const block = (headers: readonly string[], rows: CellText[][]): { first: number; last: number } => {
    const first = next;
    headers.forEach((text, i) => {
      const cell = sheet.getCell(first, FIRST_DATA_COLUMN + i);
      cell.value = text;
      style(cell, { bold: true });
    });
    sheet.getRow(first).height = 30;
    const body = rows.length > 0 ? rows : [headers.map(() => null)];
    body.forEach((values, r) => {
      const row = first + 1 + r;
      values.forEach((value, i) => {
        const cell = sheet.getCell(row, FIRST_DATA_COLUMN + i);
        cell.value = value;
        style(cell, { align: i === 1 || i === 2 || i === 4 ? 'left' : 'center' });
      });
      sheet.getRow(row).height = 24;
    });
    next = first + 1 + body.length;
    return { first, last: next - 1 };
  };
  const labelCell = (top: number, left: number, bottom: number, right: number, text: string): void => {
    const cell = sheet.getCell(top, left);
    cell.value = text;
    style(cell, { bold: true });
    sheet.mergeCells(top, left, bottom, right);
  };

  // 公需科目: its header row carries 类别 over A:C, the label sits under it merged down its rows.
  const publicBlock = block(BLOCK_HEADERS.public, record.public.map(cellsOf.standard));
  labelCell(publicBlock.first, 1, publicBlock.first, 3, '类别');
  labelCell(publicBlock.first + 1, 1, publicBlock.last, 3, BLOCK_LABELS.public);

  const p = record.professional;
  const training = block(BLOCK_HEADERS.training, p.training.map(cellsOf.standard));
  labelCell(training.first, 2, training.last, 3, BLOCK_LABELS.training);
  const selfStudy = block(BLOCK_HEADERS.selfStudy, p.selfStudy.map(cellsOf.selfStudy));
  labelCell(selfStudy.first, 2, selfStudy.last, 3, BLOCK_LABELS.selfStudy);
  const achievement = block(BLOCK_HEADERS.achievement, p.achievement.map(cellsOf.achievement));
  labelCell(achievement.first, 3, achievement.last, 3, BLOCK_LABELS.achievement);
  const service = block(BLOCK_HEADERS.grassrootsService, p.grassrootsService.map(cellsOf.standard));
  labelCell(service.first, 3, service.last, 3, BLOCK_LABELS.grassrootsService);
  labelCell(achievement.first, 2, service.last, 2, BLOCK_LABELS.conversion);
  const other = block(BLOCK_HEADERS.other, p.other.map(cellsOf.standard));
  labelCell(other.first, 2, other.last, 3, BLOCK_LABELS.other);
  labelCell(training.first, 1, other.last, 1, BLOCK_LABELS.professional);

  const totalRow = next;
  labelCell(totalRow, 1, totalRow, COLUMNS, totalLine(record.totalHours));
  sheet.getCell(totalRow, 1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  sheet.getRow(totalRow).height = 30;

  outline(sheet, tableTop, totalRow);
  sheet.pageSetup.printArea = `A1:K${totalRow}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every cell of the table gets its border, merged ones included, so the printed grid is closed. */
function outline(sheet: Worksheet, top: number, bottom: number): void {
  for (let row = top; row <= bottom; row++) {
    for (let column = 1; column <= COLUMNS; column++) sheet.getCell(row, column).border = BORDER;
  }
}
