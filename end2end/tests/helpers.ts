/**
 * Shared fixtures for the browser tests.
 *
 * - Every page (including ones opened with `newPage()`) is watched for
 *   console errors and uncaught exceptions; any one fails the test. A
 *   Content-Security-Policy violation shows up here as a console error.
 * - `checkA11y(page)` runs axe-core against WCAG 2.0/2.1/2.2 A and AA and
 *   fails the test on any violation. Call it after each navigation.
 */
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export { expect };

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** An email address no other test in this run (or any earlier run) uses. */
export function uniqueEmail(who: string): string {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return `${who}.${suffix}@example.com`;
}

/** A password the service accepts. */
export const GOOD_PASSWORD = 'kettle garden bicycle 42';

/**
 * Collects console errors and uncaught exceptions on one page.
 *
 * One kind of console error is expected, not a fault: Chromium logs "Failed
 * to load resource: … status of 4xx" for a page that the server answers
 * with a 4xx status on purpose (422 for a form with mistakes, 403 for a
 * page someone may not see, 404). Those are let through for the page's own
 * document only; a 4xx on a stylesheet, script or image, and any 5xx,
 * still fail the test.
 */
function watch(page: Page, problems: string[]): void {
  const refusedDocuments = new Set<string>();
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && response.status() >= 400 && response.status() < 500) {
      refusedDocuments.add(`${response.url()} ${response.status()}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location();
    const status = message.text().match(/^Failed to load resource: the server responded with a status of (4\d\d)\b/)?.[1];
    if (status && refusedDocuments.has(`${where.url} ${status}`)) return;
    problems.push(`console error on ${page.url()}: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught exception on ${page.url()}: ${error.message}`);
  });
}

/** Formats axe's violations so a failure says what to fix and where. */
function describeViolations(url: string, violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.html}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n') || `  none on ${url}`;
}

type Fixtures = {
  /** Runs axe-core on the page as it is now; fails the test on any violation. */
  checkA11y: (page?: Page) => Promise<void>;
  /** A page in a brand-new browser context (no cookies), watched the same way. */
  newPage: () => Promise<Page>;
  /** Console errors and uncaught exceptions seen so far; checked after each test. */
  browserProblems: string[];
};

export const test = base.extend<Fixtures>({
  browserProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      watch(page, problems);
      await use(problems);
      expect(problems, 'the browser reported errors (see list)').toEqual([]);
    },
    { auto: true },
  ],

  newPage: async ({ browser, browserProblems, javaScriptEnabled, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await (browser as Browser).newContext({ baseURL, javaScriptEnabled, locale: 'en-GB' });
      contexts.push(context);
      const page = await context.newPage();
      watch(page, browserProblems);
      return page;
    });
    for (const context of contexts) await context.close();
  },

  checkA11y: async ({ page: defaultPage, javaScriptEnabled, browser }, use) => {
    await use(async (page = defaultPage) => {
      await settle(page, javaScriptEnabled);
      const results = javaScriptEnabled
        ? await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
        : await analyzeWithoutScripts(browser, page);
      expect
        .soft(results.violations, `axe-core found accessibility problems on ${page.url()}:\n${describeViolations(page.url(), results.violations)}`)
        .toEqual([]);
    });
  },
});

/**
 * axe-core is itself a script, so it cannot run in a page with JavaScript
 * turned off. Instead the page's HTML, exactly as the browser holds it, is
 * served again at the same address to a second page that allows scripts
 * but has the page's own scripts removed, and axe checks that copy, with
 * the site's real stylesheet. What is checked is what a person without
 * JavaScript gets.
 */
async function analyzeWithoutScripts(browser: Browser, page: Page) {
  const url = page.url();
  const viewport = page.viewportSize();
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>/gi, '');
  // Values typed into fields are properties, not markup: carry them over.
  // (Read through Playwright's own isolated script, which still runs here.)
  const values: [string, string][] = [];
  for (const input of await page.locator('input[id]:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=password])').all()) {
    values.push([(await input.getAttribute('id')) ?? '', await input.inputValue()]);
  }
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: viewport ?? undefined, locale: 'en-GB' });
  try {
    const copy = await context.newPage();
    await copy.route((u) => u.href === url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(url);
    await copy.waitForLoadState('load');
    for (const [id, value] of values) {
      if (id) await copy.locator(`[id="${id}"]`).fill(value, { timeout: 2_000 }).catch(() => undefined);
    }
    return await new AxeBuilder({ page: copy }).withTags(WCAG_TAGS).analyze();
  } finally {
    await context.close();
  }
}

/**
 * Waits until the page is fully loaded and, with JavaScript on, until every
 * island on it has hydrated, so axe sees the page a person would.
 */
export async function settle(page: Page, javaScriptEnabled = true): Promise<void> {
  await page.waitForLoadState('load');
  if (javaScriptEnabled && (await page.locator('[data-form-check]').count()) > 0) {
    await waitForFormCheck(page);
  }
}

/** Waits for the browser-side form check to be live (the island hydrated). */
export async function waitForFormCheck(page: Page): Promise<void> {
  await expect(page.locator('[data-form-check]').first()).toHaveAttribute('data-form-check', 'live', { timeout: 15_000 });
}

/** Waits until the autosave island has hydrated and owns the form. */
export async function waitForAutosave(page: Page): Promise<void> {
  await expect(page.locator('[data-autosave]')).toHaveAttribute('data-autosave', 'live', { timeout: 15_000 });
}

/**
 * Waits until the idle warning (an island loaded only when needed) has
 * started its timers, so moving the page's clock on reaches them.
 */
export async function waitForIdleWatch(page: Page): Promise<void> {
  await expect(page.locator('dialog.idle-dialog')).toHaveAttribute('data-idle', 'watching', { timeout: 15_000 });
}

/** The autosave's status line. */
export function saveStatus(page: Page): Locator {
  return page.locator('[data-autosave]').getByRole('status');
}

/** A radio inside the fieldset whose legend is `question`. */
export function radio(page: Page, question: string, answer: string): Locator {
  return page.getByRole('group', { name: question }).getByRole('radio', { name: answer, exact: true });
}

/** The server binary the tests run against (the same one start-server.sh runs). */
export function serverBinary(): string {
  return process.env.CARERSPACE_SERVER_BIN || path.join(homedir(), '.cache/carerspace/target/release/server');
}

/** The test server's database URL, written by scripts/start-server.sh. */
export function databaseUrl(): string {
  return readFileSync(path.join(__dirname, '..', '.tmp', 'database-url'), 'utf8').trim();
}

/**
 * Creates a manager with the server's own command, as a carers' centre
 * would for its first manager, and returns the one-time link it prints.
 */
export function createManager(name: string, email: string): string {
  const output = execFileSync(serverBinary(), ['create-manager', '--name', name, '--email', email], {
    env: { ...process.env, DATABASE_URL: databaseUrl(), LEPTOS_SITE_ADDR: `127.0.0.1:${process.env.E2E_PORT || '3100'}`, RUST_LOG: 'warn' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const link = output.match(/https?:\/\/\S+\/set-password\?token=\S+/)?.[0];
  if (!link) throw new Error(`create-manager printed no set-password link:\n${output}`);
  return link;
}

/** Fills the registration form and sends it. */
export async function fillRegistration(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.getByLabel('What would you like us to call you?').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Create a password').fill(password);
}

/**
 * Registers a new carer through the form and leaves them signed in on "/".
 * Returns the email used (a fresh one unless given).
 */
export async function registerCarer(
  page: Page,
  name: string,
  options: { email?: string; checkA11y?: (p: Page) => Promise<void> } = {},
): Promise<string> {
  const email = options.email ?? uniqueEmail(name.toLowerCase());
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  if (options.checkA11y) await options.checkA11y(page);
  await fillRegistration(page, name, email, GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
  return email;
}

/** Waits until the plan form's autosave island is awake (the page's islands have hydrated). */
export async function waitForIslands(page: Page): Promise<void> {
  if ((await page.locator('[data-autosave]').count()) > 0) {
    await waitForAutosave(page);
  }
}

/** An email address long enough to run off a phone if nothing wraps it. */
export function longEmail(who: string): string {
  return uniqueEmail(`${who}.with.a.rather.long.address.at.the.carers.centre`);
}

/** Opens each address and checks nothing on it is wider than the screen. */
export async function nothingScrollsSideways(page: Page, urls: string[]): Promise<void> {
  for (const url of urls) {
    await page.goto(url);
    await page.waitForLoadState('load');
    await waitForIslands(page);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect.soft(widths.scroll, `${url} (${page.url()}) is ${widths.scroll}px wide on a ${widths.client}px screen`).toBeLessThanOrEqual(widths.client);
  }
}

/**
 * Ends the browser's session on the server, as the idle limit does, while
 * the browser keeps its cookie: what a carer has after leaving a page open
 * too long. (Signing out through the API clears the cookie; it is put back.)
 */
export async function endSession(page: Page): Promise<void> {
  const context = page.context();
  const cookies = await context.cookies();
  const res = await page.request.post('/api/sign-out', { data: {} });
  expect(res.ok()).toBeTruthy();
  await context.clearCookies();
  await context.addCookies(cookies);
}

/** Removes the browser problems that `expected` matches (ones a test causes on purpose). */
export function forgiveProblems(problems: string[], expected: RegExp): void {
  for (let i = problems.length - 1; i >= 0; i--) {
    if (expected.test(problems[i])) problems.splice(i, 1);
  }
}
