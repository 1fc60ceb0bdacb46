// Kept answers: the dashboard's answers for the open workspace, computed once per change and
// kept in the store stamped with what they were given for, so that the next start-up can give
// them before the engine has opened the workspace (startup.js). Only answers that depend on
// nothing but the stored workspace are kept.
import { Request } from '../shared/protocol.js';
import { BUILD } from './build.js';
import { enqueue } from './queue.js';
import { report } from './requests/reports.js';
import { summary } from './requests/workspaces.js';
import { session, stamp } from './session.js';
import { isStarted } from './startup.js';

// The answer named `key` for the open workspace as it is: `compute()` once per change, and
// kept in the store.
export function remember(key, compute) {
  session.cache.answers ??= {};
  if (!Object.hasOwn(session.cache.answers, key)) {
    session.cache.answers[key] = compute();
    keepSoon();
  }
  return session.cache.answers[key];
}

// The key under which remember() keeps the answer to a request, or null for one it does not
// keep: the dashboard's requests.
export function rememberedKey({ type, kind, now, format, months = 6, point }) {
  if (type === Request.SUMMARY) return 'summary';
  if (type === Request.REPORT && kind === 'stages' && !now && !format) return 'stages';
  if (type === Request.TRENDS && Number.isInteger(point)) return `trends ${months} ${point}`;
  return null;
}

// Stores cache.answers once the requests at hand are answered. The store keeps them only if
// what is stored is still what they were given for.
let keeping = null;
export function keepSoon() {
  keeping ??= setTimeout(() => {
    keeping = null;
    const { open, cache, store } = session;
    if (!open || !cache.answers) return;
    store.keepAnswers(open.id, BUILD, stamp(), cache.answers).catch(() => {});
  }, 0);
}

// Once the worker has had nothing to do for a second: the dashboard's counts and stages for
// the workspace as it is now (one replay), kept in the store if they are not yet. An edit made
// in another view then does not leave the next start without them.
let idle = null;
export function keepDashboardWhenIdle() {
  clearTimeout(idle);
  idle = setTimeout(() => {
    enqueue(() => {
      if (!isStarted() || !session.open || Object.hasOwn(session.cache.answers ?? {}, 'stages')) return;
      summary();
      report({ kind: 'stages' });
    });
  }, 1000);
}
