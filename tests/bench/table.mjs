// Turns the benchmark outputs (native Google Benchmark JSON, Node JSON, Chromium JSON and the
// app's figures from app-bench.mjs, the widget's from widget-bench.mjs) into Markdown tables:
//   node tests/bench/table.mjs NATIVE.json NODE.json BROWSER.json [APP.json] [WIDGET.json]
import fs from 'node:fs';
import os from 'node:os';

const read = (file) => (file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
const [native, node, browser, app, widget] = process.argv.slice(2).map(read);

const bench = (name) => native?.benchmarks.find((b) => b.name.split('/')[0] === name || b.name === name);
const ms = (x) => (x == null ? '–' : x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);
const mops = (x) => (x ? `${(x / 1e6).toFixed(2)} M ops/s` : '–');
const rate = (ops, t) => (ops && t ? `${(ops / t / 1000).toFixed(2)} M ops/s` : '–');
const nativeMs = (name) => { const b = bench(name); return b && b.real_time * (b.time_unit === 'ms' ? 1 : 1e-6); };
const ops = bench('Load')?.ops ?? node?.engine?.ops;
const contacts = bench('Load')?.contacts;
const mem = bench('Memory');
const size = node?.size ?? browser?.size ?? '?';
const e = (r, k) => r?.engine?.[k];
// The file is read in 16 MB pieces, so the heap's growth over the load is the engine's own.
const wasmHeap = (r) => (r?.engine ? `heap ${e(r, 'heap_after_load_mb').toFixed(0)} MB after load ` +
  `(${((e(r, 'heap_load_growth_mb') * 1e6) / ops).toFixed(0)} B/op all in, at the load's peak)` : '–');
const exportCell = (r) => (r?.engine && e(r, 'export_ms') == null
  ? 'not run: more than one JS string holds' : ms(e(r, 'export_ms')));

// The app's figures (median of its runs), or why there are none.
function appCell(show) {
  if (!app) return 'not run';
  if (app.error) return `failed: ${app.error.split('\n')[0]}`;
  return show(app);
}

// The widget's long tasks on the host page over its runs, or why there are none.
function widgetCell() {
  if (!widget) return 'not run';
  if (widget.error) return `failed: ${widget.error.split('\n')[0]}`;
  if (!widget.longtask_supported) return 'not measured: this Chromium reports no long tasks';
  return widget.long_tasks ? `${widget.long_tasks} in ${widget.runs} visits, the longest ${ms(widget.longest_task_ms)}`
    : `none in ${widget.runs} visits`;
}

const rows = [
  ['import of a workspace file', '≥ 1M ops/s (WASM)',
    `${ms(nativeMs('Load'))} (${rate(ops, nativeMs('Load'))})`,
    `${ms(e(node, 'load_ms'))} (${rate(ops, e(node, 'load_ms'))})`,
    `${ms(e(browser, 'load_ms'))} (${rate(ops, e(browser, 'load_ms'))})`],
  ['replay / rescore (stages)', '100k/2M < 50 ms; 1M/20M < 1 s (Chromium)',
    ms(nativeMs('FullReplay')), ms(e(node, 'replay_ms')), ms(e(browser, 'replay_ms'))],
  ['what-if: MQL threshold −10, replayed', '< 5 ms on 100k',
    ms(nativeMs('WhatIfThreshold')), ms(e(node, 'what_if_ms')), ms(e(browser, 'what_if_ms'))],
  ['setup saved: config swapped in place, then the snapshot the app stores', '', '',
    ms(e(node, 'save_config_ms')), ms(e(browser, 'save_config_ms'))],
  ['report: stages (replay + counts), CSV', '', ms(nativeMs('Report/stages_json')),
    ms(e(node, 'report_stages_csv_ms')), ms(e(browser, 'report_stages_csv_ms'))],
  ['report: contacts, JSON (with replay in WASM)', '', ms(nativeMs('Report/contacts_json')),
    ms(e(node, 'report_contacts_json_ms')), ms(e(browser, 'report_contacts_json_ms'))],
  ['report: contacts, CSV (with replay in WASM)', '', ms(nativeMs('Report/contacts_csv')),
    ms(e(node, 'report_contacts_csv_ms')), ms(e(browser, 'report_contacts_csv_ms'))],
  ['export of the workspace file', '', ms(nativeMs('Export')), exportCell(node),
    exportCell(browser)],
  ['incremental ingest (in-order append, JSON batches of 1,000)', '≥ 1M ops/s (WASM)',
    bench('Ingest') ? `${(bench('Ingest').ops_per_s / 1e6).toFixed(2)} M ops/s` : '–',
    mops(e(node, 'ingest_ops_per_s')), mops(e(browser, 'ingest_ops_per_s'))],
  ['memory: op log', '≤ 32 B/op', mem ? `${mem.bytes_per_op.toFixed(0)} B/op` : '–',
    wasmHeap(node), wasmHeap(browser)],
  ['memory: the replay timeline (per-person op columns, decay factors)', '',
    mem?.timeline_bytes_per_op ? `${mem.timeline_bytes_per_op.toFixed(0)} B/op` : '–', '', ''],
  ['memory: everything else, per contact', '≤ 256 B/contact',
    mem ? `${mem.bytes_per_contact.toFixed(0)} B/contact` : '–', '', ''],
  ['engine download (wasm + mjs + api.js, gzip -9)', '< 300 KB',
    '', node ? `${(node.download_gzip_bytes / 1024).toFixed(0)} KB` : '–', ''],
  ['IndexedDB save / load of 100k/2M', '< 3 s each', '', '', appCell((a) =>
    `save ${ms(a.save_ms)}, load ${ms(a.load_ms)} (a ${(a.snapshot_mb ?? a.document_mb).toFixed(0)} MB ${a.snapshot_mb === undefined ? 'document' : 'snapshot'})`)],
  ['app interactive with 100k stored', '< 1 s', '', '', appCell((a) =>
    `${ms(a.interactive_ms)} (dashboard drawn ${ms(a.first_view_ms)} from the answers kept, ` +
    `engine ready ${ms(a.worker_ready_ms)}); first start after the import ` +
    `${ms(a.interactive_first_ms ?? a.interactive_ms)}`)],
  ['widget: host-page tasks over 50 ms, a visitor from first page view to talk to sales',
    'none (docs/widget.md)', '', '', widgetCell()],
];

const peerRow = (name, r) => {
  if (!r?.peers) return [name, '–', '–', '–', '–', '–'];
  const p = r.peers, t = e(r, 'replay_ms');
  const ratio = (x) => (x && t ? `${(x / t).toFixed(2)}×` : '–');
  return [name, ms(t), `${ms(p.js_ms)} (${ratio(p.js_ms)})`,
    `${ms(p.duckdb_ms)} (${ratio(p.duckdb_ms)})`, `${ms(p.sqljs_ms)} (${ratio(p.sqljs_ms)})`,
    p.agree ? 'yes' : 'NO'];
};

const table = (head, body) => [
  `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`,
  ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// The app's start-up step by step: the worker's steps timed one by one in a plain page, then
// the app's own start-up as seen from its page (median run).
function appPhases() {
  if (!app?.phases || !app.startup?.length) return '';
  const p = app.phases;
  const [first, ...later] = app.startup;
  const runs = [...later].sort((a, b) => a.interactive_ms - b.interactive_ms);
  const run = runs[Math.floor((runs.length - 1) / 2)] ?? first;
  const both = (f) => [f(first), f(run)];
  const answers = (r) => ['summary', 'report', 'trends'].map((type) => ms(r.dashboard_answers_ms?.[type]))
    .join(', ');
  return `

The app with this workspace stored (Chromium, same run). Its start-up step by step, each step
timed on its own with the app's modules in a plain page:

${table(['step', 'time'], [
    ['engine modules fetched, wasm compiled (loadTandem)', ms(p.modules_ms + p.engine_compile_ms)],
    ['IndexedDB opened, workspace chosen', ms(p.open_store_ms)],
    ['snapshot read (store.read)', ms(p.read_ms)],
    ['engine opens the snapshot bytes (openSnapshot)', ms(p.engine_open_ms)],
    ['dashboard SUMMARY: the engine\'s counts of contacts and ops', ms(p.summary_ms)],
    ['dashboard stages report', ms(p.stages_ms)],
    ['dashboard TRENDS: stages at six month ends', ms(p.trends_ms)],
  ])}

and the app itself, from navigation start, in fresh launches: the first start after the
import, when no answers are kept yet, and the later starts (median of ${later.length}), which
draw the dashboard from the answers the first one kept while the engine opens the workspace:

${table(['milestone', 'first start', 'later starts'], [
    ['page painted (header, nav, "Loading…")', ...both((r) => ms(r.first_paint_ms))],
    ['engine worker running', ...both((r) => ms(r.worker_running_ms))],
    ['dashboard answers in: SUMMARY, stages, TRENDS (first point)', ...both(answers)],
    ['dashboard drawn with its numbers', ...both((r) => ms(r.first_view_ms))],
    ['interactive: a click on "Contacts" handled', ...both((r) => ms(r.interactive_ms))],
    ['worker ready: engine compiled, workspace read and opened', ...both((r) => ms(r.worker_ready_ms))],
    ['contacts list drawn', ...both((r) => ms(r.contacts_view_ms))],
    ['main-thread tasks over 50 ms until interactive', ...both((r) => (r.long_tasks
      ? `${r.long_tasks}, the longest ${ms(r.longest_task_ms)}` : 'none'))],
  ])}`;
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`### Size ${size}: ${contacts ?? '?'} contacts, ${ops ?? '?'} ops

Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()};
node ${process.version}; ${browser?.machine ?? 'Chromium not run'}. Shared machine: compare ratios within one run.

${table(['what', 'bar (SPEC §6)', 'native (g++ -O3)', 'WASM in Node', 'WASM in Chromium'], rows)}

Side by side, same run, same people: score with decay + fit, stage by threshold, stage counts
and top ${10} contacts. Tandem's column is its full replay (caps, hysteresis, sales actions,
identity), a superset of the peers' computation; ratios are peer time / Tandem time.

${table(['where', 'Tandem replay', 'plain JS typed arrays', 'DuckDB-WASM', 'sql.js', 'peers agree'],
    [peerRow('Node', node), peerRow('Chromium', browser)])}${appPhases()}`);
