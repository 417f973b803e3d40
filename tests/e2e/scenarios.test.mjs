// Issue 15 item 1: the demo data centre's failure scenarios, armed from the token panel's Scenarios section
// with the mouse, each failure explained on screen as Zoho's real answer would be; an answer after 10 s
// that leaves the console usable and is cancelled (Cancel request, Escape), its late answer ignored; and the
// panel hidden for a profile that is not on the demo data centre.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authorizeOnDemo, backOnConsole, choose, click, item, launch, ready, settle, shot, startServer, state, until,
  waitForPhase } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server && server.stop());

const labels = (page) => page.evaluate(() => window.zohoConsole.items().map((i) => i.label));

// Opens the console at 1280x1000 (the token panel beside the form, its sections in view).
async function open() {
  const browser = await launch();
  await browser.page.setViewportSize({ width: 1280, height: 1000 });
  await browser.page.goto(server.base);
  await ready(browser.page);
  return browser;
}

// A click while a request is in flight: the spinner draws every frame, so the console never settles and
// click() would wait in vain. The items of the last frame are read directly (the layout does not move while
// it spins), and the click is taken once two more frames were drawn.
async function clickNow(page, label) {
  const it = await page.evaluate((l) => window.zohoConsole.items().find((i) => i.label === l), label);
  assert.ok(it, `${label} is drawn`);
  const frames = (await state(page)).framesDrawn;
  await page.mouse.move(it.x + it.w / 2, it.y + it.h / 2);
  await page.waitForTimeout(30);
  await page.mouse.down();
  await page.waitForTimeout(30);
  await page.mouse.up();
  await until(page, `two frames after clicking ${label}`, (n) => window.zohoConsole.state().framesDrawn >= n, frames + 2);
}

// Opens the Scenarios section (when closed), picks `title` in its combo and presses Arm scenario.
async function arm(page, title, id) {
  if (!(await labels(page)).includes('Arm scenario')) await click(page, 'Scenarios');
  await choose(page, 'Scenario', title);
  assert.equal((await item(page, 'Scenario')).value, title);
  await click(page, 'Arm scenario');
  await until(page, `${id} armed`, (i) => window.zohoConsole.state().scenario.armed === i, id);
}

test('code expired: armed from the panel, the exchange meets invalid_code, explained', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await arm(page, 'Code expired', 'code-expired');
    assert.match((await state(page)).status, /Armed 'Code expired': it fires once, on the code exchange/);
    await shot(page, 'scenarios-armed-1280x1000');
    await click(page, 'Authorize');
    await page.getByRole('button', { name: 'Accept' }).click();
    await backOnConsole(page, server.base);
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'invalid_code');
    assert.match(s.flow.error.message, /grant code expired \(it lives 1-2 minutes\)/);
    assert.ok(s.log.some((l) => l.kind === 'response' && l.text.includes('{"error":"invalid_code"}')));
    assert.equal(s.scenario.fired, 'code-expired');
    assert.equal(s.scenario.armed, '');
    await click(page, 'Scenarios');
    assert.match((await labels(page)).join('|'), /Arm scenario/);
    await settle(page);
    await shot(page, 'scenarios-code-expired-1280x1000');
    await page.setViewportSize({ width: 1280, height: 800 });
    await settle(page, 1);
    await shot(page, 'scenarios-code-expired-1280x800');
    await page.setViewportSize({ width: 800, height: 600 });
    await settle(page, 1);
    await shot(page, 'scenarios-code-expired-800x600');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('the 21st refresh token: the stored one is deleted, Refresh now meets invalid_code, explained', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await authorizeOnDemo(page, server.base);
    await arm(page, '21st refresh token', 'refresh-token-limit');
    await click(page, 'Refresh now');
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'invalid_code');
    assert.match(s.flow.error.message, /invalid_code to the refresh/);
    assert.match(s.flow.error.message, /deleted when a 21st refresh token was issued for this client and user/);
    assert.equal(s.scenario.fired, 'refresh-token-limit');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('an answer after 10 s: the console stays usable, Cancel request and Escape stop waiting, the late answer is ignored', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await authorizeOnDemo(page, server.base);
    const before = (await state(page)).tokens[0].expiresAt;
    await arm(page, 'Answer after 10 s', 'slow-answer');
    const pressed = Date.now();
    await clickNow(page, 'Refresh now');
    await until(page, 'the refresh in flight', () => window.zohoConsole.state().busy);
    await until(page, 'Cancel request drawn', () => window.zohoConsole.items().some((i) => i.label === 'Cancel request'));
    // Usable meanwhile: typing reaches the form, frames go on being drawn.
    await clickNow(page, 'Profile Name');
    await page.keyboard.type(' (waiting)', { delay: 5 });
    await until(page, 'the typed name', () => window.zohoConsole.state().draft.name.endsWith(' (waiting)'));
    assert.ok((await state(page)).busy, 'still waiting for the answer');
    await shot(page, 'scenarios-slow-answer-1280x1000');
    await page.keyboard.press('Escape');  // ends the edit (typed text kept); the request goes on
    await until(page, 'the edit ended', () => !window.zohoConsole.state().keyboard.editing);
    assert.ok((await state(page)).busy, 'Escape while editing ends the edit, not the request');
    await clickNow(page, 'Cancel request');
    await settle(page);
    let s = await state(page);
    assert.equal(s.busy, false);
    assert.ok(Date.now() - pressed < 10000, 'cancelled before the answer came');
    assert.match(s.status, /^Cancelled: the console stopped waiting for 1 request/);
    assert.ok(!(await labels(page)).includes('Cancel request'), 'the button goes with the request');
    await until(page, 'the late answer', () => window.zohoConsole.state().log.some((l) => l.text.startsWith('Ignored a late answer (HTTP 200)')),
                null, 20000);
    s = await state(page);
    assert.equal(s.tokens[0].expiresAt, before, 'the late access token was not taken');
    assert.equal(s.scenario.fired, 'slow-answer');
    // Escape, with no field being edited, cancels too.
    await arm(page, 'Answer after 10 s', 'slow-answer');
    await clickNow(page, 'Test connection');
    await until(page, 'the CRM call in flight', () => window.zohoConsole.state().busy);
    assert.equal((await state(page)).keyboard.editing, false);
    await page.keyboard.press('Escape');
    await until(page, 'Escape cancelled', () => !window.zohoConsole.state().busy);
    assert.match((await state(page)).status, /^Cancelled/);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('the network gone: status 0 explained as a dropped connection, not CORS', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await authorizeOnDemo(page, server.base);
    await arm(page, 'Network gone', 'network-gone');
    await click(page, 'Refresh now');
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'network.status_0');
    assert.match(s.flow.error.message, /dropped before any answer \(status 0\): the network is gone/);
    assert.doesNotMatch(s.flow.error.message, /CORS/);
    assert.equal(s.scenario.fired, 'network-gone');
    assert.equal(s.scenario.armed, '');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('a 502 gateway page on Test connection: a temporary failure, not the profile', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await authorizeOnDemo(page, server.base);
    await arm(page, '502 gateway page', 'bad-gateway');
    await click(page, 'Test connection');
    await waitForPhase(page, 'error');
    const s = await state(page);
    assert.equal(s.flow.error.code, 'http.502');
    assert.match(s.flow.error.message, /The CRM API answered HTTP 502 \(Bad Gateway\): a temporary failure/);
    assert.ok(s.log.some((l) => l.kind === 'response' && l.text.startsWith('502 from')));
    await click(page, 'Test connection');
    await until(page, 'the next call works', () => window.zohoConsole.state().status.startsWith('Connection works'));
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('the Scenarios panel is shown only for the demo data centre', async () => {
  const browser = await open();
  const { page } = browser;
  try {
    await item(page, 'Scenarios');
    await click(page, 'Create New');
    assert.equal((await state(page)).draft.dataCenter, 'us');
    assert.ok(!(await labels(page)).includes('Scenarios'), 'no scenarios at Zoho itself');
    await choose(page, 'Data Centre', 'Demo data centre (no Zoho account needed)');
    await item(page, 'Scenarios');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
