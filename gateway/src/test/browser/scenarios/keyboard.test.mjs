// The console without a mouse: a door's Pulse is reached with Tab, its confirmation keeps the focus
// inside, Escape cancels without a command reaching the door and gives the focus back, and Enter on the
// confirm button does it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, control, tabTo, focused } from '../lib/console.mjs';

test('an operator pulses a door with the keyboard alone; Escape cancels and changes nothing', async () => {
  await withBrowser('keyboard', async b => {
    const { page } = b;
    await signIn(page, 'operator', '/');
    const door = '[aria-label="Door Library (library)"]';
    await page.locator(door).getByRole('button', { name: 'Pulse', exact: true }).waitFor();
    const before = await control('GET', '/pd/library');

    await tabTo(page, 'Pulse', { within: door });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Pulse Library (library)?' }).waitFor();
    assert.equal(await page.evaluate(() => !!document.activeElement.closest('dialog')), true, 'the focus moved into the dialog');
    for (let i = 0; i < 6; i++) { // the focus is kept inside, both ways
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      assert.equal(await page.evaluate(() => !!document.activeElement.closest('dialog')), true, `focus left the dialog after ${i + 1} presses`);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'Pulse', 'the focus is back on the button that opened the dialog');
    assert.equal((await control('GET', '/pd/library')).outsRun, before.outsRun, 'a cancelled pulse sends nothing');

    await page.keyboard.press('Enter');
    await dialog.getByRole('heading', { name: 'Pulse Library (library)?' }).waitFor();
    await tabTo(page, 'Pulse library', { within: 'dialog' });
    await page.keyboard.press('Enter');
    await page.locator(door).getByText(/^Pulsed: the device confirmed in \d+ ms/).waitFor();
    assert.ok((await control('GET', '/pd/library')).outsRun > before.outsRun, 'the PD ran the pulse');
    assert.deepEqual(b.problems, []);
  });
});
