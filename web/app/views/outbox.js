// The outbox: the emails and notifications the workflows want sent. Tandem never sends
// anything itself; the list is exported (CSV) for an email service.
import { Request } from '../shared/protocol.js';
import { card, download, h } from '../dom.js';

export async function render(root, _params, { ask }) {
  let report = null;
  let problem = null;
  try {
    report = await ask(Request.REPORT, { kind: 'outbox' });
  } catch (error) {
    problem = error.message;
  }
  const entries = report?.entries ?? report?.outbox ?? [];
  root.append(h('div', { class: 'view-head' }, h('h2', {}, 'Outbox'),
    h('p', { class: 'meta' }, 'What the workflows want sent. Nothing leaves this browser: export the list for your email service.')));
  if (problem) {
    root.append(card('Not available yet', h('p', { id: 'outbox-empty' },
      `This build of the engine has no outbox report yet (${problem}). Once it has, the emails and notifications due appear here.`)));
    return;
  }
  const keys = [...new Set(entries.flatMap((e) => Object.keys(e)))].slice(0, 8);
  root.append(card(`${entries.length} entries`,
    entries.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'outbox-table' },
        h('thead', {}, h('tr', {}, keys.map((k) => h('th', { scope: 'col' }, k)))),
        h('tbody', {}, entries.slice(0, 500).map((e) => h('tr', {}, keys.map((k) => h('td', {}, typeof e[k] === 'object' ? JSON.stringify(e[k]) : String(e[k] ?? ''))))))))
      : h('p', { class: 'meta', id: 'outbox-empty' }, 'Nothing is waiting to be sent.'),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: async () => {
      download('outbox.csv', 'text/csv', await ask(Request.REPORT, { kind: 'outbox', format: 'csv' }));
    } }, 'Download outbox CSV'))));
}
