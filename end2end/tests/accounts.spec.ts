/**
 * A carer's account, with JavaScript on: register, sign out, sign in, the
 * wrong password, a page they may not see, the browser-side check, and a
 * small phone screen. axe-core checks every page visited.
 */
import {
  test, expect, uniqueEmail, GOOD_PASSWORD, createManager, fillRegistration, registerCarer, waitForFormCheck,
  waitForAutosave, saveStatus, endSession, forgiveProblems,
} from './helpers';
import type { Page } from '@playwright/test';

/** Signs out with the header's button and checks where that leads. */
async function signOut(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/signed-out');
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
}

test('a visitor sees the start page with a way in and a quick exit', async ({ page, checkA11y }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan the support you need as a carer' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create an account' })).toHaveAttribute('href', '/register');
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
  await expect(page.getByRole('link', { name: 'Exit this page' })).toBeVisible();
  await checkA11y(page);
});

test('a carer registers, signs out, signs in again and is greeted', async ({ page, checkA11y }) => {
  const name = 'Ailsa';
  const email = uniqueEmail('ailsa');

  await registerCarer(page, name, { email, checkA11y });
  await expect(page.getByRole('heading', { level: 2, name: 'What you can do next' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(name);
  await expect(page.getByRole('link', { name: 'Exit this page' })).toBeVisible();
  await checkA11y(page);

  await signOut(page);
  await checkA11y(page);

  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Exit this page' })).toBeVisible();
  await checkA11y(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What you can do next' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
  await checkA11y(page);
});

test('the wrong password is refused with an error summary and the email kept', async ({ page, checkA11y }) => {
  const email = uniqueEmail('bryony');
  await registerCarer(page, 'Bryony', { email });
  await signOut(page);

  await page.goto('/sign-in');
  await checkA11y(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(
    summary.getByRole('link', { name: 'The email address or password is not right. Check them and try again' }),
  ).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await checkA11y(page);
});

test('a carer who opens the worker page is refused', async ({ page, checkA11y }) => {
  await registerCarer(page, 'Callum');

  const response = await page.goto('/worker');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
  await expect(page.getByText('No carer has handed over a plan yet.')).toHaveCount(0);
  await checkA11y(page);
});

test('a visitor who opens the worker page is asked to sign in', async ({ page, checkA11y }) => {
  await page.goto('/worker');
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await checkA11y(page);
});

test('registering loads no WebAssembly, and a short password comes back beside the field with the rest kept', async ({ page, checkA11y }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (/\.(js|wasm)$/.test(new URL(request.url()).pathname)) scripts.push(request.url());
  });
  await page.goto('/register');
  await page.waitForLoadState('load');
  await checkA11y(page);

  const email = uniqueEmail('dougie');
  await fillRegistration(page, 'Dougie', email, 'short');
  await page.getByRole('button', { name: 'Create account' }).click();

  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Password must be 10 characters or more' })).toHaveAttribute('href', '#password');
  await expect(page.locator('#password-error')).toContainText('Password must be 10 characters or more');
  await expect(page.getByLabel('Create a password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('What would you like us to call you?')).toHaveValue('Dougie');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await checkA11y(page);
  expect(scripts, 'a page with no island loads no script file').toEqual([]);

  // The link in the summary takes the person to the field.
  await summary.getByRole('link', { name: 'Password must be 10 characters or more' }).click();
  await expect(page.getByLabel('Create a password')).toBeFocused();
});

test('setting a password, the browser catches a short one before anything is sent', async ({ page, checkA11y }) => {
  await page.goto(createManager('Dougal Manager', uniqueEmail('dougal')));
  await expect(page.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await waitForFormCheck(page);
  await checkA11y(page);

  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') posts.push(`${request.method()} ${request.url()}`);
  });
  let documentLoads = 0;
  page.on('domcontentloaded', () => documentLoads++);

  await page.getByLabel('Create a password').fill('short');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();

  const summary = page.locator('#client-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary.getByRole('link', { name: 'Password must be 10 characters or more' })).toHaveAttribute('href', '#password');
  await expect(summary).toBeFocused();
  await expect(page.locator('#password-error')).toContainText('Password must be 10 characters or more');
  await expect(page.getByLabel('Create a password')).toHaveAttribute('aria-invalid', 'true');

  // Nothing was sent and the page was not reloaded.
  await page.waitForTimeout(500);
  expect(posts).toEqual([]);
  expect(documentLoads).toBe(0);
  await checkA11y(page);
});

test.describe('on a small phone (360 × 740)', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const path of ['/register', '/sign-in', '/']) {
    test(`${path} does not scroll sideways`, async ({ page, checkA11y }) => {
      await page.goto(path);
      await checkA11y(page);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll, `page is ${widths.scroll}px wide on a 360px screen`).toBeLessThanOrEqual(360);
    });
  }
});

test('after the time-out, Save and continue takes the answers through signing in again', async ({ page, checkA11y, browserProblems }) => {
  const email = await registerCarer(page, 'Seonag');
  await page.goto('/plan/area/health');
  await waitForAutosave(page);
  const now = page.getByLabel('What is happening now?');
  await now.fill('Saved as I typed');
  await expect(saveStatus(page)).toHaveText('Saved');
  // Left open past the idle limit, then more typed and sent.
  await endSession(page);
  await now.fill('Saved as I typed, and more after the time-out');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('You were signed out because you had not used CarerSpace for 30 minutes. Sign in and your answers will be saved.')).toBeVisible();
  await checkA11y(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/plan/area/relationships');
  await page.goto('/plan/area/health');
  await waitForAutosave(page);
  await expect(page.getByLabel('What is happening now?')).toHaveValue('Saved as I typed, and more after the time-out');
  await expect(saveStatus(page)).not.toHaveText(/signed out|changed/i);
  // The autosave's refused tries while signed out are the point of the test.
  forgiveProblems(browserProblems, /status of 401 .*\/api\/plan\/answers:\d+\)$/);
});
