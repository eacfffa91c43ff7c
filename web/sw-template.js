// Steady Hold service worker (hand-written; the build fills in the list of files and a version).
// Install: cache the whole app shell. Fetch: same-origin GETs are served from the cache first, so
// the app opens and reloads with no network; navigations fall back to the cached page.
const SHELL = self.__SHELL__;
const CACHE = "steady-hold-" + self.__VERSION__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("steady-hold-") && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((hit) => {
        if (hit) return hit;
        return fetch(request).catch(() => {
          if (request.mode === "navigate") return cache.match("./");
          return new Response("Offline and not cached: " + request.url, {
            status: 503,
            headers: { "content-type": "text/plain" },
          });
        });
      }),
    ),
  );
});
