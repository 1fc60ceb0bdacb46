// The page: asks the engine worker for the demo workspace's stage counts and shows them as a
// funnel. It never runs the engine: everything goes through messages (shared/protocol.js).
import { Reply, Request, isCurrent, message } from './shared/protocol.js';

// The lifecycle in order, then the side stages; labels for people, keys from the engine.
const STAGES = [
  ['visitor', 'Visitors'],
  ['lead', 'Leads'],
  ['mql', 'Marketing qualified'],
  ['sql', 'Sales qualified'],
  ['opportunity', 'Opportunities'],
  ['customer', 'Customers'],
  ['nurture', 'Nurture'],
  ['disqualified', 'Disqualified'],
];
const SIDE_STAGES = new Set(['nurture', 'disqualified']);

const worker = new Worker(new URL('./worker/engine-worker.js', import.meta.url), {
  type: 'module',
});
const pending = new Map();
let nextId = 1;

function ask(type, fields = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage(message(type, { id, ...fields }));
  });
}

worker.addEventListener('message', ({ data }) => {
  if (!isCurrent(data)) return;
  if (data.type === Reply.STATUS) {
    onStatus(data);
  } else if (data.type === Reply.RESULT && pending.has(data.id)) {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) resolve(data.value);
    else reject(new Error(data.error));
  }
});
worker.addEventListener('error', (event) => showStatus(`The engine failed: ${event.message}`));

function onStatus({ state, error }) {
  if (state === 'loading') showStatus('Loading the engine and the demo workspace…');
  else if (state === 'failed') showStatus(`Could not open the demo workspace: ${error}`);
  else if (state === 'ready') showDashboard().catch((e) => showStatus(e.message));
}

function showStatus(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.hidden = false;
}

async function showDashboard() {
  const [report, summary] = await Promise.all([
    ask(Request.REPORT, { kind: 'stages' }),
    ask(Request.SUMMARY),
  ]);
  document.getElementById('contact-count').textContent = summary.contacts.toLocaleString('en');
  document.getElementById('as-of').textContent = formatTime(report.now);
  document.getElementById('as-of').dateTime = report.now;
  renderFunnel(report.stages);
  document.getElementById('status').hidden = true;
  document.getElementById('dashboard').hidden = false;
}

function renderFunnel(counts) {
  const known = new Map(STAGES);
  const keys = [...STAGES.map(([key]) => key), ...Object.keys(counts).filter((k) => !known.has(k))];
  const largest = Math.max(1, ...Object.values(counts));
  const funnel = document.getElementById('funnel');
  funnel.replaceChildren(
    ...keys.map((key) => stageRow(key, known.get(key) ?? key, counts[key] ?? 0, largest)),
  );
  funnel.dataset.ready = 'true';
}

function stageRow(key, label, count, largest) {
  const row = document.createElement('li');
  row.className = SIDE_STAGES.has(key) ? 'stage side' : 'stage';
  row.dataset.stage = key;

  const name = document.createElement('span');
  name.className = 'stage-name';
  name.textContent = label;

  const track = document.createElement('span');
  track.className = 'stage-track';
  const bar = document.createElement('span');
  bar.className = 'stage-bar';
  bar.style.width = `${(100 * count) / largest}%`;
  track.append(bar);

  const number = document.createElement('span');
  number.className = 'stage-count';
  number.textContent = String(count);

  row.append(name, track, number);
  return row;
}

function formatTime(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }) + ' UTC';
}
