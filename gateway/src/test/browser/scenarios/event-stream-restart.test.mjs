// The live trail across a gateway restart: the page shows that it is reconnecting, comes back live
// by itself, and has every record of the trail from before to after the restart exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, audit, control, apiAsAdminSend, eventually } from '../lib/console.mjs';

test('the event stream is lost and regained across a restart with a visible reconnecting state and no lost events', async () => {
  await withBrowser('event-stream-restart', async b => {
    const { page } = b;
    await signIn(page, 'admin', '/events'); // admin: the page shows every record type
    const state = page.getByRole('status').filter({ hasText: /^(Live|Reconnecting…|Connecting…)$/ });
    await state.filter({ hasText: 'Live' }).waitFor();
    // Every state the page shows, as it shows it (a restart can be quicker than a poll).
    await page.evaluate(() => {
      const el = [...document.querySelectorAll('[role=status]')].find(e => /Live|Connecting|Reconnecting/.test(e.textContent));
      window.streamStates = [el.textContent];
      new MutationObserver(() => window.streamStates.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });

    await apiAsAdminSend('POST', '/api/v1/doors/gym-east/pulse');
    const first = page.locator('[data-seq]').filter({ hasText: 'Gym east' }).first();
    await first.waitFor();
    const fromSeq = Math.min(...(await page.locator('[data-seq]').evaluateAll(els => els.map(e => Number(e.dataset.seq)))));

    const restarted = control('POST', '/restart');
    // Shown for as long as the gateway is down (seconds: the restart waits for every door): caught by the observer either way.
    await eventually(() => page.evaluate(() => window.streamStates.includes('Reconnecting…')), 'the page to show Reconnecting…');
    await screenshots(page, 'events-reconnecting');
    await restarted;
    await state.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });

    await apiAsAdminSend('POST', '/api/v1/doors/library/pulse');
    const trail = (await audit('type=door.command&door=library'));
    const lastSeq = trail[trail.length - 1].seq;
    await page.locator(`[data-seq="${lastSeq}"]`).waitFor();
    await screenshots(page, 'events');

    const shown = await page.locator('[data-seq]').evaluateAll(els => els.map(e => Number(e.dataset.seq)));
    const expected = (await audit('')).map(r => r.seq).filter(s => s >= fromSeq && s <= lastSeq);
    assert.deepEqual([...shown].filter(s => s <= lastSeq).sort((x, y) => x - y), expected,
      'every record from before to after the restart, once each');
    const starts = await audit('type=config.loaded');
    assert.equal(starts.length, 2, 'two starts in the trail');
    assert.ok(shown.includes(starts[1].seq), 'the new node\'s start, written while the page was cut off, is shown');
    const states = await page.evaluate(() => window.streamStates);
    assert.ok(states.includes('Reconnecting…') && states.at(-1) === 'Live', `states shown: ${states.join(' → ')}`);
    assert.deepEqual(b.outside(), []);
  });
});
