// The scope picker and the authorization type matrix.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { choose, click, item, launch, ready, shot, startServer, state } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('Add scope appends a common scope once, and the URL follows; the matrix offers only OAuth - Custom', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await choose(page, 'Add scope', 'ZohoCRM.users.READ');
    let s = await state(page);
    assert.deepEqual(s.draft.scopes, ['ZohoCRM.modules.leads.ALL', 'ZohoCRM.users.READ']);
    assert.ok(s.authorizationUrl.includes('scope=ZohoCRM.modules.leads.ALL%2CZohoCRM.users.READ'));
    await choose(page, 'Add scope', 'ZohoCRM.users.READ');  // already there: nothing changes
    s = await state(page);
    assert.equal(s.draft.scopes.length, 2);
    await click(page, 'Authorization types');
    await page.waitForTimeout(200);
    await shot(page, '11-scopes-and-matrix');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
