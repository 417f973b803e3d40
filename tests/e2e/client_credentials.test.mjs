// The client credentials grant through the console's UI (issue 14, engineer A): a Zoho self client asking
// with its id and secret alone (Zoho OAuth: Self client - client credentials flow), on the demo data
// centre, and RFC 6749 s4.4 against oidc-provider on loopback. Everything goes through the form and the
// buttons: Client Type "Self Client (client credentials)", Organization ID, Get token, Test connection,
// Refresh now; a wrong organization id shows Zoho's missing_org_info explained.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { choose, click, freePort, launch, newCustomProfile, ready, settle, shot, startServer, state, type, until, waitForPhase } from './harness.mjs';

const DEMO_ORGANIZATION_ID = '60001234434';  // kDemoOrganizationId, core/zoho/data_centres.hpp
const DEMO_CLIENT_SECRET = 'demo0secret0d8f3a1c9e4b7';
const SERVICE = { client_id: 'console-service', client_secret: 'service-secret-5e1d7a' };

let demo;      // serve.py as it comes
let allowed;   // serve.py --connect-origin <issuer>
let provider;
let issuer;

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  demo = await startServer();
  allowed = await startServer(['--connect-origin', issuer]);
  const origins = new Set([new URL(allowed.base).origin]);
  const oidc = new Provider(issuer, {
    clients: [{ ...SERVICE, grant_types: ['client_credentials'], response_types: [], redirect_uris: [],
                token_endpoint_auth_method: 'client_secret_basic' }],
    clientBasedCORS: (ctx, origin) => origins.has(origin),
    cookies: { keys: ['zoho-console-client-credentials-key'] },
    // oidc-provider 8 issues client-credentials tokens for a resource server it knows (resourceIndicators):
    // without one the token's audience is only its own userinfo endpoint.
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:zoho-console-test:api',
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => ({ scope: 'api:read api:write', audience: resource,
                                                     accessTokenFormat: 'opaque', accessTokenTTL: 3600 }),
      },
    },
  });
  provider = oidc.listen(port, '127.0.0.1');
});

after(() => {
  provider && provider.close();
  demo && demo.stop();
  allowed && allowed.stop();
});

function requestLines(s) {
  return s.log.filter((e) => e.kind === 'request').map((e) => e.text);
}

/** Opens the console on the demo data centre as a client-credentials self client of organization `id`. */
async function demoClientCredentials(browser, id) {
  const { page } = browser;
  await page.goto(demo.base);
  await ready(page);
  await choose(page, 'Client Type', 'Self Client (client credentials)');
  assert.equal((await state(page)).draft.clientType, 'client-credentials');
  await type(page, 'Organization ID', id);
  await until(page, 'the organization id in the draft', (v) => window.zohoConsole.state().draft.organizationId === v, id);
  return page;
}

/** Selects the labelled field's text and types `text` over it. */
async function retype(page, label, text) {
  await click(page, label);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 5 });
  await settle(page);
}

test('demo: a self client with client credentials gets a token, tests the connection, and Refresh asks again', async () => {
  const browser = await launch();
  try {
    const page = await demoClientCredentials(browser, DEMO_ORGANIZATION_ID);
    await click(page, 'Get token');
    await waitForPhase(page, 'authorized');
    let s = await state(page);
    const tokens = s.tokens.find((t) => t.profileId === s.selectedProfileId);
    assert.ok(tokens && tokens.hasAccessToken, JSON.stringify(s.tokens));
    assert.equal(tokens.hasRefreshToken, false, 'the client credentials grant has no refresh token');
    const now = Date.now() / 1000;
    assert.ok(tokens.expiresAt > now + 3500 && tokens.expiresAt <= now + 3700, `one hour: ${tokens.expiresAt}`);
    const request = requestLines(s).find((line) => line.startsWith(`POST ${demo.base}demo/accounts/oauth/v2/token`));
    assert.ok(request, requestLines(s).join('\n'));
    assert.match(request, /grant_type=client_credentials/);
    assert.match(request, new RegExp(`soid=ZohoCRM\\.${DEMO_ORGANIZATION_ID}`));
    assert.ok(!request.includes(DEMO_CLIENT_SECRET), 'the secret is masked in the log');
    assert.ok(!requestLines(s).some((line) => line.includes('redirect_uri')), 'no redirect anywhere');
    assert.match(s.status, /Token received \(client credentials\)/);

    await click(page, 'Test connection');
    await until(page, 'Test connection', () => window.zohoConsole.state().status.startsWith('Connection works'));
    assert.ok((await state(page)).crm.records >= 1);

    await page.waitForTimeout(1100);  // the new token must expire later than the first
    await click(page, 'Refresh now');
    await until(page, 'a new token', (at) => window.zohoConsole.state().tokens[0].expiresAt > at, tokens.expiresAt);
    s = await state(page);
    const asks = requestLines(s).filter((line) => line.includes('grant_type=client_credentials'));
    assert.equal(asks.length, 2, 'Refresh asked again with the client credentials');
    assert.ok(!requestLines(s).some((line) => line.includes('grant_type=refresh_token')));
    assert.equal(s.flow.phase, 'authorized', s.status);
    await shot(page, 'client-credentials-demo');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('demo: another organization id is answered missing_org_info, explained with where the id is', async () => {
  const browser = await launch();
  try {
    const page = await demoClientCredentials(browser, '1234');
    await click(page, 'Get token');
    await waitForPhase(page, 'error');
    let s = await state(page);
    assert.equal(s.flow.error.code, 'missing_org_info', s.flow.error.message);
    assert.match(s.flow.error.message, /Setup > Company Details/);
    assert.match(s.flow.error.message, /Organization ID/);
    assert.ok(s.flow.error.message.includes(DEMO_ORGANIZATION_ID), 'the demo names its organization id');
    assert.equal(s.tokens.length, 0);
    await shot(page, 'client-credentials-missing-org-info');

    await retype(page, 'Organization ID', DEMO_ORGANIZATION_ID);
    await click(page, 'Get token');
    await waitForPhase(page, 'authorized');
    s = await state(page);
    assert.equal(s.flow.error, null);
    assert.equal(s.tokens.length, 1);
  } finally {
    await browser.close();
  }
});

test('oidc-provider: a custom provider\'s client credentials grant (RFC 6749 s4.4) through the UI', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(allowed.base);
    await ready(page);
    await newCustomProfile(page, 'oidc-provider service');
    await choose(page, 'Client Type', 'Self Client (client credentials)');
    await type(page, 'Client Id', SERVICE.client_id);
    await type(page, 'Client Secret', SERVICE.client_secret);
    await choose(page, 'Client authentication', 'basic (client_secret_basic)');
    // Client credentials never redirect: no Authorization URL to fill (hidden, and not required).
    assert.ok(!(await page.evaluate(() => window.zohoConsole.items().some((i) => i.label === 'Authorization URL'))));
    await type(page, 'Token URL', `${issuer}/token`);
    await type(page, 'Scopes', 'api:read api:write');
    await click(page, 'Get token');
    await waitForPhase(page, 'authorized');
    const s = await state(page);
    assert.equal(s.draft.provider, 'custom');
    assert.equal(s.draft.clientType, 'client-credentials');
    assert.equal(s.draft.authorizationUrl ?? '', '', 'saved without an authorizationUrl');
    const tokens = s.tokens.find((t) => t.profileId === s.selectedProfileId);
    assert.ok(tokens && tokens.hasAccessToken, JSON.stringify(s.tokens));
    assert.equal(tokens.hasRefreshToken, false);
    assert.equal(tokens.scope, 'api:read api:write');
    const now = Date.now() / 1000;
    assert.ok(tokens.expiresAt > now + 3500 && tokens.expiresAt <= now + 3700, `expires_in in seconds: ${tokens.expiresAt}`);
    const request = requestLines(s).find((line) => line.startsWith(`POST ${issuer}/token`));
    assert.ok(request, requestLines(s).join('\n'));
    assert.match(request, /grant_type=client_credentials&scope=api%3Aread%20api%3Awrite/);
    assert.doesNotMatch(request, /soid|client_secret/, 'no soid; the secret goes in the Basic header');
    assert.match(request, /HTTP Basic/);
    await shot(page, 'client-credentials-oidc-provider');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
