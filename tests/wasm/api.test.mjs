// The engine's JavaScript API (wasm/api.js) against the built module: results come back as
// plain objects, bad input as problems with pointers, misuse as thrown Errors with messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cli, fixture, loadEngine, root } from './engine.mjs';

const tandem = await loadEngine();

test('Api.OpenWorkspaceGivesStageCounts', () => {
  const opened = tandem.openWorkspace(fixture('minimal.json'));
  assert.equal(opened.ok, true);
  const report = opened.workspace.report('stages');
  assert.equal(report.stages.lead, 1);
  assert.equal(report.now, '2026-01-06T09:00:00Z');
  opened.workspace.dispose();
});

test('Api.CountsAreTheDocumentsRecordsAndOps', () => {
  const text = fixture('scenario-dark.json');
  const { workspace } = tandem.openWorkspace(text);
  const exported = JSON.parse(workspace.exportDocument());
  assert.deepEqual(workspace.counts(), { contacts: exported.contacts.length, ops: exported.ops.length });
  assert.ok(workspace.counts().ops > 0);
  workspace.dispose();
});

test('Api.RecordsAreTheDocumentsContactFieldsAsColumns', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-erase.json'));
  const contacts = JSON.parse(workspace.exportDocument()).contacts;
  const records = workspace.records(['name', 'phone', 'no_such_field']);
  assert.deepEqual(records.id, ['c1', 'c3']);  // c2 was erased
  assert.deepEqual(records.name, contacts.map((c) => c.name));
  assert.deepEqual(records.phone, [null, null]);  // only the erased c2 had one
  assert.deepEqual(records.no_such_field, [null, null]);
  assert.throws(() => workspace.records('name'), /array of field names/);
  workspace.dispose();
});

test('Api.PersonIsTheRecordAndTheOpsOfEveryJoinedId', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-identify.json'));
  const person = workspace.person('c1');
  assert.equal(person.record.id, 'c1');
  assert.deepEqual(person.ops.map((op) => op.id),
    ['web-1:1', 'web-1:2', 'web-1:7', 'web-1:8', 'web-1:9', 'web-1:10']);
  assert.deepEqual(person.ops[0], JSON.parse(workspace.exportDocument()).ops.find((op) => op.id === 'web-1:1'));
  assert.throws(() => workspace.person('nobody'), /nobody/);
  workspace.dispose();
});

test('Api.InvalidWorkspaceNamesEveryProblemByPointer', () => {
  const opened = tandem.openWorkspace(fixture('invalid-workspace.json'));
  assert.equal(opened.ok, false);
  assert.equal(opened.workspace, null);
  const pointers = opened.errors.map((e) => e.pointer);
  for (const pointer of ['/config/stages/mql_score', '/ops/1/at', '/ops/3/props/outcome']) {
    assert.ok(pointers.includes(pointer), `${pointer} in ${pointers.join(', ')}`);
  }
});

test('Api.NotJsonIsAProblemNotACrash', () => {
  const checked = tandem.validate('{"format": "tandem.workspace", "version": 1, "ops": [');
  assert.equal(checked.ok, false);
  assert.ok(checked.errors[0].message.length > 0);
  // The module still works afterwards.
  assert.equal(tandem.validate(fixture('minimal.json')).ok, true);
});

test('Api.NewerVersionIsRefusedWithAMessage', () => {
  const doc = JSON.parse(fixture('minimal.json'));
  doc.version = 99;
  const checked = tandem.validate(JSON.stringify(doc));
  assert.equal(checked.ok, false);
  assert.match(checked.errors.map((e) => e.message).join(' '), /newer|version/i);
});

test('Api.ExportImportExportIsByteIdentical', () => {
  const first = tandem.openWorkspace(fixture('scenario-deals.json')).workspace;
  const exported = first.exportDocument();
  const second = tandem.openWorkspace(exported).workspace;
  assert.equal(second.exportDocument(), exported);
  first.dispose();
  second.dispose();
});

test('Api.SetConfigGivesWhatTheDocumentWithThatConfigGives', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-deals.json'));
  const config = structuredClone(workspace.config());
  config.stages = { ...config.stages, mql_score: 5, sql_score: 6 };
  const document = JSON.parse(workspace.exportDocument());
  document.config = config;
  const expected = tandem.openWorkspace(JSON.stringify(document));

  const set = workspace.setConfig(config);
  assert.deepEqual(set, { ok: true, errors: [], warnings: expected.warnings });
  assert.deepEqual(workspace.config(), config);
  assert.equal(workspace.exportDocument(), expected.workspace.exportDocument());
  assert.deepEqual(workspace.report('stages'), expected.workspace.report('stages'));
  workspace.dispose();
  expected.workspace.dispose();
});

test('Api.ABadConfigIsProblemsAndChangesNothing', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-deals.json'));
  const before = workspace.exportDocument();
  for (const bad of [{ stages: { mql_score: 'high' } }, [1], null, 'mql']) {
    const set = workspace.setConfig(bad);
    assert.equal(set.ok, false, JSON.stringify(bad));
    assert.match(set.errors[0].pointer, /^\/config/);
    assert.equal(workspace.exportDocument(), before);
  }
  workspace.dispose();
});

test('Api.ExplainListsEveryContribution', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  const why = workspace.explain('c1');
  assert.equal(why.contact, 'c1');
  assert.deepEqual(why.contributions.map((c) => c.rule), ['pricing', 'download']);
  assert.deepEqual(why.fit_rules.map((f) => f.rule), ['icp-industry']);
  assert.equal(why.score, why.fit + why.behaviour);
});

test('Api.UnknownReportThrowsAnErrorThatSaysWhich', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  assert.throws(() => workspace.report('nonsense'), /nonsense/);
  assert.throws(() => workspace.explain('nobody'), /nobody/);
});

// The report table: every kind with whether it needs history, the options report() takes for
// it and a line on what it shows; tandem.d.ts's ReportKind lists the same kinds.
test('Api.ReportKindsAreTheEnginesTableAndTheTypes', () => {
  const kinds = tandem.reportKinds();
  assert.ok(kinds.length >= 17);
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  for (const { kind, history, options, description } of kinds) {
    assert.equal(typeof history, 'boolean', kind);
    assert.ok(description.length > 10, kind);
    for (const option of options) assert.ok(['exclude', 'minMonthlyVolume', 'goal', 'contact', 'months'].includes(option), option);
    assert.equal(typeof workspace.reportText(kind), 'string', kind);
  }
  workspace.dispose();
  assert.deepEqual(kinds.find((k) => k.kind === 'crosssell').options, ['contact']);
  assert.deepEqual(kinds.find((k) => k.kind === 'calibration').options, ['minMonthlyVolume', 'goal']);
  const types = readFileSync(`${root}wasm/tandem.d.ts`, 'utf8');
  const union = types.match(/export type ReportKind =([^;]*);/)[1];
  assert.deepEqual([...union.matchAll(/'([^']+)'/g)].map((m) => m[1]), kinds.map((k) => k.kind));
});

test('Api.DisposedWorkspaceRefusesWork', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  workspace.dispose();
  assert.throws(() => workspace.report('stages'), /disposed/);
});

// Two copies that diverged from one shared start: each has ops and a contact the other lacks.
test('Api.MergeIsTheSameEitherWay', () => {
  const start = JSON.parse(fixture('scenario-merge.json'));
  const shared = ['web-1:1', 'web-1:2', 'web-1:3'];
  const copy = (contacts, ops) => JSON.stringify({ ...start, contacts: [...start.contacts, ...contacts],
    ops: [...start.ops.filter((op) => shared.includes(op.id)), ...ops] });
  const a = copy([{ id: 'c4', email: 'ana@laptop-a.example', name: 'Ana Only-A', created: '2026-03-09T09:00:00Z' }], [
    ...start.ops.filter((op) => !shared.includes(op.id)),
    { id: 'laptop-a:1', at: '2026-03-09T10:00:00Z', actor: 'system', type: 'content_download', contact: 'c4',
      props: { content: 'scoring-guide' } },
  ]);
  const b = copy([{ id: 'c5', email: 'ben@laptop-b.example', name: 'Ben Only-B', created: '2026-03-10T09:00:00Z' }], [
    { id: 'laptop-b:1', at: '2026-03-10T10:00:00Z', actor: 'system', type: 'page_view', contact: 'c5',
      props: { path: '/pricing' } },
    { id: 'laptop-b:2', at: '2026-03-05T10:00:00Z', actor: 'system', type: 'page_view', contact: 'c3',
      props: { path: '/pricing' } },
  ]);
  const [docA, docB] = [JSON.parse(a), JSON.parse(b)];
  const ids = (list) => list.map((item) => item.id);
  // Truly diverged: each side has ops and contacts the other lacks, and some they share.
  assert.ok(ids(docA.ops).some((id) => !ids(docB.ops).includes(id)));
  assert.ok(ids(docB.ops).some((id) => !ids(docA.ops).includes(id)));
  assert.ok(ids(docA.ops).some((id) => ids(docB.ops).includes(id)));

  const ab = tandem.merge(a, b);
  const ba = tandem.merge(b, a);
  assert.equal(ab.ok, true, JSON.stringify(ab.errors));
  assert.equal(ba.ok, true, JSON.stringify(ba.errors));
  assert.equal(ab.document, ba.document);

  // Both sides' ops, each exactly once and as it was written; both sides' contacts, once each.
  const merged = JSON.parse(ab.document);
  const union = [...new Set([...ids(docA.ops), ...ids(docB.ops)])].sort();
  assert.deepEqual([...ids(merged.ops)].sort(), union);
  const byId = new Map([...docA.ops, ...docB.ops].map((op) => [op.id, op]));
  for (const op of merged.ops) assert.deepEqual(op, byId.get(op.id), op.id);
  assert.deepEqual([...ids(merged.contacts)].sort(), ['c1', 'c2', 'c3', 'c4', 'c5']);
});

test('Api.NonStringInputIsATypeError', () => {
  assert.throws(() => tandem.openWorkspace({}), TypeError);
});

// A document as pieces of `size` bytes, each copied into one reused buffer, as a reader of a
// file too large for one string hands them over.
function pieces(text, size) {
  const bytes = new TextEncoder().encode(text);
  const buffer = new Uint8Array(size);
  let at = 0;
  const source = {
    handed: 0,
    next() {
      if (at >= bytes.length) return null;
      const piece = buffer.subarray(0, Math.min(size, bytes.length - at));
      piece.set(bytes.subarray(at, at + piece.length));
      at += piece.length;
      source.handed += 1;
      return piece;
    },
    rewind() {
      at = 0;
    },
  };
  return source;
}

test('Api.AWorkspaceReadInPiecesIsTheSameAsReadWhole', () => {
  for (const name of ['minimal.json', 'scenario-merge.json', 'x-education-setup.json']) {
    const text = fixture(name);
    const whole = tandem.openWorkspace(text);
    for (const size of [1, 13, 4096]) {
      const read = tandem.openWorkspaceFrom(pieces(text, size));
      assert.equal(read.ok, true, `${name} in pieces of ${size}`);
      assert.equal(read.workspace.exportDocument(), whole.workspace.exportDocument());
      assert.deepEqual(read.workspace.report('stages'), whole.workspace.report('stages'));
      read.workspace.dispose();
    }
    whole.workspace.dispose();
  }
});

test('Api.InPiecesABadDocumentIsProblemsAsWhole', () => {
  const text = fixture('invalid-workspace.json');
  const whole = tandem.openWorkspace(text);
  const read = tandem.openWorkspaceFrom(pieces(text, 7));
  assert.equal(read.ok, false);
  assert.equal(read.workspace, null);
  assert.deepEqual(read.errors, whole.errors);
  const bad = '{"format": "tandem.workspace",\n "version": 1,,}';
  const broken = tandem.openWorkspaceFrom(pieces(bad, 3));
  assert.equal(broken.ok, false);
  assert.match(broken.errors[0].message, /line 2, column 15/);
  assert.deepEqual(broken.errors, tandem.openWorkspace(bad).errors);
});

test('Api.InPiecesTheSourcesOwnErrorIsThrown', () => {
  const text = fixture('minimal.json');
  const source = pieces(text, 16);
  const next = source.next;
  source.next = () => {
    if (source.handed === 3) throw new Error('the disk went away');
    return next();
  };
  assert.throws(() => tandem.openWorkspaceFrom(source), /the disk went away/);
  assert.throws(() => tandem.openWorkspaceFrom({ next: () => 'text', rewind() {} }),
    /a piece must be a Uint8Array/);
  assert.throws(() => tandem.openWorkspaceFrom({ next: () => null,
    rewind() { throw new Error('cannot seek'); } }), /cannot seek/);
  assert.throws(() => tandem.openWorkspaceFrom('text'), TypeError);
});

test('Api.NewWorkspaceIsTheCliInitDocumentAndOpensEmpty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-init-'));
  execFileSync(cli, ['init', '-o', join(dir, 'new.json')]);
  const text = tandem.newWorkspace();
  assert.equal(text, readFileSync(join(dir, 'new.json'), 'utf8'));
  rmSync(dir, { recursive: true });
  const { ok, workspace } = tandem.openWorkspace(text);
  assert.equal(ok, true);
  assert.deepEqual(workspace.counts(), { contacts: 0, ops: 0 });
  assert.deepEqual(workspace.config(), JSON.parse(text).config);
  workspace.dispose();
});

test('Api.DefaultConfigIsTheNewWorkspacesConfig', () => {
  const config = tandem.defaultConfig();
  assert.deepEqual(config, JSON.parse(tandem.newWorkspace()).config);
  assert.ok(config.workflows.length > 0, 'the playbook comes with workflows');
  config.stages.mql_score = 1;
  assert.notEqual(tandem.defaultConfig().stages.mql_score, 1, 'each call gives a fresh object');
});

// What the app shows without computing it: the trends' month ends, a person's name, and what a
// CSV import adds, each the engine's.
test('Api.MonthEndsTakeTheMonthsOption', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  assert.deepEqual(workspace.report('month_ends', { months: 2 }).month_ends,
    ['2025-12-31T23:59:59Z', '2026-01-06T09:00:00Z']);
  assert.equal(workspace.report('month_ends').month_ends.length, 6);
  workspace.dispose();
});

test('Api.PersonAndContactsCarryTheNameListsShow', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  assert.equal(workspace.person('c1').name, 'Ana Diaz');
  assert.equal(workspace.report('contacts').contacts[0].name, 'Ana Diaz');
  workspace.dispose();
});

test('Api.ImportCsvCountsWhatItAdds', () => {
  const csv = 'First Name,Last Name,Email\nBo,Lind,bo@example.com\nCy,,not-an-email\n';
  const imported = tandem.importCsv(csv, { into: fixture('minimal.json'), skipBadRows: true });
  assert.equal(imported.ok, true);
  assert.equal(imported.added.contacts, 1);
  assert.equal(imported.added.skipped, 1);
  assert.equal(imported.added.rows, 1);
  assert.equal(imported.added.first_contacts[0].email, 'bo@example.com');
  assert.equal(imported.added.ops, JSON.parse(imported.document).ops.length - 2);
  const refused = tandem.importCsv(csv, { into: fixture('minimal.json') });
  assert.equal(refused.ok, false);
  assert.equal(refused.added, null);
  const { workspace } = tandem.openWorkspace(imported.document);
  const bo = workspace.report('contacts').contacts.find((c) => c.id !== 'c1');
  assert.equal(bo.name, 'Bo Lind');
  workspace.dispose();
});
