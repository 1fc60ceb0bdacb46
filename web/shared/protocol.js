// The one message protocol between the page (web/app) and the engine worker (web/worker),
// and between the workers of several tabs (BroadcastChannel). Every message is a plain
// object { v: PROTOCOL_VERSION, type, ... }; a receiver ignores a message of another
// version. Change a message's shape, bump the version.
export const PROTOCOL_VERSION = 4;

// page → worker; each request carries an `id` and gets one Reply.RESULT with that id.
export const Request = Object.freeze({
  // {} → { workspaces: [{ id, name, created, demo }], current }
  WORKSPACES: 'workspaces',
  // { workspace } → the workspace's summary (as SUMMARY); makes it the one this tab shows
  OPEN: 'open',
  // { name, from: 'empty' | 'demo' } → the new workspace's summary (it is opened)
  CREATE: 'create',
  // { workspace, name } → {}
  RENAME: 'rename',
  // { workspace } → {} (another workspace, or a new demo, is opened when it was the open one)
  DELETE: 'delete',
  // {} → { id, name, demo, contacts, ops, now, replica }
  SUMMARY: 'summary',
  // { kind, now?, format? } → the report (parsed JSON, or CSV text)
  REPORT: 'report',
  // { months, point? } → { now, points: [{ at, stages }] }: stage counts at the end of each
  //   month, the oldest first; with `point`, only that one (0 is the oldest)
  TRENDS: 'trends',
  // {} → { columns: [...], rows: [[...]] }: every contact with stage, score and owner
  CONTACTS: 'contacts',
  // { contact } → { record, explain, timeline: [op] }
  CONTACT: 'contact',
  // { ops: [{ type, contact, props }], actor } → { ops, warnings }: appends to the log
  ACT: 'act',
  // { contact, actor } → { contact, op }: erases the person (an `erase` op) and stores a new
  //   snapshot at once, dropping every stored op about them
  ERASE: 'erase',
  // {} → { columns, rows, deals: { contact: { outcome, at, amount?, objection? } } }
  PIPELINE: 'pipeline',
  // {} → the workspace's config
  CONFIG: 'config',
  // { config } → { ok, errors, now, current: stages, preview: stages, changed, moved,
  //   movers: [{ id, stage_before, stage_after, ... }] }: the engine's what-if (nothing is
  //   saved); `changed` contacts differ in stage or score, `moved` of them in stage
  WHAT_IF: 'what-if',
  // { config } → { ok, errors }: saves the config (validated by the engine first)
  SAVE_CONFIG: 'save-config',
  // { text, mode: 'new' | 'merge', name? } → { ok, errors, summary }
  IMPORT_WORKSPACE: 'import-workspace',
  // { text, mapping? } → { ok, errors, mapping, added, addedOps, contacts, ops, bad, notes }:
  //   the engine's mapping (suggested when none is given; docs/analytics.md), and what
  //   importing with it would add to the open workspace: counts, the first contacts and ops,
  //   and the rows it would skip (`bad`: problems at /rows/<line>, "line N: ...")
  CSV_PREVIEW: 'csv-preview',
  // { text, mapping, skipBadRows } → { ok, errors, added, addedOps, bad, notes }: the engine's import
  //   into the open workspace; with skipBadRows false one bad row imports nothing
  IMPORT_CSV: 'import-csv',
  // { kind: 'workspace' | 'contacts' } → { name, type, text }
  EXPORT: 'export',
  // {} → { segments: [{ name, filter }] }; { segments } with SAVE_SEGMENTS
  SEGMENTS: 'segments',
  SAVE_SEGMENTS: 'save-segments',
});

// worker → page. A failed request's RESULT may carry a `code`: 'storage-full' (the browser
// refused the write for want of space; nothing of it was saved) or 'storage-closed' (a newer
// version of the app upgraded the storage; this tab must reload).
export const Reply = Object.freeze({
  // { state: 'loading' | 'ready' | 'failed', error? }: the worker opening its workspace
  STATUS: 'status',
  // { id, ok: true, value } or { id, ok: false, error, code? }: the answer to one request
  RESULT: 'result',
  // { id, phase, done?, total? }: how far a long request has come
  PROGRESS: 'progress',
  // { workspace, by: 'this-tab' | 'other-tab' }: the open workspace changed; views refresh
  CHANGED: 'changed',
  // { state: 'full' | 'ok' | 'closed', message? }: a write failed for want of space, a write
  //   succeeded after that, or a newer version of the app took the storage over
  STORAGE: 'storage',
});

// worker ↔ worker of other tabs, on the BroadcastChannel named CHANNEL
export const CHANNEL = 'tandem';
export const Broadcast = Object.freeze({
  // { workspace }: new ops are stored for this workspace
  OPS: 'ops',
  // { workspace, rev }: a new snapshot (config change, import, compaction) was written
  SNAPSHOT: 'snapshot',
  // {}: workspaces were created, renamed or deleted
  WORKSPACES: 'workspaces',
});

export function message(type, fields = {}) {
  return { v: PROTOCOL_VERSION, type, ...fields };
}

export function isCurrent(data) {
  return data !== null && typeof data === 'object' && data.v === PROTOCOL_VERSION;
}
