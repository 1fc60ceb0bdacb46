// The WASM engine's figures, the same in Node and in a page: import of a workspace file,
// replay (the stages report is a replay plus eight counts), what-if, each report, export,
// and the heap the loaded workspace holds. `module` is the raw Embind module.
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs fn `runs` times (at least once, at most while under ~2 s) and returns the median ms.
export async function time(fn, runs = 5) {
  const times = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    if (performance.now() - started > 2000) break;
  }
  return median(times);
}

// whatIf: the workspace's config; the what-if moves its MQL threshold down by 10.
export async function engineFigures(module, bytes, whatIf, { log = () => {} } = {}) {
  const figures = {};
  const heapBefore = module.HEAP8.length;
  const session = new module.Session();
  let problems;
  figures.load_ms = await time(() => {
    problems = JSON.parse(session.load(bytes));
  }, 1);
  if (!problems.ok) throw new Error(`workspace did not load: ${JSON.stringify(problems.errors[0])}`);
  log(`load ${figures.load_ms.toFixed(0)} ms`);
  // The heap never shrinks: its growth over the load holds the file's bytes copied in too.
  figures.heap_after_load_mb = module.HEAP8.length / 1e6;
  figures.heap_load_growth_mb = (module.HEAP8.length - heapBefore) / 1e6;
  figures.file_mb = bytes.length / 1e6;
  const report = (kind, format = 'json') => {
    const out = session.report(kind, '', format);
    if (!out.ok) throw new Error(out.problems);
    return out.text;
  };
  const stages = JSON.parse(report('stages'));
  figures.contacts = Object.values(stages.stages).reduce((a, b) => a + b, 0);
  figures.heap_mb = module.HEAP8.length / 1e6;
  figures.heap_growth_mb = (module.HEAP8.length - heapBefore) / 1e6;
  figures.replay_ms = await time(() => report('stages'));
  log(`replay ${figures.replay_ms.toFixed(1)} ms`);
  const config = structuredClone(whatIf);
  config.stages.mql_score -= 10;
  figures.what_if_ms = await time(() => {
    const out = session.whatIf(JSON.stringify(config), '');
    if (!out.ok) throw new Error(out.problems);
  });
  figures.report_contacts_json_ms = await time(() => report('contacts'), 3);
  figures.report_contacts_csv_ms = await time(() => report('contacts', 'csv'), 3);
  figures.report_stages_csv_ms = await time(() => report('stages', 'csv'), 3);
  figures.export_ms = await time(() => {
    const out = session.exportDocument();
    if (!out.ok) throw new Error(out.problems);
  }, 1);
  figures.stages = stages.stages;
  session.delete();
  return figures;
}
