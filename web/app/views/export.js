// Export: the whole workspace as one JSON file (to hand over, back up or merge elsewhere),
// and the contacts with stage, score and owner as CSV.
import { Request } from '../../shared/protocol.js';
import { card, download, h } from '../dom.js';

export async function render(root, _params, { ask }) {
  const summary = await ask(Request.SUMMARY);
  const save = (kind) => async () => {
    const file = await ask(Request.EXPORT, { kind });
    download(file.name, file.type, file.text);
  };
  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Export'), h('p', { class: 'meta' }, `${summary.name}: ${summary.contacts} contacts, ${summary.ops} operations`)),
    h('div', { class: 'grid two' },
      card('Workspace file', h('p', {}, 'Config, contacts and every operation, as one JSON file. Import it in another browser, or merge it with another copy: the same operation never counts twice.'),
        h('button', { type: 'button', id: 'export-workspace', onclick: save('workspace') }, 'Download workspace JSON')),
      card('Contacts CSV', h('p', {}, 'One row per contact with stage, score (fit and behaviour) and owner.'),
        h('button', { type: 'button', id: 'export-contacts', onclick: save('contacts') }, 'Download contacts CSV'))),
  );
}
