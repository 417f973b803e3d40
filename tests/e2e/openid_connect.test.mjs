// Sign in with Zoho (OpenID Connect) through the console's UI, in Debian's Chromium (issue 14, items 3
// and 4): the id_token of a token answer verified with WebCrypto against the issuer's published key
// (discovery, JWK Set), each check's verdict and the decoded claims in the token panel, Call userinfo;
// tampered tokens refused naming the check; and a custom provider (the npm package oidc-provider)
// discovered from its issuer, authorized with openid, its id_token verified and its userinfo called.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { backOnConsole, choose, click, draftValue, freePort, launch, newCustomProfile, paste, ready, settle, shot, signInAtOidcProvider, startServer,
         state, type, until, waitForPhase, written } from './harness.mjs';

const CHECKS = ['format', 'alg', 'kid', 'signature', 'iss', 'aud', 'azp', 'exp', 'iat', 'nonce'];

let server;    // the console with the demo data centre
let allowed;   // serve.py --connect-origin <issuer>: the console may reach oidc-provider
let provider;
let issuer;

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  server = await startServer();
  allowed = await startServer(['--connect-origin', issuer]);
  const origin = new URL(allowed.base).origin;
  const oidc = new Provider(issuer, {
    clients: [{ client_id: 'console-oidc', token_endpoint_auth_method: 'none', redirect_uris: [allowed.base],
                grant_types: ['authorization_code'], response_types: ['code'] }],
    clientBasedCORS: (ctx, o) => o === origin,
    pkce: { required: () => true, methods: ['S256'] },
    cookies: { keys: ['zoho-console-openid-key'] },
    claims: { email: ['email', 'email_verified'], profile: ['name'] },
    // The scopes' claims in the id_token too (not only at userinfo), so the token panel shows the CJK name.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: '山田 太郎' }),
    }),
  });
  provider = oidc.listen(port, '127.0.0.1');
});

after(() => {
  provider && provider.close();
  server && server.stop();
  allowed && allowed.stop();
});

/** Waits until the id_token verification on screen has ended (done or failed) and returns its snapshot. */
async function verification(page) {
  await until(page, 'the id_token verification to end',
              () => ['done', 'failed'].includes(window.zohoConsole.state().idToken.stage), null, 20000);
  await settle(page);
  return (await state(page)).idToken;
}

/** Screenshots of the token panel at 1280x800 and, scrolled to it, at 800x600 (`name`-1280x800, `name`-800x600). */
async function panelShots(page, name) {
  await settle(page);
  await shot(page, `${name}-1280x800`);
  await page.setViewportSize({ width: 800, height: 600 });
  await settle(page, 1);
  await page.mouse.move(400, 300);
  await page.mouse.wheel(0, 1200);  // the token panel sits below the form at this size
  await settle(page, 1);
  await shot(page, `${name}-800x600`);
}

/** Presses Call userinfo and returns the answer's status and body once it came. */
async function callUserinfo(page) {
  await click(page, 'Call userinfo');
  await until(page, 'the userinfo answer', () => window.zohoConsole.state().userinfo.status !== 0);
  return (await state(page)).userinfo;
}

/** The form on screen filled for oidc-provider's public client: client id, no secret, PKCE, openid scopes,
 * and the endpoints from Discover at its issuer (done once the Token URL is filled). */
async function fillForOidcProvider(page) {
  await type(page, 'Client Id', 'console-oidc');
  await choose(page, 'Client authentication', 'none (public client: no secret, use PKCE)');
  await type(page, 'Scopes', 'openid email profile');
  await click(page, 'Use PKCE (S256)');
  await type(page, 'Issuer', issuer);
  await click(page, 'Discover');
  await draftValue(page, 'tokenUrl', `${issuer}/token`);
}

/** A demo profile asking for openid, email and profile besides a CRM scope, authorized on the demo. */
async function signInOnDemo(page) {
  await page.goto(server.base);
  await ready(page);
  await click(page, 'Create New');
  await type(page, 'Profile Name', 'Sign in with Zoho');
  await choose(page, 'Data Centre', 'Demo data centre (no Zoho account needed)');
  await type(page, 'Scopes', 'ZohoCRM.modules.leads.ALL,openid,email,profile');
  await click(page, 'Save Authorization Profile');
  await click(page, 'Authorize');
  await page.getByRole('button', { name: 'Accept' }).click();
  await backOnConsole(page, server.base);
  await waitForPhase(page, 'authorized');
}

test('demo: the id_token verifies with WebCrypto, every check passes, the claims show; userinfo answers', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await signInOnDemo(page);
    const v = await verification(page);
    assert.equal(v.error, '', v.error);
    assert.equal(v.verdict.verified, true, JSON.stringify(v.verdict.checks));
    assert.deepEqual(v.verdict.checks.map((c) => c.check), CHECKS);
    for (const c of v.verdict.checks) assert.equal(c.passed, true, `${c.check}: ${c.why}`);
    assert.equal(v.verdict.claims.email, 'demo.user@example.com');
    assert.equal(v.verdict.header.alg, 'RS256');
    let s = await state(page);
    const accounts = server.base + 'demo/accounts';
    assert.ok(s.log.some((l) => l.text.startsWith(`GET ${accounts}/.well-known/openid-configuration`)), 'discovery fetched');
    assert.ok(s.log.some((l) => l.text.startsWith(`GET ${accounts}/oauth/v2/keys`)), 'the JWK Set fetched');
    assert.ok(s.log.some((l) => l.text.includes('"id_token"')), 'the token answer is logged');
    assert.ok(!s.log.some((l) => /"id_token":"[^"]{40,}"/.test(l.text)), 'the id_token is redacted in the log');

    // A second verification uses the session's cache: no new request.
    const requests = s.log.filter((l) => l.kind === 'request').length;
    await click(page, 'Verify id_token');
    const again = await verification(page);
    assert.equal(again.verdict.verified, true);
    s = await state(page);
    assert.equal(s.log.filter((l) => l.kind === 'request').length, requests, 'discovery and keys are cached');

    const userinfo = await callUserinfo(page);
    assert.equal(userinfo.status, 200, userinfo.body);
    assert.match(userinfo.body, /demo\.user@example\.com/);
    s = await state(page);
    assert.ok(s.log.some((l) => l.text.startsWith(`GET ${accounts}/oauth/v2/userinfo`)));
    await panelShots(page, 'openid-01-verified');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

/** Replaces the stored token set's id_token with `idToken` (as another tab would) and presses Verify id_token. */
async function verifyInjected(page, record, idToken) {
  await page.evaluate(async ({ key, value }) => {
    window.zcShell.storagePut('tokens', key, JSON.stringify(value));
    await window.zcShell.written();
    new BroadcastChannel('zoho-auth-console').postMessage({ store: 'tokens', key });
  }, { key: record.key, value: { ...record.value, tokens: { ...record.value.tokens, idToken } } });
  await until(page, 'the injected token set', () => true);
  await page.waitForTimeout(300);
  await settle(page);
  await click(page, 'Verify id_token');
  return verification(page);
}

function part(token, index, change) {
  const parts = token.split('.');
  parts[index] = change(parts[index]);
  return parts.join('.');
}

const b64 = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
const flip = (text) => text.slice(0, 10) + (text[10] === 'A' ? 'B' : 'A') + text.slice(11);

test('demo: a tampered id_token is refused naming the check (payload, signature, alg none, unknown kid, expired)', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    // The token answer as the page received it (from the demo's service worker), for its token set.
    let answer = null;
    page.on('response', async (r) => {
      if (r.url().endsWith('/oauth/v2/token') && r.request().method() === 'POST') answer = await r.json().catch(() => null);
    });
    await page.clock.install();
    await signInOnDemo(page);
    const first = await verification(page);
    assert.equal(first.verdict.verified, true);
    assert.ok(answer && answer.id_token, 'the token answer carried an id_token');
    const s = await state(page);
    const t = s.tokens[0];
    const record = { key: `${t.profileId}/`, value: { profileId: t.profileId, endUser: '', tokens: {
      accessToken: answer.access_token, refreshToken: answer.refresh_token || '', apiDomain: answer.api_domain,
      tokenType: answer.token_type, scope: answer.scope || '', expiresAt: t.expiresAt, accountsServer: t.accountsServer,
    } } };
    const token = answer.id_token;
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url'));
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));

    const cases = [
      ['signature', part(token, 1, () => b64({ ...claims, email: 'mallory@example.com' }))],
      ['signature', part(token, 2, flip)],
      ['alg', [b64({ ...header, alg: 'none' }), token.split('.')[1], ''].join('.')],
      ['kid', part(token, 0, () => b64({ ...header, kid: 'demo-unknown' }))],
    ];
    for (const [check, tampered] of cases) {
      const v = await verifyInjected(page, record, tampered);
      assert.equal(v.verdict.verified, false, check);
      assert.equal(v.verdict.refusedBy, check, JSON.stringify(v.verdict.checks));
      assert.match((await state(page)).status, new RegExp(`id_token refused: ${check} - `));
    }
    await shot(page, 'openid-03-refused');

    // Expired: the page's clock two hours on; the genuine token is refused by exp.
    await page.clock.fastForward(2 * 3600 * 1000);
    const expired = await verifyInjected(page, record, token);
    assert.equal(expired.verdict.refusedBy, 'exp', JSON.stringify(expired.verdict.checks));
    assert.equal(expired.verdict.checks.find((c) => c.check === 'signature').passed, true, 'the signature itself is fine');
  } finally {
    await browser.close();
  }
});

test('oidc-provider: Discover fills the endpoints, the id_token verifies with WebCrypto, userinfo works', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(allowed.base);
    await ready(page);
    // The profile's name pasted from the clipboard, in Japanese.
    await newCustomProfile(page, '');
    await paste(page, 'Profile Name', 'サインイン (oidc-provider)', { replace: true });
    await fillForOidcProvider(page);
    let s = await state(page);
    assert.equal(s.draft.authorizationUrl, `${issuer}/auth`);
    assert.equal(s.draft.refreshTokenUrl, `${issuer}/token`);
    assert.equal(s.draft.jwksUrl, `${issuer}/jwks`);
    assert.equal(s.draft.userinfoUrl, `${issuer}/me`);
    assert.equal(s.draft.issuer, issuer);
    assert.equal(s.profiles.length, 0, 'Discover edits the draft; nothing is saved before Save');
    assert.ok(s.log.some((l) => /Discover filled from .*Authorization URL, Token URL/.test(l.text)), JSON.stringify(s.log));
    await shot(page, 'openid-04-discovered');
    await click(page, 'Save Authorization Profile');
    s = await state(page);
    assert.equal(s.flow.error, null, s.status);

    await click(page, 'Authorize');
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await signInAtOidcProvider(page);
    await backOnConsole(page, allowed.base);
    await waitForPhase(page, 'authorized');
    const v = await verification(page);
    assert.equal(v.error, '', v.error);
    assert.equal(v.verdict.verified, true, JSON.stringify(v.verdict.checks));
    assert.equal(v.verdict.claims.iss, issuer);
    assert.equal(v.verdict.claims.aud, 'console-oidc');
    assert.equal(v.verdict.claims.name, '山田 太郎');
    assert.equal((await state(page)).profiles[0].name, 'サインイン (oidc-provider)', 'the pasted name was saved as pasted');
    // Copy claims puts the decoded claims on the real clipboard, the CJK name intact.
    await page.evaluate(() => navigator.clipboard.writeText('previous clipboard'));
    await click(page, 'Copy claims');
    await until(page, 'the claims on the clipboard',
                () => navigator.clipboard.readText().then((t) => t.includes('"name"') && t.includes('山田 太郎')), null, 5000);
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(copied.claims.name, '山田 太郎');
    assert.equal(copied.claims.aud, 'console-oidc');
    assert.equal(copied.header.alg, 'RS256');

    const userinfo = await callUserinfo(page);
    assert.equal(userinfo.status, 200, userinfo.body);
    assert.match(userinfo.body, /user-1@example\.test/);
    assert.match(userinfo.body, /山田 太郎/);
    await panelShots(page, 'openid-05-provider-verified');
    assert.equal((await state(page)).glyphs.missing, 0, 'the CJK name renders');

    // The sequence diagram of this authorization at a server we did not write: the callback, then the
    // code exchange at oidc-provider's /token; nothing failed, no value in a label.
    const items = () => page.evaluate(() => window.zohoConsole.items());
    await page.mouse.move(1000, 400);  // over the token panel, which scrolls on its own
    for (let i = 0; i < 60 && !(await items()).some((it) => it.label === 'Sequence diagram' && it.y > 0 && it.y + it.h < 780); i++) {
      await page.mouse.wheel(0, 100);
      await settle(page);
    }
    await click(page, 'Sequence diagram');
    for (let i = 0; i < 40 && !(await items()).some((it) => it.role === 'arrow'); i++) {
      await page.mouse.wheel(0, 100);
      await settle(page);
    }
    const labels = (await items()).filter((it) => it.role === 'arrow').map((a) => `${a.label}${a.failed ? ' (failed)' : ''}`);
    assert.match(labels[0] ?? '', /^GET \/\?.*code/, labels.join(' | '));
    assert.ok(labels.includes('POST /token 200'), 'the code exchange at oidc-provider: ' + labels.join(' | '));
    for (const l of labels) assert.ok(!/failed|=/.test(l), 'no failure and no value in a label: ' + l);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

// End-user mode at a server we did not write: an end user named in Japanese (pasted) authorizes for
// themselves at oidc-provider, the link copied for them carries the name intact, and a link whose end user
// holds a control character starts nothing (core/console/end_user_id.hpp).
test('oidc-provider: an end user named in Japanese authorizes for themselves; a control character in a link starts nothing', async () => {
  const browser = await launch();
  const { page } = browser;
  const endUser = '山田 エイダ';
  try {
    await page.goto(allowed.base);
    await ready(page);
    await newCustomProfile(page, 'End users at oidc-provider');
    await fillForOidcProvider(page);
    await click(page, 'Save Authorization Profile');
    await click(page, 'Allow Users to Authorize the Integration');
    await paste(page, 'End User Id', endUser, { replace: true });
    await draftValue(page, 'authorizationMode', 'end-user');

    // Copied, then read back from the real clipboard: the name survives the link's encoding.
    await page.evaluate(() => navigator.clipboard.writeText('previous clipboard'));
    await click(page, 'Copy end-user link');
    await until(page, 'the end-user link on the clipboard',
                () => navigator.clipboard.readText().then((t) => t.includes('?authorize=')), null, 5000);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(new URL(link).searchParams.get('end_user'), endUser, link);

    await click(page, 'Authorize as end user');
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await signInAtOidcProvider(page);
    await backOnConsole(page, allowed.base);
    await waitForPhase(page, 'authorized');
    let s = await state(page);
    assert.deepEqual(s.tokens.map((t) => t.endUser), [endUser]);
    assert.ok(s.tokens[0].hasAccessToken, JSON.stringify(s.tokens[0]));
    await written(page);  // the token set is on disk before the page leaves (a write is not instant)

    // The same link with a NUL in the end user: refused on the console, nothing sent to oidc-provider.
    const bad = new URL(link);
    bad.search = bad.search.replace(/end_user=[^&]*/, 'end_user=' + encodeURIComponent('山田') + '%00b');
    const toIssuer = [];
    page.on('request', (r) => { if (r.url().startsWith(issuer)) toIssuer.push(r.url()); });
    await page.goto(bad.href);
    await ready(page);
    s = await state(page);
    assert.match(s.status, /end-user link was not followed: nothing was started\. The end-user id holds a control character/);
    await settle(page);
    assert.deepEqual(toIssuer, [], 'nothing went to the authorization server');
    assert.deepEqual(s.tokens.map((t) => t.endUser), [endUser], 'the stored token set is untouched');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
