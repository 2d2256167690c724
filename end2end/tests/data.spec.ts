/**
 * "Download all your data", with JavaScript on and off: one link on the
 * carer's home page gives a file holding what they wrote.
 */
import { readFile } from 'node:fs/promises';
import { test, expect, uniqueEmail, registerCarer } from './helpers';
import { ABOUT, HEALTH, writePlan } from './journeys';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`download my data, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 360, height: 740 } });

    test('the file holds everything the carer wrote', async ({ page, checkA11y }) => {
      const email = uniqueEmail('dana');
      await registerCarer(page, `Dana ${Date.now().toString(36)}`, { email });
      await writePlan(page);
      await page.goto('/');
      await checkA11y(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download all your data' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('my-carerspace-data.json');
      const data = JSON.parse(await readFile(await download.path(), 'utf8'));
      expect(data.format).toBe('carerspace-my-data');
      expect(data.account.email).toBe(email);
      const text = JSON.stringify(data);
      expect(text).toContain(HEALTH);
      expect(text).toContain(ABOUT);
    });
  });
}
