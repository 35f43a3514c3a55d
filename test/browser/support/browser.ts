import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';
import { PASSWORD, type TestSystem, type Yantai, buildYantai, startTestSystem } from '../../support/yantai';

/**
 * Browser tests: Debian's Chromium driven by playwright-core against a real system on a fresh
 * database that serves the built web app (web/dist) at `/`. One browser per test file; each
 * signed-in user gets their own context (cookies and sessionStorage of their own).
 */

export const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium's own connections are refused on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SCREENSHOTS = join(__dirname, '..', '..', '..', 'reports', 'screenshots');

/** How long one wait for the page may take (a projection catching up, a lazy chunk loading). */
export const WAIT_MS = 20_000;

export interface BrowserSystem {
  readonly system: TestSystem;
  readonly yantai: Yantai;
  readonly browser: Browser;
  /** Username prefix of the Yantai users of this file. */
  readonly prefix: string;
  close(): Promise<void>;
}

export async function startBrowserSystem(label: string, prefix: string): Promise<BrowserSystem> {
  const system = await startTestSystem(label);
  try {
    const yantai = await buildYantai(system, prefix);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    return {
      system,
      yantai,
      browser,
      prefix,
      async close() {
        try {
          await browser.close();
        } finally {
          await system.close();
        }
      },
    };
  } catch (error) {
    await system.close();
    throw error;
  }
}

/** Full-page screenshots as `reports/screenshots/<test>-<step>.png`. */
export function screenshots(test: string): (page: Page, step: string) => Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return async (page, step) => {
    await page.screenshot({ path: join(SCREENSHOTS, `${test}-${step}.png`), fullPage: true });
  };
}

/** A new browser context signed in as `username` through the login page. */
export async function signIn(bs: BrowserSystem, username: string, password = PASSWORD): Promise<Page> {
  const context = await bs.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL('/login', bs.system.api.baseUrl).toString());
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('current-user').waitFor();
  if (errors.length > 0) throw new Error(`page errors while signing in: ${errors.join('; ')}`);
  return page;
}

/** Opens a page of the app by its menu entry. */
export async function openMenu(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: '主菜单' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 3, name: label, exact: true }).waitFor();
}

/** The inbox row of a task, found by the subject's title. */
export function taskRow(page: Page, title: string): Locator {
  return page.getByTestId('task-row').filter({ hasText: title });
}

/**
 * Opens the task of `title` from the inbox, approves it, waits until it has left the list, and
 * answers the command's position (for read-your-writes in the next step).
 */
export async function approveInInbox(page: Page, title: string, comment?: string): Promise<string> {
  const row = taskRow(page, title);
  await row.getByRole('button', { name: /^办理/ }).click();
  const drawer = page.getByRole('dialog').filter({ hasText: title });
  await drawer.getByTestId('subject-detail').waitFor();
  if (comment) await drawer.getByLabel('审批意见（可选）').fill(comment);
  const answered = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' && /\/api\/v1\/tasks\/[^/]+\/approve$/.test(new URL(r.url()).pathname),
  );
  await drawer.getByRole('button', { name: '通过', exact: true }).click();
  const response = await answered;
  if (response.status() !== 200)
    throw new Error(`approve answered ${response.status()}: ${await response.text()}`);
  await row.waitFor({ state: 'detached' });
  return positionOf(await response.json());
}

/** The `position` of a command's JSON answer. */
export function positionOf(body: unknown): string {
  const position = (body as { position?: unknown } | null)?.position;
  if (typeof position !== 'string') throw new Error(`no position in ${JSON.stringify(body)}`);
  return position;
}

/** Waits until every read model includes `position` (a write made in some browser tab). */
export async function caughtUp(bs: BrowserSystem, position: string): Promise<void> {
  (await bs.system.admin.get('/health', { after: position })).expectStatus(200);
}

/** Waits until the page has no request in flight (the inbox and ledgers are loaded). */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

/** The text of a locator once it is visible, whitespace collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
