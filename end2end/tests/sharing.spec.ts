/**
 * Consent and hand-off, on a 360 px phone, with JavaScript on and off:
 * a carer shares two of three filled sections, a worker picks the plan up
 * and reads those two (a URL for the third is refused), the carer
 * withdraws, the worker's next click shows the withdrawn notice, and the
 * carer's "who has seen your plan" lists the worker's views. Two workers
 * racing to pick up one plan: exactly one wins.
 */
import type { Page } from '@playwright/test';
import { test, expect, uniqueEmail, longEmail, nothingScrollsSideways, registerCarer, radio } from './helpers';
import { HEALTH, ABOUT, BREAKS, NOTES, NEEDS, ACTION, staff, writePlan, handOff } from './journeys';

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

test.describe('a long history, without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  /** Changes what is shared through the server function, as the page would, `times` times. */
  async function changeSharing(page: Page, times: number): Promise<void> {
    for (let n = 0; n < times; n++) {
      const view = await (await page.request.post('/api/sharing', { data: {} })).json();
      const share = view.shares.find((s: { withdrawn_at: string | null }) => s.withdrawn_at === null);
      const sections = n % 2 === 0 ? ['area-health'] : ['about-me', 'area-health'];
      const res = await page.request.post('/api/sharing/change', { data: { share_id: share.share_id, sequence: share.sequence, sections } });
      expect(res.ok()).toBeTruthy();
    }
  }

  test('the Sharing page shows the newest changes with a link to older ones, and a day has a limit', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Iseabail', { email: uniqueEmail('iseabail') });
    await writePlan(page);
    await handOff(page, checkA11y);
    await changeSharing(page, 20);

    await page.goto('/sharing');
    const receipts = page.getByRole('link', { name: /^Receipt for / });
    await expect(receipts).toHaveCount(20);
    await expect(receipts.first()).toHaveAccessibleName(/^Receipt for What is shared changed/);
    await checkA11y(page);
    await page.getByRole('link', { name: 'Older changes' }).click();
    await expect(receipts).toHaveCount(1);
    await expect(receipts.first()).toHaveAccessibleName(/^Receipt for Consent given/);
    await expect(page.getByRole('link', { name: 'Older changes' })).toHaveCount(0);
    await checkA11y(page);
    await page.getByRole('link', { name: 'Newest changes' }).click();
    await expect(receipts).toHaveCount(20);

    // Thirty gifts or changes in a day; the next waits, and says so.
    await changeSharing(page, 9);
    await page.goto('/sharing/change');
    await page.getByRole('group', { name: 'Which parts can a worker see?' }).getByLabel('About me and my caring role').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const summary = page.getByRole('alert');
    await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(summary).toContainText('You have changed what you share 30 times in the last 24 hours.');
    await expect(summary).toContainText('You can still withdraw your consent at any time.');
    await checkA11y(page);

    // Withdrawing is never limited.
    await page.goto('/sharing/withdraw');
    await page.getByRole('button', { name: 'Withdraw consent' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'You have withdrawn your consent' })).toBeVisible();
  });
});
