// The tools a user would pick instead of Tandem, doing the same computation side by side:
// score = fit + Σ points × 0.5^((now − at) / half-life) over the behaviour rules an op matches
// (type and `where` filter), stage by threshold (sql ≥ sql_score, mql ≥ mql_score, else lead),
// then the stage counts and the top contacts. Caps, hysteresis and sales actions are left out:
// this is the part every tool can express, for the workspace's own config. Runs in Node and in
// a page.
import { people } from '../../scripts/generate-workspace.mjs';

const DAY = 86_400_000;
const TOP = 10;

// Columns of a generated workspace as a peer loads them: contacts (named people) and the ops
// about them, visitor history joined to whoever it was identified as, with the config they are
// scored by (the workspace's). Not timed.
export function columns(preset, config, seed) {
  const types = new Map(), details = new Map([['', 0]]);
  const intern = (map, key) => {
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = map.size));
    return id;
  };
  const contacts = { id: [], industry: [], employees: [], title: [], country: [], domain: [] };
  let capacity = 1 << 20, n = 0;
  let person = new Int32Array(capacity), at = new Float64Array(capacity);
  let type = new Uint8Array(capacity), detail = new Uint16Array(capacity);
  let now = -Infinity;
  for (const p of people(preset, seed)) {
    if (!p.contact) continue;
    const c = p.contact, index = contacts.id.length;
    contacts.id.push(c.id);
    contacts.industry.push(c.industry);
    contacts.employees.push(c.employees);
    contacts.title.push(c.title);
    contacts.country.push(c.country);
    contacts.domain.push(c.email.slice(c.email.indexOf('@') + 1));
    for (const o of p.ops) {
      now = Math.max(now, o.at);
      if (n === capacity) {
        capacity *= 2;
        const grow = (a) => { const b = new a.constructor(capacity); b.set(a); return b; };
        person = grow(person); at = grow(at); type = grow(type); detail = grow(detail);
      }
      person[n] = index;
      at[n] = o.at;
      type[n] = intern(types, o.type);
      detail[n] = intern(details, o.props?.path ?? o.props?.content ?? '');
      n++;
    }
  }
  return {
    config, contacts, now, types, details: [...details.keys()],
    ops: { length: n, person: person.subarray(0, n), at: at.subarray(0, n),
      type: type.subarray(0, n), detail: detail.subarray(0, n) },
  };
}

const PERSONAL = new Set(['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'hotmail.com',
  'icloud.com']);

// A condition of the config as a JS predicate over a getter, and as SQL over columns.
function conditionJs(c, get) {
  if (c.any) { const parts = c.any.map((x) => conditionJs(x, get)); return (r) => parts.some((f) => f(r)); }
  if (c.all) { const parts = c.all.map((x) => conditionJs(x, get)); return (r) => parts.every((f) => f(r)); }
  const field = c.field ?? 'path';
  if (c.in) { const set = new Set(c.in.map((s) => String(s).toLowerCase())); return (r) => set.has(String(get(r, field)).toLowerCase()); }
  if (c.between) return (r) => get(r, field) >= c.between[0] && get(r, field) <= c.between[1];
  if (c.matches) { const m = c.matches.toLowerCase(); return (r) => String(get(r, field)).toLowerCase().includes(m); }
  if (c.path_prefix) return (r) => String(get(r, field)).startsWith(c.path_prefix);
  if ('equals' in c) return (r) => get(r, field) === c.equals;
  throw new Error(`condition not supported by the peers: ${JSON.stringify(c)}`);
}

const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;
function conditionSql(c, column) {
  if (c.any) return `(${c.any.map((x) => conditionSql(x, column)).join(' OR ')})`;
  if (c.all) return `(${c.all.map((x) => conditionSql(x, column)).join(' AND ')})`;
  const col = column(c.field ?? 'path');
  if (c.in) return `lower(${col}) IN (${c.in.map((s) => quote(String(s).toLowerCase())).join(', ')})`;
  if (c.between) return `(${col} BETWEEN ${c.between[0]} AND ${c.between[1]})`;
  if (c.matches) return `instr(lower(${col}), ${quote(c.matches.toLowerCase())}) > 0`;
  if (c.path_prefix) return `substr(${col}, 1, ${c.path_prefix.length}) = ${quote(c.path_prefix)}`;
  if ('equals' in c) return `${col} = ${c.equals ? 1 : 0}`;
  throw new Error(`condition not supported by the peers: ${JSON.stringify(c)}`);
}

const contactField = (cols, i, field) => {
  switch (field) {
    case 'email_personal': return PERSONAL.has(cols.domain[i]);
    case 'email_domain': return cols.domain[i];
    default: return cols[field][i];
  }
};

function summary(ids, scores, stages) {
  const counts = { lead: 0, mql: 0, sql: 0 };
  for (const s of stages) counts[s]++;
  const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a] || (ids[a] < ids[b] ? -1 : 1));
  return { counts, top: order.slice(0, TOP).map((i) => ({ id: ids[i], score: scores[i] })) };
}

const stageOf = ({ stages }, score) => score >= stages.sql_score ? 'sql'
  : score >= stages.mql_score ? 'mql' : 'lead';

// Plain JS over typed arrays: rule points per distinct (type, detail) computed once, then one
// pass over the ops.
export function plainJs(data) {
  const { config, contacts, ops, now, types, details } = data;
  const n = contacts.id.length, halfLife = config.scoring.half_life_days * DAY;
  const fit = new Float64Array(n);
  for (const rule of config.scoring.fit) {
    const holds = conditionJs(rule.if, (i, f) => contactField(contacts, i, f));
    for (let i = 0; i < n; i++) if (holds(i)) fit[i] += rule.points;
  }
  const D = details.length, points = new Float64Array(256 * D);
  for (const rule of config.scoring.behaviour) {
    const t = types.get(rule.on);
    if (t === undefined) continue;
    const holds = rule.where ? conditionJs(rule.where, (d) => details[d]) : () => true;
    for (let d = 0; d < D; d++) if (holds(d)) points[t * D + d] += rule.points;
  }
  const behaviour = new Float64Array(n);
  const { person, at, type, detail } = ops;
  for (let i = 0; i < ops.length; i++) {
    const p = points[type[i] * D + detail[i]];
    if (p !== 0 && at[i] <= now) behaviour[person[i]] += p * Math.pow(0.5, (now - at[i]) / halfLife);
  }
  const scores = new Float64Array(n), stages = new Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = fit[i] + behaviour[i];
    stages[i] = stageOf(config, scores[i]);
  }
  return summary(contacts.id, scores, stages);
}

function scoreSql(data, pow) {
  const { config } = data;
  const fit = config.scoring.fit.map((r) =>
    `CASE WHEN ${conditionSql(r.if, (f) => (f === 'email_personal' ? 'personal' : f === 'email_domain' ? 'domain' : f))} THEN ${r.points} ELSE 0 END`).join(' + ');
  const halfLife = config.scoring.half_life_days * DAY;
  return `
    WITH m AS (
      SELECT d.d, r.type, SUM(r.points) AS points FROM details d JOIN rules r
        ON (r.prefix IS NULL OR substr(d.text, 1, length(r.prefix)) = r.prefix)
       AND (r.contains IS NULL OR instr(lower(d.text), r.contains) > 0)
      GROUP BY d.d, r.type),
    b AS (
      SELECT o.p, SUM(m.points * ${pow}(0.5, (${data.now} - o.at) / ${halfLife})) AS behaviour
      FROM ops o JOIN m ON m.type = o.type AND m.d = o.detail
      WHERE o.at <= ${data.now}
      GROUP BY o.p),
    s AS (
      SELECT c.id, (${fit}) + COALESCE(b.behaviour, 0) AS score
      FROM contacts c LEFT JOIN b ON b.p = c.p)
    SELECT id, score, CASE WHEN score >= ${config.stages.sql_score} THEN 'sql'
      WHEN score >= ${config.stages.mql_score} THEN 'mql' ELSE 'lead' END AS stage FROM s`;
}

function rulesRows(data) {
  return data.config.scoring.behaviour.filter((r) => data.types.has(r.on)).map((r) => ({
    type: data.types.get(r.on),
    prefix: r.where?.path_prefix ?? null,
    contains: r.where?.matches?.toLowerCase() ?? null,
    points: r.points,
  }));
}

function summarySql(rowsCounts, rowsTop) {
  const counts = { lead: 0, mql: 0, sql: 0 };
  for (const r of rowsCounts) counts[r.stage] = Number(r.n);
  return { counts, top: rowsTop.map((r) => ({ id: r.id, score: Number(r.score) })) };
}

const countsQuery = (q) => `WITH x AS (${q}) SELECT stage, count(*) AS n FROM x GROUP BY stage`;
const topQuery = (q) => `WITH x AS (${q}) SELECT id, score FROM x ORDER BY score DESC, id LIMIT ${TOP}`;

// sql.js (SQLite in WASM): tables filled once, then the query timed.
export async function sqlJs(data, initSqlJs, options = {}) {
  const SQL = await initSqlJs(options);
  const db = new SQL.Database();
  let pow = 'pow';
  try { db.exec('SELECT pow(0.5, 2)'); } catch {
    db.create_function('jspow', (a, b) => Math.pow(a, b));
    pow = 'jspow';
  }
  db.exec(`CREATE TABLE contacts (p INTEGER PRIMARY KEY, id TEXT, industry TEXT, employees REAL,
    title TEXT, country TEXT, domain TEXT, personal INTEGER);
    CREATE TABLE ops (p INTEGER, at REAL, type INTEGER, detail INTEGER);
    CREATE TABLE details (d INTEGER PRIMARY KEY, text TEXT);
    CREATE TABLE rules (type INTEGER, prefix TEXT, contains TEXT, points REAL);`);
  db.exec('BEGIN');
  const c = data.contacts;
  let st = db.prepare('INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < c.id.length; i++)
    st.run([i, c.id[i], c.industry[i], c.employees[i], c.title[i], c.country[i], c.domain[i],
      PERSONAL.has(c.domain[i]) ? 1 : 0]);
  st.free();
  st = db.prepare('INSERT INTO ops VALUES (?, ?, ?, ?)');
  const o = data.ops;
  for (let i = 0; i < o.length; i++) st.run([o.person[i], o.at[i], o.type[i], o.detail[i]]);
  st.free();
  st = db.prepare('INSERT INTO details VALUES (?, ?)');
  data.details.forEach((text, d) => st.run([d, text]));
  st.free();
  st = db.prepare('INSERT INTO rules VALUES (?, ?, ?, ?)');
  for (const r of rulesRows(data)) st.run([r.type, r.prefix, r.contains, r.points]);
  st.free();
  db.exec('COMMIT');
  const query = scoreSql(data, pow);
  const rows = (sql) => {
    const [result] = db.exec(sql);
    return (result?.values ?? []).map((v) => Object.fromEntries(result.columns.map((k, j) => [k, v[j]])));
  };
  return {
    run: () => summarySql(rows(countsQuery(query)), rows(topQuery(query))),
    close: () => db.close(),
  };
}

// DuckDB-WASM: tables filled from Arrow once, then the query timed. `connect` gives a
// connection with async query(sql) -> Arrow table and insertArrowTable(table, {name}).
export async function duckDb(data, conn, arrow) {
  const c = data.contacts;
  const personal = Int32Array.from(c.domain, (d) => (PERSONAL.has(d) ? 1 : 0));
  const utf8 = (values) => arrow.vectorFromArray(values, new arrow.Utf8());
  await conn.insertArrowTable(arrow.tableFromArrays({
    p: Int32Array.from(c.id, (_, i) => i), id: utf8(c.id), industry: utf8(c.industry),
    employees: Float64Array.from(c.employees), title: utf8(c.title), country: utf8(c.country),
    domain: utf8(c.domain), personal,
  }), { name: 'contacts' });
  const o = data.ops;
  await conn.insertArrowTable(arrow.tableFromArrays({
    p: o.person, at: o.at, type: Int32Array.from(o.type), detail: Int32Array.from(o.detail),
  }), { name: 'ops' });
  await conn.insertArrowTable(arrow.tableFromArrays({
    d: Int32Array.from(data.details, (_, i) => i), text: utf8(data.details),
  }), { name: 'details' });
  const rules = rulesRows(data);
  await conn.insertArrowTable(arrow.tableFromArrays({
    type: Int32Array.from(rules, (r) => r.type),
    prefix: arrow.vectorFromArray(rules.map((r) => r.prefix), new arrow.Utf8()),
    contains: arrow.vectorFromArray(rules.map((r) => r.contains), new arrow.Utf8()),
    points: Float64Array.from(rules, (r) => r.points),
  }), { name: 'rules' });
  const query = scoreSql(data, 'pow');
  const rows = async (sql) => (await conn.query(sql)).toArray().map((r) => r.toJSON());
  return {
    run: async () => summarySql(await rows(countsQuery(query)), await rows(topQuery(query))),
  };
}

// Whether two results agree: the same stage counts, the same top contacts, scores within 1e-6.
export function agree(a, b) {
  if (JSON.stringify(a.counts) !== JSON.stringify(b.counts)) return false;
  if (a.top.length !== b.top.length) return false;
  return a.top.every((x, i) => x.id === b.top[i].id && Math.abs(x.score - b.top[i].score) < 1e-6);
}
