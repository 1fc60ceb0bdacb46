// The benchmark page in headless Chromium, printed as JSON:
//   node tests/bench/browser-bench.mjs --size 10k [--skip-sqljs] [--skip-duckdb]
// Serves the work tree on 127.0.0.1 (a free port) for the page's files only.
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const allowed = ['tests/bench/', 'scripts/generate-workspace.mjs', 'build/wasm/wasm/', 'build/bench/',
  'node_modules/'];
const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript',
  '.cjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const args = process.argv.slice(2);
const size = args.includes('--size') ? args[args.indexOf('--size') + 1] : '10k';

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).slice(1);
  const file = resolve(root, path);
  if (!file.startsWith(root + sep) || !allowed.some((a) => path.startsWith(a)) ||
      !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  const type = types[extname(file)] ?? 'application/octet-stream';
  const { size: length } = statSync(file);
  // Ranges, for the engine worker that reads a workspace file in pieces.
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), length - 1);
    res.writeHead(206, { 'content-type': type, 'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${length}` });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': length });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const { port } = server.address();

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--js-flags=--max-old-space-size=8192'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`  page: ${m.text()}`));
  const flags = args.filter((a) => a.startsWith('--skip-')).map((a) => `&${a.slice(2)}`).join('');
  await page.goto(`http://127.0.0.1:${port}/tests/bench/page/index.html?size=${size}${flags}`);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 0, polling: 500 });
  const result = await page.evaluate(() => window.benchResult);
  result.machine = `${await browser.version()} (Chromium)`;
  console.log(JSON.stringify(result, null, 2));
  if (result.error) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
