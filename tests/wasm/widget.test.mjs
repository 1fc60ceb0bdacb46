// The widget's small module (tandem-widget.wasm) against the app's engine: for every person in
// the scoring fixtures whose history is visitor activity (what the widget records), the
// widget's score, fit, behaviour and contributions equal what `explain` gives, at several
// moments. Bad requests come back as errors, never as a trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { fixture, loadEngine, root } from './engine.mjs';

// The same few lines the widget uses to load its standalone module.
async function loadWidgetModule() {
  let memory;
  const imports = {
    env: { emscripten_notify_memory_growth() {} },
    wasi_snapshot_preview1: {
      proc_exit: () => {
        throw new Error('the widget module exited');
      },
      fd_close: () => 0,
      fd_seek: () => 0,
      fd_write(fd, iovs, count, written) {
        const view = new DataView(memory.buffer);
        let total = 0;
        for (let i = 0; i < count; i++) total += view.getUint32(iovs + i * 8 + 4, true);
        view.setUint32(written, total, true);
        return 0;
      },
    },
  };
  const bytes = readFileSync(`${root}public/widget/tandem-widget.wasm`);
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const exports = instance.exports;
  memory = exports.memory;
  exports._initialize();
  return (request) => {
    const input = new TextEncoder().encode(`${typeof request === 'string' ? request : JSON.stringify(request)}\0`);
    const at = exports.malloc(input.length);
    new Uint8Array(memory.buffer).set(input, at);
    const out = exports.tandem_widget_score(at);
    exports.free(at);
    const heap = new Uint8Array(memory.buffer);
    let end = out;
    while (heap[end] !== 0) end++;
    const text = new TextDecoder().decode(heap.subarray(out, end));
    exports.free(out);
    return JSON.parse(text);
  };
}

const score = await loadWidgetModule();
const tandem = await loadEngine();
const ACTIVITY = new Set([
  'page_view', 'cta_click', 'social_engagement', 'content_download', 'form_submit',
  'webinar_attend', 'email_sent', 'email_open', 'email_click', 'email_bounce', 'unsubscribe',
  'demo_request', 'meeting_booked', 'identify', 'consent',
]);

function byTimeThenId(a, b) {
  const dt = Date.parse(a.at) - Date.parse(b.at);
  if (dt !== 0) return dt;
  const [ra, sa] = a.id.split(':');
  const [rb, sb] = b.id.split(':');
  return ra < rb ? -1 : ra > rb ? 1 : Number(sa) - Number(sb);
}

// Each contact of a document with its own ops and those of the visitors it identified.
function people(doc) {
  const owner = new Map();
  for (const op of doc.ops) if (op.type === 'identify') owner.set(op.props.visitor, op.contact);
  return doc.contacts.map((contact) => ({
    contact,
    ops: doc.ops
      .filter((op) => op.contact === contact.id || owner.get(op.contact) === contact.id)
      .sort(byTimeThenId),
  }));
}

const pick = (list) => list.map(({ rule, op, earned, points_now }) => ({ rule, op, earned, points_now }));

for (const name of ['scenario-caps.json', 'scenario-decay.json', 'scenario-fit.json',
  'scenario-identify.json', 'scenario-thresholds.json', 'scenario-hysteresis.json',
  'scenario-unsubscribe.json', 'scenario-explain.json', 'scenario-scoring-step.json',
  'minimal.json']) {
  test(`WidgetModule.ScoresLikeTheEngine ${name}`, () => {
    const text = fixture(name);
    const doc = JSON.parse(text);
    const opened = tandem.openWorkspace(text);
    assert.equal(opened.ok, true);
    let compared = 0;
    for (const { contact, ops } of people(doc)) {
      if (!ops.length || !ops.every((op) => ACTIVITY.has(op.type))) continue;
      const last = ops.at(-1).at;
      const later = new Date(Date.parse(last) + 45 * 86_400_000).toISOString();
      // A visitor's history joins the contact from the identify op's time on (before it, the
      // engine explains the two apart); the widget scores the joined history.
      const joined = ops.filter((op) => op.type === 'identify').map((op) => Date.parse(op.at));
      const from = Math.max(0, ...joined);
      for (const now of [ops[0].at, last, later].filter((t) => Date.parse(t) >= from)) {
        const why = opened.workspace.explain(contact.id, { now });
        const mine = score({ config: doc.config, contact, ops, now });
        assert.equal(mine.ok, true, JSON.stringify(mine.errors));
        const where = `${name} ${contact.id} at ${now}`;
        assert.equal(mine.score, why.score, where);
        assert.equal(mine.fit, why.fit, where);
        assert.equal(mine.behaviour, why.behaviour, where);
        assert.deepEqual(pick(mine.contributions), pick(why.contributions), where);
        compared++;
      }
    }
    assert.ok(compared > 0, `${name} has a person with visitor activity only`);
    opened.workspace.dispose();
  });
}

test('WidgetModule.BadRequestsAreErrorsNotTraps', () => {
  assert.equal(score('{not json').ok, false);
  const bad = score({ config: { stages: { mql_score: 'high' } }, ops: [], now: '2026-01-01T00:00:00Z' });
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].pointer, '/config/stages/mql_score');
  assert.equal(score({ config: {}, ops: [], now: 'yesterday' }).errors[0].pointer, '/now');
  // Still working afterwards.
  assert.equal(score({ config: {}, ops: [], now: '2026-01-01T00:00:00Z' }).score, 0);
});

test('WidgetModule.DownloadStaysUnder60KBGzip', () => {
  const gzip = (file) => gzipSync(readFileSync(`${root}public/widget/${file}`), { level: 9 }).length;
  const total = gzip('tandem-widget.js') + gzip('tandem-widget.wasm');
  assert.ok(total < 60_000, `the widget is ${total} bytes gzip`);
});
