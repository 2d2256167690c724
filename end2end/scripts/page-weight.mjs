#!/usr/bin/env node
// Page-weight budget: how many bytes a first visit to each page actually
// sends over the network (compressed bodies plus headers, as Chromium
// counts them), with a cold cache, once the WebAssembly has loaded.
//
// Budgets (fails above them), 1 KB = 1024 bytes: pages without islands
// (sign-in, the carer's home) 30 KB, as they load no WebAssembly. A plan
// page, which does, 160 KB (it weighs 157 with its lazy idle warning); its
// goal is 100 KB, which needs a smaller WebAssembly (see the README's
// benchmark section).
//
// Uses a server that is already running: BASE_URL (default
// http://127.0.0.1:3100). scripts/page-weight.sh starts one and runs this.
//
//   node scripts/page-weight.mjs        (or: npm run page-weight)

import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.mjs';
import { kindOf, registerCarer } from './visits.mjs';

const BASE_URL = (process.env.BASE_URL || `http://127.0.0.1:${process.env.E2E_PORT || '3100'}`).replace(/\/$/, '');
const BUDGETS = { '/sign-in': [30, 30], '/': [30, 30], '/plan/area/health': [160, 100] }; // [budget, goal]
const KB = 1024;


const kb = (bytes) => (bytes / KB).toFixed(1);

/**
 * Opens `path` in `context` (a fresh one: an empty cache) and returns every
 * response with the bytes that crossed the network for it.
 */
async function measure(context, path, expectWasm) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');

  const requests = new Map(); // requestId -> { url, mimeType, type, status, bytes, done, failed }
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!requests.has(e.requestId)) requests.set(e.requestId, { url: e.request.url, type: e.type, bytes: 0, done: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId) ?? { url: e.response.url, bytes: 0, done: false };
    Object.assign(r, { url: e.response.url, mimeType: e.response.mimeType, type: e.type, status: e.response.status });
    requests.set(e.requestId, r);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { done: true, failed: e.errorText });
  });

  const response = await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle', timeout: 60_000 });
  if (!response || response.status() >= 400) {
    throw new Error(`${path} answered ${response?.status()}`);
  }
  // Network idle, and also every request seen has finished (the wasm
  // is fetched after the page has loaded, when the browser is idle).
  const deadline = Date.now() + 30_000;
  const wasmSeen = () => [...requests.values()].some((r) => kindOf(r.url, r.mimeType, r.type) === 'wasm' && r.done);
  while (Date.now() < deadline && ([...requests.values()].some((r) => !r.done) || (expectWasm && !wasmSeen()))) {
    await page.waitForTimeout(100);
  }
  if (expectWasm && !wasmSeen()) throw new Error(`no WebAssembly finished loading on ${path}, which has islands`);
  if (!expectWasm && wasmSeen()) throw new Error(`${path} has no island but loaded WebAssembly`);
  await page.waitForTimeout(500);
  await page.waitForLoadState('networkidle');

  const finalUrl = new URL(page.url()).pathname;
  await page.close();
  return { finalUrl, resources: [...requests.values()].filter((r) => r.url.startsWith('http')) };
}

function report(label, path, { finalUrl, resources }) {
  console.log(`\n${label}${finalUrl !== path ? ` (ended at ${finalUrl})` : ''}`);
  const byKind = {};
  let total = 0;
  for (const r of resources) {
    const kind = kindOf(r.url, r.mimeType, r.type);
    byKind[kind] = (byKind[kind] ?? 0) + r.bytes;
    total += r.bytes;
    const where = new URL(r.url);
    const label = where.origin === BASE_URL ? where.pathname + where.search.replace(/token=[^&]+/, 'token=…') : r.url;
    console.log(
      `  ${kind.padEnd(5)} ${kb(r.bytes).padStart(7)} KB  ${label}${r.status ? ` (${r.status})` : ''}${r.failed ? ` FAILED: ${r.failed}` : ''}`,
    );
  }
  const breakdown = ['html', 'css', 'js', 'wasm', 'other']
    .filter((k) => byKind[k] !== undefined)
    .map((k) => `${k} ${kb(byKind[k])}`)
    .join(', ');
  console.log(`  total ${kb(total)} KB (${breakdown})`);
  return total;
}

const browser = await chromium.launch(chromiumLaunchOptions);
const results = [];
let failed = false;
try {
  // 1. /sign-in, a first visit: a new context has an empty cache and no cookies.
  {
    const context = await browser.newContext();
    results.push(['/sign-in', report('/sign-in (first visit)', '/sign-in', await measure(context, '/sign-in', false))]);
    await context.close();
  }
  // 2. The carer's home page: sign up in one context, then visit "/" from a
  //    new context that has only the cookies, so the cache is cold again.
  {
    const storageState = await registerCarer(browser, BASE_URL, 'Weight');
    const context = await browser.newContext({ storageState });
    const measured = await measure(context, '/', false);
    if (measured.finalUrl !== '/') throw new Error(`the carer home page sent the browser on to ${measured.finalUrl}`);
    results.push(['/', report('/ (carer home, signed in, cold cache)', '/', measured)]);
    // 3. A plan page (a wellbeing area with its autosaving form), cold cache.
    const planContext = await browser.newContext({ storageState });
    const area = await measure(planContext, '/plan/area/health', true);
    if (area.finalUrl !== '/plan/area/health') throw new Error(`the plan page sent the browser on to ${area.finalUrl}`);
    results.push(['/plan/area/health', report('/plan/area/health (plan page, signed in, cold cache)', '/plan/area/health', area)]);
    await planContext.close();
    await context.close();
  }
} catch (error) {
  console.error(`page-weight: ${error.message}`);
  failed = true;
} finally {
  await browser.close();
}

console.log('');
for (const [name, bytes] of results) {
  const total = bytes / KB;
  const [budget, goalKb] = BUDGETS[name];
  const fromGoal = goalKb - total;
  const goal = fromGoal >= 0 ? `${fromGoal.toFixed(1)} KB under` : `${(-fromGoal).toFixed(1)} KB over`;
  const verdict = total > budget ? ` OVER BUDGET by ${(total - budget).toFixed(1)} KB` : '';
  console.log(`page ${name}: ${total.toFixed(1)} KB transferred (budget ${budget} KB, goal ${goalKb} KB: ${goal})${verdict}`);
  if (total > budget) failed = true;
}
if (results.length < 3) failed = true;
process.exit(failed ? 1 : 0);
