// Workspaces side by side (a consultant keeps one per client): open, rename, delete, and
// start a new one empty or from the demo.
import { Request } from '../../shared/protocol.js';
import { card, field, formatTime, h } from '../dom.js';

export async function render(root, _params, { ask, refresh }) {
  const { workspaces, current } = await ask(Request.WORKSPACES);
  const name = h('input', { type: 'text', id: 'new-workspace-name', placeholder: 'Client name', required: true });
  const create = (from) => async () => {
    await ask(Request.CREATE, { name: name.value.trim() || (from === 'demo' ? 'Demo workspace' : 'Untitled workspace'), from });
    location.hash = '#/dashboard';
  };
  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Workspaces'), h('p', { class: 'meta' }, 'Each workspace is kept in this browser on its own.')),
    card('Start a new workspace',
      h('div', { class: 'actions' }, field('Name', name),
        h('button', { type: 'button', id: 'create-empty', onclick: create('empty') }, 'Start an empty workspace'),
        h('button', { type: 'button', class: 'secondary', id: 'create-demo', onclick: create('demo') }, 'New copy of the demo')),
      h('p', { class: 'meta' }, 'Or ', h('a', { href: '#/import' }, 'import a workspace file or a contacts CSV'), '.')),
    card('On this machine', h('ul', { class: 'workspaces', id: 'workspace-list' }, workspaces.map((w) => {
      const rename = h('input', { type: 'text', value: w.name, 'aria-label': `Name of ${w.name}` });
      return h('li', { dataset: { id: w.id } },
        h('strong', {}, w.name), w.id === current ? h('span', { class: 'badge' }, 'open') : null,
        h('span', { class: 'meta' }, ` created ${formatTime(w.created)}`),
        h('div', { class: 'actions' },
          w.id === current ? null : h('button', { type: 'button', onclick: async () => { await ask(Request.OPEN, { workspace: w.id }); location.hash = '#/dashboard'; } }, 'Open'),
          h('form', { class: 'inline', onsubmit: async (e) => { e.preventDefault(); await ask(Request.RENAME, { workspace: w.id, name: rename.value.trim() || w.name }); refresh(); } },
            rename, h('button', { type: 'submit', class: 'secondary' }, 'Rename')),
          h('button', { type: 'button', class: 'secondary danger', onclick: async () => {
            if (!confirm(`Delete the workspace "${w.name}" from this browser? Export it first to keep a copy.`)) return;
            await ask(Request.DELETE, { workspace: w.id });
            refresh();
          } }, 'Delete')));
    }))),
  );
}
