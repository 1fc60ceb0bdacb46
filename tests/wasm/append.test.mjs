// workspace.append(ops): how the app adds what a person does to the log. Bad ops change
// nothing and are named from the first new op; the same op twice applies once.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { fixture, loadEngine } from './engine.mjs';

const tandem = await loadEngine();

const stageOf = (workspace, id) =>
  workspace.report('contacts').contacts.find((row) => row.id === id)?.stage;

test('Append.NewOpsMoveTheContact', () => {
  const { workspace } = tandem.openWorkspace(fixture('scenario-dark.json'));
  assert.equal(stageOf(workspace, 'c2'), 'sql');
  const appended = workspace.append([
    { id: 'app-t:1', at: '2026-04-01T09:00:00Z', actor: 'ana', type: 'accept', contact: 'c2' },
    { id: 'app-t:2', at: '2026-04-02T09:00:00Z', actor: 'ana', type: 'deal_won', contact: 'c2',
      props: { amount: 12000, products: ['Core'] } },
  ]);
  assert.equal(appended.ok, true, JSON.stringify(appended.errors));
  assert.equal(stageOf(workspace, 'c2'), 'customer');
  workspace.dispose();
});

test('Append.SameOpTwiceAppliesOnce', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  const op = { id: 'app-t:1', at: '2026-01-07T09:00:00Z', actor: 'system',
    type: 'content_download', contact: 'c1', props: { content: 'guide' } };
  assert.equal(workspace.append([op]).ok, true);
  const once = workspace.exportDocument();
  assert.equal(workspace.append(JSON.stringify([op])).ok, true);
  assert.equal(workspace.exportDocument(), once);
  assert.equal(JSON.parse(once).ops.length, 3);
  workspace.dispose();
});

test('Append.BadOpChangesNothingAndIsNamedFromTheNewOps', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  const before = workspace.exportDocument();
  const appended = workspace.append([
    { id: 'app-t:1', at: '2026-01-07T09:00:00Z', actor: 'system', type: 'page_view', contact: 'c1',
      props: { path: '/' } },
    { id: 'app-t:2', at: 'yesterday', actor: 'system', type: 'page_view', contact: 'c1' },
  ]);
  assert.equal(appended.ok, false);
  assert.ok(appended.errors.some((e) => e.pointer === '/1/at'), JSON.stringify(appended.errors));
  assert.equal(workspace.exportDocument(), before);
  assert.equal(workspace.append('not json').ok, false);
  workspace.dispose();
});

test('Append.WarnsAboutAnActionTheStageDidNotAllow', () => {
  const { workspace } = tandem.openWorkspace(fixture('minimal.json'));
  const appended = workspace.append([
    { id: 'app-t:1', at: '2026-01-07T09:00:00Z', actor: 'ana', type: 'accept', contact: 'c1' },
  ]);
  assert.equal(appended.ok, true);
  assert.deepEqual(appended.warnings.map((w) => w.pointer), ['/0']);
  workspace.dispose();
});
