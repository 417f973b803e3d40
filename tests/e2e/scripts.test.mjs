// Text in other scripts (issue 11, case 2): profile names in Japanese, Chinese, Arabic and Hindi are kept
// exactly and drawn with real glyphs (not `?`), Latin is drawn before the first frame, an emoji in a client
// id survives Save byte for byte, and text from an input method or the emoji picker (`insertText`, no key
// events) reaches the field exactly once.
// Screenshots at 1280x800, 800x600 and device scale 2 go to tests/e2e/screenshots/scripts-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { click, draftValue, item, launch, paste, ready, settle, shot, startServer, state, until } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const NAMES = {
  japanese: '日本のリード管理',
  chinese: '销售线索资料',
  arabic: 'العملاء المحتملون',
  hindi: 'लीड प्रोफ़ाइल',
};

// The pixels of a field's row (label included), as PNG bytes.
async function fieldPixels(page, label) {
  const it = await item(page, label);
  return page.screenshot({ clip: { x: it.x, y: it.y, width: it.w, height: it.h } });
}

// Waits until no character on screen waits for its glyph (state().glyphs.missing, glyph_cache.hpp).
async function glyphsDrawn(page) {
  await until(page, 'every glyph on screen drawn',
              () => window.zohoConsole.state().glyphs?.missing === 0 && window.zohoConsole.state().settled);
  await settle(page);
}

async function open(options) {
  const browser = await launch(options);
  await browser.page.goto(server.base);
  await ready(browser.page);
  return browser;
}

test('profile names in Japanese, Chinese, Arabic and Hindi are stored exactly and drawn with glyphs, not `?`', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    for (const [script, name] of Object.entries(NAMES)) {
      // The fallback drawing of the same number of characters: what the name looked like before.
      await paste(page, 'Profile Name', '?'.repeat([...name].length), { replace: true });
      const fallback = await fieldPixels(page, 'Profile Name');
      await paste(page, 'Profile Name', name, { replace: true });
      await glyphsDrawn(page);
      const s = await state(page);
      assert.equal(s.draft.name, name, `${script}: stored exactly`);
      const drawn = await fieldPixels(page, 'Profile Name');
      assert.ok(!drawn.equals(fallback), `${script}: drawn with its own glyphs, not as ${'?'.repeat([...name].length)}`);
      assert.equal(s.glyphs?.missing, 0, `${script}: every character has a glyph`);
    }
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

// The field's pixels showing `text`, after editing ended (Escape: no caret, the text kept).
async function shownAs(page, label, text) {
  await paste(page, label, text, { replace: true });
  await page.keyboard.press('Escape');
  await settle(page);
  return fieldPixels(page, label);
}

test('Latin is drawn by the browser in one batch before the first frame: no `?`, no blank text (device scale 1 and 2)', async () => {
  for (const deviceScaleFactor of [1, 2]) {
    const browser = await open({ deviceScaleFactor });
    const { page } = browser;
    try {
      await settle(page);
      const s = await state(page);
      // The start batch (wasm/font_atlas.hpp): printable ASCII (95) and Latin-1 (96) at least; had the first
      // screen shown a character outside it, a second batch would have followed.
      assert.equal(s.glyphs.missing, 0, `scale ${deviceScaleFactor}: no character on screen waits for its glyph`);
      assert.ok(s.glyphs.added >= 191, `scale ${deviceScaleFactor}: ASCII and Latin-1 drawn (${s.glyphs.added} glyphs)`);
      assert.equal(s.glyphs.lastBatch, s.glyphs.added, `scale ${deviceScaleFactor}: one batch so far, the start one`);
      // Drawn with glyphs of their own: not as `?`, not blank.
      const ascii = await shownAs(page, 'Profile Name', 'Az09');
      assert.ok(!ascii.equals(await shownAs(page, 'Profile Name', '????')), 'ASCII is not drawn as `?`');
      assert.ok(!ascii.equals(await shownAs(page, 'Profile Name', '    ')), 'ASCII is not drawn blank');
      assert.equal((await state(page)).glyphs.lastBatch, s.glyphs.added, 'no new batch for ASCII');
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  }
});

test('a client id pasted with an emoji is saved byte for byte', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    const id = '1000.DEMO😀CLIENT';
    await paste(page, 'Client Id', id, { replace: true });
    assert.equal((await state(page)).draft.clientId, id);
    await click(page, 'Save Authorization Profile');
    await page.waitForFunction(() => window.zohoConsole.state().profiles.length === 1, null, { timeout: 10000 });
    assert.equal((await state(page)).profiles[0].clientId, id);
    await glyphsDrawn(page);
    assert.equal((await state(page)).glyphs?.missing, 0);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('insertText (emoji picker, dictation) lands in the focused field once; ASCII typing still lands once', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    const start = (await state(page)).draft.name;
    await click(page, 'Profile Name');
    await page.keyboard.press('End');
    await page.keyboard.insertText('日本');
    await page.keyboard.insertText('😀');
    assert.equal(await draftValue(page, 'name', start + '日本😀'), start + '日本😀');
    await page.keyboard.type('ab c', { delay: 5 });
    await page.keyboard.press('Backspace');
    assert.equal(await draftValue(page, 'name', start + '日本😀ab '), start + '日本😀ab ');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('an input method composition lands once, when it is committed', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    const start = (await state(page)).draft.name;
    await click(page, 'Profile Name');
    await page.keyboard.press('End');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 });
    await settle(page);
    assert.equal((await state(page)).draft.name, start, 'nothing reaches the field while it is composed');
    await cdp.send('Input.insertText', { text: '日本語' });
    assert.equal(await draftValue(page, 'name', start + '日本語'), start + '日本語');
    await settle(page);
    assert.equal((await state(page)).draft.name, start + '日本語', 'once, not again a frame later');
    // And again: a second composition after the first.
    await cdp.send('Input.imeSetComposition', { text: 'ちゅう', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '中' });
    assert.equal(await draftValue(page, 'name', start + '日本語中'), start + '日本語中');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('200 new CJK characters get their glyphs in one batch (time reported)', async () => {
  for (const deviceScaleFactor of [1, 2]) {
    const browser = await open({ deviceScaleFactor });
    const { page } = browser;
    try {
      const text = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4E00 + i)).join('');
      await paste(page, 'Profile Name', text, { replace: true });
      await glyphsDrawn(page);
      const s = await state(page);
      assert.equal(s.draft.name, text);
      assert.equal(s.glyphs.missing, 0);
      assert.ok(s.glyphs.lastBatch >= 200, `one batch of all 200 (${s.glyphs.lastBatch})`);
      console.log(`# device scale ${deviceScaleFactor}: ${s.glyphs.lastBatch} glyphs added in ${s.glyphs.lastBatchMs.toFixed(1)} ms ` +
                  `(${s.glyphs.rasteriseMs.toFixed(1)} ms drawing them in the browser, the rest rebuilding the atlas)`);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  }
});

test('screenshots at 1280x800, 800x600 and device scale 2 (every script at once)', async () => {
  for (const [tag, options, viewport] of [['1280x800', {}, null], ['800x600', {}, { width: 800, height: 600 }],
                                          ['scale2', { deviceScaleFactor: 2 }, null]]) {
    const browser = await launch(options);
    const { page } = browser;
    try {
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(server.base);
      await ready(page);
      await paste(page, 'Profile Name', Object.values(NAMES).join(' · ') + ' 😀', { replace: true });
      await paste(page, 'Client Id', '1000.DEMO😀CLIENT', { replace: true });
      await click(page, 'Save Authorization Profile');
      await page.waitForFunction(() => window.zohoConsole.state().profiles.length === 1, null, { timeout: 10000 });
      await glyphsDrawn(page);
      assert.equal((await state(page)).glyphs.missing, 0);
      await shot(page, 'scripts-' + tag);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  }
});
