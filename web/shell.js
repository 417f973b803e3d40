// The browser side of the console's shell: IndexedDB storage, the demo data centre's service worker,
// clipboard, the ARIA live region, the accessible mirror of the canvas (screen readers) and the automation
// bridge window.zohoConsole (docs/ARCHITECTURE.md). The C++ module calls in through wasm/js/console_library.js;
// everything here stays thin on purpose.
'use strict';

(function () {
  const DB_NAME = 'zoho-auth-console';
  // IndexedDB versions and what each upgrade adds (onupgradeneeded runs every step above the old one):
  //   1: profiles, tokens, pending (records stored as plain JSON objects)
  //   2: keys (the AES-GCM key), quarantine (records that could not be read), meta; records encrypted
  //   3: bundles (each store's records sealed together in at most BUNDLES_PER_STORE entries); the stores
  //      of version 1 are read once, moved into bundles and left empty
  const DB_VERSION = 3;
  const UPGRADES = { 1: ['profiles', 'tokens', 'pending'], 2: ['keys', 'quarantine', 'meta'], 3: ['bundles'] };
  const STORES = ['profiles', 'tokens', 'pending'];
  const RECORD_SCHEMA = 2;             // the `schema` of a version-2 record (one encrypted record per entry)
  const BUNDLE_SCHEMA = 3;             // the `schema` of a bundle: many records of one store, encrypted together
  // Enough that a write rewrites a small share (10,000 token sets: about 50 KB a bundle), few enough that
  // a start opens tens of entries.
  const BUNDLES_PER_STORE = 16;
  const DRAFT_KEY = 'zoho-auth-console.draft';  // unsaved edits of this tab, never a client secret

  let db = null;                       // IDBDatabase, or null in memory mode
  let recordKey = null;                // CryptoKey (AES-GCM, non-extractable), with db
  const memory = new Map(STORES.map((s) => [s, new Map()]));
  let queue = Promise.resolve();       // writes, in the order the model made them
  // Memory mode keeps its records in the tab's sessionStorage too, so the redirect to the authorization
  // server and back (a new page load) finds its pending authorization and profile again.
  const MEMORY_KEY = 'zoho-auth-console.memory';
  const channel = 'BroadcastChannel' in self ? new BroadcastChannel('zoho-auth-console') : null;
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });

  // Calls an exported C function. Strings travel through the heap (malloc), not ccall's stack: a pasted
  // document or thousands of stored records would overflow the stack and crash the module. Numbers pass
  // as they are.
  const encoder = new TextEncoder();
  // Copies UTF-8 byte chunks (Uint8Arrays) one after the other into the heap, NUL-terminated; the caller
  // frees the pointer.
  function heapBytes(chunks) {
    const p = Module._malloc(chunksSize(chunks) + 1);
    Module.HEAPU8[writeChunks(chunks, p)] = 0;
    return p;
  }
  function chunksSize(chunks) {
    return chunks.reduce((n, c) => n + c.length, 0);
  }
  // Writes the chunks one after the other from heap address `at`; the address after them.
  function writeChunks(chunks, at) {
    const heap = Module.HEAPU8;        // read after the caller's malloc: a memory growth replaces the view
    for (const c of chunks) {
      heap.set(c, at);
      at += c.length;
    }
    return at;
  }
  function call(name, ...args) {
    const pointers = [];
    const values = args.map((a) => {
      if (typeof a === 'number') return a;
      const p = heapBytes([encoder.encode(String(a))]);
      pointers.push(p);
      return p;
    });
    try {
      Module.ccall(name, null, args.map(() => 'number'), values);
    } finally {
      for (const p of pointers) Module._free(p);
    }
  }

  // Calls an exported C function with one string made of UTF-8 byte chunks (Uint8Arrays), copied into the
  // heap one after the other: thousands of decrypted records reach the model without being decoded to
  // text, joined and encoded again (3.4 MB of records took TextEncoder 110-130 ms alone: issue 16).
  function callWithBytes(name, chunks) {
    const p = heapBytes(chunks);
    try {
      Module.ccall(name, null, ['number'], [p]);
    } finally {
      Module._free(p);
    }
  }

  // [SECTION] Storage: IndexedDB with encrypted records, falling back to memory with a visible warning
  // (docs/SECURITY.md rule 11). Token values and client secrets are encrypted at rest with AES-GCM under a
  // non-extractable key kept in the same database: a copy of the browser profile's files does not hold
  // them in the clear. A script running in this page can still ask the key to decrypt (README).
  //
  // Records are kept in bundles (database version 3): each store's records are spread over at most
  // BUNDLES_PER_STORE entries of the `bundles` store by a hash of their key, each bundle one sealed JSON
  // object {key: record}. A start opens tens of entries instead of one per token set: 10,000 token sets
  // were 10,000 structured clones and 10,000 decrypts, most of a reload (docs/PERFORMANCE.md "Scale").
  // A write rewrites its record's bundle: read, changed and sealed again under one Web Lock shared by all
  // tabs, so two tabs writing records of one bundle never lose each other's.
  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error || new Error('IndexedDB request failed'));
    });
  }

  // Resolves when a transaction commits; rejects with its error when it fails or aborts.
  function committed(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error || new Error('the transaction was aborted'));
    });
  }

  function openDatabase() {
    return new Promise((resolve, reject) => {
      if (!('indexedDB' in self) || !self.indexedDB) { reject(new Error('IndexedDB is not available')); return; }
      const r = indexedDB.open(DB_NAME, DB_VERSION);
      r.onupgradeneeded = (event) => {
        for (let v = event.oldVersion + 1; v <= DB_VERSION; v++) {
          for (const s of UPGRADES[v] || []) {
            if (!r.result.objectStoreNames.contains(s)) r.result.createObjectStore(s);
          }
        }
      };
      r.onsuccess = () => {
        // Another tab upgrading the schema closes this connection rather than blocking it.
        r.result.onversionchange = () => r.result.close();
        resolve(r.result);
      };
      r.onerror = () => reject(r.error || new Error('IndexedDB open failed'));
      r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  }

  // The record key: made once per browser profile. add() (not put) so that two tabs opening at once
  // cannot replace each other's key: the loser reads the winner's.
  async function loadRecordKey() {
    const stored = await request(db.transaction('keys').objectStore('keys').get('records'));
    if (stored) return stored;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    try {
      await request(db.transaction('keys', 'readwrite').objectStore('keys').add(key, 'records'));
      return key;
    } catch (error) {
      return request(db.transaction('keys').objectStore('keys').get('records'));
    }
  }

  // The bundle that keeps `key` of `store`, e.g. 'tokens/17': FNV-1a of the key's UTF-16 code units, the
  // same in every tab and every version of this file (changing it would strand every stored record).
  function bundleOf(store, key) {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return store + '/' + ((h >>> 0) % BUNDLES_PER_STORE);
  }
  const storeOfBundle = (bundle) => bundle.slice(0, bundle.indexOf('/'));

  // Each sealed entry is bound to its place (store and key) as additional data: a ciphertext moved to
  // another key does not decrypt.
  const placeOf = (store, key) => encoder.encode(store + '\n' + key);

  // JSON text sealed at its place, as an entry of format `schema`.
  async function seal(store, key, text, schema) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: placeOf(store, key) }, recordKey,
                                             encoder.encode(text));
    return { schema, iv, data };
  }

  // A stored entry's JSON object as UTF-8 bytes ({bytes}: a Uint8Array): a bundle (BUNDLE_SCHEMA) in
  // `bundles`, or a record of version 2 (RECORD_SCHEMA, encrypted) or 1 ({legacy: true, text}: plain) in
  // the store named after it. Throws with the reason when it cannot be read. The JSON is not parsed here:
  // AES-GCM authenticated it as what this console wrote (JSON.stringify of an object), and at start-up the
  // bytes go to the module as they are (callWithBytes), which parses them anyway.
  const decoder = new TextDecoder();
  const textOf = (opened) => opened.text ?? decoder.decode(opened.bytes);
  async function unseal(store, key, record) {
    const schema = store === 'bundles' ? BUNDLE_SCHEMA : RECORD_SCHEMA;
    if (record && record.schema === schema && record.iv && record.data) {
      let plain;
      try {
        plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: placeOf(store, key) },
                                            recordKey, record.data);
      } catch (error) {
        throw new Error('it does not decrypt with this browser\'s key (altered, moved, or its key was lost)');
      }
      const bytes = new Uint8Array(plain);
      if (bytes[0] !== 0x7B || bytes[bytes.length - 1] !== 0x7D) throw new Error('it decrypts but is not a JSON object');
      return { bytes };
    }
    if (store !== 'bundles' && record && typeof record === 'object' && !('schema' in record) && !(record instanceof ArrayBuffer)) {
      const text = JSON.stringify(record);
      return { text, bytes: encoder.encode(text), legacy: true };
    }
    throw new Error('its format is unknown (schema ' + JSON.stringify(record && record.schema) + ')');
  }

  // A stored bundle's records as a Map of key -> record (a Map: a key such as '__proto__' stays a key);
  // an empty one for no entry. Throws with the reason when it cannot be read.
  async function recordsOf(bundle, entry) {
    if (entry === undefined) return new Map();
    return new Map(Object.entries(JSON.parse(textOf(await unseal('bundles', bundle, entry)))));
  }

  // Moves an unreadable entry aside, with the reason: reported, kept for inspection, never dropped.
  async function quarantine(store, key, record, reason) {
    const tx = db.transaction(['quarantine', store], 'readwrite');
    tx.objectStore('quarantine').put({ store, key, record, reason, at: Date.now() }, store + '/' + key + '/' + Date.now());
    tx.objectStore(store).delete(key);
    await committed(tx).catch(() => {});  // a failed move leaves the entry where it was: reported all the same
  }
  // True when two stored entries are the same write, by their random IVs; two entries without one (neither
  // was sealed here) count as the same: what replaced garbage with garbage is no loss.
  const ivOf = (entry) => (entry && entry.iv instanceof Uint8Array ? entry.iv.join(',') : null);
  const sameEntry = (a, b) => ivOf(a) === ivOf(b);
  // What the model is told about a quarantined entry: a record of a store, or a whole bundle of one.
  const quarantinedEntry = (store, key, reason) => (store === 'bundles' ?
    { store: storeOfBundle(key), key: 'every record of bundle ' + key, reason } : { store, key: String(key), reason });

  // Every entry of a store, read in `tx` (one of its own by default): {keys, records}.
  async function readEntries(store, tx = db.transaction(store)) {
    const [keys, records] = await Promise.all([request(tx.objectStore(store).getAllKeys()),
                                               request(tx.objectStore(store).getAll())]);
    return { keys, records };
  }

  // Entries of a store decrypted: {store, keys, records, opened}; opened[i] is unseal()'s answer for
  // records[i], or {error}. All at once: WebCrypto works off the main thread, so they decrypt in parallel.
  async function openEntries(store, { keys, records }) {
    const opened = await Promise.all(records.map((r, i) => unseal(store, keys[i], r).catch((error) => ({ error }))));
    return { store, keys, records, opened };
  }
  const readStore = async (store) => openEntries(store, await readEntries(store));

  // Runs `task` holding the records lock of every tab of this browser profile (Web Locks): a bundle is
  // read, changed and written back by one tab at a time. Without Web Locks, one tab at a time is assumed.
  const withRecordsLock = (task) => (navigator.locks ? navigator.locks.request('zoho-auth-console.records', task) : task());

  // Applies `changes` (bundle -> Map of key -> record, or null to delete) to the stored bundles,
  // and deletes `moved` ([store, key] entries of version 1 or 2) in the same transaction: either all of it
  // is on disk or none. Caller holds the records lock. Returns the [store, key, reason] of bundles that
  // could not be read: they are quarantined first (kept, never overwritten) and their records start anew.
  async function writeBundles(changes, moved = []) {
    const names = [...changes.keys()];
    const read = db.transaction('bundles');
    const found = await Promise.all(names.map((n) => request(read.objectStore('bundles').get(n))));
    const unreadable = [];
    const sealed = await Promise.all(names.map(async (name, i) => {
      let records = new Map();
      try {
        records = await recordsOf(name, found[i]);
      } catch (error) {
        unreadable.push(quarantinedEntry('bundles', name, error.message));
        await quarantine('bundles', name, found[i], error.message);
      }
      for (const [key, value] of changes.get(name)) {
        if (value === null) records.delete(key);
        else records.set(key, value);
      }
      if (records.size === 0) return [name, null];  // empty: no entry at all
      return [name, await seal('bundles', name, JSON.stringify(Object.fromEntries(records)), BUNDLE_SCHEMA)];
    }));
    const tx = db.transaction(['bundles', ...new Set(moved.map(([store]) => store))], 'readwrite');
    const done = committed(tx);
    try {
      for (const [name, entry] of sealed) {
        if (entry === null) tx.objectStore('bundles').delete(name);
        else tx.objectStore('bundles').put(entry, name);
      }
      for (const [store, key] of moved) tx.objectStore(store).delete(key);
    } catch (error) {
      tx.abort();                      // a request that throws must not leave the others to commit
      done.catch(() => {});
      throw error;
    }
    await done;
    return unreadable;
  }

  // Moves the records of versions 1 and 2 (one entry each, in the stores named after them) into bundles,
  // keeping every one: the readable ones are written into their bundles and deleted from the old stores
  // in one transaction, the unreadable ones quarantined. Returns what was quarantined. Runs once: the old
  // stores stay empty after it (a tab still running version 2 lost its connection at the upgrade).
  function migrate() {
    return withRecordsLock(async () => {
      const quarantined = [];
      const changes = new Map();
      const moved = [];
      for (const { store, keys, records, opened } of await Promise.all(STORES.map(readStore))) {
        for (let i = 0; i < keys.length; i++) {
          if (opened[i].error) {
            quarantined.push(quarantinedEntry(store, keys[i], opened[i].error.message));
            await quarantine(store, keys[i], records[i], opened[i].error.message);
            continue;
          }
          const bundle = bundleOf(store, String(keys[i]));
          if (!changes.has(bundle)) changes.set(bundle, new Map());
          changes.get(bundle).set(String(keys[i]), JSON.parse(textOf(opened[i])));
          moved.push([store, keys[i]]);
        }
      }
      if (changes.size) quarantined.push(...await writeBundles(changes, moved));
      return quarantined;
    });
  }

  // Every store, read as soon as this script runs: opening IndexedDB and decrypting the bundles then
  // overlaps the module's download and compilation instead of following them (issue 6's scale load).
  // Nothing here calls the module; the only writes are the one-time move of older records into bundles
  // and quarantining what cannot be read.
  async function readAll() {
    if (!self.crypto || !crypto.subtle) {
      throw new Error('this page is not a secure context (HTTPS or localhost), so WebCrypto cannot encrypt');
    }
    db = await openDatabase();
    // One transaction reads the key, every bundle and whether older records wait to be moved: a start
    // waits for one round trip to IndexedDB, not four.
    const tx = db.transaction(['keys', 'bundles', ...STORES]);
    const [key, entries, ...waiting] = await Promise.all([
      request(tx.objectStore('keys').get('records')), readEntries('bundles', tx),
      ...STORES.map((s) => request(tx.objectStore(s).count()))]);
    recordKey = key || await loadRecordKey();  // a first visit makes it
    const older = waiting.some((n) => n > 0);
    const quarantined = older ? await migrate() : [];
    const { keys, records, opened } = await openEntries('bundles', older ? await readEntries('bundles') : entries);
    const bundles = Object.fromEntries(STORES.map((s) => [s, []]));  // store -> its bundles' JSON, UTF-8 bytes
    const unreadable = [];
    for (let i = 0; i < keys.length; i++) {
      const store = storeOfBundle(String(keys[i]));
      if (opened[i].error || !STORES.includes(store)) {
        const reason = opened[i].error ? opened[i].error.message : 'it belongs to no store of this version';
        quarantined.push(quarantinedEntry('bundles', String(keys[i]), reason));
        unreadable.push([keys[i], records[i], reason]);
      } else {
        bundles[store].push(opened[i].bytes);
      }
    }
    // Set aside under the records lock, and only while the entry is still the one read: another tab may
    // have replaced it with a good bundle meanwhile (its own write sets the old one aside).
    if (unreadable.length) {
      await withRecordsLock(async () => {
        for (const [key, record, reason] of unreadable) {
          const now = await request(db.transaction('bundles').objectStore('bundles').get(key));
          if (now !== undefined && sameEntry(now, record)) await quarantine('bundles', key, record, reason);
        }
      });
    }
    return { bundles, quarantined };
  }
  const stored = readAll().catch((error) => ({ error }));
  let changedBeforeLoad = [];          // {store, key} other tabs announced before the model loaded

  async function storageLoad() {
    const result = { mode: 'indexeddb', warning: '', draft: null, quarantined: [] };
    let bundles;                       // store -> JSON objects {key: record}, UTF-8 bytes each
    try {
      result.draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || 'null');
    } catch (error) {
      result.draft = null;
    }
    try {
      const read = await stored;
      if (read.error) throw read.error;
      ({ bundles, quarantined: result.quarantined } = read);
      db.transaction('meta', 'readwrite').objectStore('meta').put(BUNDLE_SCHEMA, 'recordSchema');
    } catch (error) {
      db = null;
      try {
        const kept = JSON.parse(sessionStorage.getItem(MEMORY_KEY) || '{}');
        for (const s of STORES) {
          for (const [key, value] of Object.entries(kept[s] || {})) memory.get(s).set(key, value);
        }
      } catch (ignored) {
        // no sessionStorage either: this page only
      }
      bundles = Object.fromEntries(STORES.map((s) => [s, [encoder.encode(JSON.stringify(Object.fromEntries(memory.get(s))))]]));
      result.mode = 'memory';
      result.warning = 'Browser storage is unavailable (' + error.message + '): profiles and tokens live in ' +
        'this tab only, unencrypted, and are lost when it closes. Download them to keep them.';
    }
    // Each store goes in as one JSON object {key: record}: its bundles' members copied in between the
    // punctuation, neither parsed and stringified again nor decoded and encoded. The token sets go on
    // their own, into a buffer the model keeps and reads a record of when it is used (docs/PERFORMANCE.md
    // "Scale: reading token sets on use"); the other stores in one document.
    const comma = encoder.encode(',');
    function storeObject(s) {
      const chunks = [encoder.encode('{')];
      let first = true;
      for (const bytes of bundles[s]) {
        if (bytes.length <= 2) continue;  // {}
        if (!first) chunks.push(comma);
        chunks.push(bytes.subarray(1, bytes.length - 1));
        first = false;
      }
      chunks.push(encoder.encode('}'));
      return chunks;
    }
    const tokens = storeObject('tokens');
    writeChunks(tokens, Module.ccall('zc_stored_tokens_buffer', 'number', ['number'], [chunksSize(tokens)]));
    const chunks = [encoder.encode(JSON.stringify(result).slice(0, -1))];
    for (const s of STORES) {
      if (s === 'tokens') continue;
      chunks.push(encoder.encode(',' + JSON.stringify(s) + ':'), ...storeObject(s));
    }
    chunks.push(encoder.encode('}'));
    callWithBytes('zc_on_storage_loaded', chunks);
    // Records another tab changed after the early read: read again, now that the model can take them.
    const missed = changedBeforeLoad;
    changedBeforeLoad = null;
    await tellChanges(missed);
  }

  // Records as JSON text ('null' when absent or unreadable): [{store, key}] -> Map of 'store\nkey' -> text.
  // Each bundle concerned is read and decrypted once, however many of its records are asked for.
  async function readRecords(wanted) {
    const out = new Map();
    const byBundle = new Map();
    for (const { store, key } of wanted) {
      if (!db) { out.set(store + '\n' + key, JSON.stringify(memory.get(store).get(key) || null)); continue; }
      const bundle = bundleOf(store, key);
      if (!byBundle.has(bundle)) byBundle.set(bundle, []);
      byBundle.get(bundle).push(key);
    }
    await Promise.all([...byBundle].map(async ([bundle, keys]) => {
      let records = new Map();
      try {
        records = await recordsOf(bundle, await request(db.transaction('bundles').objectStore('bundles').get(bundle)));
      } catch (error) {
        // unreadable: reads as absent (the next start quarantines and reports it)
      }
      const store = storeOfBundle(bundle);
      for (const key of keys) out.set(store + '\n' + key, JSON.stringify(records.has(key) ? records.get(key) : null));
    }));
    return out;
  }
  const readRecord = async (store, key) => (await readRecords([{ store, key }])).get(store + '\n' + key);

  // Hands the model what other tabs changed: [{store, key}], each read again from disk.
  async function tellChanges(changes) {
    if (!changes.length) return;
    const texts = await readRecords(changes);
    for (const { store, key } of changes) call('zc_on_external_change', store, key, texts.get(store + '\n' + key));
  }

  // Writes wait in `unwritten` (bundle -> Map of key -> record or null) until the queue reaches
  // them; then every waiting change is written at once, a bundle rewritten once however many of its
  // records changed (a profile import or the benchmark's 11,000 records: one pass, not 11,000).
  let unwritten = new Map();
  let writesUnderWay = 0;              // flushes queued and not yet finished
  function write(store, key, record) {
    if (!unwritten.size) {
      writesUnderWay++;
      queue = queue.then(flush).finally(() => { writesUnderWay--; });
    }
    const bundle = bundleOf(store, key);
    if (!unwritten.has(bundle)) unwritten.set(bundle, new Map());
    const changes = unwritten.get(bundle);
    changes.delete(key);               // kept in the order made
    changes.set(key, record);
    return queue;
  }

  // Writes every waiting change; a failure is reported (zc_on_storage_error), never silent.
  async function flush() {
    const changes = unwritten;
    unwritten = new Map();
    if (!db) {
      for (const [bundle, records] of changes) {
        const store = memory.get(storeOfBundle(bundle));
        for (const [key, record] of records) {
          if (record === null) store.delete(key);
          else store.set(key, record);
        }
      }
      try {
        sessionStorage.setItem(MEMORY_KEY, JSON.stringify(Object.fromEntries(STORES.map((s) => [s, Object.fromEntries(memory.get(s))]))));
      } catch (ignored) {
        // sessionStorage refused too: the records live in this page only (the warning says so)
      }
      return;
    }
    const stores = [...new Set([...changes.keys()].map(storeOfBundle))];
    try {
      const unreadable = await withRecordsLock(() => writeBundles(changes));
      for (const { store, key, reason } of unreadable) {
        call('zc_on_storage_error', 'a stored bundle could not be read and was set aside (' + store + ', ' + key + ': ' + reason + ')');
      }
    } catch (error) {
      const why = ((error && error.message) || 'unknown error').replace(/\.$/, '');  // the model ends the sentence
      call('zc_on_storage_error', 'writing ' + stores.join(' and ') + ' failed: ' + why);
      return;
    }
    // Other tabs re-read the records themselves: no value crosses the channel, one message per record.
    if (!channel) return;
    for (const [bundle, records] of changes) {
      const store = storeOfBundle(bundle);
      if (store === 'pending') continue;
      for (const key of records.keys()) channel.postMessage({ store, key });
    }
  }

  function storagePut(store, key, value) {
    write(store, key, JSON.parse(value));  // the model's JSON: a bad one fails here, in the model's call
  }

  function storageDelete(store, key) {
    write(store, key, null);
  }

  // Other tabs' changes, gathered for a moment so that a burst of them (an import: thousands of records)
  // reads each bundle once.
  if (channel) {
    let heard = [];
    channel.onmessage = (event) => {
      const { store, key } = event.data || {};
      if (!STORES.includes(store) || typeof key !== 'string') return;
      if (changedBeforeLoad) { changedBeforeLoad.push({ store, key }); return; }  // storageLoad() replays it
      if (!db) return;
      if (!heard.length) {
        setTimeout(() => {
          const changes = heard;
          heard = [];
          tellChanges(changes);
        }, 10);
      }
      heard.push({ store, key });
    };
  }

  // [SECTION] Cross-tab refresh lock (Web Locks): one refresh per token set in all tabs (docs/SECURITY.md rule 9).
  const held = new Map();              // request id -> release function of its lock
  function lockAndRead(id, lock, store, key) {
    const answer = async () => call('zc_on_lock_held', id, await readRecord(store, key));
    if (!navigator.locks) { held.set(id, () => {}); answer(); return; }
    navigator.locks.request(lock, () => new Promise((release) => {
      held.set(id, release);
      answer();
    }));
  }

  function releaseLock(id) {
    const release = held.get(id);
    held.delete(id);
    // The refreshed tokens are on disk before another tab may look.
    if (release) queue.then(() => release());
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

  // A pending authorization must be on disk before the page leaves for the authorization server (and the
  // demo's service worker in control, when that is where it goes).
  async function navigateAfterWrites(url) {
    await demoControl(url);
    while (writesUnderWay > 0) await queue;  // every write, one made meanwhile too: leaving never has to ask
    location.assign(url);
  }

  // Closing the tab, reloading or following a link while a write is under way would lose it: a token set
  // just received (its grant code is spent), a profile just saved. The browser asks first, and only in that
  // moment, usually a few milliseconds (a whole bundle is read, sealed and put again).
  window.addEventListener('beforeunload', (event) => {
    if (writesUnderWay === 0) return;
    event.preventDefault();
    event.returnValue = '';  // what older browsers look for instead (Chromium before version 119)
  });

  // [SECTION] The demo data centre: a service worker answering under ./demo/ (web/sw.js). It is not on
  // the start-up path: it registers once the console is ready (its install runs console.js in a worker,
  // which would compete with the page's own start on a small machine), or as soon as something is sent
  // to the demo before that; whatever goes to the demo waits for it to control the page.
  const DEMO_PREFIX = new URL('demo/', location.href).href;
  let demoRegistration = null;         // Promise<boolean>: the worker controls the page
  function serviceWorkerControl() {
    if (!demoRegistration) {
      demoRegistration = !('serviceWorker' in navigator) ? Promise.resolve(false) :
        navigator.serviceWorker.register('sw.js').then(() => {
          if (navigator.serviceWorker.controller) return true;
          // First visit: the page is not controlled until the worker claims it (sw.js calls clients.claim()).
          return new Promise((resolve) => {
            navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
            setTimeout(() => resolve(!!navigator.serviceWorker.controller), 5000);
          });
        }).catch(() => false);
    }
    return demoRegistration;
  }
  // True when a request to `url` has to wait: it is for the demo and the worker does not control the page
  // yet (a later visit is controlled from its first request on).
  function demoWaits(url) {
    return !('serviceWorker' in navigator && navigator.serviceWorker.controller) && String(url).startsWith(DEMO_PREFIX);
  }
  // Resolves when a request to `url` may go.
  function demoControl(url) {
    return demoWaits(url) ? serviceWorkerControl().then(() => undefined) : Promise.resolve();
  }
  // zc_js_demo_gate: true when the request may go now; else false, and zc_on_demo_gate_open(id) follows.
  function demoGate(id, url) {
    if (!demoWaits(url)) return true;
    demoControl(url).then(() => call('zc_on_demo_gate_open', id));
    return false;
  }
  // A new tab without a way back to this page (noopener) and without a Referer (noreferrer); opened in the
  // click's own task when nothing waits, so no popup blocker takes it for unasked.
  function openTab(url) {
    const open = () => window.open(url, '_blank', 'noopener,noreferrer');
    if (demoWaits(url)) demoControl(url).then(open);
    else open();
  }

  // The first frame with the stored records is drawn: the cover goes, and the worker registers.
  function moduleReady() {
    document.getElementById('loading').classList.add('hidden');
    // The keyboard starts on the console (its first field has the focus): typing and Tab work at once,
    // unless the person already put the focus somewhere else.
    const canvas = document.getElementById('canvas');
    if (document.activeElement === document.body || document.activeElement === null) canvas.focus({ preventScroll: true });
    call('zc_wake');
    resolveReady();
    setTimeout(serviceWorkerControl, 0);
  }

  // [SECTION] WebCrypto: SHA-256 for PKCE (secure contexts only: https or localhost); base64url is
  // web/base64url.js's, shared with the service worker.
  function sha256(text) {
    if (!self.crypto || !crypto.subtle) { call('zc_on_sha256', ''); return; }
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
      .then((digest) => call('zc_on_sha256', base64url(digest)), () => call('zc_on_sha256', ''));
  }

  // An id_token's RS256 signature (RFC 7518 s3.3) with the issuer's public JWK: answers
  // zc_on_signature(id, 1 or 0); a key WebCrypto will not import, or no WebCrypto, is 0 (refused).
  function verifyRs256(id, jwkJson, signingInput, signature) {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const answer = (valid) => call('zc_on_signature', id, valid ? 1 : 0);
    if (!self.crypto || !crypto.subtle) { answer(false); return; }
    const jwk = JSON.parse(jwkJson);
    delete jwk.use; delete jwk.alg; delete jwk.kid;  // importKey checks alg/use against its own; RS256 is ours
    Promise.resolve()
      .then(() => crypto.subtle.importKey('jwk', jwk, algorithm, false, ['verify']))
      .then((key) => crypto.subtle.verify(algorithm, key, base64urlBytes(signature),
                                          new TextEncoder().encode(signingInput)))
      .then(answer, () => answer(false));
  }

  // [SECTION] Clipboard and accessibility
  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(() => {});
  }

  // GLFW's clipboard is a no-op under emscripten: text comes from the page's paste event (docs/TOOLCHAIN.md).
  document.addEventListener('paste', (event) => {
    const text = event.clipboardData && event.clipboardData.getData('text/plain');
    if (text && self.Module && Module.calledRun) {
      // A C string ends at NUL: NULs are taken out here and counted, so the rest still arrives.
      const nuls = text.split('\0').length - 1;
      call('zc_paste', nuls ? text.replaceAll('\0', '') : text, nuls);
      event.preventDefault();
    }
  });

  // Ctrl/Cmd+C and +X copy the focused ImGui field's selection (ImGui calls zc_js_copy in the next frame).
  // The browser's own copy of a stray page selection (hidden text) must not get there first: the canvas
  // has no selectable text, so while it has the keyboard the page's copy and cut events do nothing.
  for (const kind of ['copy', 'cut']) {
    document.addEventListener(kind, (event) => {
      // The hidden text input (web/text_input.js) is the canvas's proxy, not a field of its own.
      const own = event.target && event.target.id === 'text-input';
      if (self.Module && Module.calledRun && (own || (!(event.target instanceof HTMLInputElement) &&
          !(event.target instanceof HTMLTextAreaElement)))) {
        event.preventDefault();
      }
    });
  }

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
      call('zc_on_file_picked', file.name, file.size, text);
    });
    input.click();
  }

  function announce(text) {
    document.getElementById('status').textContent = text;
  }

  // A fragment typed or pasted into the address bar of an open console loads no page: hand it over, so an
  // implicit grant's token is read (or refused) and leaves the address bar like on a fresh load.
  window.addEventListener('hashchange', () => { if (self.Module && Module.calledRun) call('zc_on_address_changed', location.href); });
  document.addEventListener('visibilitychange', () => { if (self.Module && Module.calledRun) call('zc_wake'); });

  // [SECTION] The accessible mirror of the canvas (docs/ARCHITECTURE.md "Accessible mirror"). A canvas is one
  // opaque image to assistive technology, so every item the console draws (zc_a11y_json: role, name,
  // state, a field's value) gets a transparent element of that role over its rectangle, as Flutter's web
  // semantics tree does. The C++ side calls a11yChanged() only after a frame whose list differs from the
  // last one; the update then touches only the elements that changed (by ImGui id). The layer takes no
  // pointer events (the mouse goes to the canvas as before) and is out of the Tab order (the keyboard
  // stays with the canvas and ImGui's own navigation); an activation from assistive technology (a click
  // event on an element, a focus on a field) becomes a pointer click at the item's centre, through the
  // same GLFW events and input queue as a real click. Values come redacted from the core: a password
  // field never has one.
  const mirror = {
    layer: null,                       // div#a11y
    log: null,                         // its role="log" list, kept as the layer's last child
    logVersion: -1,                    // the version of the log it shows (zc_a11y_json)
    logTexts: [],                      // and the text of each line
    nodes: new Map(),                  // ImGui id -> {el, target, item, kind}
    owner: new WeakMap(),              // element -> its node
    scheduled: false,
    activated: { id: 0, at: 0 },       // the last forwarded activation (a click and a focus come together)
  };

  function a11yChanged() {
    if (mirror.scheduled) return;
    mirror.scheduled = true;
    queueMicrotask(updateMirror);      // once the frame that called in has finished
  }

  // The element kind of an item: a change of kind (a field becoming a password field) replaces the element.
  const kindOf = (item) => item.role + (item.password ? ':password' : '') + (item.multiline ? ':multiline' : '');

  function createNode(item) {
    let el;
    let target;
    switch (item.role) {
      case 'checkbox':
      case 'radio':
        el = target = document.createElement('input');
        el.type = item.role;
        break;
      case 'textbox':
        el = target = document.createElement(item.multiline ? 'textarea' : 'input');
        if (!item.multiline) el.type = item.password ? 'password' : 'text';
        el.autocomplete = 'off';
        el.spellcheck = false;
        break;
      case 'header':                   // a collapsing header: a heading holding its disclosure button
        el = document.createElement('div');
        el.setAttribute('role', 'heading');
        el.setAttribute('aria-level', '2');
        target = el.appendChild(document.createElement('button'));
        target.type = 'button';
        break;
      case 'bar':                      // parts of the token timeline: text named by their label
      case 'mark':
      case 'now':
      case 'text':                     // a line to read (the outcome of the last action): plain text
        el = target = document.createElement('div');
        break;
      case 'tab':
      case 'option':
      case 'combobox':
        el = target = document.createElement('div');
        el.setAttribute('role', item.role);
        if (item.role === 'combobox') el.setAttribute('aria-haspopup', 'listbox');
        break;
      default:
        el = target = document.createElement('button');
        el.type = 'button';
    }
    el.className = 'a11y-item';
    target.tabIndex = -1;              // not a Tab stop: the canvas keeps the keyboard
    const node = { el, target, item: null, kind: kindOf(item) };
    mirror.owner.set(el, node);
    mirror.owner.set(target, node);
    return node;
  }

  // Brings one element in line with its item; writes only what differs from what it showed before.
  function updateNode(node, item) {
    const old = node.item || {};
    const { el, target } = node;
    node.item = item;
    if (old.x !== item.x) el.style.left = item.x + 'px';
    if (old.y !== item.y) el.style.top = item.y + 'px';
    if (old.w !== item.w) el.style.width = item.w + 'px';
    if (old.h !== item.h) el.style.height = item.h + 'px';
    const native = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
    if (old.label !== item.label || old.value !== item.value) {
      if (native || item.role === 'combobox') target.setAttribute('aria-label', item.label);
      if (item.role === 'combobox' || item.role === 'text') target.textContent = item.value || '';
      else if (!native) target.textContent = item.label;
    }
    if (native && item.role === 'textbox' && target.value !== (item.value || '')) target.value = item.value || '';
    if (old.checked !== item.checked && native) target.checked = !!item.checked;
    if (old.selected !== item.selected && item.selected !== undefined) target.setAttribute('aria-selected', String(item.selected));
    if (old.expanded !== item.expanded && item.expanded !== undefined) target.setAttribute('aria-expanded', String(item.expanded));
    if (old.disabled !== item.disabled) {
      if ('disabled' in target) target.disabled = !!item.disabled;
      else if (item.disabled) target.setAttribute('aria-disabled', 'true');
      else target.removeAttribute('aria-disabled');
    }
  }

  function updateItems(items) {
    const seen = new Set();
    for (const item of items) seen.add(item.id);
    for (const [id, node] of mirror.nodes) {
      if (!seen.has(id)) { node.el.remove(); mirror.nodes.delete(id); }
    }
    // In drawing order, which is reading order; an element already in place is not moved.
    let cursor = mirror.layer.firstChild;
    for (const item of items) {
      let node = mirror.nodes.get(item.id);
      if (node && node.kind !== kindOf(item)) { node.el.remove(); node = null; }
      if (!node) { node = createNode(item); mirror.nodes.set(item.id, node); }
      updateNode(node, item);
      if (node.el === cursor) cursor = cursor.nextSibling;
      else mirror.layer.insertBefore(node.el, cursor);
    }
  }

  // The log's lines: appended as they come; when the log drops its oldest lines (it keeps 500), the same
  // number of list entries go from the top, so a screen reader hears only the new ones.
  function updateLog(lines) {
    const list = mirror.log.firstChild;
    const shown = mirror.logTexts;
    const texts = lines.map((l) => l.kind + ': ' + l.text);
    mirror.logTexts = texts;
    // The first d shown lines to drop: the rest of them must be the start of the new log.
    const keeps = (d) => {
      if (shown.length - d > texts.length) return false;
      for (let i = d; i < shown.length; i++) if (shown[i] !== texts[i - d]) return false;
      return true;
    };
    let drop = shown.length;
    for (let d = shown.indexOf(texts[0]); d !== -1; d = shown.indexOf(texts[0], d + 1)) {
      if (keeps(d)) { drop = d; break; }
    }
    for (let i = 0; i < drop; i++) list.firstChild.remove();
    for (let i = shown.length - drop; i < texts.length; i++) {
      list.appendChild(document.createElement('li')).textContent = texts[i];
    }
    mirror.log.hidden = texts.length === 0;
  }

  function updateMirror() {
    mirror.scheduled = false;
    if (!mirror.layer) return;
    const { items, log, logVersion } = JSON.parse(Module.ccall('zc_a11y_json', 'string', ['number'], [mirror.logVersion]));
    updateItems(items);
    if (log) updateLog(log);
    mirror.logVersion = logVersion;
  }

  // A pointer click at the item's centre, as GLFW's own canvas listeners receive a real one.
  function activate(node) {
    const { item } = node;
    const now = performance.now();
    if (item.disabled || (mirror.activated.id === item.id && now - mirror.activated.at < 500)) return;
    mirror.activated = { id: item.id, at: now };
    const canvas = Module.canvas;
    const box = canvas.getBoundingClientRect();
    const at = { clientX: box.left + item.x + item.w / 2, clientY: box.top + item.y + item.h / 2, bubbles: true,
                 cancelable: true, view: window, button: 0 };
    canvas.dispatchEvent(new MouseEvent('mousemove', { ...at, buttons: 0 }));
    canvas.dispatchEvent(new MouseEvent('mousedown', { ...at, buttons: 1 }));
    canvas.dispatchEvent(new MouseEvent('mouseup', { ...at, buttons: 0 }));
  }

  function setUpMirror() {
    const layer = document.getElementById('a11y');
    if (!layer) return;
    mirror.layer = layer;
    mirror.log = layer.appendChild(document.createElement('div'));
    mirror.log.setAttribute('role', 'log');
    mirror.log.setAttribute('aria-label', 'Activity log');
    mirror.log.className = 'a11y-log';
    mirror.log.appendChild(document.createElement('ul'));
    mirror.log.hidden = true;
    // The click event of a screen reader's default action (or element.click()): the native toggle of a
    // checkbox is undone (ImGui's state comes back with the next frame) and the item is clicked.
    layer.addEventListener('click', (event) => {
      const node = mirror.owner.get(event.target);
      if (!node) return;
      event.preventDefault();
      activate(node);
    });
    // A screen reader entering a field focuses it: the ImGui field is clicked so that typing (which reaches
    // GLFW's window listeners wherever the focus is) goes into it.
    layer.addEventListener('focusin', (event) => {
      const node = mirror.owner.get(event.target);
      if (node && node.item.role === 'textbox') activate(node);
    });
    // The mirror never edits its own copy: the typed keys went to ImGui, whose value comes back.
    layer.addEventListener('beforeinput', (event) => event.preventDefault());
  }
  setUpMirror();

  // [SECTION] Content-Security-Policy refusals. A request that the page's own connect-src blocks fails
  // like a CORS refusal (status 0); the browser tells them apart only through this event. Kept per
  // origin for a minute, so the fetch layer can name the cause and its fix instead of blaming CORS.
  const policyBlocked = new Map();     // origin -> performance.now() of the last refusal
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective !== 'connect-src' && event.violatedDirective !== 'connect-src') return;
    try {
      policyBlocked.set(new URL(event.blockedURI).origin, performance.now());
    } catch (error) { /* a blockedURI that is no URL ("inline", "eval") is not a request */ }
  });
  // Answers zc_on_policy_checked(id, 1|0): was a request to `url` refused by the page's policy in the last
  // minute? Asked 50 ms after the failure, so a violation event queued beside the failed request has
  // arrived.
  function blockedByPolicy(id, url) {
    setTimeout(() => {
      let origin = '';
      try { origin = new URL(url, location.href).origin; } catch (error) { /* not a URL: not blocked */ }
      const at = policyBlocked.get(origin);
      call('zc_on_policy_checked', id, at !== undefined && performance.now() - at < 60000 ? 1 : 0);
    }, 50);
  }

  // [SECTION] Module configuration and the automation bridge
  self.zcShell = {
    storageLoad, storagePut, storageDelete, navigateAfterWrites, copy, moduleReady, announce, sha256, verifyRs256, download, keepDraft,
    pickFile, lockAndRead, releaseLock, blockedByPolicy, a11yChanged, demoGate, openTab,
    call,  // for web/text_input.js: typed text goes in like every other string
    // Resolves once every write queued so far is on disk (tests and benchmarks wait on it).
    written: () => queue.then(() => undefined),
  };

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
    // Resolves true once the demo data centre's service worker controls the page (it registers after
    // `ready`); for scripts that call the demo themselves, as the console's own requests wait for it.
    demoReady: () => serviceWorkerControl(),
    state() { return JSON.parse(Module.ccall('zc_state_json', 'string', [], [])); },
    items() { return JSON.parse(Module.ccall('zc_items_json', 'string', [], [])); },
  };
})();
