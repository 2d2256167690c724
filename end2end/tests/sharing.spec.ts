/**
 * Consent and hand-off, on a 360 px phone, with JavaScript on and off:
 * a carer shares two of three filled sections, a worker picks the plan up
 * and reads those two (a URL for the third is refused), the carer
 * withdraws, the worker's next click shows the withdrawn notice, and the
 * carer's "who has seen your plan" lists the worker's views. Two workers
 * racing to pick up one plan: exactly one wins.
 */
import type { Page } from '@playwright/test';
import { test, expect, uniqueEmail, longEmail, nothingScrollsSideways, GOOD_PASSWORD, createManager, registerCarer, radio } from './helpers';

const HEALTH = 'I have not slept a full night since spring';
const ABOUT = 'I will keep going but I need a rest';
const BREAKS = 'A weekend away at my sister';
const NOTES = 'Talked about sleep; a sitting service two nights a week';
const NEEDS = 'Regular nights off';
const ACTION = 'Find a sitting service for Tuesday nights';

/** Sets a password from a one-time link in `page`. */
async function setPassword(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Create a password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
}

/** A manager (signed in on `manager`) and workers, each signed in on their own page. */
async function staff(manager: Page, workers: [string, Page][]): Promise<void> {
  await setPassword(manager, createManager('Mhairi Manager', uniqueEmail('mhairi')));
  await expect(manager).toHaveURL('/manager');
  for (const [name, page] of workers) {
    await manager.goto('/manager');
    await manager.getByLabel('Full name').fill(name);
    await manager.getByLabel('Work email address').fill(longEmail(name.split(' ')[0].toLowerCase()));
    await manager.getByRole('group', { name: 'Role' }).getByLabel('Carer support worker').check();
    await manager.getByRole('button', { name: 'Create account' }).click();
    const link = ((await manager.getByRole('region', { name: 'Account created' }).locator('code').textContent()) ?? '').trim();
    await setPassword(page, link);
    await expect(page).toHaveURL('/worker');
  }
}

/** Writes three sections of a plan, each saved with "Save and continue". */
async function writePlan(page: Page): Promise<void> {
  await page.goto('/plan/about-me');
  await page.getByLabel('How do you feel about going on caring?').fill(ABOUT);
  await page.getByRole('button', { name: 'Save and continue' }).last().click();
  await expect(page).toHaveURL(/\/plan\/area\//);
  await page.goto('/plan/area/health');
  await page.getByLabel('What is happening now?').fill(HEALTH);
  await radio(page, 'How much does caring affect this part of your life?', 'Substantial impact').check();
  await page.getByRole('button', { name: 'Save and continue' }).last().click();
  await expect(page).not.toHaveURL('/plan/area/health');
  await page.goto('/plan/breaks');
  await page.getByLabel('What kind of break would help?').fill(BREAKS);
  await page.getByRole('button', { name: 'Save and continue' }).last().click();
  await expect(page).toHaveURL('/plan/review');
}

/** "I'm ready to talk to someone": shares About me and Health and wellbeing. */
async function handOff(page: Page, checkA11y: (p: Page) => Promise<void>): Promise<void> {
  await page.goto('/');
  await expect(page.locator('#plan-state')).toContainText('Private');
  await page.locator('#plan-state').getByRole('link', { name: "I'm ready to talk to someone" }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Which parts of your plan can a worker see?' })).toBeVisible();
  await checkA11y(page);
  const parts = page.getByRole('group', { name: 'Choose the parts to share' });
  await expect(parts.getByRole('checkbox')).toHaveCount(3);
  // Nothing chosen: told beside the question.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Select at least one part of your plan to share');
  await checkA11y(page);
  await parts.getByLabel('About me and my caring role').check();
  await parts.getByLabel('Health and wellbeing').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'How can a worker get in touch?' })).toBeVisible();
  await checkA11y(page);
  await page.getByLabel('Phone number').fill('07700 900 982');
  await radio(page, 'Is it safe to leave a message on this phone?', 'No').check();
  await page.getByRole('button', { name: 'Save and continue' }).last().click();

  await expect(page.getByRole('heading', { level: 1, name: 'The person you care for' })).toBeVisible();
  await checkA11y(page);
  await radio(page, 'Is the person you care for terminally ill?', 'Yes').check();
  await page.getByRole('button', { name: 'Save and continue' }).last().click();

  await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending' })).toBeVisible();
  await expect(page.getByText(HEALTH)).toBeVisible();
  await expect(page.getByText(ABOUT)).toBeVisible();
  await expect(page.getByText(BREAKS)).toHaveCount(0);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Agree and send' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Your plan has been sent' })).toBeVisible();
  await expect(page.getByText(/get in touch by \w+day \d+ \w+ 20\d\d/)).toBeVisible();
  await checkA11y(page);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`sharing on a phone, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 360, height: 740 } });

    test('a carer shares two sections, a worker reads them, the carer withdraws and sees who looked', async ({ page, newPage, checkA11y }) => {
      const manager = await newPage();
      const worker = await newPage();
      const workerName = `Wendy ${javaScriptEnabled ? 'Scripted' : 'Plain'}`;
      await staff(manager, [[workerName, worker]]);

      const carerName = `Cara ${Date.now().toString(36)}`;
      await registerCarer(page, carerName, { email: uniqueEmail('cara') });
      await writePlan(page);
      await handOff(page, checkA11y);

      // The worker finds the plan in the queue, most urgent first, and picks it up.
      await worker.goto('/worker');
      const row = worker.getByRole('row').filter({ hasText: carerName });
      await expect(row).toContainText('Terminally ill');
      await expect(row).toContainText(/Support plan offered: (due|overdue)/);
      await expect(row).not.toContainText(HEALTH);
      await checkA11y(worker);
      await row.getByRole('button', { name: `Pick up the plan of ${carerName}` }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan` })).toBeVisible();
      await expect(worker.getByText('Do not leave a message')).toBeVisible();
      await checkA11y(worker);
      const overview = worker.url();
      await worker.getByRole('link', { name: 'Health and wellbeing' }).click();
      await expect(worker.getByText(HEALTH)).toBeVisible();
      await checkA11y(worker);
      // The worker adds their own view beside the carer's.
      const rating = worker.getByRole('group', { name: 'Your rating of the impact of caring' });
      await expect(rating.getByRole('radio', { name: /Substantial impact \(the carer's own rating\)/ })).toBeVisible();
      await rating.getByRole('radio', { name: /^Moderate impact/ }).check();
      await worker.getByLabel('Your notes of the conversation').fill(NOTES);
      if (javaScriptEnabled) {
        // The worker's answers autosave as the carer's do, and survive a reload.
        await worker.getByLabel('Your notes of the conversation').blur();
        await expect(worker.locator('[data-autosave]').getByRole('status')).toHaveText('Saved');
        await worker.reload();
        await expect(worker.getByLabel('Your notes of the conversation')).toHaveValue(NOTES);
      }
      await worker.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan` })).toBeVisible();
      await worker.getByRole('link', { name: 'Write the support plan' }).click();
      await expect(worker.getByRole('heading', { level: 1, name: 'Support plan' })).toBeVisible();
      await checkA11y(worker);
      await radio(worker, 'Does the carer have needs for support?', 'Yes').check();
      await worker.getByLabel("The carer's needs for support").fill(NEEDS);
      await worker.getByRole('group', { name: 'Level of support' }).getByRole('radio', { name: /\(suggested\)/ }).check();
      await worker.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan` })).toBeVisible();
      await worker.getByRole('link', { name: 'Add an agreed action' }).click();
      await expect(worker.getByRole('heading', { level: 1, name: 'Agreed action' })).toBeVisible();
      await checkA11y(worker);
      await worker.getByLabel('What will be done?').fill(ACTION);
      await radio(worker, 'Who will do it?', "The carers' centre").check();
      await worker.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(worker.getByRole('link', { name: ACTION })).toBeVisible();
      // The carer reads both, beside their own answers.
      await page.goto('/plan/summary');
      await expect(page.getByText(NOTES)).toBeVisible();
      await expect(page.getByText('Moderate impact (you rated it substantial impact)')).toBeVisible();
      await expect(page.getByText(NEEDS)).toBeVisible();
      await expect(page.getByText(ACTION)).toBeVisible();
      // A section the carer did not share is refused, even by its address.
      const refused = await worker.goto(`${overview}/breaks`);
      expect([403, 404]).toContain(refused?.status());
      await expect(worker.getByText(BREAKS)).toHaveCount(0);
      await worker.goto(overview);

      // The carer sees the worker's looks, then withdraws.
      await page.goto('/sharing');
      await expect(page.locator('#plan-state')).toContainText(`With ${workerName}`);
      const seen = page.getByRole('table', { name: 'Everyone who opened your plan, newest first' });
      await expect(seen.getByRole('row').filter({ hasText: 'Health and wellbeing' }).first()).toContainText(workerName);
      await expect(seen.getByRole('row').filter({ hasText: 'Your contact details' }).first()).toContainText(/\d{1,2}:\d\d[ap]m/);
      await checkA11y(page);
      await page.getByRole('button', { name: 'Withdraw consent' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Are you sure you want to withdraw your consent?' })).toBeVisible();
      await checkA11y(page);
      await page.getByRole('button', { name: 'Withdraw consent' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'You have withdrawn your consent' })).toBeVisible();

      // The worker's very next click shows the notice and nothing of the plan.
      await worker.getByRole('link', { name: 'About me and my caring role' }).click();
      await expect(worker.getByRole('heading', { level: 1, name: 'The carer has withdrawn consent' })).toBeVisible();
      await expect(worker.getByText(ABOUT)).toHaveCount(0);
      await checkA11y(worker);
      await worker.goto('/worker/caseload');
      await expect(worker.getByText(/Consent withdrawn on/)).toBeVisible();
      await expect(worker.getByText(carerName)).toHaveCount(0);

      // Every share, every record, and a receipt for each.
      await page.goto('/sharing');
      await expect(page.locator('#plan-state')).toContainText('You withdrew your consent');
      await expect(page.getByText(/Consent given on/)).toBeVisible();
      await page.getByRole('link', { name: /Receipt for Consent withdrawn/ }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Consent receipt' })).toBeVisible();
      await checkA11y(page);
    });
  });
}

test('two workers racing to pick up one plan: exactly one wins', async ({ page, newPage }) => {
  const manager = await newPage();
  const [first, second] = [await newPage(), await newPage()];
  await staff(manager, [['Rhona Racer', first], ['Rab Racer', second]]);
  const carerName = `Race ${Date.now().toString(36)}`;
  await registerCarer(page, carerName, { email: uniqueEmail('race') });
  await writePlan(page);
  await handOff(page, async () => {});

  await Promise.all([first.goto('/worker'), second.goto('/worker')]);
  const pick = (p: Page) => p.getByRole('row').filter({ hasText: carerName }).getByRole('button', { name: /Pick up/ }).click();
  await Promise.all([pick(first), pick(second)]);
  const opened = async (p: Page) => (await p.getByRole('heading', { level: 1, name: `${carerName}'s plan` }).count()) === 1;
  await expect.poll(async () => (await opened(first)) !== (await opened(second))).toBe(true);
  const loser = (await opened(first)) ? second : first;
  await expect(loser.getByText(/Already picked up by R(hona|ab) Racer/)).toBeVisible();
});

test.describe('staff and sharing pages on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a manager reallocates a plan and deactivates a worker; every page fits the screen and passes axe', async ({ page, newPage, checkA11y }) => {
    test.setTimeout(180_000);
    const manager = await newPage();
    const [first, second] = [await newPage(), await newPage()];
    await staff(manager, [['Fiona First', first], ['Seonaidh Second', second]]);
    const carerName = `Morag ${Date.now().toString(36)}`;
    await registerCarer(page, carerName, { email: longEmail('morag') });
    await writePlan(page);
    await handOff(page, async () => {});
    await nothingScrollsSideways(page, ['/', '/ready/sections', '/ready/contact', '/ready/person', '/ready/check', '/ready/sent', '/sharing', '/sharing/change', '/sharing/withdraw']);
    await page.goto('/sharing/change');
    await expect(page.getByRole('heading', { level: 1, name: 'Change what is shared' })).toBeVisible();
    await checkA11y(page);

    // The first worker picks it up; their pages fit.
    await first.goto('/worker');
    await first.getByRole('button', { name: `Pick up the plan of ${carerName}` }).click();
    const overview = new URL(first.url()).pathname;
    expect(overview).toMatch(/^\/worker\/plan\//);
    await nothingScrollsSideways(first, ['/worker', '/worker/caseload', overview, `${overview}/about-me`, `${overview}/all`]);
    await first.goto('/worker/caseload');
    await expect(first.getByRole('link', { name: carerName })).toBeVisible();
    await checkA11y(first);

    // The manager sees the allocation (never the plan) and gives it to the second worker.
    await manager.goto('/manager/allocations');
    const row = manager.getByRole('row').filter({ hasText: carerName });
    await expect(row).toContainText('Fiona First');
    await expect(manager.getByText(ABOUT)).toHaveCount(0);
    await checkA11y(manager);
    await row.getByRole('link', { name: `Reallocate the plan of ${carerName}` }).click();
    await expect(manager.getByRole('heading', { level: 1, name: `Allocate ${carerName}'s plan` })).toBeVisible();
    await checkA11y(manager);
    const reallocate = new URL(manager.url()).pathname;
    await manager.getByRole('group', { name: 'Which worker?' }).getByLabel('Seonaidh Second').check();
    await manager.getByRole('button', { name: 'Allocate' }).click();
    await expect(manager).toHaveURL('/manager/allocations');
    await expect(manager.getByRole('row').filter({ hasText: carerName })).toContainText('Seonaidh Second');
    await nothingScrollsSideways(manager, ['/manager/allocations', reallocate, '/manager', '/worker']);

    // The carer sees who their worker is now; the first worker can no longer open the plan.
    await page.goto('/');
    await expect(page.locator('#plan-state')).toContainText('With Seonaidh Second');
    const gone = await first.goto(overview);
    expect(gone?.status()).toBe(403);
    await expect(first.getByText(ABOUT)).toHaveCount(0);

    // Deactivating the second worker signs them out at once and returns the plan to the queue.
    await manager.goto('/manager');
    await manager.getByRole('link', { name: 'Deactivate Seonaidh Second' }).click();
    await expect(manager.getByRole('heading', { level: 1, name: 'Deactivate Seonaidh Second?' })).toBeVisible();
    await checkA11y(manager);
    await nothingScrollsSideways(manager, [new URL(manager.url()).pathname]);
    await manager.getByRole('button', { name: 'Deactivate account' }).click();
    await expect(manager.getByRole('heading', { level: 1, name: 'Seonaidh Second is deactivated' })).toBeVisible();
    await checkA11y(manager);
    await second.goto('/worker');
    await expect(second).toHaveURL('/sign-in');
    await manager.goto('/worker');
    const back = manager.getByRole('row').filter({ hasText: carerName });
    await expect(back).toContainText('Reallocation needed');
    await checkA11y(manager);
  });
});
