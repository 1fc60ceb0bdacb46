// Deterministic, realistic Tandem workspaces for benchmarks and demos: a year of skewed
// activity from made-up people at made-up companies, visitors identified by form fills,
// sales actions in lifecycle order, and a config with filtered, capped, negative and fit
// rules. The same size and seed always give the same bytes.
//
//   node tests/bench/generate.mjs --size 10k [--seed 7] [-o FILE]
//
// As a module: `people(size, seed)` yields each person's contact record and ops in time
// order (what the peer implementations load, in Node or a page), `writeWorkspace(file, size,
// seed)` streams the JSON document, so 1M contacts / 20M ops never sit in memory at once.

export const SIZES = {
  demo: { contacts: 300, ops: 6_000 },
  '10k': { contacts: 10_000, ops: 200_000 },
  '100k': { contacts: 100_000, ops: 2_000_000 },
  '1m': { contacts: 1_000_000, ops: 20_000_000 },
};

const DAY = 86_400_000;
export const YEAR_START = Date.UTC(2025, 0, 1);
export const YEAR_END = Date.UTC(2026, 0, 1);

export const CONFIG = {
  stages: {
    mql_score: 50,
    sql_score: 80,
    hysteresis: 5,
    sql_requires_acceptance: true,
    hand_raise: ['demo_request'],
  },
  scoring: {
    half_life_days: 30,
    behaviour: [
      { id: 'pricing', on: 'page_view', where: { path_prefix: '/pricing' }, points: 5,
        cap: { points: 20, per_days: 30 } },
      { id: 'product-pages', on: 'page_view', where: { path_prefix: '/product' }, points: 2,
        cap: { points: 10, per_days: 7 } },
      { id: 'careers', on: 'page_view', where: { path_prefix: '/careers' }, points: -10 },
      { id: 'cta', on: 'cta_click', points: 4, cap: { points: 12, per_days: 7 } },
      { id: 'social', on: 'social_engagement', points: 2, cap: { points: 6, per_days: 30 } },
      { id: 'download', on: 'content_download', points: 10 },
      { id: 'case-study', on: 'content_download', where: { field: 'content', matches: 'case-study' },
        points: 5 },
      { id: 'form', on: 'form_submit', points: 8 },
      { id: 'webinar', on: 'webinar_attend', points: 15 },
      { id: 'email-open', on: 'email_open', points: 1, cap: { points: 5, per_days: 7 } },
      { id: 'email-click', on: 'email_click', points: 3, cap: { points: 15, per_days: 7 } },
      { id: 'demo', on: 'demo_request', points: 30 },
      { id: 'meeting', on: 'meeting_booked', points: 20 },
      { id: 'bounce', on: 'email_bounce', points: -20 },
      { id: 'unsub', on: 'unsubscribe', points: -50 },
    ],
    fit: [
      { id: 'icp-industry', if: { field: 'industry', in: ['software', 'fintech', 'saas'] },
        points: 15 },
      { id: 'icp-size', if: { field: 'employees', between: [50, 1000] }, points: 10 },
      { id: 'decision-maker', if: { any: [{ field: 'title', matches: 'vp' },
        { field: 'title', matches: 'director' }, { field: 'title', matches: 'head of' }] },
      points: 10 },
      { id: 'student', if: { field: 'title', matches: 'student' }, points: -30 },
      { id: 'personal-email', if: { field: 'email_personal', equals: true }, points: -10 },
      { id: 'core-region', if: { field: 'country', in: ['US', 'GB', 'DE', 'FR', 'NL', 'CA'] },
        points: 5 },
      { id: 'competitor', if: { field: 'email_domain', in: ['rivalfunnel.example'] },
        points: -40 },
    ],
  },
  dark_after_touches: 5,
  sla: { first_touch_hours: 24, touches: { count: 3, within_days: 7 }, mql_per_month: 50 },
  routing: {
    teams: { emea: ['ines', 'jonas', 'maelle'], amer: ['tobias', 'rafaela'], apac: ['kenji'] },
    territories: [
      { if: { field: 'country', in: ['DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'SE'] }, team: 'emea' },
      { if: { field: 'country', in: ['JP', 'AU', 'SG', 'IN'] }, team: 'apac' },
    ],
    default_team: 'amer',
  },
  workflows: [],
};

// mulberry32: small, fast, and the same in every JS engine.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed, index, salt) {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
function weighted(rand, table) {
  let x = rand() * table.total;
  for (const [value, weight] of table.items) if ((x -= weight) < 0) return value;
  return table.items[table.items.length - 1][0];
}
const weights = (items) => ({ items, total: items.reduce((s, [, w]) => s + w, 0) });

const FIRST = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines',
  'Jonas', 'Kaia', 'Lio', 'Mara', 'Nico', 'Odile', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tilde',
  'Umar', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zora'];
const LAST = ['Albrecht', 'Brandt', 'Castell', 'Dunmore', 'Eskola', 'Ferrand', 'Galloway',
  'Hollis', 'Ibarra', 'Jansen', 'Kovac', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov',
  'Quist', 'Rasmussen', 'Sorensen', 'Tanaka', 'Ueda', 'Valdez', 'Whitlock', 'Yilmaz', 'Zeller'];
const CO_A = ['Blue', 'North', 'Bright', 'Copper', 'Quiet', 'Silver', 'Iron', 'Swift', 'Clear',
  'Amber', 'Cedar', 'Lumen', 'Orbit', 'Harbor', 'Pine', 'Vector'];
const CO_B = ['Lark', 'Forge', 'Loop', 'Field', 'Stack', 'Wave', 'Works', 'Grid', 'Peak',
  'Signal', 'Ledger', 'Yard', 'Mill', 'Bridge'];
const CO_C = ['Labs', 'Systems', 'Analytics', 'Cloud', 'Group', 'Software', 'Health', 'Pay'];
const INDUSTRY = weights([['software', 30], ['fintech', 12], ['saas', 14], ['healthcare', 10],
  ['manufacturing', 10], ['retail', 9], ['education', 7], ['logistics', 5], ['media', 3]]);
const TITLE = weights([['VP Marketing', 6], ['Head of Growth', 5], ['Director of Sales', 5],
  ['Marketing Manager', 14], ['Software Engineer', 14], ['CTO', 4], ['Founder', 5],
  ['Operations Lead', 8], ['Analyst', 10], ['Student', 6], ['Consultant', 7],
  ['VP Engineering', 3], ['Account Executive', 6]]);
const COUNTRY = weights([['US', 34], ['GB', 10], ['DE', 10], ['FR', 6], ['NL', 4], ['CA', 5],
  ['ES', 3], ['IT', 3], ['SE', 2], ['JP', 4], ['AU', 4], ['SG', 2], ['IN', 6], ['BR', 5],
  ['MX', 2]]);
const SOURCE = weights([['organic_search', 30], ['paid_search', 15], ['social', 12],
  ['referral', 10], ['webinar', 8], ['event', 7], ['direct', 18]]);
const PERSONAL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me'];

const PATHS = weights([['/', 14], ['/pricing', 8], ['/pricing/enterprise', 2],
  ['/product', 7], ['/product/scoring', 5], ['/product/handoff', 4], ['/product/reports', 3],
  ['/blog/what-is-an-mql', 6], ['/blog/sla-between-teams', 5], ['/blog/lead-decay', 4],
  ['/blog/alignment-playbook', 5], ['/docs', 4], ['/docs/import', 2], ['/customers', 3],
  ['/careers', 2], ['/about', 2], ['/contact', 2]]);
const CONTENT = ['ebook-alignment-101', 'case-study-northforge', 'case-study-quietledger',
  'checklist-sla', 'report-state-of-smarketing', 'template-scoring-sheet'];
const CAMPAIGNS = ['welcome-series', 'nurture-q1', 'nurture-q2', 'nurture-q3', 'nurture-q4',
  'webinar-invite', 'product-update', 'dark-recovery', 'customer-newsletter'];
const WEBINARS = ['scoring-that-sales-trusts', 'from-mql-to-revenue', 'the-other-80'];
const CTAS = ['start-trial', 'book-demo', 'get-pricing', 'download-guide'];
const NETWORKS = ['linkedin', 'x', 'youtube'];
const FORMS = ['newsletter', 'ebook-gate', 'webinar-signup', 'contact-us'];
const ACTIVITY = weights([['page_view', 40], ['email_sent', 14], ['email_open', 10],
  ['email_click', 4], ['cta_click', 4], ['social_engagement', 4], ['content_download', 4],
  ['form_submit', 2], ['webinar_attend', 1.2], ['meeting_booked', 0.3], ['email_bounce', 0.15],
  ['unsubscribe', 0.25], ['demo_request', 0.35]]);
const REJECT = ['no budget', 'wrong person', 'bad timing', 'duplicate', 'not a fit'];
const OBJECTION = ['price', 'missing integration', 'chose a competitor', 'no decision'];
const PRODUCTS = ['scoring', 'handoff', 'analytics', 'widget'];
const REPS = ['ines', 'jonas', 'maelle', 'tobias', 'rafaela', 'kenji'];

function contactOf(seed, i) {
  const rand = prng(mix(seed, i, 1));
  const first = pick(rand, FIRST), last = pick(rand, LAST);
  const company = `${pick(rand, CO_A)}${pick(rand, CO_B)} ${pick(rand, CO_C)}`;
  const slug = company.toLowerCase().replace(/[^a-z]+/g, '');
  const domain = rand() < 0.18 ? pick(rand, PERSONAL)
    : rand() < 0.01 ? 'rivalfunnel.example' : `${slug}.example`;
  const created = YEAR_START + Math.floor(rand() * (YEAR_END - YEAR_START - 7 * DAY));
  const c = {
    id: `c${i}`,
    email: `${first}.${last}${i}@${domain}`.toLowerCase(),
    name: `${first} ${last}`,
    company,
    title: weighted(rand, TITLE),
    industry: weighted(rand, INDUSTRY),
    employees: Math.round(Math.exp(2 + rand() * 7.5)),
    country: weighted(rand, COUNTRY),
    source: weighted(rand, SOURCE),
    created,
  };
  // Skewed activity: most people do little, a few do a lot (mean 1).
  const activity = Math.exp(-1.1 + 1.48 * gaussian(rand));
  return { contact: c, activity };
}

function gaussian(rand) {
  const u = 1 - rand(), v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function propsOf(rand, type) {
  switch (type) {
    case 'page_view': return { path: weighted(rand, PATHS) };
    case 'cta_click': return { cta: pick(rand, CTAS) };
    case 'social_engagement': return { network: pick(rand, NETWORKS) };
    case 'content_download': return { content: pick(rand, CONTENT) };
    case 'form_submit': return { form: pick(rand, FORMS) };
    case 'webinar_attend': return { webinar: pick(rand, WEBINARS) };
    case 'email_sent': case 'email_open': return { campaign: pick(rand, CAMPAIGNS) };
    case 'email_click': return { campaign: pick(rand, CAMPAIGNS), url: weighted(rand, PATHS) };
    default: return undefined;
  }
}

const ACTOR = { email_sent: 'marketing', email_open: 'system', email_click: 'system' };
const REPLICA = { email_sent: 'mail-1', email_open: 'mail-1', email_click: 'mail-1',
  email_bounce: 'mail-1', unsubscribe: 'mail-1' };

// One person: their record (or null for a visitor never identified) and their ops in time
// order. Op fields: at (ms), actor, type, contact (key), props (or undefined), replica.
function personOf(seed, i, sizes) {
  const rand = prng(mix(seed, i, 2));
  const isVisitorOnly = i >= sizes.contacts;
  const { contact, activity } = contactOf(seed, isVisitorOnly ? i - sizes.contacts : i);
  const mean = sizes.ops / sizes.contacts;
  let count = Math.max(1, Math.round(mean * 1.0 * activity));
  const ops = [];
  const visitor = `v:${(mix(seed, i, 3) >>> 0).toString(36)}${i.toString(36)}`;
  if (isVisitorOnly) {
    let t = YEAR_START + Math.floor(rand() * (YEAR_END - YEAR_START));
    for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n && t < YEAR_END; k++) {
      ops.push({ at: t, actor: 'system', type: 'page_view', contact: visitor,
        props: { path: weighted(rand, PATHS) }, replica: 'web-1' });
      t += Math.floor(rand() * 600_000);
    }
    return { contact: null, ops };
  }
  const key = contact.id;
  let t = contact.created;
  // A third arrive as visitors first: their anonymous views join at identify.
  if (rand() < 0.35) {
    let v = t - Math.floor(rand() * 20 * DAY);
    if (v < YEAR_START) v = YEAR_START;
    const views = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < views; k++) {
      ops.push({ at: v, actor: 'system', type: 'page_view', contact: visitor,
        props: { path: weighted(rand, PATHS) }, replica: 'web-1' });
      v += Math.floor(rand() * 3 * 3_600_000);
    }
    t = Math.max(t, v + 60_000);
    ops.push({ at: t, actor: 'system', type: 'identify', contact: key, props: { visitor },
      replica: 'web-1' });
    count -= views + 1;
  }
  // Activity spread over the rest of the year, burstier for the most active.
  const span = YEAR_END - t;
  const gap = span / Math.max(1, count + 1);
  let sales = null;
  const push = (type, props, actor = 'system', replica = 'web-1') =>
    ops.push({ at: t, actor, type, contact: key, props, replica });
  for (let k = 0; k < count && t < YEAR_END; k++) {
    t += Math.floor(rand() * 2 * gap) + 1000;
    if (t >= YEAR_END) break;
    const type = weighted(rand, ACTIVITY);
    push(type, propsOf(rand, type), ACTOR[type] ?? 'system', REPLICA[type] ?? 'web-1');
    // Hand-raisers and very active people reach sales, who act in lifecycle order.
    const qualified = k === 1 && rand() < 0.005;
    if (!sales && (type === 'demo_request' || qualified)) {
      sales = REPS[Math.floor(rand() * REPS.length)];
      if (qualified) { t += 3_600_000; push('qualify', undefined, 'marketing', 'crm-1'); }
      t += 600_000;
      push('set_owner', { owner: sales }, 'system', 'crm-1');
      k += salesStory(rand, (dt, type, props) => { t += dt; push(type, props, sales, `crm-${sales}`); });
    }
  }
  if (rand() < 0.01) {
    t = Math.min(t + DAY, YEAR_END - 1000);
    push('consent', { email: rand() < 0.7 ? 'withdrawn' : 'granted' }, 'system', 'web-1');
  }
  return { contact, ops };
}

// The sales side after a handoff: touches, acceptance or rejection and review, deals.
// Returns the number of ops it wrote.
function salesStory(rand, emit) {
  let n = 0;
  const act = (dt, type, props) => { emit(dt, type, props); n++; };
  const hour = 3_600_000;
  const touches = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < touches; k++)
    act(Math.floor(rand() * 30 * hour), 'touch', { channel: pick(rand, ['call', 'email', 'meeting']),
      outcome: rand() < 0.45 ? 'responded' : 'no_response' });
  const r = rand();
  if (r < 0.12) {  // gone dark
    for (let k = 0; k < 5; k++)
      act(Math.floor((1 + rand()) * 48 * hour), 'touch', { channel: 'call', outcome: 'no_response' });
    return n;
  }
  if (r < 0.3) {
    act(hour, 'reject', { reason: pick(rand, REJECT) });
    const overturn = rand() < 0.3;
    act(Math.floor(rand() * 72 * hour), 'review', overturn ? { decision: 'overturn' }
      : { decision: 'uphold', to: rand() < 0.7 ? 'nurture' : 'disqualified' });
    if (!overturn) return n;
  }
  if (r > 0.92) { act(4 * hour, 'not_ready', { reason: 'next quarter' }); return n; }
  act(Math.floor(rand() * 48 * hour), 'accept', undefined);
  act(Math.floor(rand() * 20 * 24 * hour), 'touch', { channel: 'meeting', outcome: 'responded' });
  const end = rand();
  if (end < 0.35) {
    const products = PRODUCTS.filter(() => rand() < 0.5);
    act(Math.floor(rand() * 40 * 24 * hour), 'deal_won',
      { amount: 1000 * (5 + Math.floor(rand() * 60)), products: products.length ? products : ['scoring'] });
  } else if (end < 0.7) {
    act(Math.floor(rand() * 40 * 24 * hour), 'deal_lost', { objection: pick(rand, OBJECTION) });
  }
  return n;
}

// Every person of a size: named contacts first, then visitors never identified.
export function* people(size, seed = 7) {
  const sizes = SIZES[size];
  if (!sizes) throw new Error(`unknown size ${size}: one of ${Object.keys(SIZES).join(', ')}`);
  const visitors = Math.round(sizes.contacts * 0.3);
  for (let i = 0; i < sizes.contacts + visitors; i++) yield personOf(seed, i, sizes);
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

// Streams the document to `file` (Node only); returns { contacts, ops, bytes }.
export async function writeWorkspace(file, size, seed = 7) {
  const { default: fs } = await import('node:fs');
  const fd = fs.openSync(file, 'w');
  let buffer = '', bytes = 0;
  const write = (text) => {
    buffer += text;
    if (buffer.length > 1 << 20) flush();
  };
  const flush = () => { bytes += fs.writeSync(fd, buffer); buffer = ''; };
  write('{\n"format": "tandem.workspace",\n"version": 1,\n');
  write(`"config": ${JSON.stringify({ ...CONFIG, seed: `bench-${size}-${seed}` })},\n`);
  write('"contacts": [');
  let contacts = 0, ops = 0;
  for (const p of people(size, seed)) {
    if (!p.contact) continue;
    const c = { ...p.contact, created: iso(p.contact.created) };
    write(`${contacts++ ? ',' : ''}\n${JSON.stringify(c)}`);
  }
  write('\n],\n"ops": [');
  const sequence = new Map();
  for (const p of people(size, seed)) {
    for (const o of p.ops) {
      const seq = (sequence.get(o.replica) ?? 0) + 1;
      sequence.set(o.replica, seq);
      const op = { id: `${o.replica}:${seq}`, at: iso(o.at), actor: o.actor, type: o.type,
        contact: o.contact };
      if (o.props) op.props = o.props;
      write(`${ops++ ? ',' : ''}\n${JSON.stringify(op)}`);
    }
  }
  write('\n]\n}\n');
  flush();
  fs.closeSync(fd);
  return { contacts, ops, bytes };
}

if (globalThis.process?.argv && import.meta.url === `file://${process.argv[1]}`) {
  const { default: fs } = await import('node:fs');
  const { default: path } = await import('node:path');
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const size = arg('--size', '10k');
  const seed = Number(arg('--seed', '7'));
  const out = arg('-o', `build/bench/workspace-${size}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = performance.now();
  const { contacts, ops, bytes } = await writeWorkspace(out, size, seed);
  console.error(`${out}: ${contacts} contacts, ${ops} ops, ${(bytes / 1e6).toFixed(1)} MB ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
