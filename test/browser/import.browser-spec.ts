import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CellValue, Workbook } from 'exceljs';
import {
  type BrowserSystem,
  caughtUp,
  openMenu,
  positionOf,
  screenshots,
  signIn,
  startBrowserSystem,
  textOf,
} from './support/browser';

interface ProjectListItem {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly status: string;
}

/** 附件1 as the notice prints it: title, 填报单位 line, header, then the rows given. */
async function catalogueWorkbook(rows: readonly CellValue[][]): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('附件1');
  sheet.getCell('A1').value = '2020年度专业技术人员继续教育培训项目目录';
  sheet.mergeCells('A1:I1');
  sheet.getCell('A2').value = '填报单位：芝罘区青少年校外活动中心（盖章）';
  sheet.getRow(3).values = [
    '序号',
    '承办单位',
    '培训项目名称',
    '学时',
    '培训时间',
    '培训地点',
    '培训对象',
    '联系人及电话',
    '是否面向全市',
  ];
  rows.forEach((values, i) => {
    sheet.getRow(4 + i).values = [...values];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Journey: a unit administrator imports the unit's 附件1 workbook in the browser. The two good rows
 * are submitted for review; each of the three bad rows is listed with its row number and what is
 * wrong with it, in Chinese; the submitted projects appear in the unit's list, under review.
 */
describe('browser: a unit imports its 附件1 catalogue and sees the result of every row', () => {
  let bs: BrowserSystem;
  const shot = screenshots('import');
  const good = ['校外教育活动设计培训', '青少年安全教育培训'];
  let file: string;

  beforeAll(async () => {
    bs = await startBrowserSystem('brimport', 'bi');
    const rows: CellValue[][] = [
      [1, '', good[0], 24, '2020.10.12-2020.10.14', '校外活动中心', '辅导员', '王老师 0535-6600000', '否'],
      [
        2,
        '芝罘区青少年校外活动中心',
        good[1],
        '8学时',
        '2020/11/3',
        '校外活动中心',
        '全体教师',
        '李老师 6600001',
        '是',
      ],
      [3, '', '学时不对的培训', 2.3, '2020-07-01', '校外活动中心', '辅导员', '王老师 6600000', '否'],
      [4, '', '面向范围不明的培训', 8, '2020.13.45', '校外活动中心', '辅导员', '王老师 6600000', '可能'],
      [5, '烟台毓璜顶医院', '别人单位的培训', 8, '2020.9.1', '医院', '医生', '赵医生 6600002', '否'],
    ];
    file = join(mkdtempSync(join(tmpdir(), 'ce-import-')), '2020年培训项目目录.xlsx');
    writeFileSync(file, await catalogueWorkbook(rows));
  }, 180_000);

  afterAll(async () => {
    await bs?.close();
  });

  it('submits the good rows and lists each bad row with its errors', async () => {
    const page = await signIn(bs, `${bs.prefix}.youth.admin.a`);
    await openMenu(page, '导入附件1');

    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(file);
    await page.getByText('2020年培训项目目录.xlsx').waitFor();
    await shot(page, '01-file-chosen');

    const answered = page.waitForResponse(
      (r) =>
        r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/training-projects/import',
    );
    await page.getByRole('button', { name: '开始导入' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);

    const summary = await textOf(page.getByTestId('import-summary'));
    expect(summary).toContain('共 5 行：2 行已提交审核，0 行此前已导入，3 行有问题未导入');

    const rowsTable = page.getByTestId('import-rows');
    const row = (n: number) => rowsTable.locator(`tr[data-row-key="${n}"]`);
    for (const n of [4, 5]) {
      expect(await textOf(row(n))).toContain('已提交审核');
    }
    const wrongHours = await textOf(row(6));
    expect(wrongHours).toContain('第 6 行');
    expect(wrongHours).toContain('未导入');
    expect(wrongHours).toContain('学时：');
    expect(wrongHours).toContain('0.5');
    const wrongDateAndScope = await textOf(row(7));
    expect(wrongDateAndScope).toContain('培训时间：培训时间「2020.13.45」无法识别');
    expect(wrongDateAndScope).toContain('是否面向全市：是否面向全市须填写“是”或“否”，不能是「可能」');
    const notOurs = await textOf(row(8));
    expect(notOurs).toContain('承办单位：承办单位「烟台毓璜顶医院」不是本单位或所属单位');
    await shot(page, '02-results');

    // The good rows are projects under review, from the import, in the unit's own list.
    await caughtUp(bs, positionOf(await response.json()));
    await openMenu(page, '培训项目申报');
    for (const name of good) await page.getByRole('link', { name, exact: true }).waitFor();
    await shot(page, '03-project-list');
    const listed = (
      await bs.yantai.users.unitAdmin.getFresh('/api/v1/training-projects?year=2020')
    ).expectStatus<{ items: ProjectListItem[] }>(200);
    expect(
      listed.items
        .filter((p) => good.includes(p.name))
        .map((p) => [p.name, p.source, p.status])
        .sort(),
    ).toEqual(good.map((name) => [name, 'import', 'in_review']).sort());
    expect(listed.items.some((p) => p.name === '学时不对的培训' || p.name === '别人单位的培训')).toBe(false);

    // One of them in detail: its approval chain starts at the unit's department.
    await page.getByRole('link', { name: good[1], exact: true }).click();
    await page.getByRole('heading', { level: 3, name: '培训项目详情' }).waitFor();
    expect(await textOf(page.getByTestId('claim-status'))).toBe('审核中');
    expect(await textOf(page.getByTestId('steps'))).toContain('主管部门');
    await shot(page, '04-project-detail');
  });
});
