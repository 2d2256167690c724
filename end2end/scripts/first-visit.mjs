#!/usr/bin/env node
// First visit on a phone, for `make bench`: Chromium with a slow network
// (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) and a CPU four times
// slower, with a cold cache. For sign-in, the carer's home and a plan page:
// the bytes sent by type, the time until the page is painted and usable
// (it is rendered on the server and works without JavaScript), and on the
// plan page the time until the autosave is awake; then a repeat visit,
// which should ask the network for no CSS, JavaScript or WebAssembly.
//
// Prints one JSON object per table row (figure, median, p99, target, met).
//
//   node scripts/first-visit.mjs http://127.0.0.1:3000

import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.mjs';
import { kindOf, registerCarer } from './visits.mjs';

const BASE_URL = (process.argv[2] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const RUNS = 5;
const KB = 1024;

const row = (figure, { median = '', p99 = '', ratio = '', target = '', met = null } = {}) =>
  console.log(JSON.stringify({ figure, median, p99, ratio, target, met }));

/** A page on a slow phone: network and CPU throttled, every request counted. */
async function slowPage(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1000 * 1000) / 8,
    uploadThroughput: (750 * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, type: e.type, bytes: 0, cached: false }));
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { mimeType: e.response.mimeType, type: e.type, cached: r.cached || e.response.fromDiskCache || e.response.fromPrefetchCache });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  // When the autosave island takes over its form (it marks it "live").
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-autosave="live"]')) {
        window.__autosaveAwake = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-autosave'], childList: true });
  });
  return { page, requests };
}

/** One cold visit: bytes by kind, first paint, and when autosave woke (if it has one). */
async function visit(context, path, waitForAutosave) {
  const { page, requests } = await slowPage(context);
  const response = await page.goto(`${BASE_URL}${path}`, { waitUntil: 'load', timeout: 120_000 });
  if (!response || response.status() >= 400) throw new Error(`${path} answered ${response?.status()}`);
  if (waitForAutosave) await page.waitForFunction(() => window.__autosaveAwake !== undefined, null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    awake: window.__autosaveAwake ?? null,
  }));
  const byKind = {};
  for (const r of requests.values()) {
    if (!r.url.startsWith('http')) continue;
    const kind = kindOf(r.url, r.mimeType, r.type);
    byKind[kind] = (byKind[kind] ?? 0) + r.bytes;
  }
  await page.close();
  return { byKind, total: Object.values(byKind).reduce((a, b) => a + b, 0), ...timing };
}

/** A second visit in the same browser: requests for built files that went to the network. */
async function repeatVisit(context, path) {
  const first = await slowPage(context);
  await first.page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle', timeout: 120_000 });
  await first.page.close();
  const again = await slowPage(context);
  await again.page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle', timeout: 120_000 });
  await again.page.waitForTimeout(500);
  const fetched = [...again.requests.values()].filter(
    (r) => r.url.startsWith(BASE_URL) && ['css', 'js', 'wasm'].includes(kindOf(r.url, r.mimeType, r.type)) && !r.cached,
  );
  await again.page.close();
  return fetched.map((r) => new URL(r.url).pathname);
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const worst = (xs) => sorted(xs)[xs.length - 1];
const secs = (msValue) => `${(msValue / 1000).toFixed(2)} s`;

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const storageState = await registerCarer(browser, BASE_URL, 'Phone');
  const pages = [
    { name: 'sign-in', path: '/sign-in', state: undefined, budget: 30 },
    { name: "carer's home", path: '/', state: storageState, budget: 30 },
    { name: 'plan page', path: '/plan/area/health', state: storageState, budget: 100, autosave: true },
  ];
  for (const p of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(p.state ? { storageState: p.state } : {});
      runs.push(await visit(context, p.path, p.autosave));
      await context.close();
    }
    const last = runs[runs.length - 1];
    const kinds = Object.entries(last.byKind).map(([k, v]) => `${k} ${(v / KB).toFixed(1)}`).join(', ');
    const total = last.total / KB;
    row(`First visit on a phone, ${p.name}: ${total.toFixed(1)} KB compressed (${kinds})`, {
      target: `≤ ${p.budget} KB`,
      met: total <= p.budget,
    });
    const paints = runs.map((r) => r.paint).filter((x) => x !== null);
    row(`First visit on a phone, ${p.name}: painted and usable (first contentful paint)`, { median: secs(median(paints)), p99: secs(worst(paints)) });
    if (p.autosave) {
      const awake = runs.map((r) => r.awake);
      row(`First visit on a phone, ${p.name}: autosave awake`, { median: secs(median(awake)), p99: secs(worst(awake)), target: '≤ 0.80 s', met: median(awake) <= 800 });
    }
    const context = await browser.newContext(p.state ? { storageState: p.state } : {});
    const fetched = await repeatVisit(context, p.path);
    await context.close();
    row(`Repeat visit, ${p.name}: requests for CSS, JavaScript or WebAssembly${fetched.length ? ` (${fetched.join(', ')})` : ''}`, {
      median: String(fetched.length),
      target: '0',
      met: fetched.length === 0,
    });
  }
} finally {
  await browser.close();
}
