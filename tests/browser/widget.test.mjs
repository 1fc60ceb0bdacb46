// The embed widget on the demo marketing site (public/site/): isolated in its shadow root, one
// global, scoring a visitor with the engine's rules, a call to action past the threshold, and
// a lead packet that the app's engine imports to the same score. Variants of the page are
// served through request interception: one asking for consent, one whose own scripts throw,
// one under a strict Content-Security-Policy (exactly what docs/widget.md asks for).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch, root, screenshots, serve, watchErrors } from './browser.mjs';

const WIDGET = '[data-tandem-widget]';
const CLI = join(root, 'build/native/cli/tandem');

// The Content-Security-Policy docs/widget.md gives for a widget served from the site itself.
const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

let server;
const contexts = [];

before(async () => {
  server = await serve();
});

after(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  server?.close();
});

// Runs before any script of each page: the globals as they were, every lead packet and every
// CSP violation, kept where Object.keys(window) does not see them. (Long tasks on the host
// page are timings: tests/bench/widget-bench.mjs measures them.)
function observe() {
  const seen = { keys: Object.keys(window), packets: [], violations: [] };
  Object.defineProperty(window, '__widgetTest', { value: seen, enumerable: false });
  document.addEventListener('tandem:lead', (event) => seen.packets.push(event.detail));
  document.addEventListener('securitypolicyviolation', (event) =>
    seen.violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
  );
}

// A fresh browser profile (its own localStorage: a new visitor) with the observer installed.
async function newPage({ route } = {}) {
  const { context } = await launch();
  contexts.push(context);
  const page = await context.newPage();
  await page.addInitScript(observe);
  if (route) await page.route(`${server.url}site/`, route);
  return page;
}

// Serves the demo page with its HTML changed and, optionally, extra response headers.
function rewrite(change, headers = {}) {
  return async (route) => {
    const response = await route.fetch();
    const html = change(await response.text());
    await route.fulfill({ response, body: html, headers: { ...response.headers(), ...headers } });
  };
}

async function ready(page) {
  await page.waitForSelector(`${WIDGET}[data-ready="true"]`, { state: 'attached' });
}

const seen = (page) => page.evaluate(() => window.__widgetTest);

// Downloads the gated guide on the product page through the widget's form.
async function downloadGuide(page, { name = 'Rosa Vale', email = 'rosa@kestrel-foods.example' } = {}) {
  await page.click('#guide');
  await page.fill(`${WIDGET} form[part=form] input[name=name]`, name);
  await page.fill(`${WIDGET} form[part=form] input[name=email]`, email);
  await page.fill(`${WIDGET} form[part=form] input[name=company]`, 'Kestrel Foods');
  await page.check(`${WIDGET} form[part=form] input[name=email_consent]`);
  await page.click(`${WIDGET} form[part=form] button[type=submit]`);
  await page.waitForSelector(`${WIDGET} [part=thanks] a[download]`);
  await page.waitForFunction(() => window.__widgetTest.packets.length > 0);
}

// The engine of the app, in Node: the same module the app's worker runs.
async function appEngine() {
  const { loadTandem } = await import(join(root, 'public/wasm/api.js'));
  return loadTandem({ wasmBinary: readFileSync(join(root, 'public/wasm/tandem.wasm')) });
}

test('Widget.RendersIsolatedInItsShadowRootWithOneGlobal', async () => {
  const page = await newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}site/`);
  await ready(page);

  const globals = await page.evaluate(() => {
    const before = new Set(window.__widgetTest.keys);
    return Object.keys(window).filter((key) => !before.has(key));
  });
  assert.deepEqual(globals, ['TandemWidget']);

  await page.click('#guide'); // opens the gated-content form inside the shadow root
  await page.waitForSelector(`${WIDGET} form[part=form]:not([hidden])`);
  const styles = await page.evaluate((selector) => {
    const shadow = document.querySelector(selector).shadowRoot;
    const submit = getComputedStyle(shadow.querySelector('button[type=submit]'));
    const card = getComputedStyle(shadow.querySelector('form.card'));
    const hostButton = getComputedStyle(document.querySelector('button[data-tandem-cta]'));
    const hostCard = getComputedStyle(document.querySelector('main .card'));
    return {
      widgetButton: [submit.backgroundColor, submit.textTransform, submit.fontFamily],
      widgetCard: [card.borderTopStyle, card.backgroundColor],
      hostButton: [hostButton.backgroundColor, hostButton.textTransform],
      hostCard: [hostCard.borderTopStyle, hostCard.backgroundColor],
      sheetsInDocument: document.styleSheets.length,
    };
  }, WIDGET);
  // The host's `button { background: ... !important }` and `* { font-family: Georgia }` stop
  // at the shadow root; the widget's .card and .button stay inside it.
  assert.equal(styles.widgetButton[0], 'rgb(47, 91, 234)');
  assert.equal(styles.widgetButton[1], 'none');
  assert.doesNotMatch(styles.widgetButton[2], /Georgia/);
  assert.deepEqual(styles.widgetCard, ['solid', 'rgb(255, 255, 255)']);
  assert.deepEqual(styles.hostButton, ['rgb(180, 68, 31)', 'uppercase']);
  assert.deepEqual(styles.hostCard, ['dashed', 'rgb(255, 243, 230)']);
  assert.equal(styles.sheetsInDocument, 1, 'only the site.css of the host page');

  await page.screenshot({ path: join(screenshots, 'widget-gate-form.png') });
  assert.deepEqual(errors, []);
});

test('Widget.VisitorWhoBrowsesDownloadsAndRequestsADemoSeesTalkToSales', async () => {
  const page = await newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}site/`);
  await ready(page);
  await downloadGuide(page);
  const threshold = 60;
  const early = await page.evaluate(() => window.TandemWidget.score());
  assert.ok(early.score < threshold, `below the threshold after the download (${early.score})`);
  assert.equal(await page.locator(`${WIDGET} [part=cta]`).isHidden(), true);

  await page.click('header a[data-tandem-cta="nav-pricing"]');
  await page.waitForURL(/pricing\.html$/);
  await ready(page);
  await page.fill('form.demo input[name=name]', 'Rosa Vale');
  await page.fill('form.demo input[name=email]', 'rosa@kestrel-foods.example');
  await page.fill('form.demo input[name=company]', 'Kestrel Foods');
  await page.click('form.demo button[type=submit]');
  await page.waitForSelector(`${WIDGET} [part=cta]:not([hidden])`);
  await page.waitForSelector('#handoff:not([hidden])');
  await page.screenshot({ path: join(screenshots, 'widget-talk-to-sales.png') });

  const { packets } = await seen(page);
  const packet = packets.at(-1);
  assert.equal(packet.format, 'tandem.workspace');
  assert.equal(packet.version, 1);
  assert.ok(packet.packet.score.score >= threshold, `crossed ${threshold}: ${packet.packet.score.score}`);

  // The whole history, from the first anonymous page view to the demo request.
  const types = packet.ops.map((op) => op.type);
  assert.deepEqual(types, [
    'page_view', 'identify', 'consent', 'form_submit', 'content_download', 'cta_click',
    'page_view', 'form_submit', 'demo_request',
  ]);
  assert.equal(packet.ops[0].contact, packet.packet.visitor);
  assert.match(packet.packet.visitor, /^v:[0-9a-f]{16}$/);
  assert.ok(packet.ops.every((op) => op.id.startsWith(`web-${packet.packet.visitor.slice(2)}:`)));
  assert.deepEqual(packet.ops[1].props, { visitor: packet.packet.visitor });
  assert.equal(packet.contacts[0].email, 'rosa@kestrel-foods.example');
  assert.equal(packet.packet.consent.email, 'granted');

  // The app's engine imports the packet as is and computes the very same score.
  const tandem = await appEngine();
  const opened = tandem.openWorkspace(JSON.stringify(packet));
  assert.deepEqual(opened.errors, []);
  const why = opened.workspace.explain(packet.packet.contact);
  assert.equal(why.score, packet.packet.score.score);
  assert.equal(why.fit, packet.packet.score.fit);
  assert.equal(why.behaviour, packet.packet.score.behaviour);
  assert.deepEqual(
    why.contributions.map(({ rule, op, earned, points_now }) => ({ rule, op, earned, points_now })),
    packet.packet.explanation.contributions.map(({ rule, op, earned, points_now }) => ({ rule, op, earned, points_now })),
  );
  assert.equal(why.stage, 'sql', 'the demo request is a hand-raise');
  opened.workspace.dispose();

  // And so does the command line.
  const file = join(mkdtempSync(join(tmpdir(), 'tandem-packet-')), 'packet.json');
  writeFileSync(file, JSON.stringify(packet));
  execFileSync(CLI, ['validate', file]);
  const cli = JSON.parse(execFileSync(CLI, ['explain', file, packet.packet.contact], { encoding: 'utf8' }));
  assert.equal(cli.score, packet.packet.score.score);

  // Talk to sales: the form comes prefilled, and one more packet carries the request.
  await page.click(`${WIDGET} [part=cta] [data-action=talk]`);
  await page.waitForSelector(`${WIDGET} form[part=form]:not([hidden])`);
  assert.equal(await page.inputValue(`${WIDGET} form[part=form] input[name=email]`), 'rosa@kestrel-foods.example');
  await page.click(`${WIDGET} form[part=form] button[type=submit]`);
  await page.waitForFunction((count) => window.__widgetTest.packets.length > count, packets.length);
  const last = (await seen(page)).packets.at(-1);
  assert.deepEqual(last.ops.slice(-3).map((op) => op.type), ['cta_click', 'form_submit', 'demo_request']);

  assert.deepEqual(errors, []);
});

test('Widget.AsksForConsentBeforeRecordingWhenTheSiteRequiresIt', async () => {
  const page = await newPage({
    route: rewrite((html) => html.replace('data-cta-score="60"', 'data-cta-score="60" data-consent="required"')),
  });
  const errors = watchErrors(page);
  await page.goto(`${server.url}site/`);
  await page.waitForSelector(`${WIDGET} [part=consent]:not([hidden])`);
  await ready(page);
  await page.screenshot({ path: join(screenshots, 'widget-consent.png') });
  await page.click('button[data-tandem-cta="hero-tour"]');
  assert.equal(await page.evaluate(() => localStorage.getItem('tandem.widget')), null);

  await page.click(`${WIDGET} [part=consent] [data-action=accept]`);
  await page.waitForSelector(`${WIDGET} [part=consent]`, { state: 'hidden' });
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('tandem.widget')));
  assert.equal(stored.consent, 'granted');
  assert.deepEqual(stored.ops.map((op) => op.type), ['page_view']);

  await downloadGuide(page);
  const { packets } = await seen(page);
  assert.equal(packets.at(-1).packet.consent.tracking, 'granted');
  assert.deepEqual(errors, []);
});

test('Widget.KeepsWorkingOnAHostPageThatThrows', async () => {
  const broken = `<script>
    document.addEventListener('click', () => { throw new Error('host click handler'); });
    setTimeout(() => { throw new Error('host timer'); });
    JSON.parse('{not json');
  </script>`;
  const page = await newPage({ route: rewrite((html) => html.replace('<link rel="stylesheet"', `${broken}<link rel="stylesheet"`)) });
  const errors = watchErrors(page);
  await page.goto(`${server.url}site/`);
  await ready(page);
  await downloadGuide(page);
  const { packets } = await seen(page);
  assert.equal(packets.length, 1);
  assert.ok(packets[0].packet.score.score > 0);
  // Only the host's own errors were reported; none came from the widget.
  assert.ok(errors.length > 0);
  assert.ok(errors.every((e) => /host click handler|host timer|JSON/.test(e)), errors.join('\n'));
});

test('Widget.WorksUnderTheStrictContentSecurityPolicyItDocuments', async () => {
  // Under the policy: the config inline in a JSON <script> and a POST of each packet.
  const rules = readFileSync(join(root, 'public/site/tandem-config.json'), 'utf8');
  const inline = (html) =>
    html
      .replace('data-config="tandem-config.json"', 'data-config="#tandem-rules" data-post-url="leads"')
      .replace('</head>', `<script type="application/json" id="tandem-rules">${rules}</script></head>`);
  const page = await newPage({ route: rewrite(inline, { 'content-security-policy': STRICT_CSP }) });
  const posted = [];
  let postArrived;
  const postedOnce = new Promise((resolve) => {
    postArrived = resolve;
  });
  await page.route(`${server.url}site/leads`, async (route) => {
    posted.push(route.request().postDataJSON());
    await route.fulfill({ status: 204 });
    postArrived();
  });
  const errors = watchErrors(page);
  await page.goto(`${server.url}site/`);
  await ready(page);
  await downloadGuide(page);
  await postedOnce;
  const { packets, violations } = await seen(page);
  assert.equal(packets.length, 1);
  assert.ok(packets[0].packet.score.score > 0);
  assert.deepEqual(posted, packets);
  assert.deepEqual(violations, []);
  await page.screenshot({ path: join(screenshots, 'widget-strict-csp.png') });
  assert.deepEqual(errors, []);
});

test('Widget.TwoTabsOfTheSiteKeepOneHistoryWithUniqueIds', async () => {
  const first = await newPage();
  const errors = watchErrors(first);
  await first.goto(`${server.url}site/`);
  await ready(first);
  const second = await first.context().newPage();
  await second.addInitScript(observe);
  await second.goto(`${server.url}site/pricing.html`);
  await ready(second);
  await first.click('button[data-tandem-cta="hero-tour"]'); // after the other tab's page view
  await downloadGuide(first);

  const packet = (await seen(first)).packets.at(-1);
  const ids = packet.ops.map((op) => op.id);
  assert.equal(new Set(ids).size, ids.length, ids.join(' '));
  assert.deepEqual(
    packet.ops.filter((op) => op.type === 'page_view').map((op) => op.props.path),
    ['/site/', '/site/pricing.html'],
  );
  assert.ok(packet.ops.some((op) => op.type === 'cta_click' && op.props.cta === 'hero-tour'));
  assert.deepEqual(errors, []);
});

test('Widget.ApiRecordsActivityAndRefusesTheRestWithoutThrowing', async () => {
  const page = await newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}site/`);
  await ready(page);
  const result = await page.evaluate(() => {
    const refusals = [];
    document.addEventListener('tandem:error', (event) => refusals.push(event.detail.message));
    const op = window.TandemWidget.track('page_view', { path: '/site/app/settings' });
    const refused = window.TandemWidget.track('erase', {});
    const stored = JSON.parse(localStorage.getItem('tandem.widget'));
    window.TandemWidget.forget();
    return {
      op,
      refused: refused ?? null,
      refusals,
      types: stored.ops.map((o) => o.type),
      frozen: Object.isFrozen(window.TandemWidget),
      afterForget: localStorage.getItem('tandem.widget'),
    };
  });
  assert.equal(result.op.type, 'page_view');
  assert.deepEqual(result.op.props, { path: '/site/app/settings' });
  assert.equal(result.refused, null);
  assert.match(result.refusals[0], /"erase" is not an activity type/);
  assert.deepEqual(result.types, ['page_view', 'page_view']);
  assert.equal(result.frozen, true);
  assert.equal(result.afterForget, null);
  assert.deepEqual(errors, []);
});
