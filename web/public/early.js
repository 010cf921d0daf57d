/* global fetch, location */
// Tessera console: the first screen's API requests, started before the app's own code has downloaded.
// A classic script of its own (index.html runs it first, ahead of the app's modules): the session, and on the Auth
// Tokens page (where /settings leads) its user and token list once the session says someone is signed in, travel
// while React, the router and the page load and compile. The API client takes each response once, within 10 s of the
// page load (src/lib/early-requests.ts); what is not taken is dropped. Plain JavaScript, not bundled: bundling it
// would run it only after the app's modules had loaded, which is what it is here to avoid.
(function () {
  'use strict';
  var early = new Map();
  function get(path) {
    return fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })[
      'catch'
    ](function () {
      return undefined; // the API client asks again, and reports a failure the way it always does
    });
  }
  var session = get('/api/session');
  early.set('/api/session', session);
  if (/^\/settings(?:\/auth-tokens)?\/?$/.test(location.pathname)) {
    ['/api/users/me', '/api/users/me/auth-tokens'].forEach(function (path) {
      early.set(
        path,
        session.then(function (res) {
          return res && res.ok ? get(path) : undefined;
        }),
      );
    });
  }
  globalThis.__tesseraEarly = early;
})();
