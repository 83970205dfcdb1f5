// runback's service worker: the app can be installed, and a morning check-in made
// with no connection is kept on the phone and sent when the connection returns.
//
// Only the morning check-in page and the static files are kept for offline use (a
// phone's cache is not the place for the rest of a health record). A check-in sent
// while offline is stored in IndexedDB with its one-time token; the server writes a
// token once, so sending a copy again can never make a second check-in.
"use strict";

var CACHE = "runback-v1";
var QUEUE_DB = "runback-offline";
var STORE = "checkins";
var MORNING = /\/r\/\d+\/morning\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function openQueue() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(QUEUE_DB, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE, {keyPath: "id", autoIncrement: true});
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function withStore(mode, work) {
  return openQueue().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, mode);
      var result = work(tx.objectStore(STORE));
      tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
      tx.onerror = function () { reject(tx.error); };
    });
  });
}

function keep(item) { return withStore("readwrite", function (s) { return s.add(item); }); }
function queued() { return withStore("readonly", function (s) { return s.getAll(); }); }
function forget(id) { return withStore("readwrite", function (s) { return s.delete(id); }); }

var flushing = null;
// Send every kept check-in, oldest first; stop at the first network failure.
function flush() {
  if (flushing) { return flushing; }
  flushing = queued().then(function (items) {
    return items.reduce(function (chain, item) {
      return chain.then(function () {
        return fetch(item.url, {method: "POST", body: item.body, headers: item.headers,
                                credentials: "same-origin", redirect: "manual"})
          .then(function (response) {
            // Sent (or refused for good, e.g. signed out): either way not kept for ever.
            if (response.status < 500) { return forget(item.id); }
          });
      });
    }, Promise.resolve());
  }).catch(function () { /* still offline: try again later */ })
    .then(function () { flushing = null; });
  return flushing;
}

var SAVED = '<div id="morning" class="card" data-offline="saved"><h1>Saved on this phone</h1>' +
  '<p>You are offline. Your check-in is kept on this phone and sent as soon as the ' +
  'connection is back: nothing more to do.</p></div>';

function checkinPost(request) {
  var copy = request.clone();
  return fetch(request).then(function (response) {
    flush();  // online again: send anything kept earlier too
    return response;
  }).catch(function () {
    return copy.text().then(function (body) {
      var headers = {"Content-Type": copy.headers.get("Content-Type") || "application/x-www-form-urlencoded"};
      ["X-CSRFToken", "HX-Request"].forEach(function (name) {
        if (copy.headers.get(name)) { headers[name] = copy.headers.get(name); }
      });
      return keep({url: copy.url, body: body, headers: headers, kept: Date.now()});
    }).then(function () {
      if (self.registration.sync) { self.registration.sync.register("checkins").catch(function () {}); }
      return new Response(SAVED, {status: 200, headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && MORNING.test(url.pathname)) {
    event.respondWith(checkinPost(request));
  } else if (request.method === "GET" && (MORNING.test(url.pathname) || url.pathname.indexOf("/static/") !== -1)) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "checkins") { event.waitUntil(flush()); }
});
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "flush") { event.waitUntil(flush()); }
});
