// Contacts: search, filter by stage, owner and score, saved segments, columns sorted by their
// header, and a list that draws only the rows in sight, so 100k contacts scroll smoothly.
import { Request } from '../../shared/protocol.js';
import { field, h, number, select, STAGE_LABEL, STAGES } from '../dom.js';

const ROW_HEIGHT = 36;
const OVERSCAN = 8;

// The columns, each sortable: [key in the contact table, header, cell class].
const COLUMNS = [['name', 'Name', 'c-name'], ['company', 'Company', 'c-company'], ['email', 'Email', 'c-email'],
  ['stage', 'Stage', 'c-stage'], ['score', 'Score', 'c-score'], ['owner', 'Owner', 'c-owner']];
const STAGE_ORDER = Object.fromEntries(STAGES.map(([key], i) => [key, i]));
// Text as a person reads it: "c2" before "c10", case aside.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

// An id as its text before a trailing number, and that number: most ids are a prefix and a
// count, which compare without the collator (a tenth of the time at 100k contacts).
function idKey(id) {
  const m = /^(.*?)(\d{1,15})$/.exec(id);
  return m ? [m[1], Number(m[2]), id] : [id, -1, id];
}
function compareIds(a, b) {
  return (a[0] === b[0] && a[1] !== b[1]) ? a[1] - b[1] : collator.compare(a[2], b[2]);
}

// The rows in the order of column `key` (or the id), `dir` 1 up or -1 down; ties by id.
function sortRows(rows, col, key, dir) {
  const ids = rows.map((r) => idKey(String(r[col.id])));
  const byId = (i, j) => compareIds(ids[i], ids[j]);
  const value = key === 'name' ? (r) => r[col.name] || r[col.id] : (r) => r[col[key]] ?? '';
  const compare = key === 'id' ? byId
    : key === 'score' ? (i, j) => rows[i][col.score] - rows[j][col.score]
      : key === 'stage' ? (i, j) => (STAGE_ORDER[rows[i][col.stage]] ?? 99) - (STAGE_ORDER[rows[j][col.stage]] ?? 99)
        : (i, j) => collator.compare(String(value(rows[i])), String(value(rows[j])));
  const order = rows.map((_, i) => i);
  order.sort((i, j) => dir * compare(i, j) || byId(i, j));
  return order.map((i) => rows[i]);
}

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

  // Sorted by id until a header is chosen; the filters keep the order.
  const sort = { key: 'id', dir: 1 };
  let ordered = sortRows(table.rows, col, sort.key, sort.dir);
  let shown = ordered;

  function filterNow() {
    return { text: search.value.trim(), stage: stage.value, owner: owner.value, minScore: minScore.value };
  }

  function apply() {
    const f = filterNow();
    const text = f.text.toLowerCase();
    const min = f.minScore === '' ? -Infinity : Number(f.minScore);
    shown = ordered.filter((r) =>
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

  // Each header is a button: a click (or Enter) sorts by its column, again the other way round.
  const headers = COLUMNS.map(([key, label, cls]) => h('span', { class: cls, role: 'columnheader', 'aria-sort': 'none', dataset: { column: key } },
    h('button', { type: 'button', class: 'sort', onclick: () => {
      sort.dir = sort.key === key ? -sort.dir : 1;
      sort.key = key;
      ordered = sortRows(table.rows, col, sort.key, sort.dir);
      for (const header of headers) {
        header.setAttribute('aria-sort', header.dataset.column !== key ? 'none' : sort.dir > 0 ? 'ascending' : 'descending');
      }
      apply();
    } }, label)));

  drawSegments();
  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Contacts'), count),
    h('div', { class: 'filters' },
      field('Search', search), field('Stage', stage), field('Owner', owner), field('Score at least', minScore),
      field('Segment', segmentPick), deleteSegment),
    saveSegment,
    h('div', { role: 'table', 'aria-label': 'Sort the contacts by a column' },
      h('div', { class: 'row head', role: 'row', id: 'contact-columns' }, headers)),
    scroller,
  );
  apply();
  queueMicrotask(draw);
  requestAnimationFrame(draw);
}
