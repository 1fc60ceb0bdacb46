// Smoke test of the benchmark tools: the generator is deterministic and valid in shape, and
// the three peer implementations agree on 10k contacts. No timings are checked.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'node:test';
import { configOf, engineDefaults, writeWorkspace } from '../../scripts/generate-workspace.mjs';
import { agree, columns, duckDb, plainJs, sqlJs } from './peers.mjs';

const require = createRequire(import.meta.url);
const digest = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const defaults = await engineDefaults();

test('Bench.GeneratorGivesTheSameBytesForTheSameSeed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-gen-'));
  const a = path.join(dir, 'a.json'), b = path.join(dir, 'b.json'), c = path.join(dir, 'c.json');
  const config = configOf('demo', defaults);
  await writeWorkspace(a, 'demo', { seed: 7, config });
  await writeWorkspace(b, 'demo', { seed: 7, config });
  await writeWorkspace(c, 'demo', { seed: 8, config });
  assert.equal(digest(a), digest(b));
  assert.notEqual(digest(a), digest(c));
  const doc = JSON.parse(fs.readFileSync(a, 'utf8'));
  assert.equal(doc.format, 'tandem.workspace');
  assert.equal(new Set(doc.ops.map((o) => o.id)).size, doc.ops.length);
  const types = new Set(doc.ops.map((o) => o.type));
  for (const t of ['page_view', 'identify', 'email_open', 'touch', 'accept', 'deal_won'])
    assert.ok(types.has(t), `the demo has ${t} ops`);
  fs.rmSync(dir, { recursive: true });
});

// One config source: each preset's config is the engine's default with its few differences.
test('Bench.PresetConfigsAreTheEnginesDefaultWithTheirDifferences', () => {
  const demo = configOf('demo', defaults);
  assert.deepEqual(demo, { ...defaults, routing: demo.routing });
  assert.deepEqual(demo.routing.teams, { emea: ['ines', 'jonas'], amer: ['mateo', 'tara'] });
  for (const size of ['10k', '100k', '1m'])
    assert.deepEqual(configOf(size, defaults), { ...demo, workflows: [] });
});

test('Bench.PeersAgreeOnTenThousandContacts', async () => {
  const data = columns('10k', configOf('10k', defaults));
  const js = plainJs(data);
  const lite = await sqlJs(data, require('sql.js'));
  const fromSqlite = lite.run();
  lite.close();
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const db = await duckdb.createDuckDB({
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  const fromDuck = await (await duckDb(data, conn, require('apache-arrow'))).run();
  conn.close();
  assert.ok(agree(js, fromSqlite), JSON.stringify({ js, fromSqlite }));
  assert.ok(agree(js, fromDuck), JSON.stringify({ js, fromDuck }));
  assert.equal(js.counts.lead + js.counts.mql + js.counts.sql, 10_000);
});
