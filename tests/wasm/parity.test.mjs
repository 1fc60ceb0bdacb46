// Native and WASM give the same bytes: on every fixture and on the demo workspace, every kind of
// the report table in JSON and CSV (with its options too), explanations, what-if, merge, export
// and snapshot bytes are compared between the CLI (build/native) and the module the site serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cli, fixture, fixtures, loadEngine, root } from './engine.mjs';

const tandem = await loadEngine();
const scratch = mkdtempSync(join(tmpdir(), 'tandem-parity-'));
const kinds = tandem.reportKinds();

// The CLI's run: what it printed on standard output and error, and how it exited.
function native(...args) {
  const run = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// The CLI ends what it prints with a newline.
function ensureNewline(text) {
  return text.endsWith('\n') ? text : `${text}\n`;
}

// Problems as the CLI prints them: errors on standard output, warnings on standard error.
function printed({ errors = [], warnings = [] }) {
  const line = ({ pointer, message }) => `${pointer || '/'}: ${message}\n`;
  return {
    stdout: errors.map(line).join(''),
    stderr: warnings.map((w) => `warning: ${line(w)}`).join(''),
  };
}

// What the API gave (text, or the problems it threw with) against what the CLI printed.
function same(call, run, what) {
  let text;
  try {
    text = call();
  } catch (error) {
    if (!error.problems) throw error;
    assert.notEqual(run.status, 0, `${what}: the CLI succeeded where the API refused`);
    assert.equal(run.stdout, printed({ errors: error.problems }).stdout, what);
    return;
  }
  assert.equal(run.status, 0, `${what}: the CLI failed: ${run.stdout}${run.stderr}`);
  assert.equal(ensureNewline(text), run.stdout, what);
}

// The CLI's flags for the options a kind takes, and the same options for the API.
const optionFlags = {
  exclude: (v) => ['--exclude', v.join(',')],
  minMonthlyVolume: (v) => ['--min-volume', String(v)],
  goal: (v) => ['--goal', v],
  contact: (v) => ['--contact', v],
  months: (v) => ['--months', String(v)],
};

function optionsFor(kind, contact) {
  const values = { exclude: ['source'], minMonthlyVolume: 1, goal: 'revenue', contact, months: 3 };
  return Object.fromEntries(kind.options.map((name) => [name, values[name]]));
}

// `tandem report KIND` prints what `tandem reports` writes: once per kind, on the demo.
function compareSingleReports(workspace, path, label) {
  for (const kind of kinds)
    same(() => workspace.reportText(kind.kind, { format: 'csv' }),
      native('report', kind.kind, path, '--format', 'csv'), `${label}: report ${kind.kind} csv`);
}

// Every kind in both formats, from one CLI run per format (`tandem reports FILE -o DIR`), then
// once more with every option set for the kinds that take them.
function compareReports(workspace, path, label) {
  const contacts = workspace.report('contacts').contacts;
  const customer = contacts.find((c) => c.stage === 'customer') ?? contacts[0];
  const values = { exclude: ['source'], minMonthlyVolume: 1, goal: 'revenue', contact: customer?.id ?? 'nobody',
    months: 3 };
  const withOptions = kinds.filter((kind) => kind.options.length);
  const every = Object.fromEntries(withOptions.flatMap((kind) => kind.options.map((name) => [name, values[name]])));
  const flags = Object.entries(every).flatMap(([name, value]) => optionFlags[name](value));
  for (const [which, extra] of [[kinds, []], [withOptions, flags]]) {
    for (const format of ['json', 'csv']) {
      const dir = mkdtempSync(join(scratch, 'reports-'));
      const run = native('reports', path, '-o', dir, '--format', format, ...extra);
      let refused = '';
      for (const kind of which) {
        const own = extra.length ? optionsFor(kind, every.contact) : {};
        const what = `${label}: ${kind.kind} ${format} ${JSON.stringify(own)}`;
        const file = join(dir, `${kind.kind}.${format}`);
        let text;
        try {
          text = workspace.reportText(kind.kind, { format, ...own });
        } catch (error) {
          if (!error.problems) throw error;
          assert.ok(!existsSync(file), `${what}: the CLI wrote what the API refused`);
          refused += printed({ errors: error.problems }).stdout;
          continue;
        }
        assert.equal(readFileSync(file, 'utf8'), text, what);
      }
      if (which === kinds) assert.equal(run.stdout, refused, `${label}: ${format}: refusals`);
      assert.equal(run.status, refused ? 1 : 0, `${label}: ${format}: ${run.stdout}${run.stderr}`);
    }
  }
}

// Two configs to try: other thresholds (only the stages can move) and other points (scores
// move too), each written where the CLI can read it.
function compareWhatIfs(workspace, path, label) {
  const config = workspace.config();
  const thresholds = structuredClone(config);
  const mql = thresholds.stages?.mql_score ?? 50;
  thresholds.stages = { ...thresholds.stages, mql_score: Math.max(1, mql - 10) };
  const points = structuredClone(config);
  points.scoring = { ...points.scoring };
  points.scoring.behaviour = (points.scoring.behaviour ?? []).map((r) => ({ ...r, points: r.points * 2 }));
  points.scoring.half_life_days = (config.scoring?.half_life_days ?? 30) + 7;
  for (const [name, tried] of [['thresholds', thresholds], ['points', points]]) {
    const file = join(scratch, `${label}.whatif-${name}.json`);
    writeFileSync(file, JSON.stringify(tried));
    same(() => workspace.whatIfText(tried), native('whatif', path, file), `${label}: what-if ${name}`);
  }
}

// The document split in two copies (every contact, alternate ops) merged back together.
function compareMerge(text, label) {
  const document = JSON.parse(text);
  const half = (parity) => JSON.stringify({ ...document, ops: document.ops.filter((_, i) => i % 2 === parity) });
  const a = half(0), b = half(1);
  const aPath = join(scratch, `${label}.a.json`), bPath = join(scratch, `${label}.b.json`);
  const out = join(scratch, `${label}.merged.json`);
  writeFileSync(aPath, a);
  writeFileSync(bPath, b);
  const run = native('merge', aPath, bPath, '-o', out);
  const merged = tandem.merge(a, b);
  assert.equal(run.stdout, printed(merged).stdout, `${label}: merge errors`);
  assert.equal(run.stderr, printed(merged).stderr, `${label}: merge warnings`);
  assert.equal(run.status === 0, merged.ok, `${label}: merge`);
  if (merged.ok) assert.equal(readFileSync(out, 'utf8'), merged.document, `${label}: merged document`);
}

function compareExportAndSnapshot(workspace, path, label) {
  const exported = join(scratch, `${label}.export.json`);
  assert.equal(native('export', path, '-o', exported).status, 0, `${label}: export`);
  assert.equal(workspace.exportDocument(), readFileSync(exported, 'utf8'), `${label}: export`);
  const snapshot = join(scratch, `${label}.snapshot`);
  assert.equal(native('snapshot', path, '-o', snapshot).status, 0, `${label}: snapshot`);
  assert.ok(Buffer.from(workspace.snapshot()).equals(readFileSync(snapshot)), `${label}: snapshot bytes`);
}

function compareAll(path, text, label, explainWho, single = false) {
  const validated = tandem.validate(text);
  const run = native('validate', path);
  assert.deepEqual({ ...printed(validated), ok: validated.ok },
    { stdout: run.stdout, stderr: run.stderr, ok: run.status === 0 }, `${label}: validate`);
  if (!validated.ok) return;
  const { workspace } = tandem.openWorkspace(text);
  try {
    compareReports(workspace, path, label);
    if (single) compareSingleReports(workspace, path, label);
    for (const id of explainWho(workspace))
      same(() => workspace.explainText(id), native('explain', path, id), `${label}: explain ${id}`);
    compareWhatIfs(workspace, path, label);
    compareExportAndSnapshot(workspace, path, label);
    compareMerge(text, label);
  } finally {
    workspace.dispose();
  }
}

function escaped(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('Parity.TheCliKnowsTheReportTable', () => {
  assert.ok(kinds.length >= 17, `only ${kinds.length} kinds`);
  const run = native('reports');
  assert.equal(run.status, 0);
  const jsName = { exclude: 'exclude', min_monthly_volume: 'minMonthlyVolume', goal: 'goal', contact: 'contact',
    months: 'months' };
  const listed = JSON.parse(run.stdout).map((k) => ({ ...k, options: k.options.map((o) => jsName[o]) }));
  assert.deepEqual(listed, kinds);
  // The help lists every kind with its description.
  const help = native('help').stdout;
  for (const { kind, description } of kinds)
    assert.match(help, new RegExp(`^  ${kind} +${escaped(description)}$`, 'm'), kind);
});

const names = readdirSync(fixtures).filter((name) => name.endsWith('.json'));

test('Parity.FixturesExist', () => {
  assert.ok(names.filter((name) => tandem.validate(fixture(name)).ok).length >= 20);
});

for (const name of names) {
  test(`Parity.${name}`, () => {
    compareAll(`${fixtures}${name}`, fixture(name), name,
      (workspace) => workspace.report('contacts').contacts.map((c) => c.id));
  });
}

// The demo workspace the site ships: thousands of ops through every playbook step.
test('Parity.DemoWorkspace', () => {
  const path = `${root}public/demo/workspace.json`;
  compareAll(path, readFileSync(path, 'utf8'), 'demo', (workspace) => {
    const contacts = workspace.report('contacts').contacts;
    const someone = contacts.find((c) => c.stage === 'customer');
    assert.ok(someone, 'the demo has customers');
    return [someone.id, contacts[0].id];
  }, true);
});
