// The WASM engine and its peers under Node, side by side in one run, printed as JSON:
//   node tests/bench/node-bench.mjs --size 10k [--workspace FILE] [--wasm DIR] [--skip-sqljs]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { engineFigures, time } from './engine-bench.mjs';
import { agree, columns, duckDb, plainJs, sqlJs } from './peers.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const size = arg('--size', '10k');
const file = arg('--workspace', `build/bench/workspace-${size}.json`);
const wasmDir = arg('--wasm', 'build/wasm/wasm');
const log = (text) => console.error(`  ${text}`);

// A file as the engine reads it: pieces of 16 MB, one buffer reused.
function filePieces(name, size = 16 * 1024 * 1024) {
  const fd = fs.openSync(name, 'r');
  const buffer = new Uint8Array(size);
  let at = 0;
  return {
    bytes: fs.fstatSync(fd).size,
    next() {
      const read = fs.readSync(fd, buffer, 0, size, at);
      at += read;
      return read ? buffer.subarray(0, read) : null;
    },
    rewind() {
      at = 0;
    },
  };
}

const out = { size, machine: `${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}` };

// Engine download: what a page fetches, gzipped.
const download = ['tandem.wasm', 'tandem.mjs'].map((f) => fs.readFileSync(path.join(wasmDir, f)));
download.push(fs.readFileSync('wasm/api.js'));
out.download_gzip_bytes = download.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0);

const { default: createTandemModule } = await import(path.resolve(wasmDir, 'tandem.mjs'));
const module = await createTandemModule({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'tandem.wasm')) });
log(`engine (WASM, node) on ${file}`);
const { figures, config } = await engineFigures(module, filePieces(file), { log });
out.engine = figures;

log('peers: building columns');
const data = columns(size, config);
out.peer_ops = data.ops.length;
out.peer_contacts = data.contacts.id.length;
const results = {};
out.peers = {};
results.js = plainJs(data);
out.peers.js_ms = await time(() => plainJs(data));
log(`plain JS ${out.peers.js_ms.toFixed(1)} ms`);

const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const arrow = require('apache-arrow');
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const db = await duckdb.createDuckDB({
  mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
  eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
}, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
await db.instantiate();
const conn = db.connect();
const duck = await duckDb(data, conn, arrow);
results.duckdb = await duck.run();
out.peers.duckdb_ms = await time(() => duck.run());
log(`DuckDB-WASM ${out.peers.duckdb_ms.toFixed(1)} ms`);
conn.close();

if (!args.includes('--skip-sqljs')) {
  const initSqlJs = require('sql.js');
  const lite = await sqlJs(data, initSqlJs);
  results.sqljs = lite.run();
  out.peers.sqljs_ms = await time(() => lite.run(), 3);
  log(`sql.js ${out.peers.sqljs_ms.toFixed(1)} ms`);
  lite.close();
}
out.peers.agree = Object.values(results).every((r) => agree(r, results.js));
out.peers.result = results.js;
if (!out.peers.agree) out.peers.results = results;
console.log(JSON.stringify(out, null, 2));
