// A door whose controller stops answering: the page no longer vouches for its lock or its contact (the
// gateway keeps the last report, which is history, not state) and offers no command the gateway would
// refuse; when the controller answers again, the door is live and commandable again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, control } from '../lib/console.mjs';

test('an offline door shows its lock as unknown and offers no command until it is back', async () => {
  await withBrowser('offline-door', async b => {
    const { page } = b;
    await signIn(page, 'operator', '/');
    const door = page.getByRole('article', { name: 'Door Front office (front-office)' });
    await door.getByText('online', { exact: true }).waitFor();
    try {
      await control('POST', '/silence/front-office/on');
      await door.getByText('offline', { exact: true }).waitFor();
      await door.getByText('Its device is offline').waitFor();
      assert.equal(await door.getByText('locked', { exact: true }).count(), 0, 'no lock state the device did not confirm');
      assert.equal(await door.getByText('unknown', { exact: true }).count(), 2, 'lock and contact unknown');
      for (const name of ['Lock', 'Unlock', 'Pulse']) {
        assert.ok(await door.getByRole('button', { name, exact: true }).isDisabled(), `${name} not offered to an offline door`);
      }
      await screenshots(page, 'doors-offline');
    } finally {
      await control('POST', '/silence/front-office/off');
    }
    await door.getByText('online', { exact: true }).waitFor();
    await door.getByRole('button', { name: 'Pulse', exact: true }).and(page.locator(':enabled')).waitFor();
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});
