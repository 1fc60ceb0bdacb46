// The workspaces on this machine, in IndexedDB. Each workspace is a snapshot (the engine's binary
// snapshot of it, with a revision number) plus the ops appended since. Every write is one
// transaction; an op's id is `<replica>:<sequence>` with the sequence drawn in the same
// transaction that stores the op, so two tabs of one profile never hand out the same id.
import { openDB } from '../../node_modules/idb/build/index.js';

const DB_NAME = 'tandem';

// The schema, one step per version: STEPS[n] brings a database at version n to n + 1, keeping
// its data. A database written by any older version of the app is upgraded step by step.
const STEPS = [
  // 0 → 1: workspaces, their snapshots, the ops stored since, and this profile's meta records.
  (db) => {
    db.createObjectStore('meta', { keyPath: 'key' });
    db.createObjectStore('workspaces', { keyPath: 'id' });
    db.createObjectStore('snapshots', { keyPath: 'workspace' });
    const ops = db.createObjectStore('ops', { keyPath: ['workspace', 'id'] });
    ops.createIndex('workspace', 'workspace');
  },
  // 1 → 2: stored ops found by the contact they are about, so an erase can drop every one.
  (db, tx) => {
    tx.objectStore('ops').createIndex('contact', ['workspace', 'op.contact']);
  },
  // 2 → 3: a snapshot keeps `bytes` (the engine's binary snapshot: opening copies columns, where
  // a document took seconds to parse) instead of `text` (the document). Records with `text`
  // still open, and the worker rewrites them as bytes then; nothing to move here. The version
  // step makes tabs of an older app, which cannot read bytes, close and reload.
  () => {},
];
export const DB_VERSION = STEPS.length;

// What an answer of the engine's was given for: the engine and app build, the snapshot
// revision and the ops stored since it. Equal stamps mean equal workspaces, so equal answers.
export function stampOf(build, rev, opIds) {
  return `${build} ${rev} ${[...opIds].sort().join(' ')}`;
}

// A write the browser refused because this site's storage is full (its quota, or the disk).
export function isStorageFull(error) {
  return error?.name === 'QuotaExceededError' || /quota|disk is full|no space/i.test(String(error?.message ?? ''));
}

// `onClosed` is called when a newer version of the app, in another tab, upgrades the schema:
// this connection is closed for it, and the tab must reload to go on.
export async function openStore({ onClosed = () => {} } = {}) {
  const db = await openDB(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, tx) {
      for (let version = oldVersion; version < DB_VERSION; ++version) STEPS[version](database, tx);
    },
    blocking() {
      db.close();
      onClosed();
    },
  });
  return new Store(db);
}

// Writes that a person relies on are flushed to disk before they count as saved.
const DURABLE = { durability: 'strict' };

function randomId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

class Store {
  constructor(db) {
    this.db = db;
    // Called with true when a write fails for want of space, with false when one succeeds.
    this.onFull = () => {};
  }

  // Waits for a write transaction to commit; tells onFull whether storage had room for it.
  async commit(tx) {
    try {
      await tx.done;
    } catch (error) {
      if (isStorageFull(error)) this.onFull(true);
      throw error;
    }
    this.onFull(false);
  }

  // This profile's replica id, made once and kept.
  async replica() {
    const tx = this.db.transaction('meta', 'readwrite');
    let record = await tx.store.get('replica');
    if (!record) {
      record = { key: 'replica', id: randomId('app-'), next: 1 };
      await tx.store.put(record);
    }
    await this.commit(tx);
    return record.id;
  }

  async getMeta(key, fallback = null) {
    return (await this.db.get('meta', key))?.value ?? fallback;
  }

  async setMeta(key, value) {
    const tx = this.db.transaction('meta', 'readwrite');
    await tx.store.put({ key, value });
    await this.commit(tx);
  }

  async listWorkspaces() {
    const all = await this.db.getAll('workspaces');
    return all.sort((a, b) => a.created.localeCompare(b.created));
  }

  async workspaceInfo(id) {
    return this.db.get('workspaces', id);
  }

  // A new workspace from its snapshot bytes; resolves to its record.
  async createWorkspace(name, bytes, { demo = false } = {}) {
    const record = { id: randomId('ws-'), name, demo, created: new Date().toISOString(), rev: 1 };
    const tx = this.db.transaction(['workspaces', 'snapshots'], 'readwrite', DURABLE);
    await tx.objectStore('workspaces').put(record);
    await tx.objectStore('snapshots').put({ workspace: record.id, bytes, rev: 1 });
    await this.commit(tx);
    return record;
  }

  // The first workspace of this profile, made only if there is none yet: two tabs opened at
  // once on a first visit make one, not two. Resolves to the first workspace's record.
  async createFirstWorkspace(name, bytes, options) {
    const tx = this.db.transaction(['workspaces', 'snapshots'], 'readwrite', DURABLE);
    const [existing] = await tx.objectStore('workspaces').getAll(null, 1);
    if (existing) {
      await tx.done;
      return existing;
    }
    const record = { id: randomId('ws-'), name, demo: Boolean(options?.demo), created: new Date().toISOString(),
      rev: 1 };
    await tx.objectStore('workspaces').put(record);
    await tx.objectStore('snapshots').put({ workspace: record.id, bytes, rev: 1 });
    await this.commit(tx);
    return record;
  }

  async renameWorkspace(id, name) {
    const tx = this.db.transaction('workspaces', 'readwrite');
    const record = await tx.store.get(id);
    if (record) await tx.store.put({ ...record, name });
    await this.commit(tx);
  }

  async deleteWorkspace(id) {
    const tx = this.db.transaction(['workspaces', 'snapshots', 'ops', 'meta'], 'readwrite', DURABLE);
    await tx.objectStore('workspaces').delete(id);
    await tx.objectStore('snapshots').delete(id);
    const keys = await tx.objectStore('ops').index('workspace').getAllKeys(id);
    for (const key of keys) await tx.objectStore('ops').delete(key);
    await tx.objectStore('meta').delete(`segments:${id}`);
    await tx.objectStore('meta').delete(`answers:${id}`);
    await this.commit(tx);
  }

  // The snapshot and every op stored since, read as one consistent view: `bytes`, or `text`
  // for a snapshot an older version stored as a document.
  async read(workspace) {
    const tx = this.db.transaction(['snapshots', 'ops'], 'readonly');
    const snapshot = await tx.objectStore('snapshots').get(workspace);
    const ops = await tx.objectStore('ops').index('workspace').getAll(workspace);
    await tx.done;
    if (!snapshot) return null;
    return { bytes: snapshot.bytes, text: snapshot.text, rev: snapshot.rev,
      ops: ops.map((row) => row.op) };
  }

  async opsOf(workspace) {
    const rows = await this.db.getAllFromIndex('ops', 'workspace', workspace);
    return rows.map((row) => row.op);
  }

  // The next `count` op ids of this profile's replica, drawn in one transaction: two tabs
  // never get the same one. An id drawn and never stored is only a gap.
  async reserveIds(count) {
    const tx = this.db.transaction('meta', 'readwrite');
    const replica = await tx.store.get('replica');
    const ids = Array.from({ length: count }, () => `${replica.id}:${replica.next++}`);
    await tx.store.put(replica);
    await this.commit(tx);
    return ids;
  }

  // Stores ops in one transaction: all of them are saved, or none.
  async putOps(workspace, ops) {
    const tx = this.db.transaction('ops', 'readwrite', DURABLE);
    for (const op of ops) await tx.store.put({ workspace, id: op.id, op });
    await this.commit(tx);
  }

  // Replaces the snapshot with `bytes` when it is still at revision `rev`, and drops the
  // stored ops `included` (they are in the new snapshot) and every stored op about a contact
  // id in `forget` (an erased person's). All in one transaction: a crash leaves the old
  // snapshot and ops, or the new ones. Resolves to the new revision, or null when another tab
  // wrote a snapshot first (reload, then try again).
  async writeSnapshot(workspace, rev, bytes, included, forget = []) {
    const tx = this.db.transaction(['snapshots', 'ops', 'workspaces'], 'readwrite', DURABLE);
    const snapshots = tx.objectStore('snapshots');
    const current = await snapshots.get(workspace);
    if (!current || current.rev !== rev) {
      tx.abort();
      await tx.done.catch(() => {});
      return null;
    }
    await snapshots.put({ workspace, bytes, rev: rev + 1 });
    // The revision is in the workspace's record too, so that stampOf can be known without
    // reading the snapshot.
    const info = await tx.objectStore('workspaces').get(workspace);
    if (info) await tx.objectStore('workspaces').put({ ...info, rev: rev + 1 });
    const ops = tx.objectStore('ops');
    for (const id of included) await ops.delete([workspace, id]);
    for (const contact of forget) {
      const keys = await ops.index('contact').getAllKeys([workspace, contact]);
      for (const key of keys) await ops.delete(key);
    }
    await this.commit(tx);
    return rev + 1;
  }

  // The engine's answers kept for `workspace` by keepAnswers, with their stamp, or null unless
  // they were given for what is stored now. Reads no snapshot, so it is quick at start-up.
  async keptAnswers(workspace, build) {
    const tx = this.db.transaction(['workspaces', 'ops', 'meta'], 'readonly');
    const stamp = await currentStamp(tx, workspace, build);
    const kept = (await tx.objectStore('meta').get(`answers:${workspace}`))?.value;
    await tx.done;
    return kept && stamp !== null && kept.stamp === stamp ? kept : null;
  }

  // Keeps `answers`, given for `stamp`, unless what is stored has changed since. Resolves to
  // whether they were kept. A convenience: a full disk here is not reported as a lost change.
  async keepAnswers(workspace, build, stamp, answers) {
    const tx = this.db.transaction(['workspaces', 'ops', 'meta'], 'readwrite');
    if ((await currentStamp(tx, workspace, build)) !== stamp) {
      tx.abort();
      await tx.done.catch(() => {});
      return false;
    }
    await tx.objectStore('meta').put({ key: `answers:${workspace}`, value: { stamp, answers } });
    await tx.done;
    return true;
  }
}

// The stamp of what is stored for `workspace`, read in `tx`; null for a workspace whose record
// does not have its revision yet (one stored by an older version, until its next snapshot).
async function currentStamp(tx, workspace, build) {
  const info = await tx.objectStore('workspaces').get(workspace);
  const keys = await tx.objectStore('ops').index('workspace').getAllKeys(workspace);
  return info?.rev === undefined ? null : stampOf(build, info.rev, keys.map((key) => key[1]));
}
