// The engine's JavaScript API: turns the raw Embind module (tandem.mjs) into plain objects,
// parsed reports and thrown Errors with readable messages. It sits beside tandem.mjs and
// tandem.wasm wherever they are served (public/wasm/).
import createTandemModule from './tandem.mjs';

// Loads the module. In the browser the .wasm is fetched next to this file; in Node pass its
// bytes as `wasmBinary` (Node's fetch cannot read a file path).
export async function loadTandem({ wasmBinary, locateFile } = {}) {
  const options = {
    locateFile: locateFile ?? ((path) => new URL(path, import.meta.url).href),
  };
  if (wasmBinary) options.wasmBinary = wasmBinary;
  const module = await createTandemModule(options);
  return new Tandem(module);
}

class Tandem {
  #module;

  constructor(module) {
    this.#module = module;
  }

  // Loads a workspace document. Never throws on bad input: `ok` is false and `errors` say
  // where (JSON pointer) and what; `workspace` is then null.
  openWorkspace(text) {
    requireString(text, 'workspace text');
    return this.#open((session) => session.load(text));
  }

  // Loads a workspace document read in pieces, for a file too large to be one string (a
  // 1M-contact workspace is gigabytes of JSON). `source.next()` returns the next piece as a
  // Uint8Array (null or empty at the end) and `source.rewind()` starts again from the first;
  // see filePieces() for a File or Blob in a worker. An error the source throws is thrown
  // back once the engine has let go of it.
  openWorkspaceFrom(source) {
    if (typeof source?.next !== 'function' || typeof source?.rewind !== 'function')
      throw new TypeError('the source must have next() and rewind()');
    let failed = null;
    const guarded = {
      next() {
        if (failed) return null;
        try {
          const piece = source.next();
          if (piece == null || piece instanceof Uint8Array) return piece;
          throw new TypeError('a piece must be a Uint8Array');
        } catch (error) {
          failed = error;
          return null;
        }
      },
      rewind() {
        if (failed) return;
        try {
          source.rewind();
        } catch (error) {
          failed = error;
        }
      },
    };
    const opened = this.#open((session) => session.loadFrom(guarded));
    if (failed) {
      opened.workspace?.dispose();
      throw failed;
    }
    return opened;
  }

  // Opens the bytes `workspace.snapshot()` gave (a Uint8Array): far faster than a document,
  // and checked as whole. Never throws on bad bytes: `ok` is false and `errors` say why (damaged,
  // not a snapshot, or saved by a newer Tandem); `workspace` is then null.
  openSnapshot(bytes) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('snapshot bytes must be a Uint8Array');
    return this.#open((session) => session.loadSnapshot(bytes));
  }

  // A new session filled by `load(session)`, which returns its problems as JSON: the
  // workspace when they allow, else the problems with the session freed.
  #open(load) {
    const session = new this.#module.Session();
    const problems = parseProblems(load(session));
    if (!problems.ok) {
      session.delete();
      return { ...problems, workspace: null };
    }
    return { ...problems, workspace: new Workspace(session) };
  }

  // The config a new workspace starts with (docs/workflows.md, "The default config"): a fresh
  // object on each call.
  defaultConfig() {
    return JSON.parse(this.#module.defaultConfig());
  }

  // The document of a new, empty workspace with the default config: the same bytes as
  // `tandem init` writes.
  newWorkspace() {
    const outcome = this.#module.newWorkspace();
    if (outcome.ok) return outcome.text;
    const { errors } = parseProblems(outcome.problems);
    throw new Error(`new workspace failed: ${errors.map(describe).join('; ')}`);
  }

  // Every report kind, from the engine's report table: [{ kind, history, options,
  // description }], `options` named as report() takes them.
  reportKinds() {
    return JSON.parse(this.#module.reportKinds()).map(({ kind, history, options, description }) => ({
      kind,
      history,
      options: options.map((name) => optionNames[name]),
      description,
    }));
  }

  // Checks a document against the workspace format; changes nothing.
  validate(text) {
    requireString(text, 'workspace text');
    return parseProblems(this.#module.validate(text));
  }

  // The union of two copies of a workspace: { ok, errors, warnings, document }.
  merge(a, b) {
    requireString(a, 'first workspace text');
    requireString(b, 'second workspace text');
    const outcome = this.#module.merge(a, b);
    return { ...parseProblems(outcome.problems), document: outcome.ok ? outcome.text : null };
  }

  // The column mapping a CSV's header row suggests (docs/analytics.md), to show and edit.
  suggestCsvMapping(csv) {
    requireString(csv, 'CSV text');
    const outcome = this.#module.suggestCsvMapping(csv);
    return { ...parseProblems(outcome.problems), mapping: outcome.ok ? JSON.parse(outcome.text) : null };
  }

  // A workspace document with the CSV's rows added: { ok, errors, warnings, document, added }.
  // Bad rows are problems at /rows/<line>; with skipBadRows they are warnings and left out.
  // `added`: what the engine counted as new (contacts, ops, rows, skipped, and the first
  // contacts and ops), null when refused.
  importCsv(csv, { mapping = null, into = '', skipBadRows = false } = {}) {
    requireString(csv, 'CSV text');
    const mappingText = mapping === null ? '' : JSON.stringify(mapping);
    const outcome = this.#module.importCsv(csv, mappingText, into, skipBadRows);
    return { ...parseProblems(outcome.problems), document: outcome.ok ? outcome.text : null,
      added: outcome.ok ? JSON.parse(outcome.added) : null };
  }
}

class Workspace {
  #session;

  constructor(session) {
    this.#session = session;
  }

  // A report: parsed JSON, or the CSV text with format 'csv'. `now` is an ISO-8601 time;
  // without it, the time of the last operation.
  // Options some reports take (docs/analytics.md): exclude (model), minMonthlyVolume and
  // goal (calibration), contact (crosssell), months (month_ends).
  report(kind, { now = '', format = 'json', ...options } = {}) {
    const text = this.reportText(kind, { now, format, ...options });
    return format === 'json' ? JSON.parse(text) : text;
  }

  // A report as the engine wrote it: the same bytes as `tandem report` prints.
  reportText(kind, { now = '', format = 'json', exclude, minMonthlyVolume, goal, contact,
    months } = {}) {
    const options = {};
    if (exclude) options.exclude = exclude;
    if (minMonthlyVolume !== undefined) options.min_monthly_volume = minMonthlyVolume;
    if (goal) options.goal = goal;
    if (contact) options.contact = contact;
    if (months !== undefined) options.months = months;
    const outcome = Object.keys(options).length
      ? this.#live().reportWith(kind, now, format, JSON.stringify(options))
      : this.#live().report(kind, now, format);
    return this.#text(outcome, `report ${kind}`);
  }

  // The whole history replayed under another config (an object), beside today's; the
  // workspace does not change.
  whatIf(config, { now = '' } = {}) {
    return JSON.parse(this.whatIfText(config, { now }));
  }

  // The what-if as the engine wrote it: the same bytes as `tandem whatif` prints.
  whatIfText(config, { now = '' } = {}) {
    return this.#text(this.#live().whatIf(JSON.stringify(config), now), 'what-if');
  }

  // Why a contact has its score and stage.
  explain(contactId, { now = '' } = {}) {
    return JSON.parse(this.explainText(contactId, { now }));
  }

  explainText(contactId, { now = '' } = {}) {
    return this.#text(this.#live().explain(contactId, now), `explain ${contactId}`);
  }

  // Adds ops to the log: an array of op objects (or its JSON text). Never throws on bad ops:
  // `ok` is false, `errors` point into the array given ("/0/at"), and nothing changed. An op
  // whose id is already in the log with the same content is a no-op.
  append(ops) {
    const text = typeof ops === 'string' ? ops : JSON.stringify(ops);
    requireString(text, 'ops');
    return parseProblems(this.#live().append(text));
  }

  // Replaces the config (an object), checked as a load checks it: what importing the document
  // with that config would give, without writing or reading the document. Never throws on a
  // bad config: `ok` is false, errors point under /config, and nothing changed. Warnings name
  // sales actions the new config leaves without effect.
  setConfig(config) {
    if (config === null || typeof config !== 'object' || Array.isArray(config))
      return { ok: false, errors: [{ pointer: '/config', message: 'must be an object' }], warnings: [] };
    return parseProblems(this.#live().setConfig(JSON.stringify(config)));
  }

  // The config, as the workspace's document holds it.
  config() {
    return JSON.parse(this.#live().config());
  }

  // Some fields of every contact record, as columns: { id: [...], name: [...], ... }, null
  // where a record has none. What a contacts list needs, without exporting the workspace.
  records(fields) {
    if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string'))
      throw new TypeError('records: fields must be an array of field names');
    return JSON.parse(this.#text(this.#live().records(fields), 'records'));
  }

  // One person as a contact view shows them: { record (or null), ops } with the ops of every
  // id joined to them. Throws for an id the workspace does not know.
  person(contactId) {
    requireString(contactId, 'contactId');
    return JSON.parse(this.#text(this.#live().person(contactId), `person ${contactId}`));
  }

  // How many contact records and ops the workspace holds, without exporting it.
  counts() {
    const { contacts, ops } = this.#live().counts();
    return { contacts, ops };
  }

  // The canonical document: exporting what was imported gives the same bytes.
  exportDocument() {
    return this.#text(this.#live().exportDocument(), 'export');
  }

  // The workspace as snapshot bytes (a Uint8Array of its own): what the app stores, opened
  // again with `tandem.openSnapshot(bytes)`. Not an exchange format: export documents for that.
  snapshot() {
    const outcome = this.#live().snapshot();
    this.#text({ ...outcome, text: '' }, 'snapshot');
    return outcome.bytes;
  }

  // Frees the engine's memory for this workspace; the object is unusable afterwards.
  dispose() {
    this.#session?.delete();
    this.#session = null;
  }

  #live() {
    if (!this.#session) throw new Error('this workspace was disposed');
    return this.#session;
  }

  #text(outcome, what) {
    if (outcome.ok) return outcome.text;
    const { errors } = parseProblems(outcome.problems);
    const error = new Error(`${what} failed: ${errors.map(describe).join('; ')}`);
    error.problems = errors;
    throw error;
  }
}

// A File or Blob as pieces for openWorkspaceFrom(), read synchronously: in a worker only
// (FileReaderSync), so the page stays responsive while a large file loads.
export function filePieces(blob, size = 16 * 1024 * 1024) {
  const reader = new FileReaderSync();
  let at = 0;
  return {
    next() {
      if (at >= blob.size) return null;
      const piece = new Uint8Array(reader.readAsArrayBuffer(blob.slice(at, at + size)));
      at += piece.length;
      return piece;
    },
    rewind() {
      at = 0;
    },
  };
}

// The engine's names of report options (ReportOptions' members) as report() takes them.
const optionNames = {
  exclude: 'exclude',
  min_monthly_volume: 'minMonthlyVolume',
  goal: 'goal',
  months: 'months',
  contact: 'contact',
};

function parseProblems(json) {
  const { ok, errors = [], warnings = [] } = JSON.parse(json);
  return { ok, errors, warnings };
}

function describe({ pointer, message }) {
  return pointer ? `${pointer}: ${message}` : message;
}

function requireString(value, what) {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
}
