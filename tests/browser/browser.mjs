// Shared by the browser tests: serves public/ on a free loopback port with the project's own
// server and drives Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const screenshots = join(root, 'tests/browser/screenshots');
mkdirSync(screenshots, { recursive: true });

// Starts scripts/serve.mjs on a free port; resolves to { url, close }.
export function serve() {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, [join(root, 'scripts/serve.mjs')], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve({ url: match[0], close: () => server.kill() });
    });
    server.on('exit', (code) => reject(new Error(`the server exited (${code}) before serving`)));
  });
}

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const VIEWPORT = { width: 1280, height: 860 };

// A headless Chromium with the flags that work here; `profile` keeps IndexedDB across launches.
// `options` go to playwright (serviceWorkers: 'block', say).
export async function launch({ profile = mkdtempSync(join(tmpdir(), 'tandem-profile-')), ...options } = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORT,
    ...options,
  });
  return { context, profile };
}

// One headless Chromium for a file of tests that need no profile kept on disk: each test opens
// a context of its own with `newContext(browser)`, which starts as a first visit (its own
// IndexedDB, localStorage and service workers, seen by no other context).
export function launchShared() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export function newContext(browser, options = {}) {
  return browser.newContext({ viewport: VIEWPORT, ...options });
}

// A headless Chromium on `profile` started as a process of its own (its own process group),
// driven over CDP, so a test can kill it as a crash would: `kill()` sends SIGKILL to every
// process of the browser and resolves once the browser process is gone.
export async function launchKillable(profile) {
  const child = spawn(CHROMIUM, ['--headless', ...FLAGS, `--user-data-dir=${profile}`,
    '--remote-debugging-port=0', '--window-size=1280,860', 'about:blank'],
  { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const endpoint = await new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`chromium exited (${code}) before listening: ${seen}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const [context] = browser.contexts();
  return {
    context,
    profile,
    async kill() {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

// Collects what the page and its workers print as errors, to fail a test on any of them.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A page with no icon of its own (a .txt file) makes the browser probe /favicon.ico: the
    // 404 is the browser's, not the app's, and may land after the next navigation.
    if (new URL(message.location().url || 'about:blank').pathname === '/favicon.ico') return;
    errors.push(`console: ${message.text()}`);
  });
  return errors;
}
