// The one message protocol between the page (web/app) and the engine worker (web/worker),
// and between the workers of several tabs (BroadcastChannel). Every message is a plain
// object { v: PROTOCOL_VERSION, type, ... }; a receiver ignores a message of another
// version. Change a message's shape, bump the version.
//
// Each request's shapes are declared once, below Request, as JSDoc typedefs named for its
// key: Request.WHAT_IF's fields are `WhatIfRequest` and the value of its RESULT is
// `WhatIfResult`. A property in [brackets] is present only in some answers (a refused import
// has no summary, say). tests/browser/protocol.test.mjs checks the worker against them.
export const PROTOCOL_VERSION = 5;

// page → worker; each request carries an `id` and gets one Reply.RESULT with that id.
export const Request = Object.freeze({
  // The workspaces on this machine, and the one this tab has open.
  WORKSPACES: 'workspaces',
  // Makes a workspace the one this tab shows.
  OPEN: 'open',
  // A new workspace, empty or the demo; it is opened.
  CREATE: 'create',
  RENAME: 'rename',
  // Another workspace, or a new demo, is opened when it was the open one.
  DELETE: 'delete',
  // The open workspace's name and counts.
  SUMMARY: 'summary',
  // One of the engine's reports (docs/analytics.md).
  REPORT: 'report',
  // Stage counts at the end of each month, the oldest first; with `point`, only that one (0
  // is the oldest).
  TRENDS: 'trends',
  // Every contact with stage, score and owner, as a table.
  CONTACTS: 'contacts',
  // One person: their record, why they have their score and stage, and their ops.
  CONTACT: 'contact',
  // Appends ops to the log.
  ACT: 'act',
  // Erases the person (an `erase` op) and stores a new snapshot at once, dropping every
  // stored op about them.
  ERASE: 'erase',
  // The contacts table with each person's last deal.
  PIPELINE: 'pipeline',
  // The workspace's config, as its document holds it.
  CONFIG: 'config',
  // The engine's what-if for another config (nothing is saved): `changed` contacts differ in
  // stage or score, `moved` of them in stage.
  WHAT_IF: 'what-if',
  // Saves the config (validated by the engine first).
  SAVE_CONFIG: 'save-config',
  // A workspace file as a new workspace, or merged into the open one.
  IMPORT_WORKSPACE: 'import-workspace',
  // The engine's CSV mapping (suggested when none is given; docs/analytics.md), and what
  // importing with it would add to the open workspace: counts, the first contacts and ops,
  // and the rows it would skip (`bad`: problems at /rows/<line>, "line N: ...").
  CSV_PREVIEW: 'csv-preview',
  // The engine's CSV import into the open workspace; with skipBadRows false one bad row
  // imports nothing.
  IMPORT_CSV: 'import-csv',
  // The open workspace, or its contacts, as a file.
  EXPORT: 'export',
  // The contact list's saved filters, read and saved.
  SEGMENTS: 'segments',
  SAVE_SEGMENTS: 'save-segments',
});

/**
 * A problem the engine found: where (a JSON pointer) and what.
 * @typedef {object} Problem
 * @property {string} pointer
 * @property {string} message
 */

/**
 * A workspace as the store lists it.
 * @typedef {object} WorkspaceRecord
 * @property {string} id
 * @property {string} name
 * @property {boolean} demo
 * @property {string} created ISO-8601
 * @property {number} rev the revision of its snapshot
 */

/** @typedef {object} WorkspacesRequest */
/**
 * @typedef {object} WorkspacesResult
 * @property {WorkspaceRecord[]} workspaces oldest first
 * @property {string|null} current the open workspace's id
 */

/**
 * @typedef {object} OpenRequest
 * @property {string} workspace its id
 */
/** @typedef {SummaryResult} OpenResult */

/**
 * @typedef {object} CreateRequest
 * @property {string} [name]
 * @property {'empty'|'demo'} from
 */
/** @typedef {SummaryResult} CreateResult */

/**
 * @typedef {object} RenameRequest
 * @property {string} workspace
 * @property {string} name
 */
/** @typedef {object} RenameResult */

/**
 * @typedef {object} DeleteRequest
 * @property {string} workspace
 */
/** @typedef {object} DeleteResult */

/** @typedef {object} SummaryRequest */
/**
 * @typedef {object} SummaryResult
 * @property {string} id
 * @property {string} name
 * @property {boolean} demo
 * @property {number} contacts contact records
 * @property {number} ops
 * @property {string|null} now the time of the last op
 */

/**
 * @typedef {object} ReportRequest
 * @property {string} kind 'stages', 'funnel', 'contacts', 'outbox', ... (docs/analytics.md)
 * @property {string} [now] ISO-8601; the time of the last op when not given
 * @property {'json'|'csv'} [format]
 */
/** @typedef {Object<string, *>|string} ReportResult the report, parsed, or its CSV text */

/**
 * @typedef {object} TrendsRequest
 * @property {number} [months] 6 when not given
 * @property {number} [point]
 */
/**
 * @typedef {object} TrendsResult
 * @property {string} now the time of the last op
 * @property {TrendPoint[]} points
 */
/**
 * @typedef {object} TrendPoint
 * @property {string} at
 * @property {Object<string, number>} stages contacts per stage at `at`
 */

/** @typedef {object} ContactsRequest */
/**
 * @typedef {object} ContactsResult
 * @property {string[]} columns id, name, email, company, country, stage, score, owner,
 *   in_review
 * @property {Array<Array<string|number|boolean>>} rows one per contact, in `columns` order
 */

/**
 * @typedef {object} ContactRequest
 * @property {string} contact
 */
/**
 * @typedef {object} ContactResult
 * @property {Object<string, *>|null} record
 * @property {string} name as the engine names the person in lists; "" for none
 * @property {Object<string, *>} explain the engine's explain()
 * @property {Object<string, *>[]} timeline every op of every id joined to them
 */

/**
 * @typedef {object} ActRequest
 * @property {{ type: string, contact: string, props?: object }[]} ops
 * @property {string} [actor]
 */
/**
 * @typedef {object} ActResult
 * @property {Object<string, *>[]} ops as appended, with id, at and actor
 * @property {Problem[]} warnings
 */

/**
 * @typedef {object} EraseRequest
 * @property {string} contact
 * @property {string} [actor]
 */
/**
 * @typedef {object} EraseResult
 * @property {string} contact
 * @property {string} op the erase op's id
 */

/** @typedef {object} PipelineRequest */
/**
 * @typedef {object} PipelineResult
 * @property {string[]} columns as ContactsResult
 * @property {Array<Array<string|number|boolean>>} rows
 * @property {Object<string, { outcome: string, at: string, amount?: number, objection?: string }>} deals
 *   each person's last deal, by contact id
 */

/** @typedef {object} ConfigRequest */
/** @typedef {Object<string, *>} ConfigResult the config (docs/ and FORMAT: stages, scoring, ...) */

/**
 * @typedef {object} WhatIfRequest
 * @property {Object<string, *>} config
 */
/**
 * @typedef {object} WhatIfResult
 * @property {boolean} ok
 * @property {Problem[]} errors
 * @property {string} [now]
 * @property {Object<string, number>} [current] stage counts under the saved config
 * @property {Object<string, number>} [preview] stage counts under `config`
 * @property {number} [changed]
 * @property {number} [moved]
 * @property {Object<string, *>[]} [movers] the first ten that moved: id, name, stage_before,
 *   stage_after, ...
 */

/**
 * @typedef {object} SaveConfigRequest
 * @property {Object<string, *>} config
 */
/**
 * @typedef {object} SaveConfigResult
 * @property {boolean} ok
 * @property {Problem[]} errors
 * @property {Problem[]} [warnings] sales actions the new config leaves without effect
 */

/**
 * @typedef {object} ImportWorkspaceRequest
 * @property {File} [file] read in the worker, in pieces
 * @property {string} [text] the document, when there is no file
 * @property {'new'|'merge'} mode
 * @property {string} [name]
 */
/**
 * @typedef {object} ImportWorkspaceResult
 * @property {boolean} ok
 * @property {Problem[]} errors
 * @property {Problem[]} [warnings]
 * @property {SummaryResult} [summary] the new or merged workspace's
 */

/**
 * @typedef {object} CsvPreviewRequest
 * @property {string} text
 * @property {Object<string, *>} [mapping]
 */
/**
 * @typedef {object} CsvPreviewResult
 * @property {boolean} ok
 * @property {Problem[]} errors
 * @property {Object<string, *>} [mapping] the one given, or the engine's suggestion
 * @property {Problem[]} [bad]
 * @property {string[]} [notes]
 * @property {number} [added] contacts
 * @property {number} [addedOps]
 * @property {number} [skipped] bad rows it would leave out
 * @property {Object<string, *>[]} [contacts] the first five added
 * @property {Object<string, *>[]} [ops] the first five added
 */

/**
 * @typedef {object} ImportCsvRequest
 * @property {string} text
 * @property {Object<string, *>} mapping
 * @property {boolean} [skipBadRows]
 */
/**
 * @typedef {object} ImportCsvResult
 * @property {boolean} ok
 * @property {Problem[]} errors
 * @property {number} added contacts
 * @property {number} [addedOps]
 * @property {number} [skipped] bad rows left out
 * @property {Problem[]} bad
 * @property {string[]} [notes]
 */

/**
 * @typedef {object} ExportRequest
 * @property {'workspace'|'contacts'} kind
 */
/**
 * @typedef {object} ExportResult
 * @property {string} name a file name
 * @property {string} type a media type
 * @property {string} text
 */

/** @typedef {object} SegmentsRequest */
/**
 * @typedef {object} SegmentsResult
 * @property {{ name: string, filter: object }[]} segments
 */

/**
 * @typedef {object} SaveSegmentsRequest
 * @property {{ name: string, filter: object }[]} segments
 */
/** @typedef {SegmentsResult} SaveSegmentsResult */

// worker → page. A failed request's RESULT may carry a `code`: 'storage-full' (the browser
// refused the write for want of space; nothing of it was saved) or 'storage-closed' (a newer
// version of the app upgraded the storage; this tab must reload).
export const Reply = Object.freeze({
  // { state: 'loading' | 'ready' | 'failed', error? }: the worker opening its workspace
  STATUS: 'status',
  // { id, ok: true, value } or { id, ok: false, error, code? }: the answer to one request
  RESULT: 'result',
  // { id, phase, done?, total? }: how far a long request has come
  PROGRESS: 'progress',
  // { workspace, by: 'this-tab' | 'other-tab' }: the open workspace changed; views refresh
  CHANGED: 'changed',
  // { state: 'full' | 'ok' | 'closed', message? }: a write failed for want of space, a write
  //   succeeded after that, or a newer version of the app took the storage over
  STORAGE: 'storage',
});

// worker ↔ worker of other tabs, on the BroadcastChannel named CHANNEL
export const CHANNEL = 'tandem';
export const Broadcast = Object.freeze({
  // { workspace }: new ops are stored for this workspace
  OPS: 'ops',
  // { workspace, rev }: a new snapshot (config change, import, compaction) was written
  SNAPSHOT: 'snapshot',
  // {}: workspaces were created, renamed or deleted
  WORKSPACES: 'workspaces',
});

export function message(type, fields = {}) {
  return { v: PROTOCOL_VERSION, type, ...fields };
}

export function isCurrent(data) {
  return data !== null && typeof data === 'object' && data.v === PROTOCOL_VERSION;
}
