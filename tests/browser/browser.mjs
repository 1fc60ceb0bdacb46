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

// A headless Chromium with the flags that work here; `profile` keeps IndexedDB across launches.
export async function launch({ profile = mkdtempSync(join(tmpdir(), 'tandem-profile-')) } = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 860 },
  });
  return { context, profile };
}

// Collects what the page and its workers print as errors, to fail a test on any of them.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
