/**
 * What carers met with the autosave, each checked as a carer would meet it:
 * a reload (or lost signal) while a save is on its way, typing before the
 * page's script has arrived, signing out with an answer unsent, the status
 * and the conflict choice beside the field, a refusal that will never
 * succeed, fixing a field error without the page jumping, and the warning
 * before an idle session ends.
 */
import { test, expect, GOOD_PASSWORD, radio, registerCarer, saveStatus, waitForAutosave, waitForIdleWatch } from './helpers';
import type { Locator, Page, Request, Route } from '@playwright/test';

type CheckA11y = (page?: Page) => Promise<void>;

const SAVED = 'Saved';
const CONFLICT =
  'These answers were changed somewhere else (another device or tab) since you opened this page. Nothing you typed here has been lost.';

async function openPlanPage(page: Page, url: string, heading: string, checkA11y: CheckA11y): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await waitForAutosave(page);
  await checkA11y(page);
}

async function drafts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('carerspace:draft:'))
        .map((k) => [k, localStorage.getItem(k) ?? '']),
    ),
  );
}

/** Records every wording the status line ever shows on pages opened after this. */
async function recordStatuses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-autosave] [role="status"]')?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

async function statusesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
}

/** What a fresh page rendered by the server alone shows in a field. */
async function storedValue(page: Page, url: string, label: string): Promise<string> {
  const context = await page.context().browser()!.newContext({
    baseURL: new URL(page.url()).origin,
    javaScriptEnabled: false,
    locale: 'en-GB',
    storageState: await page.context().storageState(),
  });
  try {
    const fresh = await context.newPage();
    await fresh.goto(url);
    return await fresh.getByLabel(label).inputValue();
  } finally {
    await context.close();
  }
}

/** Vertical distance from the bottom of `field` to the top of the status. */
async function gapToStatus(page: Page, field: Locator): Promise<number> {
  const f = (await field.boundingBox())!;
  const s = (await saveStatus(page).boundingBox())!;
  return s.y - (f.y + f.height);
}

/**
 * Chromium logs an autosave that cannot leave the machine while offline as
 * a failed resource load; those (and only those) are expected here.
 */
function forgiveOfflineSaves(problems: string[]): void {
  forgive(problems, /Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(http:\/\/[^/]+\/api\/plan\/answers:\d+\)$/);
}

function forgive(problems: string[], expected: RegExp): void {
  for (let i = problems.length - 1; i >= 0; i--) {
    if (expected.test(problems[i])) problems.splice(i, 1);
  }
}

test.describe('one carer on one device', () => {
  test('a save still on its way when the page reloads is not mistaken for another device', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Aileas');
    await recordStatuses(page);
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);

    // The first save leaves, but is held on the way; the page reloads; the
    // server renders the reloaded page before the held save lands. Then it
    // lands, and the reloaded page's own save follows it.
    let held: { body: string; headers: Record<string, string> } | undefined;
    let release: () => Promise<void> = async () => {};
    await page.route('**/api/plan/answers', async (route: Route, request: Request) => {
      if (!held) {
        held = { body: request.postData() ?? '', headers: await request.allHeaders() };
        release = async () => {
          const late = await page.request.post(request.url(), { data: held!.body, headers: { 'content-type': held!.headers['content-type'], origin: held!.headers['origin'] ?? new URL(page.url()).origin } });
          expect(late.ok(), 'the late save itself was applied').toBeTruthy();
        };
        return; // never answered: the page goes away first
      }
      await release();
      release = async () => {};
      await route.continue();
    });

    await page.getByLabel('What is happening now?').fill('Up three times a night');
    await radio(page, 'How much does caring affect this part of your life?', 'Substantial impact').check();
    await page.getByLabel('What is happening now?').blur();
    await expect.poll(() => held !== undefined).toBeTruthy();
    await page.reload();
    await waitForAutosave(page);

    await expect(saveStatus(page)).toHaveText(SAVED);
    await expect(page.getByLabel('What is happening now?')).toHaveValue('Up three times a night');
    await expect(radio(page, 'How much does caring affect this part of your life?', 'Substantial impact')).toBeChecked();
    await page.getByLabel('What matters to you?').fill('Sleep');
    await page.getByLabel('What matters to you?').blur();
    await expect(saveStatus(page)).toHaveText(SAVED);
    expect(await statusesSeen(page)).not.toContain(CONFLICT);
    await checkA11y(page);

    // "Save and continue" goes through, with no warning either.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/area/relationships');
    await expect(page.getByRole('heading', { name: 'These answers were changed somewhere else' })).toHaveCount(0);
    expect(await storedValue(page, '/plan/area/health', 'What matters to you?')).toBe('Sleep');
  });

  test('"Save and continue" straight after a reload is not refused', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Beathag');
    await openPlanPage(page, '/plan/breaks', 'Breaks from caring', checkA11y);
    // As above: the first save is held on its way and lands only after the
    // reloaded page was rendered, just before that page's own first save.
    let held: { url: string; body: string; type: string } | undefined;
    await page.route('**/api/plan/answers', async (route: Route, request: Request) => {
      if (!held) {
        held = { url: request.url(), body: request.postData() ?? '', type: (await request.allHeaders())['content-type'] };
        return; // never answered: the page goes away first
      }
      if (held.body) {
        const late = await page.request.post(held.url, { data: held.body, headers: { 'content-type': held.type, origin: new URL(page.url()).origin } });
        expect(late.ok(), 'the late save itself was applied').toBeTruthy();
        held.body = '';
      }
      await route.continue();
    });
    await page.getByLabel('What kind of break would help?').fill('A weekend away');
    await radio(page, 'Have you finished this section?', 'Yes, I have finished this section').check();
    await expect.poll(() => held !== undefined).toBeTruthy();
    await page.reload();
    await waitForAutosave(page);

    // The carer selects the button at once.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL('/plan/review');
    await expect(page.getByRole('heading', { name: 'These answers were changed somewhere else' })).toHaveCount(0);
    expect(await storedValue(page, '/plan/breaks', 'What kind of break would help?')).toBe('A weekend away');
  });
});

test('answers typed before the page\'s script arrives are saved', async ({ page, checkA11y }) => {
  await registerCarer(page, 'Ciorstaidh');
  // A slow connection: the page's script is held back for 6 seconds.
  await page.route(/\/pkg\/.*\.(wasm|js)(\.br|\.gz)?$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await route.continue();
  });
  await recordStatuses(page);
  await page.goto('/plan/area/finance', { waitUntil: 'domcontentloaded' });
  await expect(page.locator('[data-autosave]')).toHaveAttribute('data-autosave', 'server');
  await page.getByLabel('What is happening now?').fill('Typed while the page was still loading');
  await radio(page, 'How much does caring affect this part of your life?', 'Low impact').check();

  await waitForAutosave(page);
  await expect(saveStatus(page)).toHaveText(SAVED);
  expect(await drafts(page)).toEqual({});
  await checkA11y(page);
  expect(await storedValue(page, '/plan/area/finance', 'What is happening now?')).toBe('Typed while the page was still loading');
});

test.describe('signing out', () => {
  test('an answer still waiting to be sent is sent first', async ({ page }) => {
    const email = await registerCarer(page, 'Dolina');
    await page.goto('/plan/emergency');
    await waitForAutosave(page);
    // A slow connection: each save takes a second and a half to arrive.
    await page.route('**/api/plan/answers', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue().catch(() => undefined); // the page may have gone
    });
    await page.getByLabel('Key contacts').fill('My cousin Seonag');
    // Straight away, before the pause in typing that would send it.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/signed-out');

    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL('/');
    await page.goto('/plan/emergency');
    await expect(page.getByLabel('Key contacts')).toHaveValue('My cousin Seonag');
  });

  test('if it cannot be sent, the carer is told and can stay signed in', async ({ page, checkA11y, browserProblems }) => {
    await registerCarer(page, 'Ealasaid');
    await page.goto('/plan/emergency');
    await waitForAutosave(page);
    await page.context().setOffline(true);
    await page.getByLabel('Key contacts').fill('Written on the train');
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();

    await expect(saveStatus(page)).toHaveText(
      'Your latest answers have not been saved yet. If you sign out now, they will be removed from this device.',
    );
    const stay = page.getByRole('button', { name: 'Stay signed in' });
    await expect(stay).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out anyway' })).toBeVisible();
    await expect(page).toHaveURL('/plan/emergency');
    await expect(page.getByLabel('Key contacts')).toHaveValue('Written on the train');
    await checkA11y(page);

    await page.context().setOffline(false);
    await stay.click();
    await expect(saveStatus(page)).toHaveText(SAVED);
    await expect(stay).toBeHidden();
    expect(await storedValue(page, '/plan/emergency', 'Key contacts')).toBe('Written on the train');
    forgiveOfflineSaves(browserProblems);
  });
});

test.describe('on a small phone (360 × 740)', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the save status is shown beside the field being saved', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Fionnghal');
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);
    const now = page.getByLabel('What is happening now?');
    await now.fill('Back pain');
    await expect(saveStatus(page)).toHaveText(SAVED);
    await expect(saveStatus(page)).toHaveAttribute('aria-live', 'polite');
    const gap = await gapToStatus(page, now);
    expect(gap, `the status is ${gap}px below the box typed in`).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(60);

    // Further down the page, it follows.
    const wouldHelp = page.getByLabel('What would help?');
    await wouldHelp.fill('A night off');
    await expect(saveStatus(page)).toHaveText(SAVED);
    const gap2 = await gapToStatus(page, wouldHelp);
    expect(gap2).toBeGreaterThanOrEqual(0);
    expect(gap2).toBeLessThan(60);
    await checkA11y(page);
  });

  test('after fixing a field error the page does not jump', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Giorsal');
    await page.goto('/plan/person/new');
    await expect(page).toHaveURL(/\/plan\/person\/[0-9a-f-]{36}$/);
    await waitForAutosave(page);
    await page.getByLabel('Their condition, in your own words').fill('Parkinson\'s');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByRole('alert').getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await waitForAutosave(page);
    await checkA11y(page);

    // The carer can see the name box and the next question below it.
    const name = page.getByLabel('Their first name or a nickname');
    const relationship = page.getByLabel('How are you related?');
    // Both on screen, clear of the sticky "Exit this page" bar.
    await name.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await name.click();
    const before = (await name.boundingBox())!.y;
    await name.fill('Grandad');
    // Where the next question is while they type: where they will tap.
    const aim = (await relationship.boundingBox())!;
    expect(aim.y + aim.height, 'the next question is on screen').toBeLessThan(page.viewportSize()!.height);
    await expect(saveStatus(page)).toHaveText(SAVED);
    const after = (await name.boundingBox())!.y;
    expect(Math.abs(after - before), `the field moved ${after - before}px while the carer was in it`).toBeLessThan(2);
    await expect(name).toHaveAttribute('aria-invalid', 'false');
    await page.mouse.click(aim.x + 10, aim.y + aim.height / 2);
    await expect(relationship, 'the tap aimed at the next question landed on it').toBeFocused();
    await checkA11y(page);
  });
});

test('two tabs: the choice is beside the field, shows the other answer, and asks before throwing mine away', async ({ page, checkA11y, browserProblems }) => {
  await registerCarer(page, 'Iseabail');
  const tabA = page;
  const tabB = await page.context().newPage();
  tabB.on('pageerror', (e) => browserProblems.push(`uncaught exception in tab B: ${e.message}`));
  await openPlanPage(tabA, '/plan/emergency', 'Emergency and future planning', checkA11y);
  await openPlanPage(tabB, '/plan/emergency', 'Emergency and future planning', checkA11y);

  await tabA.getByLabel('Key contacts').fill('From tab A: my sister');
  await tabA.getByLabel('Key contacts').blur();
  await expect(saveStatus(tabA)).toHaveText(SAVED);

  const mine = tabB.getByLabel('Key contacts');
  await mine.fill('From tab B: my neighbour');
  await mine.blur();
  await expect(saveStatus(tabB)).toHaveText(CONFLICT);
  const gap = await gapToStatus(tabB, mine);
  expect(gap).toBeGreaterThanOrEqual(0);
  expect(gap).toBeLessThan(60);
  const theirs = tabB.locator('.autosave__theirs');
  await expect(theirs).toContainText('Saved on the other device or tab:');
  await expect(theirs.getByRole('term')).toHaveText('Key contacts');
  await expect(theirs.getByRole('definition')).toHaveText('From tab A: my sister');
  await checkA11y(tabB);

  await tabB.getByRole('button', { name: 'Show the saved answers instead' }).click();
  await expect(saveStatus(tabB)).toHaveText('Show the saved answers instead? What you typed here will be removed from this page.');
  await tabB.getByRole('button', { name: 'No, keep what I typed' }).click();
  await expect(saveStatus(tabB)).toHaveText(CONFLICT);
  await expect(mine).toHaveValue('From tab B: my neighbour');

  await tabB.getByRole('button', { name: 'Show the saved answers instead' }).click();
  await tabB.getByRole('button', { name: 'Yes, show the saved answers' }).click();
  await waitForAutosave(tabB);
  await expect(tabB.getByLabel('Key contacts')).toHaveValue('From tab A: my sister');
  await expect(saveStatus(tabB)).toHaveText('Your answers save as you type.');
});

test('a refusal that will never succeed stops retrying and says what to do, keeping the text', async ({ page, checkA11y, browserProblems }) => {
  await registerCarer(page, 'Mairead');
  await page.clock.install();
  await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);
  let attempts = 0;
  // The record has gone (removed on another device, say): the server
  // answers "not found", as it would for every retry.
  await page.route('**/api/plan/answers', async (route) => {
    attempts += 1;
    await route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify('NotFound') });
  });
  const now = page.getByLabel('What is happening now?');
  await now.fill('Words I do not want to lose');
  await now.blur();
  await expect(saveStatus(page)).toHaveText(
    'Not saved – this part of your plan is no longer there (it may have been removed on another device). What you typed is still on this page: copy anything you want to keep, then go back to your plan.',
  );
  await page.clock.runFor(60_000);
  expect(attempts, 'a refused save is not retried').toBe(1);
  await expect(now).toHaveValue('Words I do not want to lose');
  expect(Object.values(await drafts(page)).map((d) => JSON.parse(d).fields)).toEqual([{ now: 'Words I do not want to lose' }]);
  await checkA11y(page);
  // Chromium logs the refused save itself; that one is the point of the test.
  forgive(browserProblems, /Failed to load resource: the server responded with a status of 404 .*\/api\/plan\/answers:\d+\)$/);
});

test.describe('the idle warning', () => {
  test('two minutes before the limit a dialog offers to stay signed in', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Peigi');
    await page.clock.install();
    await openPlanPage(page, '/plan/area/health', 'Health and wellbeing', checkA11y);
    await expect(page.getByText('For your safety, you are signed out after 30 minutes without using CarerSpace.')).toBeVisible();
    await page.getByLabel('What is happening now?').fill('Half a thought');
    await expect(saveStatus(page)).toHaveText(SAVED);

    const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
    await waitForIdleWatch(page);
    await page.clock.runFor('27:00');
    await expect(dialog).toBeHidden();
    await page.clock.runFor('01:05');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await checkA11y(page);

    const renewed = page.waitForRequest((r) => r.url().endsWith('/api/whoami'));
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await renewed;
    await expect(dialog).toBeHidden();

    // Escape also keeps the carer signed in.
    await page.clock.runFor('28:05');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Left alone past the limit: told so, and what was typed is still there.
    await page.clock.runFor('30:05');
    const ended = page.getByRole('dialog', { name: 'You have been signed out' });
    await expect(ended).toBeVisible();
    await checkA11y(page);
    await ended.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByLabel('What is happening now?')).toHaveValue('Half a thought');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the page says how long a session lasts', async ({ page, checkA11y }) => {
    await registerCarer(page, 'Raonaid');
    await page.goto('/plan/about-me');
    await expect(page.getByText('For your safety, you are signed out after 30 minutes without using CarerSpace. Answers you have saved are kept.')).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await checkA11y(page);
  });
});
