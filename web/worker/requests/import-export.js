// Import and export: a workspace file as a new workspace or merged into the open one, a CSV
// previewed and imported with the engine's mapping, and the open workspace or its contacts
// as a file.
import { filePieces } from '../../../wasm/api.js';
import { Reply, Request } from '../../shared/protocol.js';
import { opTime, post, session } from '../session.js';
import { rewrite } from '../snapshots.js';
import { createWorkspace, summary } from './workspaces.js';

// Op and contact ids of a CSV import: this profile's replica and a fresh sequence number, so
// two imports (or two browsers' imports, merged later) never share an id.
async function csvReplica() {
  const [id] = await session.store.reserveIds(1);
  return id.replace(/^app-/, 'csv-').replace(':', '-');
}

// The engine's problems about one row (/rows/<line>...) apart from the rest.
function splitProblems(problems) {
  const rows = problems.filter((p) => p.pointer.startsWith('/rows/'));
  const others = problems.filter((p) => !p.pointer.startsWith('/rows/'));
  return { rows, others };
}

export const requests = {
  // `file`: the File chosen, read here in pieces (so a file larger than a string can hold
  // still imports as a new workspace); `text`: the document itself.
  async [Request.IMPORT_WORKSPACE]({ file, text: given, mode, name }, progress) {
    const { tandem } = session;
    progress('checking');
    if (mode !== 'merge') {
      const opened = file ? tandem.openWorkspaceFrom(filePieces(file)) : tandem.openWorkspace(given);
      if (!opened.ok) return { ok: false, errors: opened.errors };
      progress('saving');
      await createWorkspace(name || 'Imported workspace', 'file', undefined, { opened });
      // The page's header lists the workspaces and names the open one: it shows the new one now.
      post(Reply.CHANGED, { workspace: session.open.id, by: 'this-tab' });
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
    const { tandem } = session;
    let chosen = mapping;
    if (!chosen) {
      const suggested = tandem.suggestCsvMapping(text);
      if (!suggested.ok) return { ok: false, errors: suggested.errors };
      chosen = { ...suggested.mapping, replica: await csvReplica() };
    }
    const trial = tandem.importCsv(text, { mapping: { ...chosen, at: opTime() },
      into: session.open.workspace.exportDocument(), skipBadRows: true });
    const { rows, others } = splitProblems([...trial.errors, ...trial.warnings]);
    if (!trial.ok) return { ok: false, mapping: chosen, errors: others, bad: rows };
    // What it would add is the engine's count, with the first few of it.
    const { added } = trial;
    return { ok: true, mapping: chosen, errors: [], bad: rows,
      notes: others.map((p) => p.message), added: added.contacts, addedOps: added.ops,
      skipped: added.skipped, contacts: added.first_contacts, ops: added.first_ops };
  },
  async [Request.IMPORT_CSV]({ text, mapping, skipBadRows }, progress) {
    const { tandem } = session;
    progress('importing');
    let outcome = null;
    const result = await rewrite((current) => {
      outcome = tandem.importCsv(text, { mapping: { ...mapping, at: opTime() }, into: current,
        skipBadRows });
      return outcome.ok ? outcome.document : null;
    }, { progress });
    const { rows, others } = splitProblems([...outcome.errors, ...outcome.warnings]);
    if (!result.ok) return { ok: false, added: 0, errors: [...others, ...result.errors], bad: rows };
    return { ok: true, added: outcome.added.contacts, addedOps: outcome.added.ops,
      skipped: outcome.added.skipped, errors: [], bad: rows, notes: others.map((p) => p.message) };
  },
  [Request.EXPORT]({ kind }) {
    const { open } = session;
    const base = (open.info?.name ?? 'workspace').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (kind === 'contacts') {
      return { name: `${base}-contacts.csv`, type: 'text/csv',
        text: open.workspace.report('contacts', { format: 'csv' }) };
    }
    return { name: `${base}.tandem.json`, type: 'application/json',
      text: open.workspace.exportDocument() };
  },
};
