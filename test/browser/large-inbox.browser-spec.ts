import { Client } from 'pg';
import {
  type BrowserSystem,
  openMenu,
  screenshots,
  signIn,
  startBrowserSystem,
  textOf,
} from './support/browser';

const TASKS = 100_000;

/**
 * The inbox with 100,000 open tasks: the district bureau's inbox shows the first page (50 rows, the
 * earliest due first) and the counts at once, and 加载更多 fetches the next page by cursor — the
 * browser never loads the whole queue. The rows are written straight into the task-queue read model
 * (as the approvals benchmark does); timings are printed, not asserted (the machine is shared).
 */
describe('browser: an inbox of 100,000 open tasks', () => {
  let bs: BrowserSystem;
  const shot = screenshots('large-inbox');

  beforeAll(async () => {
    bs = await startBrowserSystem('brlarge', 'bl');
    const client = new Client({ connectionString: bs.system.database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO rm_tasks (id, stream_id, subject_type, subject_id, level, org_id, district_id, status, claimed_by,
                               created_at, due_at, year, applicant_name, person_id, hours, title)
         SELECT 'hour-claim-' || s.u || '~1', 'hour-claim-' || s.u, 'hour_claim', s.u::text, 'district', $1::uuid,
                $1::uuid, 'open', NULL,
                timestamptz '2020-08-20 09:00:00+08' + (s.g % 10000) * interval '1 minute',
                timestamptz '2020-09-01 00:00:00+08' + ((s.g::bigint * 7919) % $2) * (10454400.0 / $2) * interval '1 second',
                2020, '测试人员' || (s.g % 5000 + 1), gen_random_uuid(), (2 + (s.g % 77) * 0.5)::numeric(7,1),
                '专业技术人员继续教育培训（第' || s.g || '期）'
           FROM (SELECT g, gen_random_uuid() AS u FROM generate_series(1, $2::int) AS g) AS s`,
        [bs.yantai.orgs.zhifu, TASKS],
      );
      await client.query(
        `INSERT INTO rm_task_counts (org_id, level, subject_type, year, status, n)
         SELECT org_id, level, subject_type, coalesce(year, 0), status, count(*)::int FROM rm_tasks GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT (org_id, level, subject_type, year, status) DO UPDATE SET n = EXCLUDED.n`,
      );
      await client.query('ANALYZE rm_tasks');
    } finally {
      await client.end();
    }
  }, 180_000);

  afterAll(async () => {
    await bs?.close();
  });

  it('shows the first page and the counts, and loads the next page by cursor', async () => {
    const page = await signIn(bs, `${bs.prefix}.zhifu.hrss`);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/tasks?')) requests.push(r.url());
    });
    const started = Date.now();
    await openMenu(page, '待办审批');
    const rows = page.getByTestId('task-row');
    await rows.nth(49).waitFor();
    const firstPageMs = Date.now() - started;
    expect(await rows.count()).toBe(50);
    expect(await textOf(page.getByTestId('inbox-counts'))).toContain(`待认领 ${TASKS} 项`);
    // The earliest due first: the first row is due on 2020-09-01.
    expect(await textOf(rows.first())).toContain('2020-09-01');
    await shot(page, '01-first-page');

    const more = Date.now();
    await page.getByRole('button', { name: '加载更多' }).click();
    await rows.nth(99).waitFor();
    const nextPageMs = Date.now() - more;
    expect(await rows.count()).toBe(100);
    // Two pages, two requests: never the whole queue, and the second one follows the cursor.
    expect(requests.some((u) => u.includes('cursor='))).toBe(true);
    expect(requests.every((u) => Number(/limit=(\d+)/.exec(u)?.[1] ?? 'NaN') <= 200)).toBe(true);
    await shot(page, '02-second-page');
    process.stdout.write(
      `large-inbox: ${TASKS} open tasks — first page shown in ${firstPageMs} ms, next page in ${nextPageMs} ms\n`,
    );
  });
});
