// The demo data centre's service worker. Every request under `<scope>demo/` is answered by the C++
// demo server (core/zoho/demo_server.hpp) inside console.wasm: the page's own module, loaded here without
// running main() (wasm/demo_worker.cpp holds its entry points); everything else goes to the network
// untouched. Its state (codes, tokens, consents, leads) is kept in IndexedDB so it survives the browser
// stopping an idle worker.
'use strict';
// The module's options: no main() (no window here), and the wasm compiled on the first demo request
// rather than at every start of this worker (instantiateWasm is emscripten's hook for doing it yourself).
// console.js's top-level names are minified (scripts/minify.mjs); this file's are long, so none collide.
let compileModule = null;
const moduleReady = new Promise((resolve) => {
  self.Module = {
    noInitialRun: true,
    locateFile: (file) => new URL(file, self.registration.scope).href,
    instantiateWasm(imports, receiveInstance) {
      compileModule = () => WebAssembly.instantiateStreaming(fetch(Module.locateFile('console.wasm')), imports)
        .then(({ instance, module }) => receiveInstance(instance, module));
      return {};
    },
    onRuntimeInitialized: () => resolve(self.Module),
  };
});
// base64url.js: the page's base64url (web/base64url.js), for the PKCE check below.
importScripts('base64url.js', 'console.js');

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

// One value of the demo's 'state' store ('server': the C++ server's saved state; 'signing-key'), or null.
async function readState(key) {
  try {
    const db = await openStateDb();
    return await new Promise((resolve) => {
      const request = db.transaction('state', 'readonly').objectStore('state').get(key);
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
    serverPromise = (async () => {
      await compileModule();
      const module = await moduleReady;
      const state = await readState('server');
      if (state) module.ccall('zc_demo_load_state', null, ['string', 'string'], [BASE, state]);
      return module;
    })().catch((error) => {
      serverPromise = null;  // the next demo request tries again (a network hiccup fetching console.wasm)
      throw error;
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

// Sign in with Zoho: the demo's RS256 key pair (core/zoho/demo_openid.hpp). WebCrypto makes it at first
// use and it is kept with the demo's saved state in IndexedDB (never a key in the repository); the C++
// gets only the public half, and returns what to sign.
let keyPromise = null;
const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

async function makeKey() {
  const pair = await crypto.subtle.generateKey({ ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
                                               true, ['sign', 'verify']);
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = 'demo-' + base64url(crypto.getRandomValues(new Uint8Array(9)));
  const record = { kid, privateJwk, publicJwk: { kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid } };
  try {
    const db = await openStateDb();
    db.transaction('state', 'readwrite').objectStore('state').put(record, 'signing-key');
  } catch (error) {
    // In memory only: a worker restart makes a new key, and the old id_tokens' kid becomes unknown.
  }
  return record;
}

function signingKey() {
  if (!keyPromise) {
    keyPromise = readState('signing-key').then(async (record) => {
      const r = record || await makeKey();
      return { ...r, privateKey: await crypto.subtle.importKey('jwk', r.privateJwk, RS256, false, ['sign']) };
    }).catch(() => null);
  }
  return keyPromise;
}

async function signed(module, output) {
  const pair = output.headers.find(([name]) => name === 'X-Demo-Signing-Input');
  const key = pair && await signingKey();
  if (!key) return output;
  const signature = await crypto.subtle.sign(RS256, key.privateKey, new TextEncoder().encode(pair[1]));
  return JSON.parse(module.ccall('zc_demo_sign', 'string', ['string', 'string'],
                                 [JSON.stringify(output), base64url(signature)]));
}

async function answer(request) {
  const module = await server();
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const key = await signingKey();
  const input = JSON.stringify({ method: request.method, url: request.url, headers: [...request.headers], body,
                                 codeVerifierSha256: await verifierDigest(body),
                                 signingKey: key ? key.publicJwk : undefined });
  const raw = JSON.parse(module.ccall('zc_demo_handle', 'string', ['string', 'string', 'number'], [BASE, input, Date.now() / 1000]));
  const output = await signed(module, raw);
  await saveState(module.ccall('zc_demo_save_state', 'string', [], []));
  // A failure scenario's transport, as the core decided it (DemoTransport): the connection drops, or the
  // answer waits.
  if (raw.networkGone) return Response.error();
  if (raw.delayMs) await new Promise((resolve) => setTimeout(resolve, raw.delayMs));
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
