// Reports: one shared set for both teams, every figure computed by the engine. Each chart
// downloads as PNG or SVG and each report's data as CSV, exactly as the engine (and `tandem
// report`) writes it. This view only lays the engine's reports out as tables.
import { Request } from '../../shared/protocol.js';
import { card, download, formatDate, formatTime, h, number, personLink, STAGE_LABEL, STAGES } from '../dom.js';
import { askTrends, exportButtons, funnelChart, trendChart } from '../charts.js';

// The engine's reports shown below the charts, in this order (docs/analytics.md,
// docs/workflows.md).
const KINDS = ['funnel', 'scorecard', 'sla', 'handoffs', 'calibration', 'other80', 'reasons', 'model'];
// Long lists show this many rows; the CSV holds them all.
const ROWS = 100;

function csvButton(ask, kind, label = 'Download CSV') {
  return h('button', { type: 'button', class: 'secondary', dataset: { csv: kind }, onclick: async () => {
    download(`${kind}.csv`, 'text/csv', await ask(Request.REPORT, { kind, format: 'csv' }));
  } }, label);
}

const percent = (share) => (share === null || share === undefined ? '—' : `${number(share * 100, 1)} %`);
const when = (iso) => (iso ? formatTime(iso) : '—');

// A table: `columns` are [label, className?]; `rows` are arrays of cells (text or nodes).
function table(id, columns, rows, { limit = ROWS } = {}) {
  const shown = rows.slice(0, limit);
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('thead', {}, h('tr', {}, columns.map(([label, cls]) => h('th', { scope: 'col', class: cls }, label)))),
      h('tbody', {}, shown.map((cells) => h('tr', {}, cells.map((cell, i) =>
        h('td', { class: columns[i][1] }, cell instanceof Node ? cell : String(cell ?? ''))))))),
    rows.length > shown.length ? h('p', { class: 'meta' }, `The first ${shown.length} of ${rows.length}; the CSV has them all.`) : null);
}

// Two columns of figures: [label, value].
function figures(id, pairs) {
  return h('table', { id, class: 'figures' }, h('tbody', {}, pairs.filter(Boolean).map(([label, value]) =>
    h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, String(value))))));
}

function funnelCard({ stages, reached, conversion, by_source: bySource }) {
  return [
    table('funnel-table', [['Stage'], ['Now', 'num'], ['Ever reached', 'num']],
      STAGES.filter(([key]) => key !== 'visitor').map(([key, label]) => [label, number(stages[key]), number(reached[key])])),
    table('conversion-table', [['From → to'], ['Conversion', 'num']],
      Object.entries(conversion).map(([step, share]) => [step.split('→').map((s) => STAGE_LABEL[s] ?? s).join(' → '), percent(share)])),
    table('source-table', [['Source'], ['Contacts', 'num'], ['Customers', 'num'], ['Conversion', 'num']],
      Object.entries(bySource).map(([source, s]) => [source, number(s.contacts), number(s.customers), percent(s.conversion)])),
  ];
}

function scorecardCard(r) {
  const speed = r.speed_to_lead_hours ?? {};
  return [
    figures('scorecard-table', [
      ['MQLs a month (target)', `${r.mql_target_per_month ?? '—'}; met in ${r.months_target_met ?? 0} months`],
      ['Handoffs to sales', number(r.handoffs)],
      ['Speed to lead, median / p90', speed.median === undefined ? '—' : `${number(speed.median, 1)} h / ${number(speed.p90, 1)} h`],
      ['Touched / untouched', `${number(speed.touched)} / ${number(speed.untouched)}`],
      ['Accepted', `${number(r.accepted)} (${percent(r.acceptance_rate)})`],
      ['Rejected', `${number(r.rejected)} (${percent(r.rejection_rate)})`],
      ['Reviews upheld / overturned', `${number(r.reviews?.upheld)} / ${number(r.reviews?.overturned)}`],
      ['Gone dark', `${number(r.dark)} (${percent(r.dark_rate)})`],
      ['Deals won / lost', `${number(r.won)} / ${number(r.lost)}`],
      ['Close ratio', percent(r.close_ratio)],
      ['Won revenue', number(r.won_revenue)],
    ]),
    table('mqls-table', [['Month'], ['MQLs', 'num']], Object.entries(r.mqls_per_month ?? {}).map(([month, n]) => [month, number(n)])),
  ];
}

function slaCard({ sales, marketing, breaches }) {
  const first = sales.first_touch ?? {};
  const touches = sales.touches ?? {};
  const unit = { working_hours: 'working hours', touches: 'touches', mqls: 'MQLs' };
  return [
    figures('sla-summary', [
      ['Handoffs', number(sales.handoffs)],
      [`First touch within ${number(first.limit_working_hours)} working hours`, `${number(first.met)} met, ${number(first.breached)} breached, ${number(first.pending)} pending`],
      [`${number(touches.count)} touches within ${number(touches.within_days)} days`, `${number(touches.met)} met, ${number(touches.breached)} breached, ${number(touches.pending)} pending, ${number(touches.waived)} waived`],
      ...(marketing.months ?? []).map((m) => [`MQLs in ${m.month}${m.complete ? '' : ' (so far)'}`,
        `${number(m.mqls)} of ${number(m.target)}${m.complete ? (m.met ? ', met' : ', missed') : ''}`]),
    ]),
    h('h3', {}, `Breaches (${breaches.length})`),
    breaches.length
      ? table('sla-breaches', [['Rule'], ['Lead'], ['Owner'], ['Team'], ['Handoff or month'], ['Required', 'num'], ['Actual', 'num'], ['Over by', 'num']],
        breaches.map((b) => [b.rule.replace('_', ' '), b.contact ? personLink(b.contact, b.name) : 'marketing', b.owner ?? '—', b.team ?? '—',
          b.handoff_at ? formatTime(b.handoff_at) : b.month ?? '', number(b.required, 1), number(b.actual, 1), `${number(b.by, 1)} ${unit[b.unit] ?? b.unit}`]))
      : h('p', { class: 'meta', id: 'sla-breaches' }, 'No breaches.'),
  ];
}

function handoffsCard({ handoffs }) {
  return [table('handoffs-table', [['Lead'], ['Handed off'], ['Owner'], ['Team'], ['Cause'], ['Routed'], ['First touch'], ['Left sales']],
    handoffs.map((x) => [personLink(x.contact, x.name), formatTime(x.at), x.owner ?? '—', x.team ?? '—', x.cause, x.routed ? 'yes' : 'no', when(x.first_touch), when(x.ended)]))];
}

function calibrationCard(r) {
  return [
    h('p', { id: 'recommended-sql-score' }, 'Recommended SQL score: ', h('strong', {}, r.recommended_sql_score === null || r.recommended_sql_score === undefined ? 'none yet' : number(r.recommended_sql_score)),
      ` (goal: ${(r.goal ?? 'close_rate').replace('_', ' ')}, at least ${number(r.min_monthly_volume, 1)} a month). ${number(r.decided)} decided, ${number(r.won)} won; AUC ${number(r.auc, 3)}.`),
    table('calibration-table', [['Score at the outcome'], ['Decided', 'num'], ['Won', 'num'], ['Close rate', 'num']],
      (r.bands ?? []).map((b) => [`${number(b.from)}–${number(b.to)}`, number(b.contacts), number(b.won), percent(b.close_rate)])),
    table('thresholds-table', [['SQL score at or above'], ['People', 'num'], ['A month', 'num'], ['Close rate', 'num'], ['Won revenue', 'num']],
      (r.thresholds ?? []).map((t) => [number(t.sql_score), number(t.contacts), number(t.monthly_volume, 1), percent(t.close_rate), number(t.revenue)])),
  ];
}

function other80Card({ contacts, not_progressed: notProgressed, buckets }) {
  return [
    h('p', { class: 'meta' }, `${number(notProgressed)} of ${number(contacts)} contacts past the visitor stage are not (or no longer) MQL, SQL, opportunity or customer. Why:`),
    table('other80-table', [['Why'], ['Contacts', 'num'], ['Share', 'num']],
      buckets.map((b) => [b.bucket, number(b.contacts), percent(b.share)])),
  ];
}

function reasonsCard(r) {
  const lists = [['rejections', 'Rejections by sales'], ['disqualifications', 'Disqualifications'], ['not_ready', 'Not ready'], ['objections', 'Deal objections']];
  return [h('div', { class: 'grid two' }, lists.map(([key, title]) => h('div', {}, h('h3', {}, title),
    (r[key] ?? []).length ? table(`reasons-${key}`, [['Reason'], ['Count', 'num']], r[key].map((x) => [x.reason, number(x.count)]))
      : h('p', { class: 'meta' }, 'None.'))))];
}

function modelCard(r) {
  if (!r.trained) return [h('p', { class: 'meta' }, `Not trained: ${r.why ?? 'too few outcomes'}.`)];
  return [
    figures('model-figures', [
      ['Decided (training / hold-out)', `${number(r.training)} / ${number(r.holdout)}`],
      ['AUC on the hold-out (training)', `${number(r.auc_holdout, 3)} (${number(r.auc_training, 3)})`],
      ['Accuracy, sensitivity, specificity', `${percent(r.accuracy)}, ${percent(r.sensitivity)}, ${percent(r.specificity)}`],
    ]),
    table('model-features', [['Feature'], ['Weight', 'num']], (r.features ?? []).map((f) => [f.name, number(f.weight, 3)]), { limit: 10 }),
  ];
}

const CARDS = {
  funnel: ['Funnel and conversion', funnelCard],
  scorecard: ['Scorecard', scorecardCard],
  sla: ['Service levels', slaCard],
  handoffs: ['Handoffs', handoffsCard],
  calibration: ['Score calibration', calibrationCard],
  other80: ['The other 80 %', other80Card],
  reasons: ['Reasons', reasonsCard],
  model: ['Predictive model', modelCard],
};

export async function render(root, _params, { ask }) {
  const [stages, trends] = await Promise.all([ask(Request.REPORT, { kind: 'stages' }), askTrends(ask)]);
  const funnel = funnelChart(stages.stages);
  const trend = trendChart(trends.points);
  const reports = await Promise.all(KINDS.map(async (kind) => {
    try {
      return { kind, value: await ask(Request.REPORT, { kind }) };
    } catch (error) {
      return { kind, error: error.message };
    }
  }));

  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Reports'), h('p', { class: 'meta' }, `As of ${formatTime(stages.now)}`)),
    h('div', { class: 'grid two' },
      card('Contacts by stage', funnel, exportButtons(funnel, 'stages'),
        h('table', { id: 'stages-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Stage'), h('th', { scope: 'col' }, 'Contacts'))),
          h('tbody', {}, STAGES.map(([key, label]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, String(stages.stages[key] ?? 0)))))),
        h('div', { class: 'actions' }, csvButton(ask, 'stages'), csvButton(ask, 'contacts', 'Download contacts CSV'))),
      card('Trends', trend, exportButtons(trend, 'trends'),
        h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Month end'), ...['mql', 'sql', 'opportunity', 'customer'].map((k) => h('th', { scope: 'col', class: 'num' }, STAGE_LABEL[k])))),
          h('tbody', {}, trends.points.map((p) => h('tr', {}, h('td', {}, formatDate(p.at)),
            ...['mql', 'sql', 'opportunity', 'customer'].map((k) => h('td', { class: 'num' }, String(p.stages[k] ?? 0))))))))),
    ...reports.map(({ kind, value, error }) => {
      const [title, build] = CARDS[kind];
      const section = value === undefined
        ? card(title, h('p', { class: 'error' }, `The engine could not make this report: ${error}`))
        : card(title, ...build(value), h('div', { class: 'actions' }, csvButton(ask, kind)));
      section.id = `report-${kind}`;
      return section;
    }),
  );
}
