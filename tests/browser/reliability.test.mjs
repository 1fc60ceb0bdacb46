// What never happens to stored data (SPEC §7): a browser killed or a tab closed in the middle
// of a large import loses nothing saved before and leaves the import all there or not at all;
// a full storage quota gets a message a person can act on and loses nothing; a store written
// by an older version of the app opens after an upgrade; and an erased person leaves nothing
// personal behind, in IndexedDB or in any export.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch, launchKillable, root, screenshots, serve, watchErrors } from './browser.mjs';
import { loadEngine } from '../wasm/engine.mjs';

let server;
const open = [];

before(async () => {
  server = await serve();
});

after(async () => {
  await Promise.all(open.map((browser) => browser.kill?.() ?? browser.context.close()));
  server?.close();
});

const ready = (name) => `#view[data-view="${name}"][data-ready="true"]`;

async function go(page, target, name = target.split('/')[0]) {
  await page.goto(`${server.url}#/${target}`);
  await page.waitForSelector(ready(name), { timeout: 60_000 });
}

const opsOf = (page) => page.$$eval('#timeline li', (items) => items.map((li) => li.dataset.op));

// Logs a touch on the contact shown and waits until the timeline shows it saved.
async function touch(page) {
  const before = (await opsOf(page)).length;
  await page.click('button.touch-responded');
  await page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, before + 1);
}

async function downloaded(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return (await readFile(await file.path())).toString();
}

// The export view's line "<name>: N contacts, M operations", as numbers.
async function counts(page) {
  await go(page, 'export');
  const [, contacts, ops] = (await page.textContent('#view .meta')).match(/([\d,]+) contacts, ([\d,]+) operations/);
  return { contacts: Number(contacts.replace(/,/g, '')), ops: Number(ops.replace(/,/g, '')) };
}

// Every store and index of the app's IndexedDB. Snapshots are the engine's bytes: each is given
// as its text too (every string in it, for the checks that look for personal data) and as the
// document the engine (here, in Node) reads from it.
async function dumpStore(page) {
  const dump = await readStore(page);
  const tandem = await loadEngine();
  dump.stores.snapshots = dump.stores.snapshots.map((record) => {
    if (!record.bytes) return record;
    const bytes = Uint8Array.from(record.bytes);
    const opened = tandem.openSnapshot(bytes);
    const document = opened.ok ? opened.workspace.exportDocument() : null;
    opened.workspace?.dispose();
    return { ...record, bytes: new TextDecoder().decode(bytes), document };
  });
  return dump;
}

function readStore(page) {
  return page.evaluate(async () => {
    const dump = await new Promise((resolve, reject) => {
      const request = indexedDB.open('tandem');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const names = [...db.objectStoreNames];
        const tx = db.transaction(names, 'readonly');
        const out = { version: db.version, stores: {}, indexes: {} };
        for (const name of names) {
          out.indexes[name] = [...tx.objectStore(name).indexNames];
          tx.objectStore(name).getAll().onsuccess = (event) => { out.stores[name] = event.target.result; };
        }
        tx.oncomplete = () => {
          db.close();
          resolve(out);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    // Bytes cross to Node as a plain list of numbers.
    dump.stores.snapshots = dump.stores.snapshots.map((record) =>
      (record.bytes ? { ...record, bytes: [...record.bytes] } : record));
    return dump;
  });
}

// A copy of the open workspace (its export) with `count` new contacts, each with one op: a
// merge big enough to be in flight for a while.
async function bigMerge(page, marker, count) {
  await go(page, 'export');
  const workspace = JSON.parse(await downloaded(page, '#export-workspace'));
  for (let n = 0; n < count; ++n) {
    workspace.contacts.push({ id: `${marker}-${n}`, name: `Bulk ${marker} ${n}`, email: `bulk${n}@${marker}.example`,
      company: `${marker} Ltd`, created: '2026-11-01T09:00:00Z' });
    workspace.ops.push({ id: `${marker}:${n + 1}`, at: '2026-11-01T09:00:00Z', actor: 'system',
      type: 'content_download', contact: `${marker}-${n}`, props: { content: 'bulk-guide' } });
  }
  return JSON.stringify(workspace);
}

// Starts merging `text` into the open workspace and resolves once the worker is writing it.
async function startMerge(page, text) {
  await go(page, 'import');
  // A file of tens of thousands of contacts crosses to the browser slowly on a loaded machine.
  await page.setInputFiles('#workspace-file', { name: 'bulk.json', mimeType: 'application/json', buffer: Buffer.from(text) },
    { timeout: 120_000 });
  await page.check('input[name="mode"][value="merge"]');
  await page.click('#import-workspace');
  await page.waitForFunction(() => document.querySelector('#progress span')?.textContent === 'saving…', null, { timeout: 120_000 });
}

test('Reliability.KilledOrClosedMidImportKeepsEverySavedEditAndAllOrNoneOfTheImport', async (t) => {
  const profile = mkdtempSync(join(tmpdir(), 'tandem-profile-'));
  const killable = await launchKillable(profile);
  open.push(killable);
  let page = await killable.context.newPage();
  await go(page, 'dashboard');

  // Saved before the import: ops, a config change (a snapshot), then more ops after it.
  await go(page, 'contact/c0002', 'contact');
  await touch(page);
  await go(page, 'setup');
  await page.waitForSelector('#what-if[data-state="same"]');
  await page.fill('#sql-score', '77');
  await page.click('#save-config');
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#setup-notice').textContent));
  await go(page, 'contact/c0002', 'contact');
  await touch(page);
  await touch(page);
  const saved = await opsOf(page);
  const before = await counts(page);

  const bulk = 40_000;
  await startMerge(page, await bigMerge(page, 'killed', bulk));
  await killable.kill();
  open.splice(open.indexOf(killable), 1);

  // The browser again, on the same profile: the app opens, and everything saved is there.
  let browser = await launch({ profile });
  open.push(browser);
  page = await browser.context.newPage();
  const errors = watchErrors(page);
  const check = async (imported, label) => {
    await go(page, 'contact/c0002', 'contact');
    const now = await opsOf(page);
    assert.deepEqual(saved.filter((id) => !now.includes(id)), [], `${label}: every saved op is still there`);
    await go(page, 'setup');
    assert.equal(await page.inputValue('#sql-score'), '77', `${label}: the saved config is still there`);
    const after = await counts(page);
    const whole = { contacts: before.contacts + imported, ops: before.ops + imported };
    assert.ok(after.contacts === before.contacts || after.contacts === whole.contacts,
      `${label}: the import is all there or not at all (${after.contacts} contacts, ${before.contacts} before)`);
    assert.deepEqual(after, after.contacts === before.contacts ? before : whole, label);
    t.diagnostic(`${label}: the import is ${after.contacts === before.contacts ? 'not there' : 'all there'}`);
    return after;
  };
  const afterKill = await check(bulk, 'killed mid-import');

  // A tab closed in the middle of the next import: the same.
  before.contacts = afterKill.contacts;
  before.ops = afterKill.ops;
  await startMerge(page, await bigMerge(page, 'closed', bulk));
  await page.close({ runBeforeUnload: false });
  page = await browser.context.newPage();
  errors.push(...watchErrors(page));
  await check(bulk, 'tab closed mid-import');
  assert.deepEqual(errors, []);
  await browser.context.close();
  open.splice(open.indexOf(browser), 1);
});

// Fills the site's storage from the page, in another database of the same origin, until not
// even a 64-byte write fits; resolves once full (never by waiting for a time).
function fillStorage() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('filler', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('filler', { autoIncrement: true });
    request.onerror = () => reject(request.error);
    request.onsuccess = async () => {
      const db = request.result;
      const put = (size) => new Promise((done) => {
        const tx = db.transaction('filler', 'readwrite');
        tx.objectStore('filler').put(new Uint8Array(size));
        tx.oncomplete = () => done(true);
        tx.onabort = () => done(false);
      });
      for (let size = 2 ** 24; size >= 64;) if (!(await put(size))) size /= 2;
      db.close();
      resolve();
    };
  });
}

function freeStorage() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase('filler');
    request.onsuccess = resolve;
    request.onerror = () => reject(request.error);
  });
}

test('Reliability.FullStorageSaysSoAndLosesNothing', async () => {
  // A small quota for the site (Chromium's own, through CDP, set before the site stores
  // anything), then filled: the app's next write meets IndexedDB's real QuotaExceededError.
  const browser = await launch({ serviceWorkers: 'block' });
  open.push(browser);
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: 20 * 2 ** 20 });
  await go(page, 'contact/c0002', 'contact');
  await touch(page);
  const saved = await opsOf(page);
  await go(page, 'dashboard');
  const stages = await page.$$eval('#funnel li', (rows) => rows.map((row) => row.textContent));
  await page.evaluate(fillStorage);

  await go(page, 'contact/c0002', 'contact');
  await page.click('button.touch-responded');
  await page.waitForSelector('#storage-note[data-state="full"]:not([hidden])');
  assert.match(await page.textContent('#storage-note'), /storage for this site is full.*not saved.*Export the workspace.*free space/s);
  assert.match(await page.textContent('#flash'), /storage for this site is full/);
  assert.deepEqual(await opsOf(page), saved, 'the edit that was not saved is not shown');
  await page.screenshot({ path: join(screenshots, 'storage-full.png') });

  // A config change and an import fail the same way and change nothing.
  await go(page, 'setup');
  await page.waitForSelector('#what-if[data-state="same"]');
  await page.fill('#sql-score', '61');
  await page.click('#save-config');
  await page.waitForFunction(() => /storage for this site is full/.test(document.querySelector('#setup-notice').textContent));
  await go(page, 'import');
  await page.setInputFiles('#workspace-file', { name: 'another.json', mimeType: 'application/json',
    buffer: readFileSync(join(root, 'tests/fixtures/scenario-identify.json')) });
  await page.click('#import-workspace');
  await page.waitForFunction(() => /Nothing was changed: The browser's storage for this site is full/.test(document.querySelector('#workspace-result').textContent));

  // Reloaded while still full: the app opens, showing what is stored and nothing else.
  await page.reload();
  await page.waitForSelector(ready('import'), { timeout: 60_000 });
  await go(page, 'dashboard');
  assert.deepEqual(await page.$$eval('#funnel li', (rows) => rows.map((row) => row.textContent)), stages);
  // The header is filled once the view is drawn.
  await page.waitForFunction(() => document.querySelectorAll('#workspace-picker option').length > 0);
  assert.deepEqual(await page.$$eval('#workspace-picker option', (o) => o.map((x) => x.textContent)), ['Demo workspace']);
  await go(page, 'setup');
  assert.notEqual(await page.inputValue('#sql-score'), '61');
  await go(page, 'contact/c0002', 'contact');
  assert.deepEqual(await opsOf(page), saved);

  await page.click('button.touch-responded');
  await page.waitForSelector('#storage-note[data-state="full"]:not([hidden])');
  assert.deepEqual(await opsOf(page), saved);

  // Space again: the next edit is saved and the notice goes.
  await page.evaluate(freeStorage);
  await page.click('button.touch-responded');
  await page.waitForSelector('#storage-note[data-state="ok"][hidden]', { state: 'attached' });
  await page.waitForFunction((n) => document.querySelectorAll('#timeline li').length === n, saved.length + 1);
  await page.reload();
  await page.waitForSelector(ready('contact'));
  assert.equal((await opsOf(page)).length, saved.length + 1);
  assert.deepEqual(errors, []);
  await browser.context.close();
  open.splice(open.indexOf(browser), 1);
});

// The layout version 1 of the app wrote (store.js, schema step 0 → 1), with a workspace in it.
function writeVersionOneStore({ text, ops }) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('tandem', 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('meta', { keyPath: 'key' });
      db.createObjectStore('workspaces', { keyPath: 'id' });
      db.createObjectStore('snapshots', { keyPath: 'workspace' });
      db.createObjectStore('ops', { keyPath: ['workspace', 'id'] }).createIndex('workspace', 'workspace');
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['meta', 'workspaces', 'snapshots', 'ops'], 'readwrite');
      tx.objectStore('meta').put({ key: 'replica', id: 'app-0ld0ld0ld0ld', next: ops.length + 1 });
      tx.objectStore('meta').put({ key: 'last', value: 'ws-from-v1' });
      tx.objectStore('meta').put({ key: 'segments:ws-from-v1',
        value: [{ name: 'Brightpath people', filter: { text: 'brightpath', stage: '', owner: '', minScore: '' } }] });
      tx.objectStore('workspaces').put({ id: 'ws-from-v1', name: 'Kept since version 1', demo: false,
        created: '2026-03-01T09:00:00.000Z' });
      tx.objectStore('snapshots').put({ workspace: 'ws-from-v1', text, rev: 3 });
      for (const op of ops) tx.objectStore('ops').put({ workspace: 'ws-from-v1', id: op.id, op });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

test('Reliability.StoreWrittenByVersionOneOpensAfterTheUpgrade', async () => {
  const browser = await launch();
  open.push(browser);
  const page = await browser.context.newPage();
  const text = readFileSync(join(root, 'tests/fixtures/scenario-identify.json'), 'utf8');
  const fixture = JSON.parse(text);
  // Two ops stored after the snapshot, as version 1 kept them.
  const ops = [
    { id: 'app-0ld0ld0ld0ld:1', at: '2026-03-06T10:00:00.000Z', actor: 'ana', type: 'set_owner', contact: 'c1', props: { owner: 'ana' } },
    { id: 'app-0ld0ld0ld0ld:2', at: '2026-03-06T11:00:00.000Z', actor: 'ana', type: 'touch', contact: 'c1',
      props: { channel: 'call', outcome: 'responded' } },
  ];
  // Any page of the app's origin that does not open the store itself.
  await page.goto(`${server.url}site/buyers-guide.txt`);
  await page.evaluate(writeVersionOneStore, { text, ops });
  const errors = watchErrors(page);

  await go(page, 'contacts');
  await page.waitForFunction(() => document.querySelector('#workspace-picker option:checked'));
  assert.equal(await page.$eval('#workspace-picker option:checked', (o) => o.textContent), 'Kept since version 1');
  await page.waitForSelector('#contact-list a.row');
  // The fixture's contact, and its visitor who was never identified.
  assert.deepEqual(await page.$$eval('#contact-list a.row .c-name', (names) => names.map((n) => n.textContent)),
    [...fixture.contacts.map((c) => c.name), 'v:9b21']);
  assert.deepEqual(await page.$$eval('#segment-pick option', (o) => o.map((x) => x.textContent)),
    ['Saved segments…', 'Brightpath people']);

  await go(page, 'contact/c1', 'contact');
  const timeline = await opsOf(page);
  for (const op of [...fixture.ops.filter((o) => ['c1', 'v:7f3a'].includes(o.contact)), ...ops]) {
    assert.ok(timeline.includes(op.id), `${op.id} is in the timeline`);
  }
  assert.match(await page.textContent('#contact-name'), /Maya Okafor/);
  assert.match(await page.textContent('#view .meta'), /owner ana/);

  // New edits are saved, with the replica and sequence version 1 handed out.
  await touch(page);
  assert.ok((await opsOf(page)).includes('app-0ld0ld0ld0ld:3'));
  await page.reload();
  await page.waitForSelector(ready('contact'));
  assert.equal((await opsOf(page)).length, timeline.length + 1);

  const dump = await dumpStore(page);
  assert.equal(dump.version, 3);
  // The snapshot version 1 stored as a document is stored as the engine's bytes now.
  assert.equal(dump.stores.snapshots.length, 1);
  assert.equal(dump.stores.snapshots[0].text, undefined);
  assert.ok(JSON.parse(dump.stores.snapshots[0].document).contacts.some((c) => c.id === 'c1'));
  assert.deepEqual(dump.indexes.ops.sort(), ['contact', 'workspace']);
  assert.equal(dump.stores.workspaces.length, 1);
  assert.deepEqual(errors, []);
  await browser.context.close();
  open.splice(open.indexOf(browser), 1);
});

// The stored snapshot's bytes as the page reads them, or changed by `change` (a list of
// [index, value]) and written back in place.
function snapshotBytes(page, change = []) {
  return page.evaluate((edits) => new Promise((resolve, reject) => {
    const request = indexedDB.open('tandem');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('snapshots', 'readwrite');
      tx.objectStore('snapshots').getAll().onsuccess = ({ target }) => {
        const [record] = target.result;
        for (const [index, value] of edits) record.bytes[index] = value;
        if (edits.length) tx.objectStore('snapshots').put(record);
        tx.oncomplete = () => {
          db.close();
          resolve({ rev: record.rev, bytes: [...record.bytes] });
        };
      };
      tx.onerror = () => reject(tx.error);
    };
  }), change);
}

// A snapshot this Tandem cannot read (here, one a newer version wrote) is named as such, and
// kept byte for byte: nothing saved is deleted or overwritten.
test('Reliability.ASnapshotThatCannotBeReadIsKeptAndSaidSo', async () => {
  const browser = await launch();
  open.push(browser);
  const page = await browser.context.newPage();
  await go(page, 'dashboard');
  const newer = await snapshotBytes(page, [[8, 9]]);
  await page.reload();
  await page.waitForSelector('#status[data-kind="error"]');
  const message = await page.textContent('#status');
  assert.match(message, /newer than this Tandem reads/);
  assert.match(message, /kept as it was; nothing was deleted/);
  assert.deepEqual(await snapshotBytes(page), newer);
  await browser.context.close();
  open.splice(open.indexOf(browser), 1);
});

// One person, with everything that can be about them: a record, a duplicate record merged
// into it, a visitor history joined by identify, activity that starts workflows and a handoff.
const PERSON = {
  id: 'erase-me', duplicate: 'erase-me-dup', visitor: 'v:erase-me-visitor',
  personal: ['Quillon Vantablack', 'Q. Vantablack', 'quillon.vantablack@erasure.example', 'q.v@erasure.example',
    'Vantablack Pigments', 'Head of Ink', '+49 30 5550199', 'call Quillon on his mobile', '/pricing/vantablack-plan'],
};

function addPerson(workspace) {
  const at = (minutes) => new Date(Date.UTC(2026, 10, 2, 9) + minutes * 60_000).toISOString();
  workspace.contacts.push(
    { id: PERSON.id, name: 'Quillon Vantablack', email: 'quillon.vantablack@erasure.example', company: 'Vantablack Pigments',
      title: 'Head of Ink', country: 'DE', industry: 'software', employees: 200, phone: '+49 30 5550199',
      source: 'organic_search', created: at(0) },
    { id: PERSON.duplicate, name: 'Q. Vantablack', email: 'q.v@erasure.example', company: 'Vantablack Pigments', created: at(1) });
  const op = (n, type, contact, props) => ({ id: `erase-test:${n}`, at: at(n), actor: 'system', type, contact, ...(props ? { props } : {}) });
  workspace.ops.push(
    op(2, 'page_view', PERSON.visitor, { path: '/pricing/vantablack-plan' }),
    op(3, 'identify', PERSON.id, { visitor: PERSON.visitor }),
    op(4, 'merge', PERSON.id, { from: PERSON.duplicate }),
    op(5, 'content_download', PERSON.id, { content: 'buyers-guide' }),
    op(6, 'form_submit', PERSON.id, { form: 'demo', note: 'call Quillon on his mobile' }),
    op(7, 'demo_request', PERSON.id));
  return workspace;
}

const leaks = (text) => PERSON.personal.filter((value) => text.includes(value));

test('Reliability.ErasedPersonLeavesNothingPersonalInTheStoreOrAnyExport', async () => {
  const browser = await launch();
  open.push(browser);
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await go(page, 'export');
  const workspace = addPerson(JSON.parse(await downloaded(page, '#export-workspace')));
  await go(page, 'import');
  await page.setInputFiles('#workspace-file', { name: 'with-person.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(workspace)) });
  await page.check('input[name="mode"][value="merge"]');
  await page.click('#import-workspace');
  await page.waitForSelector('#workspace-result [data-done="true"]');

  // Edits in the app about them: raw ops in IndexedDB until the next snapshot.
  await go(page, `contact/${PERSON.id}`, 'contact');
  assert.equal(await page.textContent('#contact-name'), 'Quillon Vantablack');
  await page.fill('input.set-owner', 'ana');
  await page.click('form:has(input.set-owner) button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#timeline li[data-type="set_owner"]'));
  await touch(page);

  // Every export there is, each as a person would download it.
  const exports = async () => {
    const files = {};
    await go(page, 'export');
    files.workspace = await downloaded(page, '#export-workspace');
    files.contacts = await downloaded(page, '#export-contacts');
    await go(page, 'outbox');
    files.outbox = await downloaded(page, 'button[data-csv="outbox"]');
    await go(page, 'reports');
    for (const kind of await page.$$eval('button[data-csv]', (buttons) => buttons.map((b) => b.dataset.csv))) {
      files[`report ${kind}`] = await downloaded(page, `button[data-csv="${kind}"]`);
    }
    return files;
  };
  // The checks below would see the person: they are in the store and the exports now.
  const stored = JSON.stringify(await dumpStore(page));
  assert.ok(leaks(stored).includes('quillon.vantablack@erasure.example'), 'the store holds the person before the erase');
  assert.ok((await dumpStore(page)).stores.ops.some((row) => row.op.contact === PERSON.id), 'raw ops about them are stored');
  const before = await exports();
  assert.ok(leaks(before.workspace).length > 0);
  assert.match(before.contacts, new RegExp(PERSON.id));
  assert.match(before.outbox, /quillon\.vantablack@erasure\.example/);
  const reportKinds = Object.keys(before).filter((k) => k.startsWith('report '));
  assert.ok(reportKinds.length >= 8, `every report has a CSV (${reportKinds.join(', ')})`);

  await go(page, `contact/${PERSON.id}`, 'contact');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#erase-contact');
  await page.waitForSelector(ready('contacts'));
  assert.match(await page.textContent('#flash'), new RegExp(`Erased ${PERSON.id}`));

  // IndexedDB at once: every store, every record.
  const dump = await dumpStore(page);
  assert.deepEqual(leaks(JSON.stringify(dump)), []);
  const ids = [PERSON.id, PERSON.duplicate, PERSON.visitor];
  assert.deepEqual(dump.stores.ops.filter((row) => ids.includes(row.op.contact)), [], 'no stored op about them');
  const tombstone = (text) => {
    const doc = JSON.parse(text);
    assert.deepEqual(doc.contacts.filter((c) => ids.includes(c.id)), []);
    const about = doc.ops.filter((o) => ids.includes(o.contact) || JSON.stringify(o.props ?? {}).includes('erase-me'));
    assert.deepEqual([...new Set(about.map((o) => o.type))].sort(), ['erase', 'identify', 'merge']);
    for (const o of about) assert.deepEqual(Object.keys(o.props ?? {}).filter((k) => !['visitor', 'from'].includes(k)), []);
  };
  for (const snapshot of dump.stores.snapshots) tombstone(snapshot.document);

  // Every export: nothing personal; the CSVs do not even name their ids.
  const now = await exports();
  assert.deepEqual(Object.keys(now), Object.keys(before));
  for (const [name, text] of Object.entries(now)) {
    assert.deepEqual(leaks(text), [], `${name} has nothing personal`);
    if (name !== 'workspace') assert.ok(!text.includes('erase-me'), `${name} does not name them`);
  }
  tombstone(now.workspace);

  // And after a reload, with the worker reading the workspace back from IndexedDB, they stay
  // gone: from the store, from every export and from the contacts.
  const view = await page.getAttribute('#view', 'data-view');
  await page.reload();
  await page.waitForSelector(ready(view), { timeout: 60_000 });
  assert.deepEqual(leaks(JSON.stringify(await dumpStore(page))), [], 'nothing personal in the store after a reload');
  const reloaded = await exports();
  assert.deepEqual(Object.keys(reloaded), Object.keys(before));
  for (const [name, text] of Object.entries(reloaded)) {
    assert.deepEqual(leaks(text), [], `${name} has nothing personal after a reload`);
    if (name !== 'workspace') assert.ok(!text.includes('erase-me'), `${name} does not name them after a reload`);
  }
  tombstone(reloaded.workspace);
  await go(page, 'contacts');
  await page.fill('#contact-search', 'erase-me');
  await page.waitForFunction(() => /^0 of/.test(document.querySelector('#contact-count').textContent));
  assert.deepEqual(errors, []);
  await browser.context.close();
  open.splice(open.indexOf(browser), 1);
});
