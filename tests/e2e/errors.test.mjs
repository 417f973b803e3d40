// Errors explained on screen, and the demo's multi-DC switch carried through to the CRM API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { backOnConsole, choose, click, launch, paste, ready, shot, startServer, state, waitForPhase } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('the demo user signs in on the EU data centre: Test connection goes to the demo EU API domain', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Authorize');
    await page.locator('#dc').selectOption('eu');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    await click(page, 'Test connection');
    await page.waitForFunction(() => zohoConsole.state().status.startsWith('Connection works'));
    const s = await state(page);
    assert.equal(s.crm.source, server.base + 'demo/eu/api/crm/v8/Leads');
    assert.ok(s.log.some((l) => l.kind === 'request' && l.text.startsWith('GET ' + server.base + 'demo/eu/api/crm/v8/Leads?')));
  } finally {
    await browser.close();
  }
});

test('the token endpoint unreachable from the page (status 0): explained, never invalid_grant', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    // Nothing leaves this machine: the browser's request to Zoho is aborted before any network.
    await page.route('https://accounts.zoho.com/**', (route) => route.abort('failed'));
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Create New');
    await paste(page, 'Profile Name', 'US self client');
    await paste(page, 'Client Id', '1000.ABCDEFGHIJ0123456789');
    await paste(page, 'Client Secret', 'not-a-real-secret');
    await paste(page, 'Scopes', 'ZohoCRM.modules.leads.ALL');
    await choose(page, 'Client Type', 'Self Client (paste a grant code)');
    await paste(page, 'Grant Code', '1000.pasted0grant0code');
    await click(page, 'Exchange code');
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'network.status_0');
    assert.match(s.flow.error.message, /browser could not read the answer of https:\/\/accounts\.zoho\.com\/oauth\/v2\/token/);
    assert.match(s.flow.error.message, /CORS/);
    assert.match(s.flow.error.message, /client-based/);
    assert.match(s.flow.error.message, /relay/);
    assert.ok(!JSON.stringify(s).includes('invalid_grant'));
    await page.waitForTimeout(300);
    await shot(page, '10-status-0');
  } finally {
    await browser.close();
  }
});
