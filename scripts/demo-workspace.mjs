// Writes the demo workspace the app opens on a first visit: a made-up software company's
// half year of inbound leads walked through the whole playbook (browse, identify, nurture,
// MQL, hand-raise to SQL, accept or reject and review, touches going dark, deals won and
// lost). Every person and company in it is invented. Deterministic: the same file each run.
//
//   node scripts/demo-workspace.mjs [OUT]     (default: public/demo/workspace.json)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = resolve(
  process.argv[2] ?? fileURLToPath(new URL('../public/demo/workspace.json', import.meta.url)),
);

// A small seeded generator (mulberry32): the demo is the same on every machine.
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
  };
}
const rng = generator(20261123);

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
const REPS = { emea: ['ines', 'jonas'], amer: ['mateo', 'tara'] };
const EMEA = new Set(['DE', 'FR', 'GB', 'NL', 'SE', 'ES', 'PL']);

const START = Date.UTC(2026, 4, 18); // 18 May 2026
const END = Date.UTC(2026, 10, 20, 17, 0); // 20 Nov 2026
const MINUTE = 60_000;
const DAY = 86_400_000;

// The playbook's automation (docs/workflows.md): thank-you and nurture emails, SQL handoff
// notifications, dark recovery, lost deals, new customers; and the email cap.
const automation = JSON.parse(readFileSync(new URL('./demo-workflows.json', import.meta.url), 'utf8'));

const config = {
  stages: {
    mql_score: 50,
    sql_score: 90,
    hysteresis: 5,
    sql_requires_acceptance: true,
    hand_raise: ['demo_request'],
  },
  scoring: {
    half_life_days: 30,
    behaviour: [
      { id: 'pricing-page', on: 'page_view', where: { path_prefix: '/pricing' }, points: 8,
        cap: { points: 24, per_days: 30 } },
      { id: 'any-page', on: 'page_view', points: 1, cap: { points: 10, per_days: 7 } },
      { id: 'careers-page', on: 'page_view', where: { path_prefix: '/careers' }, points: -10 },
      { id: 'download', on: 'content_download', points: 12 },
      { id: 'webinar', on: 'webinar_attend', points: 15 },
      { id: 'email-click', on: 'email_click', points: 4 },
      { id: 'email-open', on: 'email_open', points: 1 },
      { id: 'form', on: 'form_submit', points: 5 },
      { id: 'cta', on: 'cta_click', points: 3 },
      { id: 'unsubscribe', on: 'unsubscribe', points: -30 },
    ],
    fit: [
      { id: 'icp-industry', if: { field: 'industry', in: ['software', 'fintech'] }, points: 15 },
      { id: 'icp-size', if: { field: 'employees', between: [50, 1000] }, points: 10 },
      { id: 'senior-title', if: { any: [
        { field: 'title', matches: 'vp' }, { field: 'title', matches: 'head' },
        { field: 'title', matches: 'chief' }, { field: 'title', matches: 'cmo' },
        { field: 'title', matches: 'founder' }, { field: 'title', matches: 'director' }] },
        points: 10 },
      { id: 'student', if: { field: 'title', matches: 'student' }, points: -30 },
      { id: 'personal-email', if: { field: 'email_personal', equals: true }, points: -10 },
    ],
  },
  dark_after_touches: 5,
  sla: { first_touch_hours: 24, touches: { count: 3, within_days: 7 }, mql_per_month: 15 },
  routing: {
    teams: REPS,
    territories: [{ if: { field: 'country', in: [...EMEA] }, team: 'emea' }],
    default_team: 'amer',
  },
  email: automation.email,
  workflows: automation.workflows,
};

const contacts = [];
const ops = [];
const sequence = { web: 0, mail: 0, crm: 0 };

function iso(t) {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function add(replica, at, type, contact, props, actor = 'system') {
  const op = { id: `${replica}-1:${++sequence[replica]}`, at: iso(at), actor, type, contact };
  if (props) op.props = props;
  ops.push(op);
}

function weighted(list) {
  const total = list.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of list) if ((r -= w) < 0) return value;
  return list[0][0];
}

// Office hours on a working day, at or after t.
function workTime(t) {
  let d = new Date(t);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + DAY);
  d.setUTCHours(rng.int(8, 16), rng.int(0, 59), 0, 0);
  return Math.max(d.getTime(), t + MINUTE);
}

// Browsing and email activity from `from` for `days`, `intensity` events a week.
function engage(id, from, days, intensity, { pricing = 0.2 } = {}) {
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
}

// The sales side of a hand-raise: an owner, touches, then the outcome the story calls for.
function salesStory(id, country, handoff, story) {
  const team = EMEA.has(country) ? 'emea' : 'amer';
  const owner = rng.pick(REPS[team]);
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
}

const PEOPLE = 320;
for (let n = 1; n <= PEOPLE; ++n) {
  const id = `c${String(n).padStart(4, '0')}`;
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const [company, industry, employees] = rng.pick(COMPANIES);
  const title = weighted(TITLES);
  const personal = rng.chance(0.15);
  const domain = personal ? rng.pick(['gmail.com', 'outlook.com']) : company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
  const country = rng.pick(COUNTRIES);
  const source = rng.pick(SOURCES);

  // Anonymous browsing first, then a form fill names the visitor.
  const visitor = `v:${(n * 2654435761 >>> 0).toString(16)}`;
  const firstSeen = START + Math.floor(rng.next() * (END - START - 12 * DAY) / MINUTE) * MINUTE;
  let t = engage(visitor, firstSeen, rng.int(1, 10), 4, { pricing: 0.25 });
  if (rng.chance(0.12)) continue; // an anonymous visitor who never fills a form
  t = workTime(t);
  if (t >= END) continue;
  contacts.push({
    id, email: `${first}.${last}@${domain}`.toLowerCase(), name: `${first} ${last}`, company,
    title, industry, employees, country, source, created: iso(t),
  });
  add('web', t, 'form_submit', id, { form: rng.pick(['ebook-gate', 'webinar-signup', 'newsletter']) });
  add('web', t, 'identify', id, { visitor });

  // Nurture: most engage a little, some a lot; a few hand-raise.
  const keen = rng.next();
  const intensity = keen < 0.4 ? 1 : keen < 0.75 ? 2 : 4;
  // Those who will ask for a demo do so within weeks, before browsing alone makes them SQLs.
  const days = keen < 0.55 ? rng.int(10, 120) : rng.int(5, 30);
  t = engage(id, t, days, intensity, { pricing: keen > 0.75 ? 0.45 : 0.15 });
  if (title === 'Student' || rng.chance(0.06)) {
    if (rng.chance(0.5)) add('mail', Math.min(t, END - DAY), 'unsubscribe', id, { campaign: rng.pick(CAMPAIGNS) });
    continue;
  }
  if (keen < 0.55 || t >= END - 2 * DAY) continue;
  const handoff = workTime(t);
  if (handoff >= END) continue;
  add('web', handoff, 'demo_request', id, { form: 'book-a-demo' });
  const story = weighted([
    ['won', 5], ['lost', 3], ['open', 3], ['dark', 2], ['rejected', 2], ['overturned', 1],
    ['waiting', 1], ['not_ready', 1],
  ]);
  salesStory(id, country, handoff, story);
}

const workspace = { format: 'tandem.workspace', version: 1, config, contacts, ops };
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(workspace, null, 1) + '\n');
console.log(`Demo workspace: ${contacts.length} contacts, ${ops.length} ops -> ${out}`);
