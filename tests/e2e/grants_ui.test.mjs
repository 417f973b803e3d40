// The client-credentials and device-flow screens as a person uses them (issue 14 follow-ups), on the demo
// data centre in Debian's Chromium: each client type's form shows only the fields it uses (read through
// items()), the Flow line says what the device flow is doing, the token panel names the action the profile
// has, the verification link goes to the real clipboard and an Organization ID comes from it, Tab walks
// the visible fields in reading order, and the screens hold at 800x600 and at device scale 2.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { choose, click, item, launch, paste, ready, settle, shot, startServer, state, until, waitForPhase } from './harness.mjs';

const DEMO_ORGANIZATION_ID = '60001234434';  // kDemoOrganizationId, core/zoho/data_centres.hpp
const CLIENT_CREDENTIALS = 'Self Client (client credentials)';
const NON_BROWSER = 'Non-browser Applications (device flow)';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const labels = (page) => page.evaluate(() => window.zohoConsole.items().map((i) => i.label));
// The text items() reports for the item labelled `label` (a line for reading: the Flow line, the hint).
const textOf = (page, label) => page.evaluate((l) => window.zohoConsole.items().find((i) => i.label === l)?.value, label);

async function open(page, clientType) {
  await page.goto(server.base);
  await ready(page);
  await choose(page, 'Client Type', clientType);
  await settle(page);
}

// The label of the item with the keyboard focus, as items() names it (tests/e2e/keyboard.test.mjs).
async function focused(page) {
  return page.evaluate(() => {
    const { keyboard } = window.zohoConsole.state();
    const it = window.zohoConsole.items().find((i) => i.id === keyboard.focusId);
    return it ? it.label : `(id ${keyboard.focusId})`;
  });
}

// Tab from the first field until `last`: the labels the focus went through, in order.
async function tabWalk(page, last) {
  await click(page, 'Profile Name');
  const walk = [await focused(page)];
  for (let i = 0; i < 40 && walk[walk.length - 1] !== last; i++) {
    await page.keyboard.press('Tab');
    await settle(page);
    walk.push(await focused(page));
  }
  return walk;
}

test('client credentials: no Authorization URL, Redirect URI, PKCE or request preview; Tab reaches each field in order', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await open(page, CLIENT_CREDENTIALS);
    const drawn = await labels(page);
    for (const hidden of ['Authorization URL', 'Redirect URI', 'Use PKCE (S256)', 'Authorization request', 'Authorize']) {
      assert.ok(!drawn.includes(hidden), `${hidden} is not drawn for client credentials`);
    }
    for (const shown of ['Organization ID', 'Token URL', 'Refresh Token URL', 'Scopes', 'Relay URL', 'Get token']) {
      assert.ok(drawn.includes(shown), `${shown} is drawn`);
    }
    assert.equal(await textOf(page, 'Token hint'), 'No token yet: press Get token.');
    assert.deepEqual(await tabWalk(page, 'Get token'),
                     ['Profile Name', 'Provider', 'Data Centre', 'Client Type', 'Client Id', 'Client Secret', 'Show secret',
                      'Organization ID', 'Token URL', 'Refresh Token URL', 'Scopes', 'Add scope', 'Relay URL',
                      'Save Authorization Profile', 'Get token']);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('non-browser: no Authorization URL, Redirect URI, PKCE or request preview; Tab reaches each field in order', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await open(page, NON_BROWSER);
    const drawn = await labels(page);
    for (const hidden of ['Authorization URL', 'Redirect URI', 'Use PKCE (S256)', 'Authorization request', 'Authorize']) {
      assert.ok(!drawn.includes(hidden), `${hidden} is not drawn for a non-browser client`);
    }
    assert.equal(await textOf(page, 'Token hint'), 'Not authorized yet: press Start device flow.');
    assert.deepEqual(await tabWalk(page, 'Start device flow'),
                     ['Profile Name', 'Provider', 'Data Centre', 'Client Type', 'Client Id', 'Client Secret', 'Show secret',
                      'Token URL', 'Refresh Token URL', 'Scopes', 'Add scope', 'Relay URL',
                      'Save Authorization Profile', 'Start device flow']);
    // A custom provider's non-browser client adds its Device Authorization URL, still no Authorization URL.
    await choose(page, 'Provider', 'Custom OAuth 2.0 server');
    const custom = await labels(page);
    assert.ok(custom.includes('Device Authorization URL'));
    assert.ok(!custom.includes('Authorization URL') && !custom.includes('Redirect URI'));
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

// The first visit's demo profile as a non-browser client, saved, its device flow started on a page
// whose clock the test moves (or, `here`, on the page as it is): the pending device authorization.
async function startDevice(page, here = false) {
  if (here) {
    await choose(page, 'Client Type', NON_BROWSER);
  } else {
    await page.clock.install();
    await open(page, NON_BROWSER);
  }
  await click(page, 'Save Authorization Profile');
  await click(page, 'Start device flow');
  await until(page, 'the user code', () => window.zohoConsole.state().device !== null);
  await settle(page);
  return (await state(page)).device;
}

test('device flow: the Flow line says what is happening; Copy link puts the verification link on the clipboard', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    const device = await startDevice(page);
    const flow = await textOf(page, 'Flow');
    // The Flow line is a drawn frame and state() is read a moment later: the countdown may have ticked
    // one second in between (the page clock runs), so the two agree up to that second.
    const activity = (await state(page)).flow.activity;
    const countdown = (text) => Number(/next poll in (\d+) s$/.exec(text)?.[1]);
    assert.equal(activity.replace(/\d+ s$/, 'N s'), flow.replace(/\d+ s$/, 'N s'));
    assert.ok(countdown(flow) - countdown(activity) >= 0 && countdown(flow) - countdown(activity) <= 1,
              `${flow} / ${activity}`);
    assert.ok(!/redirecting/.test(flow), flow);
    assert.match(flow, /^waiting for approval at /);
    assert.ok(flow.includes(device.verificationUri), flow);
    assert.match(flow, /; next poll in \d+ s$/);

    await page.evaluate(() => navigator.clipboard.writeText('previous clipboard'));
    await click(page, 'Copy link');
    await until(page, 'the verification link on the clipboard',
                (uri) => navigator.clipboard.readText().then((t) => t === uri), device.verificationUri, 5000);

    // Nobody approves: a poll answers authorization_pending and the countdown starts again.
    await page.clock.fastForward(30000);
    await settle(page, 2);
    await until(page, 'the pending answer', () => window.zohoConsole.state().device?.lastAnswer === 'pending');
    assert.match(await textOf(page, 'Flow'), /^waiting for approval at .*; next poll in \d+ s/);

    await click(page, 'Cancel device flow');
    assert.equal(await textOf(page, 'Flow'), 'idle (device flow cancelled)');
    assert.equal(await textOf(page, 'Token hint'), 'Not authorized yet: press Start device flow.');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('device flow approved: the Flow line says so', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    const device = await startDevice(page);
    const phone = await page.context().newPage();
    await phone.goto(device.verificationUri);
    await phone.getByLabel('Code').fill(device.userCode);
    await phone.getByLabel('Your data centre').selectOption('us');
    await phone.getByRole('button', { name: 'Approve' }).click();
    await phone.getByRole('heading', { name: 'Device approved' }).waitFor();
    await phone.close();
    await page.clock.fastForward(30000);
    await settle(page, 2);
    await waitForPhase(page, 'authorized');
    await settle(page);
    assert.equal(await textOf(page, 'Flow'), 'authorized (device flow approved)');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Organization ID from the clipboard: spaces trimmed; full-width or Devanagari digits refused by name, nothing saved lost', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await open(page, CLIENT_CREDENTIALS);
    await paste(page, 'Organization ID', `  ${DEMO_ORGANIZATION_ID} \n`);
    await click(page, 'Get token');
    await waitForPhase(page, 'authorized');
    let s = await state(page);
    const request = s.log.find((e) => e.kind === 'request' && e.text.includes('grant_type=client_credentials'));
    assert.match(request.text, new RegExp(`soid=ZohoCRM\\.${DEMO_ORGANIZATION_ID}(&|$)`), 'the pasted id, trimmed');
    assert.ok(!s.lint.some((d) => d.field === 'organizationId'), JSON.stringify(s.lint));
    const saved = s.profiles.find((p) => p.id === s.selectedProfileId);
    assert.equal(saved.organizationId.trim(), DEMO_ORGANIZATION_ID);

    for (const text of ['６０００１２３４４３４', '६०००१२३४४३४']) {
      await paste(page, 'Organization ID', text, { replace: true });
      await until(page, 'the pasted text in the draft', (t) => window.zohoConsole.state().draft.organizationId === t, text);
      s = await state(page);
      const finding = s.lint.find((d) => d.field === 'organizationId');
      assert.ok(finding && finding.severity === 'error', JSON.stringify(s.lint));
      assert.match(finding.message, /Organization ID/);
      assert.match(finding.message, /digits 0-9/);
      await click(page, 'Save Authorization Profile');
      s = await state(page);
      assert.match(s.status, /Organization ID/, 'Save says which field stops it');
      assert.match(s.status, /digits 0-9/, 'and how to fix it');
      assert.equal(s.draft.organizationId, text, 'what was pasted stays in the field');
      const kept = s.profiles.find((p) => p.id === s.selectedProfileId);
      assert.equal(kept.organizationId.trim(), DEMO_ORGANIZATION_ID, 'the saved profile keeps its id');
    }
    await shot(page, 'grants-organization-id-refused');
    // Still there after a reload: nothing saved was replaced.
    await page.reload();
    await ready(page);
    s = await state(page);
    assert.equal(s.profiles.find((p) => p.id === s.selectedProfileId).organizationId, DEMO_ORGANIZATION_ID);
    assert.equal(s.tokens.length, 1);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

// Every item of the form and the token panel inside the page, none overlapping another of its window.
async function assertLaidOut(page, where) {
  const items = await page.evaluate(() => window.zohoConsole.items());
  const { width, height } = page.viewportSize();
  const fields = items.filter((i) => i.label && ['button', 'textbox', 'checkbox', 'combobox'].includes(i.role) && i.w > 0);
  for (const i of fields) {
    assert.ok(i.x >= 0 && i.x + i.w <= width + 1, `${where}: ${i.label} fits across (${i.x}+${i.w} of ${width})`);
    assert.ok(i.y + i.h <= height + 1, `${where}: ${i.label} is above the bottom (${i.y}+${i.h} of ${height})`);
  }
  for (const a of fields) {
    for (const b of fields) {
      if (a === b || a.window !== b.window) continue;
      const overlap = a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
      assert.ok(!overlap, `${where}: ${a.label} overlaps ${b.label}`);
    }
  }
}

for (const [width, height, scale] of [[800, 600, 1], [1280, 800, 2]]) {
  test(`the client-credentials form and the device-flow panel at ${width}x${height}, device scale ${scale}`, async () => {
    const browser = await launch({ deviceScaleFactor: scale });
    const { page } = browser;
    try {
      await page.setViewportSize({ width, height });
      await open(page, CLIENT_CREDENTIALS);
      await assertLaidOut(page, 'client credentials');
      await shot(page, `grants-client-credentials-${width}x${height}-scale${scale}`);
      await startDevice(page, true);
      await item(page, 'User code');
      await item(page, 'QR code of the verification address');
      await assertLaidOut(page, 'device flow');
      await shot(page, `grants-device-flow-${width}x${height}-scale${scale}`);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });
}
