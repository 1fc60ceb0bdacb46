// The engine's home in the browser: loads the WASM engine, opens the demo workspace, and
// answers the page's requests (web/shared/protocol.js). The page never runs the engine itself.
import { loadTandem } from '../../engine/api.js';
import { PROTOCOL_VERSION, Reply, Request, isCurrent, message } from '../shared/protocol.js';

const demoUrl = new URL('../../demo/workspace.json', import.meta.url);

const opening = open();

async function open() {
  self.postMessage(message(Reply.STATUS, { state: 'loading' }));
  try {
    const [tandem, response] = await Promise.all([loadTandem(), fetch(demoUrl)]);
    if (!response.ok) throw new Error(`could not fetch the demo workspace (HTTP ${response.status})`);
    const opened = tandem.openWorkspace(await response.text());
    if (!opened.ok) {
      const first = opened.errors[0];
      throw new Error(`the demo workspace is invalid: ${first.pointer} ${first.message}`);
    }
    self.postMessage(message(Reply.STATUS, { state: 'ready' }));
    return opened.workspace;
  } catch (error) {
    self.postMessage(message(Reply.STATUS, { state: 'failed', error: String(error.message ?? error) }));
    return null;
  }
}

const handlers = {
  [Request.REPORT]: (workspace, { kind, now, format }) => workspace.report(kind, { now, format }),
  [Request.SUMMARY]: (workspace) => ({
    contacts: workspace.report('contacts').contacts.length,
  }),
};

self.addEventListener('message', async ({ data }) => {
  const { id, type } = data ?? {};
  try {
    if (!isCurrent(data)) throw new Error(`expected protocol version ${PROTOCOL_VERSION}`);
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request type: ${type}`);
    const workspace = await opening;
    if (!workspace) throw new Error('no workspace is open');
    self.postMessage(message(Reply.RESULT, { id, ok: true, value: handler(workspace, data) }));
  } catch (error) {
    self.postMessage(message(Reply.RESULT, { id, ok: false, error: String(error.message ?? error) }));
  }
});
