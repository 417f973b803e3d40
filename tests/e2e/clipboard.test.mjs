// The system clipboard in both directions (issue 11, case 1): Ctrl+X and Ctrl+C put a field's selection on
// the clipboard (a test reads it back), Ctrl+V pastes it elsewhere, and a stray page selection is never
// what gets copied.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { click, launch, paste, ready, settle, startServer, state, until } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

async function chord(page, key) {
  await page.keyboard.down('Control');
  await page.keyboard.press(key);
  await page.keyboard.up('Control');
  await settle(page);
}

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

test('cut from Client Id and paste into Redirect URI moves the text; the clipboard holds it', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    const before = await state(page);
    const clientId = before.draft.clientId;
    assert.ok(clientId.length > 5);
    await page.evaluate(() => navigator.clipboard.writeText('previous clipboard'));
    await click(page, 'Client Id');
    await chord(page, 'a');
    await chord(page, 'x');
    await until(page, 'the cut Client Id on the clipboard', (id) => navigator.clipboard.readText().then((t) => t === id),
                clientId, 5000);
    assert.equal(await clipboard(page), clientId, 'Ctrl+X put the cut text on the system clipboard');
    assert.equal((await state(page)).draft.clientId, '', 'and took it out of the field');
    await click(page, 'Redirect URI');
    await page.keyboard.press('End');
    await chord(page, 'v');
    const after = await state(page);
    assert.equal(after.draft.redirectUri, before.draft.redirectUri + clientId, 'Ctrl+V pasted what was cut');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Ctrl+C copies the field selection, not a stray selection of the page', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    // Profile names in other scripts round-trip through the clipboard byte for byte.
    const name = 'Zoho リード プロファイル';
    await paste(page, 'Profile Name', name, { replace: true });
    assert.equal((await state(page)).draft.name, name);
    // A stray selection of the page's hidden text, as a triple click beside the canvas makes.
    await page.evaluate(() => {
      navigator.clipboard.writeText('previous clipboard');
      const range = document.createRange();
      range.selectNodeContents(document.body);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await click(page, 'Profile Name');
    await chord(page, 'a');
    await chord(page, 'c');
    await until(page, 'the copied name on the clipboard', (n) => navigator.clipboard.readText().then((t) => t === n), name,
                5000);
    assert.equal(await clipboard(page), name);
    assert.equal((await state(page)).draft.name, name, 'copy leaves the field as it was');
  } finally {
    await browser.close();
  }
});
