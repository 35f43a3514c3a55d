import { Workbook, type Worksheet } from 'exceljs';
import { KNOWLEDGE_UPDATE_FIELDS, formFields } from '../domain/forms';
import { rowsFromTotals } from '../domain/report.rules';
import { statisticsFileName, writeStatisticsWorkbook } from './statistics-workbook';

async function read(file: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  // exceljs declares its own Buffer type; a Node Buffer is what it reads.
  await workbook.xlsx.load(file as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

const merges = (sheet: Worksheet): string[] => [...sheet.model.merges].sort();

describe('the official statistics sheets', () => {
  it('lays out 附件3: label, title, 填报单位, merged two-row header, 27 field rows with the unit’s merged columns', async () => {
    const totals = new Map([
      ['信息', { thisYear: [12, 340, 3], nextYear: [15, 360, 4] }],
      ['其他现代服务业', { thisYear: [1, 2, 0], nextYear: [0, 0, 0] }],
    ]);
    const sheet = await read(
      await writeStatisticsWorkbook({
        form: 'knowledge_update',
        year: 2020,
        reporterName: '烟台市人力资源和社会保障局',
        implementers: ['芝罘区人力资源和社会保障局', '烟台市卫生健康委员会'],
        fundingWan: 47.75,
        rows: rowsFromTotals('knowledge_update', totals).rows,
      }),
    );
    expect(sheet.name).toBe('附件3');
    expect(sheet.getCell('A1').value).toBe('附件3');
    expect(sheet.getCell('A2').value).toBe('专业技术人员知识更新工程实施情况统计表（2020年度）');
    expect(sheet.getCell('A3').value).toBe('填报单位：烟台市人力资源和社会保障局（盖章）');
    expect(merges(sheet)).toEqual(
      [
        'A2:K2',
        'A3:K3',
        'A4:A5',
        'B4:B5',
        'C4:C5',
        'D4:D5',
        'E4:G4',
        'H4:J4',
        'K4:K5',
        'A6:A32',
        'B6:B32',
        'C6:C32',
      ].sort(),
    );
    expect(sheet.getRow(4).values).toEqual([
      undefined,
      '单位名称',
      '具体推进实施部门、机构',
      '专项经费(万元)',
      '领域',
      '今年任务完成情况',
      '今年任务完成情况',
      '今年任务完成情况',
      '明年计划',
      '明年计划',
      '明年计划',
      '备注',
    ]);
    expect((sheet.getRow(5).values as unknown[]).slice(5, 11)).toEqual([
      '急需紧缺人才培养培训项目(人数)',
      '岗位培训项目(人数)',
      '出境(国)培训(人数)',
      '急需紧缺人才培养培训项目(人数)',
      '岗位培训项目(人数)',
      '出境(国)培训(人数)',
    ]);
    const fields = Array.from({ length: 27 }, (_, i) => sheet.getCell(6 + i, 4).value);
    expect(fields).toEqual([...KNOWLEDGE_UPDATE_FIELDS]);
    expect((sheet.getRow(7).values as unknown[]).slice(4, 11)).toEqual(['信息', 12, 340, 3, 15, 360, 4]);
    expect((sheet.getRow(6).values as unknown[]).slice(5, 11)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(sheet.getCell('A6').value).toBe('烟台市人力资源和社会保障局');
    expect(sheet.getCell('B6').value).toBe('芝罘区人力资源和社会保障局、烟台市卫生健康委员会');
    expect(sheet.getCell('C6').value).toBe(47.75);
    expect(sheet.rowCount).toBe(32);
    expect(sheet.getCell('J32').border?.bottom?.style).toBe('thin');
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(3).width ?? 0);
  });

  it('lays out 附件4: 领域 over group and field, each group merged over its fields, funding merged', async () => {
    const sheet = await read(
      await writeStatisticsWorkbook({
        form: 'major_strategy',
        year: 2020,
        reporterName: '芝罘区人力资源和社会保障局',
        implementers: ['芝罘区人力资源和社会保障局'],
        fundingWan: 8,
        rows: rowsFromTotals(
          'major_strategy',
          new Map([['新型职业农民', { thisYear: [500, 320, 0], nextYear: [600, 400, 0] }]]),
        ).rows,
      }),
    );
    expect(sheet.getCell('A1').value).toBe('附件4');
    expect(sheet.getCell('A2').value).toBe('山东省重大工程、重大战略专业技术人才培训统计表（2020年度）');
    expect(sheet.getCell('A3').value).toBe('填报单位：芝罘区人力资源和社会保障局（盖章）');
    expect(merges(sheet)).toEqual(
      [
        'A2:H2',
        'A3:H3',
        'A4:A5',
        'B4:C5',
        'D4:E4',
        'F4:G4',
        'H4:H5',
        'A6:A31',
        'B6:B15',
        'B16:B21',
        'B22:B31',
      ].sort(),
    );
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
      '投入经费(万元)',
      '领域',
      '领域',
      '今年培训情况',
      '今年培训情况',
      '明年培训计划',
      '明年培训计划',
      '备注',
    ]);
    expect((sheet.getRow(5).values as unknown[]).slice(4, 8)).toEqual([
      '总数',
      '其中：非公有制经济领域培训人数',
      '总数',
      '其中：非公有制经济领域培训人数',
    ]);
    expect(Array.from({ length: 26 }, (_, i) => sheet.getCell(6 + i, 3).value)).toEqual(
      formFields('major_strategy').map((f) => f.field),
    );
    expect(sheet.getCell('B6').value).toBe('新旧动能转换十强产业');
    expect(sheet.getCell('B16').value).toBe('乡村振兴');
    expect(sheet.getCell('B22').value).toBe('海洋强省');
    expect((sheet.getRow(18).values as unknown[]).slice(3, 8)).toEqual(['新型职业农民', 500, 320, 600, 400]);
    expect(sheet.getCell('A6').value).toBe(8);
    expect(sheet.rowCount).toBe(31);
  });

  it('names the file after the attachment and the title', () => {
    expect(statisticsFileName('major_strategy', 2020)).toBe(
      '附件4 山东省重大工程、重大战略专业技术人才培训统计表（2020年度）.xlsx',
    );
  });
});
