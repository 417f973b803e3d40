// serve.py as a static host (issue 5, point 6): the security headers on every response (files, errors,
// 404s), the Content-Security-Policy equal to index.html's and to the data-centre table, the wasm MIME
// type, path traversal refused (raw requests over `net`, so no client normalises the path), no symlink out
// of the served folder, no directory listing, no HTTP/0.9, and the 127.0.0.1 bind. No browser needed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { httpRequest, root, startServe } from './relay_fixture.mjs';

let serve;
before(async () => { serve = await startServe(); });
after(() => serve && serve.stop());

const EXPECTED = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/** The directives of a policy as { name: [values] }. */
function directives(policy) {
  const out = {};
  for (const part of policy.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    out[name] = values;
  }
  return out;
}

/** The accounts servers and API domains of core/zoho/data_centres.cpp's table (the authority). */
function tableOrigins() {
  const source = readFileSync(path.join(root, 'core', 'zoho', 'data_centres.cpp'), 'utf8');
  const table = source.slice(source.indexOf('zoho_data_centres()'), source.indexOf('return table;'));
  const rows = [...table.matchAll(/\{"(\w+)", "[^"]*", "(https:\/\/[^"]+)", "(https:\/\/[^"]+)"/g)];
  assert.ok(rows.length >= 9, 'the data-centre table was found in data_centres.cpp');
  return { accounts: rows.map((r) => r[2]), api: rows.map((r) => r[3]) };
}

function metaPolicy() {
  const html = readFileSync(path.join(root, 'web', 'index.html'), 'utf8');
  const m = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(m, 'index.html carries a CSP meta tag');
  return m[1];
}

function assertSecurityHeaders(headers, what) {
  for (const [name, value] of Object.entries(EXPECTED)) assert.equal(headers[name], value, `${what}: ${name}`);
  assert.ok(headers['content-security-policy'], `${what}: Content-Security-Policy`);
  assert.match(headers['cache-control'] || '', /^no-(cache|store)$/, `${what}: Cache-Control`);
}

/**
 * Sends `head` (request line and headers, no final CRLF pair unless `raw`) over a plain TCP socket;
 * resolves to { statusLine, status, headers, body } of whatever came back.
 */
function rawRequest(port, target, { raw } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(raw !== undefined ? raw : `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const status = Number((statusLine.match(/^HTTP\/1\.[01] (\d{3})/) || [])[1] || 0);
      resolve({ statusLine, status, headers, body: split < 0 ? '' : text.slice(split + 4) });
    });
  });
}

test('index.html, a wasm file, a 404, a refused path and a 405 all carry the security headers', async () => {
  const cases = [
    ['index.html', await httpRequest(serve.base), 200],
    ['console.wasm', await httpRequest(serve.base + 'console.wasm'), 200],
    ['sw.js', await httpRequest(serve.base + 'sw.js'), 200],
    ['a 404', await httpRequest(serve.base + 'no-such-file.js'), 404],
    ['a HEAD 404', await httpRequest(serve.base + 'no-such-file.js', { method: 'HEAD' }), 404],
    ['a 403', await rawRequest(serve.port, '/%2e%2e/serve.py'), 403],
    ['a 405', await httpRequest(serve.base + 'index.html', { method: 'POST', body: 'x=1' }), 405],
    ['a 400', await rawRequest(serve.port, '', { raw: 'GET / HTTP/9.x\r\n\r\n' }), 400],
  ];
  for (const [what, response, status] of cases) {
    assert.equal(response.status, status, what);
    assertSecurityHeaders(response.headers, what);
    assert.equal(response.headers['content-security-policy'],
                 (await httpRequest(serve.base)).headers['content-security-policy'], `${what}: the same policy`);
  }
});

test('the Content-Security-Policy is strict, and connect-src is exactly self plus the data-centre table', async () => {
  const header = directives((await httpRequest(serve.base)).headers['content-security-policy']);
  assert.deepEqual(header['default-src'], ["'self'"]);
  assert.deepEqual(header['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(header['frame-ancestors'], ["'none'"]);
  assert.deepEqual(header['base-uri'], ["'none'"]);
  const loose = new Set(["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", 'http:', 'https:', 'data:', 'blob:']);
  for (const [name, values] of Object.entries(header)) {
    for (const v of values) {
      const allowed = name === 'img-src' && v === 'data:';
      assert.ok(allowed || (!loose.has(v) && !v.includes('*') && !v.startsWith('http:')),
                `${name} ${v} is not allowed in a strict policy`);
    }
  }
  const { accounts, api } = tableOrigins();
  const connect = header['connect-src'];
  assert.deepEqual([...connect].sort(), ["'self'", ...accounts, ...api].sort(), 'connect-src = self + the table');
  assert.equal(new Set(connect).size, connect.length, 'no origin twice');

  // The header says what index.html's meta tag says, plus frame-ancestors, which only a header can carry.
  const meta = directives(metaPolicy());
  const { 'frame-ancestors': _, ...headerWithoutFrameAncestors } = header;
  assert.deepEqual(Object.keys(headerWithoutFrameAncestors).sort(), Object.keys(meta).sort());
  for (const name of Object.keys(meta)) assert.deepEqual([...header[name]].sort(), [...meta[name]].sort(), name);
});

test('MIME types: application/wasm for .wasm, JavaScript and HTML with their types', async () => {
  assert.equal((await httpRequest(serve.base + 'console.wasm')).headers['content-type'], 'application/wasm');
  assert.equal((await httpRequest(serve.base + 'demo_dc.wasm', { method: 'HEAD' })).headers['content-type'], 'application/wasm');
  assert.match((await httpRequest(serve.base + 'shell.js')).headers['content-type'], /^text\/javascript/);
  assert.match((await httpRequest(serve.base)).headers['content-type'], /^text\/html/);
});

test('path traversal is refused and never serves a file outside dist/', async () => {
  // serve.py sits next to dist/: its text must never come back. /etc/passwd neither.
  const secretMarkers = ['RELAY_ACCOUNTS_HOSTS', 'root:x:0:0'];
  const cases = [
    ['/../serve.py', 403],
    ['/../../../../../../etc/passwd', 403],
    ['/%2e%2e/serve.py', 403],
    ['/%2E%2E/%2E%2E/%2E%2E/etc/passwd', 403],
    ['/.%2e/serve.py', 403],
    ['/..%2fserve.py', 403],
    ['/%2e%2e%2fserve.py', 403],
    ['/..%2F..%2F..%2Fetc%2Fpasswd', 403],
    ['/%2Fetc%2Fpasswd', 403],
    ['/..\\serve.py', 403],
    ['/%5c..%5cserve.py', 403],
    ['/./index.html', 403],
    ['/index.html/..', 403],
    ['/index.html%00.js', 400],
    ['//etc/passwd', 404],
    ['/etc/passwd', 404],
    ['///../serve.py', 403],
    [`http://127.0.0.1:${serve.port}/../serve.py`, 400],
    ['file:///etc/passwd', 400],
    ['*', 400],
  ];
  for (const [target, status] of cases) {
    const response = await rawRequest(serve.port, target);
    assert.equal(response.status, status, `GET ${target}: ${response.statusLine}`);
    assertSecurityHeaders(response.headers, `GET ${target}`);
    for (const marker of secretMarkers) assert.ok(!response.body.includes(marker), `GET ${target} leaked ${marker}`);
  }
});

test('symlinks leading out of the served folder are 404, directories are never listed', async () => {
  const top = mkdtempSync(path.join(os.tmpdir(), 'zc-serve-'));
  const site = path.join(top, 'site');
  mkdirSync(path.join(site, 'assets'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(site, 'assets', 'app.js'), 'inside');
  writeFileSync(path.join(top, 'secret.txt'), 'OUTSIDE-SECRET-7f3a');
  mkdirSync(path.join(top, 'outside'));
  writeFileSync(path.join(top, 'outside', 'other.txt'), 'OUTSIDE-SECRET-7f3a');
  symlinkSync(path.join(top, 'secret.txt'), path.join(site, 'leak.txt'));
  symlinkSync(path.join(top, 'outside'), path.join(site, 'outdir'));
  symlinkSync('/etc/passwd', path.join(site, 'passwd'));
  symlinkSync(path.join(site, 'assets', 'app.js'), path.join(site, 'inside-link.js'));
  const own = await startServe({ args: ['--dist', site] });
  try {
    for (const target of ['/leak.txt', '/outdir/other.txt', '/outdir/', '/passwd']) {
      const response = await rawRequest(own.port, target);
      assert.equal(response.status, 404, `GET ${target}`);
      assertSecurityHeaders(response.headers, `GET ${target}`);
      assert.ok(!response.body.includes('OUTSIDE-SECRET') && !response.body.includes('root:'), `GET ${target} leaked`);
    }
    // A symlink that stays inside is an ordinary file.
    assert.equal((await rawRequest(own.port, '/inside-link.js')).body, 'inside');
    const listing = await rawRequest(own.port, '/assets/');
    assert.equal(listing.status, 404, 'no directory listing');
    assert.ok(!listing.body.includes('app.js'));
  } finally {
    await own.stop();
    rmSync(top, { recursive: true, force: true });
  }
});

test('an HTTP/0.9 request (an answer without headers) is refused with a 400 that has headers', async () => {
  const response = await rawRequest(serve.port, '', { raw: 'GET /index.html\r\n\r\n' });
  assert.match(response.statusLine, /^HTTP\/1\.[01] 400/);
  assertSecurityHeaders(response.headers, 'HTTP/0.9');
  assert.ok(!response.body.includes('<canvas') && !response.body.includes('Content-Security-Policy" content'));
});

test('the access log never holds a query string', async () => {
  await httpRequest(serve.base + '?code=1000.LOGSECRET123&state=STATE456');
  await httpRequest(serve.base + 'missing?code=1000.LOGSECRET123');
  await new Promise((r) => setTimeout(r, 100));
  assert.match(serve.output(), /GET \/ 200/);
  assert.ok(!serve.output().includes('LOGSECRET123') && !serve.output().includes('STATE456'), serve.output());
});

/** True when a TCP connection to host:port is accepted. */
function accepts(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 }, () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => { socket.destroy(); resolve(false); });
  });
}

test('binds 127.0.0.1 by default (not other loopback or network addresses); --host changes it', async () => {
  assert.equal(await accepts('127.0.0.1', serve.port), true);
  // 127.0.0.2 is loopback too on Linux: only a wildcard bind would answer there.
  assert.equal(await accepts('127.0.0.2', serve.port), false, 'not bound to 0.0.0.0');
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses || []) {
      if (!a.internal && a.family === 'IPv4') assert.equal(await accepts(a.address, serve.port), false, a.address);
    }
  }
  const other = await startServe({ args: ['--host', '127.0.0.2'] });
  try {
    assert.equal(await accepts('127.0.0.2', other.port), true);
    assert.equal(await accepts('127.0.0.1', other.port), false);
  } finally {
    await other.stop();
  }
});

test('--port 0 serves on a port the system picks and prints that port, not 0', async () => {
  const child = spawn('python3', [path.join(root, 'serve.py'), '--no-build', '--port', '0', '--relay'],
                      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (let i = 0; i < 100 && !output.includes('Relay:'); i++) await new Promise((r) => setTimeout(r, 100));
    const port = Number((output.match(/console: http:\/\/localhost:(\d+)\//) || [])[1]);
    assert.ok(port > 0, 'a real port is printed: ' + output);
    assert.match(output, new RegExp(`allowed origins: http://127\\.0\\.0\\.1:${port}, http://localhost:${port}`));
    assert.equal(await accepts('127.0.0.1', port), true);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
});
