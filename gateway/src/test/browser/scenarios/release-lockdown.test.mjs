// Releasing a lockdown: offered to a role that may release and done with a confirmation; not offered
// to one that may not, and refused by the gateway if that role tries anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, apiAsAdmin, audit, eventually, lockDownNorth } from '../lib/console.mjs';

test('an operator is not offered the release, and the gateway refuses it when asked anyway', async () => {
  const lockdown = await lockDownNorth();
  await withBrowser('release-lockdown', async b => {
    const { page } = b;
    const who = await signIn(page, 'operator', '/lockdown');
    await page.getByText('Your role, operator, can see lockdowns but not start or release them.').waitFor();
    await page.locator(`tr[data-door="gym-east"]`).first().waitFor(); // the active lockdown is shown
    assert.equal(await page.getByRole('button', { name: 'Release lockdown' }).count(), 0, 'no release offered to an operator');
    await screenshots(page, 'lockdown-operator');

    // Asked anyway with the operator's own session (as a hand-made request would be): 403, audited.
    const status = await page.evaluate(async id => {
      const s = await (await fetch('/auth/session')).json();
      const r = await fetch(`/api/v1/lockdowns/${id}/release`, { method: 'POST', headers: { 'X-CSRF-Token': s.csrf } });
      return r.status;
    }, lockdown.id);
    assert.equal(status, 403);
    await eventually(async () => (await audit('type=auth.refused')).some(r => r.actor === who.actor),
      'the refused release in the audit trail, naming the operator');
    assert.equal((await apiAsAdmin('/api/v1/lockdowns')).items.length, 1, 'still active');
  });
});

test('a principal releases the lockdown after confirming it', async () => {
  const lockdown = (await apiAsAdmin('/api/v1/lockdowns')).items[0] ?? await lockDownNorth();
  await withBrowser('release-lockdown-2', async b => {
    const { page } = b;
    const who = await signIn(page, 'lockdown', '/lockdown');
    await page.getByRole('button', { name: 'Release lockdown' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading').first().waitFor();
    await screenshots(page, 'lockdown-confirm-release');
    await dialog.getByRole('button', { name: 'Release lockdown' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Release lockdown' }).waitFor({ state: 'detached' });
    await page.getByText(/released by /).first().waitFor();
    await screenshots(page, 'lockdown-released');

    assert.equal((await apiAsAdmin('/api/v1/lockdowns')).items.length, 0, 'no lockdown active');
    const released = await apiAsAdmin(`/api/v1/lockdowns/${lockdown.id}`);
    assert.equal(released.active, false);
    assert.equal(released.releasedBy, who.actor, 'the person who confirmed is named');
    assert.deepEqual((await audit('type=lockdown.released')).map(r => r.actor), [who.actor]);
    assert.deepEqual(b.problems, []);
  });
});
