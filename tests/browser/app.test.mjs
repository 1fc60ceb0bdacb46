// The app end to end in headless Chromium: the demo on a first visit, the sales inbox and
// pipeline, a what-if before saving, a CSV import, two tabs at once, and the app with the
// network off. Every view is saved as a screenshot. Each test is a first visit of its own (a
// fresh browser context: its own IndexedDB and service worker), so any one runs alone and in
// any order.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { launchShared, newContext, screenshots, serve, watchErrors } from './browser.mjs';

let server;
let browser;
// The test's own: a fresh context, its first page and what that page reports as errors.
let context;
let page;
let errors;

const ready = (name) => `#view[data-view="${name}"][data-ready="true"]`;

async function go(target, name = target.split('/')[0]) {
  await page.goto(`${server.url}#/${target}`);
  await page.waitForSelector(ready(name), { timeout: 30_000 });
}

async function stageCounts(p = page) {
  return p.$$eval('#funnel li', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.stage, Number(row.querySelector('.stage-count').textContent)])));
}

async function timelineLength(p = page) {
  return p.$$eval('#timeline li', (items) => items.length);
}

async function shot(name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

before(async () => {
  server = await serve();
  browser = await launchShared();
});

beforeEach(async () => {
  context = await newContext(browser);
  page = await context.newPage();
  errors = watchErrors(page);
});

afterEach(async () => {
  await context?.close();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// Wins the first open deal on the pipeline for `amount`; resolves to the contact's id.
async function winFirstOpenDeal(amount) {
  await go('pipeline');
  const id = await page.getAttribute('#lane-open li:first-child', 'data-id');
  await page.fill(`#lane-open li[data-id="${id}"] .deal-amount`, amount);
  await page.click(`#lane-open li[data-id="${id}"] button.win`);
  await page.waitForSelector(`#lane-won li[data-id="${id}"]`);
  return id;
}

test('App.FirstVisitOpensTheDemoAndSaysHowToStartYourOwn', async () => {
  await go('dashboard');
  assert.equal(await page.isVisible('#demo-note'), true);
  assert.match(await page.textContent('#demo-note'), /start an empty workspace/);
  const counts = await stageCounts();
  assert.ok(counts.sql > 0 && counts.customer > 0);
  await page.waitForSelector('#funnel-chart g[data-stage="customer"]');
  await page.waitForSelector('#trends[data-ready="true"] svg');
  await shot('dashboard');
  await go('contacts');
  await page.waitForSelector('#contact-list a.row');
  await shot('contacts');
  assert.deepEqual(errors, []);
});

test('App.ContactsWorkFromTheKeyboard', async () => {
  await go('contacts');
  await page.focus('#contact-list');
  for (let n = 0; n < 3; ++n) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '2');
  await page.keyboard.press('End');
  const total = Number((await page.textContent('#contact-count')).match(/of ([\d,]+)/)[1].replace(/,/g, ''));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), String(total - 1));
  const id = await page.evaluate(() => document.activeElement.dataset.id);
  await page.keyboard.press('Enter');
  await page.waitForSelector(ready('contact'));
  assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), `#/contact/${id}`);
  assert.deepEqual(errors, []);
});

test('App.SqlAcceptedThenFiveUnansweredTouchesIsBackInNurture', async () => {
  await go('inbox');
  await shot('inbox');
  const id = await page.getAttribute('#sql-list li:first-child', 'data-id');
  await page.click(`#sql-list li[data-id="${id}"] button.accept`);
  await page.waitForSelector(`#sql-list li[data-id="${id}"]`, { state: 'detached' });

  await go(`contact/${id}`, 'contact');
  assert.equal(await page.getAttribute('#contact-stage', 'data-stage'), 'opportunity');
  for (let n = 0; n < 5; ++n) {
    const before = await timelineLength();
    await page.click('button.touch-no-response');
    await page.waitForFunction((count) => document.querySelectorAll('#timeline li').length === count, before + 1);
  }
  assert.equal(await page.getAttribute('#contact-stage', 'data-stage'), 'nurture');
  assert.match(await page.textContent('#stage-history'), /dark/);
  await shot('contact');
  assert.deepEqual(errors, []);
});

test('App.RejectionGoesToReviewAndIsUpheldToNurture', async () => {
  await go('inbox');
  const id = await page.getAttribute('#sql-list li:last-child', 'data-id');
  await page.selectOption(`#sql-list li[data-id="${id}"] select.reject-reason`, 'no_budget');
  await page.click(`#sql-list li[data-id="${id}"] button.reject`);
  await page.waitForSelector(`#review-list li[data-id="${id}"]`);
  await page.click(`#review-list li[data-id="${id}"] button.uphold-nurture`);
  await page.waitForSelector(`#review-list li[data-id="${id}"]`, { state: 'detached' });
  await go(`contact/${id}`, 'contact');
  assert.equal(await page.getAttribute('#contact-stage', 'data-stage'), 'nurture');
  assert.match(await page.textContent('#timeline'), /reject by me · reason: no_budget/);
  assert.deepEqual(errors, []);
});

test('App.DealWonMakesACustomer', async () => {
  const id = await winFirstOpenDeal('24000');
  assert.match(await page.textContent(`#lane-won li[data-id="${id}"]`), /24,000/);
  await shot('pipeline');
  assert.deepEqual(errors, []);
});

test('App.RuleChangeSeenInWhatIfThenSaved', async () => {
  await go('dashboard');
  const before = await stageCounts();
  await go('setup');
  await page.waitForSelector('#what-if[data-state="same"]');
  await page.fill('#sql-score', '60');
  await page.waitForSelector('#what-if[data-state="changed"]');
  const preview = await page.$$eval('#what-if-table tbody tr', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.stage, Number(row.querySelector('.preview').textContent)])));
  assert.ok(preview.sql > before.sql, `more SQLs at a lower SQL score (${preview.sql} > ${before.sql})`);
  assert.ok(Number(await page.getAttribute('#what-if-moved', 'data-moved')) > 0, 'the engine names who moves');
  await shot('setup');
  await page.click('#save-config');
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#setup-notice').textContent));
  await go('dashboard');
  assert.deepEqual(await stageCounts(), preview);
  assert.deepEqual(errors, []);
});

test('App.CsvImportWithMappingAndPreview', async () => {
  await go('import');
  const csv = [
    'First Name,Last Name,Email Address,Company Name,Job Title,Country/Region,Favourite Colour',
    'Odile,Marchetti,odile@quillworks.example,Quillworks,VP Marketing,FR,teal',
    'Bram,Kessler,bram@quillworks.example,Quillworks,Data Analyst,NL,ochre',
    'Nobody,Valid,nobody@nowhere.example,Nowhere,US,grey',
    '"Cato, Jr.",Lindgren,cato@fernhill.example,"Fernhill ""North""",Founder,SE,plum',
    '<b>Eve</b>,Mallory,eve@hostile.example,"<img src=x onerror=""window.pwned=1"">",<script>window.pwned=2</script>,DE,red',
  ].join('\n');
  await page.setInputFiles('#csv-file', { name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#csv-preview tbody tr');
  // The engine's suggestion; an unknown column stays a field under its own header.
  const mapping = await page.$$eval('#csv-mapping select', (selects) => selects.map((s) => s.value));
  assert.deepEqual(mapping, ['first_name', 'last_name', 'email', 'company', 'title', 'country', 'Favourite Colour']);
  assert.match(await page.textContent('#csv-preview-problems'), /line 4: 6 cells where the header has 7/);
  // What it would add and skip, as the engine counts it.
  assert.match(await page.textContent('#csv-counts'), /: 4 new contacts and \d+ operations; rows with problems: 1\./);
  assert.match(await page.textContent('#csv-preview'), /<b>Eve<\/b>/);
  await page.selectOption('#csv-mapping select[data-column="6"]', 'source');
  await page.waitForSelector('#csv-preview th:text-is("source")');
  await shot('import');

  // All or nothing: one bad row imports nothing.
  await page.check('input[name="bad"][value="refuse"]');
  await page.click('#import-csv');
  await page.waitForSelector('#csv-refused');
  assert.match(await page.textContent('#csv-errors'), /line 4: 6 cells where the header has 7/);

  await page.check('input[name="bad"][value="skip"]');
  await page.click('#import-csv');
  await page.waitForSelector('#csv-done');
  assert.match(await page.textContent('#csv-done'), /Imported 4 contacts/);
  assert.match(await page.textContent('#csv-errors'), /line 4: 6 cells where the header has 7/);

  await go('contacts');
  await page.fill('#contact-search', 'fernhill');
  await page.waitForFunction(() => /^1 of/.test(document.querySelector('#contact-count').textContent));
  await page.click('#contact-list a.row');
  await page.waitForSelector(ready('contact'));
  assert.equal(await page.textContent('#contact-name'), 'Cato, Jr. Lindgren');
  assert.match(await page.textContent('#view dl.record'), /plum/);

  // Text from a file is shown as text, never run as HTML.
  await go('contacts');
  await page.fill('#contact-search', 'hostile');
  await page.waitForFunction(() => /^1 of/.test(document.querySelector('#contact-count').textContent));
  await page.click('#contact-list a.row');
  await page.waitForSelector(ready('contact'));
  assert.equal(await page.textContent('#contact-name'), '<b>Eve</b> Mallory');
  assert.match(await page.textContent('#view dl.record'), /<img src=x onerror="window.pwned=1">/);
  assert.equal(await page.$$eval('#view img, #view script, #view b', (found) => found.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(errors, []);
});

test('App.TwoTabsEditWithoutALostOrDoubledEdit', async () => {
  await go('inbox');
  const ids = await page.$$eval('#sql-list li', (items) => items.slice(0, 2).map((li) => li.dataset.id));
  const other = await context.newPage();
  const otherErrors = watchErrors(other);
  await other.goto(`${server.url}#/contact/${ids[0]}`);
  await other.waitForSelector(ready('contact'));
  await go(`contact/${ids[0]}`, 'contact');
  const start = await timelineLength();

  // Both tabs touch the same contact at once, twice each.
  await Promise.all([
    page.click('button.touch-responded').then(() => page.waitForFunction((n) => document.querySelectorAll('#timeline li').length >= n, start + 1)),
    other.click('button.touch-responded').then(() => other.waitForFunction((n) => document.querySelectorAll('#timeline li').length >= n, start + 1)),
  ]);
  for (const tab of [page, other]) {
    await tab.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, start + 2);
  }
  await other.click('button.touch-no-response');
  for (const tab of [page, other]) {
    await tab.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, start + 3);
  }
  const opIds = await page.$$eval('#timeline li', (items) => items.map((li) => li.dataset.op));
  assert.equal(new Set(opIds).size, opIds.length, 'every op once');

  await other.reload();
  await other.waitForSelector(ready('contact'));
  assert.equal(await timelineLength(other), start + 3);
  await other.close();
  assert.deepEqual([...errors, ...otherErrors], []);
});

async function downloaded(selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('App.ChartsAndDataExport', async () => {
  // A deal won in this browser: the export holds the app's own op for it.
  await winFirstOpenDeal('18000');
  await go('reports');
  const svg = await downloaded('.card:first-of-type button:text("Download SVG")');
  assert.equal(svg.name, 'stages.svg');
  assert.match(svg.bytes.toString(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const png = await downloaded('.card:first-of-type button:text("Download PNG")');
  assert.equal(png.name, 'stages.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  const csv = await downloaded('button[data-csv="stages"]');
  assert.equal(csv.name, 'stages.csv');
  assert.ok(csv.bytes.toString().split('\n').length > 2);

  await go('export');
  const file = await downloaded('#export-workspace');
  const workspace = JSON.parse(file.bytes.toString());
  assert.equal(workspace.format, 'tandem.workspace');
  assert.ok(workspace.ops.some((op) => /^app-[0-9a-f]+:\d+$/.test(op.id) && op.type === 'deal_won'));
  const contacts = await downloaded('#export-contacts');
  assert.match(contacts.bytes.toString().split('\n')[0], /^id,stage,score/);

  // The same copy, edited on another laptop, merged back: only the new op is added.
  const contact = workspace.contacts[0].id;
  workspace.ops.push({ id: 'other-laptop:1', at: '2026-11-21T10:00:00Z', actor: 'mateo', type: 'touch',
    contact, props: { channel: 'call', outcome: 'responded' } });
  await go('import');
  await page.setInputFiles('#workspace-file', { name: 'copy.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(workspace)) });
  await page.check('input[name="mode"][value="merge"]');
  await page.click('#import-workspace');
  await page.waitForSelector('#workspace-result [data-done="true"]');
  assert.match(await page.textContent('#workspace-result'), new RegExp(`${workspace.ops.length} operations`));
  await go(`contact/${contact}`, 'contact');
  assert.equal(await page.$$eval('#timeline li[data-op="other-laptop:1"]', (items) => items.length), 1);

  // A broken file changes nothing and says where it is broken.
  workspace.ops.push({ id: 'other-laptop:2', at: 'yesterday', actor: 'mateo', type: 'touch', contact });
  await go('import');
  await page.setInputFiles('#workspace-file', { name: 'broken.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(workspace)) });
  await page.check('input[name="mode"][value="merge"]');
  await page.click('#import-workspace');
  await page.waitForSelector('#workspace-errors');
  assert.match(await page.textContent('#workspace-errors'), new RegExp(`/ops/${workspace.ops.length - 1}/at`));
  await go('export');
  assert.match(await page.textContent('#view .meta'), new RegExp(`${workspace.ops.length - 1} operations`));
  assert.deepEqual(errors, []);
});

test('App.ReportsAndOutboxShowTheEngineReports', async () => {
  await go('reports');
  await page.waitForSelector('#calibration-table tbody tr');
  assert.match(await page.textContent('#recommended-sql-score'), /Recommended SQL score: \d+/);
  for (const kind of ['funnel', 'scorecard', 'sla', 'handoffs', 'calibration', 'other80', 'reasons']) {
    assert.equal(await page.isVisible(`#report-${kind} button[data-csv="${kind}"]`), true, kind);
  }
  // Each SLA breach names the lead (their id on hover), the owner and by how much.
  const breach = await page.$$eval('#sla-breaches tbody tr:first-child td', (cells) => cells.map((c) => c.textContent));
  assert.ok(breach[1].length > 0);
  assert.match(await page.getAttribute('#sla-breaches tbody tr:first-child td a', 'title'), /^c\d+$/);
  assert.ok(breach[2].length > 0);
  assert.match(breach[7], /\d/);
  assert.match(await page.textContent('#conversion-table'), /Leads → Marketing qualified/);
  const csv = await downloaded('#report-calibration button[data-csv="calibration"]');
  assert.equal(csv.name, 'calibration.csv');
  assert.match(csv.bytes.toString(), /^from,to,contacts,won,close_rate\n/);
  await shot('reports');

  await go('outbox');
  await page.waitForSelector('#outbox-table tbody tr');
  assert.match(await page.textContent('#outbox-table'), /thank-you-for-downloading/);
  assert.match(await page.textContent('#outbox-skipped'), /with sales/);
  await page.selectOption('#outbox-kind', 'task');
  await page.waitForSelector('#outbox-table tbody tr[data-kind="task"]');
  assert.equal(await page.$$eval('#outbox-table tbody tr:not([data-kind="task"])', (rows) => rows.length), 0);
  // Marking an entry sent is an op; the engine's report then says it is sent.
  const entry = await page.getAttribute('#outbox-table tbody tr[data-status="pending"]', 'data-entry');
  await page.click(`#outbox-table tr[data-entry="${entry}"] button.mark-sent`);
  await page.waitForSelector(`#outbox-table tr[data-entry="${entry}"][data-status="sent"]`);
  assert.match(await page.textContent('#outbox-counts'), /; 1 marked sent/);
  await page.selectOption('#outbox-kind', '');
  await shot('outbox');
  assert.deepEqual(errors, []);
});

test('App.WorkflowSwitchedOffInSetupSendsNothingMore', async () => {
  await go('setup');
  await page.waitForSelector('#workflow-rules tr[data-workflow="thank-you"]');
  assert.match(await page.inputValue('#workflows-json'), /"send_email"/);
  await page.uncheck('#workflow-rules tr[data-workflow="thank-you"] input.workflow-on');
  await page.click('#save-config');
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#setup-notice').textContent));
  await go('outbox');
  await page.waitForSelector('#outbox-table tbody tr');
  assert.doesNotMatch(await page.textContent('#outbox-table'), /thank-you-for-downloading/);
  assert.deepEqual(errors, []);
});

test('App.EveryViewHasAScreenshot', async () => {
  for (const name of ['export', 'workspaces']) {
    await go(name);
    await shot(name);
  }
  await page.click('#theme');
  await go('dashboard');
  await page.waitForSelector('#trends[data-ready="true"] svg');
  await shot('dashboard-dark');
  await page.click('#theme');
  assert.deepEqual(errors, []);
});

test('App.WorksWithTheNetworkOff', async () => {
  await go('dashboard');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const counts = await stageCounts();
  await context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector(ready('dashboard'), { timeout: 30_000 });
    assert.deepEqual(await stageCounts(), counts);
    await go('contacts');
    await page.waitForSelector('#contact-list a.row');
    await shot('offline-contacts');
  } finally {
    await context.setOffline(false);
  }
});
