// serve.py as a static host (issue 5, point 6): the security headers on every response (files, errors,
// 404s), the Content-Security-Policy equal to index.html's and to the data-centre table, the wasm MIME
// type, path traversal refused (raw requests over `net`, so no client normalises the path), no symlink out
// of the served folder, no directory listing, no HTTP/0.9, and the 127.0.0.1 bind. No browser needed.
// Issue 10: --connect-origin widens connect-src in the header and in index.html's meta tag as served (a
// page is bound by both), refuses what is not an https origin (http only for loopback), --print-policy.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** The accounts servers and API domains of core/zoho/data_centres.json, the table's only copy (the C++
 * table, serve.py's policy and relay, and dist/index.html's meta policy are generated from it). */
function tableOrigins() {
  const rows = JSON.parse(readFileSync(path.join(root, 'core', 'zoho', 'data_centres.json'), 'utf8')).data_centres;
  assert.ok(rows.length >= 9, 'the data-centre table was found in data_centres.json');
  return { accounts: rows.map((r) => r.accounts_server), api: rows.map((r) => r.api_domain) };
}

/** The meta policy of dist/index.html, the page as built (web/index.html is its template). */
function metaPolicy() {
  const html = readFileSync(path.join(root, 'dist', 'index.html'), 'utf8');
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

  // The header says what index.html's meta tag says, plus frame-ancestors, which only a header can carry;
  // the meta tag's connect-src is the table's too (both are generated from data_centres.json).
  const meta = directives(metaPolicy());
  assert.deepEqual([...meta['connect-src']].sort(), ["'self'", ...accounts, ...api].sort(), 'meta connect-src = self + the table');
  const { 'frame-ancestors': _, ...headerWithoutFrameAncestors } = header;
  assert.deepEqual(Object.keys(headerWithoutFrameAncestors).sort(), Object.keys(meta).sort());
  for (const name of Object.keys(meta)) assert.deepEqual([...header[name]].sort(), [...meta[name]].sort(), name);
});

test('MIME types: application/wasm for .wasm, JavaScript and HTML with their types', async () => {
  assert.equal((await httpRequest(serve.base + 'console.wasm')).headers['content-type'], 'application/wasm');
  assert.equal((await httpRequest(serve.base + 'console.wasm', { method: 'HEAD' })).headers['content-type'], 'application/wasm', 'HEAD too');
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

// ---- --connect-origin and --print-policy (issue 10) ---------------------------------------------------

// ZC_SERVE_PY runs another copy of serve.py, as in relay_fixture.mjs (a mutation check of these tests).
const SERVE_PY = process.env.ZC_SERVE_PY || path.join(root, 'serve.py');

/**
 * serve.py run to completion (a refusal or --print-policy). Resolves to { status, stdout, stderr, output,
 * serving }; serving: it was still running after 10 s (it started serving), and was stopped.
 */
function runServe(args) {
  const result = spawnSync('python3', [SERVE_PY, '--no-build', '--port', '0', ...args],
                           { cwd: root, encoding: 'utf8', timeout: 10000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr,
           serving: Boolean(result.error) };
}

/** The CSP meta tag's policy in an HTML text. */
function metaPolicyOf(html) {
  const m = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(m, 'the page carries a CSP meta tag');
  return m[1];
}

/** A folder to serve with --dist: dist/index.html (the built page), a symlink to it,
 * and another page with a meta policy of its own, which --connect-origin leaves alone. */
function makeSite() {
  const top = mkdtempSync(path.join(os.tmpdir(), 'zc-serve-connect-'));
  const site = path.join(top, 'site');
  mkdirSync(path.join(site, 'sub'), { recursive: true });
  copyFileSync(path.join(root, 'dist', 'index.html'), path.join(site, 'index.html'));
  symlinkSync(path.join(site, 'index.html'), path.join(site, 'alias.html'));
  const other = readFileSync(path.join(root, 'dist', 'index.html'), 'utf8').replace('<title>', '<title>other ');
  writeFileSync(path.join(site, 'sub', 'index.html'), other);
  return { site, cleanup: () => rmSync(top, { recursive: true, force: true }) };
}

const EXTRA = ['https://idp.example.com', 'http://127.0.0.1:3000'];

test('--connect-origin adds the origin to connect-src in the header and in index.html\'s meta tag as served', async () => {
  const { site, cleanup } = makeSite();
  const original = readFileSync(path.join(site, 'index.html'));
  // The same origin written three ways (case, default port, trailing slash) is listed once, as a browser
  // serializes it.
  const own = await startServe({ args: ['--dist', site, '--connect-origin', 'https://IdP.Example.com:443/',
                                        '--connect-origin', 'http://127.0.0.1:3000', '--connect-origin', 'https://idp.example.com'] });
  try {
    const { accounts, api } = tableOrigins();
    const defaultHeader = directives((await httpRequest(serve.base)).headers['content-security-policy']);
    const expectedConnect = ["'self'", ...accounts, ...api, ...EXTRA].sort();

    const page = await httpRequest(own.base);
    assert.equal(page.status, 200);
    const header = directives(page.headers['content-security-policy']);
    assert.deepEqual([...header['connect-src']].sort(), expectedConnect, 'the header\'s connect-src');
    for (const name of Object.keys(defaultHeader)) {
      if (name !== 'connect-src') assert.deepEqual(header[name], defaultHeader[name], `${name} is as without --connect-origin`);
    }
    // Every response carries the widened header, a 404 included.
    assert.equal((await httpRequest(own.base + 'missing.js')).headers['content-security-policy'],
                 page.headers['content-security-policy']);

    // The served index.html's meta tag lists the same origins; the rest of the document is as on disk
    // (compared as latin1 text, that is byte for byte, as rawRequest reads it).
    const originalText = original.toString('latin1');
    const expectedHtml = originalText.replace(metaPolicyOf(originalText), metaPolicyOf(originalText) + ' ' + EXTRA.join(' '));
    for (const target of ['/', '/index.html', '/?code=1000.x&state=y', '/alias.html']) {
      const response = await rawRequest(own.port, target);
      assert.equal(response.status, 200, target);
      const meta = directives(metaPolicyOf(response.body));
      assert.deepEqual([...meta['connect-src']].sort(), expectedConnect, `${target}: the meta tag's connect-src`);
      assert.equal(response.body, expectedHtml, `${target}: only the meta tag's connect-src changed`);
      assert.equal(Number(response.headers['content-length']), Buffer.byteLength(response.body, 'latin1'),
                   `${target}: Content-Length is the served length`);
      assert.match(response.headers['content-type'], /^text\/html/);
      assert.equal(response.headers['last-modified'], undefined, `${target}: no 304 can keep an older policy`);
    }
    const head = await httpRequest(own.base, { method: 'HEAD' });
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(expectedHtml, 'latin1'));
    const conditional = await httpRequest(own.base, { headers: { 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' } });
    assert.equal(conditional.status, 200, 'a cached copy with another policy is never confirmed by a 304');
    assert.equal(conditional.body.toString('latin1'), expectedHtml);

    // The file on disk is untouched, and another page is served as it is.
    assert.deepEqual(readFileSync(path.join(site, 'index.html')), original);
    const other = await httpRequest(own.base + 'sub/');
    assert.equal(other.text, readFileSync(path.join(site, 'sub', 'index.html'), 'utf8'));

    // The start-up message names the extra origins beside the address.
    assert.match(own.output(), /Also allowed in connect-src \(header and index\.html's meta tag\): https:\/\/idp\.example\.com, http:\/\/127\.0\.0\.1:3000\n/);
  } finally {
    await own.stop();
    cleanup();
  }
});

test('--connect-origin refuses a path, http:// to a public host and anything that is not an origin, naming the flag', () => {
  const cases = [
    ['https://idp.example.com/oauth/token', /path/],
    ['http://idp.example.com', /http:\/\/ is allowed only for a loopback host/],
    ['http://10.0.0.5:3000', /loopback/],
    ['idp.example.com', /not an http\(s\) origin/],
    ['https://', /not an http\(s\) origin/],
    ['ftp://idp.example.com', /not an http\(s\) origin/],
    ['https://idp.example.com:99999', /port/],
    ['https://user@idp.example.com', /user/],
    ['https://idp.example.com?x=1', /query/],
    ['https://*.example.com', /not a DNS name/],
    ['https://idp.example.com;script-src *', /not a DNS name/],
    ['https://idp.example.com"><script>', /not a DNS name/],
    ['https://idp.example.com.', /not a DNS name/],
    ['http://[::1]:3000', /IPv6/],
  ];
  for (const [i, [origin, rule]] of cases.entries()) {
    for (const extra of i < 3 ? [[], ['--print-policy']] : [[]]) {
      const what = [origin, ...extra].join(' ');
      const result = runServe(['--connect-origin', origin, ...extra]);
      assert.equal(result.serving, false, `${what}: refused at start-up, not served (${result.output})`);
      assert.notEqual(result.status, 0, `${what}: refused (${result.output})`);
      assert.match(result.stderr, /--connect-origin '.*' is refused/, `${what}: the message names the flag`);
      assert.match(result.stderr, rule, `${what}: the message names the rule`);
      assert.match(result.stderr, /--connect-origin https:\/\/idp\.example\.com/, `${what}: the message shows the fix`);
      assert.ok(!result.output.includes('console: http://') && !result.stdout.includes('connect-src'),
                `${what}: nothing served, no policy printed`);
    }
  }
});

test('--print-policy prints the header\'s policy for the given --connect-origin list and exits', async () => {
  const defaultPolicy = (await httpRequest(serve.base)).headers['content-security-policy'];
  const plain = runServe(['--print-policy']);
  assert.equal(plain.serving, false, 'it exits');
  assert.equal(plain.status, 0, plain.output);
  assert.equal(plain.stdout, defaultPolicy + '\n', 'without --connect-origin: exactly the policy served by default');

  // Loopback may be http (127.0.0.0/8 and localhost), for a provider on this machine.
  const args = ['--connect-origin', 'https://idp.example.com', '--connect-origin', 'http://localhost:3000',
                '--connect-origin', 'http://127.0.0.2:8080'];
  const widened = runServe([...args, '--print-policy']);
  assert.equal(widened.status, 0, widened.output);
  assert.equal(widened.stdout, defaultPolicy + ' https://idp.example.com http://localhost:3000 http://127.0.0.2:8080\n',
               'one line, to paste');
  // The same policy a serve.py started with these origins sends.
  const { site, cleanup } = makeSite();
  const own = await startServe({ args: ['--dist', site, ...args] });
  try {
    assert.equal((await httpRequest(own.base)).headers['content-security-policy'] + '\n', widened.stdout);
  } finally {
    await own.stop();
    cleanup();
  }
});

test('without --connect-origin the policy and index.html are served exactly as built', async () => {
  const page = await rawRequest(serve.port, '/');
  assert.equal(page.body, readFileSync(path.join(root, 'dist', 'index.html'), 'latin1'), 'dist/index.html byte for byte');
  assert.ok(page.headers['last-modified'], 'served as a static file, with its validator');
  assert.equal(page.headers['content-security-policy'], runServe(['--print-policy']).stdout.trimEnd());
  assert.ok(!serve.output().includes('Also allowed in connect-src'));
});
