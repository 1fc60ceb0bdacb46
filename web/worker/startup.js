// Start-up: the engine compiles while the store is opened and the last workspace read; the
// workspace then opens in the engine (or, on a first start, the demo is made). Until it has,
// the workspace list and the answers kept for it (kept-answers.js) are given at once.
import { loadTandem } from '../../wasm/api.js';
import { Reply, Request, isCurrent } from '../shared/protocol.js';
import { BUILD } from './build.js';
import { storageClosed } from './failures.js';
import { keepDashboardWhenIdle, rememberedKey } from './kept-answers.js';
import { openWorkspace } from './opening.js';
import { createWorkspace, summaryOf } from './requests/workspaces.js';
import { post, session } from './session.js';
import { openStore } from './store.js';

// While the engine compiles and opens the snapshot: { list, info, kept }, the workspaces, the
// one being opened and the answers kept for it (store.keptAnswers, or null), or null when
// there is none; given to the requests they answer at once (answeredEarly).
let knowEarly;
const early = new Promise((resolve) => { knowEarly = resolve; });
let started = false;
let ready = null;

// Starts the worker once; resolves when the workspace is open (rejects when it cannot be).
export function start() {
  ready ??= run();
  return ready;
}

export const whenReady = () => start();
export const isStarted = () => started;

async function run() {
  post(Reply.STATUS, { state: 'loading' });
  try {
    // The engine compiles while the store is opened and the last workspace read.
    const engine = loadTandem();
    engine.catch(() => {});
    const store = await openStore({ onClosed: storageClosed });
    session.store = store;
    let full = false;
    store.onFull = (now) => {
      if (now !== full) post(Reply.STORAGE, { state: now ? 'full' : 'ok' });
      full = now;
    };
    await store.replica();
    const list = await store.listWorkspaces();
    const last = await store.getMeta('last');
    const chosen = list.find((w) => w.id === last) ?? list[0];
    const read = chosen ? store.read(chosen.id) : null;
    read?.catch(() => {});
    knowEarly(chosen ? store.keptAnswers(chosen.id, BUILD).catch(() => null)
      .then((kept) => ({ list, info: chosen, kept })) : null);
    session.tandem = await engine;
    if (chosen) await openWorkspace(chosen.id, undefined, await read, (await early)?.kept ?? null);
    else await createWorkspace('Demo workspace', 'demo', undefined, { first: true });
    started = true;
    post(Reply.STATUS, { state: 'ready' });
    keepDashboardWhenIdle();
  } catch (error) {
    knowEarly(null);
    post(Reply.STATUS, { state: 'failed', error: String(error.message ?? error) });
    throw error;
  }
}

// Answers a request before the engine has opened the workspace, from the list of workspaces
// or the answers kept for the one being opened; false when there is none to give.
export async function answeredEarly(data) {
  if (started || !isCurrent(data)) return false;
  const given = await early;
  if (started || !given) return false;
  let value;
  if (data.type === Request.WORKSPACES) {
    value = { workspaces: given.list, current: given.info.id };
  } else {
    const key = rememberedKey(data);
    if (!key || !given.kept || !Object.hasOwn(given.kept.answers, key)) return false;
    const answer = given.kept.answers[key];
    value = key === 'summary' ? summaryOf(given.info.id, given.info, answer) : answer;
  }
  post(Reply.RESULT, { id: data.id, ok: true, value });
  return true;
}
