/**
 * A worker who loses a plan while its page is open: the carer withdraws,
 * or a manager moves the plan to someone else. With JavaScript on, the
 * next save says why at once, is never tried again, and the carer's words
 * leave the screen and the worker's browser. With JavaScript off, "Save"
 * says the same. And "Exit this page" works while the idle warning is open.
 */
import type { Page } from '@playwright/test';
import { test, expect, forgiveProblems, registerCarer, saveStatus, waitForAutosave, waitForIdleWatch } from './helpers';
import { HEALTH, staff, workerOpensHealth } from './journeys';

/** The worker's drafts kept in their browser. */
async function drafts(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('carerspace:draft:')));
}

test('the carer withdraws while the worker writes: told at once, never retried, and the plan leaves the page', async ({ page, newPage, checkA11y, browserProblems }) => {
  const manager = await newPage();
  const worker = await newPage();
  await staff(manager, [[`Wren Writer ${Date.now().toString(36)}`, worker]]);
  await worker.clock.install();
  await workerOpensHealth(page, worker, `Cara ${Date.now().toString(36)}`);
  await waitForAutosave(worker);
  const notes = worker.getByLabel('Your notes of the conversation');
  await notes.fill('Talked about sleep');
  await notes.blur();
  await expect(saveStatus(worker)).toHaveText('Saved');

  await page.goto('/sharing/withdraw');
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You have withdrawn your consent' })).toBeVisible();

  let attempts = 0;
  worker.on('request', (r) => {
    if (r.url().endsWith('/api/worker/answers')) attempts += 1;
  });
  await notes.fill('Talked about sleep and nights off');
  await notes.blur();
  await expect(saveStatus(worker)).toHaveText(
    'The carer has withdrawn consent. You can no longer see any part of their plan. What you typed was not saved, and the plan has been taken off this page.',
  );
  await expect(worker.getByText(HEALTH)).toHaveCount(0);
  await expect(worker.getByLabel('Your notes of the conversation')).toHaveCount(0);
  expect(await drafts(worker), 'nothing of the plan is kept in the browser').toEqual([]);
  await worker.clock.runFor(60_000);
  expect(attempts, 'a refusal that waiting cannot change is not retried').toBe(1);
  await checkA11y(worker);
  forgiveProblems(browserProblems, /status of 403 .*\/api\/worker\/answers/);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a plan moved to another worker, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('the worker who had it is told it was moved, never to whom, and the plan leaves the page', async ({ page, newPage, checkA11y, browserProblems }) => {
      test.setTimeout(120_000);
      const manager = await newPage();
      const [first, second] = [await newPage(), await newPage()];
      // Names no other test gives a worker, so the manager's list has one of each.
      const tag = Date.now().toString(36);
      const [firstName, secondName] = [`Fiona Before ${tag}`, `Isla After ${tag}`];
      await staff(manager, [[firstName, first], [secondName, second]]);
      const carerName = `Morag ${Date.now().toString(36)}`;
      const overview = await workerOpensHealth(page, first, carerName);
      if (javaScriptEnabled) await waitForAutosave(first);

      await manager.goto('/manager/allocations');
      await manager.getByRole('row').filter({ hasText: carerName }).getByRole('link', { name: `Reallocate the plan of ${carerName}` }).click();
      await manager.getByRole('group', { name: 'Which worker?' }).getByLabel(secondName, { exact: true }).check();
      await manager.getByRole('button', { name: 'Allocate' }).click();
      await expect(manager).toHaveURL('/manager/allocations');

      const notes = first.getByLabel('Your notes of the conversation');
      await notes.fill('Talked about sleep');
      if (javaScriptEnabled) {
        await notes.blur();
        await expect(saveStatus(first)).toHaveText(
          'This plan is no longer allocated to you: a manager has moved it. What you typed was not saved, and the plan has been taken off this page.',
        );
        await expect(first.getByText(HEALTH)).toHaveCount(0);
        expect(await drafts(first)).toEqual([]);
        forgiveProblems(browserProblems, /status of 403 .*\/api\/worker\/answers/);
      } else {
        await first.getByRole('button', { name: 'Save', exact: true }).click();
        await expect(first.getByRole('heading', { level: 1, name: 'This plan has been moved' })).toBeVisible();
        await expect(first.getByText(HEALTH)).toHaveCount(0);
      }
      await checkA11y(first);
      // Every page of it says the same, and never who has it now.
      const res = await first.goto(overview);
      expect(res?.status()).toBe(403);
      await expect(first.getByRole('heading', { level: 1, name: 'This plan has been moved' })).toBeVisible();
      await expect(first.getByText(secondName)).toHaveCount(0);
      await expect(first.getByText('Isla After')).toHaveCount(0);
      forgiveProblems(browserProblems, /status of 403/);
    });
  });
}

test('while the idle warning is open, "Exit this page" and pressing Shift three times still leave at once', async ({ page, checkA11y }) => {
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ body: '<title>Weather</title>', contentType: 'text/html' }));
  await registerCarer(page, 'Sine');
  await page.clock.install();
  const warning = page.getByRole('dialog', { name: 'You will be signed out soon' });
  for (const how of ['button', 'Shift'] as const) {
    await page.goto('/plan/area/health');
    await waitForAutosave(page);
    await waitForIdleWatch(page);
    await page.clock.runFor('28:05');
    await expect(warning).toBeVisible();
    if (how === 'button') {
      await checkA11y(page);
      await warning.getByRole('link', { name: 'Exit this page' }).click();
    } else {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    }
    await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
    await expect(page).toHaveTitle('Weather');
  }
});
