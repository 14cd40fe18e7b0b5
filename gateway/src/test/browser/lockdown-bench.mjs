// The browser half of ConsoleLockdownBench (io.warden.gateway.bench): the console's Lockdown page in Chromium,
// driven one round at a time by the Java bench over stdin/stdout. Not a test: `node --test` does not pick it up.
//
// env: GATEWAY_URL (http://127.0.0.1:port), BENCH_ROLE (demo sign-in role, default lockdown),
//      CHROMIUM (default /usr/bin/chromium), BENCH_WIDTH x BENCH_HEIGHT (viewport, default 1280 x 800).
// stdin, one JSON object a line: {"label": "Lincoln Middle School", "doors": 14, "timeoutMs": 120000}
//   -> loads /lockdown, presses "Lock down <label>", picks Drill, types a reason, and times from the press of
//      "Start lockdown" to every one of the `doors` report rows (<tr data-door>) showing "confirmed".
// stdout: "READY" once signed in, then one "RESULT <json>" line per round; everything else goes to stderr.
//
// The times are taken inside the page (performance.now()), so Playwright's own round trips are not in them:
//   clickMs      the capture-phase click on "Start lockdown"
//   settledMs    the DOM change after which every row had a final status (confirmed|failed|offline)
//   shownMs      the next animation frame after settledMs: the frame that shows it
//   fetch*       the page's POST /api/v1/lockdowns, sent and answered (the page's fetch wrapped before the press);
//                fetchEndToShownMs < 0 when the live report showed every door before the POST answered
//   readsDuring  the page's other API requests (its live report's reads) between the press and shownMs
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const base = process.env.GATEWAY_URL;
if (!base) throw new Error('GATEWAY_URL is not set');
const role = process.env.BENCH_ROLE ?? 'lockdown';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({
  viewport: { width: Number(process.env.BENCH_WIDTH ?? 1280), height: Number(process.env.BENCH_HEIGHT ?? 800) },
});
const page = await context.newPage();
page.on('pageerror', (e) => console.error('page error:', e.message));

async function signIn() {
  await page.goto(new URL('/signin', base).href);
  const status = await page.evaluate(async (r) => {
    const res = await fetch('/auth/demo', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: r }),
    });
    return res.status;
  }, role);
  if (status !== 200) throw new Error(`demo sign-in as ${role}: HTTP ${status} (is console.demoSignIn on?)`);
}

/** Installed in the page before the press: resolves when `expected` rows have a final status. */
function arm(expected) {
  const FINAL = new Set(['confirmed', 'failed', 'offline']);
  const KNOWN = new Set([...FINAL, 'pending']);
  const status = new Map(); // door id -> its row's status text
  const statusOf = (row) => {
    for (const cell of row.cells) {
      const t = cell.textContent.trim().toLowerCase();
      if (KNOWN.has(t)) return t;
    }
    return null;
  };
  const stale = [...document.querySelectorAll('tr[data-door]')].filter((r) => FINAL.has(statusOf(r)));
  if (stale.length > 0) throw new Error(`the page already shows ${stale.length} finished rows before the press`);
  const t = { clickMs: null, settledMs: null, shownMs: null, mutations: 0, readsDuring: 0, fetchStartMs: null, fetchAnswerMs: null };
  // The page's own POST /api/v1/lockdowns: sent, and answered (its headers in), seen through the page's fetch.
  const pageFetch = window.fetch;
  window.fetch = (input, init) => {
    const post = String(init?.method ?? 'GET').toUpperCase() === 'POST'
      && new URL(String(input?.url ?? input), location.href).pathname === '/api/v1/lockdowns';
    if (!post) {
      if (t.clickMs !== null && t.shownMs === null) t.readsDuring++;
      return pageFetch(input, init);
    }
    t.fetchStartMs = performance.now();
    const answer = pageFetch(input, init);
    window.__benchFetch = answer.finally(() => { t.fetchAnswerMs = performance.now(); });
    return answer;
  };
  window.__benchTimes = t;
  window.__benchDone = new Promise((resolve) => {
    document.addEventListener('click', (e) => {
      const b = e.target instanceof Element ? e.target.closest('button') : null;
      if (t.clickMs === null && b && b.textContent.trim() === 'Start lockdown') t.clickMs = performance.now();
    }, true);
    const note = (row) => {
      const s = statusOf(row);
      if (s) status.set(row.dataset.door, s);
    };
    const observer = new MutationObserver((records) => {
      if (t.clickMs === null) return;
      t.mutations++;
      for (const m of records) {
        const el = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
        const row = el?.closest('tr[data-door]');
        if (row) note(row);
        for (const n of m.addedNodes) {
          if (n.nodeType !== Node.ELEMENT_NODE) continue;
          if (n.matches('tr[data-door]')) note(n);
          n.querySelectorAll('tr[data-door]').forEach(note);
        }
      }
      if (status.size < expected) return;
      const counts = {};
      for (const s of status.values()) counts[s] = (counts[s] ?? 0) + 1;
      if (status.size > expected || [...status.values()].some((s) => !FINAL.has(s))) return;
      t.settledMs = performance.now();
      t.statuses = counts;
      observer.disconnect();
      requestAnimationFrame(() => {
        t.shownMs = performance.now();
        resolve(t);
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function round({ label, doors, timeoutMs = 120000 }) {
  await page.goto(new URL('/lockdown', base).href);
  const open = page.getByRole('button', { name: `Lock down ${label}`, exact: true });
  await open.click({ timeout: timeoutMs });
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Drill' }).check();
  await dialog.getByLabel('Reason').fill('bench: console lockdown timing');
  await page.evaluate(arm, doors);
  await dialog.getByRole('button', { name: 'Start lockdown', exact: true }).click();
  // The rows can all be final before the POST answers (the live report): wait for both, then read the times.
  const t = await page.evaluate(async (ms) => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error(`not every row final within ${ms} ms`)), ms));
    await Promise.race([window.__benchDone, late]);
    if (window.__benchFetch) await Promise.race([window.__benchFetch.catch(() => {}), late]);
    return window.__benchTimes;
  }, timeoutMs);
  const rows = await page.locator('tr[data-door]').count();
  // Leave the page: open, it would follow the API's lockdowns too (its stream and reads) and load the baseline.
  await page.goto('about:blank');
  return {
    label, doors, rows, statuses: t.statuses, mutations: t.mutations, readsDuring: t.readsDuring,
    clickToSettledMs: t.settledMs - t.clickMs,
    clickToShownMs: t.shownMs - t.clickMs,
    clickToFetchMs: t.fetchStartMs === null ? null : t.fetchStartMs - t.clickMs,
    fetchMs: t.fetchAnswerMs === null ? null : t.fetchAnswerMs - t.fetchStartMs,
    fetchEndToShownMs: t.fetchAnswerMs === null ? null : t.shownMs - t.fetchAnswerMs,
  };
}

try {
  await signIn();
  console.log('READY');
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    try {
      console.log('RESULT ' + JSON.stringify({ ok: true, ...(await round(JSON.parse(line))) }));
    } catch (e) {
      console.log('RESULT ' + JSON.stringify({ ok: false, error: String(e?.message ?? e) }));
    }
  }
} finally {
  await browser.close();
}
