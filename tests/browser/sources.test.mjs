// The web app's sources resolve as written: every relative import in web/app, web/worker and
// web/shared names a file of the source tree (the worker's engine is wasm/api.js), and
// public/ keeps that layout, so the same path names the same file when served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { root } from './browser.mjs';

const FOLDERS = ['web/app', 'web/worker', 'web/shared'];
// What a source names that scripts/build makes (the demo workspace is fetched, not imported).
const BUILT = new Set(['demo/workspace.json']);

function filesUnder(folder) {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)));
}

const sources = FOLDERS.flatMap(filesUnder);

// The relative paths a module names: imports and exports from, import(), and
// new URL(path, import.meta.url) (a worker's script, a fetched file).
function named(text) {
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'/gm,
    /^\s*import\s*'([^']+)'/gm,
    /\bimport\(\s*'([^']+)'\s*\)/g,
    /new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));
}

test('Sources.EveryRelativeImportInWebNamesAFileOfTheTree', () => {
  assert.ok(sources.includes('web/worker/engine-worker.js'));
  let checked = 0;
  for (const file of sources) {
    for (const path of named(readFileSync(join(root, file), 'utf8'))) {
      assert.ok(path.startsWith('./') || path.startsWith('../'), `${file} names "${path}" relatively`);
      const target = relative(root, join(root, dirname(file), path));
      assert.ok(!target.startsWith('..'), `${file}: "${path}" stays in the tree`);
      assert.ok(existsSync(join(root, target)) || BUILT.has(target), `${file}: "${path}" (${target}) is a file of the tree`);
      ++checked;
    }
  }
  assert.ok(checked > 50, `${checked} paths checked`);
});

test('Sources.TheWorkerReachesTheEngineApiInWasm', () => {
  const names = sources.filter((file) => file.startsWith('web/worker/')).flatMap((file) =>
    named(readFileSync(join(root, file), 'utf8')).map((path) => relative(root, join(root, dirname(file), path))));
  assert.ok(names.includes('wasm/api.js'));
  assert.ok(names.includes('node_modules/idb/build/index.js'));
});

test('Sources.PublicServesWebInTheSameLayout', () => {
  assert.ok(existsSync(join(root, 'public/wasm/api.js')), 'public/ is built (scripts/build)');
  for (const file of sources) {
    const served = join(root, 'public', file);
    assert.ok(existsSync(served), `public/${file} is served`);
    // The build writes its own version into build.js; every other file is copied as it is.
    if (file !== 'web/worker/build.js') assert.equal(readFileSync(served, 'utf8'), readFileSync(join(root, file), 'utf8'), file);
  }
  for (const file of ['wasm/api.js', 'wasm/tandem.d.ts']) {
    assert.equal(readFileSync(join(root, 'public', file), 'utf8'), readFileSync(join(root, file), 'utf8'), file);
  }
  for (const file of ['wasm/tandem.mjs', 'wasm/tandem.wasm', 'node_modules/idb/build/index.js']) {
    assert.ok(existsSync(join(root, 'public', file)), `public/${file} is served`);
  }
  assert.match(readFileSync(join(root, 'public/index.html'), 'utf8'), /src="\.\/web\/app\/main\.js"/);
});
