// The page: a header with the workspace switcher and the views' navigation, and one view at
// a time chosen by the URL's hash (#/contacts, #/contact/c1, ...). Every view asks the engine
// worker (client.js) for what it shows; nothing here runs the engine or touches IndexedDB.
import { ask, on } from './client.js';
import { Request } from '../shared/protocol.js';
import { fill, h } from './dom.js';
import * as dashboard from './views/dashboard.js';
import * as contacts from './views/contacts.js';
import * as contact from './views/contact.js';
import * as inbox from './views/inbox.js';
import * as pipeline from './views/pipeline.js';
import * as setup from './views/setup.js';
import * as reports from './views/reports.js';
import * as importer from './views/import.js';
import * as exporter from './views/export.js';
import * as outbox from './views/outbox.js';
import * as workspaces from './views/workspaces.js';

const VIEWS = { dashboard, contacts, contact, inbox, pipeline, setup, reports, import: importer,
  export: exporter, outbox, workspaces };

const view = document.getElementById('view');
const status = document.getElementById('status');
const progress = document.getElementById('progress');
// The worker is ready: the workspace is open in the engine.
let started = false;
let rendering = 0;
let current = null;
// The view last drawn (each contact's its own): a view opened anew starts at its top, while the
// same view drawn again (after an edit, or a filter kept in the address) keeps its scroll.
let drawnView = null;

function route() {
  const [name = 'dashboard', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { name: VIEWS[name] ? name : 'dashboard', params: rest.map(decodeURIComponent) };
}

// Views are shown from the start: their requests wait in the worker until the engine has opened
// the workspace, unless the worker has the answers kept from before (the dashboard's).
export async function show() {
  const { name, params } = route();
  const token = ++rendering;
  current = name;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === name || (name === 'contact' && link.dataset.view === 'contacts'))
      link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  view.dataset.view = name;
  view.dataset.ready = 'false';
  const root = h('div', { class: `view view-${name}` });
  try {
    await VIEWS[name].render(root, params, { ask, refresh: show, isCurrent: () => token === rendering });
  } catch (error) {
    root.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Something went wrong: ${error.message}`));
  }
  if (token !== rendering) return;
  view.replaceChildren(root);
  const drawn = name === 'contact' ? `contact/${params[0] ?? ''}` : name;
  if (drawn !== drawnView) window.scrollTo(0, 0);
  drawnView = drawn;
  view.dataset.ready = 'true';
  await refreshHeader();
}

async function refreshHeader() {
  const [summary, list] = await Promise.all([ask(Request.SUMMARY), ask(Request.WORKSPACES)]);
  const picker = document.getElementById('workspace-picker');
  picker.replaceChildren(...list.workspaces.map((w) =>
    h('option', { value: w.id, selected: w.id === summary.id }, w.name)));
  document.getElementById('demo-note').hidden = !summary.demo;
}

function showStatus(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
  status.hidden = !text;
}

// The browser refused a write for want of space (or a newer version of the app took the
// storage over): a notice says what happened and what to do, until a write succeeds again.
const storageNote = h('div', { id: 'storage-note', class: 'note error', role: 'alert', hidden: true });
status.after(storageNote);
on('storage', ({ state, message }) => {
  storageNote.dataset.state = state;
  storageNote.hidden = state === 'ok';
  if (state === 'closed') fill(storageNote, message);
  else if (state === 'full') {
    fill(storageNote,
      h('strong', {}, "The browser's storage for this site is full."),
      ' The last change was not saved; everything saved before it is safe. ',
      h('a', { href: '#/export' }, 'Export the workspace'), ' to keep a copy, then free space: ',
      h('a', { href: '#/workspaces' }, 'delete a workspace'), " you no longer need, or clear other sites' data in the browser's settings. Then try again.");
  }
});

on('status', ({ state, error }) => {
  if (state === 'loading') showStatus('Loading the engine and your workspace…');
  else if (state === 'failed') showStatus(`Could not start: ${error}`, 'error');
  else if (state === 'ready') {
    showStatus('');
    started = true;
  }
});

// Another tab (or this one) changed the open workspace: show it again, unless the view holds
// a form a person is filling in.
on('changed', () => {
  if (!started) return;
  if (VIEWS[current]?.keepOnChange) refreshHeader();
  else show();
});

on('progress', ({ phase, done, total }) => {
  progress.hidden = false;
  progress.querySelector('span').textContent = total ? `${phase} (${done} of ${total})` : `${phase}…`;
  const bar = progress.querySelector('progress');
  if (total) {
    bar.max = total;
    bar.value = done;
  } else {
    bar.removeAttribute('value');
  }
});

on('idle', () => {
  progress.hidden = true;
});

document.getElementById('workspace-picker').addEventListener('change', async (event) => {
  await ask(Request.OPEN, { workspace: event.target.value });
  location.hash = '#/dashboard';
  show();
});

const actor = document.getElementById('actor');
actor.value = localStorage.getItem('tandem-actor') ?? '';
actor.addEventListener('change', () => localStorage.setItem('tandem-actor', actor.value.trim()));

const THEME_KEY = 'tandem-theme';
function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  document.getElementById('theme').textContent =
    theme === 'dark' ? 'Light theme' : theme === 'light' ? 'Dark theme' : 'Dark theme';
}
applyTheme(localStorage.getItem(THEME_KEY));
document.getElementById('theme').addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme === 'dark' ||
    (!document.documentElement.dataset.theme && matchMedia('(prefers-color-scheme: dark)').matches);
  const next = dark ? 'light' : 'dark';
  localStorage.setItem(THEME_KEY, next);
  applyTheme(next);
});

window.addEventListener('hashchange', () => {
  document.getElementById('flash').textContent = '';
  show();
});
show();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {});
}
