// The engine's figures in a worker, where the app runs the engine too. The workspace file is
// read in pieces with synchronous range requests, so a file of gigabytes never has to be one
// string or one buffer in the page.
import createTandemModule from '/build/wasm/wasm/tandem.mjs';
import { engineFigures } from '../engine-bench.mjs';

const PIECE = 16 * 1024 * 1024;

function rangePieces(url) {
  const head = new XMLHttpRequest();
  head.open('HEAD', url, false);
  head.send();
  if (head.status !== 200) throw new Error(`${url}: HTTP ${head.status}`);
  const bytes = Number(head.getResponseHeader('content-length'));
  let at = 0;
  return {
    bytes,
    next() {
      if (at >= bytes) return null;
      const request = new XMLHttpRequest();
      request.open('GET', url, false);
      request.responseType = 'arraybuffer';
      request.setRequestHeader('range', `bytes=${at}-${Math.min(at + PIECE, bytes) - 1}`);
      request.send();
      if (request.status !== 206) throw new Error(`${url}: HTTP ${request.status} for a range`);
      const piece = new Uint8Array(request.response);
      at += piece.length;
      return piece;
    },
    rewind() {
      at = 0;
    },
  };
}

self.onmessage = async ({ data: { size } }) => {
  try {
    const module = await createTandemModule({ locateFile: (f) => `/build/wasm/wasm/${f}` });
    const source = rangePieces(`/build/bench/workspace-${size}.json`);
    const { figures, config } = await engineFigures(module, source, {
      log: (text) => self.postMessage({ log: text }),
    });
    self.postMessage({ figures, config });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
