/* global self, caches */
/*
 * The survey kiosk's service worker, served as /kiosk/sw.js (scope /kiosk/). It keeps the kiosk
 * page and its styles and script (static/js/kiosk.js puts them in the cache once the page has
 * loaded) so that the kiosk opens and resets without network. Answers never pass through here:
 * kiosk.js queues them in IndexedDB and sends them itself.
 *   - a kiosk page: the network first (a revoked kiosk shows its 410 page, a new version replaces
 *     the kept one); without network, the kept page
 *   - /static/ files (versioned URLs): the kept copy first
 */
'use strict';
var CACHE = 'mutu-kiosk-1';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (n) {
              return n.indexOf('mutu-kiosk-') === 0 && n !== CACHE;
            })
            .map(function (n) {
              return caches.delete(n);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

function isKioskPage(url) {
  return /^\/kiosk\/[A-Za-z0-9_-]+$/.test(url.pathname);
}

function fromNetworkFirst(request) {
  return caches.open(CACHE).then(function (cache) {
    return fetch(request).then(
      function (response) {
        if (response.ok) cache.put(request, response.clone());
        else if (response.status === 404 || response.status === 410) cache.delete(request, { ignoreSearch: true });
        return response;
      },
      function () {
        // this language's page, else the kiosk in any language
        return cache
          .match(request, { ignoreVary: true })
          .then(function (kept) {
            return kept || cache.match(request, { ignoreSearch: true, ignoreVary: true });
          })
          .then(function (kept) {
            return kept || Response.error();
          });
      },
    );
  });
}

function fromCacheFirst(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (kept) {
      return (
        kept ||
        fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        })
      );
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && isKioskPage(url)) event.respondWith(fromNetworkFirst(request));
  else if (url.pathname.indexOf('/static/') === 0) event.respondWith(fromCacheFirst(request));
});
