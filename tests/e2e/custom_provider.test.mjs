// Interoperability with a real, independent OAuth 2.0 / OpenID Connect authorization server: the npm
// package oidc-provider, run on loopback. The `zoho-auth` CLI (the core's protocol engine) builds every
// request and reads every answer; this test only carries them, and clicks through the server's own login
// and consent pages in Chromium. Both client authentications are exercised: HTTP Basic
// (client_secret_basic) and the form body (client_secret_post). PKCE S256 is required by the server.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { launch, root } from './harness.mjs';

const CLI = path.join(root, 'build', 'native', 'bin', 'zoho-auth');
const work = mkdtempSync(path.join(os.tmpdir(), 'zc-oidc-'));
let server;
let issuer;
const redirectUri = 'http://127.0.0.1:9/callback';  // never reached: the browser's request is intercepted

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Runs the CLI; returns { code, json }. */
function cli(args, input = '') {
  try {
    const out = execFileSync(CLI, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { code: 0, json: JSON.parse(out) };
  } catch (e) {
    return { code: e.status, json: JSON.parse(e.stdout) };
  }
}

const clients = [
  { client_id: 'console-basic', client_secret: 'basic-secret-3f9a1c', token_endpoint_auth_method: 'client_secret_basic',
    authentication: 'basic' },
  { client_id: 'console-post', client_secret: 'post-secret-8d2e4b', token_endpoint_auth_method: 'client_secret_post',
    authentication: 'body' },
];

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map(({ authentication, ...c }) => ({
      ...c, redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    })),
    pkce: { required: () => true, methods: ['S256'] },
    cookies: { keys: ['zoho-console-interop-test-key'] },
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    ttl: { AccessToken: 3600, AuthorizationCode: 120, Grant: 3600, IdToken: 3600, Interaction: 600,
           RefreshToken: 86400, Session: 3600 },
  });
  server = provider.listen(port, '127.0.0.1');
});

after(() => {
  server && server.close();
  rmSync(work, { recursive: true, force: true });
});

for (const client of clients) {
  test(`oidc-provider, ${client.token_endpoint_auth_method}: authorize, exchange with PKCE, refresh`, async () => {
    const profile = path.join(work, `${client.client_id}.json`);
    writeFileSync(profile, JSON.stringify({
      version: 1, name: 'Custom OAuth 2.0 server', provider: 'custom', clientType: 'server',
      clientId: client.client_id, clientSecret: client.client_secret, scopes: ['openid', 'offline_access'],
      redirectUri, authorizationUrl: `${issuer}/auth`, tokenUrl: `${issuer}/token`, refreshTokenUrl: `${issuer}/token`,
      prompt: 'consent', pkce: true, clientAuthentication: client.authentication,
    }));

    // 1. The authorization URL, with a fresh verifier the CLI makes (profile says pkce: true).
    const state = 'st-' + Math.random().toString(36).slice(2);
    const authorize = cli(['authorize-url', profile, '--state', state]);
    assert.equal(authorize.code, 0, JSON.stringify(authorize.json));
    const url = new URL(authorize.json.url);
    assert.equal(url.searchParams.get('scope'), 'openid offline_access');
    assert.ok(authorize.json.url.includes('scope=openid%20offline_access'), 'a space is sent as %20, never +');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');

    // 2. The server's own login and consent pages, in Chromium; the redirect back is intercepted.
    const browser = await launch();
    let callbackUrl;
    try {
      await browser.page.route('http://127.0.0.1:9/**', (route) => {
        callbackUrl = route.request().url();
        return route.fulfill({ status: 200, body: 'ok' });
      });
      await browser.page.goto(authorize.json.url);
      await browser.page.fill('input[name=login]', 'user-1');
      await browser.page.fill('input[name=password]', 'any');
      await browser.page.click('button[type=submit]');
      await browser.page.waitForSelector('button[type=submit]');
      await browser.page.click('button[type=submit]');  // consent: Continue
      await browser.page.waitForURL('http://127.0.0.1:9/**');
    } finally {
      await browser.close();
    }
    assert.ok(callbackUrl, 'the server redirected back with a response');

    // 3. The callback, checked by the core; then the token request it builds, carried by fetch.
    const accepted = cli(['callback', profile, '--state', state, '--url', callbackUrl]);
    assert.equal(accepted.code, 0, JSON.stringify(accepted.json));
    assert.equal(accepted.json.tokenUrl, `${issuer}/token`);
    const request = cli(['token-request', profile, '--code', accepted.json.code, '--code-verifier', authorize.json.codeVerifier]);
    assert.equal(request.code, 0);
    if (client.authentication === 'basic') {
      assert.match(request.json.headers.Authorization, /^Basic /);
      assert.ok(!request.json.body.includes('client_secret'), 'the secret travels only in the header');
    } else {
      assert.ok(request.json.body.includes('client_secret='));
    }
    const answer = await fetch(request.json.url, { method: request.json.method, headers: request.json.headers, body: request.json.body });
    const tokens = cli(['token-response', '--status', String(answer.status)], await answer.text());
    assert.equal(tokens.code, 0, JSON.stringify(tokens.json));
    assert.ok(tokens.json.accessToken.length > 10);
    assert.ok(tokens.json.refreshToken.length > 10, 'offline_access with prompt=consent yields a refresh token');
    assert.equal(tokens.json.tokenType, 'Bearer');
    const now = Date.now() / 1000;
    assert.ok(tokens.json.expiresAt > now && tokens.json.expiresAt <= now + 3700);

    // 4. Refresh with the core's request; the previous set fills what the answer leaves out.
    const refresh = cli(['token-request', profile, '--refresh-token', tokens.json.refreshToken]);
    const refreshed = await fetch(refresh.json.url, { method: 'POST', headers: refresh.json.headers, body: refresh.json.body });
    const next = cli(['token-response', '--status', String(refreshed.status), '--previous', JSON.stringify(tokens.json)],
                     await refreshed.text());
    assert.equal(next.code, 0, JSON.stringify(next.json));
    assert.notEqual(next.json.accessToken, tokens.json.accessToken);
    assert.ok(next.json.refreshToken.length > 10);

    // 5. A reused code is refused by the server, and the core reads the refusal as such.
    const again = await fetch(request.json.url, { method: 'POST', headers: request.json.headers, body: request.json.body });
    const refused = cli(['token-response', '--status', String(again.status)], await again.text());
    assert.equal(refused.code, 1);
    assert.equal(refused.json.error, 'invalid_grant');
  });
}
