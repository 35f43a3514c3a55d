import { approveThrough, claim, submitClaim } from '../support/yantai';
import {
  type BrowserSystem,
  approveInInbox,
  caughtUp,
  openMenu,
  positionOf,
  screenshots,
  signIn,
  startBrowserSystem,
  taskRow,
  textOf,
} from './support/browser';

/**
 * Journey (b): the unit returns 王芳's self-study claim with a reason; she sees the reason, corrects
 * the claim in the prefilled form and resubmits; the unit then approves it in the browser and the
 * rest of the chain approves it, and her claim shows as approved.
 */
describe('browser: a return with a reason, the resubmission, then approval', () => {
  let bs: BrowserSystem;
  const shot = screenshots('return-resubmit');
  const title = '《义务教育课程方案（2022年版）》研读';
  const reason = '学时与自学记录不符，请按学习报告核减后重新提交';
  let claimId: string;

  beforeAll(async () => {
    bs = await startBrowserSystem('brreturn', 'br');
    const { people, users } = bs.yantai;
    claimId = (
      await submitClaim(
        users.wang,
        claim(people.wang, {
          subject: 'professional',
          kind: 'self_study',
          title,
          startDate: '2020-07-15',
          endDate: '2020-07-15',
          hours: 16,
          certificateNo: 'ZX-2020-0715',
          organizer: undefined,
          place: undefined,
        }),
      )
    ).id;
    await caughtUp(bs, bs.system.api.latest ?? '');
  }, 120_000);

  afterAll(async () => {
    await bs?.close();
  });

  const user = (name: string): string => `${bs.prefix}.${name}`;

  it('returns with a reason, shows it to the professional, takes the corrected claim, approves it', async () => {
    // 单位 returns it to the applicant with a reason
    const unit = await signIn(bs, user('youth.admin.a'));
    await openMenu(unit, '待办审批');
    const row = taskRow(unit, title);
    await row.getByRole('button', { name: /^办理/ }).click();
    const drawer = unit.getByRole('dialog').filter({ hasText: title });
    expect(await textOf(drawer.getByTestId('subject-detail'))).toContain('16');
    await drawer.getByRole('button', { name: '退回', exact: true }).click();
    const dialog = unit.getByRole('dialog', { name: '退回' });
    await dialog.getByLabel('申请人').check();
    await dialog.getByLabel('退回原因').fill(reason);
    await shot(unit, '01-return-reason');
    const returned = unit.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/return'),
    );
    await dialog.getByRole('button', { name: '确定' }).click();
    const returnResponse = await returned;
    expect(returnResponse.status()).toBe(200);
    await row.waitFor({ state: 'detached' });
    await shot(unit, '02-returned');
    await caughtUp(bs, positionOf(await returnResponse.json()));

    // 王芳 sees 已退回 and the reason, corrects the hours in the prefilled form and resubmits
    const wang = await signIn(bs, user('wangfang'));
    await openMenu(wang, '我的登记');
    const claimRow = wang.getByRole('row').filter({ hasText: title });
    expect(await textOf(claimRow.getByTestId('claim-status'))).toBe('已退回');
    await shot(wang, '03-my-claims-returned');
    await claimRow.getByRole('link', { name: '修改并重新提交' }).click();
    expect(await textOf(wang.getByTestId('return-reason'))).toContain(reason);
    await wang.getByRole('button', { name: '修改并重新提交' }).click();
    const form = wang.locator('form').filter({ has: wang.getByRole('button', { name: '重新提交' }) });
    expect(await form.getByLabel('自学内容').inputValue()).toBe(title);
    expect(await form.getByLabel('学时').inputValue()).toMatch(/^16(\.0)?$/);
    await form.getByLabel('学时').fill('12');
    await form.getByLabel('自学种类').fill('专业书籍自学');
    await form.getByLabel('考核方式').fill('撰写学习报告');
    await form.getByLabel('考核方式').press('Escape');
    await shot(wang, '04-resubmit-form');
    const resubmitted = wang.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/hour-claims/${claimId}/resubmit`),
    );
    await form.getByRole('button', { name: '重新提交' }).click();
    const resubmitResponse = await resubmitted;
    expect(resubmitResponse.status()).toBe(200);
    expect(resubmitResponse.request().postDataJSON()).toMatchObject({
      hours: 12,
      studyType: '专业书籍自学',
      assessment: '撰写学习报告',
    });
    expect(await textOf(wang.getByTestId('claim-status'))).toBe('审核中');
    await shot(wang, '05-resubmitted');
    await caughtUp(bs, positionOf(await resubmitResponse.json()));

    // 单位 approves the corrected claim in the browser; 主管部门 and 区市人社局 through the API
    await unit.reload();
    await taskRow(unit, title).waitFor();
    expect(await textOf(taskRow(unit, title))).toContain('12');
    await caughtUp(bs, await approveInInbox(unit, title, '已核减，同意'));
    await shot(unit, '06-unit-approved');
    const { users } = bs.yantai;
    await approveThrough([claimId], [users.departmentReviewer, users.districtReviewer]);
    await caughtUp(bs, bs.system.api.latest ?? '');

    await wang.reload();
    expect(await textOf(wang.getByTestId('claim-status'))).toBe('已通过');
    expect(await textOf(wang.getByTestId('step-unit'))).toContain('已核减，同意');
    await openMenu(wang, '我的学年');
    await wang.getByLabel('年度').fill('2020');
    expect(await textOf(wang.getByTestId('progress-professional'))).toMatch(/12\s*\/\s*60 学时/);
    await shot(wang, '07-approved-year');
  }, 240_000);
});
