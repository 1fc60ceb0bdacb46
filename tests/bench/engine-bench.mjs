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

// source: the workspace file in pieces, { bytes, next(), rewind() } (Session.loadFrom), so a
// file of gigabytes never has to be one string or one buffer. The what-if moves the
// workspace's MQL threshold down by 10. Returns the figures and the workspace's config (what
// the peers score by).
export async function engineFigures(module, source, { log = () => {} } = {}) {
  const figures = {};
  const heapBefore = module.HEAP8.length;
  const session = new module.Session();
  let problems;
  figures.load_ms = await time(() => {
    problems = JSON.parse(session.loadFrom(source));
  }, 1);
  if (!problems.ok) throw new Error(`workspace did not load: ${JSON.stringify(problems.errors[0])}`);
  log(`load ${figures.load_ms.toFixed(0)} ms`);
  // The heap never shrinks: its growth over the load holds what loading needed at its peak.
  figures.heap_after_load_mb = module.HEAP8.length / 1e6;
  figures.heap_load_growth_mb = (module.HEAP8.length - heapBefore) / 1e6;
  figures.file_mb = source.bytes / 1e6;
  const counts = session.counts();
  figures.ops = counts.ops;
  figures.records = counts.contacts;
  const report = (kind, format = 'json') => {
    const out = session.report(kind, '', format);
    if (!out.ok) throw new Error(out.problems);
    return out.text;
  };
  const stages = JSON.parse(report('stages'));
  figures.contacts = Object.values(stages.stages).reduce((a, b) => a + b, 0);
  figures.heap_mb = module.HEAP8.length / 1e6;
  figures.heap_growth_mb = (module.HEAP8.length - heapBefore) / 1e6;
  // A session keeps its last replay, so each run asks at a new time (a minute apart, every op
  // already happened): each is a whole replay over the kept timeline, as after a rule change.
  const last = Date.parse(stages.now);
  let minutes = 0;
  const later = () => new Date(last + 60000 * ++minutes).toISOString();
  figures.replay_ms = await time(() => {
    const out = session.report('stages', later(), 'json');
    if (!out.ok) throw new Error(out.problems);
  });
  log(`replay ${figures.replay_ms.toFixed(1)} ms`);
  const own = JSON.parse(session.config());
  const config = structuredClone(own);
  config.stages.mql_score -= 10;
  figures.what_if_ms = await time(() => {
    const out = session.whatIf(JSON.stringify(config), '');
    if (!out.ok) throw new Error(out.problems);
  });
  // Saving the setup as the app does: the config swapped in place (its warnings take a replay)
  // and the snapshot the app stores. Each run swaps to the other config; the workspace's own
  // is back at the end.
  let other = false;
  const swap = () => {
    other = !other;
    const set = JSON.parse(session.setConfig(JSON.stringify(other ? config : own)));
    if (!set.ok) throw new Error(`config refused: ${JSON.stringify(set.errors[0])}`);
  };
  figures.save_config_ms = await time(() => {
    swap();
    const snapshot = session.snapshot();
    if (!snapshot.ok) throw new Error(snapshot.problems);
  }, 4);
  if (other) swap();
  const fresh = (kind, format) => () => {
    const out = session.report(kind, later(), format);
    if (!out.ok) throw new Error(out.problems);
  };
  figures.report_contacts_json_ms = await time(fresh('contacts', 'json'), 3);
  figures.report_contacts_csv_ms = await time(fresh('contacts', 'csv'), 3);
  figures.report_stages_csv_ms = await time(fresh('stages', 'csv'), 3);
  // An export is one string, and a JS string holds at most about 512 MB.
  if (source.bytes < 400e6) {
    figures.export_ms = await time(() => {
      const out = session.exportDocument();
      if (!out.ok) throw new Error(out.problems);
    }, 1);
  }
  figures.stages = stages.stages;
  figures.ingest_ops_per_s = ingest(session, JSON.parse(report('contacts')).contacts);
  log(`ingest ${(figures.ingest_ops_per_s / 1e6).toFixed(2)} M ops/s`);
  session.delete();
  return { figures, config: own };
}

// Incremental ingest: page views on known contacts after the log's last op, 1,000 ops a batch
// as the app and a tracker send them (JSON text), into the loaded session. Ops per second.
function ingest(session, contacts, batches = 20) {
  const ids = contacts.filter((c) => !c.id.startsWith('v:')).slice(0, 5000).map((c) => c.id);
  let at = Date.parse('2100-01-01T00:00:00Z');
  let sequence = 0;
  let spent = 0;
  for (let b = 0; b < batches; b++) {
    const batch = [];
    for (let i = 0; i < 1000; i++) {
      at += 1000;
      sequence += 1;
      batch.push({ id: `bench-ingest:${sequence}`, at: new Date(at).toISOString(), actor: 'system',
        type: 'page_view', contact: ids[sequence % ids.length], props: { path: '/pricing' } });
    }
    const text = JSON.stringify(batch);
    const t0 = performance.now();
    const problems = JSON.parse(session.append(text));
    spent += performance.now() - t0;
    if (!problems.ok) throw new Error(`append refused: ${JSON.stringify(problems.errors[0])}`);
  }
  return (batches * 1000) / (spent / 1000);
}
