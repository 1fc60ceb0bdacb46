// What the worker's modules share: the engine, the store, the workspace this tab has open and
// what is derived from it, and the way to tell the page. Start-up fills in the engine and the
// store; opening.js sets `open`.
import { message } from '../shared/protocol.js';
import { BUILD } from './build.js';
import { stampOf } from './store.js';

export const session = {
  // The engine (wasm/api.js), once it has compiled.
  tandem: null,
  // The workspaces on this machine (store.js).
  store: null,
  // The open workspace: { id, info, workspace, rev, applied }: its record in the store, its
  // engine session, the snapshot revision it was read from, and the ids of stored ops it has
  // applied (the snapshot holds the rest).
  open: null,
  // Derived data, computed once per change. cache.answers: the answers that depend on nothing
  // but the stored workspace (kept-answers.js), kept in the store too.
  cache: {},
};

export function post(type, fields) {
  self.postMessage(message(type, fields));
}

export function describe(errors) {
  return errors.slice(0, 5).map((e) => (e.pointer ? `${e.pointer}: ${e.message}` : e.message))
    .join('; ');
}

// What the open workspace is, as stampOf writes it.
export function stamp() {
  return stampOf(BUILD, session.open.rev, session.open.applied);
}

// The time of the open workspace's last op, as the engine reports it.
export function lastOpTime() {
  session.cache.lastAt ??= session.open.workspace.report('stages').now;
  return session.cache.lastAt;
}

// The time of a new op: now, but never before the last op (so it lands last in the log).
export function opTime() {
  const last = Date.parse(lastOpTime() ?? 0) || 0;
  return new Date(Math.max(Date.now(), last + 1000)).toISOString();
}
