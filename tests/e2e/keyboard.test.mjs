// The keyboard as a person uses it (issue 11, case 3): the page opens with the keyboard in the first
// field, Tab and Shift+Tab go through every control in reading order, Space and Enter activate and never
// wipe a field, Escape closes popups (a modal too) and leaves a field keeping what was typed, and the
// focused control wears a visible ring.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, click, draftValue, item, launch, ready, settle, shot, startServer, state, written } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

// The label of the item with the keyboard focus, as items() names it.
async function focused(page) {
  return page.evaluate(() => {
    const { keyboard } = window.zohoConsole.state();
    const it = window.zohoConsole.items().find((i) => i.id === keyboard.focusId);
    return it ? it.label : `(id ${keyboard.focusId})`;
  });
}
const keyboard = async (page) => (await state(page)).keyboard;

async function press(page, key) {
  await page.keyboard.press(key);
  await settle(page);
}

async function tabTo(page, label, key = 'Tab') {
  for (let i = 0; i < 60 && (await focused(page)) !== label; i++) await press(page, key);
  assert.equal(await focused(page), label, `${key} reaches ${label}`);
}

async function open() {
  const browser = await launch();
  await browser.page.goto(server.base);
  await ready(browser.page);
  await settle(browser.page);
  return browser;
}

// Every control of the demo form, unsaved, in reading order: the profile panel's are last because the
// walk starts in the form and wraps. Disabled ones (Duplicate, Delete, Copy JSON, Download, Enable
// integration: nothing is saved) are skipped, as browsers skip disabled controls.
const ORDER = ['Profile Name', 'Provider', 'Data Centre', 'Client Type', 'Client Id', 'Client Secret', 'Show secret',
  'Authorization URL', 'Token URL', 'Refresh Token URL', 'Scopes', 'Add scope', 'Redirect URI', 'Registered redirect URI',
  'Relay URL',
  'Use PKCE (S256)', 'Authorization request', 'Save Authorization Profile', 'Authorize', 'Copy URL',
  'Pre-authorize the Integration', 'Allow Users to Authorize the Integration', 'Hand-off', 'Scenarios', 'Activity log', 'Copy log',
  'Clear log',
  'Authorization types', 'Create New', 'Include secret', 'Import JSON', 'Import file'];
const TEXT_FIELDS = new Set(['Profile Name', 'Client Id', 'Client Secret', 'Authorization URL', 'Token URL',
  'Refresh Token URL', 'Scopes', 'Redirect URI', 'Registered redirect URI', 'Relay URL']);

test('the page opens with the keyboard in the first field; typing adds to its value', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    // The page's keyboard is on the console: the canvas, or the hidden text input that takes the typing
    // (and input methods) while a field is being edited.
    assert.ok(['canvas', 'text-input'].includes(await page.evaluate(() => document.activeElement.id)),
              'the console has the keyboard');
    assert.equal(await focused(page), 'Profile Name');
    assert.equal((await keyboard(page)).editing, true);
    const name = (await state(page)).draft.name;
    await page.keyboard.type(' 2');
    assert.equal(await draftValue(page, 'name', name + ' 2'), name + ' 2', 'the caret starts after the text: nothing replaced');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Tab and Shift+Tab go through every control in reading order', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    const forward = [await focused(page)];
    for (let i = 0; i < ORDER.length; i++) {
      await press(page, 'Tab');
      const k = await keyboard(page);
      const label = await focused(page);
      forward.push(label);
      // A text field is being edited as soon as Tab lands on it; any other control shows the ring.
      assert.equal(k.editing, TEXT_FIELDS.has(label), `${label}: editing`);
      assert.equal(k.ringShown, true, `${label}: focus ring`);
    }
    assert.deepEqual(forward, [...ORDER, ORDER[0]], 'Tab: every control once, then back to the first');
    const backward = [await focused(page)];
    for (let i = 0; i < ORDER.length; i++) {
      await press(page, 'Shift+Tab');
      backward.push(await focused(page));
    }
    assert.deepEqual(backward, [ORDER[0], ...ORDER.slice().reverse()], 'Shift+Tab: the same, backwards');
    await tabTo(page, 'Add scope');
    await shot(page, 'keyboard-1280x800-focus-ring');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Space and Enter activate buttons and checkboxes, and never wipe a field', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await tabTo(page, 'Use PKCE (S256)');
    const pkce = (await state(page)).draft.pkce;
    await press(page, 'Space');
    assert.equal((await state(page)).draft.pkce, !pkce, 'Space toggles the checkbox');
    await press(page, 'Enter');
    assert.equal((await state(page)).draft.pkce, pkce, 'Enter toggles it back');

    // A filled field with the keyboard focus but not being edited (Escape left it): Space starts
    // editing it, types nothing, and the next letter is added after the value.
    await tabTo(page, 'Client Id', 'Shift+Tab');
    const id = (await state(page)).draft.clientId;
    await press(page, 'Escape');
    assert.equal((await keyboard(page)).editing, false);
    assert.equal(await focused(page), 'Client Id', 'Escape keeps the focus on the field');
    await press(page, 'Space');
    assert.equal((await keyboard(page)).editing, true, 'Space starts editing');
    assert.equal((await state(page)).draft.clientId, id, 'and types no space over the value');
    await page.keyboard.type('X');
    await settle(page);
    assert.equal((await state(page)).draft.clientId, id + 'X');
    await press(page, 'Escape');
    await press(page, 'Enter');
    assert.equal((await keyboard(page)).editing, true, 'Enter starts editing too');
    await page.keyboard.type('Y');
    await settle(page);
    assert.equal((await state(page)).draft.clientId, id + 'XY');

    // Enter on a button presses it.
    await tabTo(page, 'Save Authorization Profile');
    await press(page, 'Enter');
    await page.waitForFunction(() => window.zohoConsole.state().profiles.length === 1, null, { timeout: 10000 });
    assert.equal((await state(page)).profiles[0].clientId, id + 'XY', 'Enter pressed Save');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('Escape closes the Import JSON box and a combo list, and leaves a field keeping what was typed', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    const has = (label) => page.evaluate((l) => window.zohoConsole.items().some((i) => i.label === l), label);
    await tabTo(page, 'Import JSON');
    await press(page, 'Enter');
    await item(page, 'Profile JSON to import');
    await shot(page, 'keyboard-import-box-open');
    await press(page, 'Escape');
    assert.equal(await has('Profile JSON to import'), false, 'Escape closed the modal');
    assert.equal(await focused(page), 'Import JSON', 'the focus is back on the button that opened it');

    await tabTo(page, 'Data Centre');
    await press(page, 'Space');
    await item(page, 'Demo data centre (no Zoho account needed)');
    assert.equal(await has('Europe (eu)'), true, 'the list is open');
    await press(page, 'Escape');
    assert.equal(await has('Europe (eu)'), false, 'Escape closed the list');
    assert.equal((await state(page)).draft.dataCenter, 'demo', 'and picked nothing');

    await tabTo(page, 'Redirect URI');
    await press(page, 'End');
    await page.keyboard.type('cb');
    await settle(page);
    const typed = (await state(page)).draft.redirectUri;
    assert.ok(typed.endsWith('cb'));
    await press(page, 'Escape');
    assert.equal((await state(page)).draft.redirectUri, typed, 'Escape keeps the typed text');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('the focus ring is drawn: the focused control looks different from the same control unfocused', async () => {
  for (const [width, height, scale] of [[1280, 800, 1], [800, 600, 1], [1280, 800, 2]]) {
    const browser = await launch({ deviceScaleFactor: scale });
    const { page } = browser;
    try {
      await page.setViewportSize({ width, height });
      await page.goto(server.base);
      await ready(page);
      await settle(page);
      await tabTo(page, 'Authorize');
      const it = await item(page, 'Authorize');
      const clip = { x: it.x - 4, y: it.y - 4, width: it.w + 8, height: it.h + 8 };
      const ring = await page.screenshot({ clip });
      await shot(page, `keyboard-${width}x${height}-scale${scale}`);
      await press(page, 'Tab');  // the ring moves on to Copy URL
      const plain = await page.screenshot({ clip });
      assert.notDeepEqual(ring, plain, `${width}x${height} at scale ${scale}: the ring shows on Authorize`);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  }
});

test('after Delete and Revoke the keyboard goes on; their dialogs start on Cancel', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await authorizeOnDemo(page, server.base);
    await settle(page);
    await tabTo(page, 'Revoke');
    await press(page, 'Enter');
    await item(page, 'Revoke at Zoho');
    assert.equal(await focused(page), 'Cancel', 'the dialog starts on Cancel: Enter twice revokes nothing');
    await press(page, 'Enter');
    assert.equal((await state(page)).tokens.length, 1);
    await tabTo(page, 'Revoke');
    await press(page, 'Enter');
    await item(page, 'Revoke at Zoho');
    await press(page, 'Shift+Tab');
    assert.equal(await focused(page), 'Revoke at Zoho');
    await press(page, 'Enter');
    await page.waitForFunction(() => window.zohoConsole.state().tokens.length === 0);
    await settle(page);
    // The Revoke button is gone with its token set: Tab lands on a control that is there.
    await press(page, 'Tab');
    const after = await focused(page);
    assert.ok(!after.startsWith('(id'), `Tab after Revoke focuses a drawn control, not ${after}`);

    await tabTo(page, 'Delete');
    await press(page, 'Enter');
    await item(page, 'Delete profile');
    assert.equal(await focused(page), 'Cancel');
    await press(page, 'Shift+Tab');
    await press(page, 'Enter');
    await page.waitForFunction(() => window.zohoConsole.state().profiles.length === 0);
    await settle(page);
    const seen = new Set();
    for (let i = 0; i < 3; i++) {
      await press(page, 'Tab');
      seen.add(await focused(page));
    }
    assert.ok(!seen.has('Delete') && seen.size === 3, `Tab moves on after Delete: ${[...seen].join(', ')}`);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('an end-user link dialog takes the keyboard: Escape cancels; a long or disguised id cannot hide its buttons', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await click(page, 'Save Authorization Profile');
    await written(page);  // the profile is on disk before the page leaves (a write is not instant)
    const id = (await state(page)).selectedProfileId;
    const user = '\u202Eevil' + 'x'.repeat(3000);
    await page.goto(`${server.base}?authorize=${encodeURIComponent(id)}&end_user=${encodeURIComponent(user)}`);
    await ready(page);
    await item(page, 'Continue to sign-in');
    await settle(page);
    const { width, height } = page.viewportSize();
    for (const label of ['Continue to sign-in', 'Cancel']) {
      const it = await item(page, label);
      assert.ok(it.y + it.h <= height && it.x + it.w <= width, `${label} on screen`);
    }
    assert.equal(await focused(page), 'Cancel');
    assert.equal((await keyboard(page)).ringShown, true);
    await shot(page, 'keyboard-end-user-link-disguised');
    await press(page, 'Escape');
    assert.equal(await page.evaluate(() => window.zohoConsole.items().some((i) => i.label === 'Continue to sign-in')), false);
    assert.match((await state(page)).status, /not followed: nothing was sent/);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
