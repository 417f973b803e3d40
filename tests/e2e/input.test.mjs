// Input as a person gives it: HiDPI, quick key presses, the keyboard between fields, the wheel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, click, draftValue, item, launch, ready, settle, startServer, state, until } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

test('at device scale 2 the backing store is twice the CSS size and a click on Authorize lands', async () => {
  const browser = await launch({ deviceScaleFactor: 2 });
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    const size = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      const r = c.getBoundingClientRect();
      return { w: c.width, h: c.height, cssW: r.width, cssH: r.height };
    });
    assert.equal(size.w, size.cssW * 2);
    assert.equal(size.h, size.cssH * 2);
    await click(page, 'Authorize');
    await page.waitForURL(/\/demo\/accounts\/oauth\/v2\/auth\?/);
  } finally {
    await browser.close();
  }
});

test('a key pressed and released between two frames still edits the field; Tab moves to the next field', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Profile Name');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    // Waits for the console's state, not for milliseconds: on a loaded machine frames come late.
    const reaches = (key, value) => draftValue(page, key, value);
    await reaches('name', 'Zoho CRM leads (dem');
    assert.equal((await state(page)).draft.name, 'Zoho CRM leads (dem');
    await page.keyboard.type('o!');
    await reaches('name', 'Zoho CRM leads (demo!');
    // Tab goes through every control (keyboard.test.mjs): Provider, Data Centre, Client Type, Client Id.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      await settle(page);
    }
    await page.keyboard.type('1000.TYPED');
    await reaches('clientId', '1000.TYPED');
    const s = await state(page);
    assert.equal(s.draft.name, 'Zoho CRM leads (demo!');
    // Tab moves to the next text field and selects its text, as browsers do: typing replaces it.
    assert.equal(s.draft.clientId, '1000.TYPED');
  } finally {
    await browser.close();
  }
});

test('on a slow CPU one click is one click: typing after it appends, and Save saves once', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    // Frames slower than the gap between press and release: the GLFW backend's own poll of the button
    // used to see the press before the input queue released it, so ImGui counted two clicks - a double
    // click that selected the word under the caret, or a Save pressed twice.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    for (const suffix of ['x', 'y', 'z']) {
      // A click near the field's right end, well after the text: the caret goes to the end.
      const field = await item(page, 'Profile Name');
      await page.mouse.click(field.x + field.w - 12, field.y + field.h / 2, { delay: 30 });
      await settle(page);
      await page.keyboard.type(suffix, { delay: 5 });
      await until(page, `the name to end with ${suffix}`, (s) => window.zohoConsole.state().draft.name.endsWith(s), suffix);
      await page.keyboard.press('Enter');  // leaves the field, keeping the edit
    }
    assert.equal((await state(page)).draft.name, 'Zoho CRM leads (demo)xyz');
    await click(page, 'Save Authorization Profile');
    await page.waitForFunction(() => window.zohoConsole.state().profiles.length === 1, null, { timeout: 10000 });
    await page.waitForTimeout(500);
    const saves = (await state(page)).log.filter((e) => e.text.startsWith('Saved authorization profile'));
    assert.equal(saves.length, 1, 'one Save click, one save');
  } finally {
    await browser.close();
  }
});

test('Ctrl+A, Backspace and quick typing, again and again, keep every character in order', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    // Keys and typed letters used to reach ImGui by two paths: a letter typed right after Backspace could
    // land in its frame (ImGui takes letters first, so the Backspace deleted it: "ttp://"), or in the
    // frame of Ctrl's release after Ctrl+A, before the Backspace ("htp://"). A new user's script saw 7
    // of 20 such rounds go wrong on an authorized console; this is its round: a quick click, a pause in
    // which the console goes idle, then keys and letters that all arrive before the first frame that
    // wakes it. On the build before the fix this test failed 3 runs of 3, with 1 to 5 rounds wrong.
    await authorizeOnDemo(page, server.base);
    const bad = [];
    for (let round = 0; round < 12; round++) {
      const field = await item(page, 'Profile Name');
      await page.mouse.click(field.x + field.w / 2, field.y + field.h / 2);  // a quick click, as scripts make
      await page.waitForTimeout(50);
      await settle(page);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('http://localhost:42913', { delay: round % 2 ? 40 : 5 });
      await settle(page);
      const value = (await state(page)).draft.name;
      if (value !== 'http://localhost:42913') bad.push(value);
    }
    assert.deepEqual(bad, []);
  } finally {
    await browser.close();
  }
});

test('Ctrl+A then typing replaces the field with every character typed', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await click(page, 'Profile Name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('bob@example.com');
    await page.waitForTimeout(200);
    assert.equal((await state(page)).draft.name, 'bob@example.com');
  } finally {
    await browser.close();
  }
});

test('the mouse wheel scrolls the activity log the right way', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 900, height: 560 });  // narrow: the window itself scrolls
    await page.goto(server.base);
    await ready(page);
    const before = await item(page, 'Create New');
    // Over the profile panel, which has nothing of its own to scroll: the page takes the wheel (a box that
    // scrolls itself, such as the authorization request, keeps it, as in ImGui).
    await page.mouse.move(120, 300);
    // A small step, so the button stays on screen and its move can be measured (a test that accepted the
    // button vanishing would pass whatever the wheel did).
    await page.mouse.wheel(0, 40);  // down
    await settle(page, 1);
    const after = await item(page, 'Create New');
    assert.ok(after.y < before.y - 5, `wheel down moves the content up (from y ${before.y} to ${after.y})`);
    await page.mouse.wheel(0, -2400);  // back up
    await page.waitForTimeout(300);
    const back = await item(page, 'Create New');
    assert.equal(Math.round(back.y), Math.round(before.y));
  } finally {
    await browser.close();
  }
});

test('idle: no frame is drawn in 5 idle seconds', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.base);
    await ready(page);
    await page.mouse.move(5, 795);
    // The first field has the focus; its caret blinks for 5 s after the last input, then stays lit.
    await page.waitForFunction(() => !window.zohoConsole.state().keyboard.caretBlinking, null, { timeout: 15000 });
    await page.waitForTimeout(500);
    const before = (await state(page)).framesDrawn;
    await page.waitForTimeout(5000);
    const drawn = (await state(page)).framesDrawn - before;
    assert.equal(drawn, 0, `frames drawn in 5 idle seconds: ${drawn}`);
  } finally {
    await browser.close();
  }
});
