// Import: a workspace file (as a new workspace, or merged into the open one: the same op
// never counts twice), or a CRM's CSV export: the engine suggests the column mapping,
// previews what it would add and which rows it would skip, and imports into the open one.
import { Request } from '../../shared/protocol.js';
import { card, field, fill, h } from '../dom.js';

export const keepOnChange = true;

// Fields and roles a column can fill (docs/analytics.md); a column may also keep its header
// as a field of its own, or be left out.
const CONTACT_FIELDS = [['id', 'Id'], ['email', 'Email'], ['name', 'Full name'],
  ['first_name', 'First name'], ['last_name', 'Last name'], ['company', 'Company'],
  ['title', 'Job title'], ['industry', 'Industry'], ['employees', 'Employees'],
  ['revenue', 'Revenue'], ['country', 'Country'], ['city', 'City'], ['phone', 'Phone'],
  ['mobile', 'Mobile'], ['source', 'Source'], ['owner', 'Owner'], ['created', 'Created']];
const ACTIVITY_FIELDS = [['contact', 'Contact id'], ['email', 'Email'], ['type', 'Activity type'],
  ['at', 'Time']];

// Problems from the engine: a row's message already says its line ("line 4: ...").
function problemList(errors, id) {
  return h('ul', { class: 'errors', id, role: 'alert' }, errors.slice(0, 50).map((e) =>
    h('li', {}, !e.pointer || e.pointer.startsWith('/rows/') ? e.message : `${e.pointer}: ${e.message}`)));
}

function fieldChoice(header, value, index, kind) {
  const known = kind === 'activities' ? ACTIVITY_FIELDS : CONTACT_FIELDS;
  const options = [['', '— leave out —'], ...known];
  for (const [key, label] of [[header, `keep as “${header}”`], [value, value]])
    if (key && !options.some(([k]) => k === key)) options.push([key, label]);
  return h('select', { 'aria-label': `Field for column ${header}`, dataset: { column: String(index), header } },
    options.map(([key, label]) => h('option', { value: key, selected: key === (value ?? '') }, label)));
}

function outcomeText(outcome) {
  const parts = [`deal outcome from “${outcome.column}”`];
  if (outcome.won?.length) parts.push(`won: ${outcome.won.join(', ')}`);
  if (outcome.lost?.length) parts.push(`lost: ${outcome.lost.join(', ')} (as ${outcome.lost_as ?? 'deal_lost'})`);
  for (const key of ['amount', 'products', 'opened', 'closed']) if (outcome[key]) parts.push(`${key}: “${outcome[key]}”`);
  return parts.join('; ');
}

// The first records the engine would add, one column per field.
function recordTable(records, id) {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const text = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'csv-preview', id },
    h('thead', {}, h('tr', {}, keys.map((k) => h('th', { scope: 'col' }, k)))),
    h('tbody', {}, records.map((r) => h('tr', {}, keys.map((k) => h('td', {}, text(r[k]))))))));
}

export async function render(root, _params, { ask }) {
  // A workspace file.
  const jsonFile = h('input', { type: 'file', id: 'workspace-file', accept: '.json,application/json' });
  const mode = h('fieldset', { class: 'choice' }, h('legend', {}, 'How'),
    h('label', {}, h('input', { type: 'radio', name: 'mode', value: 'new', checked: true }), ' As a new workspace'),
    h('label', {}, h('input', { type: 'radio', name: 'mode', value: 'merge' }), ' Merged into the open workspace'));
  const jsonResult = h('div', { id: 'workspace-result', 'aria-live': 'polite' });
  const jsonForm = h('form', { onsubmit: async (event) => {
    event.preventDefault();
    const file = jsonFile.files[0];
    if (!file) return;
    jsonResult.replaceChildren(h('p', {}, 'Importing…'));
    try {
      const result = await ask(Request.IMPORT_WORKSPACE, { file,
        mode: mode.querySelector('input:checked').value, name: file.name.replace(/\.(tandem\.)?json$/i, '') });
      jsonResult.replaceChildren(result.ok
        ? h('p', { class: 'notice', dataset: { done: 'true' } }, `Imported: ${result.summary.name} has ${result.summary.contacts} contacts and ${result.summary.ops} operations.`)
        : h('div', {}, h('p', {}, 'Nothing was changed: the file has problems.'), problemList(result.errors, 'workspace-errors')));
    } catch (error) {
      jsonResult.replaceChildren(h('p', { class: 'error' }, `Nothing was changed: ${error.message}`));
    }
  } }, field('Workspace file (.json)', jsonFile), mode, h('button', { type: 'submit', id: 'import-workspace' }, 'Import workspace'), jsonResult);

  // A contacts CSV.
  const csvFile = h('input', { type: 'file', id: 'csv-file', accept: '.csv,text/csv' });
  const mapping = h('div', { id: 'csv-mapping' });
  const csvResult = h('div', { id: 'csv-result', 'aria-live': 'polite' });
  let text = '';

  // The engine suggests a mapping; each change of it is previewed by the engine: what would
  // be added to the open workspace and which rows it would skip, with their lines.
  csvFile.addEventListener('change', async () => {
    const file = csvFile.files[0];
    csvResult.replaceChildren();
    mapping.replaceChildren();
    if (!file) return;
    text = await file.text();
    const first = await ask(Request.CSV_PREVIEW, { text });
    if (!first.mapping) {
      mapping.replaceChildren(h('p', { class: 'error' }, 'This file cannot be read as a CSV:'), problemList(first.errors, 'csv-errors'));
      return;
    }
    const base = first.mapping;
    const selects = Object.entries(base.columns ?? {}).map(([header, value], i) => fieldChoice(header, value, i, base.kind));
    const edited = () => ({ ...base, columns: Object.fromEntries(selects.map((sel) => [sel.dataset.header, sel.value === '' ? null : sel.value])) });
    const mappingTable = h('table', { id: 'csv-mapping-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Fills'))),
      h('tbody', {}, selects.map((sel) => h('tr', {}, h('th', { scope: 'row' }, sel.dataset.header), h('td', {}, sel)))));
    const preview = h('div', { id: 'csv-preview-area', 'aria-live': 'polite' });
    const showPreview = (result) => {
      const records = base.kind === 'activities' ? result.ops ?? [] : result.contacts ?? [];
      fill(preview,
        result.ok
          ? h('p', { class: 'meta', id: 'csv-counts' }, `With this mapping: ${result.added} new contacts and ${result.addedOps} operations${result.skipped ? `; rows with problems: ${result.skipped}` : ''}. The first ${base.kind === 'activities' ? 'operations' : 'contacts'}:`)
          : h('p', { class: 'error' }, 'The engine refuses this mapping:'),
        result.ok && records.length ? recordTable(records, 'csv-preview') : null,
        result.errors?.length ? problemList(result.errors, 'csv-mapping-errors') : null,
        result.bad?.length ? h('div', {}, h('p', { class: 'meta' }, 'Rows with problems:'), problemList(result.bad, 'csv-preview-problems')) : null);
    };
    showPreview(first);
    let asked = 0;
    const refresh = async () => {
      const ticket = ++asked;
      const result = await ask(Request.CSV_PREVIEW, { text, mapping: edited() });
      if (ticket === asked) showPreview(result);
    };
    for (const sel of selects) sel.addEventListener('change', refresh);
    const badRows = h('fieldset', { class: 'choice' }, h('legend', {}, 'Rows with problems'),
      h('label', {}, h('input', { type: 'radio', name: 'bad', value: 'skip', checked: true }), ' Skip them and import the rest'),
      h('label', {}, h('input', { type: 'radio', name: 'bad', value: 'refuse' }), ' Import nothing if any row has a problem'));
    const go = h('button', { type: 'button', id: 'import-csv', onclick: async () => {
      go.disabled = true;
      try {
        const result = await ask(Request.IMPORT_CSV, { text, mapping: edited(),
          skipBadRows: badRows.querySelector('input:checked').value === 'skip' });
        fill(csvResult,
          result.ok ? h('p', { class: 'notice', dataset: { done: 'true' }, id: 'csv-done' }, `Imported ${result.added} contacts and ${result.addedOps} operations.${result.bad.length ? ' Skipped these rows:' : ''}`)
            : h('p', { class: 'error', id: 'csv-refused' }, 'Nothing was imported.'),
          result.bad.length ? problemList(result.bad, 'csv-errors') : null,
          result.errors?.length ? problemList(result.errors, 'csv-engine-errors') : null);
      } catch (error) {
        csvResult.replaceChildren(h('p', { class: 'error' }, `Nothing was imported: ${error.message}`));
      } finally {
        go.disabled = false;
      }
    } }, 'Import contacts');
    fill(mapping,
      h('p', { class: 'meta' }, `Read as ${base.kind === 'activities' ? 'activities of known contacts' : 'contacts'}. Pick the field each column fills (the engine's suggestion is set; a column left as is stays a field under its header). Rows without a date get the time of the import.`),
      h('div', { class: 'table-wrap' }, mappingTable),
      base.outcome ? h('p', { class: 'meta', id: 'csv-outcome' }, `Also: ${outcomeText(base.outcome)}.`) : null,
      preview, badRows, go);
  });

  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Import')),
    card('Workspace file', h('p', { class: 'meta' }, 'A Tandem workspace JSON (an export from this app, another browser, or the command line). A file with problems changes nothing.'), jsonForm),
    card('Contacts CSV', h('p', { class: 'meta' }, 'A CSV export from a CRM (the engine recognises HubSpot, Salesforce, Mautic and Pipedrive headers, and deal outcomes) or any sheet with a header row; an activities export adds to the contacts already here.'),
      field('CSV file', csvFile), mapping, csvResult),
  );
}
