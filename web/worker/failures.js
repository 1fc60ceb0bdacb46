// How a failed request is told to the page: a full disk or quota, and storage a newer version
// of the app took over, get their own code and a message that says what to do.
import { Reply } from '../shared/protocol.js';
import { post } from './session.js';
import { isStorageFull } from './store.js';

// What a person reads when the browser refuses a write for want of space, and what to do.
const STORAGE_FULL = "The browser's storage for this site is full, so this change was not " +
  'saved; everything saved before it is safe. Export the workspace to keep a copy, then free ' +
  'space: delete a workspace you no longer need, or clear other sites\' data in the browser\'s ' +
  'settings. Then try again.';
const STORAGE_CLOSED = 'A newer version of Tandem, open in another tab, has upgraded this ' +
  "browser's storage: reload this tab to go on. Nothing saved is lost.";

let closed = false;

// The store's onClosed: a newer version took the storage over.
export function storageClosed() {
  closed = true;
  post(Reply.STORAGE, { state: 'closed', message: STORAGE_CLOSED });
}

// The reply's fields for a request that failed with `error`.
export function failure(error) {
  if (isStorageFull(error)) return { code: 'storage-full', error: STORAGE_FULL };
  if (closed) return { code: 'storage-closed', error: STORAGE_CLOSED };
  return { error: String(error.message ?? error) };
}
