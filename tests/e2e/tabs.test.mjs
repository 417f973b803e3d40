// Several tabs of one browser (issue 5): authorizations side by side, one refresh per token set across
// tabs (Web Locks), and changes in one tab reaching the others without a reload (BroadcastChannel).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, backOnConsole, click, launch, ready, startServer, state, type, waitForPhase, written } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const tokenPosts = (requests, grant) => requests.filter((r) => r.method() === 'POST' && r.url().includes('/oauth/v2/token') &&
                                                             (r.postData() || '').includes('grant_type=' + grant));

test('reload right after the callback returned: no second token request; the tokens are there', async () => {
  const browser = await launch();
  const { page } = browser;
  const requests = [];
  page.context().on('request', (r) => requests.push(r));
  try {
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    // The tokens are encrypted (WebCrypto, asynchronous) and written a few milliseconds after they show;
    // a person's reload comes later than that, a test's must wait for it.
    await written(page);
    await page.reload();
    await ready(page);
    const s = await state(page);
    assert.equal(tokenPosts(requests, 'authorization_code').length, 1, 'one exchange, none after the reload');
    assert.equal(s.tokens.length, 1);
    assert.equal(s.flow.phase, 'authorized');
    assert.equal(page.url(), server.base);
  } finally {
    await browser.close();
  }
});

test('other tabs hear only which record changed, never its value (docs/SECURITY.md rule 9)', async () => {
  const browser = await launch();
  const { page } = browser;
  // A listener on the console's channel in another tab of the same origin (a plain file of dist/).
  const listener = await page.context().newPage();
  try {
    await listener.goto(server.base + 'favicon.svg');
    await listener.evaluate(() => {
      window.heard = [];
      new BroadcastChannel('zoho-auth-console').onmessage = (event) => window.heard.push(event.data);
    });
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    await written(page);
    const heard = await listener.evaluate(() => window.heard);
    assert.ok(heard.some((m) => m.store === 'tokens'), 'the new token set was announced: ' + JSON.stringify(heard));
    for (const message of heard) {
      assert.deepEqual(Object.keys(message).sort(), ['key', 'store'], 'a message is a store and a key only: ' +
                       JSON.stringify(message).slice(0, 200));
    }
  } finally {
    await browser.close();
  }
});

test('two tabs start an authorization at the same time; both complete', async () => {
  const browser = await launch();
  const first = browser.page;
  const second = await first.context().newPage();
  try {
    for (const page of [first, second]) {
      await page.goto(server.base);
      await ready(page);
    }
    await type(second, 'Profile Name', ' (second tab)');
    // Both leave for the consent page before either comes back.
    await Promise.all([click(first, 'Authorize'), click(second, 'Authorize')]);
    await Promise.all([first, second].map((p) => p.getByRole('button', { name: 'Accept' }).waitFor()));
    await second.getByRole('button', { name: 'Accept' }).click();
    await first.getByRole('button', { name: 'Accept' }).click();
    for (const page of [first, second]) {
      await backOnConsole(page, server.base);
      await waitForPhase(page, 'authorized');
    }
    const a = await state(first);
    const b = await state(second);
    assert.notEqual(a.selectedProfileId, b.selectedProfileId, 'each tab authorized its own profile');
    assert.ok(a.tokens.some((t) => t.profileId === a.selectedProfileId));
    assert.ok(b.tokens.some((t) => t.profileId === b.selectedProfileId));
    assert.equal(a.flow.error, null);
    assert.equal(b.flow.error, null);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('two tabs with a token set about to expire: exactly one refresh request; both end with the new token', async () => {
  const browser = await launch();
  const first = browser.page;
  const requests = [];
  first.context().on('request', (r) => requests.push(r));
  try {
    await first.goto(server.base);
    await ready(first);
    await authorizeOnDemo(first, server.base);
    await click(first, 'Enable integration');
    await written(first);
    const second = await first.context().newPage();
    await second.goto(server.base);
    await ready(second);
    const before = (await state(second)).tokens[0];
    assert.equal(before.expiresAt, (await state(first)).tokens[0].expiresAt);
    assert.equal((await state(second)).draft.enabled, true, 'the second tab sees the enabled integration');

    // Something else holds the token set's refresh lock for a moment (as a slow refresh in a third tab
    // would), so that both tabs surely want to refresh at the same time.
    const key = (await state(first)).tokens[0].profileId + '/';
    await first.evaluate((name) => {
      window.testLockHeld = new Promise((held) => {
        navigator.locks.request(name, () => { held(); return new Promise((release) => { window.releaseTestLock = release; }); });
      });
      return window.testLockHeld;
    }, 'zoho-auth-console refresh ' + key);
    // 58 minutes later in both tabs: each one's timer finds the token set inside the refresh lead.
    const later = new Date((before.expiresAt - 120) * 1000);
    await Promise.all([first.clock.setFixedTime(later), second.clock.setFixedTime(later)]);
    for (const page of [first, second]) {
      await page.waitForFunction(() => window.zohoConsole.state().busy, null, { timeout: 10000 });
    }
    assert.equal(tokenPosts(requests, 'refresh_token').length, 0, 'both tabs wait for the lock');
    await first.evaluate(() => window.releaseTestLock());
    for (const page of [first, second]) {
      await page.waitForFunction((t) => window.zohoConsole.state().tokens[0]?.expiresAt > t, before.expiresAt, { timeout: 20000 });
    }
    await first.waitForTimeout(3000);  // room for a second refresh, if the lock let one through
    assert.equal(tokenPosts(requests, 'refresh_token').length, 1, 'exactly one refresh request in both tabs');
    const a = (await state(first)).tokens[0];
    const b = (await state(second)).tokens[0];
    assert.equal(a.expiresAt, b.expiresAt, 'both tabs hold the same new token set');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('a profile saved in one tab and tokens forgotten there reach the other tab without a reload', async () => {
  const browser = await launch();
  const first = browser.page;
  try {
    await first.goto(server.base);
    await ready(first);
    await authorizeOnDemo(first, server.base);
    await written(first);
    const second = await first.context().newPage();
    await second.goto(server.base);
    await ready(second);

    await first.bringToFront();  // a person switches back to the first tab; a hidden tab draws nothing
    await type(first, 'Profile Name', ' - renamed');
    await click(first, 'Save Authorization Profile');
    await second.waitForFunction(() => window.zohoConsole.state().profiles[0]?.name.endsWith(' - renamed'), null, { timeout: 10000 });
    assert.match((await state(second)).draft.name, / - renamed$/, 'the form follows when it holds no edit');

    await click(first, 'Forget');
    await second.waitForFunction(() => window.zohoConsole.state().tokens.length === 0, null, { timeout: 10000 });
    assert.equal((await state(second)).flow.phase, 'idle');
  } finally {
    await browser.close();
  }
});

test('a change another tab makes while this tab is still starting reaches it (the early read is not stale)', async () => {
  const browser = await launch();
  const first = browser.page;
  try {
    await first.goto(server.base);
    await ready(first);
    await click(first, 'Save Authorization Profile');
    await written(first);
    // The second tab reads storage as soon as its shell script runs, long before its module arrives:
    // hold the module back, change the profile in the first tab meanwhile, then let the second start.
    const second = await first.context().newPage();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let asked;
    const moduleAsked = new Promise((resolve) => { asked = resolve; });
    await second.route('**/console.wasm', async (route) => { asked(); await held; await route.continue(); });
    await second.goto(server.base, { waitUntil: 'commit' });
    await moduleAsked;
    await second.waitForTimeout(500);  // its early read is done: storage is small
    await first.bringToFront();
    await type(first, 'Profile Name', ' - renamed');
    await click(first, 'Save Authorization Profile');
    await written(first);
    release();
    await ready(second);
    await second.waitForFunction(() => window.zohoConsole.state().profiles[0]?.name.endsWith(' - renamed'), null, { timeout: 10000 });
    assert.equal((await state(second)).profiles.length, 1);
  } finally {
    await browser.close();
  }
});
