// The widget on its demo site in headless Chromium: the main-thread tasks over 50 ms on the
// host page (docs/widget.md: none), printed as JSON:   node tests/bench/widget-bench.mjs [--runs 3]
// Serves the built public/ (scripts/build) with scripts/serve.mjs. Each run is a new visitor
// (a fresh profile) on the journey the browser tests walk: the home page, the gated guide's
// form, the pricing page, the demo request that brings the call to action, and talk to sales.
// Long tasks are counted on each page until the widget's packet for it is in. Timings are
// printed, never asserted: a loaded machine makes long tasks of its own.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { launch, root, serve } from '../browser/browser.mjs';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : '3');
const WIDGET = '[data-tandem-widget]';
const log = (text) => console.error(`  widget: ${text}`);

if (!existsSync(join(root, 'public/widget/tandem-widget.js'))) throw new Error('public/ is not built: run scripts/build');

// Before any script of each page: every long task and every lead packet.
function observe() {
  const seen = { longtasks: [], packets: 0 };
  Object.defineProperty(window, '__widgetBench', { value: seen, enumerable: false });
  document.addEventListener('tandem:lead', () => { seen.packets += 1; });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.longtasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

const longTasks = (page) => page.evaluate(() => window.__widgetBench.longtasks);
const ready = (page) => page.waitForSelector(`${WIDGET}[data-ready="true"]`, { state: 'attached' });
const packets = (page, n) => page.waitForFunction((count) => window.__widgetBench.packets >= count, n);

async function journey(url) {
  const { context } = await launch();
  try {
    const page = await context.newPage();
    await page.addInitScript(observe);
    const pages = [];
    await page.goto(`${url}site/`);
    await ready(page);
    await page.click('#guide');
    await page.fill(`${WIDGET} form[part=form] input[name=name]`, 'Rosa Vale');
    await page.fill(`${WIDGET} form[part=form] input[name=email]`, 'rosa@kestrel-foods.example');
    await page.fill(`${WIDGET} form[part=form] input[name=company]`, 'Kestrel Foods');
    await page.check(`${WIDGET} form[part=form] input[name=email_consent]`);
    await page.click(`${WIDGET} form[part=form] button[type=submit]`);
    await page.waitForSelector(`${WIDGET} [part=thanks] a[download]`);
    await packets(page, 1);
    pages.push({ page: '/site/', long_tasks_ms: await longTasks(page) });

    await page.click('header a[data-tandem-cta="nav-pricing"]');
    await page.waitForURL(/pricing\.html$/);
    await ready(page);
    await page.fill('form.demo input[name=name]', 'Rosa Vale');
    await page.fill('form.demo input[name=email]', 'rosa@kestrel-foods.example');
    await page.fill('form.demo input[name=company]', 'Kestrel Foods');
    await page.click('form.demo button[type=submit]');
    await page.waitForSelector(`${WIDGET} [part=cta]:not([hidden])`);
    await packets(page, 1);
    await page.click(`${WIDGET} [part=cta] [data-action=talk]`);
    await page.waitForSelector(`${WIDGET} form[part=form]:not([hidden])`);
    await page.click(`${WIDGET} form[part=form] button[type=submit]`);
    await packets(page, 2);
    pages.push({ page: '/site/pricing.html', long_tasks_ms: await longTasks(page) });
    return pages;
  } finally {
    await context.close();
  }
}

const server = await serve();
const result = { runs };
try {
  const { context } = await launch();
  const probe = await context.newPage();
  result.longtask_supported = await probe.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'));
  result.machine = `${(await probe.evaluate(() => navigator.userAgent)).match(/Chrome\/([\d.]+)/)?.[1]} (Chromium)`;
  await context.close();
  result.journeys = [];
  for (let i = 0; i < runs; ++i) {
    result.journeys.push(await journey(server.url));
    const tasks = result.journeys.at(-1).flatMap((p) => p.long_tasks_ms);
    log(`run ${i + 1}: ${tasks.length} long tasks${tasks.length ? `, the longest ${Math.max(...tasks).toFixed(0)} ms` : ''}`);
  }
  const all = result.journeys.flat().flatMap((p) => p.long_tasks_ms);
  result.long_tasks = all.length;
  result.long_tasks_per_run = all.length / runs;
  result.longest_task_ms = all.length ? Math.max(...all) : 0;
} catch (error) {
  result.error = String(error?.stack ?? error);
  process.exitCode = 1;
} finally {
  server.close();
}
console.log(JSON.stringify(result, null, 2));
