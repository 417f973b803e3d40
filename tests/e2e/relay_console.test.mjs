// The console through serve.py's relay (issue 5 point 7): a profile with a Relay URL sends its token and
// refresh requests through the relay to a loopback stand-in of accounts.zoho.com; without one the same
// request goes straight to the (unreachable) accounts server and is explained as status 0.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { click, launch, paste, ready, state, type, waitForPhase } from './harness.mjs';
import { makeCertificates, startAccountsStandIn, startServeWithRelay } from './relay_fixture.mjs';

let certs;
let standIn;
let serve;
before(async () => {
  certs = makeCertificates();
  standIn = await startAccountsStandIn({ certs });
  serve = await startServeWithRelay({ standIn, caFile: certs.caFile });
});
after(async () => {
  if (serve) await serve.stop();
  if (standIn) await standIn.close();
  if (certs) certs.cleanup();
});

test('a profile with a Relay URL exchanges and refreshes through the relay; without it, status 0 is explained', async () => {
  const browser = await launch();
  const { page } = browser;
  // Nothing may leave the machine: a direct call to a real Zoho host is aborted in the browser.
  await page.route(/^https:\/\/[^/]*zoho/, (route) => route.abort());
  try {
    await page.goto(serve.base);
    await ready(page);
    const profile = { version: 1, name: 'Through the relay', dataCenter: 'us', clientType: 'self',
                      clientId: '1000.RELAYCONSOLETEST', clientSecret: 'relay-console-secret-0123456789',
                      scopes: ['ZohoCRM.modules.leads.ALL'], relayUrl: serve.relayUrl };
    await click(page, 'Import JSON');
    await paste(page, 'Profile JSON to import', JSON.stringify(profile));
    await click(page, 'Import');
    assert.equal((await state(page)).draft.relayUrl, serve.relayUrl);

    await type(page, 'Grant Code', '1000.relayconsolegrantcode');
    await click(page, 'Exchange code');
    await waitForPhase(page, 'authorized');
    let s = await state(page);
    assert.equal(s.tokens[0].apiDomain, 'https://www.zohoapis.com');
    assert.equal(s.tokens[0].accountsServer, 'https://accounts.zoho.com');
    assert.equal(standIn.requests.length, 1);
    const exchange = standIn.requests[0];
    assert.equal(exchange.host, 'accounts.zoho.com');
    assert.equal(exchange.url, '/oauth/v2/token');
    const form = new URLSearchParams(exchange.body.toString());
    assert.equal(form.get('code'), '1000.relayconsolegrantcode');
    assert.equal(form.get('client_secret'), 'relay-console-secret-0123456789');
    assert.ok(s.log.some((l) => l.kind === 'request' && l.text.includes('(via relay ' + serve.relayUrl + ')')));

    await click(page, 'Refresh now');
    await page.waitForFunction(() => /Refreshed/.test(window.zohoConsole.state().status));
    assert.equal(new URLSearchParams(standIn.requests[1].body.toString()).get('grant_type'), 'refresh_token');

    // The relay's own refusal is told apart from Zoho's answers.
    standIn.setHandler(() => ({ status: 302, headers: { Location: 'https://evil.example/steal' }, body: '' }));
    await click(page, 'Refresh now');
    await waitForPhase(page, 'error');
    s = await state(page);
    assert.equal(s.flow.error.code, 'relay_redirect_refused');
    assert.match(s.flow.error.message, /^The relay, not Zoho, answered relay_redirect_refused/);
    standIn.reset();

    // No Relay URL: the browser calls accounts.zoho.com itself and cannot read the answer.
    await click(page, 'Relay URL');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await click(page, 'Save Authorization Profile');
    await type(page, 'Grant Code', '1000.anothergrantcode');
    await click(page, 'Exchange code');
    await waitForPhase(page, 'error');
    s = await state(page);
    assert.equal(s.flow.error.code, 'network.status_0');
    assert.match(s.flow.error.message, /serve\.py --relay/);
    assert.equal(standIn.requests.length, 0, 'nothing went through the relay');
  } finally {
    await browser.close();
  }
});
