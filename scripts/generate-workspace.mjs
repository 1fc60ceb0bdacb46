// Writes made-up Tandem workspaces: a software company's inbound leads over half a year, walked
// through the whole playbook (browse, identify, nurture, MQL, hand-raise to SQL, accept or
// reject and review, touches going dark, deals won and lost). Every person and company in it
// is invented. One story at every size, the same bytes for the same preset and seed:
//
//   demo   287 contacts: the workspace the app opens on a first visit (scripts/build)
//   10k, 100k, 1m   that many contacts, for the benchmarks (scripts/bench, docs/benchmarks.md)
//
//   node scripts/generate-workspace.mjs --preset demo|10k|100k|1m [--seed N] [-o FILE]
//
// The config is the engine's default config (read from the built engine, public/wasm/),
// with each preset's differences below applied on top. As a module: `people(preset, seed)`
// yields each person's contact record and ops (what the benchmarks' peers load, in Node or a
// page); `writeWorkspace(file, preset, options)` streams the document, so 1M contacts never
// sit in memory at once. Nothing here imports Node at the top, so a page can import it.

// The routing that matches the story: its reps, and the countries whose leads go to EMEA.
const REPS = { emea: ['ines', 'jonas'], amer: ['mateo', 'tara'] };
const EMEA = ['DE', 'FR', 'GB', 'NL', 'SE', 'ES', 'PL'];
const ROUTING = {
  teams: REPS,
  territories: [{ if: { field: 'country', in: EMEA }, team: 'emea' }],
  default_team: 'amer',
};

// The benchmarks' nurtured leads are busier than the demo's: SPEC §6 sizes its workspaces at
// 20 ops a contact (100k / 2M, 1M / 20M).
const BENCH_ACTIVITY = 1.4;

// Each preset: how many contacts, the seed its bytes come from, how active nurtured leads are,
// and what its config changes.
export const PRESETS = {
  demo: { contacts: 287, seed: 20261123, activity: 1, config: (c) => ({ ...c, routing: ROUTING }) },
  '10k': { contacts: 10_000, seed: 7, activity: BENCH_ACTIVITY, config: benchConfig },
  '100k': { contacts: 100_000, seed: 7, activity: BENCH_ACTIVITY, config: benchConfig },
  '1m': { contacts: 1_000_000, seed: 7, activity: BENCH_ACTIVITY, config: benchConfig },
};

// The benchmarks set the engine beside peers that compute scores and stages only
// (tests/bench/peers.mjs): they run no workflows, so the engine runs none either.
function benchConfig(defaults) {
  return { ...defaults, routing: ROUTING, workflows: [] };
}

function presetOf(name) {
  const preset = PRESETS[name];
  if (!preset) throw new Error(`unknown preset ${name}: one of ${Object.keys(PRESETS).join(', ')}`);
  return preset;
}

// A preset's config from the engine's default config (an object, tandem.defaultConfig()).
export function configOf(name, defaults) {
  return presetOf(name).config(structuredClone(defaults));
}

// The default config of the built engine in public/wasm/ (Node only).
export async function engineDefaults(dir = new URL('../public/wasm/', import.meta.url)) {
  const { readFileSync } = await import('node:fs');
  const { loadTandem } = await import(new URL('api.js', dir).href);
  const tandem = await loadTandem({ wasmBinary: readFileSync(new URL('tandem.wasm', dir)) });
  return tandem.defaultConfig();
}

// A small seeded generator (mulberry32): the same numbers on every machine and JS engine.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    weighted: (list) => {
      const total = list.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of list) if ((r -= w) < 0) return value;
      return list[0][0];
    },
  };
}

const FIRST = ['Ava', 'Bruno', 'Chen', 'Dara', 'Eliska', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas',
  'Kaito', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar',
  'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe'];
const LAST = ['Abara', 'Brandt', 'Costa', 'Duarte', 'Eklund', 'Fischer', 'Garza', 'Haddad', 'Ito',
  'Jansen', 'Kowal', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quist', 'Rossi',
  'Sato', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Yilmaz', 'Zeller'];
const COMPANIES = [
  ['Northwind Analytics', 'software', 240], ['Bluepeak Payments', 'fintech', 610],
  ['Cobalt Freight', 'logistics', 1800], ['Driftwood Health', 'healthcare', 95],
  ['Ember Robotics', 'manufacturing', 430], ['Fable Learning', 'education', 60],
  ['Granite Ledger', 'fintech', 150], ['Harbor Cloudworks', 'software', 75],
  ['Ivory Retail Group', 'retail', 3200], ['Juniper Labs', 'software', 38],
  ['Keystone Insure', 'insurance', 900], ['Lumen Media', 'media', 120],
  ['Maple Circuit', 'software', 520], ['Nimbus Telecom', 'telecom', 7400],
  ['Orchard Foods', 'retail', 260], ['Pinecrest Capital', 'fintech', 45],
  ['Quarry Systems', 'software', 980], ['Riverbend Clinics', 'healthcare', 340],
  ['Summit Apparel', 'retail', 150], ['Tidewater Energy', 'energy', 2100],
];
const TITLES = [
  ['VP Marketing', 3], ['Head of Growth', 3], ['Marketing Manager', 4], ['CMO', 2],
  ['Sales Director', 2], ['Revenue Operations Lead', 3], ['Founder & CEO', 2],
  ['Marketing Coordinator', 3], ['Data Analyst', 2], ['Student', 1], ['Software Engineer', 2],
];
const COUNTRIES = ['DE', 'FR', 'GB', 'NL', 'SE', 'US', 'US', 'US', 'CA', 'BR', 'ES', 'PL'];
const SOURCES = ['organic_search', 'paid_search', 'webinar', 'referral', 'linkedin', 'event'];
const CONTENT = ['state-of-b2b-2026', 'lead-scoring-101', 'sla-template', 'nurture-playbook',
  'roi-calculator'];
const CAMPAIGNS = ['nurture-1', 'nurture-2', 'nurture-3', 'newsletter-jun', 'newsletter-sep'];
const PAGES = ['/', '/blog/alignment', '/blog/mql-vs-sql', '/features', '/pricing',
  '/pricing/enterprise', '/customers', '/careers'];
const OBJECTIONS = ['price', 'timing', 'chose_competitor', 'no_budget', 'missing_feature'];
const REJECTIONS = ['not_decision_maker', 'no_budget', 'wrong_fit', 'already_customer'];
const PRODUCTS = ['Tandem Core', 'Routing Add-on', 'Analytics Pro', 'Onboarding'];
const IN_EMEA = new Set(EMEA);

const START = Date.UTC(2026, 4, 18); // 18 May 2026
const END = Date.UTC(2026, 10, 20, 17, 0); // 20 Nov 2026
const MINUTE = 60_000;
const DAY = 86_400_000;

// One person's part of the story, drawn from `rng`: { contact, ops }, the contact null for a
// visitor who never fills a form. Op fields: at (ms), actor, type, contact, props, replica.
function personOf(rng, n, activity) {
  const ops = [];
  const add = (replica, at, type, contact, props, actor = 'system') =>
    ops.push({ at, actor, type, contact, props, replica });

  // Office hours on a working day, at or after t.
  const workTime = (t) => {
    let d = new Date(t);
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + DAY);
    d.setUTCHours(rng.int(8, 16), rng.int(0, 59), 0, 0);
    return Math.max(d.getTime(), t + MINUTE);
  };

  // Browsing and email activity from `from` for `days`, `intensity` events a week.
  const engage = (id, from, days, intensity, { pricing = 0.2 } = {}) => {
    let t = from;
    const until = Math.min(END, from + days * DAY);
    while (true) {
      t += Math.round(((7 * DAY) / intensity) * (0.3 + rng.next() * 1.4) / MINUTE) * MINUTE;
      if (t >= until) return t;
      const roll = rng.next();
      if (roll < 0.45) {
        const path = rng.chance(pricing) ? rng.pick(['/pricing', '/pricing/enterprise']) : rng.pick(PAGES.slice(0, 4));
        add('web', t, 'page_view', id, { path });
      } else if (roll < 0.6) {
        const campaign = rng.pick(CAMPAIGNS);
        add('mail', t, 'email_open', id, { campaign });
        if (rng.chance(0.4)) add('mail', t + 2 * MINUTE, 'email_click', id, { campaign, url: '/blog/alignment' });
      } else if (roll < 0.72) {
        add('web', t, 'content_download', id, { content: rng.pick(CONTENT) });
      } else if (roll < 0.8) {
        add('web', t, 'webinar_attend', id, { webinar: 'alignment-live-' + rng.int(1, 4) });
      } else if (roll < 0.9) {
        add('web', t, 'cta_click', id, { cta: rng.pick(['see-pricing', 'book-demo-banner', 'try-sandbox']) });
      } else {
        add('web', t, 'social_engagement', id, { network: rng.pick(['linkedin', 'x', 'youtube']) });
      }
    }
  };

  // The sales side of a hand-raise: an owner, touches, then the outcome the story calls for.
  const salesStory = (id, country, handoff, story) => {
    const owner = rng.pick(REPS[IN_EMEA.has(country) ? 'emea' : 'amer']);
    let t = handoff + rng.int(5, 90) * MINUTE;
    add('crm', t, 'set_owner', id, { owner }, 'system');
    // Most reps call within hours of the handoff; some are days late (the SLA report shows them).
    t = workTime(t + (rng.chance(0.85) ? rng.int(1, 4) * 60 * MINUTE : rng.int(2, 4) * DAY));
    const touch = (outcome) => {
      add('crm', t, 'touch', id, { channel: rng.pick(['call', 'email', 'call', 'meeting']), outcome }, owner);
      t = workTime(t + rng.int(1, 2) * DAY);
    };
    if (t >= END) return;
    if (story === 'dark') {
      for (let i = 0; i < 5 && t < END; ++i) touch('no_response');
      return;
    }
    if (story === 'rejected' || story === 'overturned') {
      add('crm', t, 'reject', id, { reason: rng.pick(REJECTIONS) }, owner);
      t = workTime(t + rng.int(1, 4) * DAY);
      if (t >= END || rng.chance(0.25)) return; // still waiting in the review queue
      if (story === 'overturned') {
        add('crm', t, 'review', id, { decision: 'overturn' }, 'marketing');
      } else {
        add('crm', t, 'review', id, { decision: 'uphold', to: rng.chance(0.7) ? 'nurture' : 'disqualified' }, 'marketing');
      }
      return;
    }
    if (story === 'waiting') return; // a fresh SQL in the inbox
    touch('responded');
    if (t >= END) return;
    touch('responded');
    if (t >= END) return;
    add('crm', t, 'accept', id, {}, owner);
    t = workTime(t + rng.int(1, 3) * DAY);
    for (let i = rng.int(1, 4); i > 0 && t < END; --i) touch(rng.chance(0.7) ? 'responded' : 'no_response');
    t = workTime(t + rng.int(5, 40) * DAY);
    if (t >= END || story === 'open') return;
    if (story === 'won') {
      const products = [PRODUCTS[0], ...PRODUCTS.slice(1).filter(() => rng.chance(0.35))];
      add('crm', t, 'deal_won', id, { amount: rng.int(8, 96) * 500, products }, owner);
    } else if (story === 'lost') {
      add('crm', t, 'deal_lost', id, { objection: rng.pick(OBJECTIONS) }, owner);
    } else {
      add('crm', t, 'not_ready', id, { reason: 'next_quarter' }, owner);
    }
  };

  const id = `c${String(n).padStart(4, '0')}`;
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const [company, industry, employees] = rng.pick(COMPANIES);
  const title = rng.weighted(TITLES);
  const personal = rng.chance(0.15);
  const domain = personal ? rng.pick(['gmail.com', 'outlook.com']) : company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
  const country = rng.pick(COUNTRIES);
  const source = rng.pick(SOURCES);

  // Anonymous browsing first, then a form fill names the visitor.
  const visitor = `v:${(n * 2654435761 >>> 0).toString(16)}`;
  const firstSeen = START + Math.floor(rng.next() * (END - START - 12 * DAY) / MINUTE) * MINUTE;
  let t = engage(visitor, firstSeen, rng.int(1, 10), 4, { pricing: 0.25 });
  if (rng.chance(0.12)) return { contact: null, ops }; // an anonymous visitor who never fills a form
  t = workTime(t);
  if (t >= END) return { contact: null, ops };
  const contact = {
    id, email: `${first}.${last}@${domain}`.toLowerCase(), name: `${first} ${last}`, company,
    title, industry, employees, country, source, created: t,
  };
  add('web', t, 'form_submit', id, { form: rng.pick(['ebook-gate', 'webinar-signup', 'newsletter']) });
  add('web', t, 'identify', id, { visitor });

  // Nurture: most engage a little, some a lot; a few hand-raise.
  const keen = rng.next();
  const intensity = (keen < 0.4 ? 1 : keen < 0.75 ? 2 : 4) * activity;
  // Those who will ask for a demo do so within weeks, before browsing alone makes them SQLs.
  const days = keen < 0.55 ? rng.int(10, 120) : rng.int(5, 30);
  t = engage(id, t, days, intensity, { pricing: keen > 0.75 ? 0.45 : 0.15 });
  if (title === 'Student' || rng.chance(0.06)) {
    if (rng.chance(0.5)) add('mail', Math.min(t, END - DAY), 'unsubscribe', id, { campaign: rng.pick(CAMPAIGNS) });
    return { contact, ops };
  }
  if (keen < 0.55 || t >= END - 2 * DAY) return { contact, ops };
  const handoff = workTime(t);
  if (handoff >= END) return { contact, ops };
  add('web', handoff, 'demo_request', id, { form: 'book-a-demo' });
  const story = rng.weighted([
    ['won', 5], ['lost', 3], ['open', 3], ['dark', 2], ['rejected', 2], ['overturned', 1],
    ['waiting', 1], ['not_ready', 1],
  ]);
  salesStory(id, country, handoff, story);
  return { contact, ops };
}

// Every person of a preset in turn, until it has its number of contacts.
export function* people(preset, seed = presetOf(preset).seed) {
  const { contacts, activity } = presetOf(preset);
  const rng = generator(seed);
  for (let n = 1, named = 0; named < contacts; ++n) {
    const person = personOf(rng, n, activity);
    if (person.contact) ++named;
    yield person;
  }
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

// Streams the document to `file` (Node only); returns { contacts, ops, bytes }. `config`:
// the preset's config (configOf), read from the built engine when not given.
export async function writeWorkspace(file, preset, { seed = presetOf(preset).seed, config } = {}) {
  const { default: fs } = await import('node:fs');
  config ??= configOf(preset, await engineDefaults());
  const fd = fs.openSync(file, 'w');
  let buffer = '', bytes = 0;
  const flush = () => { bytes += fs.writeSync(fd, buffer); buffer = ''; };
  const write = (text) => {
    buffer += text;
    if (buffer.length > 1 << 20) flush();
  };
  write(`{\n"format": "tandem.workspace",\n"version": 1,\n"config": ${JSON.stringify(config)},\n`);
  write('"contacts": [');
  let contacts = 0, ops = 0;
  for (const p of people(preset, seed)) {
    if (!p.contact) continue;
    const c = { ...p.contact, created: iso(p.contact.created) };
    write(`${contacts++ ? ',' : ''}\n${JSON.stringify(c)}`);
  }
  write('\n],\n"ops": [');
  // Op ids number each replica's ops in the order they were drawn.
  const sequence = { web: 0, mail: 0, crm: 0 };
  for (const p of people(preset, seed)) {
    for (const o of p.ops) {
      const op = { id: `${o.replica}-1:${++sequence[o.replica]}`, at: iso(o.at), actor: o.actor,
        type: o.type, contact: o.contact };
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
  const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const preset = arg('--preset', 'demo');
  const seed = Number(arg('--seed', presetOf(preset).seed));
  const out = arg('-o', preset === 'demo' ? 'public/demo/workspace.json' : `build/bench/workspace-${preset}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const started = performance.now();
  const { contacts, ops, bytes } = await writeWorkspace(out, preset, { seed });
  console.error(`${out}: ${preset} workspace, ${contacts} contacts, ${ops} ops, ` +
    `${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
