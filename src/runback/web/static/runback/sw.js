// runback's service worker. Its one job so far: be there, so the app can be installed.
// (Offline morning check-ins are added in offline.js and handled below when present.)
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
