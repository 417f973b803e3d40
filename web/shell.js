// The browser side of the console's shell: IndexedDB storage, the demo data centre's service worker,
// clipboard, the ARIA live region and the automation bridge window.zohoConsole (DESIGN.md). The C++
// module calls in through wasm/js/console_library.js; everything here stays thin on purpose.
'use strict';

(function () {
  const DB_NAME = 'zoho-auth-console';
  const DB_VERSION = 1;
  const STORES = ['profiles', 'tokens', 'pending'];
  const DRAFT_KEY = 'zoho-auth-console.draft';  // unsaved edits of this tab, never a client secret

  let db = null;                       // IDBDatabase, or null in memory mode
  const memory = new Map(STORES.map((s) => [s, new Map()]));
  const writes = new Set();            // promises of writes still under way
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });

  function call(name, ...args) {
    Module.ccall(name, null, args.map(() => 'string'), args);
  }

  // [SECTION] Storage: IndexedDB, falling back to memory with a visible warning (SECURITY.md rule 11).
  function openDatabase() {
    return new Promise((resolve, reject) => {
      if (!('indexedDB' in self) || !self.indexedDB) { reject(new Error('IndexedDB is not available')); return; }
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        for (const s of STORES) {
          if (!request.result.objectStoreNames.contains(s)) request.result.createObjectStore(s);
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error || new Error('IndexedDB open failed'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  }

  function getAll(store) {
    return new Promise((resolve, reject) => {
      const request = db.transaction(store, 'readonly').objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result || []);
      request.onerror = () => reject(request.error);
    });
  }

  async function storageLoad() {
    const result = { profiles: [], tokens: [], pending: [], mode: 'indexeddb', warning: '', draft: null };
    try {
      result.draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || 'null');
    } catch (error) {
      result.draft = null;
    }
    try {
      db = await openDatabase();
      for (const s of STORES) result[s] = await getAll(s);
    } catch (error) {
      db = null;
      result.mode = 'memory';
      result.warning = 'Browser storage is unavailable (' + error.message + '): profiles and tokens live in ' +
        'this tab only and are lost when it closes.';
    }
    call('zc_on_storage_loaded', JSON.stringify(result));
  }

  function write(store, key, apply) {
    if (!db) { apply(memory.get(store)); return; }
    const done = new Promise((resolve) => {
      try {
        const tx = db.transaction(store, 'readwrite');
        apply(tx.objectStore(store));
        tx.oncomplete = () => resolve();
        tx.onerror = tx.onabort = () => {
          call('zc_on_storage_error', 'writing ' + store + ' failed: ' + ((tx.error && tx.error.message) || 'unknown error'));
          resolve();
        };
      } catch (error) {
        call('zc_on_storage_error', 'writing ' + store + ' failed: ' + error.message);
        resolve();
      }
    });
    writes.add(done);
    done.then(() => writes.delete(done));
  }

  function storagePut(store, key, value) {
    const record = JSON.parse(value);
    write(store, key, (target) => (target instanceof Map ? target.set(key, record) : target.put(record, key)));
  }

  function storageDelete(store, key) {
    write(store, key, (target) => target.delete(key));
  }

  // Unsaved edits, kept per tab so a reload loses no work (the model leaves the client secret out).
  function keepDraft(text) {
    try {
      if (text === 'null') sessionStorage.removeItem(DRAFT_KEY);
      else sessionStorage.setItem(DRAFT_KEY, text);
    } catch (error) {
      // Storage refused (private mode): the edits live only in this page.
    }
  }

  // A pending authorization must be on disk before the page leaves for the authorization server.
  async function navigateAfterWrites(url) {
    await Promise.all([...writes]);
    location.assign(url);
  }

  // [SECTION] The demo data centre: a service worker answering under ./demo/ (web/sw.js).
  function serviceWorkerControl() {
    if (!('serviceWorker' in navigator)) return Promise.resolve(false);
    return navigator.serviceWorker.register('sw.js').then(() => {
      if (navigator.serviceWorker.controller) return true;
      // First visit: the page is not controlled until the worker claims it (sw.js calls clients.claim()).
      return new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
        setTimeout(() => resolve(!!navigator.serviceWorker.controller), 5000);
      });
    }).catch(() => false);
  }
  const demoReady = serviceWorkerControl();

  function moduleReady() {
    demoReady.then(() => {
      document.getElementById('loading').classList.add('hidden');
      call('zc_wake');
      resolveReady();
    });
  }

  // [SECTION] WebCrypto: SHA-256 for PKCE (secure contexts only: https or localhost)
  function base64url(bytes) {
    let text = '';
    for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function sha256(text) {
    if (!self.crypto || !crypto.subtle) { call('zc_on_sha256', ''); return; }
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
      .then((digest) => call('zc_on_sha256', base64url(digest)), () => call('zc_on_sha256', ''));
  }

  // [SECTION] Clipboard and accessibility
  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(() => {});
  }

  // GLFW's clipboard is a no-op under emscripten: text comes from the page's paste event (TOOLCHAIN.md).
  document.addEventListener('paste', (event) => {
    const text = event.clipboardData && event.clipboardData.getData('text/plain');
    if (text && self.Module && Module.calledRun) {
      call('zc_paste', text);
      event.preventDefault();
    }
  });

  function download(name, text) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = name.replace(/[^A-Za-z0-9._ ()-]+/g, '_').slice(0, 80) + '.json';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  // Import from a file: the user picks a profile JSON file; its text goes to the model, which refuses
  // files over 1 MiB (they are not read at all).
  const MAX_PROFILE_FILE_BYTES = 1024 * 1024;
  function pickFile() {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      let text = '';
      try {
        if (file.size <= MAX_PROFILE_FILE_BYTES) text = await file.text();
      } catch (error) {
        text = '';  // unreadable: the model reports it as not JSON, naming the file
      }
      Module.ccall('zc_on_file_picked', null, ['string', 'number', 'string'], [file.name, file.size, text]);
    });
    input.click();
  }

  function announce(text) {
    document.getElementById('status').textContent = text;
  }

  document.addEventListener('visibilitychange', () => { if (self.Module && Module.calledRun) call('zc_wake'); });

  // [SECTION] Module configuration and the automation bridge
  self.zcShell = { storageLoad, storagePut, storageDelete, navigateAfterWrites, copy, moduleReady, announce, sha256, download, keepDraft, pickFile };

  self.Module = {
    canvas: document.getElementById('canvas'),
    onAbort: (what) => {
      const loading = document.getElementById('loading');
      loading.textContent = 'The console stopped: ' + what + '. Reload the page; your saved profiles are safe.';
      loading.classList.remove('hidden');
      loading.classList.add('failed');
    },
  };

  self.zohoConsole = {
    ready,
    state() { return JSON.parse(Module.ccall('zc_state_json', 'string', [], [])); },
    items() { return JSON.parse(Module.ccall('zc_items_json', 'string', [], [])); },
  };
})();
