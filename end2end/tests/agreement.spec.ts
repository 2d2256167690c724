/**
 * Agreeing a plan, on a 360 px phone, with JavaScript on and off: the
 * worker rates an area, writes the support plan and sends it with a review
 * date sooner than the year offered; the carer reads both ratings side by
 * side and sends a comment; the worker's answer keeps the review date the
 * carer was told; the carer signs that date, and the plan they signed (both
 * ratings, the notes, the support plan) is on their summary, read beside
 * the plan now.
 */
import { test, expect, nothingScrollsSideways, radio } from './helpers';
import { HEALTH, staff, workerOpensHealth } from './journeys';

const WORKER_NOTES = 'Not sleeping; nights are the hardest';
const COMMENT = 'Please add that my sister helps on Sundays';
const ANSWER = 'Added your sister as someone who helps';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A YYYY-MM-DD date as the portal writes it: "Friday 4 June 2027". */
function readable(iso: string): string {
  const day = new Date(`${iso}T12:00:00Z`);
  return `${DAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

/** About six months from now (YYYY-MM-DD): sooner than the year a review is offered at. */
function inSixMonths(): string {
  return new Date(Date.now() + 182 * 86_400_000).toISOString().slice(0, 10);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`agreeing a plan on a phone, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 360, height: 740 } });

    test('the worker sends, the carer comments, the worker answers, the carer signs', async ({ page, newPage, checkA11y }) => {
      test.setTimeout(180_000);
      const manager = await newPage();
      const worker = await newPage();
      const workerName = `Wendy ${javaScriptEnabled ? 'Scripted' : 'Plain'}`;
      await staff(manager, [[workerName, worker]]);
      const carerName = `Cara ${Date.now().toString(36)}`;
      // The worker picks it up, rates Health higher than the carer did, and writes the support plan.
      const overview = await workerOpensHealth(page, worker, carerName);
      await worker.getByRole('group', { name: 'Your rating of the impact of caring' }).getByRole('radio', { name: /^Critical impact/ }).check();
      await worker.getByLabel('Your notes of the conversation').fill(WORKER_NOTES);
      await worker.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan` })).toBeVisible();
      await worker.getByRole('link', { name: 'Write the support plan' }).click();
      await radio(worker, 'Does the carer have needs for support?', 'Yes').check();
      await worker.getByLabel("The carer's needs for support").fill('Regular nights off');
      await worker.getByRole('group', { name: 'Level of support' }).getByRole('radio', { name: /\(suggested\)/ }).check();
      await worker.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(worker.getByText('Not yet sent to the carer.')).toBeVisible();

      // Sent to the carer. A review is offered a year away, on a working day; the worker chooses sooner.
      await worker.getByRole('link', { name: 'Send the plan to the carer to check and sign' }).click();
      await expect(worker.getByRole('heading', { level: 1, name: 'Send the plan to check and sign' })).toBeVisible();
      const reviewBox = worker.getByLabel('When should the plan be reviewed?');
      const offered = await reviewBox.inputValue();
      expect(offered).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(['Saturday', 'Sunday']).not.toContain(readable(offered).split(' ')[0]);
      await checkA11y(worker);
      const send = new URL(worker.url()).pathname;
      const review = inSixMonths();
      await reviewBox.fill(review);
      await worker.getByRole('button', { name: `Send to ${carerName}` }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan has been sent to them` })).toBeVisible();
      await checkA11y(worker);

      // The carer is told on their home page, and reads both ratings, the difference said in words.
      await page.goto('/');
      const notice = page.getByRole('region', { name: 'Something needs you' });
      await expect(notice).toContainText('Your plan is ready for you to check and sign');
      await checkA11y(page);
      await notice.getByRole('link', { name: 'Check and sign your plan' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Check and sign your plan' })).toBeVisible();
      await expect(page.getByText('Your rating: Substantial impact')).toBeVisible();
      await expect(page.getByText("Your worker's rating: Critical impact")).toBeVisible();
      await expect(page.getByText('Different from yours')).toBeVisible();
      await expect(page.getByText(`Your worker's notes: ${WORKER_NOTES}`)).toBeVisible();
      await expect(page.getByText(`If you sign it, your plan will be reviewed by ${readable(review)}`)).toBeVisible();
      await checkA11y(page);

      // An empty comment is refused beside the field; then the carer sends one.
      await page.getByRole('button', { name: 'Send comment' }).click();
      await expect(page.getByRole('alert').first()).toContainText('Enter your comment');
      await checkA11y(page);
      await page.getByLabel('What would you like to change or ask?').fill(COMMENT);
      await page.getByRole('button', { name: 'Send comment' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Your comment has been sent' })).toBeVisible();
      await checkA11y(page);

      // The worker sees the comment and must answer it before sending again.
      await worker.goto(overview);
      await expect(worker.getByText(COMMENT)).toBeVisible();
      await expect(worker.getByText('The carer sent a comment. Answer it, then send the plan again.')).toBeVisible();
      await worker.getByRole('link', { name: 'Send the plan to the carer to check and sign' }).click();
      // The answer form keeps the date the carer was told, not the year it first offered.
      await expect(reviewBox).toHaveValue(review);
      await expect(worker.getByText(`You proposed ${readable(review)}, and ${carerName} was told that date.`)).toBeVisible();
      await worker.getByRole('button', { name: `Send to ${carerName}` }).click();
      await expect(worker.getByRole('alert').first()).toContainText("Enter your answer to the carer's comment");
      await expect(reviewBox).toHaveValue(review);
      await checkA11y(worker);
      await worker.getByLabel(`Your answer to ${carerName}'s comment`).fill(ANSWER);
      await worker.getByRole('button', { name: `Send to ${carerName}` }).click();
      await expect(worker.getByRole('heading', { level: 1, name: `${carerName}'s plan has been sent to them` })).toBeVisible();

      // The carer reads the answer and signs.
      await page.goto('/');
      await expect(page.getByRole('region', { name: 'Something needs you' })).toContainText('Your worker has answered your comment');
      await page.goto('/plan/agree');
      await expect(page.getByText(ANSWER)).toBeVisible();
      await expect(page.getByText(`If you sign it, your plan will be reviewed by ${readable(review)}`)).toBeVisible();
      await nothingScrollsSideways(page, ['/plan/agree']);
      await page.getByRole('button', { name: 'Sign and agree this plan' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Your plan is agreed' })).toBeVisible();
      await expect(page.getByText(`It will be reviewed by ${readable(review)}`)).toBeVisible();
      await checkA11y(page);

      // The signed plan is on the summary, kept as signed and read beside the plan now.
      await page.goto('/plan/summary');
      await page.getByRole('link', { name: new RegExp(`Agreed on .* with ${workerName}`) }).click();
      await expect(page.getByRole('heading', { level: 1, name: /Your plan as agreed on/ })).toBeVisible();
      await expect(page.getByText(`Review by ${readable(review)}.`)).toBeVisible();
      await expect(page.getByText('Nothing has changed since you agreed this plan.')).toBeVisible();
      // Everything agreed: the carer's words and rating, the worker's rating and notes beside them, the support plan.
      await expect(page.getByText(HEALTH)).toBeVisible();
      const agreedPlan = page.getByRole('main');
      await expect(agreedPlan.getByText('Impact of caring (your own rating)').first()).toBeVisible();
      await expect(agreedPlan.getByText("Your worker's rating", { exact: true })).toBeVisible();
      await expect(agreedPlan.getByText('Critical impact (you rated it substantial impact)')).toBeVisible();
      await expect(agreedPlan.getByText(WORKER_NOTES)).toBeVisible();
      await expect(agreedPlan.getByText("Your worker's part of the plan")).toBeVisible();
      await expect(agreedPlan.getByText('Regular nights off')).toBeVisible();
      await checkA11y(page);
      const agreed = new URL(page.url()).pathname;
      await page.goto('/plan/area/health');
      await page.getByLabel('What would help?').fill('A night sitter once a week');
      await page.getByRole('button', { name: 'Save and continue' }).last().click();
      await expect(page).not.toHaveURL('/plan/area/health');
      await page.goto(agreed);
      await expect(page.getByText('Health and wellbeing: what would help')).toBeVisible();
      await expect(page.getByText('Now: A night sitter once a week')).toBeVisible();
      await nothingScrollsSideways(page, [agreed, '/plan/summary', '/']);

      // The worker's caseload says it is agreed; every page fits the phone.
      await worker.goto('/worker/caseload');
      await expect(worker.getByText(/Agreed on/)).toBeVisible();
      await checkA11y(worker);
      await nothingScrollsSideways(worker, [overview, send, '/worker/caseload']);
    });
  });
}
