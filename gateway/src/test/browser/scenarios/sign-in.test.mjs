// Signing in with the district's account through its OpenID Connect provider, signing out, and a
// person the role rules do not name being turned away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, screenshots, audit, withActor, eventually, GATEWAY_URL } from '../lib/console.mjs';

test('a person signs in through the provider, is named with their role, and signs out', async () => {
  await withBrowser('sign-in', async b => {
    const { page } = b;
    await page.goto(GATEWAY_URL + '/lockdown');
    await page.waitForURL(u => u.pathname === '/signin');
    await screenshots(page, 'signin');

    const who = await signIn(page, 'operator', '/lockdown');
    await page.locator('.role-chip').filter({ hasText: /^operator$/ }).waitFor();
    await page.getByText('Your role, operator, can see lockdowns but not start or release them.').waitFor();

    const signIns = await eventually(async () => (await audit('type=console.sign_in')).filter(r => r.actor === who.actor),
      'the sign-in in the audit trail');
    assert.equal(signIns.length, 1);
    assert.match(JSON.stringify(signIns[0]), /oidc/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(u => u.pathname === '/signin');
    await eventually(async () => (await audit('type=console.sign_out')).some(r => r.actor === who.actor), 'the sign-out in the audit trail');
    await page.goto(GATEWAY_URL + '/');
    await page.waitForURL(u => u.pathname === '/signin'); // the session is gone, not just the page

    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});

test('a person no role rule names is refused, told so, and the refusal is audited', async () => {
  await withBrowser('sign-in-2', async b => {
    const { page } = b;
    const stranger = withActor({ sub: 'student-42', name: 'Sam Student', groups: ['students'], email: 'sam@lincoln.k12.example' });
    await signIn(page, stranger, '/', { expectRefusal: true });
    await page.getByRole('heading', { name: 'Your account may not use Warden' }).waitFor();
    await page.getByText(/no rule of this gateway gives that account a role/).waitFor();
    await screenshots(page, 'signin-refused');
    await eventually(async () => (await audit('type=console.sign_in_refused')).some(r => JSON.stringify(r).includes('student-42')),
      'the refused sign-in in the audit trail');
    await page.goto(GATEWAY_URL + '/');
    await page.waitForURL(u => u.pathname === '/signin');
  });
});
