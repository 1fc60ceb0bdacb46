// Reports: one shared set for both teams. Each chart downloads as PNG or SVG and each
// report's data as CSV, exactly as the engine (and `tandem report`) writes it.
import { Request } from '../shared/protocol.js';
import { card, download, formatTime, h, STAGES } from '../dom.js';
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
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Month end'), ...['mql', 'sql', 'opportunity', 'customer'].map((k) => h('th', { scope: 'col' }, k)))),
          h('tbody', {}, trends.points.map((p) => h('tr', {}, h('td', {}, p.at.slice(0, 10)),
            ...['mql', 'sql', 'opportunity', 'customer'].map((k) => h('td', { class: 'num' }, String(p.stages[k] ?? 0))))))))),
    ...more.map(({ kind, title, value, error }) => card(title,
      value !== undefined
        ? [h('pre', { class: 'report-json' }, JSON.stringify(value, null, 2).slice(0, 20000)), h('div', { class: 'actions' }, csvButton(ask, kind))]
        : h('p', { class: 'meta' }, `Not in this build of the engine yet (${error}).`))),
  );
}
