// What every console scenario needs: the browser, signing in through the district's provider,
// screenshots at phone and desktop widths, and the test's control channel (see ConsoleBrowserTest).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import path from 'node:path';

export const GATEWAY_URL = need('GATEWAY_URL');
const OIDC_ISSUER = need('OIDC_ISSUER');
const OIDC_PROVIDER = need('OIDC_PROVIDER');
const OIDC_GROUPS = JSON.parse(need('OIDC_GROUPS')); // role -> the groups claim value that gives it
const CONTROL_URL = need('CONTROL_URL');
const SCREENSHOT_DIR = need('SCREENSHOT_DIR');
const ADMIN_TOKEN = need('WARDEN_ADMIN_TOKEN');

/** Generous: two busy cores, a device round trip, an OIDC exchange. Waits end as soon as the page is right. */
export const WAIT_MS = 20_000;

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set (ConsoleBrowserTest sets it)`);
  return v;
}

/** The people of the test district: one per role, named for it. */
export function person(role) {
  const group = OIDC_GROUPS[role];
  if (!group) throw new Error(`no group for role ${role}`);
  const given = role[0].toUpperCase() + role.slice(1);
  return withActor({ sub: `${role}-1001`, name: `${given} Person`, groups: [group], email: `${role}@lincoln.k12.example` });
}

/** Adds who the audit trail names for this person: "<name> (oidc <issuer host>/<subject>)". */
export function withActor(who) {
  return { ...who, actor: `${who.name} (oidc ${new URL(OIDC_ISSUER).hostname}/${who.sub})` };
}

/**
 * Chromium with one context. Every request that leaves loopback is refused and remembered with the
 * page that made it: the console's pages must make none (outside()); the provider's own login page
 * asks for a web font, which is simply refused.
 */
export async function openBrowser({ width = 1280, bypassCSP = false } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, bypassCSP });
  context.setDefaultTimeout(WAIT_MS);
  const outside = [];
  await context.route(url => !isLoopback(url), route => {
    let from = '';
    try {
      from = route.request().frame().url();
    } catch {
      // not from a page (a worker): counted as the console's
    }
    outside.push({ url: route.request().url(), from });
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const problems = [];
  // Script errors and CSP violations; an HTTP error answer (a 401 before sign-in, a 409 refusal) is the page's business.
  page.on('console', m => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', e => problems.push(`uncaught on ${page.url()}: ${e.message}`));
  return {
    browser, context, page, problems,
    /** Requests the gateway's pages made outside loopback (the provider's page is not the console's). */
    outside: () => outside.filter(r => !r.from.startsWith(OIDC_ISSUER)).map(r => `${r.url} (from ${r.from || 'no page'})`),
    async close() { await browser.close(); },
  };
}

/**
 * Runs {@code body(browsing)} in a fresh browser (openBrowser's {@code options}) and closes it. On a failure the page is kept as
 * failed-<name>.png beside the screenshots, and the failure names the page's address and its script errors.
 */
export async function withBrowser(name, body, options = {}) {
  const b = await openBrowser(options);
  try {
    await body(b);
  } catch (e) {
    const shot = `failed-${name}.png`;
    await b.page.screenshot({ path: path.join(SCREENSHOT_DIR, shot), fullPage: true }).catch(() => {});
    e.message += `\n  page: ${b.page.url()} (see ${shot})${b.problems.length ? '\n  page errors: ' + b.problems.join('\n    ') : ''}`;
    throw e;
  } finally {
    await b.close();
  }
}

function isLoopback(url) {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:' || url.protocol === 'blob:';
}

/**
 * Opens {@code pathname} signed out, follows the console to its sign-in page, signs in on the
 * provider's login form as {@code who} (a role's person, or a person object; subject and claims are
 * typed, as a person would pick an account), and returns once the console shows the page again with
 * the person's name. With {@code expectRefusal} it returns once back from the provider, wherever that is.
 */
export async function signIn(page, who, pathname = '/', { expectRefusal = false } = {}) {
  if (typeof who === 'string') who = person(who);
  await page.goto(GATEWAY_URL + pathname);
  await page.waitForURL(u => u.pathname === '/signin');
  const provider = new RegExp(`Sign in with ${OIDC_PROVIDER}`);
  await page.getByRole('link', { name: provider }).or(page.getByRole('button', { name: provider })).click();
  await page.waitForURL(u => u.href.startsWith(OIDC_ISSUER));
  await page.locator('input[name=username]').fill(who.sub);
  await page.locator('textarea[name=claims]').fill(JSON.stringify({ name: who.name, groups: who.groups, email: who.email }));
  await page.getByRole('button', { name: 'Sign-in' }).click();
  if (expectRefusal) {
    await page.waitForURL(u => u.origin === GATEWAY_URL);
    return who;
  }
  await page.waitForURL(u => u.origin === GATEWAY_URL && u.pathname === pathname);
  await page.locator('.who-name').filter({ hasText: who.name }).waitFor();
  return who;
}

/** The page as it stands, full length, at 360 px (a phone) and 1280 px (a desktop), into SCREENSHOT_DIR. */
export async function screenshots(page, name) {
  const before = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/**
 * The header on a 360-px phone: every page of {@code labels} (menu order) is a whole, visible ≥ 44 × 44 px
 * target on screen with nothing scrolling sideways, {@code current} alone is marked aria-current=page, the
 * person's name is not cut, and Tab goes brand → pages → Sign out in reading order (rows top to bottom,
 * left to right within a row).
 */
export async function assertPhoneHeader(page, labels, current) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  try {
    const h = await page.evaluate(() => {
      const top = document.querySelector('header.top');
      const box = el => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height, right: r.right }; };
      const name = top.querySelector('.who-name');
      return {
        width: innerWidth,
        overflow: Math.max(top.scrollWidth - top.clientWidth, top.querySelector('nav').scrollWidth - top.querySelector('nav').clientWidth),
        links: [...top.querySelectorAll('nav a')].map(a => ({ text: a.textContent.trim(), current: a.getAttribute('aria-current'), visible: a.checkVisibility(), ...box(a) })),
        signOut: box([...top.querySelectorAll('button')].find(b => b.textContent.trim() === 'Sign out')),
        nameCut: name.scrollWidth > name.clientWidth || name.scrollHeight > name.clientHeight,
      };
    });
    assert.deepEqual(h.links.map(l => l.text), labels, 'the menu offers exactly the pages of the role');
    assert.equal(h.overflow, 0, 'nothing in the header scrolls sideways');
    for (const t of [...h.links, { text: 'Sign out', visible: true, ...h.signOut }]) {
      assert.ok(t.visible && t.x >= 0 && t.right <= h.width, `${t.text} is wholly on screen at 360 px (x ${t.x}..${t.right})`);
      assert.ok(t.w >= 44 && t.h >= 44, `${t.text} is a 44 px target (${t.w} x ${t.h})`);
    }
    assert.deepEqual(h.links.filter(l => l.current === 'page').map(l => l.text), [current], 'only the page shown is marked current');
    assert.equal(h.nameCut, false, 'the signed-in name is shown whole');

    await page.locator('header.top .brand').focus();
    const stops = [];
    for (let i = 0; i <= labels.length; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return { text: el.textContent.trim(), x: r.x, y: r.y };
      }));
    }
    assert.deepEqual(stops.map(s => s.text), [...labels, 'Sign out'], 'Tab goes through the pages, then Sign out');
    for (let i = 1; i < stops.length; i++) {
      const [a, b] = [stops[i - 1], stops[i]];
      assert.ok(b.y > a.y + 1 || (Math.abs(b.y - a.y) <= 1 && b.x > a.x), `${b.text} comes after ${a.text} in reading order, as Tab does`);
    }
  } finally {
    await page.evaluate(() => document.activeElement?.blur()); // later screenshots without a focus ring
    await page.setViewportSize(before);
  }
}

/** Asks the test beside the browser: POST /restart, GET /pd/<door>, POST /silence/<door>/on|off. */
export async function control(method, pathname) {
  const r = await fetch(CONTROL_URL + pathname, { method });
  const body = await r.json();
  assert.equal(r.status, 200, `${method} ${pathname}: ${JSON.stringify(body)}`);
  return body;
}

/** Reads the gateway's API as an admin machine would (never through the page): for checks beside the browser. */
export async function apiAsAdmin(pathname) {
  const r = await fetch(GATEWAY_URL + pathname, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = await r.json();
  assert.equal(r.status, 200, `GET ${pathname}: ${JSON.stringify(body)}`);
  return body;
}

/** Every audit record the query finds (e.g. "type=door.command&door=gym-east"), oldest first. */
export async function audit(query) {
  const all = [];
  let cursor = null;
  do {
    const page = await apiAsAdmin(`/api/v1/audit?${query ? query + '&' : ''}limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...page.items);
    cursor = page.next ?? null;
  } while (cursor);
  return all;
}

/** Polls {@code probe} (async, returns truthy when done) until it holds or WAIT_MS passes; fails naming {@code what}. */
export async function eventually(probe, what, within = WAIT_MS) {
  const deadline = Date.now() + within;
  let pause = 25;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${within / 1000} s waiting for ${what}`);
    await new Promise(r => setTimeout(r, pause));
    pause = Math.min(pause * 2, 250);
  }
}

/** Sends a JSON request to the gateway's API as the test's admin machine (a bearer token, not a browser session). */
export async function apiAsAdminSend(method, pathname, body) {
  const r = await fetch(GATEWAY_URL + pathname, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${pathname}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Starts a lockdown of zone north as the admin machine; returns its report. */
export async function lockDownNorth(reason = 'browser test: drill started beside the browser') {
  return apiAsAdminSend('POST', '/api/v1/lockdowns', { level: 'lockdown', scope: { zone: 'north' }, drill: true, reason });
}

export const NORTH = ['north-lobby', 'gym-east', 'gym-west'];

/**
 * Presses Tab (Shift+Tab with {@code back}) until the focused element's accessible text is {@code name}
 * inside {@code within} (a CSS selector, or the whole page); fails after {@code max} presses. Proves the
 * control is reachable from the keyboard in the page's tab order.
 */
export async function tabTo(page, name, { within = 'body', max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const here = await page.evaluate(sel => {
      const el = document.activeElement;
      return el && el.closest(sel) ? (el.getAttribute('aria-label') || el.textContent || el.value || '').trim() : null;
    }, within);
    if (here === name) return i + 1;
  }
  throw new Error(`"${name}" not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** The accessible text of the focused element (what a screen reader would start from). */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : null;
  });
}
