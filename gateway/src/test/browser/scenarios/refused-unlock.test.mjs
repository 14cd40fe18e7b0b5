// A door under lockdown refuses an unlock: the gateway says no and the page shows why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, audit, control, eventually, lockDownNorth } from '../lib/console.mjs';

test('an unlock asked for just as a lockdown starts is refused, and the page says why', async () => {
  await withBrowser('refused-unlock', async b => {
    const { page } = b;
    await signIn(page, 'operator', '/');
    const door = page.getByRole('article', { name: 'Door Gym east (gym-east)' });
    await door.getByRole('button', { name: 'Unlock', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /Gym east/ }).waitFor();

    // The lockdown starts elsewhere while the operator is still looking at the confirmation.
    const lockdown = await lockDownNorth('browser test: lockdown while an unlock is being confirmed');
    await dialog.getByRole('button', { name: /^Unlock / }).click();

    await door.getByText(/lockdown/i).first().waitFor();
    await door.getByText(/refused|not allowed|lockdown active/i).first().waitFor();
    await screenshots(page, 'doors-unlock-refused');
    assert.equal((await control('GET', '/pd/gym-east')).strikeOn, false, 'gym-east stays locked at the PD');
    await eventually(async () => (await audit('type=door.command&door=gym-east&result=refused'))
      .some(r => r.detail.includes(lockdown.id)), 'the refused unlock in the audit trail');
    // Now the page knows: it no longer offers an unlock that would be refused, and says why.
    await eventually(() => door.getByRole('button', { name: 'Unlock', exact: true }).isDisabled(), 'Unlock disabled on the locked-down door');
    await door.getByText(/Unlock and pulse are refused while the door is in/).waitFor();

    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});
