// Setup: thresholds, scoring weights, SLA, routing and workflows. Every change is replayed over the
// whole history at once and the funnel shown beside today's, before anything is saved.
import { Request } from '../../shared/protocol.js';
import { card, field, fill, formatTime, h, personLink, STAGE_LABEL, STAGES } from '../dom.js';
import { funnelChart } from '../charts.js';

// A form being filled in survives another tab's edits.
export const keepOnChange = true;

const clone = (value) => JSON.parse(JSON.stringify(value));

// A condition in words: "industry in software, fintech", "title matches vp or head".
function describe(condition) {
  if (!condition || typeof condition !== 'object') return '';
  if (condition.all) return condition.all.map(describe).join(' and ');
  if (condition.any) return condition.any.map(describe).join(' or ');
  if (condition.not) return `not (${describe(condition.not)})`;
  const { field: name, ...test } = condition;
  return Object.entries(test).map(([op, value]) =>
    `${name ? `${name} ` : ''}${op.replace('_', ' ')} ${Array.isArray(value) ? value.join(op === 'between' ? '–' : ', ') : value}`).join(', ');
}

function numberInput(value, attrs = {}) {
  return h('input', { type: 'number', step: 'any', value: value ?? '', ...attrs });
}

export async function render(root, _params, { ask, isCurrent }) {
  const saved = await ask(Request.CONFIG);
  const inputs = [];
  const track = (control, apply) => {
    inputs.push({ control, apply });
    return control;
  };
  const num = (control) => (control.value === '' ? undefined : Number(control.value));
  const stages = saved.stages ?? {};
  const scoring = saved.scoring ?? {};

  const thresholds = h('div', { class: 'grid three' },
    field('MQL score', track(numberInput(stages.mql_score, { id: 'mql-score' }), (c, el) => { c.stages.mql_score = num(el); })),
    field('SQL score', track(numberInput(stages.sql_score, { id: 'sql-score' }), (c, el) => { c.stages.sql_score = num(el); })),
    field('Hysteresis', track(numberInput(stages.hysteresis, { id: 'hysteresis' }), (c, el) => { c.stages.hysteresis = num(el); }),
      'points below the MQL score before a lead drops back'),
    field('Unanswered touches before dark', track(numberInput(saved.dark_after_touches ?? 5, { id: 'dark-after' }), (c, el) => { c.dark_after_touches = num(el); })),
    field('Score half-life (days)', track(numberInput(scoring.half_life_days, { id: 'half-life' }), (c, el) => { c.scoring.half_life_days = num(el); })),
    h('label', { class: 'field check' },
      track(h('input', { type: 'checkbox', id: 'needs-acceptance', checked: stages.sql_requires_acceptance !== false }),
        (c, el) => { c.stages.sql_requires_acceptance = el.checked; }),
      h('span', {}, 'SQLs need sales acceptance')),
    field('Hand-raise types (straight to SQL)', track(h('input', { type: 'text', id: 'hand-raise', value: (stages.hand_raise ?? []).join(', ') }),
      (c, el) => { c.stages.hand_raise = el.value.split(',').map((t) => t.trim()).filter(Boolean); })));

  const ruleTable = (rules, kind) => h('table', { class: 'rules', id: `${kind}-rules` },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Points'))),
    h('tbody', {}, rules.map((rule, i) => h('tr', {},
      h('th', { scope: 'row' }, rule.id),
      h('td', { class: 'meta' }, kind === 'behaviour' ? `${rule.on}${rule.where ? ' where ' + describe(rule.where) : ''}${rule.cap ? `, at most ${rule.cap.points} per ${rule.cap.per_days} days` : ''}` : describe(rule.if)),
      h('td', {}, track(numberInput(rule.points, { 'aria-label': `Points for ${rule.id}`, dataset: { rule: rule.id }, class: 'points' }),
        (c, el) => { c.scoring[kind][i].points = num(el); }))))));

  const sla = saved.sla ?? {};
  const slaFields = h('div', { class: 'grid three' },
    field('First touch within (hours)', track(numberInput(sla.first_touch_hours, { id: 'sla-first' }), (c, el) => { c.sla ??= {}; c.sla.first_touch_hours = num(el); })),
    field('Touches', track(numberInput(sla.touches?.count, { id: 'sla-touches' }), (c, el) => { c.sla ??= {}; c.sla.touches ??= {}; c.sla.touches.count = num(el); })),
    field('within (days)', track(numberInput(sla.touches?.within_days, { id: 'sla-days' }), (c, el) => { c.sla ??= {}; c.sla.touches ??= {}; c.sla.touches.within_days = num(el); })),
    field('MQLs per month (marketing)', track(numberInput(sla.mql_per_month, { id: 'sla-mql' }), (c, el) => { c.sla ??= {}; c.sla.mql_per_month = num(el); })));

  const routing = saved.routing ?? {};
  const teamsText = Object.entries(routing.teams ?? {}).map(([team, reps]) => `${team}: ${reps.join(', ')}`).join('\n');
  const routingFields = h('div', { class: 'grid two' },
    field('Teams, one a line (team: rep, rep)', track(h('textarea', { id: 'teams', rows: 4 }, teamsText), (c, el) => {
      c.routing ??= {};
      c.routing.teams = Object.fromEntries(el.value.split('\n').map((line) => line.split(':')).filter((p) => p.length === 2 && p[0].trim())
        .map(([team, reps]) => [team.trim(), reps.split(',').map((r) => r.trim()).filter(Boolean)]));
    })),
    h('div', {},
      field('Default team', track(h('input', { type: 'text', id: 'default-team', value: routing.default_team ?? '' }), (c, el) => { c.routing ??= {}; if (el.value.trim()) c.routing.default_team = el.value.trim(); else delete c.routing.default_team; })),
      field('Territories (JSON)', track(h('textarea', { id: 'territories', rows: 4 }, JSON.stringify(routing.territories ?? [], null, 1)), (c, el) => {
        c.routing ??= {};
        c.routing.territories = JSON.parse(el.value || '[]');
      }))));

  // Workflows: switched on and off here; their triggers and steps edited as JSON
  // (docs/workflows.md). The JSON applies first, so a switch flipped beside it wins.
  const workflows = saved.workflows ?? [];
  const triggerText = (t = {}) => [t.on?.replace('_', ' '), t.type ?? t.stage ?? t.list,
    t.score !== undefined ? `${t.direction === 'down' ? 'down' : 'up'} through ${t.score}` : '',
    t.where ? `where ${describe(t.where)}` : ''].filter(Boolean).join(' ');
  const workflowsJson = track(h('textarea', { id: 'workflows-json', rows: 8, spellcheck: 'false' }, JSON.stringify(workflows, null, 1)),
    (c, el) => { c.workflows = JSON.parse(el.value || '[]'); });
  const workflowTable = h('table', { class: 'rules', id: 'workflow-rules' },
    h('thead', {}, h('tr', {}, ['Workflow', 'Trigger', 'Steps', 'On'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, workflows.map((flow) => h('tr', { dataset: { workflow: flow.id } },
      h('th', { scope: 'row' }, flow.id),
      h('td', { class: 'meta' }, triggerText(flow.trigger)),
      h('td', { class: 'num' }, String(flow.steps?.length ?? 0)),
      h('td', {}, track(h('input', { type: 'checkbox', checked: flow.enabled !== false, 'aria-label': `Run ${flow.id}`, class: 'workflow-on' }),
        (c, el) => {
          const target = (c.workflows ?? []).find((w) => w.id === flow.id);
          if (target) target.enabled = el.checked;
        }))))));
  const workflowFields = h('div', {},
    workflows.length ? workflowTable : h('p', { class: 'meta' }, 'No workflows yet.'),
    field('Workflows (JSON: triggers and steps as docs/workflows.md describes)', workflowsJson));

  const preview = h('div', { id: 'what-if', class: 'what-if', 'aria-live': 'polite' });
  const problems = h('ul', { class: 'errors', id: 'config-errors', role: 'alert' });
  const savedNote = h('p', { class: 'notice', role: 'status', id: 'setup-notice' });
  const saveButton = h('button', { type: 'submit', id: 'save-config', form: 'setup-form' }, 'Save setup');
  const undoButton = h('button', { type: 'reset', class: 'secondary', form: 'setup-form', onclick: () => setTimeout(update) }, 'Undo changes');

  function compose() {
    const config = clone(saved);
    config.stages ??= {};
    config.scoring ??= {};
    for (const { control, apply } of inputs) apply(config, control);
    return config;
  }

  let asked = 0;
  async function update() {
    const ticket = ++asked;
    let config;
    try {
      config = compose();
    } catch (error) {
      problems.replaceChildren(h('li', {}, `Not valid yet: ${error.message}`));
      return;
    }
    preview.dataset.state = 'busy';
    const result = await ask(Request.WHAT_IF, { config });
    if (ticket !== asked || !isCurrent()) return;
    problems.replaceChildren(...(result.errors ?? []).map((e) => h('li', {}, `${e.pointer}: ${e.message}`)));
    if (!result.ok) {
      preview.dataset.state = 'invalid';
      return;
    }
    const changed = result.moved > 0 || STAGES.some(([k]) => (result.current[k] ?? 0) !== (result.preview[k] ?? 0));
    fill(preview,
      funnelChart(result.current, { compare: result.preview, title: 'What if', labels: ['Saved setup', 'This setup'] }),
      h('table', { class: 'compare', id: 'what-if-table' },
        h('thead', {}, h('tr', {}, ['Stage', 'Now', 'With this setup', 'Change'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, STAGES.map(([key, label]) => {
          const a = result.current[key] ?? 0;
          const b = result.preview[key] ?? 0;
          return h('tr', { dataset: { stage: key } }, h('th', { scope: 'row' }, label), h('td', { class: 'num now' }, String(a)),
            h('td', { class: 'num preview' }, String(b)), h('td', { class: 'num' }, b === a ? '' : `${b > a ? '+' : ''}${b - a}`));
        }))),
      h('p', { id: 'what-if-moved', dataset: { moved: String(result.moved) } },
        result.moved ? `${result.moved} ${result.moved === 1 ? 'contact changes' : 'contacts change'} stage` : 'No contact changes stage',
        result.changed > result.moved ? `; ${result.changed - result.moved} more only change score.` : '.'),
      result.movers.length ? h('ul', { class: 'movers', id: 'what-if-movers' }, result.movers.map((c) =>
        h('li', {}, personLink(c.id, c.name),
          ` ${STAGE_LABEL[c.stage_before] ?? c.stage_before} → ${STAGE_LABEL[c.stage_after] ?? c.stage_after}`))) : null,
      h('p', { class: 'meta' }, changed ? `The whole history replayed by the engine under this setup, as of ${formatTime(result.now)}.` : 'No change from the saved setup.'));
    preview.dataset.state = changed ? 'changed' : 'same';
  }

  const form = h('form', { id: 'setup-form', onsubmit: async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    try {
      const result = await ask(Request.SAVE_CONFIG, { config: compose() });
      if (result.ok) {
        savedNote.textContent = 'Saved. Every view now uses this setup.';
        Object.assign(saved, clone(compose()));
        await update();
      } else {
        problems.replaceChildren(...result.errors.map((e) => h('li', {}, `${e.pointer}: ${e.message}`)));
        savedNote.textContent = 'Not saved: the engine refused this setup.';
      }
    } catch (error) {
      savedNote.textContent = `Not saved: ${error.message}`;
    } finally {
      saveButton.disabled = false;
    }
  } },
  card('Stages and thresholds', thresholds),
  card('Behaviour scoring', ruleTable(scoring.behaviour ?? [], 'behaviour')),
  card('Fit scoring (ideal buyer)', ruleTable(scoring.fit ?? [], 'fit')),
  card('Service levels', slaFields),
  card('Routing', routingFields),
  card('Workflows', workflowFields));

  form.addEventListener('input', () => update());
  form.addEventListener('change', () => update());

  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Setup'),
      h('p', { class: 'meta' }, 'Change a threshold or a weight: the preview replays the whole history under it. Nothing is saved until you save.')),
    h('div', { class: 'setup-layout' }, form, h('aside', { class: 'card preview-card' }, h('h2', {}, 'What-if preview'),
      h('div', { class: 'actions' }, saveButton, undoButton), savedNote, problems, preview)),
  );
  await update();
}
