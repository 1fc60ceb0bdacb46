// Start-up with a workspace stored: the dashboard's answers (counts, stages, trend points) are
// kept with the stored workspace, and the next start draws the dashboard from them while the
// engine still opens it. Only answers given for exactly what is stored are used.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, serve, watchErrors } from './browser.mjs';

let server;

before(async () => {
  server = await serve();
});

after(() => server?.close());

const ready = (name) => `#view[data-view="${name}"][data-ready="true"]`;

const funnelCounts = (page) => page.$$eval('#funnel li', (rows) =>
  Object.fromEntries(rows.map((row) => [row.dataset.stage, Number(row.querySelector('.stage-count').textContent)])));

// The answers the worker keeps for the open workspace, as stored: { stamp, answers } or null.
const keptAnswers = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const request = indexedDB.open('tandem');
  request.onerror = () => reject(request.error);
  request.onsuccess = () => {
    const db = request.result;
    const tx = db.transaction('meta');
    const last = tx.objectStore('meta').get('last');
    last.onsuccess = () => {
      const kept = tx.objectStore('meta').get(`answers:${last.result.value}`);
      kept.onsuccess = () => {
        db.close();
        resolve(kept.result?.value ?? null);
      };
    };
  };
}));

// The kept answers once `done(kept)` holds (the worker keeps them just after answering), or
// the last read after ten seconds.
async function keptOnce(page, done) {
  let kept = await keptAnswers(page);
  for (let i = 0; i < 200 && !done(kept); ++i) {
    await page.waitForTimeout(50);
    kept = await keptAnswers(page);
  }
  return kept;
}

const dashboardKept = (kept) => Object.keys(kept?.answers ?? {}).length >= 8;

// Holds back every request for the engine's WASM until release() is called: until then the
// worker cannot open the workspace, so whatever the dashboard shows comes from kept answers.
async function holdEngine(context) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/wasm/tandem.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

// Keeps the page's engine worker where the test can reach it (probeWorker).
function keepWorker() {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__engineWorker = this;
    }
  };
}

// Sends the worker a request of the test's own and resolves with its reply. Before the engine
// is in, the worker gives each request its kept answer or holds it back, one after another in
// the order they came, and the list of workspaces it always gives: once this reply is in, every
// request the page made before it has had its kept answer, if there was one to give.
const probeWorker = (page) => page.evaluate(async () => {
  const { Request, message } = await import('/web/shared/protocol.js');
  const worker = window.__engineWorker;
  return new Promise((resolve) => {
    worker.addEventListener('message', function reply({ data }) {
      if (data?.id !== 'startup-test') return;
      worker.removeEventListener('message', reply);
      resolve(data);
    });
    worker.postMessage(message(Request.WORKSPACES, { id: 'startup-test' }));
  });
});

// Notes the stage counts of every funnel the page draws, from the first one on.
function noteFunnels() {
  window.__funnels = [];
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      const funnel = document.querySelector('#funnel[data-ready="true"]');
      if (!funnel || funnel.dataset.noted) return;
      funnel.dataset.noted = 'true';
      window.__funnels.push(Object.fromEntries([...funnel.querySelectorAll('li')].map((row) =>
        [row.dataset.stage, Number(row.querySelector('.stage-count').textContent)])));
    }).observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}

test('Startup.TheDashboardIsDrawnFromKeptAnswersWhileTheEngineOpens', async () => {
  const { context } = await launch({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('#trends[data-ready="true"] svg', { timeout: 30_000 });
  const counts = await funnelCounts(page);
  const trends = await page.$eval('#trends svg', (svg) => svg.outerHTML);
  const kept = await keptOnce(page, dashboardKept);
  assert.deepEqual(Object.keys(kept.answers).sort(),
    ['stages', 'summary', ...[0, 1, 2, 3, 4, 5].map((i) => `trends 6 ${i}`)].sort());

  const release = await holdEngine(context);
  await page.reload();
  await page.waitForSelector(ready('dashboard'));
  await page.waitForSelector('#trends[data-ready="true"] svg');
  assert.deepEqual(await funnelCounts(page), counts);
  assert.equal(await page.$eval('#trends svg', (svg) => svg.outerHTML), trends);

  // Once the engine is in, everything else works as before.
  release();
  await page.click('#nav a[data-view="contacts"]');
  await page.waitForSelector(ready('contacts'), { timeout: 30_000 });
  await page.waitForSelector('#contact-list a.row');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Startup.AnswersKeptForWhatIsNoLongerStoredAreNotGiven', async () => {
  const { context } = await launch({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('#trends[data-ready="true"] svg', { timeout: 30_000 });
  const before = await funnelCounts(page);
  assert.ok(dashboardKept(await keptOnce(page, dashboardKept)));

  // An op stored behind the worker's back, as another tab's would be: a new visitor's page view.
  const summary = (await keptAnswers(page)).answers.summary;
  await page.evaluate((at) => new Promise((resolve, reject) => {
    const request = indexedDB.open('tandem');
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['meta', 'ops'], 'readwrite');
      tx.objectStore('meta').get('last').onsuccess = ({ target }) => {
        const workspace = target.result.value;
        tx.objectStore('ops').put({ workspace, id: 'elsewhere:1', op: { id: 'elsewhere:1', at,
          actor: 'marketing', type: 'page_view', contact: 'v:startup-test', props: { path: '/' } } });
      };
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), new Date(Date.parse(summary.now) + 1000).toISOString());

  const release = await holdEngine(context);
  await page.addInitScript(noteFunnels);
  await page.addInitScript(keepWorker);
  await page.reload();
  // The dashboard has asked for its answers (it marks the view before it asks), and the worker
  // has dealt with those requests while the engine cannot open: none was given a kept answer.
  await page.waitForSelector('#view[data-view="dashboard"]', { state: 'attached' });
  assert.equal((await probeWorker(page)).ok, true);
  assert.deepEqual(await page.evaluate(() => window.__funnels), [], 'no funnel drawn before the engine opens');
  release();
  await page.waitForSelector(ready('dashboard'), { timeout: 30_000 });
  const drawn = await page.evaluate(() => window.__funnels);
  assert.equal(drawn.length, 1, 'one funnel, drawn by the engine');
  assert.deepEqual(drawn[0], { ...before, visitor: before.visitor + 1 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Startup.AnEditInAnotherViewStillLeavesTheDashboardKeptForTheNextStart', async () => {
  const { context } = await launch({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector(ready('dashboard'), { timeout: 30_000 });

  // A sales touch, made on the contact's view: the dashboard is not shown again before the
  // next start, yet its answers for the workspace with the touch are kept once the worker idles.
  await page.goto(`${server.url}#/contact/c0002`);
  await page.waitForSelector(ready('contact'));
  const before = await page.$$eval('#timeline li', (items) => items.length);
  await page.click('button.touch-responded');
  await page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, before + 1);
  const kept = await keptOnce(page,
    (k) => / app-[0-9a-f]+:\d+/.test(k?.stamp ?? '') && Object.hasOwn(k.answers, 'stages'));
  assert.match(kept.stamp, / app-[0-9a-f]+:\d+/, 'kept for the workspace with the touch');
  assert.ok(Object.hasOwn(kept.answers, 'stages') && Object.hasOwn(kept.answers, 'summary'));

  // The touch is the last op, so it is `now` too: the counts are the engine's as of then.
  await page.goto(`${server.url}#/dashboard`);
  await page.waitForSelector(ready('dashboard'));
  const counts = await funnelCounts(page);
  assert.deepEqual(counts, kept.answers.stages.stages);

  const release = await holdEngine(context);
  await page.reload();
  await page.waitForSelector(ready('dashboard'));
  assert.deepEqual(await funnelCounts(page), counts);
  release();
  assert.deepEqual(errors, []);
  await context.close();
});
