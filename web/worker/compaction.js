// Compaction: the open workspace written as a new snapshot, so that the ops stored since the
// last one are dropped and the next start reads columns instead of replaying them.
import { Broadcast } from '../shared/protocol.js';
import { keepSoon } from './kept-answers.js';
import { session } from './session.js';
import { announce } from './tab-sync.js';

// Stored ops beyond this many are folded into a new snapshot when a workspace opens.
const COMPACT_AFTER = 200;

// Whether the workspace just read (`stored`, as store.read gave it) should be compacted: many
// stored ops, or a snapshot an older version stored as a document instead of bytes.
export function compactionDue(stored) {
  return session.open.applied.size >= COMPACT_AFTER || !stored.bytes;
}

// Writes the open workspace as a new snapshot, dropping the stored ops it includes.
export async function compact() {
  const { open, store } = session;
  const rev = await store.writeSnapshot(open.id, open.rev, open.workspace.snapshot(),
    [...open.applied]);
  if (rev === null) return false;
  open.rev = rev;
  open.applied.clear();
  // The same workspace under a new stamp: the answers still hold.
  if (session.cache.answers) keepSoon();
  announce(Broadcast.SNAPSHOT, { workspace: open.id, rev });
  return true;
}
