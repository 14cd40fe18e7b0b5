// Every console page, as the admin sees it, at phone and desktop widths: it loads with no script
// error or CSP violation, asks nothing of any other host, weighs under 300 KB before data, and says
// what the role may do there; on a phone the header offers every page of the role, viewer and admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, assertPhoneHeader, GATEWAY_URL } from '../lib/console.mjs';

const PAGES = [
  { path: '/', name: 'doors', heading: 'Doors' },
  { path: '/lockdown', name: 'lockdown', heading: 'Lockdown' },
  { path: '/events', name: 'events', heading: 'Events' },
  { path: '/audit', name: 'audit', heading: 'Audit' },
  { path: '/footage', name: 'footage', heading: 'Footage' },
  { path: '/status', name: 'status', heading: 'Status' },
];
const PAGE_BUDGET = 300 * 1024;
const DATA = /^\/(api|auth|health)\b/; // data, not the page

test('every page loads cleanly, stays on this host, fits the weight budget and states the role', async () => {
  await withBrowser('every-page', async b => {
    const { page } = b;
    await signIn(page, 'admin', '/');
    for (const p of PAGES) {
      await page.goto(GATEWAY_URL + p.path, { waitUntil: 'load' });
      await page.getByRole('heading', { level: 1, name: p.heading }).waitFor();
      await page.getByText(/^Your role, admin, /).waitFor();
      // What the page itself weighs (HTML, CSS, scripts, images), cached or not; the data it reads aside.
      const bytes = await page.evaluate(data => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .filter(e => !new RegExp(data).test(new URL(e.name).pathname)).reduce((n, e) => n + e.decodedBodySize, 0), DATA.source);
      assert.ok(bytes > 0 && bytes < PAGE_BUDGET, `${p.path} weighs ${bytes} bytes before data (budget ${PAGE_BUDGET})`);
      await assertPhoneHeader(page, PAGES.map(q => q.heading), p.heading);
      await screenshots(page, `page-${p.name}`);
    }
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});

test('on a phone a viewer\'s header offers its four pages, the one shown marked', async () => {
  await withBrowser('every-page-viewer', async b => {
    const { page } = b;
    await signIn(page, 'viewer', '/');
    const mine = PAGES.filter(p => !['audit', 'footage'].includes(p.name));
    for (const p of mine) {
      await page.goto(GATEWAY_URL + p.path, { waitUntil: 'load' });
      await page.getByText(/^Your role, viewer, /).waitFor();
      await assertPhoneHeader(page, mine.map(q => q.heading), p.heading);
    }
    await screenshots(page, 'page-status-viewer');
    assert.deepEqual(b.problems, []);
  });
});
