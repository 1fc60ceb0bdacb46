// The app as a person first sees it: the page loads the WASM engine in a worker, opens the
// demo workspace, and shows the same stage counts as `tandem report stages`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { launch, root, screenshots, serve, watchErrors } from './browser.mjs';

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

test('Dashboard.ShowsTheDemoWorkspaceStageCounts', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('#funnel[data-ready="true"]', { timeout: 30_000 });

  const cli = join(root, 'build/native/cli/tandem');
  const expected = JSON.parse(
    execFileSync(cli, ['report', 'stages', join(root, 'public/demo/workspace.json')], { encoding: 'utf8' }),
  ).stages;
  const shown = await page.$$eval('#funnel li', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.stage, Number(row.querySelector('.stage-count').textContent)])),
  );
  assert.deepEqual(shown, expected);
  assert.ok(expected.customer > 0 && expected.sql > 0, 'the demo reaches every stage');
  // The trends come after the funnel is drawn, and take the placeholder's place.
  await page.waitForSelector('#trends[data-ready="true"] svg');
  assert.equal(await page.$$eval('#trends .error', (e) => e.length), 0);
  await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
