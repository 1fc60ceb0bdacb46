// The sales inbox: new SQLs to accept or reject (with a reason), touches to log, and the
// review queue where every rejection is upheld or overturned.
import { Request } from '../../shared/protocol.js';
import { card, h, number, personLink } from '../dom.js';
import { actionPanel } from '../actions.js';

export async function render(root, _params, { ask }) {
  const table = await ask(Request.CONTACTS);
  const col = Object.fromEntries(table.columns.map((name, i) => [name, i]));
  const rowOf = (r) => ({ id: r[col.id], name: r[col.name] || r[col.id], stage: r[col.stage], in_review: r[col.in_review], owner: r[col.owner] });
  const fresh = table.rows.filter((r) => r[col.stage] === 'sql' && !r[col.in_review])
    .sort((a, b) => b[col.score] - a[col.score]);
  const review = table.rows.filter((r) => r[col.stage] === 'sql' && r[col.in_review]);

  const list = (rows, id, empty) => rows.length
    ? h('ul', { class: 'inbox', id }, rows.map((r) => h('li', { class: 'inbox-item', dataset: { id: r[col.id] } },
      h('div', { class: 'who' },
        personLink(r[col.id], r[col.name]),
        h('span', { class: 'meta' }, ` ${r[col.company]} · ${r[col.country]} · score ${number(r[col.score], 1)} · owner ${r[col.owner] || 'none'}`)),
      actionPanel(ask, rowOf(r), { compact: true }))))
    : h('p', { class: 'meta', id }, empty);

  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Sales inbox'),
      h('p', { class: 'meta' }, `${fresh.length} sales qualified leads waiting · ${review.length} rejections to review`)),
    card(`New SQLs (${fresh.length})`, list(fresh, 'sql-list', 'No SQL is waiting. Good work.')),
    card(`Review queue (${review.length})`,
      h('p', { class: 'meta' }, 'Every rejected lead is reviewed: upheld (to nurture or disqualified) or overturned (back to sales).'),
      list(review, 'review-list', 'No rejection is waiting for review.')),
  );
}
