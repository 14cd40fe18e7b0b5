// WCAG 2.1 AA, checked by axe-core on every console page, the sign-in page, and the open confirmations
// of a door command and of a lockdown start, at phone (360 px) and desktop (1280 px) widths. The test
// fails listing each violation: its rule, impact, the elements it found and what the rule asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { withBrowser, signIn, GATEWAY_URL } from '../lib/console.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [360, 1280];

const PAGES = [
  { path: '/', name: 'doors', ready: p => p.getByRole('article', { name: 'Door Gym east (gym-east)' }).getByRole('button', { name: 'Pulse', exact: true }) },
  { path: '/lockdown', name: 'lockdown', ready: p => p.getByRole('button', { name: 'Lock down North building', exact: true }) },
  { path: '/events', name: 'events', heading: 'Events' },
  { path: '/audit', name: 'audit', heading: 'Audit' },
  { path: '/footage', name: 'footage', heading: 'Footage' },
  { path: '/status', name: 'status', heading: 'Status' },
];

/** axe's WCAG 2.1 A/AA violations of the page as it stands, at each width, one line per violation. */
async function violations(page, where) {
  const found = [];
  const before = page.viewportSize();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    // The pages' CSP (script-src 'self') refuses the inline script addScriptTag writes, so this scenario's
    // context alone is made with bypassCSP; the CSP itself is held by every other scenario's console-error check.
    if (!await page.evaluate(() => typeof window.axe === 'object')) await page.addScriptTag({ path: AXE });
    const { passed, v } = await page.evaluate(async tags => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return { passed: r.passes.length, v: r.violations.map(x => ({ id: x.id, impact: x.impact, help: x.help, targets: x.nodes.map(n => n.target.join(' ')) })) };
    }, TAGS);
    assert.ok(passed > 0, `axe checked ${where} at ${width} px (no rule passed: nothing was checked)`);
    for (const r of v) found.push(`${where} at ${width} px: ${r.id} (${r.impact}) ${r.help}; at ${r.targets.join(', ')}`);
  }
  await page.setViewportSize(before);
  return found;
}

test('every page and confirmation meets WCAG 2.1 AA as axe-core checks it, on a phone and a desktop', async () => {
  await withBrowser('accessibility', async b => {
    const { page } = b;
    const found = [];

    await page.goto(GATEWAY_URL + '/signin');
    await page.getByRole('link', { name: /^Sign in with / }).or(page.getByRole('button', { name: /^Sign in with / })).first().waitFor();
    found.push(...await violations(page, 'signin'));

    await signIn(page, 'admin', '/');
    for (const p of PAGES) {
      await page.goto(GATEWAY_URL + p.path);
      await (p.ready ? p.ready(page) : page.getByRole('heading', { level: 1, name: p.heading })).waitFor();
      await page.getByText(/^Your role, admin, /).waitFor();
      found.push(...await violations(page, p.name));
    }

    const dialog = page.getByRole('dialog');
    await page.goto(GATEWAY_URL + '/');
    await PAGES[0].ready(page).click();
    await dialog.getByRole('heading', { name: /Gym east/ }).waitFor();
    found.push(...await violations(page, 'door pulse confirmation'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.goto(GATEWAY_URL + '/lockdown');
    await PAGES[1].ready(page).click();
    await dialog.getByLabel('Reason').waitFor();
    found.push(...await violations(page, 'lockdown start confirmation'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    assert.deepEqual(found, [], `axe-core found ${found.length} WCAG 2.1 A/AA violations:\n  ${found.join('\n  ')}`);
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  }, { bypassCSP: true });
});
