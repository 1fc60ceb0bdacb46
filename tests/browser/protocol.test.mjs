// The page–worker protocol as declared (the JSDoc typedefs in web/shared/protocol.js) and as the
// worker answers it: every request has declared shapes and a handler, and on the demo
// workspace each request's RESULT has exactly the keys its typedef declares.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { launch, root, serve, watchErrors } from './browser.mjs';

const PROTOCOL = join(root, 'web/shared/protocol.js');

// Request.WHAT_IF → 'WhatIf': the stem of its typedefs' names (WhatIfRequest, WhatIfResult).
const stem = (key) => key.toLowerCase().replace(/(^|_)([a-z])/g, (_, _sep, c) => c.toUpperCase());

// The typedefs a source declares: name → { type, properties: [{ name, type, optional }] }.
// Types may hold braces ({ name: string }[]), so each is read to its matching brace.
function declaredShapes(source) {
  const shapes = new Map();
  for (const [, block] of source.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    let current = null;
    const tag = /@(typedef|property)\s*\{/g;
    for (let found = tag.exec(block); found; found = tag.exec(block)) {
      let depth = 1;
      let end = tag.lastIndex;
      for (; depth > 0 && end < block.length; ++end) {
        if (block[end] === '{') ++depth;
        else if (block[end] === '}') --depth;
      }
      const type = block.slice(tag.lastIndex, end - 1).replace(/\s*\n\s*\*\s*/g, ' ').trim();
      const name = block.slice(end).match(/^\s*(\[?[\w.]+\]?)/)[1];
      if (found[1] === 'typedef') {
        current = { type, properties: [] };
        shapes.set(name, current);
      } else if (current) {
        const optional = name.startsWith('[');
        current.properties.push({ name: name.replace(/[[\]]/g, ''), type, optional });
      }
      tag.lastIndex = end;
    }
  }
  return shapes;
}

// What is wrong with `value` as the typedef `name`: keys it has that are not declared, declared
// keys it lacks (unless optional); properties typed as another declared object (or an array
// of them) are checked the same way. A typedef that is not {object} is not checked.
function shapeProblems(value, name, shapes, at = name) {
  let shape = shapes.get(name);
  while (shape && shapes.has(shape.type)) shape = shapes.get(shape.type);
  if (!shape) return [`${at}: no typedef ${name}`];
  if (shape.type !== 'object') return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
  const problems = [];
  const declared = new Map(shape.properties.map((p) => [p.name, p]));
  for (const key of Object.keys(value)) {
    if (!declared.has(key)) problems.push(`${at}: "${key}" is not declared`);
  }
  for (const { name: key, type, optional } of shape.properties) {
    if (!Object.hasOwn(value, key)) {
      if (!optional) problems.push(`${at}: declared "${key}" is missing`);
      continue;
    }
    const [, inner, list] = type.match(/^(\w+)(\[\])?$/) ?? [];
    if (!inner || shapes.get(inner)?.type !== 'object') continue;
    const items = list ? value[key] : [value[key]];
    if (!Array.isArray(items)) problems.push(`${at}.${key}: not an array`);
    else items.forEach((item, i) => problems.push(...shapeProblems(item, inner, shapes, `${at}.${key}${list ? `[${i}]` : ''}`)));
  }
  return problems;
}

const shapes = declaredShapes(readFileSync(PROTOCOL, 'utf8'));

test('Protocol.EveryRequestHasDeclaredShapesAndAHandler', async () => {
  const { Request } = await import(pathToFileURL(PROTOCOL).href);
  // The handlers as served (public/ keeps web/'s layout, with the built engine beside them).
  const { handlers } = await import(pathToFileURL(join(root, 'public/web/worker/requests.js')).href);
  for (const [key, type] of Object.entries(Request)) {
    assert.ok(shapes.has(`${stem(key)}Request`), `${stem(key)}Request is declared for Request.${key}`);
    assert.ok(shapes.has(`${stem(key)}Result`), `${stem(key)}Result is declared for Request.${key}`);
    assert.equal(typeof handlers[type], 'function', `a handler answers Request.${key}`);
  }
  const types = new Set(Object.values(Request));
  for (const type of Object.keys(handlers)) assert.ok(types.has(type), `the handler "${type}" answers a Request`);
  const stems = new Set(Object.keys(Request).map(stem));
  for (const name of shapes.keys()) {
    const [, of] = name.match(/^(\w+)(Request|Result)$/) ?? [];
    if (of) assert.ok(stems.has(of), `${name} is the shape of a Request`);
  }
});

// The check below is worth something only if it can fail.
test('Protocol.TheShapeCheckFindsAnUndeclaredKeyAndAMissingOne', () => {
  const summary = { id: 'ws-1', name: 'Demo', demo: true, contacts: 3, ops: 9, now: '2026-03-01T00:00:00Z' };
  assert.deepEqual(shapeProblems(summary, 'SummaryResult', shapes), []);
  assert.deepEqual(shapeProblems(summary, 'OpenResult', shapes), []);
  assert.deepEqual(shapeProblems({ ...summary, replica: 'app-1' }, 'SummaryResult', shapes),
    ['SummaryResult: "replica" is not declared']);
  const { now: _now, ...noTime } = summary;
  assert.deepEqual(shapeProblems(noTime, 'SummaryResult', shapes), ['SummaryResult: declared "now" is missing']);
  assert.deepEqual(shapeProblems({ ok: false, errors: [] }, 'WhatIfResult', shapes), []);
  assert.deepEqual(shapeProblems({ workspaces: [{ id: 'ws-1', name: 'x', demo: false, created: '', rev: 1, extra: 1 }],
    current: null }, 'WorkspacesResult', shapes), ['WorkspacesResult.workspaces[0]: "extra" is not declared']);
  assert.deepEqual(shapeProblems({ gone: true }, 'RenameResult', shapes), ['RenameResult: "gone" is not declared']);
});

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch({ serviceWorkers: 'block' });
});

after(async () => {
  await browser?.context.close();
  server?.close();
});

test('Protocol.TheWorkerAnswersEveryRequestWithTheDeclaredKeys', async () => {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForSelector('#view[data-view="dashboard"][data-ready="true"]', { timeout: 30_000 });
  // A worker of its own, as the page's client.js makes one, asked every request in turn.
  const answers = await page.evaluate(async () => {
    const { Reply, Request, message } = await import('/web/shared/protocol.js');
    const worker = new Worker('/web/worker/engine-worker.js', { type: 'module' });
    const pending = new Map();
    worker.addEventListener('message', ({ data }) => {
      if (data.type === Reply.RESULT) pending.get(data.id)?.(data);
    });
    let next = 1;
    const answers = [];
    const run = (key, fields = {}) => new Promise((resolve) => {
      const id = next++;
      pending.set(id, (data) => {
        answers.push({ key, fields: Object.keys(fields), ok: data.ok, error: data.error, value: data.value });
        resolve(data.value);
      });
      worker.postMessage(message(Request[key], { id, ...fields }));
    });
    const summary = await run('SUMMARY');
    await run('WORKSPACES');
    await run('REPORT', { kind: 'stages' });
    await run('REPORT', { kind: 'funnel' });
    await run('TRENDS', { months: 6, point: 0 });
    await run('TRENDS', { months: 3 });
    const table = await run('CONTACTS');
    const contact = table.rows[0][0];
    await run('CONTACT', { contact });
    await run('PIPELINE');
    const config = await run('CONFIG');
    const lower = { ...config, stages: { ...config.stages, mql_score: config.stages.mql_score - 10 } };
    await run('WHAT_IF', { config: lower });
    await run('WHAT_IF', { config: { ...config, stages: 'none' } });
    await run('SAVE_CONFIG', { config: { ...config, stages: 'none' } });
    await run('SAVE_CONFIG', { config });
    await run('SEGMENTS');
    await run('SAVE_SEGMENTS', { segments: [{ name: 'MQLs', filter: { stage: 'mql' } }] });
    await run('EXPORT', { kind: 'contacts' });
    const exported = await run('EXPORT', { kind: 'workspace' });
    const csv = 'email,name\nshape.check@example.com,Shape Check\n';
    const preview = await run('CSV_PREVIEW', { text: csv });
    await run('CSV_PREVIEW', { text: '' });
    await run('IMPORT_CSV', { text: csv, mapping: preview.mapping, skipBadRows: true });
    await run('ACT', { ops: [{ type: 'page_view', contact, props: { path: '/pricing' } }] });
    await run('ERASE', { contact });
    await run('IMPORT_WORKSPACE', { text: exported.text, mode: 'merge' });
    await run('IMPORT_WORKSPACE', { text: '{', mode: 'new' });
    await run('IMPORT_WORKSPACE', { text: exported.text, mode: 'new', name: 'Copy' });
    const created = await run('CREATE', { name: 'Empty', from: 'empty' });
    await run('RENAME', { workspace: created.id, name: 'Renamed' });
    await run('OPEN', { workspace: summary.id });
    await run('DELETE', { workspace: created.id });
    worker.terminate();
    return answers;
  });
  const { Request } = await import(pathToFileURL(PROTOCOL).href);
  assert.deepEqual([...new Set(answers.map((a) => a.key))].sort(), Object.keys(Request).sort(),
    'every request is asked');
  for (const { key, fields, ok, error, value } of answers) {
    assert.equal(ok, true, `${key} (${fields}) answered: ${error}`);
    assert.deepEqual(shapeProblems(value, `${stem(key)}Result`, shapes), [], `${key} (${fields})`);
  }
  // The refused ones are refused, with the engine's problems.
  const refused = answers.filter((a) => a.value?.ok === false);
  assert.deepEqual(refused.map((a) => a.key).sort(),
    ['CSV_PREVIEW', 'IMPORT_WORKSPACE', 'SAVE_CONFIG', 'WHAT_IF']);
  assert.deepEqual(errors, []);
});
