// Native and WASM give the same bytes: every fixture's reports, explanations and export
// are compared between the CLI (build/native) and the module the site serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cli, fixture, fixtures, loadEngine, root } from './engine.mjs';

const tandem = await loadEngine();
const scratch = mkdtempSync(join(tmpdir(), 'tandem-parity-'));

function native(...args) {
  return execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

// The CLI ends what it prints with a newline.
function ensureNewline(text) {
  return text.endsWith('\n') ? text : `${text}\n`;
}

const valid = readdirSync(fixtures)
  .filter((name) => name.endsWith('.json'))
  .filter((name) => tandem.validate(fixture(name)).ok);

test('Parity.FixturesExist', () => {
  assert.ok(valid.length >= 10, `only ${valid.length} valid fixtures`);
});

for (const name of valid) {
  test(`Parity.${name}`, () => {
    const { workspace } = tandem.openWorkspace(fixture(name));
    const path = `${fixtures}${name}`;
    for (const kind of ['stages', 'contacts']) {
      for (const format of ['json', 'csv']) {
        const wasm = workspace.reportText(kind, { format });
        assert.equal(ensureNewline(wasm), native('report', kind, path, '--format', format), `${kind} ${format}`);
      }
    }
    for (const row of workspace.report('contacts').contacts) {
      assert.equal(ensureNewline(workspace.explainText(row.id)), native('explain', path, row.id), row.id);
    }
    const exported = join(scratch, name);
    native('export', path, '-o', exported);
    assert.equal(workspace.exportDocument(), readFileSync(exported, 'utf8'), 'export');
    workspace.dispose();
  });
}

// The demo workspace the site ships: thousands of ops through every playbook step.
test('Parity.DemoWorkspace', () => {
  const path = `${root}public/demo/workspace.json`;
  const { workspace } = tandem.openWorkspace(readFileSync(path, 'utf8'));
  for (const kind of ['stages', 'contacts']) {
    assert.equal(ensureNewline(workspace.reportText(kind, { format: 'csv' })),
      native('report', kind, path, '--format', 'csv'), kind);
  }
  const someone = workspace.report('contacts').contacts.find((c) => c.stage === 'customer');
  assert.ok(someone, 'the demo has customers');
  assert.equal(ensureNewline(workspace.explainText(someone.id)), native('explain', path, someone.id));
  workspace.dispose();
});
