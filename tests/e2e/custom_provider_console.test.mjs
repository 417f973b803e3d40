// The console's own UI against an OAuth 2.0 / OpenID Connect server we did not write: the npm package
// oidc-provider on loopback (issue 10). Everything goes through the console's form, buttons and the
// browser's redirects: Provider "Custom OAuth 2.0 server", a public client with PKCE and no secret, both
// confidential client authentications (client_secret_basic, client_secret_post), refresh, a forged `iss`
// refused (RFC 9207), and the console's own Content-Security-Policy named when it blocks the provider.
// The provider allows the consoles' origins for CORS (clientBasedCORS), as a provider set up for a
// browser client does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { backOnConsole, choose, click, freePort, launch, newCustomProfile, ready, shot, signInAtOidcProvider, startServer, state, type,
         waitForPhase } from './harness.mjs';

let allowed;   // serve.py --connect-origin <issuer>: the console may reach the provider
let blocked;   // serve.py as it comes: connect-src lists Zoho's hosts only
let provider;
let issuer;
// A mix-up attacker's answer, played by the provider itself: while set, its redirects back to the console
// carry this `iss` instead of its own.
let forgedIss = null;

const clients = {
  public: { client_id: 'console-public', token_endpoint_auth_method: 'none', authentication: 'none (public client: no secret, use PKCE)' },
  basic: { client_id: 'console-basic', client_secret: 'basic-secret-3f9a1c', token_endpoint_auth_method: 'client_secret_basic',
           authentication: 'basic (client_secret_basic)' },
  post: { client_id: 'console-post', client_secret: 'post-secret-8d2e4b', token_endpoint_auth_method: 'client_secret_post',
          authentication: 'body (client_secret_post)' },
};

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  allowed = await startServer(['--connect-origin', issuer]);
  blocked = await startServer();
  const origins = new Set([new URL(allowed.base).origin, new URL(blocked.base).origin]);
  const oidc = new Provider(issuer, {
    clients: Object.values(clients).map(({ authentication, ...c }) => ({
      ...c, redirect_uris: [allowed.base, blocked.base], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
    clientBasedCORS: (ctx, origin) => origins.has(origin),
    pkce: { required: () => true, methods: ['S256'] },
    cookies: { keys: ['zoho-console-ui-interop-key'] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    ttl: { AccessToken: 3600, AuthorizationCode: 120, Grant: 3600, IdToken: 3600, Interaction: 600,
           RefreshToken: 86400, Session: 3600 },
  });
  oidc.use(async (ctx, next) => {
    await next();
    const location = ctx.response.get('location');
    if (forgedIss && location && location.includes('iss=')) {
      const url = new URL(location);
      url.searchParams.set('iss', forgedIss);
      ctx.redirect(url.href);
    }
  });
  provider = oidc.listen(port, '127.0.0.1');
});

after(() => {
  provider && provider.close();
  allowed && allowed.stop();
  blocked && blocked.stop();
});

/** Fills a new custom-provider profile through the form and saves it. */
async function createProfile(page, client) {
  await newCustomProfile(page, `oidc-provider ${client.client_id}`);
  await type(page, 'Client Id', client.client_id);
  if (client.client_secret) await type(page, 'Client Secret', client.client_secret);
  await choose(page, 'Client authentication', client.authentication);
  await type(page, 'Authorization URL', `${issuer}/auth`);
  await type(page, 'Token URL', `${issuer}/token`);
  await type(page, 'Scopes', 'openid offline_access');
  await click(page, 'Use PKCE (S256)');
  await click(page, 'Save Authorization Profile');
  const s = await state(page);
  assert.equal(s.flow.error, null, s.status);
  assert.equal(s.draft.provider, 'custom');
  assert.equal(s.draft.clientAuthentication, client.token_endpoint_auth_method === 'none' ? 'none'
    : client.token_endpoint_auth_method === 'client_secret_basic' ? 'basic' : 'body');
  return s;
}

/** Authorize, sign in and consent on oidc-provider's own pages, and land back on the console. */
async function authorizeAtProvider(page, base) {
  let authorizationRequest = null;
  const seen = (request) => { if (request.url().startsWith(`${issuer}/auth?`)) authorizationRequest = request.url(); };
  page.on('request', seen);
  await click(page, 'Authorize');
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await signInAtOidcProvider(page);
  await backOnConsole(page, base);
  page.off('request', seen);
  return authorizationRequest;
}

function requestLines(s) {
  return s.log.filter((e) => e.kind === 'request').map((e) => e.text);
}

for (const kind of ['public', 'basic', 'post']) {
  const client = clients[kind];
  test(`oidc-provider through the UI, ${client.token_endpoint_auth_method}: authorize with PKCE, then refresh`, async () => {
    const browser = await launch();
    const { page } = browser;
    try {
      await page.goto(allowed.base);
      await ready(page);
      const saved = await createProfile(page, client);
      assert.match(saved.authorizationUrl, /scope=openid%20offline_access/);
      const authorization = new URL(await authorizeAtProvider(page, allowed.base));
      assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
      assert.equal(authorization.searchParams.get('client_id'), client.client_id);
      await waitForPhase(page, 'authorized');
      let s = await state(page);
      const tokens = s.tokens.find((t) => t.profileId === s.selectedProfileId);
      assert.ok(tokens && tokens.hasAccessToken && tokens.hasRefreshToken, JSON.stringify(s.tokens));
      const now = Date.now() / 1000;
      assert.ok(tokens.expiresAt > now + 3500 && tokens.expiresAt <= now + 3700, `expires_in read as seconds: ${tokens.expiresAt}`);
      const exchange = requestLines(s).find((line) => line.startsWith(`POST ${issuer}/token`));
      assert.ok(exchange, requestLines(s).join('\n'));
      assert.match(exchange, /code_verifier=/);
      if (kind === 'post') assert.match(exchange, /client_secret=/);
      else assert.doesNotMatch(exchange, /client_secret/, 'basic sends it in a header, a public client not at all');

      await click(page, 'Refresh now');
      await page.waitForFunction(() => /Refreshed/.test(window.zohoConsole.state().status), null, { timeout: 15000 });
      s = await state(page);
      assert.equal(s.flow.phase, 'authorized', s.status);
      assert.equal(s.flow.error, null);
      if (kind === 'public') await shot(page, 'custom-provider-public-client');
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });
}

test('a forged iss on the way back is refused (RFC 9207) and no token request is sent', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(allowed.base);
    await ready(page);
    await createProfile(page, clients.public);
    forgedIss = 'https://evil.example';
    try {
      await authorizeAtProvider(page, allowed.base);
    } finally {
      forgedIss = null;
    }
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'callback.iss');
    assert.match(s.flow.error.message, /https:\/\/evil\.example/);
    assert.ok(s.flow.error.message.includes(issuer), s.flow.error.message);
    assert.equal(s.flow.error.source, 'RFC 9207 s2.4');
    assert.ok(!requestLines(s).some((line) => line.startsWith(`POST ${issuer}/token`)), 'the code went nowhere');
    assert.ok(!page.url().includes('code='), 'the response left the address bar');
  } finally {
    await browser.close();
  }
});

test('without --connect-origin the page policy blocks the provider, and the console says so with the fix', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(blocked.base);
    await ready(page);
    await createProfile(page, clients.public);
    await authorizeAtProvider(page, blocked.base);
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'network.csp_blocked', s.flow.error.message);
    assert.ok(s.flow.error.message.includes(`--connect-origin ${issuer}`), s.flow.error.message);
    assert.doesNotMatch(s.flow.error.message, /CORS\)|Multi-DC|Client Secret/);
    await shot(page, 'custom-provider-csp-blocked');
  } finally {
    await browser.close();
  }
});
