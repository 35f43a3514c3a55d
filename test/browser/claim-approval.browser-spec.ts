import type { Page } from 'playwright-core';
import {
  type BrowserSystem,
  approveInInbox,
  caughtUp,
  openMenu,
  positionOf,
  screenshots,
  settled,
  signIn,
  startBrowserSystem,
  taskRow,
  textOf,
} from './support/browser';

/**
 * Journey (a): 王芳 registers 12 public hours in the browser; her unit, the supervising department
 * and the district bureau each approve in their own browser; her year then shows the hours.
 */
describe('browser: a claim from submission through three approvals to the year', () => {
  let bs: BrowserSystem;
  const shot = screenshots('claim-approval');
  const title = '新课程标准解读与教学设计（第一期）';

  beforeAll(async () => {
    bs = await startBrowserSystem('brclaim', 'bc');
  }, 120_000);

  afterAll(async () => {
    await bs?.close();
  });

  const user = (name: string): string => `${bs.prefix}.${name}`;

  async function showYear(page: Page, year: number): Promise<void> {
    await openMenu(page, '我的学年');
    await page.getByLabel('年度').fill(String(year));
    await page.getByLabel('年度').press('Enter');
    await page.getByText(`${year}`, { exact: true }).first().waitFor();
    await settled(page);
  }

  it('submits, approves at 单位, 主管部门 and 区市人社局, and counts the hours in 我的学年', async () => {
    const wang = await signIn(bs, user('wangfang'));
    await showYear(wang, 2020);
    expect(await textOf(wang.getByTestId('total-hours'))).toBe('0');
    await shot(wang, '01-year-before');

    // 学时登记 (附件2, 培训进修类)
    await openMenu(wang, '学时登记');
    await wang.getByLabel('培训项目名称').fill(title);
    await wang.getByLabel('主办单位').fill('芝罘区教育局');
    await wang.getByPlaceholder('开始日期').fill('2020-06-01');
    await wang.getByPlaceholder('结束日期').fill('2020-06-03');
    await wang.getByPlaceholder('结束日期').press('Enter');
    await wang.getByLabel('培训地点').fill('烟台市芝罘区');
    await wang.getByLabel('学时').fill('12');
    await wang.getByLabel('证书编号').fill('ZF-2020-0017');
    await shot(wang, '02-form');
    const submitted = wang.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/hour-claims',
    );
    await wang.getByRole('button', { name: '提交登记' }).click();
    const response = await submitted;
    expect(response.status()).toBe(201);
    expect(response.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const claimId = ((await response.json()) as { id: string }).id;
    await wang.waitForURL(`**/my/claims/${claimId}`);
    expect(await textOf(wang.getByTestId('claim-status'))).toBe('审核中');
    expect(await textOf(wang.getByTestId('step-unit'))).toContain('待审核');
    await shot(wang, '03-submitted');
    await caughtUp(bs, positionOf(await response.json()));

    // three approvers, each in their own browser context, in the order of the chain
    const approvers = [
      { username: 'youth.admin.a', level: 'unit', comment: undefined },
      { username: 'zhifu.edu', level: 'department', comment: undefined },
      { username: 'zhifu.hrss', level: 'district', comment: '材料齐全，同意' },
    ] as const;
    for (const [index, approver] of approvers.entries()) {
      const page = await signIn(bs, user(approver.username));
      await openMenu(page, '待办审批');
      await taskRow(page, title).waitFor();
      expect(await textOf(taskRow(page, title))).toContain('王芳');
      await shot(page, `${String(4 + index * 2).padStart(2, '0')}-${approver.level}-inbox`);
      const position = await approveInInbox(page, title, approver.comment);
      await shot(page, `${String(5 + index * 2).padStart(2, '0')}-${approver.level}-approved`);
      await caughtUp(bs, position);
      await page.context().close();
    }

    // 王芳 sees the decision on every step and the hours in her year
    await wang.reload();
    expect(await textOf(wang.getByTestId('claim-status'))).toBe('已通过');
    for (const level of ['unit', 'department', 'district']) {
      expect(await textOf(wang.getByTestId(`step-${level}`))).toContain('通过');
    }
    expect(await textOf(wang.getByTestId('step-district'))).toContain('材料齐全，同意');
    await shot(wang, '10-claim-approved');

    await showYear(wang, 2020);
    expect(await textOf(wang.getByTestId('total-hours'))).toBe('12');
    expect(await textOf(wang.getByTestId('progress-public'))).toMatch(/12\s*\/\s*30 学时/);
    expect(await textOf(wang.getByTestId('progress-public'))).toContain('还差 18 学时');
    expect(await textOf(wang.getByTestId('ledger-status'))).toBe('进行中');
    await shot(wang, '11-year-after');

    // 附件2 downloads as an xlsx; the certificate waits until the year is compliant
    const download = wang.waitForEvent('download');
    await wang.getByRole('button', { name: '下载登记表（附件2）' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    expect(await wang.getByRole('button', { name: '下载证书' }).isDisabled()).toBe(true);
  }, 240_000);
});
