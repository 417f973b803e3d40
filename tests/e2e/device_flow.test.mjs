// The device flow (client type non-browser) through the UI on the demo data centre, in Debian's Chromium:
// Start device flow shows the user code, the verification link and its QR code; a second page (the
// person's phone) types the code on the demo's verification page and approves, denies, or picks another data
// centre; the console's polls (the page's clock moved on by the interval, so no test waits 30 s) end
// authorized, with access_denied explained, or at the other data centre.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { choose, click, freePort, item, launch, newCustomProfile, ready, settle, shot, startServer, state, type, until, waitForPhase } from './harness.mjs';

let server;     // serve.py for the demo, and allowed to reach oidc-provider (--connect-origin)
let provider;
let issuer;
before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  server = await startServer(['--connect-origin', issuer]);
  const origin = new URL(server.base).origin;
  // oidc-provider's RFC 8628 device flow: a public client, its own /device page (devInteractions: sign in,
  // consent), CORS for the console's origin.
  const oidc = new Provider(issuer, {
    clients: [{ client_id: 'console-device', token_endpoint_auth_method: 'none', redirect_uris: [server.base],
                grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], response_types: [] }],
    clientBasedCORS: (ctx, o) => o === origin,
    cookies: { keys: ['zoho-console-device-key'] },
    features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true } },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  });
  provider = oidc.listen(port, '127.0.0.1');
});
after(() => {
  provider && provider.close();
  server && server.stop();
});

// The demo profile (the first visit's draft) as a non-browser client, saved, and its device flow started.
async function startDeviceFlow(page) {
  await page.clock.install();
  await page.goto(server.base);
  await ready(page);
  await choose(page, 'Client Type', 'Non-browser Applications (device flow)');
  await click(page, 'Save Authorization Profile');
  await click(page, 'Start device flow');
  await until(page, 'the user code', () => window.zohoConsole.state().device !== null);
  await settle(page);
  return (await state(page)).device;
}

// The person, on a second page: the verification page, the code typed, a data centre, a decision.
async function decideOnSecondPage(page, device, decision, dataCentre = 'us') {
  const phone = await page.context().newPage();
  await phone.goto(device.verificationUri);
  await phone.getByLabel('Code').fill(device.userCode);
  await phone.getByLabel('Your data centre').selectOption(dataCentre);
  await phone.getByRole('button', { name: decision }).click();
  await phone.getByRole('heading', { name: decision === 'Approve' ? 'Device approved' : 'Access denied' }).waitFor();
  await phone.close();
}

// The page's clock moves on by `seconds`: the console's timer sends the poll that is due. While a device
// authorization is pending its countdown draws a frame a second; with none, there is nothing to draw.
async function pollAfter(page, seconds, frames = 2) {
  await page.clock.fastForward(seconds * 1000);
  await settle(page, frames);
}

test('device flow on the demo: code and QR shown, approved on a second page, the poll brings the token set', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    const device = await startDeviceFlow(page);
    assert.match(device.userCode, /^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    assert.equal(device.verificationUri, server.base + 'demo/accounts/oauth/v3/device');
    assert.equal(device.interval, 30);
    assert.ok(device.secondsLeft > 290 && device.secondsLeft <= 300, String(device.secondsLeft));
    const code = await item(page, 'User code');
    assert.ok(code.h > 0);
    await item(page, 'QR code of the verification address');
    await item(page, 'Open verification page');
    await item(page, 'Cancel device flow');
    await shot(page, 'device-01-code');
    await decideOnSecondPage(page, device, 'Approve');
    await pollAfter(page, 30);
    await waitForPhase(page, 'authorized');
    const s = await state(page);
    assert.equal(s.device, null, 'the device authorization is over');
    assert.equal(s.tokens.length, 1, JSON.stringify(s.tokens));
    const log = JSON.stringify(s.log);
    assert.ok(log.includes('oauth/v3/device/token'), 'the poll is in the log');
    // The device code and the tokens are Zoho-shaped (1000.<32 hex>.<32 hex>): none appears whole.
    assert.doesNotMatch(log, /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/, 'no device code or token in the log');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('device flow on the demo: Deny on the verification page ends in access_denied, explained', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    const device = await startDeviceFlow(page);
    await decideOnSecondPage(page, device, 'Deny');
    await pollAfter(page, 30);
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'access_denied');
    assert.match(s.flow.error.message, /denied access/);
    assert.equal(s.device, null);
  } finally {
    await browser.close();
  }
});

test('device flow on the demo: another data centre chosen answers other_dc and the polls follow it there', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    const device = await startDeviceFlow(page);
    await decideOnSecondPage(page, device, 'Approve', 'eu');
    await pollAfter(page, 30);
    await until(page, 'the other_dc answer', () => window.zohoConsole.state().device?.lastAnswer === 'other_dc');
    assert.equal((await state(page)).device.accountsServer, server.base + 'demo/eu/accounts');
    await pollAfter(page, 30);
    await waitForPhase(page, 'authorized');
    const s = await state(page);
    assert.equal(s.tokens[0].apiDomain, server.base + 'demo/eu/api', JSON.stringify(s.tokens));
  } finally {
    await browser.close();
  }
});

test('device flow: Cancel stops the polls, and a reload resumes a pending one', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    const device = await startDeviceFlow(page);
    await page.reload();
    await ready(page);
    await until(page, 'the resumed device flow', (c) => window.zohoConsole.state().device?.userCode === c, device.userCode);
    await click(page, 'Cancel device flow');
    assert.equal((await state(page)).device, null);
    await pollAfter(page, 60, 0);
    const log = JSON.stringify((await state(page)).log);
    assert.ok(!log.includes('oauth/v3/device/token'), 'no poll after Cancel');
  } finally {
    await browser.close();
  }
});

test('device flow against oidc-provider through the UI: its /device page, sign in, consent; the polls get tokens', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.clock.install();
    await page.goto(server.base);
    await ready(page);
    await newCustomProfile(page, 'oidc-provider device');
    await choose(page, 'Client Type', 'Non-browser Applications (device flow)');
    await type(page, 'Client Id', 'console-device');
    await choose(page, 'Client authentication', 'none (public client: no secret, use PKCE)');
    await type(page, 'Device Authorization URL', `${issuer}/device/auth`);
    await type(page, 'Token URL', `${issuer}/token`);
    await type(page, 'Scopes', 'openid');
    await click(page, 'Save Authorization Profile');
    let s = await state(page);
    assert.equal(s.flow.error, null, s.status);
    await click(page, 'Start device flow');
    await until(page, 'the user code', () => window.zohoConsole.state().device !== null);
    const device = (await state(page)).device;
    assert.equal(device.interval, 5, 'RFC 8628 s3.2: 5 s when the server names none');
    assert.ok(device.verificationUriComplete.includes('user_code='), device.verificationUriComplete);

    const phone = await page.context().newPage();
    await phone.goto(device.verificationUri);
    await phone.fill('input[name=user_code]', device.userCode);
    await phone.click('button[type=submit]');
    await phone.click('button[type=submit]');  // "Continue": this is the device I started
    await phone.fill('input[name=login]', 'user-1');
    await phone.fill('input[name=password]', 'any');
    await phone.click('button[type=submit]');
    await phone.waitForSelector('button[type=submit]');
    await phone.click('button[type=submit]');  // consent
    await phone.waitForFunction(() => /success|signed in|connected/i.test(document.body.innerText));
    await phone.close();

    await page.clock.fastForward(5000);
    await settle(page, 2);
    await waitForPhase(page, 'authorized');
    s = await state(page);
    const tokens = s.tokens.find((t) => t.profileId === s.selectedProfileId);
    assert.ok(tokens && tokens.hasAccessToken, JSON.stringify(s.tokens));
    const poll = s.log.find((e) => e.kind === 'request' && e.text.startsWith(`POST ${issuer}/token`));
    assert.ok(poll && /grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code/.test(poll.text), JSON.stringify(s.log));
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
