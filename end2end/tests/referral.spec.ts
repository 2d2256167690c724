/**
 * Referral to social work, on a 360 px phone, with JavaScript on and off:
 * refused with a clear message until the carer shares with social work;
 * then the package holds exactly the parts they share; once the carer
 * withdraws, nobody can open it.
 */
import { test, expect, uniqueEmail, nothingScrollsSideways, registerCarer } from './helpers';
import { ABOUT, HEALTH, staff, writePlan, handOff } from './journeys';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`referral on a phone, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 360, height: 740 } });

    test('a referral needs the carer’s share to social work, holds exactly it, and closes when they withdraw', async ({ page, newPage, checkA11y }) => {
      test.setTimeout(180_000);
      const manager = await newPage();
      const worker = await newPage();
      await staff(manager, [[`Rhona ${javaScriptEnabled ? 'Scripted' : 'Plain'}`, worker]]);
      const carerName = `Isla ${Date.now().toString(36)}`;
      await registerCarer(page, carerName, { email: uniqueEmail('isla') });
      await writePlan(page);
      await handOff(page, async () => {});

      // Without the carer's agreement, the referral is refused and says why.
      await worker.goto('/worker');
      await worker.getByRole('button', { name: `Pick up the plan of ${carerName}` }).click();
      await worker.getByRole('link', { name: 'Refer to social work' }).click();
      await expect(worker.getByRole('heading', { level: 1, name: 'Refer to social work' })).toBeVisible();
      await checkA11y(worker);
      const refer = new URL(worker.url()).pathname;
      const parts = worker.getByRole('group', { name: 'Which parts of the plan do you want to refer?' });
      await parts.getByLabel('Health and wellbeing').check();
      await worker.getByRole('button', { name: 'Make the referral' }).click();
      await expect(worker.getByRole('alert').first()).toContainText('has not agreed to share their plan with social work');
      await checkA11y(worker);

      // The carer shares Health and wellbeing with social work.
      await page.goto('/sharing');
      await page.getByRole('link', { name: 'Share your plan with social work' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Share your plan with social work' })).toBeVisible();
      await checkA11y(page);
      await page.getByRole('group', { name: 'Which parts may your worker send to social work?' }).getByLabel('Health and wellbeing').check();
      await page.getByRole('button', { name: 'Agree and share with social work' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'You now share your plan with social work' })).toBeVisible();
      await checkA11y(page);

      // A part outside that share is named and refused; the share's own part goes.
      await worker.goto(refer);
      await parts.getByLabel('About me and my caring role').check();
      await parts.getByLabel('Health and wellbeing').check();
      await worker.getByRole('button', { name: 'Make the referral' }).click();
      await expect(worker.getByRole('alert').first()).toContainText('has not agreed to share these parts with social work: About me and my caring role');
      await parts.getByLabel('About me and my caring role').uncheck();
      await worker.getByRole('button', { name: 'Make the referral' }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `Referral to social work: ${carerName}` })).toBeVisible();
      await expect(worker.getByText(HEALTH)).toBeVisible();
      await expect(worker.getByText(ABOUT)).toHaveCount(0);
      await checkA11y(worker);
      const packagePage = new URL(worker.url()).pathname;
      const href = await worker.getByRole('link', { name: 'Download as a JSON file' }).getAttribute('href');
      const file = await (await worker.request.get(href ?? '')).json();
      expect(file.sections.map((s: { id: string }) => s.id)).toEqual(['area-health']);
      expect(JSON.stringify(file)).toContain(HEALTH);
      expect(JSON.stringify(file)).not.toContain(ABOUT);
      await nothingScrollsSideways(worker, [refer, packagePage]);

      // The carer sees the referral, then withdraws consent to social work.
      await page.goto('/sharing');
      await expect(page.getByText('Made with your consent')).toBeVisible();
      await checkA11y(page);
      await page.getByRole('link', { name: 'Withdraw consent to share with social work' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Sharing with social work' })).toBeVisible();
      await checkA11y(page);
      await page.getByRole('button', { name: 'Withdraw consent to share with social work' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'You have withdrawn your consent to share with social work' })).toBeVisible();
      await checkA11y(page);
      await nothingScrollsSideways(page, ['/sharing', '/sharing/social-work']);

      // Nobody can open the package any more: not the page, not the file.
      const refused = await worker.goto(packagePage);
      expect(refused?.status()).toBe(403);
      await expect(worker.getByText(HEALTH)).toHaveCount(0);
      const gone = await worker.request.get(href ?? '');
      expect(gone.status()).toBe(403);
      expect(await gone.text()).not.toContain(HEALTH);
    });
  });
}

test.describe('a legal reason and the managers’ pages, on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a legal-reason referral needs a real justification; the carer and managers see it; managers read the figures', async ({ page, newPage, checkA11y }) => {
    test.setTimeout(180_000);
    const manager = await newPage();
    const worker = await newPage();
    await staff(manager, [['Lorna Legal', worker]]);
    const carerName = `Mairi ${Date.now().toString(36)}`;
    await registerCarer(page, carerName, { email: uniqueEmail('mairi') });
    await writePlan(page);
    await handOff(page, async () => {});

    await worker.goto('/worker');
    await worker.getByRole('button', { name: `Pick up the plan of ${carerName}` }).click();
    await worker.getByRole('link', { name: 'Refer to social work' }).click();
    await worker.getByRole('group', { name: 'Which parts of the plan do you want to refer?' }).getByLabel('About me and my caring role').check();
    await worker.getByText('There is a legal reason to refer without consent').click();
    await worker.getByLabel('I am referring without consent because of a risk of serious harm').check();
    const reason = worker.getByLabel("What is the risk, and why can it not wait for the carer's consent?");
    await reason.fill('She is at risk.');
    await worker.getByRole('button', { name: 'Make the referral' }).click();
    await expect(worker.getByRole('alert').first()).toContainText('at least 100 characters');
    await expect(reason).toHaveValue('She is at risk.');
    await checkA11y(worker);
    const why = 'She told me her son hit her last night and that she is afraid to go home this evening; she cannot wait for a meeting.';
    await reason.fill(why);
    await worker.getByRole('button', { name: 'Make the referral' }).click();
    await expect(worker.getByRole('heading', { level: 1, name: `Referral to social work: ${carerName}` })).toBeVisible();
    await expect(worker.getByText(`Without the carer's consent, for a legal reason: ${why}`)).toBeVisible();
    await expect(worker.getByText(ABOUT)).toBeVisible();

    // The carer is shown it, with the reason, and in who has seen their plan.
    await page.goto('/sharing');
    await expect(page.getByText('Made without your consent')).toBeVisible();
    await expect(page.getByText(why)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Everyone who opened your plan, newest first' })).toContainText('for a legal reason');

    // Managers list it, and read the figures: a chart, the table behind it, and a CSV file.
    await manager.goto('/manager/referrals');
    await expect(manager.getByRole('heading', { level: 1, name: 'Referrals made for a legal reason' })).toBeVisible();
    await expect(manager.getByText(why)).toBeVisible();
    await checkA11y(manager);
    await manager.getByRole('link', { name: 'Figures' }).click();
    await expect(manager.getByRole('heading', { level: 1, name: 'Figures' })).toBeVisible();
    await expect(manager.getByRole('img', { name: 'Plans handed off and agreed each month' })).toBeVisible();
    const table = manager.getByRole('table', { name: 'Figures by month, oldest first' });
    await expect(table.getByRole('row')).toHaveCount(13);
    await checkA11y(manager);
    const csv = await manager.request.get('/manager/figures.csv');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('month,plans started,handed off');
    expect(await csv.text()).not.toContain(carerName);
    await nothingScrollsSideways(manager, ['/manager/referrals', '/manager/figures']);
  });
});
