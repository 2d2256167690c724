/**
 * The carer's support plan: every section from "About me" to the summary
 * with its wellbeing chart, the autosave (offline, reload, two tabs, a
 * shared computer), the whole journey without JavaScript, the keyboard, and
 * "Exit this page". axe-core checks every page visited.
 */
import { test, expect, GOOD_PASSWORD, radio, registerCarer, saveStatus, waitForAutosave } from './helpers';
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

type CheckA11y = (page?: Page) => Promise<void>;

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

/** The wellbeing areas, in the order the plan asks about them. */
const AREAS = [
  { id: 'health', title: 'Health and wellbeing' },
  { id: 'relationships', title: 'Relationships' },
  { id: 'living-environment', title: 'Living environment' },
  { id: 'employment', title: 'Employment and training' },
  { id: 'finance', title: 'Finance' },
  { id: 'life-balance', title: 'Life balance' },
  { id: 'future-planning', title: 'Future planning' },
] as const;

const STATUS = {
  ready: 'Your answers save as you type.',
  readyShared: 'Your answers save as you type. This is a shared computer: nothing is kept on it.',
  saved: 'Saved',
  offline: 'Offline – kept on this device. It will be saved when you are back online.',
  offlineShared: 'Offline – not saved yet. Keep this page open: it will be saved when you are back online.',
  conflict:
    'These answers were changed somewhere else (another device or tab) since you opened this page. Nothing you typed here has been lost.',
};


async function finished(page: Page): Promise<void> {
  await radio(page, 'Have you finished this section?', 'Yes, I have finished this section').check();
}

/**
 * Waits (with JavaScript on) until the autosave has sent everything typed:
 * no draft is left in the browser and the status says "Saved".
 */
async function autosaveCaughtUp(page: Page): Promise<void> {
  await expect.poll(() => drafts(page), { message: 'unsent answers are still kept in the browser' }).toEqual({});
  await expect(saveStatus(page)).toHaveText(STATUS.saved);
}

/**
 * "Save and continue" once the autosave has caught up, so the form names
 * the version the autosave last wrote.
 *
 * The field being typed in is left first: leaving a changed text box fires
 * the browser's "change" event, and the autosave sends that answer again,
 * which would race the form's own post (see the two tests in "the autosave"
 * that press the button straight away and after "Saved").
 */
async function saveAndContinue(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await autosaveCaughtUp(page);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** Opens a plan page with JavaScript on, waits for the autosave, runs axe. */
async function openPlanPage(page: Page, url: string, heading: string, checkA11y: CheckA11y): Promise<void> {
  await page.goto(url);
  await expectPlanPage(page, heading, checkA11y);
}

async function expectPlanPage(page: Page, heading: string, checkA11y: CheckA11y, javaScript = true): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  if (javaScript) {
    await waitForAutosave(page);
    await expect(saveStatus(page)).toHaveText(STATUS.ready);
  }
  await checkA11y(page);
}

/** The unsent drafts kept in this page's localStorage, by key. */
async function drafts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('carerspace:draft:'))
        .map((k) => [k, localStorage.getItem(k) ?? '']),
    ),
  );
}

/**
 * Another page in the same browser context (another tab) is not watched by
 * the fixtures: watch it for console errors and uncaught exceptions too.
 */
function watchToo(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
}

/**
 * While the browser is offline, Chromium logs each autosave attempt that
 * cannot leave the machine ("Failed to load resource:
 * net::ERR_INTERNET_DISCONNECTED" for /api/plan/answers). Those, and only
 * those, are expected in the offline tests.
 */
function forgiveOfflineSaves(problems: string[]): void {
  const expected = /: Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(http:\/\/[^/]+\/api\/plan\/answers:\d+\)$/;
  for (let i = problems.length - 1; i >= 0; i--) {
    if (expected.test(problems[i])) problems.splice(i, 1);
  }
}

/** The row for one area in the summary's table. */
function ratingCell(page: Page, areaTitle: string): Locator {
  return page
    .getByRole('table', { name: 'Your own rating of the impact of caring' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: areaTitle, exact: true }) })
    .getByRole('cell');
}

test.describe('on a small phone (360 × 740), with JavaScript', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a carer completes every section of the plan and sees the summary and chart', async ({ page, checkA11y }) => {
    test.setTimeout(300_000);
    await registerCarer(page, 'Morag', { checkA11y });
    await expect(page.getByRole('heading', { level: 2, name: 'Your support plan' })).toBeVisible();
    await expect(page.getByText('You have done 0 of 12 sections.')).toBeVisible();
    for (const task of ['About me and my caring role', ...AREAS.map((a) => a.title), 'Outcomes and actions', 'Emergency and future planning', 'Breaks from caring', 'Review']) {
      await expect(page.getByRole('link', { name: task, exact: true })).toHaveAccessibleDescription('Not started');
    }
    await expect(page.getByRole('link', { name: 'Check your answers and see your wellbeing chart' })).toHaveAttribute('href', '/plan/summary');
    await expect(page.getByRole('link', { name: 'My circumstances have changed' })).toHaveAttribute('href', '/plan/changed');
    await checkA11y(page);

    // About me, and one person cared for.
    await page.getByRole('link', { name: 'About me and my caring role', exact: true }).click();
    await expect(page).toHaveURL('/plan/about-me');
    await expectPlanPage(page, 'About me and my caring role', checkA11y);
    await expect(page.getByText('You have not added anyone yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Add a person you care for' }).click();
    await expect(page).toHaveURL(/\/plan\/person\/[0-9a-f-]{36}$/);
    await expectPlanPage(page, 'A person you care for', checkA11y);
    await page.getByLabel('Their first name or a nickname').fill('Mum');
    await page.getByLabel('How are you related?').fill('My mother');
    await page.getByLabel('Their condition, in your own words').fill('Dementia, getting worse since the spring');
    await radio(page, 'Do you live with them?', 'Yes').check();
    await page.getByLabel('About how many hours a week do you spend caring for them?').fill('50');
    await radio(page, 'Are they terminally ill?', 'Yes').check();
    await saveAndContinue(page);

    await expect(page).toHaveURL('/plan/about-me');
    await expectPlanPage(page, 'About me and my caring role', checkA11y);
    await expect(page.getByRole('link', { name: 'Change Mum' })).toHaveAttribute('href', /\/plan\/person\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('link', { name: 'Remove Mum' })).toHaveAttribute('href', /\/plan\/remove\/person\/[0-9a-f-]{36}$/);
    await page.getByLabel('How do you feel about going on caring?').fill('I want to go on, but I need some help at night.');
    await finished(page);
    await saveAndContinue(page);

    // Every wellbeing area: one skipped, the others rated.
    const ratings: Record<string, string> = {
      health: 'Moderate impact',
      relationships: 'Low impact',
      employment: 'No impact',
      finance: 'Substantial impact',
      'life-balance': 'Critical impact',
      'future-planning': 'Moderate impact',
    };
    for (const [i, area] of AREAS.entries()) {
      await expect(page).toHaveURL(`/plan/area/${area.id}`);
      await expectPlanPage(page, area.title, checkA11y);
      const rating = ratings[area.id];
      if (rating) {
        await page.getByLabel('What is happening now?').fill(`Now, for ${area.title.toLowerCase()}`);
        await page.getByLabel('What matters to you?').fill(`What matters in ${area.title.toLowerCase()}`);
        const choice = radio(page, 'How much does caring affect this part of your life?', rating);
        await expect(choice).toHaveAccessibleDescription(/.+/);
        await choice.check();
        await page.getByLabel('What can you, or the people around you, do?').fill('My brother helps on Sundays');
        await page.getByLabel('What would help?').fill('Someone to sit with Mum one evening a week');
      } else {
        await page.getByRole('checkbox', { name: "I'd rather not talk about this" }).check();
      }
      await finished(page);
      await saveAndContinue(page);
      if (i === AREAS.length - 1) await expect(page).toHaveURL('/plan/outcomes');
    }

    // Outcomes and actions.
    await expectPlanPage(page, 'Outcomes and actions', checkA11y);
    await page.getByRole('button', { name: 'Add an outcome' }).click();
    await expect(page).toHaveURL(/\/plan\/outcome\/[0-9a-f-]{36}$/);
    await expectPlanPage(page, 'An outcome you want', checkA11y);
    await radio(page, 'Is this something you want to keep, change or improve?', 'Improve it').check();
    await page.getByLabel('What do you want, in your own words?').fill('To sleep through the night twice a week');
    await saveAndContinue(page);
    await expect(page).toHaveURL('/plan/outcomes');
    await expectPlanPage(page, 'Outcomes and actions', checkA11y);
    await expect(page.getByText('To sleep through the night twice a week')).toBeVisible();

    await page.getByRole('button', { name: 'Add an action' }).click();
    await expect(page).toHaveURL(/\/plan\/action\/[0-9a-f-]{36}$/);
    await expectPlanPage(page, 'An action', checkA11y);
    await page.getByLabel('What will be done?').fill('Ask about a night sitting service');
    await radio(page, 'Who will do it?', "The carers' centre").check();
    await expect(page.getByLabel('Target date (optional)')).toHaveAttribute('type', 'date');
    await page.getByLabel('Target date (optional)').fill('2027-03-31');
    await radio(page, 'Where has it got to?', 'In progress').check();
    await saveAndContinue(page);
    await expect(page).toHaveURL('/plan/outcomes');
    await expectPlanPage(page, 'Outcomes and actions', checkA11y);
    await expect(page.getByText('Ask about a night sitting service')).toBeVisible();
    await expect(page.getByText("The carers' centre · by 31 March 2027 · In progress")).toBeVisible();
    await finished(page);
    await saveAndContinue(page);

    // Emergency, breaks, review.
    await expect(page).toHaveURL('/plan/emergency');
    await expectPlanPage(page, 'Emergency and future planning', checkA11y);
    await page.getByLabel('If you suddenly could not care, who would step in?').fill('My brother Iain');
    await page.getByLabel('Key contacts').fill('Iain 07700 900123, GP surgery 0131 496 0000');
    await page.getByLabel('What would you like to happen in the future?').fill('Mum to stay at home as long as she can');
    await finished(page);
    await saveAndContinue(page);

    await expect(page).toHaveURL('/plan/breaks');
    await expectPlanPage(page, 'Breaks from caring', checkA11y);
    await radio(page, 'Would a short break from caring help you?', 'Yes').check();
    await page.getByLabel('What kind of break would help?').fill('A weekend away twice a year');
    await finished(page);
    await saveAndContinue(page);

    await expect(page).toHaveURL('/plan/review');
    await expectPlanPage(page, 'Review', checkA11y);
    await page.getByLabel('What should make us look at your plan again sooner?').fill('If Mum goes into hospital');
    await finished(page);
    await saveAndContinue(page);

    // The summary, with the chart and the same figures in a table.
    await expect(page).toHaveURL('/plan/summary');
    await expect(page.getByRole('heading', { level: 1, name: 'Your support plan' })).toBeVisible();
    const chart = page.getByRole('img', { name: 'How much caring affects each part of your life' });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAccessibleName(/^How much caring affects each part of your life/);
    await expect(page.getByRole('table', { name: 'Your own rating of the impact of caring' })).toBeVisible();
    for (const area of AREAS) {
      await expect(ratingCell(page, area.title)).toHaveText(ratings[area.id] ?? 'Skipped');
    }
    await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Change Mum' })).toHaveAttribute('href', /\/plan\/person\//);
    await expect(page.getByRole('link', { name: 'Change key contacts' })).toHaveAttribute('href', '/plan/emergency');
    await expect(page.getByText('Terminally ill', { exact: false })).toBeVisible();
    await expect(page.getByText('To sleep through the night twice a week')).toBeVisible();
    await expect(page.getByText('You chose not to talk about this')).toBeVisible();
    await checkA11y(page);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll, `the summary is ${widths.scroll}px wide on a 360px screen`).toBeLessThanOrEqual(360);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'summary-360.png'), fullPage: true });
    await chart.screenshot({ path: path.join(ARTIFACTS, 'summary-chart-360.png') });

    // The task list counts every section as done.
    await page.getByRole('link', { name: 'Back to your plan' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.getByText('You have done 12 of 12 sections.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Living environment', exact: true })).toHaveAccessibleDescription('Skipped');
    for (const task of ['About me and my caring role', 'Health and wellbeing', 'Future planning', 'Outcomes and actions', 'Emergency and future planning', 'Breaks from caring', 'Review']) {
      await expect(page.getByRole('link', { name: task, exact: true })).toHaveAccessibleDescription('Completed');
    }
    await checkA11y(page);
  });
});

test.describe('the autosave', () => {
  test('answers typed offline are kept on the device and saved when the connection returns', async ({ page, browser, baseURL, checkA11y, browserProblems }) => {
    await registerCarer(page, 'Fraser');
    const context = page.context();
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);

    const words = 'Typed on the bus with no signal';
    await context.setOffline(true);
    const now = page.getByLabel('What is happening now?');
    await now.fill(words);
    await now.blur();
    await expect(saveStatus(page)).toHaveText(STATUS.offline);
    await checkA11y(page);
    const kept = await drafts(page);
    const keys = Object.keys(kept);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^carerspace:draft:[^:]+:area:health$/);
    expect(JSON.parse(kept[keys[0]]).fields).toEqual({ now: words });
    await page.close();

    await context.setOffline(false);
    const again = await context.newPage();
    watchToo(again, browserProblems);
    await again.goto('/plan/area/health');
    await waitForAutosave(again);
    await expect(again.getByLabel('What is happening now?')).toHaveValue(words);
    await expect(saveStatus(again)).toHaveText(STATUS.saved);
    expect(await drafts(again)).toEqual({});
    await checkA11y(again);

    // The server has it: a fresh page, rendered by the server alone.
    const noScripts = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'en-GB', storageState: await context.storageState() });
    try {
      const fresh = await noScripts.newPage();
      watchToo(fresh, browserProblems);
      await fresh.goto('/plan/area/health');
      await expect(fresh.getByRole('heading', { level: 1, name: 'Health and wellbeing' })).toBeVisible();
      await expect(fresh.locator('[data-autosave]')).toHaveAttribute('data-autosave', 'server');
      await expect(fresh.getByLabel('What is happening now?')).toHaveValue(words);
    } finally {
      await noScripts.close();
    }
    forgiveOfflineSaves(browserProblems);
  });

  test('answers typed just before a reload are still there and get saved', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Isla');
    await openPlanPage(page, '/plan/area/finance', 'Finance', checkA11y);

    const words = 'Paying for taxis to the hospital';
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') sent.push(r.url());
    });
    await page.getByLabel('What matters to you?').fill(words);
    await page.reload();
    await waitForAutosave(page);
    await expect(page.getByLabel('What matters to you?')).toHaveValue(words);
    await expect(saveStatus(page)).toHaveText(STATUS.saved);
    expect(sent.filter((u) => u.endsWith('/api/plan/answers')).length).toBeGreaterThanOrEqual(1);
    expect(await drafts(page)).toEqual({});
    await checkA11y(page);

    await page.reload();
    await waitForAutosave(page);
    await expect(saveStatus(page)).toHaveText(STATUS.ready);
    await expect(page.getByLabel('What matters to you?')).toHaveValue(words);
  });

  test('two tabs editing the same section: the second is told, and keeps what it typed', async ({ page, checkA11y, browserProblems }) => {
    await registerCarer(page, 'Catriona');
    const tabA = page;
    const tabB = await page.context().newPage();
    watchToo(tabB, browserProblems);
    await openPlanPage(tabA, '/plan/emergency', 'Emergency and future planning', checkA11y);
    await openPlanPage(tabB, '/plan/emergency', 'Emergency and future planning', checkA11y);

    await tabA.getByLabel('Key contacts').fill('From tab A: my sister');
    await tabA.getByLabel('Key contacts').blur();
    await expect(saveStatus(tabA)).toHaveText(STATUS.saved);

    await tabB.getByLabel('Key contacts').fill('From tab B: my neighbour Jean');
    await tabB.getByLabel('Key contacts').blur();
    await expect(saveStatus(tabB)).toHaveText(STATUS.conflict);
    const keep = tabB.getByRole('button', { name: 'Keep what I typed here' });
    await expect(keep).toBeVisible();
    await expect(tabB.getByRole('button', { name: 'Show the saved answers instead' })).toBeVisible();
    await expect(tabB.getByLabel('Key contacts')).toHaveValue('From tab B: my neighbour Jean');
    await checkA11y(tabB);

    await keep.click();
    await expect(saveStatus(tabB)).toHaveText(STATUS.saved);
    await expect(keep).toBeHidden();

    const fresh = await page.context().newPage();
    watchToo(fresh, browserProblems);
    await openPlanPage(fresh, '/plan/emergency', 'Emergency and future planning', checkA11y);
    await expect(fresh.getByLabel('Key contacts')).toHaveValue('From tab B: my neighbour Jean');
  });

  test('"Save and continue" straight after typing does not clash with the autosave', async ({ page, checkA11y }) => {
    // A person who types the last answer and at once selects the button:
    // the autosave of that answer and the form's own save go together.
    await registerCarer(page, 'Hamish');
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);
    await page.getByLabel('What is happening now?').fill('Tired every day');
    await radio(page, 'How much does caring affect this part of your life?', 'Low impact').check();
    await finished(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/area/relationships');
    await expectPlanPage(page, 'Relationships', checkA11y);
  });

  test('"Save and continue" after the status says "Saved" does not clash with the autosave', async ({ page, checkA11y }) => {
    // A patient person: types the outcome, waits until the page says
    // "Saved", then selects the button. Nothing else has this plan open.
    await registerCarer(page, 'Greer');
    await page.goto('/plan/outcome/new');
    await expect(page).toHaveURL(/\/plan\/outcome\/[0-9a-f-]{36}$/);
    await expectPlanPage(page, 'An outcome you want', checkA11y);
    await radio(page, 'Is this something you want to keep, change or improve?', 'Change it').check();
    await page.getByLabel('What do you want, in your own words?').fill('To have one evening a week to myself');
    await autosaveCaughtUp(page);
    await page.waitForTimeout(1_000);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/outcomes');
    await expect(page.getByRole('heading', { name: 'These answers were changed somewhere else' })).toHaveCount(0);
    await expectPlanPage(page, 'Outcomes and actions', checkA11y);
    await expect(page.getByText('To have one evening a week to myself')).toBeVisible();
  });

  test('on a shared computer nothing is kept in the browser, even offline', async ({ page, checkA11y, browserProblems }) => {
    const email = await registerCarer(page, 'Ruaridh');
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/signed-out');
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('checkbox', { name: 'This is a shared computer' }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.getByText('Shared computer: nothing you type is kept on this device')).toBeVisible();
    await checkA11y(page);

    // Record every status the page ever shows.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-autosave] [role="status"]')?.textContent ?? '';
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto('/plan/area/health');
    await expect(page.getByRole('heading', { level: 1, name: 'Health and wellbeing' })).toBeVisible();
    await waitForAutosave(page);
    await expect(saveStatus(page)).toHaveText(STATUS.readyShared);
    await checkA11y(page);

    await page.context().setOffline(true);
    const now = page.getByLabel('What is happening now?');
    await now.fill('Written at the library');
    await now.blur();
    await expect(saveStatus(page)).toHaveText(STATUS.offlineShared);
    await checkA11y(page);
    expect(await drafts(page)).toEqual({});

    await page.context().setOffline(false);
    await expect(saveStatus(page)).toHaveText(STATUS.saved, { timeout: 15_000 });
    expect(await drafts(page)).toEqual({});
    const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
    expect(statuses).toContain(STATUS.offlineShared);
    expect(statuses.filter((s) => s.includes('kept on this device'))).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('carerspace:')))).toEqual([]);
    forgiveOfflineSaves(browserProblems);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a carer fills in their plan, fixes a mistake, and sees the summary', async ({ page, checkA11y }) => {
    test.setTimeout(180_000);
    await registerCarer(page, 'Eilidh', { checkA11y });
    await expect(page.getByText('You have done 0 of 12 sections.')).toBeVisible();
    await checkA11y(page);

    await page.getByRole('link', { name: 'About me and my caring role', exact: true }).click();
    await expect(page).toHaveURL('/plan/about-me');
    await expectPlanPage(page, 'About me and my caring role', checkA11y, false);
    await expect(page.locator('[data-autosave]')).toHaveAttribute('data-autosave', 'server');

    // A person with no name: the server says so and keeps what was typed.
    await page.getByRole('button', { name: 'Add a person you care for' }).click();
    await expect(page).toHaveURL(/\/plan\/person\/[0-9a-f-]{36}$/);
    const personUrl = page.url();
    await expectPlanPage(page, 'A person you care for', checkA11y, false);
    await page.getByLabel('Their condition, in your own words').fill('Multiple sclerosis');
    await radio(page, 'Are they terminally ill?', "I'm not sure").check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL(personUrl);
    const summary = page.getByRole('alert');
    await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(summary.getByRole('link', { name: 'Enter their first name or a nickname' })).toHaveAttribute('href', '#name');
    await expect(page.getByLabel('Their first name or a nickname')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Their condition, in your own words')).toHaveValue('Multiple sclerosis');
    await expect(radio(page, 'Are they terminally ill?', "I'm not sure")).toBeChecked();
    await checkA11y(page);

    await page.getByLabel('Their first name or a nickname').fill('Dad');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/about-me');
    await expectPlanPage(page, 'About me and my caring role', checkA11y, false);
    await expect(page.getByRole('link', { name: 'Change Dad' })).toHaveAttribute('href', new URL(personUrl).pathname);
    await page.getByLabel('How do you feel about going on caring?').fill('Willing, but tired');
    await finished(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page).toHaveURL('/plan/area/health');
    await expectPlanPage(page, 'Health and wellbeing', checkA11y, false);
    await page.getByLabel('What is happening now?').fill('My back hurts from lifting');
    await radio(page, 'How much does caring affect this part of your life?', 'Substantial impact').check();
    await finished(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page).toHaveURL('/plan/area/relationships');
    await expectPlanPage(page, 'Relationships', checkA11y, false);
    await page.getByRole('checkbox', { name: "I'd rather not talk about this" }).check();
    await finished(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/area/living-environment');

    await page.goto('/plan/outcomes');
    await expectPlanPage(page, 'Outcomes and actions', checkA11y, false);
    await page.getByRole('button', { name: 'Add an outcome' }).click();
    await expect(page).toHaveURL(/\/plan\/outcome\/[0-9a-f-]{36}$/);
    await expectPlanPage(page, 'An outcome you want', checkA11y, false);
    await radio(page, 'Is this something you want to keep, change or improve?', 'Keep it as it is').check();
    await page.getByLabel('What do you want, in your own words?').fill('To keep going to choir on Thursdays');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/outcomes');
    await expectPlanPage(page, 'Outcomes and actions', checkA11y, false);
    await expect(page.getByText('To keep going to choir on Thursdays')).toBeVisible();
    await finished(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/emergency');
    await checkA11y(page);

    await page.goto('/plan/summary');
    await expect(page.getByRole('heading', { level: 1, name: 'Your support plan' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'How much caring affects each part of your life' })).toBeVisible();
    await expect(ratingCell(page, 'Health and wellbeing')).toHaveText('Substantial impact');
    await expect(ratingCell(page, 'Relationships')).toHaveText('Skipped');
    await expect(ratingCell(page, 'Living environment')).toHaveText('Not rated yet');
    await expect(page.getByRole('link', { name: 'Change Dad' })).toBeVisible();
    await expect(page.getByText('Multiple sclerosis')).toBeVisible();
    await expect(page.getByText('To keep going to choir on Thursdays')).toBeVisible();
    await expect(page.getByText('My back hurts from lifting')).toBeVisible();
    await checkA11y(page);

    await page.goto('/');
    await expect(page.getByText('You have done 4 of 12 sections.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Relationships', exact: true })).toHaveAccessibleDescription('Skipped');
    await expect(page.getByRole('link', { name: 'Health and wellbeing', exact: true })).toHaveAccessibleDescription('Completed');
    await expect(page.getByRole('link', { name: 'Living environment', exact: true })).toHaveAccessibleDescription('Not started');
    await checkA11y(page);
  });

  test('a stale "Save and continue" is refused with a warning and what was typed kept', async ({ page, checkA11y, newPage }) => {
    await registerCarer(page, 'Kirsty');
    await page.goto('/plan/breaks');
    await expectPlanPage(page, 'Breaks from caring', checkA11y, false);
    // Meanwhile the same carer saves this section on another device.
    const other = await newPage();
    await other.context().addCookies(await page.context().cookies());
    await other.goto('/plan/breaks');
    await expectPlanPage(other, 'Breaks from caring', checkA11y, false);
    await other.getByLabel('What kind of break would help?').fill('A day out each month');
    await other.getByRole('button', { name: 'Save and continue' }).click();
    await expect(other).toHaveURL('/plan/review');

    await page.getByLabel('What kind of break would help?').fill('A week away in the summer');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/breaks');
    const warning = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'These answers were changed somewhere else' }) });
    await expect(warning).toBeVisible();
    await expect(page.getByLabel('What kind of break would help?')).toHaveValue('A week away in the summer');
    await checkA11y(page);
    // Saving again, knowingly, keeps this version.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/review');
    await page.goto('/plan/breaks');
    await expect(page.getByLabel('What kind of break would help?')).toHaveValue('A week away in the summer');
  });
});

test('keyboard only: through one area with Tab, arrow keys and Enter', async ({ page, checkA11y }) => {
  await registerCarer(page, 'Lachlan');
  await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);

  /** Presses Tab until `target` has focus, noting each element focused on the way. */
  const visited: string[] = [];
  async function tabTo(target: Locator, limit = 30): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      visited.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        const tag = el.tagName.toLowerCase();
        return el.id ? `${tag}#${el.id}` : `${tag} "${(el.textContent ?? '').trim()}"`;
      }));
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`Tab never reached ${target}; focus went: ${visited.join(', ')}`);
  }

  // From the top of the page: past the skip link, header, "Exit this page"
  // and "Back to your plan" to the first answer.
  const now = page.getByLabel('What is happening now?');
  await tabTo(now);
  expect(visited[0]).toBe('a "Skip to main content"');
  await page.keyboard.type('i get no sleep');
  const matters = page.getByLabel('What matters to you?');
  await tabTo(matters, 1);
  await page.keyboard.type('being there for my son');

  // The first rating: Tab lands on the group, arrows choose.
  const noImpact = radio(page, 'How much does caring affect this part of your life?', 'No impact');
  await tabTo(noImpact, 1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const moderate = radio(page, 'How much does caring affect this part of your life?', 'Moderate impact');
  await expect(moderate).toBeChecked();
  await expect(moderate).toBeFocused();

  await tabTo(page.getByLabel('What can you, or the people around you, do?'), 1);
  await tabTo(page.getByLabel('What would help?'), 1);
  await page.keyboard.type('a night off each week');

  const yes = radio(page, 'Have you finished this section?', 'Yes, I have finished this section');
  await tabTo(yes, 1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(yes).toBeChecked();

  const button = page.getByRole('button', { name: 'Save and continue' });
  await tabTo(button, 1);
  // Fields in page order: the skip box, the two answers, one stop for the
  // rating radios, the other answers, one stop for "finished", the button.
  expect(visited.slice(visited.indexOf('textarea#now') - 1)).toEqual([
    'input#skip',
    'textarea#now',
    'textarea#matters',
    'input#rating',
    'textarea#can_do',
    'textarea#would_help',
    'input#done',
    'button "Save and continue"',
  ]);
  await autosaveCaughtUp(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/plan/area/relationships');
  await expectPlanPage(page, 'Relationships', checkA11y);

  await page.goto('/plan/summary');
  await expect(ratingCell(page, 'Health and wellbeing')).toHaveText('Moderate impact');
  await expect(page.getByText('i get no sleep')).toBeVisible();
  await checkA11y(page);
});

test.describe('Exit this page', () => {
  test.beforeEach(async ({ page }) => {
    await page.route('https://www.bbc.co.uk/**', (route) =>
      route.fulfill({ body: '<title>Weather</title>', contentType: 'text/html' }),
    );
  });

  test('the button and pressing Shift three times both leave for a neutral site', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Shona');
    await openPlanPage(page, '/plan/area/relationships', 'Relationships', checkA11y);
    await page.getByRole('link', { name: 'Exit this page' }).click();
    await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
    await expect(page).toHaveTitle('Weather');
    // The plan page was replaced in the history: Back does not return to it.
    await page.goBack();
    await expect(page).not.toHaveURL(/\/plan\//);

    await openPlanPage(page, '/plan/about-me', 'About me and my caring role', checkA11y);
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
    await expect(page).toHaveTitle('Weather');
  });

  test('typing capital letters with Shift does not leave', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Tormod');
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);
    const now = page.getByLabel('What is happening now?');
    await now.click();
    // "I Am OK", typed with the Shift key as people type capitals.
    for (const key of ['Shift+KeyI', 'Space', 'Shift+KeyA', 'KeyM', 'Space', 'Shift+KeyO', 'Shift+KeyK']) {
      await page.keyboard.press(key);
    }
    await page.waitForTimeout(500);
    await expect(page).toHaveURL('/plan/area/health');
    await expect(now).toHaveValue('I Am OK');
  });

  test('moving back through a form with Shift+Tab does not leave', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Una');
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);
    await page.getByRole('button', { name: 'Save and continue' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    await page.waitForTimeout(500);
    await expect(page).toHaveURL('/plan/area/health');
    // From the button: the "finished" radios, "What would help?", then this.
    await expect(page.getByLabel('What can you, or the people around you, do?')).toBeFocused();
  });
});
