// The Lockdown page's per-door report fills from the event stream's per-door records, not by re-reading
// the whole report: its rows confirm while its own start has not been answered yet, a lockdown started
// elsewhere is read once at its start and once at its end, and the rows end as the gateway's report says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, signIn, apiAsAdmin, apiAsAdminSend, control, eventually, NORTH } from '../lib/console.mjs';

/** Waits for the page's stream to be live: from then on, the stream's records are what fill the rows. */
async function live(page) {
  await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
}

/** The page's reads of lockdown reports (GET /api/v1/lockdowns and /api/v1/lockdowns/{id}) from now on. */
function countReads(page) {
  const reads = [];
  page.on('request', r => {
    const url = new URL(r.url());
    if (r.method() === 'GET' && url.pathname.startsWith('/api/v1/lockdowns')) reads.push(url.pathname);
  });
  return reads;
}

/** Each row of the page's lock report: door id -> its status, latency and detail as shown. */
function shownRows(page) {
  return page.locator('.lockdown-card').first().locator('tr[data-door]').evaluateAll(rows =>
    Object.fromEntries(rows.map(r => [r.dataset.door, [...r.cells].slice(1).map(c => c.textContent.trim())])));
}

function reportRows(report) {
  return Object.fromEntries(report.doors.map(d => [d.id, [d.status, `${d.latencyMs} ms`, d.detail ?? '']]));
}

/** Whether the page's rows are the report's, door by door (whatever their order). */
async function showsReport(page, report) {
  const shown = await shownRows(page);
  const want = reportRows(report);
  return Object.keys(shown).length === Object.keys(want).length
    && Object.entries(want).every(([door, cells]) => JSON.stringify(shown[door]) === JSON.stringify(cells));
}

test('the page\'s own lockdown shows every door confirmed from the stream before its start is answered, then the report', async () => {
  await withBrowser('lockdown-live-own', async b => {
    const { page } = b;
    await signIn(page, 'lockdown', '/lockdown');
    await live(page);
    // The POST's answer is held back until the rows are checked: only the stream can fill them meanwhile.
    let letAnswer;
    const answerHeld = new Promise(r => { letAnswer = r; });
    let answered = null;
    await page.route('**/api/v1/lockdowns', async route => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      answered = await response.json();
      await answerHeld;
      await route.fulfill({ response });
    });
    const reads = countReads(page);

    await page.getByRole('button', { name: 'Lock down North building', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /Drill/ }).check();
    await dialog.getByLabel('Reason').fill('browser test: the report fills from the stream');
    await dialog.getByRole('button', { name: 'Start lockdown' }).click();
    try {
      for (const door of NORTH) {
        await page.locator(`tr[data-door="${door}"]`).getByRole('cell', { name: 'confirmed', exact: true }).waitFor();
      }
      assert.equal(answered?.doors.length, NORTH.length, 'the gateway answered the start (the page has not seen it)');
      assert.deepEqual(reads, [], 'no report read while the stream is live');
    } finally {
      letAnswer();
    }
    await eventually(() => showsReport(page, answered),
      'the rows to show the gateway\'s report once it answered');
    // exact: the screen-reader announcement says the same words inside a longer sentence
    await page.getByText(`${NORTH.length} of ${NORTH.length} confirmed`, { exact: true }).waitFor();
    assert.deepEqual(b.problems, []);
  });
});

test('a lockdown started elsewhere is read once at its start and once at its end, offline doors shown as offline', async () => {
  await withBrowser('lockdown-live-elsewhere', async b => {
    const { page } = b;
    await signIn(page, 'operator', '/lockdown');
    await live(page);
    const reads = countReads(page);
    try {
      // PD 1 of line A serves main-entrance and front-office: both offline; library answers.
      await control('POST', '/silence/front-office/on');
      await eventually(async () => (await apiAsAdmin('/api/v1/doors/front-office')).state?.online === false,
        'the gateway to see front-office offline');
      const report = await apiAsAdminSend('POST', '/api/v1/lockdowns',
        { level: 'lockdown', scope: { zone: 'main' }, drill: true, reason: 'browser test: started by the district office' });
      assert.deepEqual(Object.fromEntries(report.doors.map(d => [d.id, d.status])),
        { 'main-entrance': 'offline', 'front-office': 'offline', library: 'confirmed' });
      await eventually(() => showsReport(page, report),
        'the rows to show the gateway\'s report');
      assert.ok(reads.length >= 1 && reads.length <= 2, `the report read at the start and at the end only: ${reads.join(', ')}`);
      assert.ok(reads.every(p => p === `/api/v1/lockdowns/${report.id}`), `reads of that lockdown only: ${reads.join(', ')}`);
    } finally {
      await control('POST', '/silence/front-office/off');
    }
    assert.deepEqual(b.problems, []);
  });
});
