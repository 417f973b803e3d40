// Back, forward and forged callbacks: nothing is lost and no request is repeated.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { backOnConsole, click, launch, ready, startServer, state, waitForPhase } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const posts = (s) => s.log.filter((l) => l.kind === 'request' && l.text.startsWith('POST')).length;

test('Back to the consent page and Forward again: tokens stay, no token request is repeated', async () => {
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

    await page.goBack();
    await page.getByRole('button', { name: 'Accept' }).waitFor();  // the consent page, from history
    await page.goForward();
    await ready(page);
    let s = await state(page);
    assert.equal(page.url(), server.base, 'the address holds no code to replay');
    assert.equal(posts(s), 0, 'no token request after Forward');
    assert.equal(s.tokens[0].expiresAt, first.expiresAt);

    // Accepting the old consent page again: its state was used once already, so it is refused.
    await page.goBack();
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'error');
    s = await state(page);
    assert.equal(s.flow.error.code, 'callback.state_unknown');
    assert.equal(posts(s), 0, 'a replayed authorization sends nothing');
    assert.equal(s.tokens.length, 1, 'the tokens are still there');
  } finally {
    await browser.close();
  }
});

test('a forged callback is refused with its rule, the address bar is cleaned, nothing is sent', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base + '?code=1000.forged&state=never-issued');
    await ready(page);
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'callback.state_unknown');
    assert.equal(s.flow.error.source, 'RFC 6749 s10.12');
    assert.equal(page.url(), server.base);
    assert.equal(posts(s), 0);
  } finally {
    await browser.close();
  }
});

test('a reload in the middle of editing loses no work (and keeps no secret outside saved profiles)', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Save Authorization Profile');
    await click(page, 'Profile Name');
    await page.keyboard.press('End');
    await page.keyboard.type(' - edited');
    await page.waitForTimeout(200);
    const kept = await page.evaluate(() => sessionStorage.getItem('zoho-auth-console.draft'));
    assert.ok(kept.includes('edited'));
    assert.ok(!kept.includes('demo0secret'), 'no client secret in sessionStorage');
    await page.reload();
    await ready(page);
    const s = await state(page);
    assert.equal(s.draft.name, 'Zoho CRM leads (demo) - edited');
    assert.equal(s.profiles[0].name, 'Zoho CRM leads (demo)', 'the saved profile is untouched');
    assert.match(s.status, /unsaved edits were restored/);
  } finally {
    await browser.close();
  }
});

test('refused callbacks in the browser: a repeated parameter, a foreign accounts-server (mix-up)', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base + '?state=x&state=x&code=1000.injected');
    await ready(page);
    await waitForPhase(page, 'error');
    let s = await state(page);
    assert.equal(s.flow.error.code, 'callback.duplicate_parameter');
    assert.equal(page.url(), server.base);

    // A real pending authorization, answered by a callback that names a stranger as accounts server.
    await click(page, 'Authorize');
    await page.waitForURL(/\/demo\/accounts\/oauth\/v2\/auth\?/);
    const issued = new URL(page.url()).searchParams.get('state');
    await page.goto(server.base + '?code=1000.stolen&state=' + encodeURIComponent(issued) +
                    '&accounts-server=' + encodeURIComponent('https://accounts.zoho.eu.attacker.example'));
    await ready(page);
    await waitForPhase(page, 'error');
    s = await state(page);
    assert.equal(s.flow.error.code, 'callback.accounts_server');
    assert.equal(s.flow.error.source, 'RFC 9700 s4.4');
    assert.equal(posts(s), 0, 'nothing was sent to the stranger');
    assert.equal(page.url(), server.base);
  } finally {
    await browser.close();
  }
});

test('a callback whose authorization was started more than 10 minutes ago is refused as expired', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Authorize');
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    // The person left the consent page open for 11 minutes: the page's clock moves on (the stored
    // pending authorization is encrypted, so the clock, not the record, is what the test changes).
    await page.clock.setFixedTime(new Date(Date.now() + 11 * 60 * 1000));
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'callback.state_expired');
    assert.match(s.flow.error.message, /more than 10 minutes ago/);
    assert.equal(page.url(), server.base, 'the code left the address bar');
    assert.equal(posts(s), 0, 'an expired authorization sends nothing');
    assert.match(await page.locator('#status').textContent(), /expired/, 'the ARIA live region says it');
  } finally {
    await browser.close();
  }
});
