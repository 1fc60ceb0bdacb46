// What is saved stays saved, exactly once: through a reload, closing the browser and opening
// it again on the same profile, and beside another workspace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { join } from 'node:path';

import { launch, screenshots, serve, watchErrors } from './browser.mjs';

let server;
let profile;

before(async () => {
  server = await serve();
});

after(() => server?.close());

const ready = (name) => `#view[data-view="${name}"][data-ready="true"]`;

async function contactPage(context, id) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}#/contact/${id}`);
  await page.waitForSelector(ready('contact'), { timeout: 30_000 });
  return { page, errors };
}

const opsOf = (page) => page.$$eval('#timeline li', (items) => items.map((li) => li.dataset.op));

test('Persistence.EditsSurviveReloadAndRestartOnce', async () => {
  let browser = await launch();
  profile = browser.profile;
  let { page, errors } = await contactPage(browser.context, 'c0002');
  const before = await opsOf(page);
  await page.click('button.touch-responded');
  await page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, before.length + 1);
  const saved = await opsOf(page);
  const added = saved.filter((id) => !before.includes(id));
  assert.equal(added.length, 1);
  assert.match(added[0], /^app-[0-9a-f]+:\d+$/);

  await page.reload();
  await page.waitForSelector(ready('contact'));
  assert.deepEqual(await opsOf(page), saved);
  assert.deepEqual(errors, []);
  await browser.context.close();

  browser = await launch({ profile });
  ({ page, errors } = await contactPage(browser.context, 'c0002'));
  assert.deepEqual(await opsOf(page), saved);
  assert.equal(await page.isVisible('#demo-note'), true);

  // A second workspace beside the first leaves it as it was.
  await page.goto(`${server.url}#/workspaces`);
  await page.waitForSelector(ready('workspaces'));
  await page.fill('#new-workspace-name', 'Client B');
  await page.click('#create-empty');
  await page.waitForFunction(() => document.querySelector('#workspace-picker option:checked')?.textContent === 'Client B');
  await page.waitForSelector(ready('dashboard'));
  assert.equal(await page.textContent('#view h2'), 'Client B');
  assert.equal(await page.isVisible('#demo-note'), false);
  await page.screenshot({ path: join(screenshots, 'dashboard-empty.png'), fullPage: true });
  const demo = await page.$eval('#workspace-picker', (select) =>
    [...select.options].find((o) => o.textContent === 'Demo workspace').value);
  await page.selectOption('#workspace-picker', demo);
  await page.waitForFunction(() => document.querySelector('#view h2')?.textContent === 'Demo workspace');
  await page.goto(`${server.url}#/contact/c0002`);
  await page.waitForSelector(ready('contact'));
  assert.deepEqual(await opsOf(page), saved);
  assert.deepEqual(errors, []);
  await browser.context.close();
});

test('Persistence.TwoTabsOnAFirstVisitShareOneDemo', async () => {
  const browser = await launch();
  const pages = await Promise.all([browser.context.newPage(), browser.context.newPage()]);
  const errors = pages.map(watchErrors);
  await Promise.all(pages.map((page) => page.goto(server.url)));
  for (const page of pages) await page.waitForSelector(ready('dashboard'), { timeout: 30_000 });
  await pages[0].reload();
  await pages[0].waitForSelector(ready('dashboard'));
  for (const page of pages) {
    // The header is filled once the view is drawn.
    await page.waitForFunction(() => document.querySelectorAll('#workspace-picker option').length > 0);
    assert.deepEqual(await page.$$eval('#workspace-picker option', (options) => options.map((o) => o.textContent)),
      ['Demo workspace']);
  }
  assert.deepEqual(errors.flat(), []);
  await browser.context.close();
});
