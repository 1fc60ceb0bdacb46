// The app's own figures in headless Chromium, printed as JSON (SPEC §6 persistence and
// start-up):   node tests/bench/app-bench.mjs --size 10k [--runs 3]
// Serves the built public/ (scripts/build) on 127.0.0.1, with one profile kept across browser
// restarts so IndexedDB persists, and measures, for build/bench/workspace-SIZE.json:
//  - save: the app's store module (public/web/worker/store.js) storing the document as a new
//    workspace; load: store.read of it in a fresh page after a browser restart;
//  - phases: the worker's start-up steps, each timed on its own in a plain page (engine
//    download and compile, opening the store, reading, the engine loading the document, and
//    what the dashboard then asks for);
//  - start-up: a fresh browser opening the app with that workspace stored as its only one.
// Timings are printed, never asserted.
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const publicDir = join(root, 'public');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const size = option('--size', '10k');
const runs = Number(option('--runs', '3'));
const workspaceFile = join(root, `build/bench/workspace-${size}.json`);
const log = (text) => console.error(`  app: ${text}`);

if (!existsSync(join(publicDir, 'web/worker/store.js'))) throw new Error('public/ is not built: run scripts/build');
if (!existsSync(workspaceFile)) throw new Error(`no ${workspaceFile}: run scripts/generate-workspace.mjs --preset ${size}`);

// public/ as scripts/serve.mjs serves it, plus two things of the benchmark's own under
// /__bench/: an empty page (no app, so no worker opening the workspace meanwhile) on the same
// origin as the app, hence with the app's IndexedDB, and the generated workspace file.
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
const BLANK = '<!doctype html><html lang="en"><title>Tandem app benchmark</title>' +
  '<link rel="icon" href="data:,"><body></body></html>';

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/__bench/blank.html') {
    res.writeHead(200, { 'content-type': types['.html'], 'cache-control': 'no-cache' }).end(BLANK);
    return;
  }
  let file = path === '/__bench/workspace.json' ? workspaceFile : resolve(join(publicDir, path));
  if (file !== workspaceFile && file !== publicDir && !file.startsWith(publicDir + sep)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size, 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// One profile for every launch: what one launch stores, the next one reads from disk.
const profile = mkdtempSync(join(tmpdir(), 'tandem-appbench-'));
let browserVersion = '';

// The app runs with Chromium's default heap limit, as it would for anyone; only the step-by-step
// page, which holds what the worker holds and more, is given a larger one.
async function withBrowser(work, { bigHeap = false } = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(bigHeap ? ['--js-flags=--max-old-space-size=8192'] : [])],
    viewport: { width: 1280, height: 860 },
  });
  try {
    const page = await context.newPage();
    browserVersion ||= `${(await page.evaluate(() => navigator.userAgent)).match(/Chrome\/([\d.]+)/)?.[1]} (Chromium)`;
    page.on('console', (m) => m.type() === 'error' && log(`page: ${m.text()}`));
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    return await work(page);
  } finally {
    await context.close();
  }
}

const blank = async (page) => page.goto(`${origin}/__bench/blank.html`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

// 1. Save: the workspace stored as a new one by the app's store module, and made the app's
//    last-opened one (the meta key the worker opens on start). What is stored is what the
//    app's import stores: the engine's snapshot bytes of the file, not the file itself.
//    Saved `runs` times, each a new workspace; all but the first are deleted again.
async function save(page) {
  await blank(page);
  return page.evaluate(async ({ name, runs }) => {
    const { loadTandem } = await import('/wasm/api.js');
    const { openStore } = await import('/web/worker/store.js');
    const file = await (await fetch('/__bench/workspace.json')).text();
    const opened = (await loadTandem()).openWorkspace(file);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors.slice(0, 3)));
    const bytes = opened.workspace.snapshot();
    opened.workspace.dispose();
    const store = await openStore();
    const saves = [];
    let kept;
    for (let i = 0; i < runs; ++i) {
      const t = performance.now();
      const record = await store.createWorkspace(name, bytes);
      saves.push(performance.now() - t);
      if (kept) await store.deleteWorkspace(record.id);
      else kept = record;
    }
    await store.setMeta('last', kept.id);
    const { usage } = await navigator.storage.estimate();
    return { id: kept.id, file_chars: file.length, bytes: bytes.length, save_ms: saves,
      storage_mb: usage / 1e6, workspaces: (await store.listWorkspaces()).length };
  }, { name: `Benchmark ${size}`, runs });
}

// 2. Load: store.read in a fresh browser, nothing of the workspace in memory.
async function load(page, id) {
  await blank(page);
  return page.evaluate(async (workspace) => {
    let t = performance.now();
    const { openStore } = await import('/web/worker/store.js');
    const store = await openStore();
    const openMs = performance.now() - t;
    t = performance.now();
    const data = await store.read(workspace);
    const readMs = performance.now() - t;
    return { open_store_ms: openMs, load_ms: readMs, bytes: data.bytes.length, ops: data.ops.length };
  }, id);
}

// 3. The worker's start-up (startup.js and the dashboard's requests), step by
//    step with the app's own modules, in a fresh browser. The same code as the worker runs,
//    but on the page's thread and with a clock around each step.
async function phases(page) {
  await blank(page);
  return page.evaluate(async () => {
    const t = {};
    let s = performance.now();
    const lap = (name) => { const now = performance.now(); t[name] = now - s; s = now; };
    const { loadTandem } = await import('/wasm/api.js');
    const { openStore } = await import('/web/worker/store.js');
    lap('modules_ms');
    const tandem = await loadTandem();
    lap('engine_compile_ms');
    const store = await openStore();
    await store.replica();
    const list = await store.listWorkspaces();
    const last = await store.getMeta('last');
    lap('open_store_ms');
    const data = await store.read(list.find((w) => w.id === last)?.id ?? list[0].id);
    lap('read_ms');
    const opened = tandem.openSnapshot(data.bytes);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors.slice(0, 3)));
    lap('engine_open_ms');
    const workspace = opened.workspace;
    // The dashboard asks for SUMMARY (the engine's counts of contacts and ops), the stages
    // report, and TRENDS (the stages report at six month ends).
    const counts = workspace.counts();
    lap('summary_ms');
    const stages = workspace.report('stages');
    lap('stages_ms');
    const end = new Date(stages.now);
    const points = [];
    for (let i = 5; i >= 1; --i) points.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i + 1, 1) - 1000));
    points.push(end);
    for (const at of points) workspace.report('stages', { now: at.toISOString() });
    lap('trends_ms');
    workspace.dispose();
    return { ...t, contacts: counts.contacts, ops: counts.ops, bytes: data.bytes.length };
  });
}

// 4. Start-up of the app itself. Before the app's scripts run, the page's Worker is wrapped to
//    note when each request goes out and its answer comes back, and an observer on the view
//    notes when it is first ready and then clicks the "Contacts" nav link (in the page, so no
//    harness latency is counted) and notes when the router has switched the view.
function instrument() {
  const marks = { requests: [], longest_task_ms: 0, long_tasks: 0,
    service_worker: Boolean(navigator.serviceWorker?.controller) };
  window.__appBench = marks;
  const now = () => performance.now();
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...a) {
      super(...a);
      marks.worker_created_ms = now();
      this.addEventListener('message', ({ data }) => {
        if (data?.type === 'status') marks[`worker_${data.state}_ms`] ??= now();
        if (data?.type === 'result') {
          const request = marks.requests.find((r) => r.id === data.id);
          if (request) request.answered_ms = now();
        }
      });
    }

    postMessage(message, ...rest) {
      if (message?.id) marks.requests.push({ id: message.id, type: message.type, sent_ms: now() });
      return super.postMessage(message, ...rest);
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      marks.long_tasks += 1;
      marks.longest_task_ms = Math.max(marks.longest_task_ms, e.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    const view = document.getElementById('view');
    new MutationObserver(() => {
      if (marks.first_view_ms === undefined && view.dataset.ready === 'true') {
        marks.first_view_ms = now();
        marks.first_view = view.dataset.view;
        marks.funnel = [...view.querySelectorAll('#funnel .stage-count')].map((e) => Number(e.textContent));
        marks.click_ms = now();
        document.querySelector('#nav a[data-view="contacts"]').click();
      } else if (marks.click_ms !== undefined && view.dataset.view === 'contacts') {
        if (marks.click_handled_ms === undefined) {
          marks.click_handled_ms = now();
          marks.long_tasks_until_interactive = marks.long_tasks;
          marks.longest_task_until_interactive_ms = marks.longest_task_ms;
        }
        if (view.dataset.ready === 'true') marks.contacts_view_ms ??= now();
      }
    }).observe(view, { attributes: true, attributeFilter: ['data-ready', 'data-view'] });
  });
}

async function startup(page) {
  await page.addInitScript(instrument);
  await page.goto(origin);
  await page.waitForFunction(() => window.__appBench?.contacts_view_ms !== undefined ||
    document.querySelector('#status[data-kind="error"]'), null, { timeout: 0, polling: 250 });
  return page.evaluate(() => {
    const m = window.__appBench;
    const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const nav = performance.getEntriesByType('navigation')[0];
    const error = document.querySelector('#status[data-kind="error"]')?.textContent;
    // The answer to the first request of each type: the dashboard's own, not the header's.
    const byType = {};
    for (const r of m.requests) byType[r.type] ??= r.answered_ms;
    return { error, dom_content_loaded_ms: nav.domContentLoadedEventEnd, first_paint_ms: paint,
      worker_created_ms: m.worker_created_ms, worker_running_ms: m.worker_loading_ms,
      worker_ready_ms: m.worker_ready_ms, dashboard_answers_ms: byType,
      first_view: m.first_view, first_view_ms: m.first_view_ms, funnel: m.funnel,
      interactive_ms: m.click_handled_ms, click_latency_ms: m.click_handled_ms - m.click_ms,
      contacts_view_ms: m.contacts_view_ms, long_tasks: m.long_tasks_until_interactive,
      longest_task_ms: m.longest_task_until_interactive_ms, service_worker: m.service_worker };
  });
}

const result = { size, runs };
try {
  log(`saving ${size} into IndexedDB...`);
  result.save = await withBrowser(save, { bigHeap: true });
  result.snapshot_mb = result.save.bytes / 1e6;
  log(`saved in ${result.save.save_ms.map((x) => x.toFixed(0)).join(', ')} ms`);
  result.load = [];
  for (let i = 0; i < runs; ++i) {
    result.load.push(await withBrowser((page) => load(page, result.save.id)));
    log(`read back in ${result.load.at(-1).load_ms.toFixed(0)} ms`);
  }
  // Twice, each step's best of the two kept: the machine is shared, and noise only adds.
  log('start-up phases, step by step...');
  result.phases_runs = [await withBrowser(phases, { bigHeap: true }),
    await withBrowser(phases, { bigHeap: true })];
  result.phases = Object.fromEntries(Object.entries(result.phases_runs[0]).map(([k, v]) =>
    [k, k.endsWith('_ms') ? Math.min(v, result.phases_runs[1][k]) : v]));
  log(`engine opened the snapshot in ${result.phases_runs.map((r) => r.engine_open_ms.toFixed(0)).join(' and ')} ms`);
  // The first start after the save has no answers kept; it keeps the dashboard's, and the
  // later starts draw the dashboard from them while the engine opens the workspace.
  result.startup = [];
  for (let i = 0; i <= runs; ++i) {
    const run = await withBrowser(startup);
    result.startup.push(run);
    if (run.error) throw new Error(`the app did not start: ${run.error}`);
    log(`first view at ${run.first_view_ms.toFixed(0)} ms, interactive at ${run.interactive_ms.toFixed(0)} ms`);
  }
  result.save_ms = median(result.save.save_ms);
  result.load_ms = median(result.load.map((r) => r.load_ms));
  const [first, ...later] = result.startup;
  result.interactive_first_ms = first.interactive_ms;
  result.first_view_first_ms = first.first_view_ms;
  result.contacts_view_first_ms = first.contacts_view_ms;
  result.interactive_ms = median(later.map((r) => r.interactive_ms));
  result.first_view_ms = median(later.map((r) => r.first_view_ms));
  result.contacts_view_ms = median(later.map((r) => r.contacts_view_ms));
  result.worker_ready_ms = median(later.map((r) => r.worker_ready_ms));
  result.first_paint_ms = median(later.map((r) => r.first_paint_ms));
  result.machine = browserVersion;
} catch (error) {
  result.error = String(error?.stack ?? error);
  process.exitCode = 1;
} finally {
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
