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

// Each month end is its own request, so a click made while they are counted waits for one
// replay, not six; each point is the stage counts as of its time, as `tandem report` gives them.
test('Dashboard.TrendsAreAskedOneMonthEndAtATimeAndMatchTheCli', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    const asked = [];
    window.__trends = asked;
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', ({ data }) => {
          const request = asked.find((r) => r.id === data?.id);
          if (request && data.type === 'result') request.answer = data.value;
        });
      }

      postMessage(message, ...rest) {
        if (message?.type === 'trends') asked.push({ id: message.id, point: message.point });
        return super.postMessage(message, ...rest);
      }
    };
  });
  await page.goto(server.url);
  await page.waitForSelector('#trends[data-ready="true"] svg', { timeout: 30_000 });
  const asked = await page.evaluate(() => window.__trends);
  assert.deepEqual(asked.map((r) => r.point), [0, 1, 2, 3, 4, 5]);

  const cli = join(root, 'build/native/cli/tandem');
  const demo = join(root, 'public/demo/workspace.json');
  for (const { answer } of asked) {
    assert.equal(answer.points.length, 1);
    const [{ at, stages }] = answer.points;
    const expected = JSON.parse(execFileSync(cli, ['report', 'stages', demo, '--now', at],
      { encoding: 'utf8' })).stages;
    assert.deepEqual(stages, expected, `stages at ${at}`);
  }
  const times = asked.map(({ answer }) => Date.parse(answer.points[0].at));
  assert.deepEqual([...times].sort((a, b) => a - b), times, 'the oldest month end first');
  assert.equal(times.at(-1), Date.parse(asked.at(-1).answer.now), 'the last point is now');
  assert.deepEqual(errors, []);
});

// The conversion figures are the engine's funnel report (of those who reached a stage, the
// share who reached the next), not counted in the page from today's stage counts.
test('Dashboard.ConversionIsTheEngineFunnelReport', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('#conversion[data-ready="true"] li', { timeout: 30_000 });
  const shown = await page.$$eval('#conversion li', (rows) =>
    rows.map((row) => [row.dataset.step, row.querySelector('strong').textContent]));

  const cli = join(root, 'build/native/cli/tandem');
  const { conversion } = JSON.parse(execFileSync(cli, ['report', 'funnel',
    join(root, 'public/demo/workspace.json')], { encoding: 'utf8' }));
  assert.deepEqual(shown, Object.entries(conversion).map(([step, share]) => [step, `${Math.round(share * 100)}%`]));
  assert.equal(shown.length, 4);
  assert.match(await page.textContent('#conversion'), /Leads → Marketing qualified: \d+%/);
  assert.deepEqual(errors, []);
});
