// Tab sync: the workers of other tabs hear of every write on a BroadcastChannel, and this one
// takes theirs in: new ops merged by op id (so no edit is lost or applied twice), a new
// snapshot read again, a renamed or deleted workspace listed again.
import { Broadcast, CHANNEL, Reply, isCurrent, message } from '../shared/protocol.js';
import { keepDashboardWhenIdle } from './kept-answers.js';
import { openWorkspace } from './opening.js';
import { enqueue } from './queue.js';
import { post, session } from './session.js';
import { whenReady } from './startup.js';

let channel = null;

function tabs() {
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
}

// Tells the other tabs' workers of a write (Broadcast).
export function announce(type, fields) {
  tabs().postMessage(message(type, fields));
}

// Another tab wrote: take in its ops (merged by id), or its new snapshot.
export function listenToOtherTabs() {
  tabs().addEventListener('message', ({ data }) => {
    if (!isCurrent(data)) return;
    enqueue(async () => {
      await whenReady();
      const { open, store } = session;
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
        session.cache = {};
      } else {
        return;
      }
      post(Reply.CHANGED, { workspace: session.open.id, by: 'other-tab' });
      keepDashboardWhenIdle();
    });
  });
}
