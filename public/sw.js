// The 云签署 service worker: the app shell comes from the cache so the app starts offline;
// the API is never cached (a signature or a payment state must always be the server's word).
// scripts/sw-precache.sh fills in the build key and file list after every build.
const BUILD = "__CLOUDSIGN_BUILD__";
const PRECACHE = "__CLOUDSIGN_PRECACHE__";
const CACHE = `cloudsign-shell-${BUILD}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith("cloudsign-shell-") && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/sandbox/")) return;

  if (request.mode === "navigate") {
    // Network first, so a deployed build shows at once; the cached shell when offline.
    event.respondWith(fetch(request).catch(() => caches.match("/", { cacheName: CACHE })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
