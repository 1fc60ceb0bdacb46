// The one message protocol between the page (web/app) and the engine worker (web/worker).
// Every message is a plain object { v: PROTOCOL_VERSION, type, ... }; a receiver ignores a
// message of another version. Change a message's shape, bump the version.
export const PROTOCOL_VERSION = 1;

// page → worker
export const Request = Object.freeze({
  // { id, kind, now?, format? } → Reply.RESULT with the report (parsed JSON, or CSV text)
  REPORT: 'report',
  // { id } → Reply.RESULT with { contacts, name } about the open workspace
  SUMMARY: 'summary',
});

// worker → page
export const Reply = Object.freeze({
  // { state: 'loading' | 'ready' | 'failed', error? }: the worker's progress opening the workspace
  STATUS: 'status',
  // { id, ok: true, value } or { id, ok: false, error }: the answer to one request
  RESULT: 'result',
});

export function message(type, fields = {}) {
  return { v: PROTOCOL_VERSION, type, ...fields };
}

export function isCurrent(data) {
  return data !== null && typeof data === 'object' && data.v === PROTOCOL_VERSION;
}
