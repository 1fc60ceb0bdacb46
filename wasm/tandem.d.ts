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

export type ReportKind = 'stages' | 'contacts' | (string & {});

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
  stages: Partial<Record<StageName, number>> & Record<string, number>;
}

/** `report('contacts')`: one row per contact. */
export interface ContactsReport {
  contacts: Array<{
    id: string;
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
}

/** Thrown by Workspace methods when the engine refuses: `problems` says why. */
export interface TandemError extends Error {
  problems: Problem[];
}

export interface Workspace {
  report(kind: 'stages', options?: ReportOptions & { format?: 'json' }): StagesReport;
  report(kind: 'contacts', options?: ReportOptions & { format?: 'json' }): ContactsReport;
  report(kind: ReportKind, options: ReportOptions & { format: 'csv' }): string;
  report(kind: ReportKind, options?: ReportOptions): unknown;
  /** A report with the whole history replayed under another config (as in the document). */
  whatIf(config: object, kind: ReportKind, options?: ReportOptions): unknown;
  /** The report's text exactly as the engine (and `tandem report`) writes it. */
  reportText(kind: ReportKind, options?: ReportOptions): string;
  /** The explanation's JSON text exactly as `tandem explain` prints it. */
  explainText(contactId: string, options?: { now?: string }): string;
  /** Why a contact has its score and stage: every contribution and every stage change. */
  explain(contactId: string, options?: { now?: string }): unknown;
  /** The canonical document: export, import, export gives the same bytes. */
  exportDocument(): string;
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

export interface Tandem {
  openWorkspace(text: string): OpenedWorkspace;
  validate(text: string): Problems;
  merge(a: string, b: string): MergeResult;
}

export interface LoadOptions {
  /** The bytes of tandem.wasm (needed in Node). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find tandem.wasm; defaults to beside api.js. */
  locateFile?: (path: string, prefix: string) => string;
}

export function loadTandem(options?: LoadOptions): Promise<Tandem>;
