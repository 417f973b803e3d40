// Input as a person gives it: HiDPI, quick key presses, the keyboard between fields, the wheel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { click, item, launch, ready, startServer, state } from './harness.mjs';

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
    await page.waitForTimeout(200);
    assert.equal((await state(page)).draft.name, 'Zoho CRM leads (dem');
    await page.keyboard.type('o!');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(150);
    await page.keyboard.type('1000.TYPED');
    await page.waitForTimeout(200);
    const s = await state(page);
    assert.equal(s.draft.name, 'Zoho CRM leads (demo!');
    // Tab moves to the next text field and selects its text, as browsers do: typing replaces it.
    assert.equal(s.draft.clientId, '1000.TYPED');
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
    await page.mouse.move(450, 300);
    await page.mouse.wheel(0, 240);  // down
    await page.waitForTimeout(300);
    const after = await item(page, 'Create New', 2000).catch(() => null);
    assert.ok(!after || after.y < before.y, 'wheel down moves the content up');
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
    await page.waitForTimeout(500);
    const before = (await state(page)).framesDrawn;
    await page.waitForTimeout(5000);
    const drawn = (await state(page)).framesDrawn - before;
    assert.equal(drawn, 0, `frames drawn in 5 idle seconds: ${drawn}`);
  } finally {
    await browser.close();
  }
});
