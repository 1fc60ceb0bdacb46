// The pipeline board: open opportunities (win with an amount, lose with an objection), and
// the deals won and lost, with their totals.
import { Request } from '../../shared/protocol.js';
import { formatDate, h, number, personLink } from '../dom.js';
import { actionPanel } from '../actions.js';

export async function render(root, _params, { ask }) {
  const { columns, rows, deals } = await ask(Request.PIPELINE);
  const col = Object.fromEntries(columns.map((name, i) => [name, i]));
  // Latest first in every lane.
  const latest = (a, b) => String(deals[b[col.id]]?.at ?? '').localeCompare(String(deals[a[col.id]]?.at ?? ''));
  const open = rows.filter((r) => r[col.stage] === 'opportunity').sort(latest);
  const won = rows.filter((r) => r[col.stage] === 'customer').sort(latest);
  const lost = rows.filter((r) => deals[r[col.id]]?.outcome === 'lost').sort(latest);
  const total = won.reduce((sum, r) => sum + Number(deals[r[col.id]]?.amount ?? 0), 0);

  const name = (r) => personLink(r[col.id], r[col.name]);
  const column = (title, items, id, body) => h('section', { class: 'lane', 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, `${title} (${items.length})`),
    h('ul', { id, class: 'cards' }, items.map((r) => h('li', { class: 'deal', dataset: { id: r[col.id] } }, body(r)))));

  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Pipeline'),
      h('p', { class: 'meta' }, `${open.length} open · ${won.length} won, ${number(total)} in total · ${lost.length} lost`)),
    h('div', { class: 'board' },
      column('Opportunities', open, 'lane-open', (r) => [name(r),
        h('p', { class: 'meta' }, `${r[col.company]} · ${r[col.owner] || 'no owner'} · since ${formatDate(deals[r[col.id]]?.at)}`),
        actionPanel(ask, { id: r[col.id], name: r[col.name] || r[col.id], stage: 'opportunity' }, { compact: true })]),
      column('Won', won, 'lane-won', (r) => [name(r),
        h('p', { class: 'meta' }, `${number(deals[r[col.id]]?.amount)} · ${(deals[r[col.id]]?.products ?? []).join(', ')} · ${formatDate(deals[r[col.id]]?.at)}`)]),
      column('Lost', lost, 'lane-lost', (r) => [name(r),
        h('p', { class: 'meta' }, `objection: ${deals[r[col.id]]?.objection} · now ${r[col.stage]} · ${formatDate(deals[r[col.id]]?.at)}`)])),
  );
}
