/**
 * The whole registration with JavaScript turned off: the server checks the
 * form, keeps what was typed, and says what to fix.
 */
import { test, expect, uniqueEmail, GOOD_PASSWORD, fillRegistration, registerCarer, endSession } from './helpers';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a carer registers after first choosing a password that is too short', async ({ page, checkA11y }) => {
    const name = 'Eilidh';
    const email = uniqueEmail('eilidh');

    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Plan the support you need as a carer' })).toBeVisible();
    await checkA11y(page);
    await page.getByRole('button', { name: 'Create an account' }).click();

    await expect(page).toHaveURL('/register');
    await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Exit this page' })).toBeVisible();
    await checkA11y(page);

    // First attempt: the server refuses the short password.
    await fillRegistration(page, name, email, 'too short');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL('/register');
    const summary = page.getByRole('alert');
    await expect(summary).toBeVisible();
    await expect(summary).toHaveAttribute('id', 'server-error-summary');
    await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(summary.getByRole('link', { name: 'Password must be 10 characters or more' })).toHaveAttribute('href', '#password');
    await expect(page.locator('#password-error')).toContainText('Password must be 10 characters or more');
    await expect(page.getByLabel('Create a password')).toHaveAttribute('aria-invalid', 'true');
    // What was typed is kept (but never the password).
    await expect(page.getByLabel('What would you like us to call you?')).toHaveValue(name);
    await expect(page.getByLabel('Email address')).toHaveValue(email);
    await expect(page.getByLabel('Create a password')).toHaveValue('');
    await checkA11y(page);

    // Second attempt succeeds.
    await page.getByLabel('Create a password').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'What you can do next' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText(name);
    await checkA11y(page);

    // Signing out and in again works without JavaScript too.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/signed-out');
    await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
    await checkA11y(page);

    await page.getByRole('link', { name: 'Sign in again' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await checkA11y(page);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
  });

  test('answers sent after the time-out are saved once the carer signs in again', async ({ page, checkA11y }) => {
    const email = await registerCarer(page, 'Mhairi');
    await page.goto('/plan/area/health');
    await page.getByLabel('What is happening now?').fill('Mum had a bad night again');
    // The page is left open past the idle limit; then the carer carries on.
    await endSession(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page).toHaveURL('/plan/area/health');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('You were signed out because you had not used CarerSpace for 30 minutes. Sign in and your answers will be saved.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in without these answers' })).toBeVisible();
    await checkA11y(page);

    // A mistyped password loses nothing either.
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not my password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(page.getByText('Sign in and your answers will be saved.')).toBeVisible();
    await checkA11y(page);

    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL('/plan/area/relationships');
    await expect(page.getByRole('banner')).toContainText('Mhairi');
    await page.goto('/plan/area/health');
    await expect(page.getByLabel('What is happening now?')).toHaveValue('Mum had a bad night again');
  });
});
