// One contact: who they are, the score with every point explained, the stage history with
// causes, the actions their stage allows, and the timeline of every op about them.
import { Request } from '../../shared/protocol.js';
import { card, formatTime, h, number, STAGE_LABEL } from '../dom.js';
import { actionPanel, actorName, manualPanel } from '../actions.js';

// Erasing a person (a data-protection request): the worker stores the engine's erased
// workspace at once; the contacts list then shows they are gone.
function eraseCard(ask, id, title) {
  const note = h('p', { role: 'status', id: 'erase-note' });
  const erase = h('button', { type: 'button', class: 'secondary danger', id: 'erase-contact', onclick: async () => {
    if (!confirm(`Erase ${title} (${id}) and everything about them from this workspace? This cannot be undone.`)) return;
    erase.disabled = true;
    try {
      await ask(Request.ERASE, { contact: id, actor: actorName() });
      window.addEventListener('hashchange', () => {
        document.getElementById('flash').textContent = `Erased ${id}: their record and every operation about them are gone from this browser and from every export.`;
      }, { once: true });
      location.hash = '#/contacts';
    } catch (error) {
      note.textContent = error.code ? error.message : `Not erased: ${error.message}`;
      erase.disabled = false;
    }
  } }, 'Erase this person');
  return card('Erase',
    h('p', { class: 'meta' }, 'Removes this person, their record and every operation about them from this workspace, from what it stores in this browser and from every export. Only their ids stay, in a record that they were erased, so a merge with an older copy cannot bring them back.'),
    erase, note);
}

function propsText(props) {
  if (!props) return '';
  return Object.entries(props).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

export async function render(root, [id], { ask }) {
  if (!id) {
    root.append(h('p', {}, 'No contact chosen. ', h('a', { href: '#/contacts' }, 'Back to contacts')));
    return;
  }
  const { record, name, explain: why, timeline } = await ask(Request.CONTACT, { contact: id });
  // The name as the engine names the person (from first and last names when there is no name).
  const title = name || id;
  const fields = Object.entries(record ?? {}).filter(([k]) => k !== 'id' && k !== 'name');

  root.append(
    h('p', {}, h('a', { href: '#/contacts' }, '← Contacts')),
    h('div', { class: 'view-head' },
      h('h2', { id: 'contact-name' }, title),
      h('p', { class: 'meta' },
        h('span', { class: `badge stage-${why.stage}`, id: 'contact-stage', dataset: { stage: why.stage } }, STAGE_LABEL[why.stage] ?? why.stage),
        why.in_review ? h('span', { class: 'badge review' }, 'In review') : null,
        ` · score `, h('strong', { id: 'contact-score' }, number(why.score, 1)),
        ` (fit ${number(why.fit, 1)} + behaviour ${number(why.behaviour, 1)})`,
        ` · owner ${why.owner ?? 'none'} · as of ${formatTime(why.now)}`)),
    card('Actions', actionPanel(ask, { id, stage: why.stage, in_review: why.in_review, owner: why.owner }),
      manualPanel(ask, { id, stage: why.stage, owner: why.owner })),
    h('div', { class: 'grid two' },
      card('Record', h('dl', { class: 'record' }, h('dt', {}, 'id'), h('dd', {}, id),
        fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))]))),
      card('Stage history',
        h('ol', { class: 'history', id: 'stage-history' }, (why.history ?? []).map((change) =>
          h('li', { dataset: { to: change.to } },
            h('strong', {}, `${change.from ? STAGE_LABEL[change.from] ?? change.from : 'New'} → ${STAGE_LABEL[change.to] ?? change.to}`),
            ` · ${change.cause}`, change.op ? ` (op ${change.op})` : '',
            h('br'), h('small', {}, `${formatTime(change.at)} · score ${number(change.score, 1)}`)))))),
    card('Why this score',
      h('h3', {}, `Fit: ${number(why.fit, 1)}`),
      why.fit_rules?.length
        ? h('ul', { class: 'plain' }, why.fit_rules.map((f) => h('li', {}, `${f.rule}: ${f.points > 0 ? '+' : ''}${number(f.points, 1)}`)))
        : h('p', { class: 'meta' }, 'No fit rule holds.'),
      h('h3', {}, `Behaviour: ${number(why.behaviour, 1)}`),
      h('div', { class: 'table-wrap' }, h('table', { id: 'contributions' },
        h('thead', {}, h('tr', {}, ['When', 'Activity', 'Rule', 'Earned', 'Now'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, (why.contributions ?? []).slice().reverse().map((c) => h('tr', {},
          h('td', {}, formatTime(c.at)), h('td', {}, c.type), h('td', {}, c.rule),
          h('td', { class: 'num' }, number(c.earned, 1)), h('td', { class: 'num' }, number(c.points_now, 2)))))))),
    card(`Timeline (${timeline.length} operations)`,
      h('ol', { class: 'timeline', id: 'timeline' }, timeline.slice().reverse().map((op) =>
        h('li', { dataset: { op: op.id, type: op.type } },
          h('time', { datetime: op.at }, formatTime(op.at)), ' ',
          h('strong', {}, op.type.replaceAll('_', ' ')), ` by ${op.actor}`,
          op.props ? h('span', { class: 'meta' }, ` · ${propsText(op.props)}`) : null,
          h('small', { class: 'op-id' }, ` ${op.id}`))))),
    record ? eraseCard(ask, id, title) : null,
  );
}
