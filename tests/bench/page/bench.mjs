// Runs in the benchmark page: the engine's figures, then the peers on the same data, scored by
// the workspace's config.
import { time } from '../engine-bench.mjs';
import { agree, columns, duckDb, plainJs, sqlJs } from '../peers.mjs';

const params = new URLSearchParams(location.search);
const size = params.get('size') ?? '10k';
const out = document.getElementById('out');
const lines = [];
const log = (text) => { lines.push(text); out.textContent = lines.join('\n'); };

// The engine runs in a worker, as in the app; it is ended after, so its heap is given back
// before the peers fill theirs.
function engineInWorker() {
  const worker = new Worker(new URL('./engine-worker.mjs', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.log) return log(data.log);
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve(data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`engine worker: ${event.message}`));
    };
    worker.postMessage({ size });
  });
}

async function run() {
  const result = { size, machine: navigator.userAgent };
  const { figures, config } = await engineInWorker();
  result.engine = figures;
  const data = columns(size, config);
  const results = { js: plainJs(data) };
  result.peers = { js_ms: await time(() => plainJs(data)) };
  log(`plain JS ${result.peers.js_ms.toFixed(1)} ms`);
  if (!params.has('skip-duckdb')) {
    try {
      const duckdb = await import('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs');
      const arrow = await import('apache-arrow');
      const dist = new URL('/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
      const worker = new Worker(`${dist}duckdb-browser-eh.worker.js`);
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      await db.instantiate(`${dist}duckdb-eh.wasm`);
      const conn = await db.connect();
      const duck = await duckDb(data, conn, arrow);
      results.duckdb = await duck.run();
      result.peers.duckdb_ms = await time(() => duck.run());
      log(`DuckDB-WASM ${result.peers.duckdb_ms.toFixed(1)} ms`);
      await conn.close();
      await db.terminate();
    } catch (error) {
      result.peers.duckdb_error = String(error?.message ?? error);
      log(`DuckDB-WASM failed: ${result.peers.duckdb_error}`);
    }
  }
  if (!params.has('skip-sqljs')) {
    const lite = await sqlJs(data, globalThis.initSqlJs, {
      locateFile: (f) => `/node_modules/sql.js/dist/${f.replace('sql-wasm.wasm', 'sql-wasm-browser.wasm')}`,
    });
    results.sqljs = lite.run();
    result.peers.sqljs_ms = await time(() => lite.run(), 3);
    log(`sql.js ${result.peers.sqljs_ms.toFixed(1)} ms`);
    lite.close();
  }
  result.peers.agree = Object.values(results).every((r) => agree(r, results.js));
  return result;
}

run().then(
  (result) => { window.benchResult = result; log(JSON.stringify(result, null, 2)); },
  (error) => { window.benchResult = { error: String(error?.stack ?? error) }; log(window.benchResult.error); });
