// The engine's home in the browser: loads the WASM engine, keeps the workspaces in IndexedDB
// (store.js), and answers the page's requests (web/shared/protocol.js). The page never runs
// the engine nor touches IndexedDB itself. Other tabs' workers hear of every write on a
// BroadcastChannel and merge it by op id, so no edit is lost or applied twice.
import { filePieces, loadTandem } from '../../wasm/api.js';
import {
  Broadcast, CHANNEL, PROTOCOL_VERSION, Reply, Request, isCurrent, message,
} from '../shared/protocol.js';
import { isStorageFull, openStore, stampOf } from './store.js';
import { BUILD } from './build.js';

const demoUrl = new URL('../../demo/workspace.json', import.meta.url);
// Stored ops beyond this many are folded into a new snapshot when a workspace opens.
const COMPACT_AFTER = 200;

// What a person reads when the browser refuses a write for want of space, and what to do.
const STORAGE_FULL = "The browser's storage for this site is full, so this change was not " +
  'saved; everything saved before it is safe. Export the workspace to keep a copy, then free ' +
  'space: delete a workspace you no longer need, or clear other sites\' data in the browser\'s ' +
  'settings. Then try again.';
const STORAGE_CLOSED = 'A newer version of Tandem, open in another tab, has upgraded this ' +
  "browser's storage: reload this tab to go on. Nothing saved is lost.";

const EMPTY_CONFIG = {
  stages: { mql_score: 50, sql_score: 80, hysteresis: 5, sql_requires_acceptance: true,
    hand_raise: ['demo_request'] },
  scoring: {
    half_life_days: 30,
    behaviour: [
      { id: 'pricing-page', on: 'page_view', where: { path_prefix: '/pricing' }, points: 8,
        cap: { points: 24, per_days: 30 } },
      { id: 'download', on: 'content_download', points: 12 },
      { id: 'webinar', on: 'webinar_attend', points: 15 },
      { id: 'email-click', on: 'email_click', points: 4 },
      { id: 'unsubscribe', on: 'unsubscribe', points: -30 },
    ],
    fit: [],
  },
  dark_after_touches: 5,
  workflows: [],
};

let tandem;
let store;
const channel = new BroadcastChannel(CHANNEL);

// The open workspace: its engine session, the snapshot revision it was read from, and the
// ids of stored ops it has applied (the snapshot holds the rest).
let open = null;
// Derived data, computed once per change. cache.answers: the answers that depend on nothing
// but the stored workspace (remember()), kept in the store too.
let cache = {};

// At start-up, while the engine compiles and opens the snapshot: { list, info, kept }, the
// workspaces, the one being opened and the answers kept for it (store.keptAnswers, or null),
// or null when there is none; given to the requests they answer at once (answeredEarly).
let knowEarly;
const early = new Promise((resolve) => { knowEarly = resolve; });
let started = false;
const ready = start();

async function start() {
  post(Reply.STATUS, { state: 'loading' });
  try {
    // The engine compiles while the store is opened and the last workspace read.
    const engine = loadTandem();
    engine.catch(() => {});
    store = await openStore({ onClosed: storageClosed });
    let full = false;
    store.onFull = (now) => {
      if (now !== full) post(Reply.STORAGE, { state: now ? 'full' : 'ok' });
      full = now;
    };
    await store.replica();
    const list = await store.listWorkspaces();
    const last = await store.getMeta('last');
    const chosen = list.find((w) => w.id === last) ?? list[0];
    const read = chosen ? store.read(chosen.id) : null;
    read?.catch(() => {});
    knowEarly(chosen ? store.keptAnswers(chosen.id, BUILD).catch(() => null)
      .then((kept) => ({ list, info: chosen, kept })) : null);
    tandem = await engine;
    if (chosen) await openWorkspace(chosen.id, undefined, await read, (await early)?.kept ?? null);
    else await createWorkspace('Demo workspace', 'demo', undefined, { first: true });
    started = true;
    post(Reply.STATUS, { state: 'ready' });
    keepDashboardWhenIdle();
  } catch (error) {
    knowEarly(null);
    post(Reply.STATUS, { state: 'failed', error: String(error.message ?? error) });
    throw error;
  }
}

let closed = false;
function storageClosed() {
  closed = true;
  post(Reply.STORAGE, { state: 'closed', message: STORAGE_CLOSED });
}

// The reply for a request that failed: a full disk or quota gets its own code and message.
function failure(error) {
  if (isStorageFull(error)) return { code: 'storage-full', error: STORAGE_FULL };
  if (closed) return { code: 'storage-closed', error: STORAGE_CLOSED };
  return { error: String(error.message ?? error) };
}

function post(type, fields) {
  self.postMessage(message(type, fields));
}

function describe(errors) {
  return errors.slice(0, 5).map((e) => (e.pointer ? `${e.pointer}: ${e.message}` : e.message))
    .join('; ');
}

async function fetchDemo() {
  const response = await fetch(demoUrl);
  if (!response.ok) throw new Error(`could not fetch the demo workspace (HTTP ${response.status})`);
  return response.text();
}

function emptyDocument() {
  return JSON.stringify({ format: 'tandem.workspace', version: 1, config: EMPTY_CONFIG,
    contacts: [], ops: [] });
}

// `opened`: the workspace already open in the engine (an import read in pieces), instead of
// a document's text.
async function createWorkspace(name, from, text, { first = false, opened: given = null } = {}) {
  let opened = given;
  if (!opened) {
    const source = text ?? (from === 'demo' ? await fetchDemo() : emptyDocument());
    opened = tandem.openWorkspace(source);
  }
  if (!opened.ok) throw new Error(`the workspace is invalid: ${describe(opened.errors)}`);
  const bytes = opened.workspace.snapshot();
  opened.workspace.dispose();
  const create = first ? store.createFirstWorkspace : store.createWorkspace;
  const record = await create.call(store, name, bytes, { demo: from === 'demo' });
  channel.postMessage(message(Broadcast.WORKSPACES));
  await openWorkspace(record.id);
  return record;
}

// Reads a workspace from the store into the engine; folds many stored ops into a snapshot, and
// rewrites a snapshot an older version stored as a document as bytes.
// `stored`: what store.read(id) gave, when it was read already.
// `given`: what store.keptAnswers gave, when it was read already.
async function openWorkspace(id, progress = () => {}, stored = undefined, given = undefined) {
  progress('reading');
  const keptAnswers = given === undefined ? store.keptAnswers(id, BUILD).catch(() => null) : given;
  const data = stored === undefined ? await store.read(id) : stored;
  if (!data) throw new Error(`no workspace "${id}" on this machine`);
  progress('replaying', 1, 2);
  const opened = data.bytes ? tandem.openSnapshot(data.bytes) : tandem.openWorkspace(data.text);
  // What is stored stays as it is: a newer Tandem, say, may open it.
  if (!opened.ok) {
    throw new Error(`the stored workspace "${id}" could not be opened: ` +
      `${describe(opened.errors)}. It is kept as it was; nothing was deleted.`);
  }
  if (data.ops.length) {
    const appended = opened.workspace.append(data.ops);
    if (!appended.ok) throw new Error(`stored ops are invalid: ${describe(appended.errors)}`);
  }
  progress('replaying', 2, 2);
  const kept = await keptAnswers;
  open?.workspace.dispose();
  const info = await store.workspaceInfo(id);
  open = { id, info, workspace: opened.workspace, rev: data.rev,
    applied: new Set(data.ops.map((op) => op.id)) };
  // Answers kept for exactly what was read are this workspace's answers.
  cache = kept?.stamp === stamp() ? { answers: { ...kept.answers } } : {};
  // Which workspace was open last, and compaction, are conveniences: storage that is full
  // must not keep a workspace from opening.
  try {
    if ((await store.getMeta('last')) !== id) await store.setMeta('last', id);
    if (open.applied.size >= COMPACT_AFTER || !data.bytes) await compact();
  } catch (error) {
    if (!isStorageFull(error)) throw error;
  }
}

// What the open workspace is, as stampOf writes it.
function stamp() {
  return stampOf(BUILD, open.rev, open.applied);
}

// The answer named `key` for the open workspace as it is: `compute()` once per change, and
// kept in the store, so that the next start-up can give it before the engine has opened the
// workspace (early). Only for answers that depend on nothing but the stored workspace.
function remember(key, compute) {
  cache.answers ??= {};
  if (!Object.hasOwn(cache.answers, key)) {
    cache.answers[key] = compute();
    keepSoon();
  }
  return cache.answers[key];
}

// Stores cache.answers once the requests at hand are answered. The store keeps them only if
// what is stored is still what they were given for.
let keeping = null;
function keepSoon() {
  keeping ??= setTimeout(() => {
    keeping = null;
    if (!open || !cache.answers) return;
    store.keepAnswers(open.id, BUILD, stamp(), cache.answers).catch(() => {});
  }, 0);
}

// Writes the open workspace as a new snapshot, dropping the stored ops it includes.
async function compact() {
  const rev = await store.writeSnapshot(open.id, open.rev, open.workspace.snapshot(),
    [...open.applied]);
  if (rev === null) return false;
  open.rev = rev;
  open.applied.clear();
  // The same workspace under a new stamp: the answers still hold.
  if (cache.answers) keepSoon();
  channel.postMessage(message(Broadcast.SNAPSHOT, { workspace: open.id, rev }));
  return true;
}

// Saves a new snapshot made by `compose(documentText)` from the open workspace. When another
// tab wrote a snapshot meanwhile, reloads and composes again, so its edits are kept too.
// `forget`: contact ids whose stored ops are dropped with it (an erase). Until the snapshot
// is stored, the open workspace stays as it was: a failed write changes nothing shown.
async function rewrite(compose, { progress = () => {}, forget = [] } = {}) {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const text = compose(open.workspace.exportDocument());
    if (text === null) return { ok: false, errors: [] };
    const opened = tandem.openWorkspace(text);
    if (!opened.ok) return { ok: false, errors: opened.errors };
    let rev;
    try {
      const bytes = opened.workspace.snapshot();
      progress('saving');
      rev = await store.writeSnapshot(open.id, open.rev, bytes, [...open.applied], forget);
    } catch (error) {
      opened.workspace.dispose();
      throw error;
    }
    if (rev !== null) {
      open.workspace.dispose();
      open.workspace = opened.workspace;
      stored(rev);
      return { ok: true, errors: [], warnings: opened.warnings };
    }
    opened.workspace.dispose();
    await openWorkspace(open.id);
  }
  throw new Error(KEPT_CHANGING);
}

const KEPT_CHANGING = 'the workspace kept changing in another tab; try again';

// The open workspace, as it is now, was stored as snapshot revision `rev`: tells this tab's
// views and the other tabs.
function stored(rev) {
  open.rev = rev;
  open.applied.clear();
  cache = {};
  channel.postMessage(message(Broadcast.SNAPSHOT, { workspace: open.id, rev }));
  post(Reply.CHANGED, { workspace: open.id, by: 'this-tab' });
}

// Saves a new config. The engine swaps it into the open workspace, which keeps its records,
// log and timeline (a rewrite would export and read the whole document: 27 s at 100k
// contacts), and the new snapshot is stored; when it cannot be, the config before is put
// back, so a failed write changes nothing shown. When another tab wrote a snapshot
// meanwhile, reloads and tries again, so its edits are kept too.
async function saveConfig(config) {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const before = open.workspace.config();
    const set = open.workspace.setConfig(config);
    if (!set.ok) return { ok: false, errors: set.errors };
    let rev;
    try {
      rev = await store.writeSnapshot(open.id, open.rev, open.workspace.snapshot(), [...open.applied]);
    } catch (error) {
      open.workspace.setConfig(before);
      throw error;
    }
    if (rev !== null) {
      stored(rev);
      return { ok: true, errors: [], warnings: set.warnings };
    }
    open.workspace.setConfig(before);
    await openWorkspace(open.id);
  }
  throw new Error(KEPT_CHANGING);
}

// The time of a new op: now, but never before the last op (so it lands last in the log).
function opTime() {
  const last = Date.parse(lastOpTime() ?? 0) || 0;
  return new Date(Math.max(Date.now(), last + 1000)).toISOString();
}

function lastOpTime() {
  cache.lastAt ??= open.workspace.report('stages').now;
  return cache.lastAt;
}

function doc() {
  cache.doc ??= JSON.parse(open.workspace.exportDocument());
  return cache.doc;
}

function stages(workspace, now) {
  return workspace.report('stages', now ? { now } : {});
}

// A CRM export may give first and last names only; the list shows them as one name.
function displayName(record) {
  return record.name ?? [record.first_name, record.last_name].filter(Boolean).join(' ');
}

// Every contact row: report fields and the record's own fields.
// The records' fields come from the engine as columns: exporting and parsing the whole
// document for them took seconds at 100k contacts, again after every edit.
function contactTable() {
  if (cache.table) return cache.table;
  const fields = ['name', 'first_name', 'last_name', 'email', 'company', 'country'];
  const found = open.workspace.records(fields);
  const records = new Map(found.id.map((id, i) =>
    [id, Object.fromEntries(fields.map((f) => [f, found[f][i] ?? undefined]))]));
  const columns = ['id', 'name', 'email', 'company', 'country', 'stage', 'score', 'owner',
    'in_review'];
  const rows = open.workspace.report('contacts').contacts.map((row) => {
    const record = records.get(row.id) ?? {};
    return [row.id, displayName(record), record.email ?? '', record.company ?? '',
      record.country ?? '', row.stage, Math.round(row.score * 10) / 10, row.owner ?? '',
      Boolean(row.in_review)];
  });
  cache.table = { columns, rows };
  return cache.table;
}

// Counted by the engine: exporting and parsing the document only to count it took seconds at
// 100k contacts.
function summary() {
  return summaryOf(open.id, open.info, remember('summary', () => {
    const { contacts, ops } = open.workspace.counts();
    return { contacts, ops, now: lastOpTime() };
  }));
}

function summaryOf(id, info, counted) {
  return { id, name: info?.name ?? id, demo: Boolean(info?.demo), ...counted };
}

function endOfMonths(now, months) {
  const end = new Date(now);
  const points = [];
  for (let i = months - 1; i >= 1; --i) {
    points.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i + 1, 1) - 1000));
  }
  points.push(end);
  return points.map((t) => t.toISOString());
}

const handlers = {
  async [Request.WORKSPACES]() {
    return { workspaces: await store.listWorkspaces(), current: open?.id ?? null };
  },
  async [Request.OPEN]({ workspace }, progress) {
    await openWorkspace(workspace, progress);
    return summary();
  },
  async [Request.CREATE]({ name, from }) {
    await createWorkspace(name || 'Untitled workspace', from);
    return summary();
  },
  async [Request.RENAME]({ workspace, name }) {
    await store.renameWorkspace(workspace, name);
    if (open?.id === workspace) open.info = await store.workspaceInfo(workspace);
    channel.postMessage(message(Broadcast.WORKSPACES));
    return {};
  },
  async [Request.DELETE]({ workspace }) {
    await store.deleteWorkspace(workspace);
    channel.postMessage(message(Broadcast.WORKSPACES));
    if (open?.id === workspace) {
      const rest = await store.listWorkspaces();
      if (rest.length) await openWorkspace(rest[0].id);
      else await createWorkspace('Demo workspace', 'demo');
    }
    return {};
  },
  [Request.SUMMARY]: summary,
  [Request.REPORT]({ kind, now, format }) {
    const report = () => open.workspace.report(kind, { now, format });
    const key = rememberedKey({ type: Request.REPORT, kind, now, format });
    return key ? remember(key, report) : report();
  },
  [Request.TRENDS]({ months = 6, point }) {
    const trends = () => {
      const now = lastOpTime();
      let ends = endOfMonths(now, months);
      if (point !== undefined) {
        if (!Number.isInteger(point) || point < 0 || point >= ends.length) {
          throw new Error(`no point ${point} among ${ends.length} month ends`);
        }
        ends = [ends[point]];
      }
      return { now, points: ends.map((at) => ({ at, stages: stages(open.workspace, at).stages })) };
    };
    const key = rememberedKey({ type: Request.TRENDS, months, point });
    return key ? remember(key, trends) : trends();
  },
  [Request.CONTACTS]: contactTable,
  // From the engine, not from an export of the whole document (seconds at 100k contacts).
  [Request.CONTACT]({ contact }) {
    const { record, ops } = open.workspace.person(contact);
    return { record, explain: open.workspace.explain(contact), timeline: ops };
  },
  async [Request.ACT]({ ops, actor = 'me' }) {
    const at = opTime();
    const ids = await store.reserveIds(ops.length);
    const full = ops.map((op, i) => ({ id: ids[i], at, actor, type: op.type, contact: op.contact,
      ...(op.props ? { props: op.props } : {}) }));
    const appended = open.workspace.append(full);
    if (!appended.ok) throw new Error(`the engine refused: ${describe(appended.errors)}`);
    try {
      await store.putOps(open.id, full);
    } catch (error) {
      // Not saved (a full disk, say): show what is stored, not what was not.
      await openWorkspace(open.id);
      throw error;
    }
    for (const op of full) open.applied.add(op.id);
    cache = {};
    channel.postMessage(message(Broadcast.OPS, { workspace: open.id }));
    post(Reply.CHANGED, { workspace: open.id, by: 'this-tab' });
    return { ops: full, warnings: appended.warnings };
  },
  // The engine drops the person from the document and keeps an ids-only tombstone; the new
  // snapshot is stored at once, with every stored op about them dropped in the same
  // transaction, so no raw op with their data stays in IndexedDB once this answers.
  async [Request.ERASE]({ contact, actor = 'me' }, progress) {
    // Who the person is, and every id joined to them, is the engine's answer: the stored ops
    // of each of those ids go with the erase.
    let person;
    try {
      person = open.workspace.person(contact);
    } catch {
      throw new Error(`no contact "${contact}" in this workspace`);
    }
    const ids = [...new Set([contact, ...person.ops.map((op) => op.contact)])];
    progress('erasing');
    const [id] = await store.reserveIds(1);
    const erase = { id, at: opTime(), actor, type: 'erase', contact };
    const result = await rewrite((text) => {
      const d = JSON.parse(text);
      d.ops.push(erase);
      return JSON.stringify(d);
    }, { progress, forget: ids });
    if (!result.ok) throw new Error(`the engine refused the erase: ${describe(result.errors)}`);
    return { contact, op: id };
  },
  [Request.CONFIG]: () => open.workspace.config(),
  [Request.PIPELINE]() {
    // Each person's last deal (accepted, won or lost), from the engine: reading the log here
    // meant exporting and parsing the whole document (seconds at 100k contacts).
    const deals = Object.fromEntries(open.workspace.report('deals').deals.map(({ id, ...deal }) => [id, deal]));
    return { ...contactTable(), deals };
  },
  [Request.WHAT_IF]({ config }) {
    let result;
    try {
      result = open.workspace.whatIf(config);
    } catch (error) {
      if (error.problems) return { ok: false, errors: error.problems };
      throw error;
    }
    const moved = result.contacts.filter((c) => c.stage_before !== c.stage_after);
    return { ok: true, errors: [], now: result.now, current: result.before.stages,
      preview: result.after.stages, changed: result.changed, moved: moved.length,
      movers: moved.slice(0, 10) };
  },
  [Request.SAVE_CONFIG]: ({ config }) => saveConfig(config),
  // `file`: the File chosen, read here in pieces (so a file larger than a string can hold
  // still imports as a new workspace); `text`: the document itself.
  async [Request.IMPORT_WORKSPACE]({ file, text: given, mode, name }, progress) {
    progress('checking');
    if (mode !== 'merge') {
      const opened = file ? tandem.openWorkspaceFrom(filePieces(file)) : tandem.openWorkspace(given);
      if (!opened.ok) return { ok: false, errors: opened.errors };
      progress('saving');
      await createWorkspace(name || 'Imported workspace', 'file', undefined, { opened });
      // The page's header lists the workspaces and names the open one: it shows the new one now.
      post(Reply.CHANGED, { workspace: open.id, by: 'this-tab' });
      return { ok: true, errors: [], summary: summary() };
    }
    const text = file ? await file.text() : given;
    const checked = tandem.validate(text);
    if (!checked.ok) return { ok: false, errors: checked.errors };
    progress('merging');
    let merged = null;
    const result = await rewrite((current) => {
      merged = tandem.merge(current, text);
      return merged.ok ? merged.document : current;
    }, { progress });
    if (!merged.ok) return { ok: false, errors: merged.errors };
    return { ...result, summary: summary() };
  },
  async [Request.CSV_PREVIEW]({ text, mapping }) {
    let chosen = mapping;
    if (!chosen) {
      const suggested = tandem.suggestCsvMapping(text);
      if (!suggested.ok) return { ok: false, errors: suggested.errors };
      chosen = { ...suggested.mapping, replica: await csvReplica() };
    }
    const before = doc();
    const trial = tandem.importCsv(text, { mapping: { ...chosen, at: opTime() },
      into: open.workspace.exportDocument(), skipBadRows: true });
    const { rows, others } = splitProblems([...trial.errors, ...trial.warnings]);
    if (!trial.ok) return { ok: false, mapping: chosen, errors: others, bad: rows };
    const after = JSON.parse(trial.document);
    const known = new Set(before.contacts.map((c) => c.id));
    const knownOps = new Set(before.ops.map((op) => op.id));
    const contacts = after.contacts.filter((c) => !known.has(c.id));
    const ops = after.ops.filter((op) => !knownOps.has(op.id));
    return { ok: true, mapping: chosen, errors: [], bad: rows,
      notes: others.map((p) => p.message), added: contacts.length, addedOps: ops.length,
      contacts: contacts.slice(0, 5), ops: ops.slice(0, 5) };
  },
  async [Request.IMPORT_CSV]({ text, mapping, skipBadRows }, progress) {
    progress('importing');
    const { contacts, ops } = doc();
    let outcome = null;
    const result = await rewrite((current) => {
      outcome = tandem.importCsv(text, { mapping: { ...mapping, at: opTime() }, into: current,
        skipBadRows });
      return outcome.ok ? outcome.document : null;
    }, { progress });
    const { rows, others } = splitProblems([...outcome.errors, ...outcome.warnings]);
    if (!result.ok) return { ok: false, added: 0, errors: [...others, ...result.errors], bad: rows };
    return { ok: true, added: doc().contacts.length - contacts.length,
      addedOps: doc().ops.length - ops.length, errors: [], bad: rows,
      notes: others.map((p) => p.message) };
  },
  [Request.EXPORT]({ kind }) {
    const base = (open.info?.name ?? 'workspace').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (kind === 'contacts') {
      return { name: `${base}-contacts.csv`, type: 'text/csv',
        text: open.workspace.report('contacts', { format: 'csv' }) };
    }
    return { name: `${base}.tandem.json`, type: 'application/json',
      text: open.workspace.exportDocument() };
  },
  async [Request.SEGMENTS]() {
    return { segments: await store.getMeta(`segments:${open.id}`, []) };
  },
  async [Request.SAVE_SEGMENTS]({ segments }) {
    await store.setMeta(`segments:${open.id}`, segments);
    return { segments };
  },
};

// Op and contact ids of a CSV import: this profile's replica and a fresh sequence number, so
// two imports (or two browsers' imports, merged later) never share an id.
async function csvReplica() {
  const [id] = await store.reserveIds(1);
  return id.replace(/^app-/, 'csv-').replace(':', '-');
}

// The engine's problems about one row (/rows/<line>...) apart from the rest.
function splitProblems(problems) {
  const rows = problems.filter((p) => p.pointer.startsWith('/rows/'));
  const others = problems.filter((p) => !p.pointer.startsWith('/rows/'));
  return { rows, others };
}

// The key under which remember() keeps the answer to a request, or null for one it does not
// keep: the dashboard's requests.
function rememberedKey({ type, kind, now, format, months = 6, point }) {
  if (type === Request.SUMMARY) return 'summary';
  if (type === Request.REPORT && kind === 'stages' && !now && !format) return 'stages';
  if (type === Request.TRENDS && Number.isInteger(point)) return `trends ${months} ${point}`;
  return null;
}

// Answers a request before the engine has opened the workspace, from the list of workspaces
// or the answers kept for the one being opened; false when there is none to give.
async function answeredEarly(data) {
  if (started || !isCurrent(data)) return false;
  const given = await early;
  if (started || !given) return false;
  let value;
  if (data.type === Request.WORKSPACES) {
    value = { workspaces: given.list, current: given.info.id };
  } else {
    const key = rememberedKey(data);
    if (!key || !given.kept || !Object.hasOwn(given.kept.answers, key)) return false;
    const answer = given.kept.answers[key];
    value = key === 'summary' ? summaryOf(given.info.id, given.info, answer) : answer;
  }
  post(Reply.RESULT, { id: data.id, ok: true, value });
  return true;
}

// Requests run one at a time, in order: a write never interleaves with another.
let queue = Promise.resolve();

self.addEventListener('message', async ({ data }) => {
  if (await answeredEarly(data)) return;
  const { id, type } = data ?? {};
  queue = queue.then(async () => {
    try {
      if (!isCurrent(data)) throw new Error(`expected protocol version ${PROTOCOL_VERSION}`);
      const handler = handlers[type];
      if (!handler) throw new Error(`unknown request type: ${type}`);
      await ready;
      if (!open) throw new Error('no workspace is open');
      const progress = (phase, done, total) => post(Reply.PROGRESS, { id, phase, done, total });
      const value = await handler(data, progress);
      post(Reply.RESULT, { id, ok: true, value });
    } catch (error) {
      post(Reply.RESULT, { id, ok: false, ...failure(error) });
    }
    keepDashboardWhenIdle();
  });
});

// Once the worker has had nothing to do for a second: the dashboard's counts and stages for
// the workspace as it is now (one replay), kept in the store if they are not yet. An edit made
// in another view then does not leave the next start without them.
let idle = null;
function keepDashboardWhenIdle() {
  clearTimeout(idle);
  idle = setTimeout(() => {
    queue = queue.then(() => {
      if (!started || !open || Object.hasOwn(cache.answers ?? {}, 'stages')) return;
      summary();
      handlers[Request.REPORT]({ kind: 'stages' });
    }).catch(() => {});
  }, 1000);
}

// Another tab wrote: take in its ops (merged by id), or its new snapshot.
channel.addEventListener('message', ({ data }) => {
  if (!isCurrent(data)) return;
  queue = queue.then(async () => {
    await ready;
    if (data.type === Broadcast.WORKSPACES) {
      if (open) open.info = await store.workspaceInfo(open.id);
      post(Reply.CHANGED, { workspace: open?.id, by: 'other-tab' });
      return;
    }
    if (!open || data.workspace !== open.id) return;
    if (data.type === Broadcast.SNAPSHOT && data.rev !== open.rev) {
      await openWorkspace(open.id);
    } else if (data.type === Broadcast.OPS) {
      const fresh = (await store.opsOf(open.id)).filter((op) => !open.applied.has(op.id));
      if (!fresh.length) return;
      const appended = open.workspace.append(fresh);
      if (!appended.ok) return;
      for (const op of fresh) open.applied.add(op.id);
      cache = {};
    } else {
      return;
    }
    post(Reply.CHANGED, { workspace: open.id, by: 'other-tab' });
    keepDashboardWhenIdle();
  }).catch(() => {});
});
