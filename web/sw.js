// The demo data centre's service worker. Every request under `<scope>demo/` is answered by the C++
// demo server (core/zoho/demo_server.hpp) compiled to demo_dc.js/.wasm; everything else goes to the
// network untouched. Its state (codes, tokens, consents, leads) is kept in IndexedDB so it survives the
// browser stopping an idle worker.
'use strict';
// base64url.js: the page's base64url (web/base64url.js), for the PKCE check below.
importScripts('base64url.js', 'demo_dc.js');

const BASE = self.registration.scope;            // ends with '/': where the console is hosted
const DEMO_PREFIX = BASE + 'demo/';
const STATE_DB = 'zoho-demo-data-centre';

let serverPromise = null;

function openStateDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(STATE_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('state');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function loadState() {
  try {
    const db = await openStateDb();
    return await new Promise((resolve) => {
      const request = db.transaction('state', 'readonly').objectStore('state').get('server');
      request.onsuccess = () => resolve(request.result || null);
      request.onerror = () => resolve(null);
    });
  } catch (error) {
    return null;
  }
}

async function saveState(text) {
  try {
    const db = await openStateDb();
    await new Promise((resolve) => {
      const tx = db.transaction('state', 'readwrite');
      tx.objectStore('state').put(text, 'server');
      tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
    });
  } catch (error) {
    // The demo keeps working in memory; only a worker restart would forget its codes and tokens.
  }
}

function server() {
  if (!serverPromise) {
    serverPromise = createDemoDc({ locateFile: (file) => new URL(file, BASE).href }).then(async (module) => {
      const state = await loadState();
      if (state) module.ccall('zc_demo_load_state', null, ['string', 'string'], [BASE, state]);
      return module;
    });
  }
  return serverPromise;
}

// SHA-256 of the body's code_verifier, for the server's PKCE check (the C++ core has no hash; WebCrypto
// does it here, as OpenSSL does in the native tests).
async function verifierDigest(body) {
  const verifier = new URLSearchParams(body).get('code_verifier');
  if (!verifier) return '';
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

async function answer(request) {
  const module = await server();
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const input = JSON.stringify({ method: request.method, url: request.url, headers: [...request.headers], body,
                                 codeVerifierSha256: await verifierDigest(body) });
  const output = JSON.parse(module.ccall('zc_demo_handle', 'string', ['string', 'string', 'number'],
                                         [BASE, input, Date.now() / 1000]));
  await saveState(module.ccall('zc_demo_save_state', 'string', [], []));
  const headers = new Headers(output.headers);
  if (output.status >= 300 && output.status < 400) return Response.redirect(headers.get('Location'), output.status);
  const empty = output.status === 204 || output.status === 304;
  return new Response(empty ? null : output.body, { status: output.status, headers });
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (event.request.url.startsWith(DEMO_PREFIX)) event.respondWith(answer(event.request));
});
