/**
 * Deleting a carer's data, on a 360 px phone, with JavaScript on and off:
 * a plan never shared is deleted at once after the password (and sign-in no
 * longer works); a handed-off plan is deleted on request by a manager, after
 * which the worker's queue and caseload no longer show it.
 */
import type { Page } from '@playwright/test';
import { test, expect, uniqueEmail, registerCarer, radio, GOOD_PASSWORD } from './helpers';
import { HEALTH, staff, writePlan, handOff } from './journeys';

/** A draft this device keeps unsent, as autosave keeps one while offline. */
async function keepDraft(page: Page): Promise<void> {
  await page.evaluate(() => window.localStorage.setItem('carerspace:draft:about-me', 'unsent words'));
}

/** No session cookie, and (where scripts run to look) nothing of the site's in storage. */
async function expectBrowserForgotten(page: Page, javaScriptEnabled: boolean): Promise<void> {
  expect(await page.context().cookies()).toEqual([]);
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('carerspace:')))).toEqual([]);
  }
}

/**
 * The carer asked for deletion (which withdrew their consent as well): the
 * page says what they did, once, and never that they withdrew or that
 * "nobody else can see" their plan twice over.
 */
async function expectToldOnceTheyAsked(page: Page): Promise<void> {
  await expect(page.getByText(/You asked on \w+day \d+ \w+ 20\d\d for your plan to be deleted\./)).toHaveCount(1);
  await expect(page.getByText(/You withdrew your consent/)).toHaveCount(0);
  await expect(page.getByText('Nobody else can see your plan')).toHaveCount(0);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`deleting a plan, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 360, height: 740 } });

    test('a plan never shared is deleted at once, with the account, after the password', async ({ page, checkA11y }) => {
      const email = uniqueEmail('nell');
      await registerCarer(page, `Nell ${Date.now().toString(36)}`, { email });
      await writePlan(page);
      await page.goto('/');
      await page.getByRole('link', { name: 'Delete your plan' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Delete your plan' })).toBeVisible();
      await checkA11y(page);

      // Nothing chosen and a wrong password: told beside each, nothing deleted.
      await page.getByLabel('Your password').fill('not my password');
      await page.getByRole('button', { name: 'Delete now' }).click();
      await expect(page.getByRole('alert').first()).toContainText('Select what to delete');
      await checkA11y(page);
      await radio(page, 'What do you want to delete?', 'Delete my plan and my account').check();
      await page.getByLabel('Your password').fill('not my password');
      await page.getByRole('button', { name: 'Delete now' }).click();
      await expect(page.getByRole('alert').first()).toContainText('The password is not right');
      await page.goto('/plan/area/health');
      await expect(page.getByLabel('What is happening now?')).toHaveValue(HEALTH);

      await page.goto('/delete');
      // A draft kept on this device, as autosave keeps one while offline.
      if (javaScriptEnabled) await keepDraft(page);
      await radio(page, 'What do you want to delete?', 'Delete my plan and my account').check();
      await page.getByLabel('Your password').fill(GOOD_PASSWORD);
      await page.getByRole('button', { name: 'Delete now' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Your plan and your account have been deleted' })).toBeVisible();
      await checkA11y(page);
      // Signed out, nothing kept in the browser, and the account is gone.
      await expectBrowserForgotten(page, javaScriptEnabled);
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').first()).toContainText('The email address or password is not right');
    });

    test('a handed-off plan is deleted by a manager on request, and leaves the worker’s lists', async ({ page, newPage, checkA11y }) => {
      test.setTimeout(180_000);
      const manager = await newPage();
      const worker = await newPage();
      await staff(manager, [[`Dora ${javaScriptEnabled ? 'Scripted' : 'Plain'}`, worker]]);
      const carerName = `Morven ${Date.now().toString(36)}`;
      await registerCarer(page, carerName, { email: uniqueEmail('morven') });
      await writePlan(page);
      await handOff(page, async () => {});
      await worker.goto('/worker');
      await worker.getByRole('button', { name: `Pick up the plan of ${carerName}` }).click();
      await worker.goto('/worker/caseload');
      await expect(worker.getByText(carerName)).toBeVisible();

      // The carer asks: told what happens next and by when; every share is withdrawn.
      await page.goto('/');
      await page.getByRole('link', { name: 'Delete your plan' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Ask for your plan to be deleted' })).toBeVisible();
      await checkA11y(page);
      await page.getByRole('button', { name: 'Ask for my plan to be deleted' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'We have your request to delete your plan' })).toBeVisible();
      await expect(page.getByText(/We will delete it by \w+day \d+ \w+ 20\d\d/)).toBeVisible();
      await checkA11y(page);
      await page.goto('/sharing');
      await expect(page.getByRole('heading', { name: 'Your request to delete your plan' })).toBeVisible();
      await expectToldOnceTheyAsked(page);
      await expect(page.getByText(/Nobody at the carers’ centre can open your plan any more|Nobody at the carers' centre can open your plan any more/)).toHaveCount(1);
      await expect(page.getByText('We will delete everything we hold about you by')).toBeVisible();
      await expect(page.getByRole('link', { name: 'Share your plan with social work' })).toHaveCount(0);
      await checkA11y(page);

      // The manager holds it, then releases it and completes it.
      await manager.getByRole('link', { name: 'Requests to delete a plan' }).first().click();
      await expect(manager.getByRole('heading', { level: 1, name: 'Requests to delete a plan' })).toBeVisible();
      await checkA11y(manager);
      await manager.getByRole('link', { name: `Open the request of ${carerName}` }).click();
      await checkA11y(manager);
      await manager.getByRole('button', { name: 'Put on hold' }).click();
      await expect(manager.getByRole('alert').first()).toContainText('Select why the plan must be kept');
      await checkA11y(manager);
      await radio(manager, 'Why must it be kept?', 'An adult protection concern is open').check();
      await manager.getByLabel('The reason, for the record').fill('Adult protection inquiry opened this week');
      const review = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await manager.getByLabel('Date to look at the hold again').fill(review);
      await manager.getByRole('button', { name: 'Put on hold' }).click();
      await expect(manager.getByRole('heading', { level: 1, name: `${carerName}'s plan is on hold` })).toBeVisible();
      await page.goto('/sharing');
      await expect(page.getByText('Your plan is being kept for now.')).toBeVisible();
      await expect(page.getByText('Adult protection inquiry opened this week')).toHaveCount(0);
      await expectToldOnceTheyAsked(page);
      await checkA11y(page);

      await manager.getByRole('link', { name: 'Back to requests to delete a plan' }).click();
      await manager.getByRole('link', { name: `Open the request of ${carerName}` }).click();
      await expect(manager.getByRole('button', { name: `Delete everything about ${carerName}` })).toHaveCount(0);
      await manager.getByRole('button', { name: 'Release the hold' }).click();
      // The carer looks once the release is done, not while it is on its way.
      await expect(manager.getByRole('link', { name: 'Go back to the request' })).toBeVisible();

      // The carer is told the hold has ended, and by when the plan will be deleted.
      await page.goto('/');
      const news = page.getByRole('region', { name: 'Your request to delete your plan' });
      await expect(news).toContainText(/That ended on \w+day \d+ \w+ 20\d\d, so we will delete everything we hold about you by \w+day \d+ \w+ 20\d\d\./);
      await expectToldOnceTheyAsked(page);
      await checkA11y(page);
      await news.getByRole('link', { name: 'See what happens next' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Deleting your plan' })).toBeVisible();
      await expect(page.getByText(/That ended on/)).toHaveCount(1);
      await checkA11y(page);
      await page.goto('/sharing');
      await expect(page.getByText(/That ended on/)).toHaveCount(1);
      await expect(page.getByText('Your plan is being kept for now.')).toHaveCount(0);
      await expectToldOnceTheyAsked(page);

      await manager.getByRole('link', { name: 'Go back to the request' }).click();
      // A draft the carer's phone still keeps, unsent.
      if (javaScriptEnabled) await keepDraft(page);
      await manager.getByRole('button', { name: `Delete everything about ${carerName}` }).click();
      await expect(manager.getByRole('heading', { level: 1, name: 'The plan has been deleted' })).toBeVisible();
      await checkA11y(manager);

      // Gone from the worker's queue and caseload; the carer is signed out.
      for (const list of ['/worker', '/worker/caseload']) {
        await worker.goto(list);
        await expect(worker.getByText(carerName)).toHaveCount(0);
      }
      // The carer's phone is signed out and forgets what it kept.
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1, name: `Hello, ${carerName}` })).toHaveCount(0);
      await expectBrowserForgotten(page, javaScriptEnabled);
    });
  });
}
