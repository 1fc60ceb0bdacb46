// Requests about the workspaces on this machine: listing, opening, creating, renaming and
// deleting them, and the open one's summary. A new workspace is the demo, an empty one, or one
// imported (import-export.js).
import { Broadcast, Request } from '../../shared/protocol.js';
import { remember } from '../kept-answers.js';
import { openWorkspace } from '../opening.js';
import { describe, lastOpTime, session } from '../session.js';
import { announce } from '../tab-sync.js';

const demoUrl = new URL('../../../demo/workspace.json', import.meta.url);

async function fetchDemo() {
  const response = await fetch(demoUrl);
  if (!response.ok) throw new Error(`could not fetch the demo workspace (HTTP ${response.status})`);
  return response.text();
}

// Stores a new workspace and opens it. `opened`: the workspace already open in the engine (an
// import read in pieces), instead of a document's text.
export async function createWorkspace(name, from, text, { first = false, opened: given = null } = {}) {
  const { store, tandem } = session;
  let opened = given;
  if (!opened) {
    const source = text ?? (from === 'demo' ? await fetchDemo() : tandem.newWorkspace());
    opened = tandem.openWorkspace(source);
  }
  if (!opened.ok) throw new Error(`the workspace is invalid: ${describe(opened.errors)}`);
  const bytes = opened.workspace.snapshot();
  opened.workspace.dispose();
  const create = first ? store.createFirstWorkspace : store.createWorkspace;
  const record = await create.call(store, name, bytes, { demo: from === 'demo' });
  announce(Broadcast.WORKSPACES);
  await openWorkspace(record.id);
  return record;
}

// The open workspace's summary. Counted by the engine: exporting and parsing the document only
// to count it took seconds at 100k contacts.
export function summary() {
  const { open } = session;
  return summaryOf(open.id, open.info, remember('summary', () => {
    const { contacts, ops } = open.workspace.counts();
    return { contacts, ops, now: lastOpTime() };
  }));
}

// A summary (SummaryResult) from the workspace's record and its counts.
export function summaryOf(id, info, counted) {
  return { id, name: info?.name ?? id, demo: Boolean(info?.demo), ...counted };
}

export const requests = {
  async [Request.WORKSPACES]() {
    return { workspaces: await session.store.listWorkspaces(), current: session.open?.id ?? null };
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
    const { open, store } = session;
    await store.renameWorkspace(workspace, name);
    if (open?.id === workspace) open.info = await store.workspaceInfo(workspace);
    announce(Broadcast.WORKSPACES);
    return {};
  },
  async [Request.DELETE]({ workspace }) {
    const { store } = session;
    await store.deleteWorkspace(workspace);
    announce(Broadcast.WORKSPACES);
    if (session.open?.id === workspace) {
      const rest = await store.listWorkspaces();
      if (rest.length) await openWorkspace(rest[0].id);
      else await createWorkspace('Demo workspace', 'demo');
    }
    return {};
  },
  [Request.SUMMARY]: summary,
};
