// serve.py --relay (issue 5, point 7; README "Relay"): token requests forwarded byte for byte to an
// HTTPS stand-in for Zoho's accounts servers (relay_fixture.mjs; a test CA made with openssl, no real Zoho
// host is ever contacted), and everything the relay must refuse refused before anything reaches it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { ACCOUNTS_HOSTS, freePort, httpRequest, makeCertificates, root, startAccountsStandIn,
         startServeWithRelay } from './relay_fixture.mjs';

const CONSOLE_ORIGIN = 'https://console.example';
const CLIENT_SECRET = 'cs-7Hq2-RELAYSECRET';
const CODE = '1000.CODE-Zq9x+y%z';
const BASIC = 'Basic ' + Buffer.from('1000.BASICCLIENT:basic-SECRET-4e1').toString('base64');
const FORM = 'application/x-www-form-urlencoded;charset=UTF-8';
// A token request as the console's core builds it (docs/SECURITY.md: form encoding, `+` for space, %2B for +).
const TOKEN_BODY = 'grant_type=authorization_code&code=' + encodeURIComponent(CODE)
  + '&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2F&client_id=1000.ABCDEFGHIJ0123456789'
  + '&client_secret=' + CLIENT_SECRET + '&note=a+b%20c*~-._%C2%A3';

let certs;
let standIn;
let serve;
before(async () => {
  certs = makeCertificates();
  standIn = await startAccountsStandIn({ certs });
  serve = await startServeWithRelay({ origins: [CONSOLE_ORIGIN], standIn });
});
after(async () => {
  if (serve) await serve.stop();
  if (standIn) await standIn.close();
  if (certs) certs.cleanup();
});
beforeEach(() => standIn.reset());

const relay = (target, base = serve) => base.relayUrl + '?target=' + encodeURIComponent(target);
const TOKEN_URL = 'https://accounts.zoho.com/oauth/v2/token';

function post(url, { origin, body = TOKEN_BODY, headers = {} } = {}) {
  return httpRequest(url, { method: 'POST', body,
                            headers: { 'Content-Type': FORM, ...(origin ? { Origin: origin } : {}), ...headers } });
}

function assertRefused(response, status, code, what) {
  assert.equal(response.status, status, `${what}: ${response.text}`);
  const json = response.json();
  assert.equal(json.error, code, what);
  assert.ok(typeof json.error_description === 'string' && json.error_description.length > 20, `${what}: a description`);
  return json;
}

test('RELAY_ACCOUNTS_HOSTS is exactly the accounts-server column of core/zoho/data_centres.json', () => {
  const rows = JSON.parse(readFileSync(path.join(root, 'core', 'zoho', 'data_centres.json'), 'utf8')).data_centres;
  const accounts = rows.map((r) => new URL(r.accounts_server).host);
  assert.ok(accounts.length >= 9);
  assert.deepEqual([...ACCOUNTS_HOSTS()].sort(), accounts.sort());
});

test('a token request is forwarded byte for byte and the answer comes back with CORS for the own origin', async () => {
  const response = await post(relay(TOKEN_URL), {
    origin: serve.origin,
    headers: { Cookie: 'session=COOKIE-SECRET', Referer: serve.base + '?code=x', Accept: 'application/json' },
  });
  assert.equal(response.status, 200, response.text);
  assert.equal(standIn.requests.length, 1);
  const sent = standIn.requests[0];
  assert.equal(sent.method, 'POST');
  assert.equal(sent.host, 'accounts.zoho.com');
  assert.equal(sent.url, '/oauth/v2/token');
  assert.ok(sent.body.equals(Buffer.from(TOKEN_BODY, 'latin1')), `body forwarded byte for byte: ${sent.body}`);
  assert.equal(sent.headers['content-type'], FORM);
  assert.equal(sent.headers['content-length'], String(Buffer.byteLength(TOKEN_BODY)));
  assert.equal(sent.headers.accept, 'application/json');
  for (const name of ['cookie', 'origin', 'referer', 'authorization', 'x-forwarded-for', 'forwarded']) {
    assert.equal(sent.headers[name], undefined, `${name} is not forwarded`);
  }
  // The answer as the stand-in gave it, readable by the console's page.
  const tokens = response.json();
  assert.match(tokens.access_token, /^1000\.standin-access-/);
  assert.match(tokens.refresh_token, /^1000\.standin-refresh-/);
  assert.equal(tokens.api_domain, 'https://www.zohoapis.com');
  assert.equal(response.headers['content-type'], 'application/json;charset=UTF-8');
  assert.equal(response.headers['access-control-allow-origin'], serve.origin);
  assert.match(response.headers.vary, /Origin/);
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.equal(response.headers['referrer-policy'], 'no-referrer');
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['access-control-allow-credentials'], undefined);

  // http://localhost:PORT is the server's own origin too, and a configured --relay-origin is allowed.
  for (const origin of [`http://localhost:${serve.port}`, CONSOLE_ORIGIN]) {
    const again = await post(relay(TOKEN_URL), { origin });
    assert.equal(again.status, 200, origin);
    assert.equal(again.headers['access-control-allow-origin'], origin);
  }
  // A client that sends no Origin (curl, the CLI) is not a browser page: no CORS headers needed.
  const noOrigin = await post(relay(TOKEN_URL));
  assert.equal(noOrigin.status, 200);
  assert.equal(noOrigin.headers['access-control-allow-origin'], undefined);
});

test('HTTP Basic client authentication is forwarded, to the data centre the target names', async () => {
  const body = 'token=1000.REFRESH-TOKEN-TO-REVOKE&token_type=refresh_token';
  const response = await post(relay('https://accounts.zoho.eu/oauth/v2/revoke/token'),
                              { origin: serve.origin, body, headers: { Authorization: BASIC } });
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.json(), { status: 'success' });
  assert.equal(standIn.requests.length, 1);
  assert.equal(standIn.requests[0].host, 'accounts.zoho.eu');
  assert.equal(standIn.requests[0].url, '/oauth/v2/revoke/token');
  assert.equal(standIn.requests[0].headers.authorization, BASIC);
  assert.equal(standIn.requests[0].body.toString('latin1'), body);
});

test('every accounts server of the table is forwarded to, with its own Host and certificate name', async () => {
  for (const host of ACCOUNTS_HOSTS()) {
    const response = await post(relay(`https://${host}/oauth/v2/token`), { origin: serve.origin });
    assert.equal(response.status, 200, `${host}: ${response.text}`);
  }
  assert.deepEqual(standIn.requests.map((r) => r.host), ACCOUNTS_HOSTS());
  // The default port may be written out.
  await post(relay('https://accounts.zoho.in:443/oauth/v2/token'), { origin: serve.origin });
  assert.equal(standIn.requests.at(-1).host, 'accounts.zoho.in');
  assert.equal(standIn.requests.at(-1).url, '/oauth/v2/token');
  // A query in the target is refused: token parameters travel in the body, never in a URL.
  const before = standIn.requests.length;
  const leak = await post(relay('https://accounts.zoho.com/oauth/v2/token?client_secret=leak'), { origin: serve.origin });
  assert.equal(leak.status, 403);
  assert.equal(leak.json().error, 'relay_target_refused');
  assert.match(leak.json().error_description, /query/);
  assert.equal(standIn.requests.length, before, 'nothing was forwarded');
  // An IPv6 literal is named as such in the refusal.
  const v6 = await post(relay('https://[::1]/oauth/v2/token'), { origin: serve.origin });
  assert.match(v6.json().error_description, /'\[::1\]'/);
});

test('scheme and host in any case are the same accounts server (RFC 3986 s6.2.2.1); look-alikes stay refused', async () => {
  // Forwarded to the lower-case host (its Host header, SNI and certificate name), the path as sent.
  const cases = [
    ['https://Accounts.Zoho.EU/oauth/v2/token', 'accounts.zoho.eu', '/oauth/v2/token'],
    ['HTTPS://accounts.zoho.com/oauth/v2/token', 'accounts.zoho.com', '/oauth/v2/token'],
    ['HtTpS://ACCOUNTS.ZOHOCLOUD.CA:443/oauth/v2/token', 'accounts.zohocloud.ca', '/oauth/v2/token'],
    ['https://ACCOUNTS.ZOHO.IN/oauth/v2/Token', 'accounts.zoho.in', '/oauth/v2/Token'],
  ];
  for (const [target, host, url] of cases) {
    const response = await post(relay(target), { origin: serve.origin });
    assert.equal(standIn.requests.length, 1, `${target}: forwarded (${response.status} ${response.text})`);
    assert.equal(standIn.requests[0].host, host, target);
    assert.equal(standIn.requests[0].url, url, `${target}: the path as sent`);
    if (url === '/oauth/v2/token') {
      assert.equal(response.status, 200, target);
      assert.match(response.json().access_token, /^1000\.standin-access-/, target);
    }
    standIn.reset();
  }
  // A trailing dot, a longer name or an upper-case look-alike are other hosts: nothing is sent.
  for (const target of ['https://ACCOUNTS.ZOHO.EU./oauth/v2/token', 'https://Accounts.Zoho.Com.Evil.Example/oauth/v2/token',
                        'https://ACCOUNTS-ZOHO.COM/oauth/v2/token', 'https://ACCOUNTS.ZOHO.CA/oauth/v2/token',
                        'HTTP://ACCOUNTS.ZOHO.COM/oauth/v2/token']) {
    assertRefused(await post(relay(target), { origin: serve.origin }), 403, 'relay_target_refused', target);
  }
  assert.equal(standIn.connections, 0, 'no look-alike reached the stand-in');
  await new Promise((r) => setTimeout(r, 100));
  assert.match(serve.output(), /^POST \/relay accounts\.zoho\.in 404$/m, 'the log names the lower-case host');
});

test('the upstream status, Content-Type and body come back as they are (Zoho errors included)', async () => {
  const invalid = await post(relay(TOKEN_URL), { origin: serve.origin, body: 'grant_type=authorization_code&code=invalid' });
  assert.equal(invalid.status, 200);                     // Zoho answers this error with HTTP 200
  assert.deepEqual(invalid.json(), { error: 'invalid_code' });
  standIn.setHandler(() => ({ status: 400, headers: { 'Content-Type': 'text/plain' }, body: 'exact\x01bytes{' }));
  const odd = await post(relay(TOKEN_URL), { origin: serve.origin });
  assert.equal(odd.status, 400);
  assert.equal(odd.headers['content-type'], 'text/plain');
  assert.equal(odd.text, 'exact\x01bytes{');
  assert.equal(odd.headers['access-control-allow-origin'], serve.origin, 'errors are readable by the page too');
});

test('refused targets: 403 relay_target_refused naming the rule, and nothing reaches the accounts server', async () => {
  const cases = [
    ['http://accounts.zoho.com/oauth/v2/token', /https/],
    ['HTTP://accounts.zoho.com/oauth/v2/token', /https/],
    ['https://accounts.zoho.com.evil.example/oauth/v2/token', /not one of Zoho's accounts servers/],
    ['https://evil.example/oauth/v2/token', /not one of Zoho's accounts servers/],
    ['https://accounts.zoho.com@evil.example/oauth/v2/token', /user/],
    ['https://user:pw@accounts.zoho.com/oauth/v2/token', /user/],
    ['https://accounts.zoho.com:444/oauth/v2/token', /port/],
    ['https://accounts.zoho.com:80/oauth/v2/token', /port/],
    ['https://accounts.zoho.com./oauth/v2/token', /not one of/],
    ['https://ACCOUNTS.ZOHO.COM./oauth/v2/token', /not one of/],
    ['https://Accounts.Zoho.Com.Evil.Example/oauth/v2/token', /not one of/],
    ['https://accounts.zoho.ca/oauth/v2/token', /zohocloud\.ca/],
    ['https://www.zohoapis.com/oauth/v2/token', /not one of/],
    ['https://accounts.zoho.com/api/v2/token', /\/oauth\//],
    ['https://accounts.zoho.com/', /\/oauth\//],
    ['https://accounts.zoho.com', /\/oauth\//],
    ['https://accounts.zoho.com/oauthx/v2/token', /\/oauth\//],
    ['https://accounts.zoho.com/oauth/../api/v2', /dot segments/],
    ['https://accounts.zoho.com/oauth/%2e%2e/api/v2', /dot segments/],
    ['https://accounts.zoho.com/oauth/v2%2f..%2f..%2fapi', /dot segments|encoded slashes/],
    ['https://accounts.zoho.com/oauth/v2/token#frag', /fragment/],
    ['https://accounts.zoho.com\\@evil.example/oauth/v2/token', /backslash/],
    ['https://accounts.zoho.com/oauth/v2/token\r\nX: y', /control/],
    ['https://accounts.zoho.com /oauth/v2/token', /spaces/],
    ['//accounts.zoho.com/oauth/v2/token', /https/],
    ['https:accounts.zoho.com/oauth/v2/token', /https/],
    ['javascript:alert(1)', /https/],
  ];
  for (const [target, rule] of cases) {
    const response = await post(relay(target), { origin: serve.origin });
    const json = assertRefused(response, 403, 'relay_target_refused', target);
    assert.match(json.error_description, rule, target);
    assert.equal(response.headers['access-control-allow-origin'], serve.origin, `${target}: the page can read why`);
  }
  // A query without exactly one target parameter is a malformed call, not a refused target.
  for (const query of ['', '?', '?target=', '?url=' + encodeURIComponent(TOKEN_URL),
                       '?target=' + encodeURIComponent(TOKEN_URL) + '&target=' + encodeURIComponent(TOKEN_URL),
                       '?target=' + encodeURIComponent(TOKEN_URL) + '&x=1']) {
    assertRefused(await post(serve.relayUrl + query, { origin: serve.origin }), 400, 'relay_bad_request', query);
  }
  assert.equal(standIn.connections, 0, 'no connection reached the stand-in');
  assert.equal(standIn.requests.length, 0);
});

test('only POST: other methods are 405 relay_method_not_allowed, and nothing is forwarded', async () => {
  for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH']) {
    const response = await httpRequest(relay(TOKEN_URL), { method, headers: { Origin: serve.origin } });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.allow, 'POST, OPTIONS', method);
    if (method !== 'HEAD') assert.equal(response.json().error, 'relay_method_not_allowed', method);
  }
  assert.equal(standIn.connections, 0);
});

test('CORS: the preflight allows POST with Content-Type and Authorization for allowed origins only', async () => {
  const preflight = (origin) => httpRequest(relay(TOKEN_URL), { method: 'OPTIONS', headers: {
    Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type',
    'Access-Control-Request-Private-Network': 'true' } });
  for (const origin of [serve.origin, `http://localhost:${serve.port}`, CONSOLE_ORIGIN]) {
    const ok = await preflight(origin);
    assert.ok(ok.status === 204 || ok.status === 200, `${origin}: ${ok.status}`);
    assert.equal(ok.headers['access-control-allow-origin'], origin);
    assert.match(ok.headers.vary, /Origin/);
    assert.match(ok.headers['access-control-allow-methods'], /\bPOST\b/);
    const allowed = ok.headers['access-control-allow-headers'].toLowerCase().split(/\s*,\s*/);
    assert.ok(allowed.includes('content-type') && allowed.includes('authorization'), allowed.join());
    assert.equal(ok.headers['access-control-allow-private-network'], 'true');
  }
  const foreign = ['https://evil.example', 'https://console.example.evil', 'http://console.example', 'null',
                   `http://127.0.0.1:${serve.port + 1}`, `https://127.0.0.1:${serve.port}`];
  for (const origin of foreign) {
    for (const response of [await preflight(origin), await post(relay(TOKEN_URL), { origin })]) {
      assertRefused(response, 403, 'relay_origin_refused', origin);
      for (const name of Object.keys(response.headers)) {
        assert.ok(!name.startsWith('access-control-'), `${origin}: no ${name}`);
      }
    }
  }
  assert.equal(standIn.connections, 0, 'a foreign origin reaches nothing');
});

test('a redirect from the accounts server is never followed: 502 relay_redirect_refused', async () => {
  standIn.setHandler((request) => (request.url === '/oauth/v2/token'
    ? { status: 302, headers: { Location: 'https://accounts.zoho.com/oauth/v2/followed?code=REDIRECT-LEAK' } }
    : null));
  const response = await post(relay(TOKEN_URL), { origin: serve.origin });
  const json = assertRefused(response, 502, 'relay_redirect_refused', '302');
  assert.match(json.error_description, /302/);
  assert.ok(!json.error_description.includes('REDIRECT-LEAK'), 'the redirect\'s query is not echoed');
  assert.equal(response.headers['access-control-allow-origin'], serve.origin);
  for (const status of [301, 303, 307, 308]) {
    standIn.setHandler(() => ({ status, headers: { Location: 'https://accounts.zoho.com/oauth/v2/followed' } }));
    assertRefused(await post(relay(TOKEN_URL), { origin: serve.origin }), 502, 'relay_redirect_refused', String(status));
  }
  assert.ok(standIn.requests.every((r) => r.url === '/oauth/v2/token'), 'no request to the redirect target');
  assert.equal(standIn.requests.length, 5);
});

test('body size and media type: 413 over 64 KiB, 415 for a non-form body, 411 without a length', async () => {
  const big = 'a='.padEnd(64 * 1024 + 1, 'x');
  assertRefused(await post(relay(TOKEN_URL), { origin: serve.origin, body: big }), 413, 'relay_body_too_large', '64 KiB + 1');
  assertRefused(await post(relay(TOKEN_URL), { origin: serve.origin, body: '{"code":"x"}',
                                               headers: { 'Content-Type': 'application/json' } }),
                415, 'relay_unsupported_media_type', 'JSON body');
  assertRefused(await post(relay(TOKEN_URL), { origin: serve.origin, headers: { 'Transfer-Encoding': 'chunked' } }),
                411, 'relay_length_required', 'chunked');
  assert.equal(standIn.connections, 0);
  const limit = 'a='.padEnd(64 * 1024, 'x');
  assert.equal((await post(relay(TOKEN_URL), { origin: serve.origin, body: limit })).status, 200, 'exactly 64 KiB passes');
  assert.equal(standIn.requests[0].body.length, 64 * 1024);
});

test('unreachable, untrusted or wrongly named upstreams and timeouts: 502 relay_upstream_unreachable', async () => {
  const closedPort = await freePort();
  const wrong = await startAccountsStandIn({ certs, wrongName: true });
  const second = await startServeWithRelay({
    standIn,
    connect: { 'accounts.zoho.eu': `127.0.0.1:${closedPort}`, 'accounts.zoho.in': wrong.address },
    env: { ZC_RELAY_TIMEOUT_SECONDS: '1' },
  });
  const untrusting = await startServeWithRelay({ standIn, caFile: null });   // the system's CAs only
  try {
    const at = (base, host) => post(relay(`https://${host}/oauth/v2/token`, base), { origin: base.origin });
    assertRefused(await at(second, 'accounts.zoho.eu'), 502, 'relay_upstream_unreachable', 'closed port');
    const named = assertRefused(await at(second, 'accounts.zoho.in'), 502, 'relay_upstream_unreachable', 'wrong name');
    assert.match(named.error_description, /TLS/);
    assert.ok(wrong.connections >= 1, 'the relay did connect');
    assert.equal(wrong.requests.length, 0, 'but sent nothing over a certificate for another name');
    assertRefused(await at(untrusting, 'accounts.zoho.com'), 502, 'relay_upstream_unreachable', 'untrusted CA');
    assert.equal(standIn.requests.length, 0, 'nothing sent over an untrusted connection');

    standIn.setHandler(() => 'hang');
    const started = Date.now();
    const slow = assertRefused(await at(second, 'accounts.zoho.com'), 502, 'relay_upstream_unreachable', 'timeout');
    assert.match(slow.error_description, /within 1 s/);
    assert.ok(Date.now() - started < 10000, 'the timeout ended the wait');
  } finally {
    await second.stop();
    await untrusting.stop();
    await wrong.close();
  }
});

test('without --relay, /relay is a 404 and nothing is forwarded', async () => {
  const plain = await startServeWithRelay({ standIn, relay: false });
  try {
    for (const method of ['POST', 'GET', 'OPTIONS']) {
      const response = await httpRequest(relay(TOKEN_URL, plain), { method, body: method === 'POST' ? TOKEN_BODY : undefined,
        headers: { Origin: plain.origin, 'Content-Type': FORM } });
      assert.equal(response.status, 404, method);
      assert.equal(response.headers['access-control-allow-origin'], undefined, method);
      assert.equal(response.headers['referrer-policy'], 'no-referrer', method);
    }
    assert.equal(standIn.connections, 0);
  } finally {
    await plain.stop();
  }
});

test('serve.py never logs bodies, secrets, Authorization headers or query strings; it logs the target host', async () => {
  await new Promise((r) => setTimeout(r, 200));
  const log = serve.output();
  assert.match(log, /^POST \/relay accounts\.zoho\.com 200$/m);
  assert.match(log, /^POST \/relay accounts\.zoho\.eu 200$/m);
  assert.match(log, /^POST \/relay accounts\.zoho\.com 502$/m);
  assert.match(log, /^POST \/relay 403$/m);
  const secrets = [CLIENT_SECRET, CODE, encodeURIComponent(CODE), 'CODE-Zq9', BASIC, BASIC.slice(6), 'Basic ',
                   'BASICCLIENT', 'REFRESH-TOKEN-TO-REVOKE', 'standin-access', 'standin-refresh', 'COOKIE-SECRET',
                   'REDIRECT-LEAK', 'grant_type', 'target=', '%3A%2F%2F', '/oauth/', 'xxxxxxxx', 'evil.example'];
  for (const secret of secrets) assert.ok(!log.includes(secret), `serve.py's output holds ${secret}:\n${log}`);
});
