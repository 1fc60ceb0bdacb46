// Types of the engine's JavaScript API (api.js).

/** One thing wrong (or worth a warning) in a document, located by its JSON pointer. */
export interface Problem {
  /** e.g. "/ops/1532/at"; "" for the whole document */
  pointer: string;
  message: string;
}

export interface Problems {
  ok: boolean;
  errors: Problem[];
  warnings: Problem[];
}

/** One operation of the log (FORMAT.md): ids are `<replica>:<sequence>`, unique everywhere. */
export interface Op {
  id: string;
  /** ISO-8601 UTC time */
  at: string;
  actor: string;
  type: string;
  contact: string;
  props?: Record<string, unknown>;
  [more: string]: unknown;
}

/** Every report kind: the engine's report table (`tandem.reportKinds()`), checked by a test. */
export type ReportKind =
  | 'stages'
  | 'contacts'
  | 'deals'
  | 'month_ends'
  | 'outbox'
  | 'handoffs'
  | 'sla'
  | 'funnel'
  | 'cohorts'
  | 'velocity'
  | 'scorecard'
  | 'other80'
  | 'attribution'
  | 'reasons'
  | 'calibration'
  | 'model'
  | 'predictions'
  | 'crosssell';

/** A row of the report table. */
export interface ReportKindInfo {
  kind: ReportKind;
  /** the report reads every person's stage history (a slower replay) */
  history: boolean;
  /** the ReportOptions it reads */
  options: Array<'exclude' | 'minMonthlyVolume' | 'goal' | 'contact' | 'months'>;
  /** one line on what it shows */
  description: string;
}

export type StageName =
  | 'visitor'
  | 'lead'
  | 'mql'
  | 'sql'
  | 'opportunity'
  | 'customer'
  | 'nurture'
  | 'disqualified';

/** `report('stages')`: contact counts per stage at `now`. */
export interface StagesReport {
  now: string;
  /** everyone in the stages, visitors included (the contacts report's rows) */
  contacts: number;
  /** the ops up to `now` */
  ops: number;
  stages: Partial<Record<StageName, number>> & Record<string, number>;
}

/** `report('month_ends')`: the times the dashboard's trends count the stages at. */
export interface MonthEndsReport {
  now: string;
  months: number;
  /** the last second of each month before now's, then `now` */
  month_ends: string[];
}

/** `report('contacts')`: one row per contact. */
export interface ContactsReport {
  contacts: Array<{
    id: string;
    /** as lists name the person: the record's name, else first and last name; "" for none */
    name: string;
    stage: StageName;
    score: number;
    fit: number;
    behaviour: number;
    owner: string | null;
    [more: string]: unknown;
  }>;
}

export interface ReportOptions {
  /** ISO-8601 time; the time of the last operation when left out. */
  now?: string;
  format?: 'json' | 'csv';
  /** model, predictions: fields that leak the outcome (replaces config.model.exclude) */
  exclude?: string[];
  /** calibration: SQLs a month the recommended threshold must give */
  minMonthlyVolume?: number;
  /** calibration: what the recommended threshold maximises */
  goal?: 'close_rate' | 'revenue';
  /** crosssell: the one customer to suggest for */
  contact?: string;
  /** month_ends: how many points (1 to 120; 6 when left out) */
  months?: number;
}

/** `whatIf(config)`: stage counts before and after, and each contact that differs. */
export interface WhatIfResult {
  now: string;
  before: { stages: Record<string, number> };
  after: { stages: Record<string, number> };
  changed: number;
  /** how many of `contacts` changed stage */
  moved: number;
  contacts: Array<{
    id: string;
    name: string;
    /** whether the stage differs (else only the score does) */
    moved: boolean;
    stage_before: StageName;
    stage_after: StageName;
    score_before: number;
    score_after: number;
    score_delta: number;
  }>;
}

export interface CsvImportResult extends Problems {
  /** the workspace document, or null when the import was refused */
  document: string | null;
  /** what the import added, as the engine counts it; null when refused */
  added: {
    contacts: number;
    ops: number;
    /** rows imported, and bad rows left out */
    rows: number;
    skipped: number;
    /** the first five new contact records and ops, as the document writes them */
    first_contacts: Array<Record<string, unknown>>;
    first_ops: Op[];
  } | null;
}

/** Thrown by Workspace methods when the engine refuses: `problems` says why. */
export interface TandemError extends Error {
  problems: Problem[];
}

export interface Workspace {
  report(kind: 'stages', options?: ReportOptions & { format?: 'json' }): StagesReport;
  report(kind: 'contacts', options?: ReportOptions & { format?: 'json' }): ContactsReport;
  report(kind: 'month_ends', options?: ReportOptions & { format?: 'json' }): MonthEndsReport;
  report(kind: ReportKind, options: ReportOptions & { format: 'csv' }): string;
  report(kind: ReportKind, options?: ReportOptions): unknown;
  /** The report's text exactly as the engine (and `tandem report`) writes it. */
  reportText(kind: ReportKind, options?: ReportOptions): string;
  /** The explanation's JSON text exactly as `tandem explain` prints it. */
  explainText(contactId: string, options?: { now?: string }): string;
  /** Why a contact has its score and stage: every contribution and every stage change. */
  explain(contactId: string, options?: { now?: string }): unknown;
  /**
   * Adds ops to the log (an array of ops, or its JSON text). Bad ops change nothing: `ok` is
   * false and each error's pointer counts from the first new op ("/0/at"). An op whose id is
   * already in the log with the same content is a no-op. Warnings name new sales actions that
   * the contact's stage did not allow.
   */
  append(ops: Op[] | string): Problems;
  /** The whole history replayed under another config, beside today's; nothing changes. */
  whatIf(config: object, options?: { now?: string }): WhatIfResult;
  /** The what-if's JSON text exactly as `tandem whatif` prints it. */
  whatIfText(config: object, options?: { now?: string }): string;
  /**
   * Replaces the config, checked as a load checks it: what importing the document with that
   * config gives, without the document. A bad config changes nothing (errors under /config);
   * warnings name sales actions the new config leaves without effect.
   */
  setConfig(config: object): Problems;
  /** The config, as the workspace's document holds it. */
  config(): object;
  counts(): { contacts: number; ops: number };
  records(fields: string[]): { id: string[] } & Record<string, unknown[]>;
  person(contactId: string): {
    record: ({ id: string } & Record<string, unknown>) | null;
    /** as lists name the person (the record's name, else first and last name), "" for none */
    name: string;
    ops: Op[];
  };
  /** The canonical document: export, import, export gives the same bytes. */
  exportDocument(): string;
  /**
   * The workspace as snapshot bytes, a copy of its own: what the app stores, opened again with
   * `tandem.openSnapshot`. Versioned and checksummed; not an exchange format (export for that).
   */
  snapshot(): Uint8Array;
  /** Frees the engine's memory; the workspace is unusable afterwards. */
  dispose(): void;
}

export interface OpenedWorkspace extends Problems {
  /** null when the document has errors */
  workspace: Workspace | null;
}

export interface MergeResult extends Problems {
  /** the merged document, or null when either copy has errors */
  document: string | null;
}

// A document in pieces: next() gives the next one (null or empty at the end); rewind()
// starts again from the first.
export interface Pieces {
  next(): Uint8Array | null;
  rewind(): void;
}

export interface Tandem {
  openWorkspace(text: string): OpenedWorkspace;
  // The same, for a document too large to be one string; throws what the source throws.
  openWorkspaceFrom(source: Pieces): OpenedWorkspace;
  /**
   * A workspace from `workspace.snapshot()` bytes, checked whole. Bad bytes (damaged, not a
   * snapshot, or from a newer Tandem) give `ok: false` with the reason, never a throw.
   */
  openSnapshot(bytes: Uint8Array): OpenedWorkspace;
  /** The config a new workspace starts with (docs/workflows.md): a fresh object each call. */
  defaultConfig(): object;
  /** The document of a new, empty workspace with the default config, as `tandem init` writes it. */
  newWorkspace(): string;
  /** Every report kind, from the engine's report table. */
  reportKinds(): ReportKindInfo[];
  validate(text: string): Problems;
  merge(a: string, b: string): MergeResult;
  /** The column mapping a CSV's header row suggests (docs/analytics.md). */
  suggestCsvMapping(csv: string): Problems & { mapping: object | null };
  /** A workspace document with the CSV's rows added; `into` is a workspace document. */
  importCsv(
    csv: string,
    options?: { mapping?: object | null; into?: string; skipBadRows?: boolean },
  ): CsvImportResult;
}

export interface LoadOptions {
  /** The bytes of tandem.wasm (needed in Node). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find tandem.wasm; defaults to beside api.js. */
  locateFile?: (path: string, prefix: string) => string;
}

export function loadTandem(options?: LoadOptions): Promise<Tandem>;
// A File or Blob as Pieces, read with FileReaderSync (in a worker only).
export function filePieces(blob: Blob, size?: number): Pieces;
