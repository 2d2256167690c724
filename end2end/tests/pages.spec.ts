/**
 * What carers met on the pages themselves: "Exit this page" out of reach on
 * a phone, Back showing their plan after exiting, "Add a person" throwing
 * away what was typed without JavaScript, pages wider than a phone, and a
 * "Page not found" that looked signed out.
 */
import { test, expect, GOOD_PASSWORD, createManager, registerCarer, longEmail, nothingScrollsSideways, waitForIslands } from './helpers';
import type { Page } from '@playwright/test';

const PHONE = { width: 360, height: 740 };

test.describe('Exit this page, on a phone', () => {
  test.use({ viewport: PHONE });

  test.beforeEach(async ({ page }) => {
    await page.route('https://www.bbc.co.uk/**', (route) =>
      route.fulfill({ body: '<title>Weather</title>', contentType: 'text/html' }),
    );
  });

  test('stays in reach while typing far down a page, and Back afterwards shows nothing of the carer', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Catriona');
    await page.goto('/plan/area/health');
    await expect(page.getByRole('heading', { level: 1, name: 'Health and wellbeing' })).toBeVisible();
    await waitForIslands(page);

    const exit = page.getByRole('link', { name: 'Exit this page' });
    const field = page.getByLabel('What would help?');
    await field.click();
    await page.keyboard.type('Someone to talk to');
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled, 'the last answer is far down the page on a phone').toBeGreaterThan(1000);
    await expect(exit).toBeInViewport({ ratio: 1 });
    // The box being typed in is not hidden behind the button.
    const bar = await exit.boundingBox();
    const box = await field.boundingBox();
    expect(bar && box && box.y >= bar.y + bar.height).toBe(true);
    // Tabbing back up the form keeps each field clear of the bar too.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => document.activeElement?.getBoundingClientRect().top ?? 0);
    const barBottom = await page.locator('.exit-bar').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(focused, 'the focused field is below the sticky bar').toBeGreaterThanOrEqual(barBottom);
    await checkA11y(page);

    await exit.click();
    await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
    await page.goBack();
    await expect(page).toHaveURL('/left');
    await expect(page.getByRole('heading', { level: 1, name: 'This page has been closed' })).toBeVisible();
    await expect(page.getByText('Catriona')).toHaveCount(0);
    await expect(page.getByText(/sections\./)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await checkA11y(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('"Add a person you care for" saves what was typed on About me first', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Isla');
    await page.goto('/plan/about-me');
    await page.getByLabel('How do you feel about going on caring?').fill('Tired, but I want to carry on');
    await page.getByRole('button', { name: 'Add a person you care for' }).click();

    await expect(page).toHaveURL(/\/plan\/person\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'A person you care for' })).toBeVisible();
    await checkA11y(page);
    await page.getByLabel('Their first name or a nickname').fill('Gran');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page).toHaveURL('/plan/about-me');
    await expect(page.getByRole('link', { name: 'Change Gran' })).toBeVisible();
    await expect(page.getByLabel('How do you feel about going on caring?')).toHaveValue('Tired, but I want to carry on');
    await checkA11y(page);
  });

  test('"Add an outcome" and "Add an action" save the page first too', async ({ page }) => {
    await registerCarer(page, 'Ailsa');
    await page.goto('/plan/outcomes');
    const later = page.getByRole('group', { name: 'Have you finished this section?' }).getByRole('radio', { name: 'No, I will come back to it later' });
    await later.check();
    await page.getByRole('button', { name: 'Add an outcome' }).click();
    await expect(page).toHaveURL(/\/plan\/outcome\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'An outcome you want' })).toBeVisible();

    await page.goto('/plan/outcomes');
    await expect(later).toBeChecked();
    await page.getByRole('button', { name: 'Add an action' }).click();
    await expect(page).toHaveURL(/\/plan\/action\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'An action' })).toBeVisible();
  });
});

test.describe('with JavaScript', () => {
  test('"Add a person you care for" still opens a new person, with what was typed saved', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Morven');
    await page.goto('/plan/about-me');
    await waitForIslands(page);
    // Typed and pressed at once: the autosave sends the page, then the
    // button's own post, so the carer lands where the button said.
    await page.getByLabel('How do you feel about going on caring?').fill('Some days are long');
    await page.getByRole('button', { name: 'Add a person you care for' }).click();

    await expect(page).toHaveURL(/\/plan\/person\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'A person you care for' })).toBeVisible();
    await checkA11y(page);
    await page.goto('/plan/about-me');
    await expect(page.getByLabel('How do you feel about going on caring?')).toHaveValue('Some days are long');
  });
});

test('a signed-in carer on an address that is not a page still sees they are signed in', async ({ page, checkA11y }) => {
  await registerCarer(page, 'Fiona');
  const response = await page.goto('/plan/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Fiona');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
  await checkA11y(page);
});

test.describe('at 360 px', () => {
  test.use({ viewport: PHONE });

  test('nothing scrolls sideways on any page, for visitors, carers, workers and managers', async ({ page, newPage }) => {
    test.setTimeout(180_000);
    const visitor = await newPage();
    await visitor.setViewportSize(PHONE);
    await nothingScrollsSideways(visitor, ['/', '/register', '/sign-in', '/signed-out', '/set-password?token=gone', '/left', '/no-such-page']);

    // A carer with a long email address, one person cared for, one outcome and one action.
    await registerCarer(page, 'Alexandrina', { email: longEmail('alexandrina') });
    for (const [kind, field, text] of [
      ['person', 'Their first name or a nickname', 'Mum'],
      ['outcome', 'What do you want, in your own words?', 'Sleep'],
      ['action', 'What will be done?', 'Ask'],
    ] as const) {
      await page.goto(`/plan/${kind}/new`);
      await waitForIslands(page);
      await page.getByLabel(field).fill(text);
      await page.getByLabel(field).blur();
      await expect(page.locator('[data-autosave]').getByRole('status')).toHaveText('Saved');
    }
    await page.goto('/plan/about-me');
    const remove = (await page.getByRole('link', { name: 'Remove Mum' }).getAttribute('href')) ?? '';
    expect(remove).toMatch(/^\/plan\/remove\/person\//);
    const areas = ['health', 'relationships', 'living-environment', 'employment', 'finance', 'life-balance', 'future-planning'];
    await nothingScrollsSideways(page, [
      '/',
      '/plan/about-me',
      '/plan/person/new',
      ...areas.map((a) => `/plan/area/${a}`),
      '/plan/outcomes',
      '/plan/outcome/new',
      '/plan/action/new',
      '/plan/emergency',
      '/plan/breaks',
      '/plan/review',
      '/plan/changed',
      '/plan/summary',
      remove,
      '/sign-out',
      '/no-such-page',
    ]);

    // A manager adds a worker with a long email address; both see their pages.
    const manager = await newPage();
    await manager.setViewportSize(PHONE);
    await manager.goto(createManager('Morven Manager', longEmail('morven')));
    await manager.getByLabel('Create a password').fill(GOOD_PASSWORD);
    await manager.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(manager).toHaveURL('/manager');
    await manager.getByLabel('Full name').fill('Wilhelmina Worker');
    await manager.getByLabel('Work email address').fill(longEmail('wilhelmina'));
    await manager.getByRole('group', { name: 'Role' }).getByLabel('Carer support worker').check();
    await manager.getByRole('button', { name: 'Create account' }).click();
    await expect(manager.getByRole('region', { name: 'Account created' })).toBeVisible();
    const workerLink = (await manager.locator('code.one-time-link').textContent())?.trim() ?? '';
    await nothingScrollsSideways(manager, ['/manager', '/worker', '/no-such-page']);

    const worker = await newPage();
    await worker.setViewportSize(PHONE);
    await worker.goto(workerLink);
    await worker.getByLabel('Create a password').fill(GOOD_PASSWORD);
    await worker.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(worker).toHaveURL('/worker');
    await nothingScrollsSideways(worker, ['/worker', '/manager', '/no-such-page']);
  });
});
