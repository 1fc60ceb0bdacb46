// Snapshots through the JS API (wasm/api.js): workspace.snapshot() gives bytes that
// tandem.openSnapshot() reads back to the same workspace, and bad bytes are refused with a
// reason, never a throw or a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';

import { fixture, fixtures, loadEngine } from './engine.mjs';

const tandem = await loadEngine();

const documents = readdirSync(fixtures).filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, text: fixture(name) }))
  .filter(({ text }) => tandem.validate(text).ok);

test('Snapshot.EveryFixtureReadsBackToTheSameExportAndReports', () => {
  assert.ok(documents.length >= 20);
  for (const { name, text } of documents) {
    const { workspace } = tandem.openWorkspace(text);
    const bytes = workspace.snapshot();
    assert.ok(bytes instanceof Uint8Array, name);
    assert.equal(bytes.byteOffset, 0, name);
    assert.equal(bytes.buffer.byteLength, bytes.length, name);  // its own buffer, storable as is
    const restored = tandem.openSnapshot(bytes);
    assert.equal(restored.ok, true, `${name}: ${JSON.stringify(restored.errors)}`);
    assert.equal(restored.workspace.exportDocument(), workspace.exportDocument(), name);
    for (const kind of ['stages', 'contacts', 'outbox', 'funnel', 'scorecard'])
      assert.equal(restored.workspace.reportText(kind), workspace.reportText(kind), `${name} ${kind}`);
    assert.deepEqual(restored.workspace.snapshot(), bytes, name);
    workspace.dispose();
    restored.workspace.dispose();
  }
});

test('Snapshot.BytesOutliveTheWorkspaceAndTheHeapGrowing', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-dark.json'));
  const bytes = workspace.snapshot();
  const copy = bytes.slice();
  workspace.dispose();
  // Growing the engine's memory must not move or change bytes already handed out.
  const big = tandem.openWorkspace(fixture('x-education-setup.json'));
  big.workspace?.dispose();
  assert.deepEqual(bytes, copy);
  const restored = tandem.openSnapshot(bytes);
  assert.equal(restored.ok, true);
  restored.workspace.dispose();
});

test('Snapshot.AppendAfterOpeningASnapshot', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  const { workspace: restored } = tandem.openSnapshot(workspace.snapshot());
  const ops = [{ id: 'app-1:1', at: '2026-02-01T10:00:00Z', actor: 'ana', type: 'page_view',
    contact: 'c1', props: { path: '/pricing' } }];
  assert.deepEqual(restored.append(ops), workspace.append(ops));
  assert.equal(restored.exportDocument(), workspace.exportDocument());
  workspace.dispose();
  restored.dispose();
});

test('Snapshot.DamagedTruncatedOrForeignBytesAreRefusedWithAReason', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-erase.json'));
  const bytes = workspace.snapshot();
  workspace.dispose();
  const refused = (input, pattern) => {
    const opened = tandem.openSnapshot(input);
    assert.equal(opened.ok, false);
    assert.equal(opened.workspace, null);
    assert.match(opened.errors[0].message, pattern);
  };
  refused(new Uint8Array(), /not a Tandem workspace snapshot/);
  refused(new TextEncoder().encode(fixture('minimal.json')), /not a Tandem workspace snapshot/);
  for (let length = 8; length < bytes.length; length += 7) refused(bytes.slice(0, length), /damaged/);
  for (let i = 32; i < bytes.length; i += 5) {
    const flipped = bytes.slice();
    flipped[i] ^= 0x20;
    refused(flipped, /damaged/);
  }
  const newer = bytes.slice();
  newer[8] = 9;
  refused(newer, /newer than this Tandem reads/);
  assert.throws(() => tandem.openSnapshot('TANDEMWS'), /must be a Uint8Array/);
  assert.throws(() => tandem.openSnapshot(bytes.buffer), /must be a Uint8Array/);
});
