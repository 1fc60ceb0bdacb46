// The sales actions a person can take on a contact, as small forms. Each one appends an op
// to the log through the worker (Request.ACT); the views refresh when it is saved.
import { Request } from '../shared/protocol.js';
import { field, h, select } from './dom.js';

export const REJECT_REASONS = [['not_decision_maker', 'Not a decision maker'], ['no_budget', 'No budget'],
  ['wrong_fit', 'Wrong fit'], ['already_customer', 'Already a customer'], ['duplicate', 'Duplicate'],
  ['other', 'Other']];
export const OBJECTIONS = [['price', 'Price'], ['timing', 'Timing'], ['chose_competitor', 'Chose a competitor'],
  ['no_budget', 'No budget'], ['missing_feature', 'Missing feature'], ['other', 'Other']];
const CHANNELS = [['call', 'Call'], ['email', 'Email'], ['meeting', 'Meeting'], ['social', 'Social']];

// Sends one op about `contact`; reports the engine's warnings (an action the stage did not
// allow is kept in the log but changes nothing).
export async function act(ask, contact, type, props) {
  const flash = document.getElementById('flash');
  try {
    const result = await ask(Request.ACT, { ops: [{ type, contact, ...(props ? { props } : {}) }], actor: actorName() });
    flash.classList.remove('error');
    flash.textContent = result.warnings.length
      ? `Saved, but it changed nothing: ${result.warnings[0].message}`
      : `Saved: ${type.replaceAll('_', ' ')} for ${contact}.`;
    return result;
  } catch (error) {
    // A full storage is explained, with what to do, in the notice at the top of the page.
    flash.classList.add('error');
    flash.textContent = error.code === 'storage-full'
      ? `Not saved: the browser's storage for this site is full.`
      : error.code ? error.message : `Not saved: ${error.message}`;
    return null;
  }
}

export function actorName() {
  return localStorage.getItem('tandem-actor') || 'me';
}

// The actions that fit a contact in `stage` (and in review or not).
export function actionPanel(ask, row, { compact = false } = {}) {
  const id = row.id;
  const who = row.name ? ` (${row.name})` : '';
  const button = (label, onclick, attrs = {}) => h('button', { type: 'button', onclick, 'aria-label': label + who, ...attrs }, label);
  const panel = h('div', { class: compact ? 'actions compact' : 'actions', dataset: { contact: id } });
  const run = (type, props) => act(ask, id, type, props);

  const touchChannel = select(CHANNELS, 'call', { 'aria-label': `Touch channel${who}`, class: 'touch-channel' });
  const touch = h('span', { class: 'inline' }, touchChannel,
    button('Log touch: no answer', () => run('touch', { channel: touchChannel.value, outcome: 'no_response' }), { class: 'secondary touch-no-response' }),
    button('Log touch: responded', () => run('touch', { channel: touchChannel.value, outcome: 'responded' }), { class: 'secondary touch-responded' }));

  if (row.stage === 'sql' && row.in_review) {
    panel.append(
      button('Uphold: to nurture', () => run('review', { decision: 'uphold', to: 'nurture' }), { class: 'uphold-nurture' }),
      button('Uphold: disqualify', () => run('review', { decision: 'uphold', to: 'disqualified' }), { class: 'secondary uphold-disqualify' }),
      button('Overturn: back to sales', () => run('review', { decision: 'overturn' }), { class: 'secondary overturn' }));
  } else if (row.stage === 'sql') {
    const reason = select(REJECT_REASONS, 'not_decision_maker', { 'aria-label': `Reason to reject${who}`, class: 'reject-reason' });
    panel.append(button('Accept', () => run('accept'), { class: 'accept' }),
      h('span', { class: 'inline' }, reason, button('Reject', () => run('reject', { reason: reason.value }), { class: 'secondary reject' })),
      touch);
  } else if (row.stage === 'opportunity') {
    const amount = h('input', { type: 'number', min: '0', step: '100', value: '10000', 'aria-label': `Deal amount${who}`, class: 'deal-amount' });
    const products = h('input', { type: 'text', value: 'Tandem Core', 'aria-label': `Products, comma separated${who}`, class: 'deal-products' });
    const objection = select(OBJECTIONS, 'price', { 'aria-label': `Objection${who}`, class: 'deal-objection' });
    panel.append(
      h('form', { class: 'inline', onsubmit: (event) => {
        event.preventDefault();
        run('deal_won', { amount: Number(amount.value), products: products.value.split(',').map((p) => p.trim()).filter(Boolean) });
      } }, amount, products, h('button', { type: 'submit', class: 'win', 'aria-label': `Won${who}` }, 'Won')),
      h('span', { class: 'inline' }, objection, button('Lost', () => run('deal_lost', { objection: objection.value }), { class: 'secondary lose' })),
      touch,
      button('Not ready: to nurture', () => run('not_ready', { reason: 'not_ready' }), { class: 'secondary not-ready' }));
  } else if (!compact) {
    panel.append(touch);
  }
  return panel;
}

// Manual moves any contact may need: owner, stage, disqualify.
export function manualPanel(ask, row) {
  const owner = h('input', { type: 'text', value: row.owner ?? '', 'aria-label': 'Owner', class: 'set-owner' });
  const stage = select([['lead', 'Lead'], ['mql', 'Marketing qualified'], ['sql', 'Sales qualified'],
    ['nurture', 'Nurture'], ['disqualified', 'Disqualified']], row.stage, { 'aria-label': 'Stage', class: 'set-stage' });
  const reason = h('input', { type: 'text', placeholder: 'why', 'aria-label': 'Reason for the stage change', class: 'set-stage-reason' });
  return h('div', { class: 'actions' },
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); act(ask, row.id, 'set_owner', { owner: owner.value.trim() }); } },
      field('Owner', owner), h('button', { type: 'submit', class: 'secondary' }, 'Set owner')),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); act(ask, row.id, 'set_stage', { stage: stage.value, reason: reason.value.trim() || 'manual' }); } },
      field('Stage', stage), reason, h('button', { type: 'submit', class: 'secondary' }, 'Set stage')));
}
