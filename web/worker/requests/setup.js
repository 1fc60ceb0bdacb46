// The setup's requests: the config, the engine's what-if for a changed one, and saving it.
import { Request } from '../../shared/protocol.js';
import { openWorkspace } from '../opening.js';
import { session } from '../session.js';
import { KEPT_CHANGING, stored } from '../snapshots.js';

// Saves a new config. The engine swaps it into the open workspace, which keeps its records,
// log and timeline (a rewrite would export and read the whole document: 27 s at 100k
// contacts), and the new snapshot is stored; when it cannot be, the config before is put
// back, so a failed write changes nothing shown. When another tab wrote a snapshot
// meanwhile, reloads and tries again, so its edits are kept too.
async function saveConfig(config) {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const { open, store } = session;
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

export const requests = {
  [Request.CONFIG]: () => session.open.workspace.config(),
  [Request.WHAT_IF]({ config }) {
    let result;
    try {
      result = session.open.workspace.whatIf(config);
    } catch (error) {
      if (error.problems) return { ok: false, errors: error.problems };
      throw error;
    }
    return { ok: true, errors: [], now: result.now, current: result.before.stages,
      preview: result.after.stages, changed: result.changed, moved: result.moved,
      movers: result.contacts.filter((c) => c.moved).slice(0, 10) };
  },
  [Request.SAVE_CONFIG]: ({ config }) => saveConfig(config),
};
