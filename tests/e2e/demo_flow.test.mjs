// The whole demo flow through the UI, in Debian's Chromium: create an authorization profile by typing,
// save it, authorize, accept on the demo data centre's consent page, come back to tokens, reload and
// find everything still there. Then the Deny path, and a user on another data centre.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { backOnConsole, choose, click, item, launch, paste, ready, shot, startServer, startStaticHost, state, type, waitForPhase } from './harness.mjs';

const DEMO_CLIENT_ID = '1000.DEMOCONSOLE0CLIENT0ID';
const DEMO_CLIENT_SECRET = 'demo0secret0d8f3a1c9e4b7';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('a profile typed in, saved, authorized on the demo data centre, and still there after a reload', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Create New');
    let s = await state(page);
    assert.equal(s.draft.dataCenter, 'us', 'a new profile starts on the US data centre');
    assert.equal(s.draft.redirectUri, server.base, 'the redirect URI defaults to the console itself');

    await type(page, 'Profile Name', 'Leads via demo');
    s = await state(page);
    assert.match(s.authorizationUrlError, /Client Id is empty/, 'the preview says what is missing');
    await type(page, 'Client Id', DEMO_CLIENT_ID);
    s = await state(page);
    assert.match(s.authorizationUrlError, /No scope is set/, 'the preview follows each keystroke');
    await type(page, 'Client Secret', DEMO_CLIENT_SECRET);
    await type(page, 'Scopes', 'ZohoCRM.modules.leads.ALL,ZohoCRM.users.READ');
    s = await state(page);
    assert.ok(s.authorizationUrl.includes('client_id=' + DEMO_CLIENT_ID), s.authorizationUrl);
    assert.ok(s.authorizationUrl.startsWith('https://accounts.zoho.com/oauth/v2/auth?'), s.authorizationUrl);
    assert.ok(s.authorizationUrl.includes('scope=ZohoCRM.modules.leads.ALL%2CZohoCRM.users.READ'), s.authorizationUrl);

    // The Data Centre picker fills the three URLs (its list is a popup: its items are in items() too).
    await choose(page, 'Data Centre', 'Demo data centre (no Zoho account needed)');
    s = await state(page);
    assert.equal(s.draft.dataCenter, 'demo');
    assert.equal(s.draft.tokenUrl, server.base + 'demo/accounts/oauth/v2/token');
    assert.equal(s.draft.clientId, DEMO_CLIENT_ID, 'typed credentials are kept');
    assert.ok(!('clientSecret' in s.draft), 'state() never carries the client secret');
    assert.ok(s.authorizationUrl.startsWith(server.base + 'demo/accounts/oauth/v2/auth?'));
    await shot(page, '01-profile-form');

    await click(page, 'Save Authorization Profile');
    s = await state(page);
    assert.equal(s.profiles.length, 1);
    assert.equal(s.profiles[0].name, 'Leads via demo');
    assert.equal(s.selectedProfileId, s.profiles[0].id);

    await click(page, 'Authorize');
    await page.waitForURL(/\/demo\/accounts\/oauth\/v2\/auth\?/);
    assert.ok(page.url().includes('state='), 'the authorization request carries a state');
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    await shot(page, '02-consent-page');
    await page.getByRole('button', { name: 'Accept' }).click();

    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    assert.equal(page.url(), server.base, 'code and state are gone from the address bar');
    s = await state(page);
    assert.equal(s.tokens.length, 1);
    const t = s.tokens[0];
    assert.equal(t.profileId, s.profiles[0].id);
    assert.equal(t.hasAccessToken, true);
    assert.equal(t.hasRefreshToken, true);
    assert.equal(t.apiDomain, server.base + 'demo/api');
    const now = Date.now() / 1000;
    assert.ok(t.expiresAt > now + 3500 && t.expiresAt <= now + 3601, 'expires in an hour: ' + t.expiresAt);
    assert.ok(s.log.some((l) => l.kind === 'request' && l.text.startsWith('POST ' + server.base + 'demo/accounts/oauth/v2/token')));
    assert.ok(!JSON.stringify(s).includes(DEMO_CLIENT_SECRET), 'no secret in state()');
    await page.waitForTimeout(300);
    await shot(page, '03-authorized');

    await page.reload();
    await ready(page);
    s = await state(page);
    assert.equal(s.profiles.length, 1, 'the profile persisted in IndexedDB');
    assert.equal(s.profiles[0].name, 'Leads via demo');
    assert.equal(s.tokens.length, 1, 'the tokens persisted in IndexedDB');
    assert.equal(s.tokens[0].hasAccessToken, true);
    assert.equal(s.storage.mode, 'indexeddb');
    assert.ok(!s.log.some((l) => l.kind === 'request' && l.text.startsWith('POST')), 'a reload sends no token request');
    await item(page, 'Authorize');
    await page.waitForTimeout(300);
    await shot(page, '04-after-reload');
    // Idle with a token on screen: only the countdown's once-a-second tick draws (never every frame).
    await page.mouse.move(5, 790);
    // The first field has the focus; its caret blinks for 5 s after the last input, then stays lit.
    await page.waitForFunction(() => !window.zohoConsole.state().keyboard.caretBlinking, null, { timeout: 15000 });
    await page.waitForTimeout(500);
    const before = (await state(page)).framesDrawn;
    await page.waitForTimeout(3000);
    const drawn = (await state(page)).framesDrawn - before;
    assert.ok(drawn >= 2 && drawn <= 5, `frames drawn in 3 idle seconds: ${drawn}`);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Deny on the consent page comes back as access_denied, explained, with nothing sent', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Authorize');  // the first visit's draft is the demo profile: saved and authorized
    await page.getByRole('button', { name: 'Deny' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'access_denied');
    assert.match(s.flow.error.message, /refused \(access_denied: The user denied access\): consent was not given/);
    assert.match(s.flow.error.message, /press Authorize again/);
    assert.equal(s.tokens.length, 0);
    assert.ok(!s.log.some((l) => l.kind === 'request' && l.text.startsWith('POST')), 'no token request');
    assert.equal(page.url(), server.base);
    assert.match(await page.locator('#status').textContent(), /access_denied/, 'the ARIA live region says it');
    await page.waitForTimeout(300);
    await shot(page, '05-denied');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('token actions: Test connection, Create test lead, Refresh now, Revoke', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Authorize');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    const first = (await state(page)).tokens[0];

    await click(page, 'Test connection');
    await page.waitForFunction(() => zohoConsole.state().status.startsWith('Connection works'));
    let s = await state(page);
    assert.ok(s.log.some((l) => l.kind === 'request' && l.text.startsWith('GET ' + server.base + 'demo/api/crm/v8/Leads?')),
              'GET Leads on the token\'s API domain');
    assert.match(s.status, /Connection works: \d+ lead\(s\)/);
    assert.ok(s.crm.records >= 1);
    assert.equal(s.crm.source, server.base + 'demo/api/crm/v8/Leads');

    await click(page, 'Create test lead');
    await page.waitForFunction(() => zohoConsole.state().status.startsWith('Created a test lead'));
    assert.match((await state(page)).status, /record id \d+/);

    await page.waitForTimeout(1100);  // a new token must expire later than the first
    await click(page, 'Refresh now');
    await page.waitForFunction((at) => zohoConsole.state().tokens[0].expiresAt > at, first.expiresAt);
    s = await state(page);
    assert.equal(s.tokens[0].hasRefreshToken, true, 'the refresh token is kept');
    await page.waitForTimeout(300);
    await shot(page, '06-token-actions');

    await click(page, 'Revoke');
    await click(page, 'Revoke at Zoho');  // it asks first: revoking cannot be undone
    await page.waitForFunction(() => zohoConsole.state().tokens.length === 0);
    assert.match((await state(page)).status, /Revoked/);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('client types: a self client exchanges a pasted grant code; a client-based app gets its token in the fragment', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await choose(page, 'Client Type', 'Self Client (paste a grant code)');
    // What Zoho's API console shows after "Generate Code", from the demo data centre's equivalent.
    const code = await page.evaluate(async () => {
      await window.zohoConsole.demoReady();  // the service worker registers after `ready`
      const r = await fetch('demo/accounts/oauth/v2/self-client/code', {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'client_id=1000.DEMOCONSOLE0CLIENT0ID&client_secret=demo0secret0d8f3a1c9e4b7&scope=ZohoCRM.modules.leads.ALL&minutes=3',
      });
      return (await r.json()).code;
    });
    // Pasted, as a person copies it from Zoho's API console; the clock starts when the code appears. The
    // bounds allow for the seconds this test itself took (a loaded machine types and draws slowly).
    const entered = Date.now();
    await paste(page, 'Grant Code', code);
    const since = () => Math.ceil((Date.now() - entered) / 1000) + 1;
    let left = (await state(page)).grantCode.secondsLeft;
    assert.ok(left >= 180 - since() && left <= 180, `a 3-minute code has at most 3 minutes left (${left})`);
    await click(page, '10 min');
    left = (await state(page)).grantCode.secondsLeft;
    assert.ok(left >= 600 - since() && left <= 600, `the Time Duration chosen in the API console counts (${left})`);
    await shot(page, '10-self-client-code-life');
    await click(page, 'Exchange code');
    await waitForPhase(page, 'authorized');
    let s = await state(page);
    assert.equal(s.tokens[0].hasRefreshToken, true);
    const exchange = s.log.find((l) => l.kind === 'request' && l.text.startsWith('POST'));
    assert.ok(!exchange.text.includes('redirect_uri'), 'a self client sends no redirect_uri');
    assert.ok(!exchange.text.includes(code), 'the code is redacted in the log');

    await choose(page, 'Client Type', 'Client-based Applications (browser, implicit)');
    s = await state(page);
    assert.ok(s.authorizationUrl.includes('response_type=token'));
    await click(page, 'Authorize');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    s = await state(page);
    assert.equal(page.url(), server.base, 'the token left the address bar');
    assert.equal(s.tokens[0].hasRefreshToken, false, 'the implicit grant has no refresh token');
    assert.ok(!s.log.some((l) => l.kind === 'request' && l.text.startsWith('POST')), 'no token request at all');
    assert.match(s.status, /implicit grant/);
    // No refresh token: re-authorization is offered instead, and it starts a new authorization.
    await click(page, 'Authorize again');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    assert.equal((await state(page)).tokens[0].hasRefreshToken, false);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('PKCE: WebCrypto makes the challenge, the demo data centre checks the verifier', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Use PKCE (S256)');
    assert.equal((await state(page)).draft.pkce, true);
    await click(page, 'Authorize');
    await page.waitForURL(/\/demo\/accounts\/oauth\/v2\/auth\?/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    const s = await state(page);
    const request = s.log.find((l) => l.kind === 'request' && l.text.startsWith('POST'));
    assert.match(request.text, /code_verifier=[A-Za-z0-9_-]{7}\.\.\./, 'the verifier is sent, and redacted in the log');
  } finally {
    await browser.close();
  }
});

test('from a plain static host under a sub-path, a user on the EU data centre: tokens come from the EU', async () => {
  const host = await startStaticHost('team/tools/zoho/');
  const browser = await launch();
  const { page } = browser;
  const server = host;  // every URL below is relative to this host's sub-path
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Authorize');
    await page.locator('#dc').selectOption('eu');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    const s = await state(page);
    assert.ok(s.log.some((l) => l.text.startsWith('POST ' + server.base + 'demo/eu/accounts/oauth/v2/token')));
    assert.equal(s.tokens[0].apiDomain, server.base + 'demo/eu/api');
    assert.equal(s.tokens[0].accountsServer, server.base + 'demo/eu/accounts');
    assert.equal(s.draft.redirectUri, server.base);
  } finally {
    await browser.close();
    host.stop();
  }
});
