// The pictures, checked through the bridge rather than by pixels: the sequence diagram of the last
// authorization (an arrow per request, labelled with method, path and status, the failed one marked, a
// click selecting its activity log line), the token timeline (the access token's bar, issue and refresh
// marks, "now", the next auto-refresh) and the token budget counting Zoho's limits as refreshes happen.
// Screenshots of both pictures, cropped, go to tests/e2e/screenshots/ (README shows them from docs/images/,
// reduced to a 64-colour palette: `pngquant 64 --output docs/images/FILE FILE`).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, click, item, launch, ready, screenshots, settle, shot, startServer, state, until } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const items = (page) => page.evaluate(() => window.zohoConsole.items());

// A screenshot of the rectangle from `top` to `bottom`, `left` to `left + width` (CSS pixels).
async function crop(page, file, top, bottom, left, width) {
  await page.screenshot({ path: path.join(screenshots, file), clip: { x: left, y: top, width, height: bottom - top } });
}

test('sequence diagram, token timeline and token budget after authorize, ten refreshes and a throttled one', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 1280, height: 1500 });  // the token panel holds both pictures whole
    await page.goto(server.base);
    await ready(page);
    await authorizeOnDemo(page, server.base);
    let budget = await item(page, 'Token budget');
    assert.match(budget.value, /^Refresh tokens of this client and user: 1 of 20\. Access tokens, last 10 minutes: 0 of 10\.$/);

    for (let i = 1; i <= 10; i++) {
      await click(page, 'Refresh now');
      await until(page, `refresh ${i}`, (n) => !window.zohoConsole.state().busy &&
                  window.zohoConsole.state().log.filter((l) => l.text.startsWith('Refreshed:')).length >= n, i);
    }
    await settle(page);
    budget = await item(page, 'Token budget');
    assert.match(budget.value, /: 1 of 20\. .*: 10 of 10\./, budget.value);
    const warning = await item(page, 'Refresh warning');
    assert.match(warning.value, /^Refresh now would be access token 11 in 10 minutes: Zoho throttles past 10\. Wait \d+ s/);
    const refresh = await item(page, 'Refresh now');
    assert.ok(!refresh.disabled, 'warned, never blocked');
    assert.ok(warning.y > refresh.y && warning.y - (refresh.y + refresh.h) < 60, 'the warning sits beside (under) Refresh now');

    await click(page, 'Refresh now');  // the 11th: Zoho's throttle
    await until(page, 'the throttle', () => window.zohoConsole.state().flow.error?.code === 'rate_limited');

    await click(page, 'Sequence diagram');
    const arrows = (await items(page)).filter((i) => i.role === 'arrow');
    const labels = arrows.map((a) => a.label);
    assert.equal(arrows.length, 13, labels.join(' | '));
    assert.match(labels[0], /^GET \/\?(\w|-|&)*code/, 'the callback brought a code');
    assert.equal(labels[1], 'POST /demo/accounts/oauth/v2/token 200', 'the code exchange');
    for (const l of labels.slice(2, 12)) assert.equal(l, 'POST /demo/accounts/oauth/v2/token 200', 'the ten refreshes');
    assert.match(labels[12], /^POST \/demo\/accounts\/oauth\/v2\/token \d+$/);
    assert.deepEqual(arrows.map((a) => !!a.failed), [...Array(12).fill(false), true], 'only the throttled refresh failed');
    for (const l of labels) assert.ok(!/1000\.|secret|=/.test(l), 'no token, secret or value in a label: ' + l);

    // A click on the failed arrow selects its request line in the activity log.
    const failed = arrows[12];
    await page.mouse.click(failed.x + failed.w / 2, failed.y + failed.h / 2);
    await settle(page, 1);
    const selected = await item(page, 'Selected log line');
    const requests = (await state(page)).log.filter((l) => l.kind === 'request');
    assert.equal(selected.value, 'request ' + requests[requests.length - 1].text);
    assert.ok(selected.value.startsWith('request POST ' + server.base + 'demo/accounts/oauth/v2/token'));
    await page.mouse.move(5, 5);
    await settle(page);
    const header = await item(page, 'Sequence diagram');
    const last = (await items(page)).filter((i) => i.role === 'arrow').pop();
    await crop(page, 'sequence-diagram.png', header.y, last.y + last.h + 6, header.x - 4, header.w + 8);

    // The timeline of the set on screen, with the integration enabled: the next automatic refresh too.
    await click(page, 'Enable integration');
    await click(page, 'Token timeline');
    const parts = (await items(page)).filter((i) => ['bar', 'mark', 'now'].includes(i.role));
    const named = (prefix) => parts.filter((p) => p.label.startsWith(prefix));
    assert.equal(named('access token ').length, 1);
    assert.equal(named('access token ')[0].role, 'bar');
    assert.match(named('access token ')[0].label, /^access token \d\d:\d\d:\d\d UTC to \d\d:\d\d:\d\d UTC$/);
    assert.equal(named('issued ').length, 1, parts.map((p) => p.label).join(' | '));
    assert.equal(named('refreshed ').length, 10);
    assert.equal(named('next auto-refresh ').length, 1);
    assert.equal(parts.filter((p) => p.role === 'now').length, 1);
    const now = parts.find((p) => p.role === 'now');
    const bar = named('access token ')[0];
    assert.ok(now.x >= bar.x - 4 && now.x <= bar.x + bar.w, 'now lies within the access token\'s life');
    const timeline = await item(page, 'Token timeline');
    const bottom = Math.max(...parts.map((p) => p.y + p.h));
    await crop(page, 'token-timeline.png', timeline.y, bottom + 24, timeline.x - 4, timeline.w + 8);
    await shot(page, 'pictures-1280');
    // At 800x600 the pictures are on the one scrolling page, below the form: scrolled to, they are drawn.
    await page.setViewportSize({ width: 800, height: 600 });
    await settle(page, 1);
    await page.mouse.move(400, 300);
    const drawn = async () => (await items(page)).filter((i) => i.role === 'arrow' || i.role === 'bar');
    // The stacked page's sections open on their own (another window): open them, then scroll on to the arrows.
    for (let i = 0; i < 60 && (await drawn()).length < 3; i++) {
      const closed = (await items(page)).find((it) => ['Token timeline', 'Sequence diagram'].includes(it.label) &&
                                                      it.expanded === false && it.y > 0 && it.y + it.h < 500);
      if (closed) await click(page, closed.label);
      else await page.mouse.wheel(0, 100);
      await page.mouse.move(400, 300);
      await settle(page);
    }
    await shot(page, 'pictures-800');
    const narrow = await drawn();
    assert.ok(narrow.length >= 3, 'the pictures are drawn in the narrow layout: ' + narrow.map((i) => i.label).join(' | '));
    for (const it of narrow) assert.ok(it.x >= 0 && it.x + it.w <= 800, `${it.label} fits the width: ${it.x}+${it.w}`);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
