// Loads the built WASM engine in Node for the tests: the very files the site serves
// (public/wasm/), given the .wasm bytes because Node's fetch cannot read a file path.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = `${root}tests/fixtures/`;
export const cli = `${root}build/native/cli/tandem`;

export async function loadEngine() {
  const { loadTandem } = await import(`${root}public/wasm/api.js`);
  return loadTandem({ wasmBinary: readFileSync(`${root}public/wasm/tandem.wasm`) });
}

export function fixture(name) {
  return readFileSync(`${fixtures}${name}`, 'utf8');
}
