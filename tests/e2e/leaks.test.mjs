// Leaks (issue 5, docs/SECURITY.md rule 7): after a full flow, no secret or token value the flow used is found
// in any URL, the activity log (on screen and copied), error text, state(), the ARIA live region, the
// browser console, session storage, or a Referer header.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, backOnConsole, click, launch, paste, ready, startServer, state, type, waitForPhase } from './harness.mjs';

const DEMO_CLIENT_SECRET = 'demo0secret0d8f3a1c9e4b7';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('after a full flow no secret or token value is in a URL, the log, error text, state() or the console', async () => {
  const browser = await launch();
  const { page } = browser;
  const context = page.context();
  const secrets = new Set([DEMO_CLIENT_SECRET, 'wrong-secret-for-the-leak-test-0123456789']);
  const requests = [];
  const consoleLines = [];
  const navigations = [];
  context.on('request', (r) => {
    requests.push({ url: r.url(), headers: r.headers(), navigation: r.isNavigationRequest() });
    const body = r.postData() || '';
    for (const name of ['code', 'code_verifier', 'refresh_token', 'token']) {
      const m = body.match(new RegExp('(?:^|&)' + name + '=([^&]+)'));
      if (m) secrets.add(decodeURIComponent(m[1]));
    }
  });
  context.on('response', async (r) => {
    if (!/\/oauth\/v2\/token/.test(r.url())) return;
    const body = await r.json().catch(() => ({}));
    for (const k of ['access_token', 'refresh_token']) if (body[k]) secrets.add(body[k]);
  });
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('framenavigated', (f) => navigations.push(f.url()));
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Use PKCE (S256)');
    await authorizeOnDemo(page, server.base);
    await click(page, 'Refresh now');
    await page.waitForFunction(() => /Refreshed/.test(window.zohoConsole.state().status));
    await click(page, 'Test connection');
    await page.waitForFunction(() => window.zohoConsole.state().crm.records > 0);
    await click(page, 'Create test lead');
    await page.waitForFunction(() => window.zohoConsole.state().crm.createdId !== '');
    // End users, then a wrong secret (an error), then revoke.
    await click(page, 'Allow Users to Authorize the Integration');
    await type(page, 'End User Id', 'ada@example.com');
    await click(page, 'Authorize as end user');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    await click(page, 'Pre-authorize the Integration');
    await click(page, 'Revoke');
    await click(page, 'Revoke at Zoho');
    await page.waitForFunction(() => /revoked/i.test(window.zohoConsole.state().status));
    await paste(page, 'Client Secret', 'wrong-secret-for-the-leak-test-0123456789', { replace: true });
    await click(page, 'Authorize');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'error');
    assert.equal((await state(page)).flow.error.code, 'invalid_client');
    await click(page, 'Copy log');

    // What the flow used: the client secrets, grant codes, the PKCE code verifier, access and refresh tokens.
    const values = [...secrets].filter((v) => v.length >= 8);
    assert.ok(values.length >= 8, `enough values to look for (${values.length})`);

    const places = {
      'state()': JSON.stringify(await state(page)),
      'the ARIA live region': await page.locator('#status').textContent(),
      'the browser console': consoleLines.join('\n'),
      'session storage': await page.evaluate(() => JSON.stringify({ ...sessionStorage })),
      'the copied log': await page.evaluate(() => navigator.clipboard.readText()),
      'the address bar': page.url(),
      // The redirect back to the console carries the code by design (RFC 6749 s4.1.2); it is replaced
      // at once. Every other URL, and every Referer header, must be clean.
      'request URLs': requests.filter((r) => !(r.navigation && r.url.startsWith(server.base + '?'))).map((r) => r.url).join('\n'),
      'Referer headers': requests.map((r) => r.headers.referer || '').join('\n'),
    };
    assert.ok(places['the copied log'].includes('POST'), 'the log was copied');
    for (const [where, text] of Object.entries(places)) {
      for (const v of values) assert.ok(!text.includes(v), `${where} holds a secret value (${v.slice(0, 6)}...)`);
    }
    assert.ok(navigations.some((u) => u.startsWith(server.base + '?code=') || u.includes('&code=')), 'the flow did come back with codes');
  } finally {
    await browser.close();
  }
});
