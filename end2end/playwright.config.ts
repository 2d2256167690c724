import { defineConfig } from '@playwright/test';

import { chromiumLaunchOptions } from './chromium.mjs';

export { chromiumLaunchOptions };

/** Port of the test server (E2E_PORT, default 3100), so two checkouts can test at once. */
export const port = process.env.E2E_PORT || '3100';
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // Two cores: one browser at a time, and the server needs the other.
  workers: 1,
  fullyParallel: false,
  // In CI one retry, so a test that fails once on a loaded machine does not
  // hide the rest of the run; the list reporter still names it as flaky, and
  // the summary of `make test` repeats the names.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'bash scripts/start-server.sh',
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
