// Contacts: search, filter by stage, owner and score, saved segments, and a list that draws
// only the rows in sight, so 100k contacts scroll smoothly.
import { Request } from '../../shared/protocol.js';
import { field, h, number, select, STAGE_LABEL, STAGES } from '../dom.js';

const ROW_HEIGHT = 36;
const OVERSCAN = 8;

export async function render(root, params, { ask }) {
  const [table, saved] = await Promise.all([ask(Request.CONTACTS), ask(Request.SEGMENTS)]);
  let segments = saved.segments;
  const col = Object.fromEntries(table.columns.map((name, i) => [name, i]));
  const owners = [...new Set(table.rows.map((r) => r[col.owner]).filter(Boolean))].sort();

  const search = h('input', { type: 'search', id: 'contact-search', placeholder: 'Name, email, company or id' });
  const stage = select([['', 'Any stage'], ...STAGES], params[0] ?? '', { id: 'stage-filter' });
  const owner = select([['', 'Any owner'], ['-', 'No owner'], ...owners.map((o) => [o, o])], '', { id: 'owner-filter' });
  const minScore = h('input', { type: 'number', id: 'min-score', step: '1', placeholder: 'any' });
  const segmentPick = h('select', { id: 'segment-pick' });
  const count = h('p', { class: 'meta', id: 'contact-count', 'aria-live': 'polite' });

  const scroller = h('div', { class: 'scroller', id: 'contact-list', tabindex: '0', role: 'region',
    'aria-label': 'Contacts (arrow keys move through the list)' });
  const spacer = h('div', { class: 'spacer' });
  const rows = h('div', { class: 'rows' });
  scroller.append(spacer, rows);

  let shown = table.rows;

  function filterNow() {
    return { text: search.value.trim(), stage: stage.value, owner: owner.value, minScore: minScore.value };
  }

  function apply() {
    const f = filterNow();
    const text = f.text.toLowerCase();
    const min = f.minScore === '' ? -Infinity : Number(f.minScore);
    shown = table.rows.filter((r) =>
      (!f.stage || r[col.stage] === f.stage) &&
      (!f.owner || (f.owner === '-' ? !r[col.owner] : r[col.owner] === f.owner)) &&
      r[col.score] >= min &&
      (!text || [r[col.id], r[col.name], r[col.email], r[col.company]].some((v) => String(v).toLowerCase().includes(text))));
    count.textContent = `${number(shown.length)} of ${number(table.rows.length)} contacts`;
    spacer.style.height = `${shown.length * ROW_HEIGHT}px`;
    scroller.scrollTop = 0;
    draw();
  }

  function draw() {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const visible = Math.ceil((scroller.clientHeight || 600) / ROW_HEIGHT) + 2 * OVERSCAN;
    const slice = shown.slice(first, first + visible);
    const focused = rows.contains(document.activeElement) ? document.activeElement.dataset.index : null;
    rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    rows.replaceChildren(...slice.map((r, i) => h('a', {
      class: 'row', href: `#/contact/${encodeURIComponent(r[col.id])}`,
      dataset: { id: r[col.id], stage: r[col.stage], index: String(first + i) },
    },
    h('span', { class: 'c-name' }, r[col.name] || r[col.id]),
    h('span', { class: 'c-company' }, r[col.company]),
    h('span', { class: 'c-email' }, r[col.email]),
    h('span', { class: `c-stage badge stage-${r[col.stage]}` }, STAGE_LABEL[r[col.stage]] ?? r[col.stage]),
    h('span', { class: 'c-score num' }, number(r[col.score], 1)),
    h('span', { class: 'c-owner' }, r[col.owner] || '—'))));
    if (focused !== null) rows.querySelector(`[data-index="${focused}"]`)?.focus({ preventScroll: true });
  }

  // Arrow keys move through the whole list, drawing rows as they come into sight.
  scroller.addEventListener('keydown', (event) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity }[event.key];
    if (!step || !shown.length) return;
    event.preventDefault();
    const at = rows.contains(document.activeElement) ? Number(document.activeElement.dataset.index) : -1;
    const index = Math.min(shown.length - 1, Math.max(0, at + step));
    const top = index * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
    draw();
    rows.querySelector(`[data-index="${index}"]`)?.focus({ preventScroll: true });
  });

  function drawSegments() {
    segmentPick.replaceChildren(h('option', { value: '' }, 'Saved segments…'),
      ...segments.map((seg, i) => h('option', { value: String(i) }, seg.name)));
  }

  segmentPick.addEventListener('change', () => {
    const seg = segments[Number(segmentPick.value)];
    if (!seg) return;
    search.value = seg.filter.text ?? '';
    stage.value = seg.filter.stage ?? '';
    owner.value = seg.filter.owner ?? '';
    minScore.value = seg.filter.minScore ?? '';
    apply();
  });

  const segmentName = h('input', { type: 'text', id: 'segment-name', placeholder: 'Segment name' });
  const saveSegment = h('form', { class: 'inline', onsubmit: async (event) => {
    event.preventDefault();
    const name = segmentName.value.trim();
    if (!name) return;
    segments = [...segments.filter((seg) => seg.name !== name), { name, filter: filterNow() }];
    await ask(Request.SAVE_SEGMENTS, { segments });
    segmentName.value = '';
    drawSegments();
  } }, field('Save these filters as', segmentName), h('button', { type: 'submit', class: 'secondary' }, 'Save segment'));

  const deleteSegment = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    const i = Number(segmentPick.value);
    if (!segmentPick.value || !segments[i]) return;
    segments = segments.filter((_, n) => n !== i);
    await ask(Request.SAVE_SEGMENTS, { segments });
    drawSegments();
  } }, 'Delete segment');

  for (const control of [search, stage, owner, minScore]) control.addEventListener('input', apply);
  scroller.addEventListener('scroll', () => requestAnimationFrame(draw), { passive: true });

  drawSegments();
  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Contacts'), count),
    h('div', { class: 'filters' },
      field('Search', search), field('Stage', stage), field('Owner', owner), field('Score at least', minScore),
      field('Segment', segmentPick), deleteSegment),
    saveSegment,
    h('div', { class: 'row head', 'aria-hidden': 'true' },
      ['Name', 'Company', 'Email', 'Stage', 'Score', 'Owner'].map((t) => h('span', {}, t))),
    scroller,
  );
  apply();
  queueMicrotask(draw);
  requestAnimationFrame(draw);
}
