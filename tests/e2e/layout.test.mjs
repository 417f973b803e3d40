// Small screens, long lists and long values (issue 11, cases 4 and 5): what an action did is in view at
// every window size, the log keeps its place, actions stay in view beside 300 profiles, the list is in
// natural order with a filter and keeps the selection in view, and long values are cut, not spilled.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, backOnConsole, choose, click, item, launch, paste, ready, settle, shot, startServer, state,
  type, waitForPhase } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

// The item is drawn and lies wholly inside the viewport (no scrolling needed to see it).
async function inView(page, label) {
  const it = await item(page, label);
  const { width, height } = page.viewportSize();
  return it.x >= 0 && it.y >= 0 && it.x + it.w <= width + 0.5 && it.y + it.h <= height + 0.5;
}

for (const [width, height] of [[800, 600], [400, 300]]) {
  test(`at ${width}x${height} Authorize is in view and what it did is shown beside it`, async () => {
    const browser = await launch();
    const { page } = browser;
    try {
      await page.setViewportSize({ width, height });
      await page.goto(server.base);
      await ready(page);
      await settle(page);
      assert.ok(await inView(page, 'Authorize'), 'Authorize without scrolling');
      await authorizeOnDemo(page, server.base);
      await settle(page);
      assert.match((await state(page)).status, /^Authorized/);
      assert.ok(await inView(page, 'Outcome'), 'the outcome line is on screen');
      const outcome = await item(page, 'Outcome');
      const authorize = await item(page, 'Authorize');
      assert.ok(outcome.y >= authorize.y + authorize.h - 1 && outcome.y - (authorize.y + authorize.h) < 40,
                'right under the buttons');
      await shot(page, `layout-${width}x${height}-authorized`);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });
}

test('a self client at 1280x800 keeps the activity log in view (the form scrolls, its actions stay)', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await choose(page, 'Client Type', 'Self Client (paste a grant code)');
    const log = await item(page, 'Copy log');
    assert.ok(log.y + log.h < 800 - 100, `the log's buttons at y=${log.y}: room for its lines below`);
    assert.ok(await inView(page, 'Save Authorization Profile'));
    assert.ok(await inView(page, 'Exchange code'));
    await shot(page, 'layout-1280x800-self-client');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

// Seeds `n` profiles named n0..n{n-1} through the page's own storage, in a shuffled order, then reloads.
async function seedProfiles(page, n) {
  await page.evaluate((count) => {
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => ((a * 7919) % count) - ((b * 7919) % count));
    for (const i of order) {
      const profile = {
        version: 1, id: 'seed-' + i, name: 'n' + i, provider: 'zoho', dataCenter: 'eu', clientType: 'server',
        authorizationMode: 'pre-authorize', clientId: '1000.SEED' + i, clientSecret: 'seed-secret', scopes: ['ZohoCRM.modules.leads.ALL'],
        redirectUri: location.href.split(/[?#]/)[0], authorizationUrl: 'https://accounts.zoho.eu/oauth/v2/auth',
        tokenUrl: 'https://accounts.zoho.eu/oauth/v2/token', refreshTokenUrl: 'https://accounts.zoho.eu/oauth/v2/token',
        accessType: 'offline', prompt: 'consent', pkce: false, clientAuthentication: 'body', enabled: false,
      };
      zcShell.storagePut('profiles', profile.id, JSON.stringify(profile));
    }
  }, n);
  await page.evaluate(() => zcShell.written());
  await page.reload();
  await ready(page);
  await page.waitForFunction((c) => window.zohoConsole.state().profiles.length === c, n);
  await settle(page);
}

test('300 profiles: the actions stay in view, the list is in natural order, filtered, and keeps the selection in view', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await seedProfiles(page, 300);
    for (const label of ['Create New', 'Import JSON', 'Import file', 'Filter profiles']) {
      assert.ok(await inView(page, label), `${label} in view beside 300 profiles`);
    }
    const rows = (await page.evaluate(() => window.zohoConsole.items().map((i) => i.label)))
      .filter((l) => /^n\d+$/.test(l));
    assert.deepEqual(rows.slice(0, 12), ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10', 'n11']);

    await type(page, 'Filter profiles', '29');
    const filtered = (await page.evaluate(() => window.zohoConsole.items().map((i) => i.label)))
      .filter((l) => /^n\d+$/.test(l));
    const expected = ['n29', 'n129', 'n229', 'n290', 'n291', 'n292', 'n293', 'n294', 'n295', 'n296', 'n297', 'n298', 'n299'];
    assert.ok(filtered.length >= 5, filtered.join(' '));
    assert.deepEqual(filtered, expected.slice(0, filtered.length), 'only names with 29, in natural order');
    await click(page, 'Filter profiles');
    await page.keyboard.type('9');
    await settle(page);
    assert.deepEqual((await page.evaluate(() => window.zohoConsole.items().map((i) => i.label))).filter((l) => /^n\d+$/.test(l)),
                     ['n299']);
    await click(page, 'n299');
    assert.equal((await state(page)).draft.name, 'n299');
    // The filter emptied: the whole list again, scrolled to the selected profile.
    await click(page, 'Filter profiles');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await settle(page);
    await settle(page, 2);
    assert.ok(await inView(page, 'n299'), 'the selected profile is scrolled into view');
    assert.ok(await inView(page, 'Delete'));
    await shot(page, 'layout-300-profiles');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('a 10,000-character scope and a 5,000-character end user are cut, not spilled', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    const scope = 'ZohoCRM.modules.' + 'x'.repeat(10000);
    await paste(page, 'Scopes', scope, { replace: true });
    assert.equal((await state(page)).draft.scopes[0], scope, 'nothing lost');
    assert.ok((await state(page)).lint.some((d) => d.message.includes(scope)), 'lint names it whole');
    // The finding is drawn in at most three lines: the fields under it are still where they were.
    await item(page, 'Use PKCE (S256)');
    assert.ok(await inView(page, 'Save Authorization Profile'));
    await shot(page, 'layout-long-scope');

    await paste(page, 'Scopes', 'ZohoCRM.modules.leads.ALL', { replace: true });
    await click(page, 'Save Authorization Profile');
    await click(page, 'Allow Users to Authorize the Integration');
    const user = 'u'.repeat(5000) + '@example.com';
    await paste(page, 'End User Id', user, { replace: true });
    await click(page, 'Authorize as end user');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'authorized');
    assert.deepEqual((await state(page)).tokens.map((t) => t.endUser), [user], 'stored whole');
    // The row shows the id cut to its column with "…", whole on hover (items() names it whole); the
    // buttons keep their places.
    const row = await item(page, user);
    const panel = await item(page, 'Allow Users to Authorize the Integration');
    assert.ok(row.x + row.w <= 1280 && row.w < 600, `the row stays in its panel: x=${row.x} w=${row.w}, tab at ${panel.x}`);
    assert.ok(await inView(page, 'Refresh now'));
    assert.ok(await inView(page, 'Revoke'));
    await shot(page, 'layout-long-end-user');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
