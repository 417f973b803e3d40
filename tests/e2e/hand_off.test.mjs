// Issue 15 items 4 and 5: the form's redirect URI check (each difference from the registered URI listed
// as it is pasted, Use registered edits the draft) and the token panel's Hand-off (Copy curl and Copy .env
// read back from the real clipboard: every secret a shell variable or an empty placeholder).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, click, draftValue, item, launch, paste, ready, settle, shot, startServer, state } from './harness.mjs';

const DEMO_CLIENT_SECRET = 'demo0secret0d8f3a1c9e4b7';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const items = (page) => page.evaluate(() => window.zohoConsole.items());
const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());
const focused = (page) => page.evaluate(() => {
  const it = window.zohoConsole.items().find((i) => i.id === window.zohoConsole.state().keyboard.focusId);
  return it ? it.label : '';
});

test('a registered redirect URI differing in host case and trailing slash: both differences listed, Use registered edits the draft', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(server.base);
    await ready(page);
    await paste(page, 'Redirect URI', 'https://app.example.com/cb', { replace: true });
    await draftValue(page, 'redirectUri', 'https://app.example.com/cb');
    await paste(page, 'Registered redirect URI', 'https://App.Example.com/cb/');
    const hostCase = await item(page, 'Redirect difference: host-case');
    const slash = await item(page, 'Redirect difference: trailing-slash');
    assert.match(hostCase.value, /letter case only: App\.Example\.com registered, app\.example\.com in the profile/);
    assert.match(slash.value, /registered URI ends with '\/', the profile's does not/);
    assert.match((await item(page, 'Fix: host-case')).value, /Change the profile's Redirect URI to https:\/\/App\.Example\.com\/cb\//);
    assert.equal((await items(page)).filter((i) => i.label.startsWith('Redirect difference: ')).length, 2,
                 'exactly the two differences');
    await shot(page, 'hand_off-redirect-check-800x600');
    // Tab order: Redirect URI, the registered URI, Use registered, then Relay URL.
    await click(page, 'Redirect URI');
    const order = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      await settle(page);
      order.push(await focused(page));
    }
    assert.deepEqual(order, ['Registered redirect URI', 'Use registered', 'Relay URL']);
    await click(page, 'Use registered');
    await draftValue(page, 'redirectUri', 'https://App.Example.com/cb/');
    assert.match((await item(page, 'Redirect URI check')).value, /Exactly equal/);
    assert.equal((await items(page)).filter((i) => i.label.startsWith('Redirect difference: ')).length, 0);
    const s = await state(page);
    assert.ok(!s.profiles.some((p) => p.redirectUri === 'https://App.Example.com/cb/'), 'nothing saved before Save');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Copy curl puts the token calls on the clipboard with every secret as a variable', async () => {
  const browser = await launch();
  const { page } = browser;
  const issued = [];
  page.context().on('response', async (r) => {
    if (!/\/oauth\/v2\/token/.test(r.url())) return;
    const body = await r.json().catch(() => ({}));
    for (const k of ['access_token', 'refresh_token']) if (body[k]) issued.push(body[k]);
  });
  try {
    await page.setViewportSize({ width: 1280, height: 1000 });  // the token panel beside the form
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    await click(page, 'Hand-off');
    await click(page, 'Copy curl');
    const curl = await clipboard(page);
    assert.match(curl, /^#!\/usr\/bin\/env bash/);
    assert.match(curl, /--data-urlencode 'client_secret='"\$\{ZOHO_CLIENT_SECRET\}"/);
    assert.match(curl, /--data-urlencode 'refresh_token='"\$\{ZOHO_REFRESH_TOKEN\}"/);
    assert.match(curl, /'Authorization: Zoho-oauthtoken '"\$\{ZOHO_ACCESS_TOKEN\}"/);
    assert.match(curl, /--data-raw 'grant_type=refresh_token'/);
    assert.ok(!curl.includes(DEMO_CLIENT_SECRET), 'the client secret is never inline');
    assert.ok(issued.length > 0, 'the token answer was seen');
    for (const t of issued) assert.ok(!curl.includes(t), 'no token value is inline');
    await click(page, 'Copy .env');
    const env = await clipboard(page);
    assert.match(env, /^ZOHO_CLIENT_SECRET=''$/m);
    assert.match(env, /^ZOHO_REFRESH_TOKEN=''$/m);
    assert.match(env, /^ZOHO_SCOPE='.+'$/m);
    await click(page, 'Include secrets in .env');
    await click(page, 'Copy .env');
    const withSecrets = await clipboard(page);
    assert.match(withSecrets, /WARNING: this text holds secrets/);
    assert.match(withSecrets, new RegExp(`^ZOHO_CLIENT_SECRET='${DEMO_CLIENT_SECRET}'$`, 'm'));
    assert.match(withSecrets, /^ZOHO_REFRESH_TOKEN='.{20,}'$/m);
    await shot(page, 'hand_off-1280x1000');  // the section open, beside the form
    await page.setViewportSize({ width: 800, height: 600 });
    await settle(page, 1);
    await shot(page, 'hand_off-800x600');  // stacked: the section is below the form, reached by scrolling
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
