// 100k contacts: imported as a workspace file, listed with only the rows in sight drawn, and
// scrolled to the very last one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { launch, screenshots, serve, watchErrors } from './browser.mjs';

const COUNT = 100_000;
let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.context.close();
  server?.close();
});

function bigWorkspace() {
  const industries = ['software', 'fintech', 'retail', 'logistics'];
  const contacts = Array.from({ length: COUNT }, (_, n) => ({
    id: `p${n}`, name: `Person ${n}`, email: `person${n}@firm${n % 997}.example`,
    company: `Firm ${n % 997}`, industry: industries[n % 4], employees: 20 + (n % 900),
  }));
  const ops = Array.from({ length: 2000 }, (_, n) => ({
    id: `web-1:${n + 1}`, at: new Date(Date.UTC(2026, 9, 1) + n * 60_000).toISOString(), actor: 'system',
    type: 'content_download', contact: `p${(n * 37) % COUNT}`, props: { content: 'guide' },
  }));
  return JSON.stringify({ format: 'tandem.workspace', version: 1,
    config: { stages: { mql_score: 20, sql_score: 80 }, scoring: { half_life_days: 30,
      behaviour: [{ id: 'download', on: 'content_download', points: 12 }],
      fit: [{ id: 'icp', if: { field: 'industry', in: ['software', 'fintech'] }, points: 15 }] } },
    contacts, ops });
}

test('Contacts.HundredThousandRowsDrawOnlyWhatIsInSight', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}#/import`);
  await page.waitForSelector('#view[data-view="import"][data-ready="true"]', { timeout: 30_000 });
  await page.setInputFiles('#workspace-file', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(bigWorkspace()) });
  await page.click('#import-workspace');
  await page.waitForSelector('#workspace-result [data-done="true"]', { timeout: 60_000 });

  await page.goto(`${server.url}#/contacts`);
  await page.waitForSelector('#view[data-view="contacts"][data-ready="true"] #contact-list a.row', { timeout: 60_000 });
  assert.match(await page.textContent('#contact-count'), /100,000 of 100,000/);
  const drawn = await page.$$eval('#contact-list a.row', (rows) => rows.length);
  assert.ok(drawn < 100, `only the rows in sight are in the page (${drawn})`);

  await page.$eval('#contact-list', (list) => { list.scrollTop = list.scrollHeight; });
  await page.waitForSelector(`#contact-list a.row[data-id="p${COUNT - 1}"]`);
  await page.fill('#contact-search', 'person99999@');
  await page.waitForSelector('#contact-list a.row[data-id="p99999"]');
  assert.match(await page.textContent('#contact-count'), /^1 of/);
  await page.screenshot({ path: join(screenshots, 'contacts-100k.png') });
  assert.deepEqual(errors, []);
});
