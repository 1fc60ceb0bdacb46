// Requests about contacts: the list, one person, and what people do to them (ops appended to
// the log, an erase).
import { Broadcast, Reply, Request } from '../../shared/protocol.js';
import { openWorkspace } from '../opening.js';
import { describe, opTime, post, session } from '../session.js';
import { rewrite } from '../snapshots.js';
import { announce } from '../tab-sync.js';

// Every contact row: report fields (the name as the engine names a person in lists, the score
// as its report rounds it; the views show one decimal) and the record's own fields.
// The records' fields come from the engine as columns: exporting and parsing the whole
// document for them took seconds at 100k contacts, again after every edit.
export function contactTable() {
  const { cache, open } = session;
  if (cache.table) return cache.table;
  const fields = ['email', 'company', 'country'];
  const found = open.workspace.records(fields);
  const records = new Map(found.id.map((id, i) =>
    [id, Object.fromEntries(fields.map((f) => [f, found[f][i] ?? undefined]))]));
  const columns = ['id', 'name', 'email', 'company', 'country', 'stage', 'score', 'owner',
    'in_review'];
  const rows = open.workspace.report('contacts').contacts.map((row) => {
    const record = records.get(row.id) ?? {};
    return [row.id, row.name, record.email ?? '', record.company ?? '',
      record.country ?? '', row.stage, row.score, row.owner ?? '',
      Boolean(row.in_review)];
  });
  cache.table = { columns, rows };
  return cache.table;
}

export const requests = {
  [Request.CONTACTS]: contactTable,
  // From the engine, not from an export of the whole document (seconds at 100k contacts).
  [Request.CONTACT]({ contact }) {
    const { workspace } = session.open;
    const { record, name, ops } = workspace.person(contact);
    return { record, name, explain: workspace.explain(contact), timeline: ops };
  },
  async [Request.ACT]({ ops, actor = 'me' }) {
    const { open, store } = session;
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
    session.cache = {};
    announce(Broadcast.OPS, { workspace: open.id });
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
      person = session.open.workspace.person(contact);
    } catch {
      throw new Error(`no contact "${contact}" in this workspace`);
    }
    const ids = [...new Set([contact, ...person.ops.map((op) => op.contact)])];
    progress('erasing');
    const [id] = await session.store.reserveIds(1);
    const erase = { id, at: opTime(), actor, type: 'erase', contact };
    const result = await rewrite((text) => {
      const d = JSON.parse(text);
      d.ops.push(erase);
      return JSON.stringify(d);
    }, { progress, forget: ids });
    if (!result.ok) throw new Error(`the engine refused the erase: ${describe(result.errors)}`);
    return { contact, op: id };
  },
};
