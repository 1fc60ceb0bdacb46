// One figure per fact: the dashboard's figures are the engine's reports at the same moment;
// wherever a person is listed they are named, with their id on hover; the contacts list sorts
// as a person reads (c2 before c10) and by any column from its header, mouse or keyboard; and
// each view opens at its top. Each test is a first visit of its own on the demo.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { launchShared, newContext, root, screenshots, serve, watchErrors } from './browser.mjs';

let server;
let browser;
let context;
let page;
let errors;

const cli = join(root, 'build/native/cli/tandem');
const demo = join(root, 'public/demo/workspace.json');
const tandemReport = (kind) => JSON.parse(execFileSync(cli, ['report', kind, demo], { encoding: 'utf8', maxBuffer: 1 << 28 }));
const ready = (name) => `#view[data-view="${name}"][data-ready="true"]`;
const figure = (text) => Number(text.replace(/[^\d]/g, ''));
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

async function go(target, name = target.split('/')[0]) {
  await page.goto(`${server.url}#/${target}`);
  await page.waitForSelector(ready(name), { timeout: 30_000 });
}

// Follows a link of the page's navigation, as a person would.
async function open(name) {
  await page.click(`#nav a[data-view="${name}"]`);
  await page.waitForSelector(ready(name), { timeout: 30_000 });
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

// The demo is not edited here, so the views and `tandem report` on its file see one moment.
test('Views.TheDashboardsFiguresAreTheEnginesReportsAtOneMoment', async () => {
  await go('dashboard');
  const stages = await page.$$eval('#funnel li', (rows) =>
    Object.fromEntries(rows.map((row) => [row.dataset.stage, Number(row.querySelector('.stage-count').textContent)])));
  const contacts = figure(await page.textContent('#dashboard-contacts'));
  const ops = figure(await page.textContent('#dashboard-ops'));
  assert.match(await page.textContent('#dashboard-contacts'), / contacts$/);
  assert.equal(contacts, Object.values(stages).reduce((a, b) => a + b, 0), 'the total is the sum of the stage cards');
  assert.ok(stages.visitor > 0, 'the demo has visitors, so a count of records would differ');

  const engine = tandemReport('stages');
  assert.deepEqual(stages, engine.stages);
  assert.equal(contacts, engine.contacts);
  assert.equal(ops, engine.ops);
  assert.equal(await page.getAttribute('#as-of', 'datetime'), engine.now);

  // The contacts list counts the same people under the same word.
  await open('contacts');
  assert.match(await page.textContent('#contact-count'), new RegExp(`of ${contacts.toLocaleString('en')} contacts$`));
  // The reports view's funnel, stage by stage (visitors are not in the funnel table).
  await open('reports');
  await page.waitForSelector('#funnel-table tbody tr');
  const funnel = await page.$$eval('#funnel-table tbody tr', (rows) => rows.map((row) => Number(row.cells[1].textContent.replace(/,/g, ''))));
  assert.deepEqual(funnel, ['lead', 'mql', 'sql', 'opportunity', 'customer', 'nurture', 'disqualified'].map((s) => stages[s]));
  assert.deepEqual(errors, []);
});

// A link to a person shows their name as the engine gives it, and their id on hover.
async function people(selector) {
  return page.$$eval(`${selector} a[href^="#/contact/"]`, (links) =>
    links.map((a) => ({ text: a.textContent, title: a.getAttribute('title'), href: decodeURIComponent(a.getAttribute('href')) })));
}

function namedAsTheEngineNamesThem(links, names, what) {
  assert.ok(links.length > 0, `${what}: somebody is listed`);
  for (const { text, title, href } of links) {
    assert.equal(href, `#/contact/${title}`, `${what}: the title is the id linked to`);
    assert.equal(text, names.get(title) || title, `${what}: ${title} is named`);
  }
  assert.ok(links.some(({ text, title }) => text !== title), `${what}: names, not ids`);
}

test('Views.PeopleAreListedByNameWithTheirIdOnHover', async () => {
  const names = new Map(tandemReport('contacts').contacts.map((c) => [c.id, c.name]));
  await go('reports');
  await page.waitForSelector('#sla-breaches tbody tr');
  namedAsTheEngineNamesThem(await people('#sla-breaches'), names, 'SLA breaches');
  namedAsTheEngineNamesThem(await people('#handoffs-table'), names, 'handoffs');
  await open('outbox');
  await page.waitForSelector('#outbox-table tbody tr');
  namedAsTheEngineNamesThem(await people('#outbox-table'), names, 'outbox');
  await shot('outbox-names');
  await open('setup');
  await page.waitForSelector('#what-if[data-state="same"]');
  await page.fill('#sql-score', '60');
  await page.waitForSelector('#what-if-movers li');
  namedAsTheEngineNamesThem(await people('#what-if-movers'), names, 'what-if movers');
  await page.locator('#what-if-movers').screenshot({ path: join(screenshots, 'what-if-movers.png') });
  await open('inbox');
  namedAsTheEngineNamesThem(await people('#sql-list'), names, 'sales inbox');
  assert.deepEqual(errors, []);
});

async function listed(column) {
  return page.$$eval('#contact-list a.row', (rows, cls) => rows.map((row) => ({
    id: row.dataset.id, value: row.querySelector(`.${cls}`).textContent })), column);
}

const sortOf = (name) => page.getAttribute(`#contact-columns [data-column="${name}"]`, 'aria-sort');

test('Views.ContactsSortAsAPersonReadsAndByAnyColumn', async () => {
  // A CRM's export numbers its records: 2 must come before 10, and 10 before 1000.
  await go('import');
  const csv = ['Contact ID,Email,First Name', '1000,k@example.com,Kai', '10,t@example.com,Tove',
    '2,b@example.com,Bea', '1,a@example.com,Ada'].join('\n');
  await page.setInputFiles('#csv-file', { name: 'numbered.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#csv-preview tbody tr');
  await page.click('#import-csv');
  await page.waitForSelector('#csv-done');
  await go('contacts');
  // By id to begin with, numbers by value.
  const first = await listed('c-name');
  assert.deepEqual(first.slice(0, 4).map((r) => r.id), ['1', '2', '10', '1000']);
  const ids = first.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort(collator.compare));
  assert.equal(await sortOf('score'), 'none');

  // A click on a header sorts by that column, a second the other way round.
  await page.click('#contact-columns [data-column="score"] button');
  assert.equal(await sortOf('score'), 'ascending');
  let scores = (await listed('c-score')).map((r) => Number(r.value));
  assert.deepEqual(scores, [...scores].sort((a, b) => a - b));
  await page.click('#contact-columns [data-column="score"] button');
  assert.equal(await sortOf('score'), 'descending');
  scores = (await listed('c-score')).map((r) => Number(r.value));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  assert.ok(scores[0] > scores.at(-1));

  // From the keyboard: the headers are buttons in the tab order, Enter sorts.
  await page.focus('#contact-columns [data-column="name"] button');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[data-column]')?.dataset.column), 'company');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  assert.equal(await sortOf('name'), 'ascending');
  assert.equal(await sortOf('score'), 'none');
  const names = (await listed('c-name')).map((r) => r.value);
  assert.deepEqual(names, [...names].sort(collator.compare));
  await shot('contacts-sorted');
  assert.deepEqual(errors, []);
});

// Scrolled far down one view, a person follows a link to another (the address changes, as a
// click on the navigation does, without the page scrolling to reach the link).
async function scrolledDown() {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  return page.evaluate(() => window.scrollY);
}

test('Views.EachViewOpensAtItsTop', async () => {
  await go('reports');
  await page.waitForSelector('#calibration-table tbody tr');
  for (const name of ['setup', 'reports', 'outbox']) {
    assert.ok(await scrolledDown() > 200, `scrolled down before ${name}`);
    await page.evaluate((view) => { location.hash = `#/${view}`; }, name);
    await page.waitForSelector(ready(name), { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.scrollY), 0, `${name} opens at its top`);
  }
  // A contact opened from far down the outbox starts at the top too.
  await page.waitForSelector('#outbox-table tbody tr');
  assert.ok(await scrolledDown() > 0);
  await page.click('#outbox-table tbody tr:last-child a[href^="#/contact/"]');
  await page.waitForSelector(ready('contact'));
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the contact opens at its top');
  assert.deepEqual(errors, []);
});
