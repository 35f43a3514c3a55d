import ExcelJS from 'exceljs';
import { normaliseDate, readTraineeSheet, sheetFormat } from './trainee-sheet';

const HEADER = '姓名,身份证号,培训项目,学时,完成日期';

describe('trainee upload sheets', () => {
  it('reads a UTF-8 CSV with a byte-order mark, skipping blank lines but keeping row numbers', async () => {
    const csv = `\uFEFF${HEADER}\n王芳,370602198503071247,职业道德,12,2020/6/3\n\n李强,37060219790611311X,乡村振兴,6.5,2020年7月1日\n`;
    const buffer = Buffer.from(csv, 'utf8');
    expect(sheetFormat(buffer)).toBe('csv');
    expect(await readTraineeSheet(buffer, 'csv')).toEqual([
      {
        row: 2,
        values: {
          name: '王芳',
          idNumber: '370602198503071247',
          programme: '职业道德',
          hours: '12',
          completedOn: '2020-06-03',
        },
      },
      {
        row: 4,
        values: {
          name: '李强',
          idNumber: '37060219790611311X',
          programme: '乡村振兴',
          hours: '6.5',
          completedOn: '2020-07-01',
        },
      },
    ]);
  });

  it('finds the columns by their headers, in any order', async () => {
    const csv = `完成日期,学时,培训项目,身份证号,姓名\n2020-06-03,12,职业道德,370602198503071247,王芳\n`;
    const [row] = await readTraineeSheet(Buffer.from(csv), 'csv');
    expect(row?.values).toMatchObject({ name: '王芳', hours: '12', completedOn: '2020-06-03' });
  });

  it('refuses a file without the required columns, and a CSV that is not UTF-8', async () => {
    await expect(readTraineeSheet(Buffer.from('姓名,学时\n王芳,12\n'), 'csv')).rejects.toMatchObject({
      code: 'BASE.IMPORT_MISSING_COLUMNS',
    });
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a]); // "姓名" in GBK
    await expect(readTraineeSheet(gbk, 'csv')).rejects.toMatchObject({ code: 'BASE.IMPORT_NOT_UTF8' });
  });

  it('reads an xlsx: text, numbers and date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('学员');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['王芳', '370602198503071247', '职业道德', 12, new Date(Date.UTC(2020, 5, 3))]);
    sheet.addRow(['李强', 370602197906113100, '乡村振兴', 6.5, '2020-07-01']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(sheetFormat(buffer)).toBe('xlsx');
    const rows = await readTraineeSheet(buffer, 'xlsx');
    expect(rows.map((r) => r.values)).toEqual([
      {
        name: '王芳',
        idNumber: '370602198503071247',
        programme: '职业道德',
        hours: 12,
        completedOn: '2020-06-03',
      },
      {
        name: '李强',
        idNumber: 370602197906113100,
        programme: '乡村振兴',
        hours: 6.5,
        completedOn: '2020-07-01',
      },
    ]);
  });

  it('understands the ways people write dates, and Excel day numbers', () => {
    expect(normaliseDate('2020.6.3')).toBe('2020-06-03');
    expect(normaliseDate('2020年12月31日')).toBe('2020-12-31');
    expect(normaliseDate(44075)).toBe('2020-09-01');
    expect(normaliseDate('六月三日')).toBe('六月三日');
  });
});
