// The investigator searches the audit trail with its filters, exports what was found as CSV and
// NDJSON (the downloaded files are read back), and has the hash chain verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, signIn, screenshots, apiAsAdminSend } from '../lib/console.mjs';

test('an investigator searches the trail by door and type, exports it, and verifies the chain', async () => {
  for (const door of ['gym-east', 'library']) await apiAsAdminSend('POST', `/api/v1/doors/${door}/pulse`);
  await withBrowser('audit-search-export', async b => {
    const { page } = b;
    await signIn(page, 'investigator', '/audit');
    await page.getByLabel('Door', { exact: true }).fill('gym-east');
    await page.getByLabel('Type', { exact: true }).fill('door.command');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: 'gym-east' }).filter({ hasText: 'confirmed' }).first().waitFor();
    assert.equal(await rows.filter({ hasText: 'library' }).count(), 0, 'the door filter leaves library out');
    await screenshots(page, 'audit');

    const csv = await download(page, 'Export CSV');
    const lines = csv.split('\r\n').filter(Boolean);
    assert.match(lines[0], /seq/i, 'a header row');
    assert.equal(lines.length, 3, `header + requested + confirmed pulse of gym-east:\n${csv}`);
    for (const line of lines.slice(1)) {
      assert.match(line, /gym-east/);
      assert.match(line, /door\.command/);
    }
    const ndjson = (await download(page, 'Export NDJSON')).split('\n').filter(Boolean).map(l => JSON.parse(l));
    assert.deepEqual(ndjson.map(r => [r.type, r.door, r.result]),
      [['door.command', 'gym-east', 'requested'], ['door.command', 'gym-east', 'confirmed']]);
    assert.ok(ndjson.every(r => typeof r.hash === 'string' && r.hash.length >= 32), 'each record carries its hash');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByRole('status').getByText('The chain holds.').waitFor();
    await screenshots(page, 'audit-verified');
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.outside(), []);
  });
});

/** Clicks the export control and returns the downloaded file's text. */
async function download(page, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).or(page.getByRole('button', { name })).click(),
  ]);
  assert.equal(await file.failure(), null, `${name} downloaded`);
  return readFile(await file.path(), 'utf8');
}
