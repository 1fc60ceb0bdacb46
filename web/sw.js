// The service worker: keeps the app shell, the engine and the demo in a cache so the app
// opens and works with no network. scripts/build fills in the file list and a version made
// from the files' contents; a new build installs a new cache and drops the old one.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `tandem-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('tandem-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const url = new URL(request.url);
    url.search = '';
    const key = request.mode === 'navigate' ? new URL('./index.html', self.registration.scope).href : url.href;
    const cached = await cache.match(key);
    if (cached) return cached;
    return fetch(request);
  })());
});
