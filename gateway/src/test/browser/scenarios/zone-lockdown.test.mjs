// The lockdown control of a zone: one button, drill or real, a reason, a confirmation, and then every
// door of the zone reporting in the page as its controller confirms it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, apiAsAdmin, control, NORTH } from '../lib/console.mjs';

test('a principal locks down a zone and sees every door of it report confirmed', async () => {
  await withBrowser('zone-lockdown', async b => {
    const { page } = b;
    const who = await signIn(page, 'lockdown', '/lockdown');
    await screenshots(page, 'lockdown');

    await page.getByRole('button', { name: 'Lock down North building', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /Drill/ }).check();
    await dialog.getByLabel('Reason').fill('browser test: intruder drill near the gym');
    await screenshots(page, 'lockdown-confirm');
    await dialog.getByRole('button', { name: 'Start lockdown' }).click();
    await dialog.waitFor({ state: 'detached' });

    for (const door of NORTH) {
      await page.locator(`tr[data-door="${door}"]`).getByRole('cell', { name: 'confirmed', exact: true }).waitFor();
    }
    await screenshots(page, 'lockdown-report');
    for (const door of NORTH) {
      assert.equal((await control('GET', `/pd/${door}`)).strikeOn, false, `${door} locked at the PD`);
    }
    const active = (await apiAsAdmin('/api/v1/lockdowns')).items;
    assert.equal(active.length, 1);
    assert.deepEqual(active[0].scope, { zone: 'north' });
    assert.equal(active[0].drill, true);
    assert.equal(active[0].startedBy, who.actor);
    assert.deepEqual(active[0].doors.map(d => d.id).sort(), [...NORTH].sort());

    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});
