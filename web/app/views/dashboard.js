// Dashboard: the funnel, a count per stage, and how the stages grew month by month.
import { Request } from '../../shared/protocol.js';
import { card, formatTime, h, number, SIDE_STAGES, STAGE_LABEL, STAGES } from '../dom.js';
import { askTrends, exportButtons, funnelChart, trendChart } from '../charts.js';

export async function render(root, _params, { ask }) {
  const [summary, report] = await Promise.all([ask(Request.SUMMARY), ask(Request.REPORT, { kind: 'stages' })]);
  const counts = report.stages;
  const funnel = funnelChart(counts);
  funnel.id = 'funnel-chart';
  // Every figure here is the engine's stages report: the header's total is the sum of the stage
  // cards, as the contacts list counts its rows (visitors included).
  const empty = report.contacts === 0 && report.ops === 0;
  // The trends replay the history once per month end (a second at 100k contacts): the view is
  // drawn without them, and the chart takes its place when it comes.
  const trend = h('div', { id: 'trends', dataset: { ready: 'false' } },
    h('p', { class: 'meta' }, 'Counting the stages at each month end…'));
  if (!empty) {
    askTrends(ask).then((trends) => {
      const chart = trendChart(trends.points);
      trend.replaceChildren(chart, exportButtons(chart, 'trends'));
    }, (error) => {
      trend.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not count the trends: ${error.message}`));
    }).finally(() => { trend.dataset.ready = 'true'; });
  }

  // How many of those who reached a stage went on to the next: the engine's funnel report, asked
  // once the view is drawn (the answers kept for a quick start do not include it).
  const conversion = h('ul', { id: 'conversion', class: 'plain', dataset: { ready: 'false' } });
  if (!empty) {
    ask(Request.REPORT, { kind: 'funnel' }).then((funnelReport) => {
      conversion.replaceChildren(...Object.entries(funnelReport.conversion).map(([step, rate]) => {
        const [from, to] = step.split('→');
        return h('li', { dataset: { step } }, `${STAGE_LABEL[from] ?? from} → ${STAGE_LABEL[to] ?? to}: `,
          h('strong', {}, `${Math.round(rate * 100)}%`));
      }));
    }, (error) => {
      conversion.replaceChildren(h('li', { class: 'error', role: 'alert' }, `Could not count the conversion: ${error.message}`));
    }).finally(() => { conversion.dataset.ready = 'true'; });
  }

  root.append(...[
    h('div', { class: 'view-head' },
      h('h2', {}, summary.name),
      h('p', { class: 'meta', id: 'dashboard-totals' },
        h('span', { id: 'dashboard-contacts' }, `${number(report.contacts)} contacts`), ' · ',
        h('span', { id: 'dashboard-ops' }, `${number(report.ops)} operations`), ' · ',
        empty ? 'no activity yet' : 'as of ', empty ? null : h('time', { datetime: report.now, id: 'as-of' }, formatTime(report.now)))),
    h('ol', { id: 'funnel', class: 'stage-cards', dataset: { ready: 'true' }, 'aria-label': 'Contacts per stage' },
      STAGES.map(([key, label]) => h('li', { class: SIDE_STAGES.has(key) ? 'stage-card side' : 'stage-card', dataset: { stage: key } },
        h('a', { href: `#/contacts/${key}` },
          h('span', { class: 'stage-name' }, label),
          h('span', { class: 'stage-count' }, String(counts[key] ?? 0)))))),
    empty ? card('An empty workspace', h('p', {}, 'Nothing here yet. ',
      h('a', { href: '#/import' }, 'Import contacts from a CSV or a workspace file'), ', then ',
      h('a', { href: '#/setup' }, 'set up scoring'), '.')) : null,
    empty ? null : h('div', { class: 'grid two' },
      card('Funnel', funnel, exportButtons(funnel, 'funnel')),
      card('Trends', trend,
        h('h3', {}, 'Reached the next stage (of those that got this far)'),
        conversion)),
  ].filter(Boolean));
}
