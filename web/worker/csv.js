// Contacts from a CSV file: reading RFC 4180 text, guessing which column is which field from
// the headers of common CRM exports, and turning rows into contact records. The engine will
// own CSV import; until then `rowsToContacts` is the one place that maps rows to contacts.

// Rows of fields; quoted fields may hold commas, quotes ("") and line breaks.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        ++i;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') ++i;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

// The contact fields a column can fill; '' leaves a column out.
export const FIELDS = ['id', 'email', 'name', 'first_name', 'last_name', 'company', 'title',
  'industry', 'employees', 'country', 'source', 'owner', 'created'];

// Header names as HubSpot, Salesforce, Mautic and Pipedrive export them, normalised.
const KNOWN = {
  id: ['id', 'contact id', 'record id', 'lead id', 'person id'],
  email: ['email', 'email address', 'e-mail', 'primary email'],
  name: ['name', 'full name', 'contact name', 'person name'],
  first_name: ['first name', 'firstname', 'first'],
  last_name: ['last name', 'lastname', 'last', 'surname'],
  company: ['company', 'company name', 'account name', 'organization', 'organisation',
    'organization name'],
  title: ['title', 'job title', 'position', 'job position'],
  industry: ['industry'],
  employees: ['employees', 'number of employees', 'no. of employees', 'company size'],
  country: ['country', 'country/region', 'mailing country', 'country code'],
  source: ['source', 'lead source', 'original source', 'original source type'],
  owner: ['owner', 'contact owner', 'lead owner', 'owner name'],
  created: ['created', 'create date', 'created date', 'date added', 'person created',
    'created at'],
};

export function guessMapping(headers) {
  const used = new Set();
  return headers.map((header) => {
    const name = header.trim().toLowerCase().replace(/[_\s]+/g, ' ');
    for (const [field, names] of Object.entries(KNOWN)) {
      if (!used.has(field) && names.includes(name)) {
        used.add(field);
        return field;
      }
    }
    return '';
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Contact records from data rows (header removed) under `mapping` (one field name per
// column). Resolves to { contacts, bad: [{ line, message }] }; line numbers count the
// header as line 1. `existing` holds ids already in the workspace; a contact without a
// created date is created at `created` (the time of the import).
export function rowsToContacts(rows, mapping, { existing = new Set(), idPrefix = 'csv-', created } = {}) {
  const contacts = [];
  const bad = [];
  const seen = new Set(existing);
  rows.forEach((cells, index) => {
    const line = index + 2;
    const record = {};
    mapping.forEach((field, column) => {
      const value = (cells[column] ?? '').trim();
      if (field && value !== '') record[field] = value;
    });
    if (record.first_name || record.last_name) {
      record.name ??= [record.first_name, record.last_name].filter(Boolean).join(' ');
      delete record.first_name;
      delete record.last_name;
    }
    if (record.email) record.email = record.email.toLowerCase();
    const problem = check(record);
    if (problem) {
      bad.push({ line, message: problem });
      return;
    }
    if (record.employees !== undefined) record.employees = Number(record.employees);
    if (record.created !== undefined) record.created = new Date(record.created).toISOString();
    else if (created) record.created = created;
    record.id ??= idPrefix + (record.email ?? `line-${line}`);
    if (seen.has(record.id)) {
      bad.push({ line, message: `a contact with id "${record.id}" is already there` });
      return;
    }
    seen.add(record.id);
    const { id, ...fields } = record;
    contacts.push({ id, ...fields });
  });
  return { contacts, bad };
}

function check(record) {
  if (!record.id && !record.email) return 'no id and no email: nothing identifies this contact';
  if (record.email && !EMAIL.test(record.email)) return `"${record.email}" is not an email address`;
  if (record.employees !== undefined && !/^\d+$/.test(record.employees.replace(/[,\s]/g, '')))
    return `employees "${record.employees}" is not a whole number`;
  if (record.employees !== undefined) record.employees = record.employees.replace(/[,\s]/g, '');
  if (record.created !== undefined && Number.isNaN(Date.parse(record.created)))
    return `created "${record.created}" is not a date`;
  return null;
}
