// Import and lint as a person meets them in the console (issue 11, cases 6 and 7): a repeated key is
// refused by name, every problem of a file is named at once, a file naming only its data centre shows that
// data centre's URLs, and a redirect URI that would not come back to this console says what differs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { click, launch, paste, ready, shot, startServer, state, type } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

async function importJson(page, text) {
  await click(page, 'Import JSON');
  await paste(page, 'Profile JSON to import', text);
  await click(page, 'Import');
}

test('import: a repeated key and every problem are named; a data centre alone fills the URLs', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await importJson(page, '{"version":1,"name":"first","name":"second"}');
    let s = await state(page);
    assert.equal(s.flow.error.code, 'profile.name');
    assert.match(s.flow.error.message, /'name' is given twice/);
    await click(page, 'Cancel');
    await importJson(page, '{"version":1,"name":"x","dataCenter":"mars"}');
    s = await state(page);
    assert.match(s.flow.error.message, /4 problems/);
    for (const key of ['clientId', 'scopes', 'redirectUri', 'dataCenter']) assert.ok(s.flow.error.message.includes(`'${key}'`), key);
    await click(page, 'Cancel');
    await importJson(page, JSON.stringify({ version: 1.0, id: 'a/b', name: 'Imported EU', dataCenter: 'eu', clientId: '1000.IMPORTED0000000000',
                                            clientSecret: 's', scopes: ['ZohoCRM.modules.leads.READ'], redirectUri: server.base }));
    s = await state(page);
    assert.equal(s.flow.error, null, s.status);
    assert.equal(s.draft.authorizationUrl, 'https://accounts.zoho.eu/oauth/v2/auth');
    assert.equal(s.draft.tokenUrl, 'https://accounts.zoho.eu/oauth/v2/token');
    assert.ok(s.authorizationUrl.startsWith('https://accounts.zoho.eu/oauth/v2/auth?'));
  } finally {
    await browser.close();
  }
});

test('a redirect URI on this console that is not its address gets a finding beside the form', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    const withoutSlash = server.base.slice(0, -1);
    await click(page, 'Redirect URI');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await type(page, 'Profile Name', '');  // move the focus on, as a person does
    assert.equal((await state(page)).draft.redirectUri, withoutSlash);
    const { lint } = await state(page);
    const finding = lint.find((d) => d.field === 'redirectUri');
    assert.ok(finding, JSON.stringify(lint));
    assert.equal(finding.severity, 'warning');
    assert.ok(finding.message.includes(`lacks the trailing / of this console's address ${server.base}`), finding.message);
    await shot(page, 'redirect-uri-without-slash');
  } finally {
    await browser.close();
  }
});
