// Edits that store a new snapshot of the open workspace at once (an erase, an import), and
// what follows when one is stored: this tab's views and the other tabs are told.
import { Broadcast, Reply } from '../shared/protocol.js';
import { openWorkspace } from './opening.js';
import { post, session } from './session.js';
import { announce } from './tab-sync.js';

export const KEPT_CHANGING = 'the workspace kept changing in another tab; try again';

// Saves a new snapshot made by `compose(documentText)` from the open workspace. When another
// tab wrote a snapshot meanwhile, reloads and composes again, so its edits are kept too.
// `forget`: contact ids whose stored ops are dropped with it (an erase). Until the snapshot
// is stored, the open workspace stays as it was: a failed write changes nothing shown.
export async function rewrite(compose, { progress = () => {}, forget = [] } = {}) {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const { open, store, tandem } = session;
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

// The open workspace, as it is now, was stored as snapshot revision `rev`: tells this tab's
// views and the other tabs.
export function stored(rev) {
  const { open } = session;
  open.rev = rev;
  open.applied.clear();
  session.cache = {};
  announce(Broadcast.SNAPSHOT, { workspace: open.id, rev });
  post(Reply.CHANGED, { workspace: open.id, by: 'this-tab' });
}
