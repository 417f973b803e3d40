// Storage at rest and under faults (issue 5): encrypted records, a version-1 database migrated,
// unreadable records quarantined, IndexedDB missing, a failed write, a wiped database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, click, item, launch, ready, shot, startServer, state, written } from './harness.mjs';

const DEMO_CLIENT_SECRET = 'demo0secret0d8f3a1c9e4b7';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

// Every record of every store of the console's database, as the browser keeps it on disk: binary parts
// as hex, CryptoKeys as their public description.
function rawDatabase(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('zoho-auth-console');
    open.onerror = () => reject(open.error);
    open.onsuccess = async () => {
      const db = open.result;
      const out = {};
      const plain = (v) => {
        if (v instanceof CryptoKey) return { cryptoKey: true, extractable: v.extractable, algorithm: v.algorithm.name };
        if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
          return [...new Uint8Array(v.buffer || v, v.byteOffset || 0, v.byteLength)].map((b) => b.toString(16).padStart(2, '0')).join('');
        }
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
        return v;
      };
      for (const name of db.objectStoreNames) {
        const tx = db.transaction(name);
        const keys = await new Promise((r) => { const q = tx.objectStore(name).getAllKeys(); q.onsuccess = () => r(q.result); });
        const values = await new Promise((r) => { const q = tx.objectStore(name).getAll(); q.onsuccess = () => r(q.result); });
        out[name] = keys.map((k, i) => ({ key: k, value: plain(values[i]) }));
      }
      db.close();
      resolve({ version: db.version, stores: out });
    };
  }));
}

test('at rest: the client secret and token values are encrypted under a non-extractable key', async () => {
  const browser = await launch();
  const { page } = browser;
  const tokens = [];
  page.on('response', async (r) => {
    if (r.url().includes('/oauth/v2/token')) tokens.push(await r.json().catch(() => ({})));
  });
  try {
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    await written(page);
    const raw = await rawDatabase(page);
    const text = JSON.stringify(raw);
    assert.equal(raw.version, 2);
    assert.ok(tokens[0] && tokens[0].access_token, 'the token response was seen');
    assert.ok(!text.includes(DEMO_CLIENT_SECRET), 'no client secret in the clear');
    assert.ok(!text.includes(tokens[0].access_token), 'no access token in the clear');
    assert.ok(!text.includes(tokens[0].refresh_token), 'no refresh token in the clear');
    assert.ok(!text.includes('1000.DEMOCONSOLE0CLIENT0ID'), 'whole records are encrypted');
    assert.deepEqual(raw.stores.keys.map((k) => k.value), [{ cryptoKey: true, extractable: false, algorithm: 'AES-GCM' }]);
    for (const r of [...raw.stores.profiles, ...raw.stores.tokens]) assert.equal(r.value.schema, 2);
    // ...and the console reads them back after a reload.
    await page.reload();
    await ready(page);
    const s = await state(page);
    assert.equal(s.tokens.length, 1);
    assert.equal(s.flow.phase, 'authorized');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('a version-1 database (plain records) is migrated: everything loads, then it is stored encrypted', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base + 'favicon.svg');  // the console's origin, without the console
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('zoho-auth-console', 1);
      open.onupgradeneeded = () => { for (const s of ['profiles', 'tokens', 'pending']) open.result.createObjectStore(s); };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['profiles', 'tokens'], 'readwrite');
        tx.objectStore('profiles').put({ version: 1, id: 'p-old', name: 'Kept since version 1', dataCenter: 'eu',
                                         clientId: '1000.OLDCLIENT', clientSecret: 'old-secret-1234567890',
                                         scopes: ['ZohoCRM.modules.leads.ALL'], redirectUri: 'https://localhost:8000/' }, 'p-old');
        tx.objectStore('tokens').put({ profileId: 'p-old', endUser: '', tokens: {
          accessToken: '1000.oldaccesstoken0000000000000000.aaaa', refreshToken: '1000.oldrefreshtoken000000000000000.bbbb',
          apiDomain: 'https://www.zohoapis.eu', tokenType: 'Bearer', expiresAt: 4102444800, scope: 'ZohoCRM.modules.leads.ALL',
          accountsServer: 'https://accounts.zoho.eu', receivedAt: 1700000000 } }, 'p-old/');
        tx.oncomplete = () => { open.result.close(); resolve(); };
      };
    }));
    await page.goto(server.base);
    await ready(page);
    const s = await state(page);
    assert.deepEqual(s.profiles.map((p) => p.name), ['Kept since version 1']);
    assert.equal(s.tokens.length, 1, 'the version-1 token set loads');
    assert.equal(s.storage.warning, '');
    await page.waitForFunction(async () => (await new Promise((r) => {
      const open = indexedDB.open('zoho-auth-console');
      open.onsuccess = () => {
        const q = open.result.transaction('profiles').objectStore('profiles').get('p-old');
        q.onsuccess = () => { open.result.close(); r(q.result && q.result.schema === 2); };
      };
    })));
    const text = JSON.stringify(await rawDatabase(page));
    assert.ok(!text.includes('old-secret-1234567890') && !text.includes('oldrefreshtoken'), 'migrated records are encrypted');
  } finally {
    await browser.close();
  }
});

test('an unreadable record is quarantined and reported; the rest still loads', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    await written(page);
    // One token record altered on disk, and one record of a format nobody wrote.
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('zoho-auth-console');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['tokens', 'profiles'], 'readwrite');
        const tokens = tx.objectStore('tokens');
        const cursor = tokens.openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          const bytes = new Uint8Array(c.value.data.slice(0));
          bytes[5] ^= 0xff;
          c.update({ ...c.value, data: bytes.buffer });
        };
        tx.objectStore('profiles').put({ schema: 9, blob: 'from the future' }, 'p-strange');
        tx.oncomplete = () => { open.result.close(); resolve(); };
      };
    }));
    await page.reload();
    await ready(page);
    const s = await state(page);
    assert.match(s.storage.warning, /2 stored record\(s\) could not be read and were set aside/);
    assert.match(s.storage.warning, /tokens '/);
    assert.match(s.storage.warning, /profiles 'p-strange'/);
    assert.equal(s.profiles.length, 1, 'the good profile still loads');
    assert.equal(s.tokens.length, 0, 'the altered token set is not used: not authorized');
    assert.ok(s.log.some((l) => l.kind === 'error' && /does not decrypt/.test(l.text)));
    assert.ok(s.log.some((l) => l.kind === 'error' && /format is unknown/.test(l.text)));
    const raw = await rawDatabase(page);
    assert.equal(raw.stores.quarantine.length, 2, 'kept aside, not dropped');
    await shot(page, '11-quarantine-reported');
  } finally {
    await browser.close();
  }
});

test('IndexedDB unavailable: the console works in memory, says so on screen, and offers the download', async () => {
  const browser = await launch();
  const { page } = browser;
  await page.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { value: undefined }); });
  try {
    await page.goto(server.base);
    await ready(page);
    let s = await state(page);
    assert.equal(s.storage.mode, 'memory');
    assert.match(s.storage.warning, /Browser storage is unavailable/);
    await item(page, 'Download all profiles');
    await authorizeOnDemo(page, server.base);  // the redirect and back: the tab's session keeps the pending authorization
    s = await state(page);
    assert.equal(s.tokens.length, 1);
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'Download all profiles')]);
    assert.equal(download.suggestedFilename(), 'zoho-crm-profiles.json');
    await shot(page, '12-memory-mode');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('a write that fails is reported; a wiped database reads as not authorized', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await click(page, 'Save Authorization Profile');
    await page.waitForFunction(() => /Saving failed/.test(window.zohoConsole.state().storage.warning));

    // Safari's seven-day rule, or a person clearing site data: the database is gone.
    await page.goto(server.base + 'favicon.svg');
    await page.evaluate(() => new Promise((resolve) => {
      const r = indexedDB.deleteDatabase('zoho-auth-console');
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    }));
    await page.goto(server.base);
    await ready(page);
    const s = await state(page);
    assert.equal(s.tokens.length, 0);
    assert.equal(s.flow.phase, 'idle');
    assert.equal(s.flow.error, null);
    assert.equal(s.storage.warning, '');
  } finally {
    await browser.close();
  }
});
