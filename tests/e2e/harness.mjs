// Shared by the browser tests: serve dist/ with serve.py on a free loopback port, launch Debian's
// Chromium through playwright-core, and drive the ImGui canvas by item label through window.zohoConsole.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshots = path.join(root, 'tests', 'e2e', 'screenshots');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts serve.py (with `extraArgs`, e.g. ['--connect-origin', URL]); resolves to { base, stop() } once it answers. */
export async function startServer(extraArgs = []) {
  const port = await freePort();
  const child = spawn('python3', [path.join(root, 'serve.py'), '--no-build', '--port', String(port), ...extraArgs],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(base);
      if (r.ok) return { base, stop: () => child.kill('SIGINT') };
    } catch { /* not up yet */ }
    if (child.exitCode !== null) throw new Error('serve.py exited: ' + output);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('serve.py did not answer: ' + output);
}

/**
 * Serves a copy of dist/ under `subPath` (e.g. 'team/tools/zoho/') from Python's plain static server, no
 * special headers: what copying dist/ to any static host looks like. Resolves to { base, stop() }.
 */
export async function startStaticHost(subPath) {
  const port = await freePort();
  const top = mkdtempSync(path.join(os.tmpdir(), 'zc-host-'));
  cpSync(path.join(root, 'dist'), path.join(top, subPath), { recursive: true });
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', top],
                      { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}/${subPath}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) {
        return { base, stop: () => { child.kill(); rmSync(top, { recursive: true, force: true }); } };
      }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('static host did not answer');
}

/** Launches Chromium with a fresh profile (docs/TOOLCHAIN.md's flags). */
export async function launch({ deviceScaleFactor = 1 } = {}) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'zc-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor,
    permissions: ['clipboard-read', 'clipboard-write'],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    errors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function ready(page) {
  await page.waitForFunction(() => window.zohoConsole && window.zohoConsole.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.zohoConsole.ready);
}

/** After the consent page: waits until the browser is back on the console at `base` and it is ready. */
export async function backOnConsole(page, base) {
  await page.waitForURL((url) => url.href.startsWith(base) && !url.href.slice(base.length).startsWith('demo/'));
  await ready(page);
}

export const state = (page) => page.evaluate(() => window.zohoConsole.state());

/** The item with this label drawn in the last frame, waiting up to `timeout` ms for it to appear. */
export async function item(page, label, timeout = 10000) {
  try {
    // Only from a settled frame: a click that changed the layout (Save adds a list entry) moves items in
    // the frame after it, and a position read before that frame is drawn is a click on the wrong spot.
    const handle = await page.waitForFunction(
      (l) => window.zohoConsole.state().settled && window.zohoConsole.items().find((i) => i.label === l),
      label, { timeout });
    return handle.jsonValue();
  } catch (error) {
    // What was on screen instead: the labels drawn and a screenshot, for the failure report.
    mkdirSync(screenshots, { recursive: true });
    const file = path.join(screenshots, 'missing-' + label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40) + '.png');
    await page.screenshot({ path: file }).catch(() => {});
    const drawn = await page.evaluate(() => window.zohoConsole.items().map((i) => i.label)).catch(() => []);
    error.message += `\n'${label}' was not drawn (screenshot ${file}); drawn: ${drawn.filter(Boolean).join(' | ')}`;
    throw error;
  }
}

/**
 * Waits until the console is settled (state().settled: no frame wanted, no input queued, so what is drawn
 * is current) and has drawn at least `frames` more frames than it had - pass 1 after a change that
 * reaches the page as an event of its own (a resize). Input reaches ImGui through per-frame queues, so
 * waiting for the console, not for milliseconds, keeps the tests right on a slow or busy machine.
 * Navigations (no console) end the wait quietly.
 */
export async function settle(page, frames = 0) {
  let start = 0;
  try {
    start = await page.evaluate(() => window.zohoConsole?.state().framesDrawn ?? 0);
    await page.waitForFunction((n) => !window.zohoConsole ||
                                      (window.zohoConsole.state().settled && window.zohoConsole.state().framesDrawn >= n),
                               start + frames, { timeout: 5000 });
  } catch (error) {
    if (leftThePage(error)) return;
    // A console that never settles is a defect (a frame loop that never idles, input stuck in a queue).
    const s = await page.evaluate(() => window.zohoConsole?.state()).catch(() => null);
    error.message = `the console did not settle within 5 s (settled: ${s?.settled}, frames drawn: ${s?.framesDrawn}, ` +
                    `waited for ${start + frames}; status: ${s?.status})\n` + error.message;
    throw error;
  }
}

/** True for the error a wait gets when the page navigated away under it (Authorize leaves the page). */
function leftThePage(error) {
  return /Execution context was destroyed|navigat|Target (page, context or browser )?(has been )?closed/i.test(error.message);
}

/**
 * Waits until `predicate(arg)` is true in the page, or fails naming `what` was awaited and the console's
 * status line: a wait that ended quietly would let the next line fail for the wrong reason, or pass.
 */
export async function until(page, what, predicate, arg = null, timeout = 10000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout });
  } catch (error) {
    const status = await page.evaluate(() => window.zohoConsole?.state().status).catch(() => '(no console)');
    error.message = `waited ${timeout} ms for ${what}; the console's status: ${status}\n` + error.message;
    throw error;
  }
}

/** A real mouse click at the centre of the labelled item. */
export async function click(page, label) {
  const it = await item(page, label);
  // As a hand clicks: the pointer arrives, then the button goes down and up a moment later.
  await page.mouse.move(it.x + it.w / 2, it.y + it.h / 2);
  await page.waitForTimeout(30);
  await page.mouse.down();
  await page.waitForTimeout(30);
  await page.mouse.up();
  await settle(page);  // the click's effect drawn (or the page left: Authorize navigates)
}

/** Opens the combo (or any popup button) `combo` and clicks its entry `option` once it is drawn. */
export async function choose(page, combo, option) {
  await click(page, combo);
  await click(page, option);
}

/**
 * Puts `text` on the system clipboard, then pastes it with Ctrl+V into the labelled field; with
 * `{ replace: true }` it first selects what the field holds (Ctrl+A), so the paste replaces it.
 */
export async function paste(page, label, text, { replace = false } = {}) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await click(page, label);
  if (replace) await page.keyboard.press('Control+A');
  await page.keyboard.down('Control');
  await page.keyboard.press('v');
  await page.keyboard.up('Control');
  await settle(page);
}

/**
 * Starts a new custom-provider profile in the form: Create New, Provider "Custom OAuth 2.0 server", then
 * `name` typed into Profile Name. The caller fills the rest.
 */
export async function newCustomProfile(page, name) {
  await click(page, 'Create New');
  await choose(page, 'Provider', 'Custom OAuth 2.0 server');
  await type(page, 'Profile Name', name);
}

/** Clicks a text field and types into it with the keyboard. */
export async function type(page, label, text) {
  await click(page, label);
  await page.keyboard.type(text, { delay: 5 });
  await settle(page);
}

/**
 * Presses Authorize on the console at `base`, accepts on the demo data centre's consent page and waits
 * until the console is back and authorized.
 */
export async function authorizeOnDemo(page, base) {
  await click(page, 'Authorize');
  await page.getByRole('button', { name: 'Accept' }).click();
  await backOnConsole(page, base);
  await waitForPhase(page, 'authorized');
}

/**
 * On oidc-provider's own development pages (devInteractions): signs in as `user` with any password and
 * consents (Continue). The page then redirects back to the client.
 */
export async function signInAtOidcProvider(page, user = 'user-1') {
  await page.fill('input[name=login]', user);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  await page.waitForSelector('button[type=submit]');
  await page.click('button[type=submit]');  // consent: Continue
}

/** Waits until every storage write the console queued so far has reached IndexedDB. */
export async function written(page) {
  await page.evaluate(() => window.zcShell.written());
}

/**
 * Waits up to `timeout` ms until state().draft[key] equals `value` (typed input reaches the model frame by
 * frame) and returns it; fails naming what the field held instead when it never does.
 */
export async function draftValue(page, key, value, timeout = 10000) {
  const reached = await page.waitForFunction(([k, v]) => window.zohoConsole.state().draft[k] === v, [key, value],
                                             { timeout }).then(() => true, () => false);
  const held = (await state(page)).draft[key];
  if (!reached) throw new Error(`draft.${key} is ${JSON.stringify(held)} after ${timeout} ms, expected ${JSON.stringify(value)}`);
  return held;
}

export async function waitForPhase(page, phase, timeout = 20000) {
  await page.waitForFunction((p) => window.zohoConsole.state().flow.phase === p, phase, { timeout });
}

export async function shot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, name + '.png') });
}
