/**
 * Staff accounts: the first manager is made with the server's own command,
 * sets a password from the one-time link, and adds a carer support worker,
 * who sets theirs from a second link. Each link works once.
 */
import { test, expect, uniqueEmail, GOOD_PASSWORD, createManager } from './helpers';

test('a manager sets up their account and adds a carer support worker', async ({ page, newPage, checkA11y }) => {
  const managerEmail = uniqueEmail('morag');
  const managerLink = createManager('Morag Manager', managerEmail);
  expect(managerLink).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${process.env.E2E_PORT || '3100'}/set-password\\?token=`));

  // The manager opens their link and sets a password.
  await page.goto(managerLink);
  await expect(page.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await checkA11y(page);
  await page.getByLabel('Create a password').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();

  await expect(page).toHaveURL('/manager');
  await expect(page.getByRole('heading', { level: 1, name: 'Staff accounts' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Morag Manager');
  // Staff pages have no quick exit: that is for carers.
  await expect(page.getByRole('link', { name: 'Exit this page' })).toHaveCount(0);
  const table = page.getByRole('table', { name: 'Staff accounts' });
  await expect(table.getByRole('row').filter({ hasText: managerEmail })).toContainText('Manager');
  await checkA11y(page);

  // The manager adds a worker.
  const workerName = 'Wendy Worker';
  const workerEmail = uniqueEmail('wendy');
  await expect(page.getByRole('heading', { level: 2, name: 'Add a staff account' })).toBeVisible();
  await page.getByLabel('Full name').fill(workerName);
  await page.getByLabel('Work email address').fill(workerEmail);
  const role = page.getByRole('group', { name: 'Role' });
  await role.getByLabel('Carer support worker').check();
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL('/manager');
  const created = page.getByRole('region', { name: 'Account created' });
  await expect(created).toBeVisible();
  await expect(created).toContainText(workerName);
  const workerLink = (await created.locator('code.one-time-link').textContent())?.trim() ?? '';
  expect(workerLink).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${process.env.E2E_PORT || '3100'}/set-password\\?token=`));
  await expect(table.getByRole('row').filter({ hasText: workerEmail })).toContainText('Worker');
  // The form is empty again for the next one.
  await expect(page.getByLabel('Full name')).toHaveValue('');
  await checkA11y(page);

  // The worker opens their link on their own computer.
  const worker = await newPage();
  await worker.goto(workerLink);
  await expect(worker.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await checkA11y(worker);
  await worker.getByLabel('Create a password').fill('another good password 7');
  await worker.getByRole('button', { name: 'Set password and sign in' }).click();

  await expect(worker).toHaveURL('/worker');
  await expect(worker.getByRole('heading', { level: 1, name: 'Plans waiting for a worker' })).toBeVisible();
  await expect(worker.getByRole('banner')).toContainText(workerName);
  await checkA11y(worker);

  // A worker may not manage staff.
  const refused = await worker.goto('/manager');
  expect(refused?.status()).toBe(403);
  await expect(worker.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
  await checkA11y(worker);

  // Each link works only once.
  const again = await newPage();
  await again.goto(workerLink);
  await expect(again.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible();
  await expect(again.getByLabel('Create a password')).toHaveCount(0);
  await checkA11y(again);

  await again.goto(managerLink);
  await expect(again.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible();
});
