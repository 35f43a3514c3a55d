import { Workbook } from 'exceljs';
import { DomainError } from '@ce/kernel';
import { type CatalogueSheetRow, parseCatalogueRow } from './catalogue-row';
import {
  type CatalogueSheetItem,
  catalogueTitle,
  loadWorkbook,
  readCatalogueSheet,
  writeCatalogueWorkbook,
} from './catalogue-workbook';

const toBuffer = async (workbook: Workbook): Promise<Buffer> =>
  Buffer.from(await workbook.xlsx.writeBuffer());

/** A unit's upload: notes above the header, columns in their own order, a phone column of its own. */
async function upload(): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.addWorksheet('说明').getCell('A1').value = '填表说明：每个培训项目填一行';
  const sheet = workbook.addWorksheet('附件1');
  sheet.getCell('A1').value = '附件1';
  sheet.getCell('A2').value = '2020年度专业技术人员继续教育培训项目目录';
  sheet.mergeCells('A2:J2');
  sheet.getCell('A3').value = '市直部门（单位）：（盖章）';
  sheet.addRow([]);
  sheet.getRow(5).values = [
    '序号',
    '培训项目\n名称',
    '承办单位',
    '培训时间',
    '学时（学时）',
    '培训 地点',
    '培训对象',
    '联系人',
    '联系电话',
    '是否面向全市',
  ];
  sheet.getRow(6).values = [
    1,
    { richText: [{ text: '新课程' }, { text: '标准解读' }] },
    '',
    '2020.6.1-2020.6.3',
    24,
    '烟台市芝罘区',
    '中小学教师',
    '王老师',
    '0535-6600000',
    '是',
  ];
  sheet.getRow(7).values = [
    2,
    '急救技能培训',
    '',
    new Date(Date.UTC(2020, 6, 15)),
    '12.5学时',
    '毓璜顶医院',
    '医护人员',
    '赵医生',
    '',
    '否',
  ];
  sheet.getRow(8).values = [3]; // a spare numbered row of the template
  sheet.getRow(9).values = [4, '', '', '2020.13.1', 2.3, '', '全体', '李', '', '可能'];
  return toBuffer(workbook);
}

describe('reading an uploaded 附件1', () => {
  let rows: CatalogueSheetRow[];

  beforeAll(async () => {
    const sheet = readCatalogueSheet(await loadWorkbook(await upload()));
    expect(sheet).toMatchObject({ sheetName: '附件1', headerRow: 5 });
    rows = sheet.rows;
  });

  it('finds the header below the title and stamp lines and reads columns by their header text', () => {
    expect(rows.map((r) => r.row)).toEqual([6, 7, 9]);
    expect(parseCatalogueRow(rows[0] as CatalogueSheetRow, null)).toEqual({
      ok: true,
      organizerName: null,
      input: {
        year: 2020,
        name: '新课程标准解读',
        hours: 24,
        startDate: '2020-06-01',
        endDate: '2020-06-03',
        place: '烟台市芝罘区',
        audience: '中小学教师',
        contact: '王老师 0535-6600000',
        cityWide: true,
      },
    });
    expect(parseCatalogueRow(rows[1] as CatalogueSheetRow, 2020)).toMatchObject({
      ok: true,
      input: {
        hours: 12.5,
        startDate: '2020-07-15',
        endDate: '2020-07-15',
        contact: '赵医生',
        cityWide: false,
      },
    });
  });

  it('reports every problem of a bad row in Chinese against its column', () => {
    const parsed = parseCatalogueRow(rows[2] as CatalogueSheetRow, 2020);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.field)).toEqual([
      '培训项目名称',
      '学时',
      '培训时间',
      '培训地点',
      '是否面向全市',
    ]);
    expect(parsed.errors.map((e) => e.message).join(' ')).toMatch(/不能为空.*0\.5.*无法识别.*“是”或“否”/);
  });

  it('checks the dates against the year the upload names', () => {
    const parsed = parseCatalogueRow(rows[0] as CatalogueSheetRow, 2021);
    expect(parsed).toEqual({
      ok: false,
      errors: [{ field: '培训时间', message: '培训时间须在 2021 年度内' }],
    });
  });

  it('refuses a workbook without the 附件1 header, or without a column it needs', async () => {
    const empty = new Workbook();
    empty.addWorksheet('Sheet1').getCell('A1').value = '姓名';
    await expect(loadWorkbook(await toBuffer(empty)).then(readCatalogueSheet)).rejects.toMatchObject({
      code: 'TRAINING_PROJECT.HEADER_NOT_FOUND',
    });
    const partial = new Workbook();
    partial.addWorksheet('Sheet1').getRow(1).values = ['培训项目名称', '学时', '培训时间', '培训地点'];
    await expect(loadWorkbook(await toBuffer(partial)).then(readCatalogueSheet)).rejects.toMatchObject({
      code: 'TRAINING_PROJECT.COLUMNS_MISSING',
      details: { missing: ['培训对象', '是否面向全市', '联系人及电话'] },
    });
    await expect(loadWorkbook(Buffer.from('PK\u0003\u0004 not really a zip'))).rejects.toBeInstanceOf(
      DomainError,
    );
  });
});

describe('writing the catalogue', () => {
  const items: CatalogueSheetItem[] = [
    {
      organizerName: '芝罘区青少年校外活动中心',
      name: '青少年科技辅导员培训',
      hours: 16,
      startDate: '2020-10-12',
      endDate: '2020-10-13',
      place: '芝罘区青少年校外活动中心',
      audience: '科技辅导员',
      contact: '王老师 0535-6600000',
      cityWide: true,
    },
    {
      organizerName: '烟台毓璜顶医院',
      name: '急救技能培训',
      hours: 7.5,
      startDate: '2020-11-02',
      endDate: '2020-11-02',
      place: '毓璜顶医院',
      audience: '医护人员',
      contact: '赵医生 0535-6691999',
      cityWide: false,
    },
  ];

  it('lays it out as 附件1 and reads back as it was written', async () => {
    const file = await writeCatalogueWorkbook({
      year: 2020,
      reporterName: '烟台市人力资源和社会保障局',
      items,
    });
    const workbook = await loadWorkbook(file);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell('A1').value).toBe(catalogueTitle(2020));
    expect(sheet?.getCell('A2').value).toBe('填报单位：烟台市人力资源和社会保障局（盖章）');
    expect(sheet?.getRow(3).values).toEqual([
      undefined,
      '序号',
      '承办单位',
      '培训项目名称',
      '学时',
      '培训时间',
      '培训地点',
      '培训对象',
      '联系人及电话',
      '是否面向全市',
    ]);
    expect(sheet?.getRow(5).values).toEqual([
      undefined,
      2,
      '烟台毓璜顶医院',
      '急救技能培训',
      7.5,
      '2020.11.2',
      '毓璜顶医院',
      '医护人员',
      '赵医生 0535-6691999',
      '否',
    ]);
    const read = readCatalogueSheet(workbook);
    expect(read.rows.map((r) => parseCatalogueRow(r, 2020))).toEqual(
      items.map(({ organizerName, ...input }) => ({
        ok: true,
        organizerName,
        input: { year: 2020, ...input },
      })),
    );
  });
});
