/**
 * The steps several browser journeys share: staff accounts, a carer's
 * plan written a page at a time, and "I'm ready to talk to someone".
 */
import type { Page } from '@playwright/test';
import { expect, uniqueEmail, longEmail, GOOD_PASSWORD, createManager, radio, registerCarer } from './helpers';

export const HEALTH = 'I have not slept a full night since spring';
export const ABOUT = 'I will keep going but I need a rest';
export const BREAKS = 'A weekend away at my sister';
export const NOTES = 'Talked about sleep; a sitting service two nights a week';
export const NEEDS = 'Regular nights off';
export const ACTION = 'Find a sitting service for Tuesday nights';

/** Sets a password from a one-time link in `page`. */
export async function setPassword(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Create a password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
}

/** A manager (signed in on `manager`) and workers, each signed in on their own page. */
export async function staff(manager: Page, workers: [string, Page][]): Promise<void> {
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
export async function writePlan(page: Page): Promise<void> {
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
export async function handOff(page: Page, checkA11y: (p: Page) => Promise<void>): Promise<void> {
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

/**
 * A carer (on `page`) writes a plan and hands it off; the worker (on
 * `worker`) picks it up and opens Health and wellbeing. The plan's
 * overview address, for coming back to it.
 */
export async function workerOpensHealth(page: Page, worker: Page, carerName: string): Promise<string> {
  await registerCarer(page, carerName, { email: uniqueEmail('cara') });
  await writePlan(page);
  await handOff(page, async () => {});
  await worker.goto('/worker');
  await worker.getByRole('button', { name: `Pick up the plan of ${carerName}` }).click();
  await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan` })).toBeVisible();
  const overview = new URL(worker.url()).pathname;
  await worker.getByRole('link', { name: 'Health and wellbeing' }).click();
  await expect(worker.getByText(HEALTH)).toBeVisible();
  return overview;
}
