// Test fixture for serve.py and its relay (README "Relay"): a loopback HTTPS stand-in for Zoho's accounts
// servers and a serve.py started against it. Nothing here reaches a real Zoho host: every accounts
// server of the data-centre table is pointed at loopback through serve.py's test hooks.
//
// API (all ports are free loopback ports; every start* has a matching stop/close that a test must await):
//
//   ACCOUNTS_HOSTS()                  -> string[]: serve.py's RELAY_ACCOUNTS_HOSTS (read from serve.py).
//   makeCertificates()                -> { dir, caFile, certFile, keyFile, wrongCertFile, wrongKeyFile,
//                                          cleanup() }. A test CA, a server certificate for every accounts
//                                          host, and one for wrong.example (signed by the same CA). Made
//                                          with the `openssl` command; throws a clear Error if it is missing
//                                          (Debian package `openssl`; nothing is installed here).
//   startAccountsStandIn({ certs, wrongName = false })
//                                     -> standIn: an https server on 127.0.0.1 answering like Zoho's token
//                                          endpoint (POST /oauth/v2/token: JSON access_token, refresh_token
//                                          for authorization_code, api_domain of the host's data centre,
//                                          token_type, expires_in; code "invalid" -> {"error":"invalid_code"}
//                                          with HTTP 200 as Zoho does; POST /oauth/v2/token/revoke and
//                                          /oauth/v2/revoke/token -> {"status":"success"}; else 404).
//                                          Fields: port, address ('127.0.0.1:PORT'), requests (each
//                                          { host, method, url, headers, rawHeaders, body: Buffer }),
//                                          connections (TCP connections accepted, including failed TLS),
//                                          certs. Methods: setHandler(fn) (fn(request) -> { status, headers,
//                                          body } | 'hang' | null for the default), reset() (clears the
//                                          records and the handler), close(). wrongName: serve the
//                                          wrong.example certificate (a TLS name-check test).
//   startServe({ args = [], env = {} })
//                                     -> serve: `python3 serve.py --no-build --port P ...args`. Fields:
//                                          port, base ('http://127.0.0.1:P/'), origin ('http://127.0.0.1:P'),
//                                          relayUrl (base + 'relay'). Methods: output() (stdout + stderr so
//                                          far), stop() (SIGINT, resolves on exit).
//   startServeWithRelay({ origins = [], standIn, connect = {}, caFile, env = {}, relay = true, args = [] })
//                                     -> serve (as above) plus standIn. serve.py runs with --relay (unless
//                                          relay: false) and --relay-origin for each of `origins`, with
//                                          ZC_RELAY_CONNECT mapping every accounts host to the stand-in
//                                          (`connect` overrides single hosts: { 'accounts.zoho.eu':
//                                          '127.0.0.1:P' }) and ZC_RELAY_CA_FILE = the test CA (caFile: null
//                                          leaves it unset: the system's CAs). Without `standIn` one is
//                                          started, and stop() closes it too.
//   httpRequest(url, { method = 'GET', headers = {}, body })
//                                     -> { status, headers, body: Buffer, text, json() } over node:http,
//                                          headers sent exactly as given (Origin included), plus a
//                                          Content-Length for a body unless Content-Length or
//                                          Transfer-Encoding is given.
//   freePort(), root                  a free loopback port; the repository's root folder.
//
// Environment: ZC_SERVE_PY=/path/to/serve.py runs that copy instead of the repository's (mutation checks).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// ZC_SERVE_PY runs another copy of serve.py (a mutation check of the tests); default: the repository's.
const SERVE = process.env.ZC_SERVE_PY || path.join(root, 'serve.py');

let accountsHosts = null;
/** serve.py's RELAY_ACCOUNTS_HOSTS, so the fixture points every one of them at loopback. */
export function ACCOUNTS_HOSTS() {
  if (!accountsHosts) {
    accountsHosts = JSON.parse(execFileSync('python3', ['-c', 'import json, serve; print(json.dumps(serve.RELAY_ACCOUNTS_HOSTS))'],
                                            { cwd: root, encoding: 'utf8' }));
  }
  return accountsHosts;
}

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A throwaway CA and server certificates (see the API above). */
export function makeCertificates() {
  try {
    execFileSync('sh', ['-c', 'command -v openssl'], { stdio: 'ignore' });
  } catch {
    throw new Error('The relay tests need the openssl command line tool to make a test certificate. '
                    + 'Install Debian\'s openssl package (apt-get install openssl) and run them again.');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zc-relay-certs-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=zoho-console relay test CA',
           '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const leaf = (name, dnsNames) => {
    writeFileSync(path.join(dir, `${name}.ext`), [
      'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth',
      'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid',
      'subjectAltName=' + dnsNames.map((d) => 'DNS:' + d).join(','), ''].join('\n'));
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${dnsNames[0]}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
             '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`], dir);
  };
  leaf('accounts', ACCOUNTS_HOSTS());
  leaf('wrong', ['wrong.example']);
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'accounts.pem'),
    keyFile: path.join(dir, 'accounts.key'),
    wrongCertFile: path.join(dir, 'wrong.pem'),
    wrongKeyFile: path.join(dir, 'wrong.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let apiDomains = null;
/** The API domain Zoho names for an accounts server (core/zoho/data_centres.json, the table's one copy). */
function apiDomainFor(host) {
  if (!apiDomains) {
    const rows = JSON.parse(readFileSync(path.join(root, 'core', 'zoho', 'data_centres.json'), 'utf8')).data_centres;
    apiDomains = new Map(rows.map((r) => [new URL(r.accounts_server).host, r.api_domain]));
  }
  return apiDomains.get(String(host).toLowerCase().replace(/:443$/, ''));
}

let tokenCounter = 0;
/** Zoho's token endpoint, as far as a relay test needs it (Zoho answers errors with HTTP 200). */
function zohoLikeAnswer(request) {
  const json = (status, value) => ({ status, headers: { 'Content-Type': 'application/json;charset=UTF-8' },
                                     body: JSON.stringify(value) });
  const pathname = request.url.split('?')[0];
  if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
  if (pathname === '/oauth/v2/token/revoke' || pathname === '/oauth/v2/revoke/token') return json(200, { status: 'success' });
  if (pathname !== '/oauth/v2/token') return json(404, { error: 'not_found' });
  const form = new URLSearchParams(request.body.toString('latin1'));
  const n = ++tokenCounter;
  const base = { api_domain: apiDomainFor(request.host), token_type: 'Bearer', expires_in: 3600 };
  if (form.get('grant_type') === 'authorization_code') {
    if (form.get('code') === 'invalid') return json(200, { error: 'invalid_code' });
    return json(200, { access_token: `1000.standin-access-${n}`, refresh_token: `1000.standin-refresh-${n}`, ...base });
  }
  if (form.get('grant_type') === 'refresh_token') return json(200, { access_token: `1000.standin-access-${n}`, ...base });
  return json(200, { error: 'invalid_grant_type' });
}

/** The accounts-server stand-in (see the API above). */
export async function startAccountsStandIn({ certs, wrongName = false } = {}) {
  const ownCerts = !certs;
  certs = certs || makeCertificates();
  let handler = null;
  const standIn = { requests: [], connections: 0, certs };
  const server = https.createServer({
    key: readFileSync(wrongName ? certs.wrongKeyFile : certs.keyFile),
    cert: readFileSync(wrongName ? certs.wrongCertFile : certs.certFile),
  }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const request = { host: req.headers.host, method: req.method, url: req.url, headers: req.headers,
                        rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      standIn.requests.push(request);
      const answer = (handler && handler(request)) || zohoLikeAnswer(request);
      if (answer === 'hang') return;    // never answers: the relay's timeout test
      res.writeHead(answer.status, answer.headers || {});
      res.end(answer.body || '');
    });
  });
  server.on('connection', () => { standIn.connections += 1; });
  server.on('tlsClientError', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.port = server.address().port;
  standIn.address = `127.0.0.1:${standIn.port}`;
  standIn.setHandler = (fn) => { handler = fn; };
  standIn.reset = () => { standIn.requests.length = 0; standIn.connections = 0; handler = null; };
  standIn.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => { if (ownCerts) certs.cleanup(); resolve(); });
  });
  return standIn;
}

/** serve.py on a free port (see the API above); resolves once it answers. */
export async function startServe({ args = [], env = {} } = {}) {
  const port = await freePort();
  const child = spawn('python3', [SERVE, '--no-build', '--port', String(port), ...args],
                      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const base = `http://127.0.0.1:${port}/`;
  const serve = {
    port, base, origin: `http://127.0.0.1:${port}`, relayUrl: base + 'relay', child,
    output: () => output,
    stop: async () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); await exited; },
  };
  const host = (args.includes('--host') && args[args.indexOf('--host') + 1]) || '127.0.0.1';
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error('serve.py exited: ' + output);
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, host, () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up && output.includes('(Ctrl+C stops)')) return serve;
    await new Promise((r) => setTimeout(r, 100));
  }
  await serve.stop();
  throw new Error('serve.py did not answer: ' + output);
}

/** serve.py --relay pointed at a stand-in (see the API above). */
export async function startServeWithRelay({ origins = [], standIn, connect = {}, caFile, env = {}, relay = true,
                                            args = [] } = {}) {
  const ownStandIn = !standIn;
  standIn = standIn || await startAccountsStandIn();
  const map = Object.fromEntries(ACCOUNTS_HOSTS().map((h) => [h, standIn.address]));
  Object.assign(map, connect);
  const hooks = {
    ZC_RELAY_CONNECT: Object.entries(map).map(([h, a]) => `${h}=${a}`).join(','),
    ...(caFile === null ? {} : { ZC_RELAY_CA_FILE: caFile || standIn.certs.caFile }),
  };
  const relayArgs = relay ? ['--relay', ...origins.flatMap((o) => ['--relay-origin', o])] : [];
  let serve;
  try {
    serve = await startServe({ args: [...relayArgs, ...args], env: { ...env, ...hooks } });
  } catch (error) {
    if (ownStandIn) await standIn.close();
    throw error;
  }
  const stop = serve.stop;
  return { ...serve, standIn, stop: async () => { await stop(); if (ownStandIn) await standIn.close(); } };
}

/** One HTTP request with exactly these headers (see the API above). */
export function httpRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const framed = Object.keys(headers).some((h) => ['content-length', 'transfer-encoding'].includes(h.toLowerCase()));
    if (body !== undefined && !framed) {
      headers = { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
    }
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        const text = buffer.toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, body: buffer, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
