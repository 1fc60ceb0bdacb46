// The outbox: the emails, notifications and tasks the workflows produced, and the emails
// suppression skipped with the reason, as the engine's outbox report gives them
// (docs/workflows.md). Tandem never sends anything itself; the list is exported (CSV) for an
// email service, and each entry marked sent (an outbox_sent op) once it is.
import { Request } from '../../shared/protocol.js';
import { card, download, formatTime, h, number, personLink } from '../dom.js';
import { actorName } from '../actions.js';

// Entries shown at once, newest due first; the CSV holds them all.
const ROWS = 200;

const REASONS = {
  unsubscribed: 'unsubscribed', bounced: 'bounced', consent_withdrawn: 'consent withdrawn',
  suppression_list: 'on the suppression list', sales_owned: 'with sales', no_address: 'no email address',
  frequency_cap: 'frequency cap reached',
};

function rows(id, columns, items, cells) {
  const shown = items.slice(0, ROWS);
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shown.map((item) => h('tr', { dataset: { kind: item.kind ?? 'skipped', entry: item.id ?? '', status: item.status ?? '' } },
        cells(item).map((cell) => h('td', {}, cell instanceof Node ? cell : String(cell ?? ''))))))),
    items.length > shown.length ? h('p', { class: 'meta' }, `The latest ${shown.length} of ${number(items.length)}; the CSV has them all.`) : null);
}

export async function render(root, [shownKind = ''], { ask }) {
  const report = await ask(Request.REPORT, { kind: 'outbox' });
  const counts = report.counts ?? {};
  const byDue = (a, b) => (a < b ? 1 : a > b ? -1 : 0);
  const entries = [...(report.entries ?? [])].sort((a, b) => byDue(a.due, b.due) || byDue(b.id, a.id));
  const skipped = [...(report.skipped ?? [])].sort((a, b) => byDue(a.at, b.at));

  // Marking an entry sent is an op in the log (docs/workflows.md); the view redraws once saved.
  const note = h('p', { role: 'status', id: 'outbox-note' });
  const markSent = (entry) => h('button', { type: 'button', class: 'secondary mark-sent', onclick: async (event) => {
    event.target.disabled = true;
    try {
      await ask(Request.ACT, { ops: [{ type: 'outbox_sent', contact: entry.contact, props: { entry: entry.id } }], actor: actorName() });
    } catch (error) {
      note.textContent = `Not marked sent: ${error.message}`;
      event.target.disabled = false;
    }
  } }, 'Mark sent');

  const kind = h('select', { id: 'outbox-kind', 'aria-label': 'Show' },
    [['', 'Everything'], ['email', 'Emails'], ['notification', 'Notifications'], ['task', 'Tasks']].map(([value, label]) =>
      h('option', { value, selected: value === shownKind }, label)));
  const list = h('div', { id: 'outbox-entries' });
  const showEntries = () => {
    const chosen = kind.value ? entries.filter((e) => e.kind === kind.value) : entries;
    list.replaceChildren(chosen.length
      ? rows('outbox-table', ['Due', 'Kind', 'Contact', 'To', 'Workflow', 'Template, message or task', 'Status'], chosen, (e) => [
        formatTime(e.due), e.kind, personLink(e.contact, e.name), e.email ?? e.to ?? '', e.workflow,
        e.template ?? e.message ?? e.task ?? '', e.status === 'pending' ? markSent(e) : e.status])
      : h('p', { class: 'meta', id: 'outbox-empty' }, 'Nothing is waiting to be sent.'));
  };
  // The choice is kept in the address, so it survives the redraw after marking an entry sent.
  kind.addEventListener('change', () => {
    history.replaceState(null, '', `#/outbox${kind.value ? `/${kind.value}` : ''}`);
    showEntries();
  });
  showEntries();

  const byReason = Object.entries(counts.skipped_by_reason ?? {});
  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Outbox'),
      h('p', { class: 'meta' }, `What the workflows want sent, as of ${formatTime(report.now)}. Nothing leaves this browser: export the list for your email service.`)),
    card(`${number(counts.entries ?? entries.length)} entries`,
      h('p', { class: 'meta', id: 'outbox-counts' },
        `${number(counts.emails)} emails, ${number(counts.notifications)} notifications, ${number(counts.tasks)} tasks; ${number(counts.sent)} marked sent.`),
      h('div', { class: 'actions' }, h('label', { class: 'field inline' }, h('span', { class: 'field-label' }, 'Show'), kind),
        h('button', { type: 'button', class: 'secondary', dataset: { csv: 'outbox' }, onclick: async () => {
          download('outbox.csv', 'text/csv', await ask(Request.REPORT, { kind: 'outbox', format: 'csv' }));
        } }, 'Download outbox CSV')),
      note, list),
    card(`${number(counts.skipped ?? skipped.length)} emails not sent`,
      h('p', { class: 'meta' }, 'Suppression no workflow can override: ',
        byReason.length ? byReason.map(([reason, n]) => `${REASONS[reason] ?? reason} ${number(n)}`).join(', ') : 'none', '.'),
      skipped.length
        ? rows('outbox-skipped', ['When', 'Contact', 'Workflow', 'Template', 'Why not sent'], skipped, (s) => [
          formatTime(s.at), personLink(s.contact, s.name), s.workflow, s.template ?? '', REASONS[s.reason] ?? s.reason])
        : null),
  );
}
