// The integration guide's two modes, through the UI: pre-authorize (one token set) and end users who
// authorize for themselves (one each), including the link an end user would receive; and Enable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { backOnConsole, click, launch, ready, shot, startServer, state, type, waitForPhase } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('end users authorize for themselves, from the console and from their link; Enable turns on auto-refresh', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Save Authorization Profile');
    await click(page, 'Allow Users to Authorize the Integration');
    await type(page, 'End User Id', 'alice@example.com');
    await click(page, 'Authorize as end user');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    let s = await state(page);
    assert.equal(s.draft.authorizationMode, 'end-user');
    assert.deepEqual(s.tokens.map((t) => t.endUser), ['alice@example.com']);

    // The link an end user receives: opening it goes straight to the authorization server.
    await type(page, 'End User Id', 'bob@example.com');
    await click(page, 'Copy end-user link');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(server.base + '?authorize='), link);
    await page.goto(link);
    // The console shows who and what before anything is sent (wording.test.mjs holds the details).
    await ready(page);
    await click(page, 'Continue to sign-in');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await page.waitForFunction(() => zohoConsole.state().tokens.length === 2);
    s = await state(page);
    assert.deepEqual(s.tokens.map((t) => t.endUser).sort(), ['alice@example.com', 'bob@example.com']);
    assert.ok(s.tokens.every((t) => t.hasAccessToken && t.hasRefreshToken));

    await click(page, 'Enable integration');
    s = await state(page);
    assert.equal(s.profiles[0].enabled, true);
    assert.match(s.status, /Integration enabled/);
    await page.waitForTimeout(300);
    await shot(page, '09-end-users');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
