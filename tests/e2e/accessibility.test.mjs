// Screen readers (issue 11, case 9): every item the console draws on its canvas is mirrored in the
// accessibility tree with its role, name, value and state (web/shell.js "accessible mirror"), kept in step
// with the frames, and activating an item through assistive technology acts on the console. Checked in
// Chromium's own accessibility tree (CDP) and through Playwright's role locators; activation is the click
// event a screen reader's default action sends to the element.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { click, item, launch, ready, settle, startServer, state } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

// Chromium's accessibility tree, as a screen reader gets it: [{role, name, value, props}] of the nodes
// it does not ignore.
async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored).map((n) => ({
      role: n.role?.value,
      name: n.name?.value ?? '',
      value: n.value?.value,
      props: Object.fromEntries((n.properties || []).map((p) => [p.name, p.value?.value])),
    }));
  } finally {
    await cdp.detach();
  }
}

const find = (tree, role, name) => tree.filter((n) => n.role === role && n.name === name);

// A screen reader's default action on an element: a click event on it (not a pointer at its position).
async function activate(locator) {
  await locator.dispatchEvent('click');
}

async function open(browser) {
  const { page } = browser;
  await page.goto(server.base);
  await ready(page);
  await item(page, 'Authorize');  // a settled first frame
  await settle(page);
  return page;
}

test('the accessibility tree holds the console\'s buttons, fields, checkbox, tabs and combo box', async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    const draft = (await state(page)).draft;
    const tree = await axTree(page);
    assert.equal(find(tree, 'button', 'Authorize').length, 1, 'button Authorize');
    assert.equal(find(tree, 'button', 'Save Authorization Profile').length, 1);
    const clientId = find(tree, 'textbox', 'Client Id');
    assert.equal(clientId.length, 1, 'text field Client Id');
    assert.ok(draft.clientId.length > 5);
    assert.equal(clientId[0].value, draft.clientId, 'the field\'s value is announced');
    const secret = find(tree, 'textbox', 'Client Secret');
    assert.equal(secret.length, 1, 'text field Client Secret');
    assert.ok(!secret[0].value, 'a password field exposes no value');
    const pkce = find(tree, 'checkbox', 'Use PKCE (S256)');
    assert.equal(pkce.length, 1);
    assert.equal(pkce[0].props.checked, String(draft.pkce));
    const tabs = tree.filter((n) => n.role === 'tab');
    assert.deepEqual(tabs.map((t) => t.name),
                     ['Pre-authorize the Integration', 'Allow Users to Authorize the Integration']);
    assert.deepEqual(tabs.map((t) => t.props.selected === true), [true, false], 'the shown tab is the selected one');
    const dc = find(tree, 'combobox', 'Data Centre');
    assert.equal(dc.length, 1, 'combo box Data Centre');
    assert.equal(dc[0].props.expanded, false);
    assert.equal(find(tree, 'heading', 'Activity log').length, 1, 'the log\'s collapsing header');

    // Playwright's view of the same tree.
    await assert.doesNotReject(page.getByRole('button', { name: 'Authorize', exact: true }).waitFor());
    const snapshot = await page.locator('#a11y').ariaSnapshot();
    assert.match(snapshot, /checkbox "Use PKCE \(S256\)"/);
    assert.match(snapshot, /tab "Pre-authorize the Integration" \[selected\]/);
    assert.match(snapshot, /combobox "Data Centre"/);

    // The mouse still reaches the canvas: the layer takes no pointer events.
    const it = await item(page, 'Authorize');
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y).id, { x: it.x + it.w / 2, y: it.y + it.h / 2 });
    assert.equal(hit, 'canvas');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('activating items through their roles acts on the console, and the tree follows', async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    const pkce = (await state(page)).draft.pkce;
    const box = page.getByRole('checkbox', { name: 'Use PKCE (S256)' });
    await activate(box);
    await page.waitForFunction((v) => window.zohoConsole.state().draft.pkce === v, !pkce, { timeout: 10000 });
    await settle(page);
    assert.equal(await box.isChecked(), !pkce, 'the mirror shows the new state');

    // A tab.
    const users = page.getByRole('tab', { name: 'Allow Users to Authorize the Integration' });
    await activate(users);
    await page.getByRole('tab', { name: 'Allow Users to Authorize the Integration', selected: true }).waitFor();
    await page.getByRole('textbox', { name: 'End User Id' }).waitFor();

    // A button that opens a dialog: its field and buttons appear in the tree.
    await activate(page.getByRole('button', { name: 'Import JSON' }));
    const importBox = page.getByRole('textbox', { name: 'Profile JSON to import' });
    await importBox.waitFor();
    await settle(page);
    await activate(page.getByRole('button', { name: 'Cancel' }));
    await importBox.waitFor({ state: 'detached' });

    // The combo box opens its list; the current entry is the selected option.
    const dc = page.getByRole('combobox', { name: 'Data Centre' });
    await activate(dc);
    await page.getByRole('combobox', { name: 'Data Centre', expanded: true }).waitFor();
    const current = page.getByRole('option', { selected: true });
    await current.waitFor();
    assert.match(await current.textContent(), /Demo data centre/);
    await settle(page);
    await activate(current);
    await page.getByRole('combobox', { name: 'Data Centre', expanded: false }).waitFor();
    await current.waitFor({ state: 'detached' });
    await settle(page);

    // The log's lines (redacted by the core) are in a role="log" list as they come.
    await activate(page.getByRole('button', { name: 'Copy URL' }));
    await page.getByRole('log', { name: 'Activity log' }).getByRole('listitem').filter({ hasText: 'Authorization URL copied' })
      .waitFor();

    // Create New adds an entry: a fresh, unsaved draft appears in the form's Profile Name.
    const before = (await state(page)).draft.id;
    await activate(page.getByRole('button', { name: 'Create New' }));
    await page.waitForFunction((id) => window.zohoConsole.state().draft.id !== id, before, { timeout: 10000 });
    await settle(page);
    const name = (await state(page)).draft.name;
    assert.equal(await page.getByRole('textbox', { name: 'Profile Name' }).inputValue(), name);

    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('typing goes to ImGui and comes back; the client secret never reaches the tree, masked or shown', async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    const secret = 'Sx9-a11y-secret-value-7d41f0c2';
    await click(page, 'Client Secret');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type(secret, { delay: 5 });
    await settle(page);
    const leaked = async () => {
      const html = await page.evaluate(() => {
        const layer = document.getElementById('a11y');
        return layer.outerHTML + [...layer.querySelectorAll('input, textarea')].map((e) => e.value).join('\n');
      });
      const tree = JSON.stringify(await axTree(page));
      return html.includes(secret) || tree.includes(secret) || tree.includes(secret.slice(0, 12));
    };
    assert.equal(await leaked(), false, 'masked: no value');
    await activate(page.getByRole('checkbox', { name: 'Show secret' }));
    await page.getByRole('checkbox', { name: 'Show secret', checked: true }).waitFor();
    await settle(page);
    assert.equal(await leaked(), false, 'shown on the canvas: still no value in the tree');

    // A self client's grant code is a credential: the mirror holds it redacted, as the token panel does.
    await activate(page.getByRole('combobox', { name: 'Client Type' }));
    const self = page.getByRole('option', { name: 'Self Client (paste a grant code)' });
    await self.waitFor();
    await settle(page);
    await activate(self);
    const grant = page.getByRole('textbox', { name: 'Grant Code' });
    await grant.waitFor();
    await settle(page);
    const code = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210';
    await grant.focus();  // entering the field as a screen reader does: the ImGui field is clicked
    await settle(page);
    await page.keyboard.type(code, { delay: 5 });
    await settle(page);
    await page.waitForFunction(() => document.querySelector('#a11y input[aria-label="Grant Code"]').value === '1000.01...10');
    const tree = JSON.stringify(await axTree(page));
    assert.ok(!tree.includes(code) && !tree.includes(code.slice(0, 20)), 'the code is not in the tree');

    // A field entered through its role takes typing, and its mirror shows ImGui's value.
    const field = page.getByRole('textbox', { name: 'Redirect URI' });
    const redirect = (await state(page)).draft.redirectUri;
    await field.focus();
    await settle(page);
    await page.keyboard.press('End');
    await page.keyboard.type('x1', { delay: 5 });
    await page.waitForFunction((v) => window.zohoConsole.state().draft.redirectUri === v, redirect + 'x1', { timeout: 10000 });
    await settle(page);
    assert.equal(await field.inputValue(), redirect + 'x1');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
