// Opening a stored workspace in the engine: the snapshot and the ops stored since, the answers
// kept for it, and compaction when it is due.
import { BUILD } from './build.js';
import { compact, compactionDue } from './compaction.js';
import { describe, session, stamp } from './session.js';
import { isStorageFull } from './store.js';

// Reads a workspace from the store into the engine and makes it the open one.
// `stored`: what store.read(id) gave, when it was read already.
// `given`: what store.keptAnswers gave, when it was read already.
export async function openWorkspace(id, progress = () => {}, stored = undefined, given = undefined) {
  const { store, tandem } = session;
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
  session.open?.workspace.dispose();
  const info = await store.workspaceInfo(id);
  session.open = { id, info, workspace: opened.workspace, rev: data.rev,
    applied: new Set(data.ops.map((op) => op.id)) };
  // Answers kept for exactly what was read are this workspace's answers.
  session.cache = kept?.stamp === stamp() ? { answers: { ...kept.answers } } : {};
  // Which workspace was open last, and compaction, are conveniences: storage that is full
  // must not keep a workspace from opening.
  try {
    if ((await store.getMeta('last')) !== id) await store.setMeta('last', id);
    if (compactionDue(data)) await compact();
  } catch (error) {
    if (!isStorageFull(error)) throw error;
  }
}
