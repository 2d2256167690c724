// Re-measures, against a running server, what a visitor or a script could
// once do to it: huge form posts, parallel password hashing, parallel
// guessing, oversized answers. Prints one line per figure.
//
//   BASE_URL=http://127.0.0.1:3100 SERVER_PID=1234 node scripts/probe-firm-ground.mjs
//
// SERVER_PID (optional) lets it report the server's peak memory (VmHWM).
// Every request goes to BASE_URL only (loopback), in bounded numbers.
import { readFileSync } from 'node:fs';

const BASE_URL = (process.env.BASE_URL || `http://127.0.0.1:${process.env.E2E_PORT || '3100'}`).replace(/\/$/, '');
const PID = process.env.SERVER_PID;
const PASSWORD = 'correct horse battery';

function peakMemoryMb() {
  if (!PID) return 'n/a';
  const status = readFileSync(`/proc/${PID}/status`, 'utf8');
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return `${(kb / 1024).toFixed(0)} MB`;
}

function memoryNowMb() {
  if (!PID) return 'n/a';
  const status = readFileSync(`/proc/${PID}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return `${(kb / 1024).toFixed(0)} MB`;
}

const json = (path, body, headers = {}) =>
  fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE_URL, ...headers },
    body: JSON.stringify(body),
  });

// The server may refuse a huge form from its length and close the
// connection while the body is still being sent: that is a refusal too.
const form = (path, body, headers = {}) =>
  fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE_URL, ...headers },
    body,
  }).catch(() => ({ status: 'closed early' }));

function tally(statuses) {
  const counts = {};
  for (const s of statuses) counts[s] = (counts[s] || 0) + 1;
  return Object.entries(counts).map(([s, n]) => `${n}×${s}`).join(', ');
}

async function timed(work) {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const unique = Date.now().toString(36);
console.log(`probing ${BASE_URL}; server memory now ${memoryNowMb()}, peak ${peakMemoryMb()}`);

// 1. One anonymous post of 120,000 field names.
{
  const body = 'answer=1&'.repeat(120_000);
  const [res, ms] = await timed(() => form('/register', body));
  console.log(`120,000-field form post: ${res.status} in ${ms.toFixed(0)} ms`);
  const [answers, all] = await timed(async () => {
    const posts = [1, 2, 3].map(() => form('/register', body));
    const [health, healthMs] = await timed(() => fetch(`${BASE_URL}/health`));
    return [await Promise.all(posts), health.status, healthMs];
  });
  console.log(`three at once: ${tally(answers[0].map((r) => r.status))} in ${all.toFixed(0)} ms; /health meanwhile ${answers[1]} in ${answers[2].toFixed(0)} ms`);
}

// 2. 200 parallel set-password calls with made-up tokens.
{
  const [answers, ms] = await timed(() =>
    Promise.all(Array.from({ length: 200 }, (_, i) => json('/api/set-password', { form: { token: `made-up-${unique}-${i}`, password: PASSWORD } }))),
  );
  console.log(`200 parallel set-password with made-up tokens: ${tally(answers.map((r) => r.status))} in ${ms.toFixed(0)} ms; server peak ${peakMemoryMb()}`);
}

// 3. 400 parallel registrations, every one a fresh address (each would hash).
{
  const [answers, ms] = await timed(() =>
    Promise.all(Array.from({ length: 400 }, (_, i) => json('/api/register', { form: { name: 'Probe', email: `probe-${unique}-${i}@example.org`, password: PASSWORD } }))),
  );
  console.log(`400 parallel registrations: ${tally(answers.map((r) => r.status))} in ${ms.toFixed(0)} ms; server peak ${peakMemoryMb()}, now ${memoryNowMb()}`);
}

// 4. 100 parallel wrong guesses at one account (limit 5), from one address.
{
  const email = `guessed-${unique}@example.org`;
  await json('/api/register', { form: { name: 'Guessed', email, password: PASSWORD } });
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) => json('/api/sign-in', { form: { email, password: `wrong guess ${i}` } }, { 'x-forwarded-for': `198.51.100.${i}` })),
  );
  const checked = answers.filter((r) => r.status === 422).length;
  console.log(`100 parallel wrong guesses at one account: ${checked} checked against the password (${tally(answers.map((r) => r.status))})`);
}

// 5. Oversized answers: 300,000 spaces, and a million spaces.
{
  const email = `spaces-${unique}@example.org`;
  const res = await json('/api/register', { form: { name: 'Spaces', email, password: PASSWORD } });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const save = (key, changes) => json('/api/plan/answers', { key, base_version: 0, changes }, { cookie });
  const spaces = await save('area:health', { now: ' '.repeat(300_000) });
  const million = await Promise.all(
    Array.from({ length: 60 }, () => save(`outcome:${crypto.randomUUID()}`, { text: ' '.repeat(1_000_000) })),
  );
  console.log(`300,000 spaces in one answer: ${spaces.status}; 60 outcomes of a million spaces: ${tally(million.map((r) => r.status))}`);
}
console.log(`server memory at the end ${memoryNowMb()}, peak ${peakMemoryMb()}`);
