// The engine's home in the browser: loads the WASM engine, keeps the workspaces in IndexedDB
// (store.js), and answers the page's requests (web/shared/protocol.js). The page never runs
// the engine nor touches IndexedDB itself. This file only dispatches: start-up is startup.js,
// the answers to each request are in requests/ (listed in requests.js), other tabs' writes
// come in through tab-sync.js, and everything runs one at a time (queue.js).
import { PROTOCOL_VERSION, Reply, isCurrent } from '../shared/protocol.js';
import { failure } from './failures.js';
import { keepDashboardWhenIdle } from './kept-answers.js';
import { enqueue } from './queue.js';
import { handlers } from './requests.js';
import { post, session } from './session.js';
import { answeredEarly, start, whenReady } from './startup.js';
import { listenToOtherTabs } from './tab-sync.js';

listenToOtherTabs();
start();

self.addEventListener('message', async ({ data }) => {
  if (await answeredEarly(data)) return;
  const { id, type } = data ?? {};
  enqueue(async () => {
    try {
      if (!isCurrent(data)) throw new Error(`expected protocol version ${PROTOCOL_VERSION}`);
      const handler = handlers[type];
      if (!handler) throw new Error(`unknown request type: ${type}`);
      await whenReady();
      if (!session.open) throw new Error('no workspace is open');
      const progress = (phase, done, total) => post(Reply.PROGRESS, { id, phase, done, total });
      const value = await handler(data, progress);
      post(Reply.RESULT, { id, ok: true, value });
    } catch (error) {
      post(Reply.RESULT, { id, ok: false, ...failure(error) });
    }
    keepDashboardWhenIdle();
  });
});
