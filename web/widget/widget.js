// Tandem's embed widget: one classic <script> on a marketing site. It records the visitor's
// page views, CTA clicks and form fills under a visitor id, scores them with the engine's own
// scoring code (tandem-widget.wasm), shows gated-content forms and a "Talk to sales" call to
// action inside a Shadow DOM, and hands a lead packet (a workspace document) to the host page.
// It defines window.TandemWidget and nothing else, and never throws into the host page.
(() => {
  'use strict';

  const VERSION = '1';
  const STORE_KEY = 'tandem.widget';
  const MAX_OPS = 2000; // a visitor's history kept in localStorage; older page views give way
  const script = document.currentScript;
  // What a page may record: visitor activity. Identity and consent ops come from the forms.
  const ACTIVITY = new Set([
    'page_view', 'cta_click', 'social_engagement', 'content_download', 'form_submit',
    'webinar_attend', 'demo_request', 'meeting_booked',
  ]);
  const preset = isPlainObject(window.TandemWidget) ? window.TandemWidget : {};

  // Every entry point from the host page runs through here: a failure is reported as a
  // `tandem:error` event and a console warning, never thrown.
  function guard(fn) {
    return function guarded(...args) {
      try {
        const result = fn.apply(this, args);
        if (result && typeof result.catch === 'function') return result.catch(report);
        return result;
      } catch (error) {
        report(error);
        return undefined;
      }
    };
  }

  let reported = 0;
  function report(error) {
    try {
      if (reported++ < 5) console.warn('Tandem widget:', error?.message ?? error);
      document.dispatchEvent(
        new CustomEvent('tandem:error', { detail: { message: String(error?.message ?? error) } }),
      );
    } catch {
      // nothing left to do without risking the host page
    }
    return undefined;
  }

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  // ---- options: the script tag's data attributes, over a preset `window.TandemWidget` ----

  function readOptions() {
    const data = script?.dataset ?? {};
    const base = script?.src ? new URL(script.src, location.href) : new URL(location.href);
    const number = (value) => (value === undefined || value === '' ? undefined : Number(value));
    return {
      config: preset.config ?? data.config, // an object, a URL, or "#id" of a JSON <script>
      ctaScore: number(preset.ctaScore ?? data.ctaScore),
      consent: (preset.consent ?? data.consent ?? 'not-required') === 'required',
      postUrl: preset.postUrl ?? data.postUrl ?? '',
      wasm: new URL(preset.wasm ?? data.wasm ?? 'tandem-widget.wasm', base).href,
      ctaUrl: preset.ctaUrl ?? data.ctaUrl ?? '',
      company: preset.company ?? data.company ?? 'our team',
    };
  }

  async function loadConfig(source) {
    if (isPlainObject(source)) return unwrap(source);
    if (typeof source !== 'string' || source === '') return {};
    if (source.startsWith('#')) {
      const element = document.getElementById(source.slice(1));
      if (!element) throw new Error(`no element ${source} holds the scoring config`);
      return unwrap(JSON.parse(element.textContent));
    }
    const response = await fetch(new URL(source, location.href), { credentials: 'omit' });
    if (!response.ok) throw new Error(`the scoring config ${source} answered ${response.status}`);
    return unwrap(await response.json());
  }

  // A whole workspace document is accepted too: its config is what scores.
  function unwrap(value) {
    if (!isPlainObject(value)) throw new Error('the scoring config must be a JSON object');
    return value.format === 'tandem.workspace' && isPlainObject(value.config) ? value.config : value;
  }

  // ---- the engine: a standalone WASM module with one C export ----

  async function loadEngine(url) {
    let memory = null;
    const trap = () => {
      throw new Error('the scoring module stopped');
    };
    const imports = {
      env: { emscripten_notify_memory_growth() {} },
      wasi_snapshot_preview1: {
        proc_exit: trap,
        fd_close: () => 0,
        fd_seek: () => 0,
        // Diagnostics are dropped, but the bytes must count as written or libc retries.
        fd_write(fd, iovs, count, written) {
          const view = new DataView(memory.buffer);
          let total = 0;
          for (let i = 0; i < count; i++) total += view.getUint32(iovs + i * 8 + 4, true);
          view.setUint32(written, total, true);
          return 0;
        },
      },
    };
    const response = fetch(url, { credentials: 'omit' });
    let instance;
    try {
      ({ instance } = await WebAssembly.instantiateStreaming(response, imports));
    } catch (error) {
      // A server that labels .wasm wrongly: compile from the bytes instead (still async).
      const bytes = await (await fetch(url, { credentials: 'omit' })).arrayBuffer();
      ({ instance } = await WebAssembly.instantiate(bytes, imports));
    }
    const exports = instance.exports;
    memory = exports.memory;
    exports._initialize?.();
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    let broken = false;
    return {
      // The engine's answer for one request object, or null once the module has failed.
      score(request) {
        if (broken) return null;
        const bytes = encoder.encode(JSON.stringify(request));
        const input = exports.malloc(bytes.length + 1);
        try {
          const heap = new Uint8Array(memory.buffer);
          heap.set(bytes, input);
          heap[input + bytes.length] = 0;
          const output = exports.tandem_widget_score(input);
          const view = new Uint8Array(memory.buffer);
          let end = output;
          while (view[end] !== 0) end++;
          const text = decoder.decode(view.subarray(output, end));
          exports.free(output);
          return JSON.parse(text);
        } catch (error) {
          broken = true;
          throw error;
        } finally {
          if (!broken) exports.free(input);
        }
      },
    };
  }

  // ---- the visitor's history, kept in localStorage (in memory when storage is refused) ----

  let memoryStore = null;
  function loadState() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null');
    } catch {
      saved = memoryStore;
    }
    return isPlainObject(saved) && Array.isArray(saved.ops) ? saved : null;
  }

  function saveState(state) {
    memoryStore = state;
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch {
      // storage full or refused: the history lives on for this page only
    }
  }

  function forgetState() {
    memoryStore = null;
    try {
      localStorage.removeItem(STORE_KEY);
    } catch {
      // nothing stored
    }
  }

  function randomId() {
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function freshState(consent) {
    const random = randomId();
    return {
      visitor: `v:${random}`,
      replica: `web-${random}`,
      seq: 0,
      consent, // 'granted' | 'declined' | 'not-required'
      contact: null,
      ops: [],
      dismissed: false,
    };
  }

  // ---- the widget ----

  let options;
  try {
    options = readOptions();
  } catch (error) {
    report(error);
    return;
  }
  let state = loadState();
  let config = null;
  let engine = null;
  let latest = null; // the last score answer
  let ui = null;
  let resolveReady, resolveLoaded;
  const ready = new Promise((resolve) => {
    resolveReady = resolve;
  });
  const loaded = new Promise((resolve) => {
    resolveLoaded = resolve;
  });

  // A history begun where no consent was asked is not used once the site asks for it.
  const tracking = () =>
    state !== null &&
    (state.consent === 'granted' || (state.consent === 'not-required' && !options.consent));

  // Another tab of the site may have recorded since: continue its history, so two tabs never
  // give two different ops the same id.
  function sync() {
    const saved = loadState();
    if (saved && state && saved.visitor === state.visitor && saved.seq > state.seq) state = saved;
  }

  // Appends one op to the visitor's history, in (at, id) order.
  function record(type, props = {}) {
    if (!tracking()) return null;
    sync();
    const last = state.ops.length ? Date.parse(state.ops[state.ops.length - 1].at) : 0;
    const op = {
      id: `${state.replica}:${++state.seq}`,
      at: new Date(Math.max(Date.now(), last)).toISOString(),
      actor: 'system',
      type,
      contact: state.contact ? state.contact.id : state.visitor,
      props,
    };
    state.ops.push(op);
    if (state.ops.length > MAX_OPS) {
      const drop = state.ops.findIndex((o) => o.type === 'page_view');
      if (drop >= 0) state.ops.splice(drop, 1);
    }
    saveState(state);
    return op;
  }

  function scoreNow(now) {
    if (!engine || !config || !state) return null;
    const answer = engine.score({
      config,
      contact: state.contact,
      ops: state.ops,
      now,
    });
    if (answer && !answer.ok) {
      const first = answer.errors?.[0];
      throw new Error(`the scoring config is not valid: ${first?.pointer} ${first?.message}`);
    }
    return answer;
  }

  function threshold() {
    if (Number.isFinite(options.ctaScore)) return options.ctaScore;
    const mql = config?.stages?.mql_score;
    return Number.isFinite(mql) ? mql : 50;
  }

  // Re-scores after a change and shows or hides the call to action.
  function refresh() {
    if (!tracking() || !engine) return;
    const last = state.ops.length ? Date.parse(state.ops[state.ops.length - 1].at) : 0;
    latest = scoreNow(new Date(Math.max(Date.now(), last)).toISOString());
    if (!latest) return;
    ui.host.dataset.score = String(latest.score);
    const show = latest.score >= threshold() && !state.dismissed;
    ui.cta.hidden = !show;
    if (show && !ui.ctaShown) {
      ui.ctaShown = true;
      document.dispatchEvent(
        new CustomEvent('tandem:cta', { detail: { score: latest.score, threshold: threshold() } }),
      );
    }
  }

  // The lead packet: a workspace document the app imports as is, plus `packet`.
  function buildPacket() {
    if (!state?.contact) return null;
    const now = state.ops[state.ops.length - 1].at; // the app's default `now`
    const answer = scoreNow(now);
    return {
      format: 'tandem.workspace',
      version: 1,
      config: config ?? {}, // a config that failed to load: the app scores with its defaults
      contacts: [state.contact],
      ops: state.ops.slice(),
      packet: {
        kind: 'lead',
        widget: VERSION,
        site: location.origin,
        page: location.pathname,
        visitor: state.visitor,
        contact: state.contact.id,
        consent: {
          tracking: state.consent,
          email: state.ops.some((o) => o.type === 'consent' && o.props.email === 'granted')
            ? 'granted'
            : 'not_given',
        },
        score: answer && {
          now: answer.now,
          score: answer.score,
          fit: answer.fit,
          behaviour: answer.behaviour,
          threshold: threshold(),
        },
        explanation: answer && {
          fit_rules: answer.fit_rules,
          contributions: answer.contributions,
        },
      },
    };
  }

  // Waits for the engine (or its failure) so the packet carries the score when it can.
  function handOver() {
    loaded.then(guard(handOverNow));
  }

  function handOverNow() {
    const packet = buildPacket();
    if (!packet) return;
    document.dispatchEvent(new CustomEvent('tandem:lead', { detail: packet, bubbles: true }));
    if (!options.postUrl) return;
    const body = JSON.stringify(packet);
    fetch(new URL(options.postUrl, location.href), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      keepalive: body.length < 60000, // browsers cap keepalive bodies at 64 KiB
      credentials: 'omit',
    }).catch(report);
  }

  // A form fill: names the visitor (identify joins their history) and records the form.
  function identify({ name, email, company, emailConsent }, extra) {
    if (!tracking()) return;
    email = String(email ?? '').trim();
    if (!email) return;
    sync();
    const fields = { email };
    if (name) fields.name = String(name).trim();
    if (company) fields.company = String(company).trim();
    if (!state.contact) {
      const op = record('identify', { visitor: state.visitor });
      state.contact = { id: `lead-${state.replica.slice(4)}`, ...fields, source: 'website' };
      state.contact.created = op.at;
      op.contact = state.contact.id;
    } else {
      Object.assign(state.contact, fields);
    }
    if (emailConsent) record('consent', { email: 'granted' });
    for (const [type, props] of extra) record(type, props);
    saveState(state);
    refresh();
    handOver();
  }

  // ---- the host page: clicks on marked CTAs and gated links, submits of marked forms ----

  function onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    const gate = target?.closest('[data-tandem-gate]');
    if (gate) {
      const content = gate.getAttribute('data-tandem-gate');
      if (state?.contact || !tracking()) {
        record('content_download', { content });
        refresh();
        return;
      }
      event.preventDefault();
      openForm({
        title: `Get ${gate.getAttribute('data-tandem-title') || content}`,
        submit: 'Download',
        form: `gate:${content}`,
        download: webUrl(gate.getAttribute('href')),
        extra: [['content_download', { content }]],
      });
      return;
    }
    const cta = target?.closest('[data-tandem-cta]');
    if (cta) {
      record('cta_click', { cta: cta.getAttribute('data-tandem-cta') });
      refresh();
    }
  }

  // The gated file's address as a web address, or null: a javascript: or data: link is never
  // offered again inside the widget.
  function webUrl(href) {
    if (!href) return null;
    try {
      const url = new URL(href, location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch {
      return null;
    }
  }

  function onSubmit(event) {
    const form = event.target instanceof HTMLFormElement ? event.target : null;
    if (!form?.hasAttribute('data-tandem-form')) return;
    const data = new FormData(form);
    const name = form.getAttribute('data-tandem-form');
    const extra = [['form_submit', { form: name }]];
    const also = form.getAttribute('data-tandem-type'); // e.g. demo_request
    if (ACTIVITY.has(also)) extra.push([also, { form: name }]);
    else if (also) report(new Error(`data-tandem-type="${also}" is not an activity type`));
    const email = data.get('email');
    if (email) {
      identify(
        {
          name: data.get('name'),
          email,
          company: data.get('company'),
          emailConsent: data.get('email_consent') === 'on',
        },
        extra,
      );
    } else {
      for (const [type, props] of extra) record(type, props);
      refresh();
    }
  }

  // ---- the shadow root: consent banner, gated-content form, call to action ----

  const css = `
:host { all: initial !important; position: fixed !important; z-index: 2147483000 !important;
  right: 16px !important; bottom: 16px !important; display: block !important;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif !important; color: #1d2433 !important; }
[hidden] { display: none !important; }
.card { box-sizing: border-box; width: 320px; max-width: calc(100vw - 32px); margin-top: 10px;
  padding: 16px; background: #fff; border: 1px solid #d8dce6; border-radius: 10px;
  box-shadow: 0 8px 24px rgba(20, 30, 60, .18); }
.title { font-weight: 600; font-size: 15px; margin: 0 0 6px; }
.text { margin: 0 0 12px; color: #4a5368; }
.row { display: flex; gap: 8px; justify-content: flex-end; }
.button { font: inherit; font-weight: 600; cursor: pointer; border-radius: 6px; padding: 8px 14px;
  border: 1px solid #2f5bea; background: #2f5bea; color: #fff; }
.button.quiet { background: #fff; color: #2f5bea; }
label { display: block; margin: 0 0 8px; font-size: 13px; color: #4a5368; }
input[type=text], input[type=email] { box-sizing: border-box; display: block; width: 100%;
  margin-top: 3px; padding: 7px 9px; font: inherit; color: #1d2433; background: #fff;
  border: 1px solid #c3c9d6; border-radius: 6px; }
label.check { display: flex; gap: 6px; align-items: center; }
a.download { display: inline-block; margin-top: 4px; color: #2f5bea; font-weight: 600; }
`;

  function element(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function adoptStyles(root) {
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
      // Constructed sheets need no style-src allowance under a Content-Security-Policy.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(element('style', { text: css }));
    }
  }

  function buildUi() {
    const host = element('div', { 'data-tandem-widget': VERSION });
    const root = host.attachShadow({ mode: 'open' });
    adoptStyles(root);

    const consent = element('section', { class: 'card', part: 'consent', hidden: '', role: 'dialog', 'aria-label': 'Consent' }, [
      element('p', { class: 'title', text: 'Can we remember your visit?' }),
      element('p', {
        class: 'text',
        text: `With your consent, ${options.company} keeps what you look at here, so sales can help you better.`,
      }),
      element('div', { class: 'row' }, [
        element('button', { class: 'button quiet', type: 'button', 'data-action': 'decline', text: 'No thanks' }),
        element('button', { class: 'button', type: 'button', 'data-action': 'accept', text: 'Accept' }),
      ]),
    ]);

    const form = element('form', { class: 'card', part: 'form', hidden: '', role: 'dialog', 'aria-label': 'Your details' }, [
      element('p', { class: 'title', 'data-field': 'title' }),
      element('label', {}, ['Name', element('input', { type: 'text', name: 'name', autocomplete: 'name', required: '' })]),
      element('label', {}, ['Work email', element('input', { type: 'email', name: 'email', autocomplete: 'email', required: '' })]),
      element('label', {}, ['Company', element('input', { type: 'text', name: 'company', autocomplete: 'organization' })]),
      element('label', { class: 'check' }, [element('input', { type: 'checkbox', name: 'email_consent' }), 'Email me product news']),
      element('div', { class: 'row' }, [
        element('button', { class: 'button quiet', type: 'button', 'data-action': 'close', text: 'Cancel' }),
        element('button', { class: 'button', type: 'submit', 'data-field': 'submit' }),
      ]),
    ]);

    const thanks = element('section', { class: 'card', part: 'thanks', hidden: '', role: 'status' }, [
      element('p', { class: 'title', 'data-field': 'thanks', text: 'Thank you!' }),
      element('a', { class: 'download', 'data-field': 'download', hidden: '', text: 'Download now' }),
      element('div', { class: 'row' }, [
        element('button', { class: 'button quiet', type: 'button', 'data-action': 'close', text: 'Close' }),
      ]),
    ]);

    const cta = element('section', { class: 'card', part: 'cta', hidden: '', role: 'complementary', 'aria-label': 'Talk to sales' }, [
      element('p', { class: 'title', text: 'Talk to sales' }),
      element('p', { class: 'text', text: 'You have seen a lot of what we do. A 20-minute call answers the rest.' }),
      element('div', { class: 'row' }, [
        element('button', { class: 'button quiet', type: 'button', 'data-action': 'dismiss', text: 'Later' }),
        element('button', { class: 'button', type: 'button', 'data-action': 'talk', text: 'Talk to sales' }),
      ]),
    ]);

    root.append(consent, form, thanks, cta);
    const ui = { host, root, consent, form, thanks, cta, ctaShown: false, pending: null };

    root.addEventListener('click', guard((event) => {
      const action = event.target instanceof Element ? event.target.closest('[data-action]') : null;
      switch (action?.getAttribute('data-action')) {
        case 'accept':
          decide('granted');
          break;
        case 'decline':
          decide('declined');
          break;
        case 'close':
          form.hidden = true;
          thanks.hidden = true;
          break;
        case 'dismiss':
          state.dismissed = true;
          saveState(state);
          cta.hidden = true;
          break;
        case 'talk':
          talkToSales();
          break;
        default:
          break;
      }
    }));
    form.addEventListener('submit', guard((event) => {
      event.preventDefault();
      const data = new FormData(form);
      const pending = ui.pending;
      form.hidden = true;
      identify(
        {
          name: data.get('name'),
          email: data.get('email'),
          company: data.get('company'),
          emailConsent: data.get('email_consent') === 'on',
        },
        [['form_submit', { form: pending.form }], ...pending.extra],
      );
      const link = thanks.querySelector('[data-field=download]');
      link.hidden = !pending.download;
      if (pending.download) {
        link.setAttribute('href', pending.download);
        link.setAttribute('download', '');
      }
      thanks.querySelector('[data-field=thanks]').textContent = pending.thanks ?? 'Thank you!';
      thanks.hidden = false;
    }));
    return ui;
  }

  function openForm(pending) {
    ui.pending = pending;
    ui.thanks.hidden = true;
    ui.form.querySelector('[data-field=title]').textContent = pending.title;
    ui.form.querySelector('[data-field=submit]').textContent = pending.submit;
    for (const key of ['name', 'email', 'company'])
      if (state?.contact?.[key]) ui.form.elements[key].value = state.contact[key];
    ui.form.hidden = false;
    ui.form.elements.name.focus({ preventScroll: true });
  }

  function talkToSales() {
    record('cta_click', { cta: 'talk-to-sales' });
    ui.cta.hidden = true;
    state.dismissed = true;
    saveState(state);
    const target = webUrl(options.ctaUrl);
    if (target) {
      location.assign(target);
      return;
    }
    openForm({
      title: 'Talk to sales',
      submit: 'Request a call',
      form: 'talk-to-sales',
      extra: [['demo_request', { form: 'talk-to-sales' }]],
      thanks: 'Thank you! Sales will be in touch within a working day.',
    });
  }

  let viewed = false;
  function viewThisPage() {
    if (viewed || !tracking()) return;
    viewed = true;
    record('page_view', { path: location.pathname });
  }

  function decide(consent) {
    ui.consent.hidden = true;
    if (consent === 'granted') {
      if (state) state.consent = 'granted';
      else state = freshState('granted');
      saveState(state);
      viewThisPage();
      refresh();
    } else {
      state = null;
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify({ consent: 'declined', ops: [] }));
      } catch {
        // refusal kept for this page only
      }
    }
  }

  async function start() {
    if (!document.body) {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    ui = buildUi();
    document.body.append(ui.host);
    document.addEventListener('click', guard(onClick), true);
    document.addEventListener('submit', guard(onSubmit), true);

    const needsConsent = options.consent;
    if (state?.consent === 'declined') state = null;
    else if (needsConsent && state?.consent !== 'granted') ui.consent.hidden = false;
    else if (!state) state = freshState('not-required');
    else if (!needsConsent && state.consent !== 'granted') state.consent = 'not-required';
    viewThisPage();

    try {
      [config, engine] = await Promise.all([loadConfig(options.config), loadEngine(options.wasm)]);
      refresh();
    } catch (error) {
      ui.host.dataset.ready = 'failed'; // forms and history still work; only scoring is off
      engine = null;
      throw error;
    } finally {
      resolveLoaded();
    }
    ui.host.dataset.ready = 'true';
    resolveReady(api);
    document.dispatchEvent(new CustomEvent('tandem:ready'));
  }

  const api = Object.freeze({
    version: VERSION,
    // Resolves once the engine and the config are loaded.
    ready,
    // Records an activity op (page_view for single-page sites, cta_click, ...).
    track: guard((type, props = {}) => {
      if (!ACTIVITY.has(type) || !isPlainObject(props)) {
        throw new Error(`track: "${type}" is not an activity type (${[...ACTIVITY].join(', ')})`);
      }
      const op = record(type, JSON.parse(JSON.stringify(props))); // plain data only
      refresh();
      return op && { ...op };
    }),
    // A form fill the host handled itself: { name, email, company } plus its form name.
    identify: guard((person, form = 'website') => {
      if (isPlainObject(person)) identify(person, [['form_submit', { form: String(form) }]]);
    }),
    // The visitor's current score: { score, fit, behaviour, fit_rules, contributions }.
    score: guard(() => (latest ? structuredClone(latest) : null)),
    // The packet as it would be handed over now, or null before identification.
    packet: guard(() => buildPacket()),
    // Records the visitor's answer where the site asks for consent.
    consent: guard((granted) => decide(granted ? 'granted' : 'declined')),
    // Forgets the visitor: their history and id leave this browser.
    forget: guard(() => {
      forgetState();
      state = null;
    }),
  });

  try {
    Object.defineProperty(window, 'TandemWidget', {
      value: api,
      enumerable: true,
      configurable: true,
      writable: false,
    });
  } catch (error) {
    report(error);
  }
  guard(start)();
})();
