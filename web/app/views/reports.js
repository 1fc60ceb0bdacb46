// Reports: one shared set for both teams. Each chart downloads as PNG or SVG and each
// report's data as CSV, exactly as the engine (and `tandem report`) writes it.
import { Request } from '../shared/protocol.js';
import { card, download, formatTime, h, STAGE_LABEL, STAGES } from '../dom.js';
import { exportButtons, funnelChart, trendChart } from '../charts.js';

// Reports other parts of the engine provide as they land; shown when the engine knows them.
const MORE = [['funnel', 'Funnel and conversion'], ['sla', 'Service levels'], ['handoffs', 'Handoffs'],
  ['calibration', 'Score calibration'], ['model', 'Predictive model']];

function csvButton(ask, kind, label = 'Download CSV') {
  return h('button', { type: 'button', class: 'secondary', dataset: { csv: kind }, onclick: async () => {
    download(`${kind}.csv`, 'text/csv', await ask(Request.REPORT, { kind, format: 'csv' }));
  } }, label);
}

export async function render(root, _params, { ask }) {
  const [stages, trends] = await Promise.all([ask(Request.REPORT, { kind: 'stages' }), ask(Request.TRENDS, { months: 6 })]);
  const funnel = funnelChart(stages.stages);
  const trend = trendChart(trends.points);
  const more = await Promise.all(MORE.map(async ([kind, title]) => {
    try {
      return { kind, title, value: await ask(Request.REPORT, { kind }) };
    } catch (error) {
      return { kind, title, error: error.message };
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
          h('tbody', {}, trends.points.map((p) => h('tr', {}, h('td', {}, p.at.slice(0, 10)),
            ...['mql', 'sql', 'opportunity', 'customer'].map((k) => h('td', { class: 'num' }, String(p.stages[k] ?? 0))))))))),
    ...more.filter((m) => m.value !== undefined).map(({ kind, title, value }) => card(title,
      h('pre', { class: 'report-json' }, JSON.stringify(value, null, 2).slice(0, 20000)), h('div', { class: 'actions' }, csvButton(ask, kind)))),
  );
  const missing = more.filter((m) => m.value === undefined);
  if (missing.length) {
    root.append(card('Coming with the engine', h('p', { class: 'meta' },
      `These reports appear here once the engine provides them: ${missing.map((m) => m.title.toLowerCase()).join(', ')}.`)));
  }
}
