import { claim, inbox, submitClaim } from '../support/yantai';
import {
  type BrowserSystem,
  caughtUp,
  openMenu,
  screenshots,
  signIn,
  startBrowserSystem,
  taskRow,
  textOf,
} from './support/browser';

/**
 * Journey (c): the unit admin selects four tasks in the inbox and approves them in one batch. Three
 * succeed; the fourth is a claim the unit admin submitted themselves, which separation of duties
 * refuses — the results name it, and it stays in the inbox.
 */
describe('browser: batch approval with per-item results', () => {
  let bs: BrowserSystem;
  const shot = screenshots('batch-approval');
  const titles = ['职业道德与诚信建设（批量一）', '职业道德与诚信建设（批量二）', '数字素养提升（批量三）'];
  const ownTitle = '安全生产法规解读（单位代报）';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    bs = await startBrowserSystem('brbatch', 'bb');
    const { people, users } = bs.yantai;
    const [first, second, third] = titles;
    if (!first || !second || !third) throw new Error('three titles');
    ids[first] = (await submitClaim(users.wang, claim(people.wang, { title: first, hours: 4 }))).id;
    ids[second] = (await submitClaim(users.wang, claim(people.wang, { title: second, hours: 6 }))).id;
    ids[third] = (await submitClaim(users.li, claim(people.li, { title: third, hours: 8 }))).id;
    // submitted by the unit admin for 李强: the same admin may not decide it
    ids[ownTitle] = (await submitClaim(users.unitAdmin, claim(people.li, { title: ownTitle, hours: 3 }))).id;
    await caughtUp(bs, bs.system.api.latest ?? '');
  }, 120_000);

  afterAll(async () => {
    await bs?.close();
  });

  it('approves the selected tasks in one batch and shows each one’s result', async () => {
    const page = await signIn(bs, `${bs.prefix}.youth.admin.a`);
    await openMenu(page, '待办审批');
    for (const title of [...titles, ownTitle]) await taskRow(page, title).waitFor();
    expect(await textOf(page.getByTestId('inbox-counts'))).toContain('待认领 4 项');
    await shot(page, '01-inbox');

    for (const title of [...titles, ownTitle]) await taskRow(page, title).getByRole('checkbox').check();
    await page.getByRole('button', { name: '批量通过（4）' }).click();
    const confirm = page.getByRole('dialog', { name: '批量通过 4 项' });
    await confirm.getByLabel('审批意见（可选）').fill('经核对，同意');
    await shot(page, '02-confirm');
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/tasks/approve-batch'),
    );
    await confirm.getByRole('button', { name: '全部通过' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toMatchObject({ comment: '经核对，同意' });

    const results = page.getByRole('dialog', { name: /批量审批结果/ });
    expect(await textOf(results.locator('.ant-modal-title'))).toBe('批量审批结果：成功 3 项，失败 1 项');
    const resultRows = results.getByTestId('batch-results').locator('tbody tr');
    for (const title of titles) {
      expect(await textOf(resultRows.filter({ hasText: title }))).toContain('成功');
    }
    expect(await textOf(resultRows.filter({ hasText: ownTitle }))).toContain('失败：不能审批本人提交的事项');
    await shot(page, '03-results');

    await results.getByRole('button', { name: '知道了' }).click();
    for (const title of titles) await taskRow(page, title).waitFor({ state: 'detached' });
    await taskRow(page, ownTitle).waitFor();
    expect(await textOf(page.getByTestId('inbox-counts'))).toContain('待认领 1 项');
    await shot(page, '04-inbox-after');

    // the three approved claims moved on to the department's inbox; the refused one did not
    const department = await inbox(bs.yantai.users.departmentReviewer);
    const next = department.items.map((t) => t.subjectId);
    for (const title of titles) expect(next).toContain(ids[title]);
    expect(next).not.toContain(ids[ownTitle]);
  }, 240_000);
});
