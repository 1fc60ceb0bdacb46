// Hostile text is only ever text (SPEC §7): common XSS payloads in every field a person or a
// file can fill (contact names and companies, op props, owners, actors, workflow, rule and
// segment names, the workspace's name, CSV cells) are driven through every view of the app
// and through the widget's forms and events. The app is served here without its
// Content-Security-Policy, so a payload that reached the DOM as HTML would run: none may set
// the global flag, open a dialog, or leave an element of its own, and each shows as written.
// Owners and workflow texts also start with spreadsheet formulas: every CSV the app exports
// holds them defused, behind a single quote.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { launch, root, screenshots, serve, watchErrors } from './browser.mjs';

// Each payload, run as script, pushes its number to window.__xss (or opens a dialog).
const PAYLOADS = [
  '<img src=x onerror="__xss.push(1)">',
  '<script>__xss.push(2)</script>',
  '"><svg onload="__xss.push(3)">',
  'javascript:__xss.push(4)',
  '</textarea><img src=x onerror=__xss.push(5)>',
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '<iframe srcdoc="<script>parent.__xss.push(7)</script>"></iframe>',
  '&lt;img src=x onerror=__xss.push(8)&gt;',
  '&#60;script&#62;__xss.push(9)&#60;/script&#62;',
  "'><a href=\"javascript:__xss.push(10)\">click</a>",
  '<details open ontoggle=__xss.push(11)>',
  '<img src=x onerror=alert(12)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss.push(13)>',
  '<a href="&#106;avascript:__xss.push(14)">x</a>',
];
const payload = (n) => PAYLOADS[n % PAYLOADS.length];

// Cells a spreadsheet would run as a formula (they start with = + - or @).
const FORMULAS = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,1)',
];
const formula = (n) => FORMULAS[n % FORMULAS.length];

// The rows of a CSV (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        ++i;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') ++i;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  assert.equal(quoted, false, 'every quoted cell is closed');
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

// A CSV's cells by column name, checked on the way: every row as wide as the header, and no
// cell a spreadsheet would run (a number such as -12.5 is a number, not a formula).
function defusedCsv(text, where) {
  const [header, ...rows] = parseCsv(text);
  const columns = Object.fromEntries(header.map((name) => [name, []]));
  for (const [n, row] of rows.entries()) {
    assert.equal(row.length, header.length, `${where} line ${n + 2}: ${row.length} cells for ${header.length} columns`);
    for (const [i, cell] of row.entries()) {
      assert.ok(!/^[=+\-@\t\r]/.test(cell) || /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell),
        `${where} line ${n + 2}, ${header[i]}: ${JSON.stringify(cell)} would run as a formula`);
      columns[header[i]].push(cell);
    }
  }
  return columns;
}

let server;
const contexts = [];

before(async () => {
  server = await serve();
});

after(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  server?.close();
});

// Before any script of a page: the flag payloads would set, and every dialog and CSP report.
function arm() {
  Object.defineProperty(window, '__xss', { value: [], enumerable: false });
  Object.defineProperty(window, '__dialogs', { value: [], enumerable: false });
  for (const name of ['alert', 'confirm', 'prompt']) {
    const original = window[name];
    window[name] = (...args) => {
      window.__dialogs.push(`${name}: ${args[0]}`);
      return name === 'confirm' ? false : original?.call(window, ...args);
    };
  }
}

// Elements and attributes no payload may leave, in the document and every shadow root
// (`own`: a selector for what the test's host page put there itself).
function injected(own) {
  const found = [];
  const walk = (node) => {
    for (const element of node.querySelectorAll('*')) {
      const tag = element.localName;
      if (own && element.matches(own)) continue;
      if (['iframe', 'math', 'mglyph', 'details', 'object', 'embed'].includes(tag)) found.push(tag);
      if (tag === 'img' || (tag === 'style' && element.closest('body'))) found.push(tag);
      if (tag === 'script' && !element.closest('head')) found.push('script');
      if (tag === 'svg' && element.hasAttribute('onload')) found.push('svg[onload]');
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${tag}[${attribute.name}]`);
        if (/^\s*javascript:/i.test(attribute.value) && ['href', 'src', 'action', 'formaction'].includes(attribute.name))
          found.push(`${tag}[${attribute.name}=javascript:]`);
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return found;
}

// A page of a fresh browser: no service worker (so every request is routed), and the app's
// index.html without its Content-Security-Policy.
async function newPage() {
  const { context } = await launch({ serviceWorkers: 'block' });
  contexts.push(context);
  const page = await context.newPage();
  await page.addInitScript(arm);
  await page.route((url) => url.pathname === '/' || url.pathname === '/index.html', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    await route.fulfill({ response, body: html });
  });
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  return { page, dialogs, errors: watchErrors(page) };
}

async function clean(page, dialogs, where, own = null) {
  assert.deepEqual(await page.evaluate(() => window.__xss), [], `${where}: no payload ran`);
  assert.deepEqual(await page.evaluate(() => window.__dialogs), [], `${where}: no dialog was asked for`);
  assert.deepEqual(dialogs, [], `${where}: no dialog opened`);
  assert.deepEqual(await page.evaluate(injected, own), [], `${where}: no element of a payload's`);
}

// The demo workspace with a payload in every field that text can fill.
function hostileWorkspace() {
  const workspace = JSON.parse(readFileSync(join(root, 'public/demo/workspace.json'), 'utf8'));
  const config = workspace.config;
  const owners = new Map();
  for (const [team, reps] of Object.entries(config.routing?.teams ?? {})) {
    config.routing.teams[team] = reps.map((rep) => {
      owners.set(rep, `${formula(owners.size)} ${rep} ${payload(owners.size)}`);
      return owners.get(rep);
    });
  }
  workspace.contacts.forEach((contact, n) => {
    contact.name = `${contact.name ?? contact.id} ${payload(n)}`;
    contact.company = payload(n + 1);
    contact.title = payload(n + 2);
    contact.source = `${contact.source ?? 'web'} ${payload(n + 3)}`;
    contact.notes = payload(n + 4);
  });
  workspace.ops.forEach((op, n) => {
    if (owners.has(op.actor)) op.actor = owners.get(op.actor);
    if (op.type === 'set_owner' && owners.has(op.props?.owner)) op.props.owner = owners.get(op.props.owner);
    if (op.type === 'content_download') op.props.content = payload(n);
    if (op.type === 'page_view') op.props.path = `${op.props.path}${payload(n)}`;
    if (op.type === 'reject') op.props.reason = payload(n);
    if (op.type === 'deal_lost') op.props.objection = payload(n);
    if (op.type === 'deal_won') op.props.products = [payload(n), payload(n + 1)];
    if (op.type === 'touch') op.props.note = payload(n);
  });
  for (const [n, rule] of [...config.scoring.behaviour, ...config.scoring.fit].entries()) rule.id = `${rule.id} ${payload(n)}`;
  const renamed = new Map();
  for (const [n, workflow] of (config.workflows ?? []).entries()) {
    renamed.set(workflow.id, `${workflow.id} ${payload(n)}`);
    workflow.id = renamed.get(workflow.id);
    const hostile = (steps) => steps.forEach((step, m) => {
      if (step.send_email) step.send_email = `${step.send_email} ${payload(n + m)}`;
      if (step.notify) step.notify.message = `${formula(n + m)} ${step.notify.message} ${payload(n + m + 1)}`;
      if (step.create_task) step.create_task.task = `${formula(n + m + 1)} ${step.create_task.task} ${payload(n + m + 2)}`;
      if (step.repeat) hostile(step.repeat.steps);
    });
    hostile(workflow.steps);
  }
  // Entries already marked sent name their workflow in their id.
  for (const op of workspace.ops) {
    if (op.type !== 'outbox_sent') continue;
    for (const [from, to] of renamed) op.props.entry = op.props.entry.replace(from, to);
  }
  return { workspace, owners: [...owners.values()] };
}

const ready = (name) => `#view[data-view="${name}"][data-ready="true"]`;

// Shows a view, then checks it: nothing ran, nothing was injected, and payloads read as text.
async function visit(page, dialogs, target, { name = target.split('/')[0], shows = 1 } = {}) {
  await page.goto(`${server.url}#/${target}`);
  await page.waitForSelector(ready(name), { timeout: 60_000 });
  await clean(page, dialogs, target);
  const text = await page.textContent('body');
  const literal = PAYLOADS.filter((p) => text.includes(p));
  assert.ok(literal.length >= shows, `${target} shows ${shows}+ payloads as written (${literal.length})`);
  return text;
}

async function downloaded(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return (await readFile(await file.path())).toString();
}

test('Hostile.TextFromFilesAndPeopleIsNeverRunInAnyView', async () => {
  const { page, dialogs, errors } = await newPage();
  await page.goto(server.url);
  await page.waitForSelector(ready('dashboard'), { timeout: 60_000 });

  // The hostile workspace, imported as a new one named by a payload.
  const { workspace: hostile, owners } = hostileWorkspace();
  const workspaceName = PAYLOADS[0];
  await page.goto(`${server.url}#/import`);
  await page.waitForSelector(ready('import'));
  await page.setInputFiles('#workspace-file', { name: `${workspaceName}.json`, mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(hostile)) });
  await page.click('#import-workspace');
  await page.waitForSelector('#workspace-result [data-done="true"]', { timeout: 60_000 });
  await clean(page, dialogs, 'import result');
  // The header names the new workspace at once, without leaving the import view.
  await page.waitForFunction((name) =>
    document.querySelector('#workspace-picker option:checked')?.textContent === name, workspaceName);

  // Who acts, typed by a person: every op they record carries it.
  await page.fill('#actor', payload(2));
  await page.dispatchEvent('#actor', 'change');

  await visit(page, dialogs, 'dashboard');
  assert.equal(await page.$eval('#workspace-picker option:checked', (o) => o.textContent), workspaceName);
  await visit(page, dialogs, 'contacts', { shows: 5 });
  // A segment named by a payload.
  await page.fill('#contact-search', 'c00');
  await page.fill('#segment-name', payload(6));
  await page.click('form:has(#segment-name) button[type="submit"]');
  await page.waitForFunction((name) => [...document.querySelectorAll('#segment-pick option')].some((o) => o.textContent === name), payload(6));
  await clean(page, dialogs, 'segment saved');

  await visit(page, dialogs, 'inbox', { shows: 3 });
  const sql = await page.getAttribute('#sql-list li:first-child', 'data-id');
  await visit(page, dialogs, 'pipeline', { shows: 3 });
  await visit(page, dialogs, `contact/${sql}`, { name: 'contact', shows: 3 });
  // Actions whose text is typed: an owner and a stage reason.
  await page.fill('input.set-owner', payload(3));
  await page.click('form:has(input.set-owner) button[type="submit"]');
  await page.waitForFunction((owner) => document.querySelector('#view .meta')?.textContent.includes(`owner ${owner}`), payload(3));
  await page.fill('input.set-stage-reason', payload(7));
  await page.selectOption('select.set-stage', 'nurture');
  await page.click('form:has(select.set-stage) button[type="submit"]');
  await page.waitForFunction((reason) => document.querySelector('#timeline')?.textContent.includes(reason), payload(7));
  const contactText = await visit(page, dialogs, `contact/${sql}`, { name: 'contact', shows: 4 });
  assert.ok(contactText.includes(`by ${payload(2)}`), 'the actor as typed');

  const setup = await visit(page, dialogs, 'setup', { shows: 3 });
  assert.ok(setup.includes(`thank-you ${payload(0)}`), 'workflow names as written');
  await visit(page, dialogs, 'reports', { shows: 2 });
  await visit(page, dialogs, 'outbox', { shows: 2 });
  await visit(page, dialogs, 'export');
  await visit(page, dialogs, 'workspaces');

  // Every export: the text as written, and the CSVs with formula cells defused.
  await page.goto(`${server.url}#/export`);
  await page.waitForSelector(ready('export'));
  const exported = JSON.parse(await downloaded(page, '#export-workspace'));
  assert.ok(exported.contacts.some((c) => c.company === payload(1)));
  const csvs = {};
  csvs.contacts = defusedCsv(await downloaded(page, '#export-contacts'), 'contacts CSV');
  // Each owner as written, after the quote that defuses its formula; the one typed in the app too.
  const owned = new Set(csvs.contacts.owner);
  for (const owner of owners) assert.ok(owned.has(`'${owner}`), `${owner} defused in the contacts CSV`);
  assert.ok(owned.has(payload(3)), 'the owner typed in the app as written');
  await clean(page, dialogs, 'exports');
  await page.goto(`${server.url}#/outbox`);
  await page.waitForSelector(ready('outbox'));
  csvs.outbox = defusedCsv(await downloaded(page, 'button[data-csv="outbox"]'), 'outbox CSV');
  const messages = csvs.outbox.template_or_message.filter((text) => /^'[=+\-@]/.test(text));
  assert.ok(messages.length > 0, 'workflow messages defused in the outbox CSV');
  assert.ok(messages.every((text) => PAYLOADS.some((p) => text.endsWith(` ${p}`))), 'and otherwise as written');
  await page.goto(`${server.url}#/reports`);
  await page.waitForSelector(ready('reports'));
  for (const kind of await page.$$eval('button[data-csv]', (buttons) => buttons.map((b) => b.dataset.csv))) {
    csvs[kind] = defusedCsv(await downloaded(page, `button[data-csv="${kind}"]`), `${kind} CSV`);
  }
  assert.ok(Object.keys(csvs).length >= 10, `every report's CSV read (${Object.keys(csvs).join(', ')})`);
  assert.ok(owners.some((owner) => csvs.handoffs.owner.includes(`'${owner}`)), 'owners defused in the handoffs CSV');
  // Every formula was in some CSV, and each came out defused.
  const cells = Object.values(csvs).flatMap((columns) => Object.values(columns).flat());
  for (const f of FORMULAS) assert.ok(cells.some((cell) => cell.startsWith(`'${f}`)), `${f} defused`);
  await clean(page, dialogs, 'CSV exports');

  // A CSV whose header and cells are payloads: the mapping and the preview show them as text.
  await page.goto(`${server.url}#/import`);
  await page.waitForSelector(ready('import'));
  const quote = (cell) => `"${cell.replaceAll('"', '""')}"`;
  const csv = [
    ['Email', 'First Name', 'Company', payload(1), payload(4)].map(quote).join(','),
    ...PAYLOADS.map((p, n) => [`csv${n}@hostile.example`, p, payload(n + 1), payload(n + 2), payload(n + 3)].map(quote).join(',')),
  ].join('\n');
  await page.setInputFiles('#csv-file', { name: `${payload(2)}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#csv-preview tbody tr');
  await clean(page, dialogs, 'import preview');
  const mapped = await page.textContent('#csv-mapping-table');
  assert.ok(mapped.includes(payload(1)) && mapped.includes(payload(4)), 'the headers as written');
  const preview = await page.textContent('#csv-preview');
  assert.ok(PAYLOADS.filter((p) => preview.includes(p)).length >= 5, 'the preview shows the cells as written');
  await page.click('#import-csv');
  await page.waitForSelector('#csv-done');
  await visit(page, dialogs, 'contacts', { shows: 5 });
  await page.fill('#contact-search', 'hostile.example');
  await page.waitForFunction((n) => document.querySelector('#contact-count').textContent.startsWith(`${n} of`), PAYLOADS.length);
  await clean(page, dialogs, 'imported CSV contacts');
  await page.screenshot({ path: join(screenshots, 'hostile-contacts.png') });
  assert.deepEqual(errors, []);
});

test('Hostile.WidgetFormsAndEventsKeepTextAsText', async () => {
  const { page, dialogs, errors } = await newPage();
  const gate = `<a class="button" id="hostile-gate" href="javascript:__xss.push(20)" data-tandem-gate="${payload(0).replaceAll('"', '&quot;')}"
    data-tandem-title="${payload(2).replaceAll('"', '&quot;')}">Hostile guide</a>`;
  await page.route(`${server.url}site/`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('</main>', `${gate}</main>`);
    await route.fulfill({ response, body: html });
  });
  await page.addInitScript(() => {
    window.__packets = [];
    document.addEventListener('tandem:lead', (event) => window.__packets.push(event.detail));
  });
  await page.goto(`${server.url}site/`);
  await page.waitForSelector('[data-tandem-widget][data-ready="true"]', { state: 'attached' });

  // Events from the host page's script, with hostile props.
  await page.evaluate((p) => {
    window.TandemWidget.track('cta_click', { cta: p[1] });
    window.TandemWidget.track('page_view', { path: p[3] });
  }, PAYLOADS);

  // The gated form, filled with payloads.
  await page.click('#hostile-gate');
  const form = '[data-tandem-widget] form[part=form]';
  await page.waitForSelector(`${form}:not([hidden])`);
  assert.equal(await page.textContent(`${form} [data-field=title]`), `Get ${payload(2)}`);
  await page.fill(`${form} input[name=name]`, payload(4));
  await page.fill(`${form} input[name=email]`, 'hostile@widget.example');
  await page.fill(`${form} input[name=company]`, payload(6));
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector('[data-tandem-widget] [part=thanks]:not([hidden])');
  await page.waitForFunction(() => window.__packets.length > 0);
  // The host's gate pointed at a javascript: URL: the widget offers no link to it.
  assert.equal(await page.isVisible('[data-tandem-widget] [part=thanks] a[data-field=download]'), false);
  await clean(page, dialogs, 'widget form', '#hostile-gate');

  // A form fill the host handles itself, and what the host page shows of the packet.
  await page.evaluate((p) => window.TandemWidget.identify({ name: p[10], email: 'hostile@widget.example', company: p[7] }, p[12]), PAYLOADS);
  await page.waitForFunction(() => window.__packets.length > 1);
  await clean(page, dialogs, 'widget identify', '#hostile-gate');
  const packet = await page.evaluate(() => window.__packets.at(-1));
  assert.equal(packet.contacts[0].name, payload(10));
  assert.equal(packet.contacts[0].company, payload(7));
  assert.ok(packet.ops.some((op) => op.type === 'cta_click' && op.props.cta === payload(1)));
  assert.ok(packet.ops.some((op) => op.type === 'form_submit' && op.props.form === payload(12)));
  assert.match(await page.textContent('#handoff'), new RegExp(payload(10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.screenshot({ path: join(screenshots, 'hostile-widget.png') });
  assert.deepEqual(errors, []);
});
