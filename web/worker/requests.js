// Every request the page can make (Request in web/shared/protocol.js) and the function that
// answers it, by group. A handler gets the request's fields and a progress(phase, done, total)
// callback, and returns (or resolves to) the RESULT's value.
import { requests as contacts } from './requests/contacts.js';
import { requests as importExport } from './requests/import-export.js';
import { requests as pipeline } from './requests/pipeline.js';
import { requests as reports } from './requests/reports.js';
import { requests as segments } from './requests/segments.js';
import { requests as setup } from './requests/setup.js';
import { requests as workspaces } from './requests/workspaces.js';

export const handlers = Object.freeze({
  ...workspaces, ...reports, ...contacts, ...pipeline, ...setup, ...importExport, ...segments,
});
