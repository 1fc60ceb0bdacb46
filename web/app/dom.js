// Building the page: elements with text set as text, never parsed as HTML.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.setAttribute('class', value);
    else if (key === 'text') element.textContent = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      element.addEventListener(key.slice(2), value);
    else if (key === 'value' && 'value' in element) element.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') element[key] = Boolean(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// h('p', { class: 'x' }, 'text', h('strong', {}, name)): strings become text nodes.
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// Replaces an element's children as h() builds them: null and false are left out.
export function fill(element, ...children) {
  element.replaceChildren();
  return build(element, {}, children);
}

// A person where a list names them: a link to their contact view showing the name the engine
// gives them, with the id on hover; the id itself for a person without a name.
export function personLink(id, name) {
  return h('a', { href: `#/contact/${encodeURIComponent(id)}`, title: id, class: 'person', dataset: { contact: id } },
    name || id);
}

export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export const STAGES = [
  ['visitor', 'Visitors'],
  ['lead', 'Leads'],
  ['mql', 'Marketing qualified'],
  ['sql', 'Sales qualified'],
  ['opportunity', 'Opportunities'],
  ['customer', 'Customers'],
  ['nurture', 'Nurture'],
  ['disqualified', 'Disqualified'],
];
export const STAGE_LABEL = Object.fromEntries(STAGES);
export const SIDE_STAGES = new Set(['nurture', 'disqualified']);

export function formatTime(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return String(iso ?? '');
  return time.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function formatDate(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return String(iso ?? '');
  return time.toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
}

export function number(value, digits = 0) {
  return Number(value ?? 0).toLocaleString('en', { maximumFractionDigits: digits });
}

// Offers text as a file download.
export function download(name, type, content) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...children);
}

export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control,
    hint ? h('span', { class: 'hint' }, hint) : null);
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([key, label]) =>
    h('option', { value: key, selected: key === value }, label)));
}
