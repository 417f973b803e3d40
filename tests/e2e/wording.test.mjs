// Wording and feedback (issue 11, case 8): a blank form does not blame before anything is typed; Revoke,
// which Zoho cannot undo, asks first; Download says what it did; an end-user link shows who and what
// before anything is sent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, backOnConsole, click, draftValue, item, launch, paste, ready, settle, shot, startServer, written,
  state, waitForPhase } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

async function open(viewport) {
  const browser = await launch();
  if (viewport) await browser.page.setViewportSize(viewport);
  await browser.page.goto(server.base);
  await ready(browser.page);
  await settle(browser.page);
  return browser;
}
const has = (page, label) => page.evaluate((l) => window.zohoConsole.items().some((i) => i.label === l), label);

test('a new blank form shows an error once its field was touched, and all of them after Save', async () => {
  // Tall enough that the form's fields do not scroll: the checkbox under the findings shows where they end.
  const browser = await open({ width: 1280, height: 1100 });
  const { page } = browser;
  try {
    await click(page, 'Create New');
    const errors = (await state(page)).lint.filter((d) => d.severity === 'error');
    assert.ok(errors.length >= 3, `a blank profile has errors: ${errors.map((d) => d.field).join(', ')}`);
    const pkce = async () => (await item(page, 'Use PKCE (S256)')).y;
    const untouched = await pkce();
    await shot(page, 'wording-blank-form');
    // Into Client Id and out again, typing nothing: now its error shows (one finding, one line or more).
    await click(page, 'Client Id');
    await page.keyboard.press('Tab');
    await settle(page);
    const one = await pkce();
    assert.ok(one > untouched + 10, `the Client Id error appeared (${untouched} -> ${one})`);
    await click(page, 'Save Authorization Profile');
    const all = await pkce();
    assert.ok(all > one + 20, `after Save every error shows (${one} -> ${all})`);
    await shot(page, 'wording-blank-form-after-save');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Revoke asks first: Cancel keeps the tokens, Revoke at Zoho revokes', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await authorizeOnDemo(page, server.base);
    await click(page, 'Revoke');
    await item(page, 'Revoke at Zoho');
    await shot(page, 'wording-revoke-confirmation');
    await click(page, 'Cancel');
    assert.equal(await has(page, 'Revoke at Zoho'), false);
    let s = await state(page);
    assert.equal(s.tokens.length, 1, 'Cancel revoked nothing');
    assert.ok(!s.log.some((l) => l.kind === 'request' && l.text.includes('/revoke')), 'and sent nothing');
    await click(page, 'Revoke');
    await click(page, 'Revoke at Zoho');
    await page.waitForFunction(() => window.zohoConsole.state().tokens.length === 0);
    s = await state(page);
    assert.ok(s.log.some((l) => l.kind === 'request' && l.text.includes('/revoke')));
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Download says what it downloaded', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await click(page, 'Save Authorization Profile');
    const download = page.waitForEvent('download');
    await click(page, 'Download');
    assert.match((await download).suggestedFilename(), /\.json$/);
    const status = (await state(page)).status;
    assert.match(status, /downloaded as a \.json file, without the client secret/, status);
    assert.ok(await has(page, 'Outcome'));
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('an end-user link shows the end user, profile, scopes and sign-in address before anything is sent', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await click(page, 'Save Authorization Profile');
    await written(page);  // the profile is on disk before the page leaves (a write is not instant)
    const id = (await state(page)).selectedProfileId;
    // An end user holding a control character (%00) is refused with a word: storage keys could not hold it.
    await page.goto(`${server.base}?authorize=${encodeURIComponent(id)}&end_user=ada%00b`);
    await ready(page);
    assert.match((await state(page)).status,
                 /end-user link was not followed: nothing was started\. The end-user id holds a control character; an end-user id is printable text/);
    const link = `${server.base}?authorize=${encodeURIComponent(id)}&end_user=${encodeURIComponent('ada@example.com')}`;
    await page.goto(link);
    await ready(page);
    await item(page, 'Continue to sign-in');
    await shot(page, 'wording-end-user-link');
    assert.ok(page.url().startsWith(server.base) && !page.url().includes('/demo/'), 'still on the console');
    assert.ok(!(await state(page)).log.some((l) => l.kind === 'request'), 'nothing sent');
    await click(page, 'Cancel');
    assert.match((await state(page)).status, /not followed: nothing was sent/);
    assert.equal(page.url(), server.base, 'the link left the address bar');

    await page.goto(link);
    await ready(page);
    await click(page, 'Continue to sign-in');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    assert.deepEqual((await state(page)).tokens.map((t) => t.endUser), ['ada@example.com']);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('a pasted NUL is left out with a word, not the rest of the text; a name holding "##" is shown whole', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await paste(page, 'Profile Name', 'ctl\u0000ab\u0001c', { replace: true });
    assert.equal(await draftValue(page, 'name', 'ctlabc'), 'ctlabc');
    assert.match((await state(page)).status, /without its 2 control character/);
    await paste(page, 'Profile Name', 'a##b ## c', { replace: true });
    await click(page, 'Save Authorization Profile');
    await item(page, 'a##b ## c');  // the list entry, named whole (and drawn whole: screenshot)
    await shot(page, 'wording-hash-name');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
