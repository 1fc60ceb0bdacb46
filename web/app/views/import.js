// Import: a workspace file (as a new workspace, or merged into the open one: the same op
// never counts twice), or contacts from a CSV with a column mapping and a preview.
import { Request } from '../shared/protocol.js';
import { card, field, h } from '../dom.js';

export const keepOnChange = true;

const FIELD_LABELS = { '': '— leave out —', id: 'Id', email: 'Email', name: 'Full name', first_name: 'First name',
  last_name: 'Last name', company: 'Company', title: 'Job title', industry: 'Industry', employees: 'Employees',
  country: 'Country', source: 'Source', owner: 'Owner', created: 'Created' };

function problemList(errors, id) {
  return h('ul', { class: 'errors', id, role: 'alert' }, errors.slice(0, 50).map((e) =>
    h('li', {}, e.line ? `Line ${e.line}: ${e.message}` : e.pointer ? `${e.pointer}: ${e.message}` : e.message)));
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
      const result = await ask(Request.IMPORT_WORKSPACE, { text: await file.text(),
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

  csvFile.addEventListener('change', async () => {
    const file = csvFile.files[0];
    csvResult.replaceChildren();
    if (!file) return;
    text = await file.text();
    const preview = await ask(Request.CSV_PREVIEW, { text });
    const selects = preview.headers.map((header, i) => h('select', { 'aria-label': `Field for column ${header}`, dataset: { column: String(i) } },
      preview.fields.concat(['']).map((f) => h('option', { value: f, selected: f === preview.mapping[i] }, FIELD_LABELS[f] ?? f))));
    const table = h('table', { class: 'csv-preview', id: 'csv-preview' },
      h('thead', {},
        h('tr', {}, preview.headers.map((header) => h('th', { scope: 'col' }, header))),
        h('tr', { class: 'mapping-row' }, selects.map((sel) => h('td', {}, sel)))),
      h('tbody', {}, preview.rows.map((row) => h('tr', {}, preview.headers.map((_, i) => h('td', {}, row[i] ?? ''))))));
    const badRows = h('fieldset', { class: 'choice' }, h('legend', {}, 'Rows with problems'),
      h('label', {}, h('input', { type: 'radio', name: 'bad', value: 'skip', checked: true }), ' Skip them and import the rest'),
      h('label', {}, h('input', { type: 'radio', name: 'bad', value: 'refuse' }), ' Import nothing if any row has a problem'));
    const go = h('button', { type: 'button', id: 'import-csv', onclick: async () => {
      go.disabled = true;
      try {
        const result = await ask(Request.IMPORT_CSV, { text, mapping: selects.map((sel) => sel.value),
          skipBadRows: badRows.querySelector('input:checked').value === 'skip' });
        csvResult.replaceChildren(
          result.ok ? h('p', { class: 'notice', dataset: { done: 'true' }, id: 'csv-done' }, `Imported ${result.added} contacts.${result.bad.length ? ` Skipped ${result.bad.length} rows:` : ''}`)
            : h('p', { class: 'error' }, 'Nothing was imported.'),
          result.bad.length ? problemList(result.bad, 'csv-errors') : null,
          result.errors?.length ? problemList(result.errors, 'csv-engine-errors') : null);
      } finally {
        go.disabled = false;
      }
    } }, 'Import contacts');
    mapping.replaceChildren(
      h('p', { class: 'meta' }, `${preview.lines - 1} rows. Pick the field each column fills (recognised headers are already set); a contact without a created date is created now. The first rows:`),
      h('div', { class: 'table-wrap' }, table), badRows, go);
  });

  root.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Import')),
    card('Workspace file', h('p', { class: 'meta' }, 'A Tandem workspace JSON (an export from this app, another browser, or the command line). A file with problems changes nothing.'), jsonForm),
    card('Contacts CSV', h('p', { class: 'meta' }, 'A CSV export from a CRM (HubSpot, Salesforce, Mautic, Pipedrive headers are recognised) or any sheet with a header row.'),
      field('CSV file', csvFile), mapping, csvResult),
  );
}
