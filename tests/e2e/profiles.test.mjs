// Profiles in the console: paste from the system clipboard, duplicate, delete with confirmation and undo,
// export and re-import as profile JSON, all through the UI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { choose, click, launch, paste, ready, shot, startServer, state } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('a 70-character client secret pasted with Ctrl+V lands in Client Secret exactly', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Create New');
    await choose(page, 'Data Centre', 'Demo data centre (no Zoho account needed)');  // fills the demo id and secret
    const secret = 'f3a9c1e7b5d2' + 'x'.repeat(46) + '0123456789ab';
    assert.equal(secret.length, 70);
    // Select what the field holds (Ctrl+A, a quick press: the key queue keeps it), then paste over it.
    await paste(page, 'Client Secret', secret, { replace: true });
    await paste(page, 'Profile Name', 'Pasted profile');
    await paste(page, 'Scopes', 'ZohoCRM.modules.leads.ALL');
    // state() never shows the secret: copy the profile JSON with the secret included, and read it back.
    await click(page, 'Include secret');
    await click(page, 'Save Authorization Profile');
    await click(page, 'Copy JSON');
    const exported = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(exported.clientSecret, secret);
    assert.equal(exported.name, 'Pasted profile');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('duplicate, delete with confirmation, undo, and import pasted JSON', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Save Authorization Profile');
    await click(page, 'Duplicate');
    let s = await state(page);
    assert.equal(s.profiles.length, 2);
    assert.equal(s.draft.name, 'Zoho CRM leads (demo) (copy)');

    await click(page, 'Delete');
    await click(page, 'Cancel');
    assert.equal((await state(page)).profiles.length, 2, 'Cancel deletes nothing');
    await click(page, 'Delete');
    await shot(page, '07-delete-confirmation');
    await click(page, 'Delete profile');
    s = await state(page);
    assert.equal(s.profiles.length, 1);
    assert.match(s.status, /Undo restores/);
    await click(page, 'Undo');
    s = await state(page);
    assert.equal(s.profiles.length, 2);

    const imported = { version: 1, name: 'Imported EU', dataCenter: 'eu', clientId: '1000.IMPORTED0000000000',
                       clientSecret: 'imported-secret', scopes: ['ZohoCRM.modules.leads.READ'],
                       redirectUri: 'https://localhost:8000/', 'x-team': 'ops' };
    await click(page, 'Import JSON');
    await paste(page, 'Profile JSON to import', '{"version":1,"name":5}');
    await click(page, 'Import');
    s = await state(page);
    assert.equal(s.flow.error.code, 'profile.name');
    assert.equal(s.profiles.length, 2, 'a bad import saves nothing');
    await click(page, 'Cancel');
    await click(page, 'Import JSON');
    await paste(page, 'Profile JSON to import', JSON.stringify(imported));
    await click(page, 'Import');
    s = await state(page);
    assert.equal(s.profiles.length, 3);
    const p = s.profiles.find((x) => x.name === 'Imported EU');
    assert.equal(p.dataCenter, 'eu');
    assert.equal(p['x-team'], 'ops', 'unknown keys survive the import');
    assert.ok(s.authorizationUrl.startsWith('https://accounts.zoho.eu/oauth/v2/auth?'));
    await shot(page, '08-imported');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Download saves the profile as a file; Import file reads it back; an oversized file is refused by name', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Save Authorization Profile');
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'Download')]);
    assert.equal(download.suggestedFilename(), 'Zoho CRM leads (demo).json');
    const file = await download.path();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.version, 1);
    assert.equal(saved.clientSecret, undefined, 'no secret unless Include secret is ticked');

    // The export has no secret: it comes back into the form, unsaved, and the status asks for the secret.
    let [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Import file')]);
    await chooser.setFiles(file);
    await page.waitForFunction(() => /Imported/.test(window.zohoConsole.state().status));
    let s = await state(page);
    assert.equal(s.profiles.length, 1, 'not saved without its secret');
    assert.match(s.status, /not saved yet: Client Secret is empty/);
    await paste(page, 'Client Secret', 'demo0secret0d8f3a1c9e4b7');
    await click(page, 'Save Authorization Profile');
    s = await state(page);
    assert.equal(s.profiles.length, 2);

    [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Import file')]);
    await chooser.setFiles({ name: 'holiday.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(1024 * 1024 + 1) });
    await page.waitForFunction(() => window.zohoConsole.state().flow.error);
    s = await state(page);
    assert.equal(s.flow.error.code, 'import.too_large');
    assert.match(s.flow.error.message, /holiday\.mp4/);
    assert.equal(s.profiles.length, 2, 'nothing saved, nothing lost');
    await shot(page, '09-import-file-refused');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
