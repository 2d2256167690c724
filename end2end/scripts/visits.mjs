// What the page-weight budget and the first-visit bench both need: the kind
// of each resource a page loads, and a carer signed in to visit as.

/** What kind of resource a response is, for the breakdown by type. */
export function kindOf(url, mimeType, type) {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm') || mimeType === 'application/wasm') return 'wasm';
  if (type === 'Document' || mimeType === 'text/html') return 'html';
  if (type === 'Stylesheet' || mimeType === 'text/css' || path.endsWith('.css')) return 'css';
  if (type === 'Script' || /javascript/.test(mimeType) || path.endsWith('.js')) return 'js';
  return 'other';
}

/** Registers a new carer called `name` through the form at `baseUrl`; returns their signed-in cookies. */
export async function registerCarer(browser, baseUrl, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/register`);
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  await page.getByLabel('What would you like us to call you?').fill(name);
  await page.getByLabel('Email address').fill(`${name.toLowerCase()}.${suffix}@example.com`);
  await page.getByLabel('Create a password').fill('kettle garden bicycle 42');
  await Promise.all([
    page.waitForURL(`${baseUrl}/`, { timeout: 30_000 }),
    page.getByRole('button', { name: 'Create account' }).click(),
  ]);
  const state = await context.storageState();
  await context.close();
  return state;
}
