import { type CellValue, Workbook, type Worksheet } from 'exceljs';
import { DEFAULT_HOURS_POLICY } from '@ce/hours';
import { type RecordClaim, type YearRecord, assembleYearRecord } from './year-record';
import {
  BLOCK_HEADERS,
  SHEET_NAME,
  formatPeriod,
  writeYearRecordWorkbook,
  yearRecordFilename,
} from './year-record-workbook';

const base = {
  subject: 'professional',
  organizer: '芝罘区教育局',
  place: '烟台市芝罘区',
  makeUp: false,
  registrar: '张审核',
  registeredAt: '2020-08-20',
} as const;

const claims: RecordClaim[] = [
  {
    ...base,
    claimId: 'c-1',
    subject: 'public',
    kind: 'training',
    title: '专业技术人员职业道德与诚信建设',
    startDate: '2020-03-02',
    endDate: '2020-03-04',
    hours: 24,
  },
  {
    ...base,
    claimId: 'c-2',
    subject: 'public',
    kind: 'online',
    title: '网络安全知识',
    organizer: '鲁东大学',
    startDate: '2020-04-01',
    endDate: '2020-04-01',
    hours: 8,
    registrar: '李审核',
    registeredAt: '2020-08-21',
  },
  {
    ...base,
    claimId: 'c-3',
    kind: 'training',
    title: '新课程标准解读',
    startDate: '2020-05-11',
    endDate: '2020-05-15',
    hours: 40,
  },
  {
    ...base,
    claimId: 'c-4',
    kind: 'achievement',
    title: '中学物理实验教学改进研究',
    startDate: '2020-06-18',
    endDate: '2020-06-18',
    hours: 20,
    achievementType: '论文',
    achievementLevel: '省级',
  },
  {
    ...base,
    claimId: 'c-5',
    kind: 'competition',
    title: '青年教师技能竞赛',
    startDate: '2020-07-01',
    endDate: '2020-07-02',
    hours: 36,
  },
  {
    ...base,
    claimId: 'c-6',
    kind: 'other',
    title: '学术交流',
    startDate: '2020-07-20',
    endDate: '2020-07-20',
    hours: 4,
    makeUp: true,
  },
];

const record: YearRecord = assembleYearRecord({
  personId: 'p-1',
  name: '王芳',
  unitName: '芝罘区青少年校外活动中心',
  departmentName: '芝罘区教育局',
  year: 2020,
  claims,
  policy: DEFAULT_HOURS_POLICY,
  yearClosed: false,
});

async function readBack(buffer: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  // exceljs declares its own Buffer type; a Node Buffer is what it reads.
  await workbook.xlsx.load(buffer as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const sheet = workbook.getWorksheet(SHEET_NAME);
  if (!sheet) throw new Error(`no sheet ${SHEET_NAME}`);
  return sheet;
}

/** A cell as the tests compare it: numbers and strings as they are, anything else (rich text, dates) as JSON. */
const text = (value: CellValue): string | number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** Columns D..K of a row. */
const blockCells = (sheet: Worksheet, row: number) =>
  Array.from({ length: 8 }, (_, i) => text(sheet.getCell(row, 4 + i).value));

describe('writeYearRecordWorkbook (附件2)', () => {
  let sheet: Worksheet;

  beforeAll(async () => {
    sheet = await readBack(await writeYearRecordWorkbook(record));
  });

  it('has the label, the title with the year and the person line', () => {
    expect(sheet.getCell('A1').value).toBe('附件2');
    expect(sheet.getCell('A2').value).toBe('专业技术人员继续教育情况登记表（2020年度）');
    expect(sheet.getCell('A3').value).toBe('专业技术人员姓名：王芳');
    expect(sheet.getCell('F3').value).toBe('所在单位（盖章）：芝罘区青少年校外活动中心');
    expect(sheet.getCell('I3').value).toBe('主管部门（盖章）：芝罘区教育局');
  });

  it('merges the labels of 类别, subjects and blocks as the notice lays them out', () => {
    // Rows: 4 header 公需 · 5-6 public · 7-8 培训进修 · 9-10 自学 (empty) · 11-12 成果 · 13-14 服务基层 (empty)
    // · 15-17 其他 · 18 total.
    expect([...sheet.model.merges].sort()).toEqual(
      [
        'A1:B1',
        'A2:K2',
        'A3:E3',
        'F3:H3',
        'I3:K3',
        'A4:C4',
        'A5:C6',
        'B7:C8',
        'B9:C10',
        'C11:C12',
        'C13:C14',
        'B11:B14',
        'B15:C17',
        'A7:A17',
        'A18:K18',
      ].sort(),
    );
    expect(sheet.getCell('A4').value).toBe('类别');
    expect(sheet.getCell('A5').value).toBe('公需科目');
    expect(sheet.getCell('A7').value).toBe('专业科目');
    expect(sheet.getCell('B7').value).toBe('培训进修类（含网上学习）');
    expect(sheet.getCell('B9').value).toBe('自学类');
    expect(sheet.getCell('B11').value).toBe('折算类');
    expect(sheet.getCell('C11').value).toBe('成果、论文著作类');
    expect(sheet.getCell('C13').value).toBe('服务基层活动');
    expect(sheet.getCell('B15').value).toBe('其他类');
  });

  it('gives every block its own header row with the notice’s column titles', () => {
    expect(blockCells(sheet, 4)).toEqual([...BLOCK_HEADERS.public]);
    expect(blockCells(sheet, 7)).toEqual([...BLOCK_HEADERS.training]);
    expect(blockCells(sheet, 9)).toEqual([
      '序号',
      '自学内容',
      '自学种类',
      '完成时间',
      '考核方式',
      '登记人签字（印章）',
      '登记时间',
      '学时',
    ]);
    expect(blockCells(sheet, 11)).toEqual([
      '序号',
      '成果/论文著作名称',
      '成果/论文著作种类',
      '获奖/发表时间',
      '获奖/发表等级',
      '登记人签字（印章）',
      '登记时间',
      '折算学时',
    ]);
    expect(blockCells(sheet, 13)).toEqual([...BLOCK_HEADERS.grassrootsService]);
    expect(blockCells(sheet, 15)).toEqual([...BLOCK_HEADERS.other]);
  });

  it('writes one row per claim in its block, and one empty row for a block without claims', () => {
    expect(blockCells(sheet, 5)).toEqual([
      1,
      '专业技术人员职业道德与诚信建设',
      '芝罘区教育局',
      '2020-03-02至2020-03-04',
      '烟台市芝罘区',
      '张审核',
      '2020-08-20',
      24,
    ]);
    expect(blockCells(sheet, 6)).toEqual([
      2,
      '网络安全知识',
      '鲁东大学',
      '2020-04-01',
      '烟台市芝罘区',
      '李审核',
      '2020-08-21',
      8,
    ]);
    expect(blockCells(sheet, 8)[1]).toBe('新课程标准解读');
    expect(blockCells(sheet, 10)).toEqual(Array.from({ length: 8 }, () => null));
    expect(blockCells(sheet, 12)).toEqual([
      1,
      '中学物理实验教学改进研究',
      '论文',
      '2020-06-18',
      '省级',
      '张审核',
      '2020-08-20',
      20,
    ]);
    expect(blockCells(sheet, 14)).toEqual(Array.from({ length: 8 }, () => null));
  });

  it('prints counted hours with the cap note, and marks make-up study', () => {
    const capped = blockCells(sheet, 16);
    expect(capped[1]).toBe(
      '青年教师技能竞赛\n（技能竞赛类学时每年最多折抵专业科目30学时，本项批准36学时，计入30学时）',
    );
    expect(capped[7]).toBe(30);
    expect(blockCells(sheet, 17)[1]).toBe('学术交流（补学）');
  });

  it('ends with the year’s total merged across', () => {
    expect(record.totalHours).toBe(24 + 8 + 40 + 20 + 30 + 4);
    expect(sheet.getCell('A18').value).toBe('年度总学时：126 学时');
    expect(sheet.rowCount).toBe(18);
  });

  it('is bordered, wrapped, sized and set up for A4 landscape', () => {
    for (const address of ['A4', 'C6', 'D5', 'K17', 'A17', 'K18', 'B12']) {
      expect(sheet.getCell(address).border).toMatchObject({
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      });
    }
    expect(sheet.getCell('E5').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(30);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
  });

  it('lays out an empty year as every block with one empty row and a zero total', async () => {
    const empty = await readBack(
      await writeYearRecordWorkbook({
        ...record,
        public: [],
        professional: { training: [], selfStudy: [], achievement: [], grassrootsService: [], other: [] },
        totalHours: 0,
      }),
    );
    // 4 header · 5 empty public row · 6-7, 8-9, 10-11, 12-13, 14-15 the professional blocks · 16 total.
    expect([...empty.model.merges].sort()).toEqual(
      [
        'A1:B1',
        'A2:K2',
        'A3:E3',
        'F3:H3',
        'I3:K3',
        'A4:C4',
        'A5:C5',
        'B6:C7',
        'B8:C9',
        'C10:C11',
        'C12:C13',
        'B10:B13',
        'B14:C15',
        'A6:A15',
        'A16:K16',
      ].sort(),
    );
    expect(empty.getCell('A16').value).toBe('年度总学时：0 学时');
    expect(blockCells(empty, 5)).toEqual(Array.from({ length: 8 }, () => null));
  });
});

describe('formats of the record', () => {
  it('prints one date for a one-day activity and a range otherwise', () => {
    expect(formatPeriod('2020-06-01', '2020-06-01')).toBe('2020-06-01');
    expect(formatPeriod('2020-06-01', '2020-06-03')).toBe('2020-06-01至2020-06-03');
  });

  it('names the file after the form, the year and the person', () => {
    expect(yearRecordFilename(2020, '王芳')).toBe('专业技术人员继续教育情况登记表（2020年度）-王芳.xlsx');
  });
});
