// The front office buzzes a door in: the confirmation names the door, the simulated strike runs the
// pulse, and the page shows the device's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, audit, control, eventually } from '../lib/console.mjs';

test('an operator pulses a door and sees the simulated strike confirm it', async () => {
  await withBrowser('pulse-door', async b => {
    const { page } = b;
    const who = await signIn(page, 'operator', '/');
    const door = page.getByRole('article', { name: 'Door Gym east (gym-east)' });
    await door.waitFor();
    await screenshots(page, 'doors');
    const before = await control('GET', '/pd/gym-east');

    await door.getByRole('button', { name: 'Pulse', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /Gym east/ }).waitFor();
    await screenshots(page, 'doors-confirm-pulse');
    await dialog.getByRole('button', { name: /^Pulse / }).click();
    await dialog.waitFor({ state: 'detached' });

    await door.getByText(/^Pulsed: the device confirmed in \d+ ms/).waitFor(); // the device's answer and its latency
    await screenshots(page, 'doors-pulsed');

    const after = await control('GET', '/pd/gym-east');
    assert.ok(after.outsRun > before.outsRun, `the PD ran the pulse (osdp_OUT ${before.outsRun} -> ${after.outsRun})`);
    const pulses = await eventually(async () => (await audit('type=door.command&door=gym-east&result=confirmed'))
      .filter(r => r.action.startsWith('pulse')), 'the confirmed pulse in the audit trail');
    assert.equal(pulses.length, 1);
    assert.equal(pulses[0].actor, who.actor, 'the person who pressed the button is the actor');

    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});
