// The page's side of the worker protocol (web/shared/protocol.js): requests as promises, with
// progress shown while a long one runs, and a callback when the workspace changes.
import { Reply, isCurrent, message } from '../shared/protocol.js';

const worker = new Worker(new URL('../worker/engine-worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
const listeners = { status: [], changed: [], progress: [], idle: [], storage: [] };
// Requests that have reported progress and not finished yet.
const working = new Set();
let nextId = 1;

export function ask(type, fields = {}, { onProgress } = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage(message(type, { id, ...fields }));
  });
}

export function on(event, callback) {
  listeners[event].push(callback);
}

worker.addEventListener('message', ({ data }) => {
  if (!isCurrent(data)) return;
  if (data.type === Reply.STATUS) {
    for (const callback of listeners.status) callback(data);
  } else if (data.type === Reply.CHANGED) {
    for (const callback of listeners.changed) callback(data);
  } else if (data.type === Reply.STORAGE) {
    for (const callback of listeners.storage) callback(data);
  } else if (data.type === Reply.PROGRESS) {
    if (!pending.has(data.id)) return;
    working.add(data.id);
    pending.get(data.id).onProgress?.(data);
    for (const callback of listeners.progress) callback(data);
  } else if (data.type === Reply.RESULT && pending.has(data.id)) {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (working.delete(data.id) && working.size === 0) for (const callback of listeners.idle) callback();
    if (data.ok) resolve(data.value);
    else reject(Object.assign(new Error(data.error), { code: data.code }));
  }
});

worker.addEventListener('error', (event) => {
  for (const callback of listeners.status) callback({ state: 'failed', error: event.message });
});
