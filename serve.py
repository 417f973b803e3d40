#!/usr/bin/env python3
"""Serves the console's dist/ folder on 127.0.0.1 with the headers a static host should send, and, with
--relay, forwards token requests to Zoho's accounts servers for browsers that Zoho's CORS policy blocks.

    python3 serve.py              # builds dist/ first when it is missing, then serves it
    python3 serve.py --build      # installs what is missing, rebuilds, then serves
    python3 serve.py --port 9000  # a port of your choice (default: 8000, or a free one when taken)
    python3 serve.py --relay      # also POST /relay?target=<token URL> (README "Relay")
    python3 serve.py --connect-origin https://idp.example.com   # the page may also reach a custom provider
    python3 serve.py --connect-origin https://idp.example.com --print-policy   # the policy, for a static host

Every response (files, errors, 404s, the relay) carries Cache-Control (no-cache; no-store for the relay,
RFC 6749 s5.1), Referrer-Policy: no-referrer (an authorization code in the address bar never leaks to
another site), X-Content-Type-Options: nosniff and the Content-Security-Policy of index.html plus
frame-ancestors 'none' (which a meta tag cannot carry). Paths with dot segments or encoded slashes are
refused (403); request targets that are not a path, NULs and HTTP/0.9 requests (whose answers have no
headers) are 400; nothing outside the served folder is served, not even through a symlink, and no folder
is listed (404). The access log holds method, path (never the query: a callback's code stays out of the
terminal) and status. --dist DIR serves another folder (a copy of dist/; the tests' symlink checks).

--connect-origin ORIGIN (repeatable) adds ORIGIN to connect-src, in the header and in the meta tag of
index.html as served (a page is bound by both policies, so widening one alone allows nothing; the file on
disk is not changed). ORIGIN is scheme, host and port only; https, or http for a loopback host (127.0.0.0/8,
localhost). --print-policy prints the header's policy for the given origins and exits.

The relay (off unless --relay) - POST /relay?target=<percent-encoded absolute URL>:
  * forwards only to https://<one of RELAY_ACCOUNTS_HOSTS><path starting with /oauth/>, port 443, no
    user info (scheme and host in any case, RFC 3986 s6.2.2.1; the connection uses the lower-case host);
    anything else is 403 {"error":"relay_target_refused"} and nothing is sent;
  * forwards the body byte for byte with its Content-Type (application/x-www-form-urlencoded), and
    Authorization (HTTP Basic client authentication, RFC 6749 s2.3.1) and Accept when present; never
    cookies, Origin or Referer;
  * answers with the upstream status, Content-Type and body; a 3xx is never followed (502
    relay_redirect_refused); an unreachable host, a TLS failure (the certificate is verified for the
    target host) or no answer within 20 s is 502 relay_upstream_unreachable;
  * CORS (Fetch standard): the server's own origins (http://localhost:PORT, http://127.0.0.1:PORT) and each
    --relay-origin get Access-Control-Allow-Origin and a preflight allowing POST with Content-Type and
    Authorization; any other Origin gets 403 relay_origin_refused without CORS headers;
  * other errors: 400 relay_bad_request, 405 relay_method_not_allowed (only POST and OPTIONS), 411
    relay_length_required, 413 relay_body_too_large (64 KiB), 415 relay_unsupported_media_type;
    without --relay, /relay is 404 relay_disabled. Error bodies are {"error": ..., "error_description": ...}.
  * never logs bodies, headers or query strings: one line "POST /relay <target host> <status>".

Test hooks (environment variables, for tests only; serve.py says on stderr when one is set):
  ZC_RELAY_CONNECT="accounts.zoho.com=127.0.0.1:PORT[,host=127.0.0.1:PORT...]"
      connect to that loopback address instead of resolving the host; TLS still sends the real host as
      SNI and Host and verifies the certificate for that name, and every target rule stays in force.
  ZC_RELAY_CA_FILE=ca.pem
      trust the CA certificates in this PEM file instead of the system's.
  ZC_RELAY_TIMEOUT_SECONDS=N
      the upstream timeout (default 20).

Ctrl+C stops it.
"""
import argparse
import errno
import http.client
import http.server
import io
import ipaddress
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.join(ROOT, "dist")
BUILD = os.path.join(ROOT, "scripts", "build.sh")

# The accounts servers of Zoho's data centres: the table in core/zoho/data_centres.cpp is the authority
# (keep this list equal to its accounts_server column; tests/e2e/serve.test.mjs checks it). Canada is
# zohocloud.ca, not zoho.ca. These are the only hosts the relay forwards to: a target's host, lower-cased
# (RFC 3986 s6.2.2.1: scheme and host are case-insensitive), must equal one of them exactly.
RELAY_ACCOUNTS_HOSTS = [
    "accounts.zoho.com", "accounts.zoho.eu", "accounts.zoho.in", "accounts.zoho.com.au", "accounts.zoho.jp",
    "accounts.zoho.com.cn", "accounts.zohocloud.ca", "accounts.zoho.sa", "accounts.zoho.uk",
]

# The API domains of the same table (its api_domain column).
API_HOSTS = [
    "www.zohoapis.com", "www.zohoapis.eu", "www.zohoapis.in", "www.zohoapis.com.au", "www.zohoapis.jp",
    "www.zohoapis.com.cn", "www.zohoapis.ca", "www.zohoapis.sa", "www.zohoapis.uk",
]

ZOHO_HOSTS = ["https://" + h for h in RELAY_ACCOUNTS_HOSTS + API_HOSTS]

# index.html's meta policy, plus frame-ancestors (only honoured in a header, CSP3 s6.4.2). connect-src is
# exactly 'self' and the data-centre table: the page talks to nothing else.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "connect-src 'self' " + " ".join(ZOHO_HOSTS)
)

# A host a Content-Security-Policy source can name (CSP3 s2.3.1 host-part, without wildcards or a trailing
# dot): letters, digits and hyphens in dot-separated labels. No brackets, so no IPv6 literal: browsers
# ignore such a source as invalid.
CSP_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\Z")


def connect_origin(text):
    """One --connect-origin value: an origin the console's page may also connect to (a custom OAuth
    provider's authorization server). Input: e.g. 'https://IdP.example.com:443'. Output: the serialized
    origin ('https://idp.example.com'). Raises ValueError naming the problem and the fix: not http(s), a
    path, query, fragment or user, a bad port, a host a policy cannot name, or http:// to a host that is
    not loopback (127.0.0.0/8 or localhost; only there may a token travel unencrypted)."""
    fix = ("Give scheme, host and port only, e.g. --connect-origin https://idp.example.com "
           "(or http://127.0.0.1:3000 for a provider on this machine).")

    def refuse(why):
        raise ValueError("--connect-origin %r is refused: %s. %s" % (text, why, fix))

    parts = urllib.parse.urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        refuse("it is not an http(s) origin")
    if parts.username is not None or parts.password is not None:
        refuse("it names a user (user@host)")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.strip().endswith(("?", "#")):
        refuse("it has a path, query or fragment; the Content-Security-Policy lists origins only")
    try:
        port = parts.port
    except ValueError:
        refuse("its port is not a number from 1 to 65535")
    if port == 0:
        refuse("its port is not a number from 1 to 65535")
    host = parts.hostname or ""
    if ":" in host:
        refuse("an IPv6 address cannot be written in a Content-Security-Policy source (browsers ignore it); "
               "use http://127.0.0.1:PORT or http://localhost:PORT for a local server")
    if not CSP_HOST.match(host):
        refuse("the host %r is not a DNS name of letters, digits, hyphens and dots (no wildcard, no trailing "
               "dot; an internationalized name in its xn-- form)" % host)
    if parts.scheme == "http":
        try:
            loopback = host == "localhost" or ipaddress.IPv4Address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            refuse("http:// is allowed only for a loopback host (127.0.0.0/8, localhost), as codes, tokens "
                   "and client secrets must not cross a network unencrypted; use https://")
    return normalize_origin(text)


def connect_origins(texts):
    """Every --connect-origin value checked by connect_origin, duplicates dropped, in the order given."""
    out = []
    for text in texts:
        origin = connect_origin(text)
        if origin not in out:
            out.append(origin)
    return out


def widen_connect_src(policy, origins):
    """`policy` with `origins` appended to its connect-src directive (those not already listed). Input: a
    policy text (a header's value or a meta tag's content) and serialized origins. Output: the policy,
    unchanged when `origins` adds nothing. Without connect-src, default-src governs connections (CSP3
    s6.1.3), so a connect-src of default-src's sources plus `origins` is added; with neither, connections
    are unrestricted and the policy stays as it is."""
    directives = policy.split(";")
    names = [d.split(None, 1)[0].lower() if d.strip() else "" for d in directives]
    if "connect-src" in names:
        i = names.index("connect-src")   # the first one is the one enforced (CSP3 s2.2.1)
        sources = directives[i].split()[1:]
        new = [o for o in origins if o not in sources]
        if not new:
            return policy
        head = directives[i].rstrip()
        tail = directives[i][len(head):]
        if sources == ["'none'"]:        # 'none' beside other sources is ignored: drop it
            head = head[:head.rindex("'none'")].rstrip()
        directives[i] = head + " " + " ".join(new) + tail
        return ";".join(directives)
    if "default-src" in names:
        sources = [s for s in directives[names.index("default-src")].split()[1:] if s != "'none'"]
        new = [o for o in origins if o not in sources]
        if not new:
            return policy
        return policy.rstrip().rstrip(";") + "; connect-src " + " ".join(sources + new)
    return policy


def content_security_policy(origins=()):
    """The policy serve.py sends: CONTENT_SECURITY_POLICY, with each --connect-origin added to connect-src.
    Without any, exactly CONTENT_SECURITY_POLICY."""
    return widen_connect_src(CONTENT_SECURITY_POLICY, origins) if origins else CONTENT_SECURITY_POLICY


META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
META_CSP = re.compile(rb"""(?<![\w-])http-equiv\s*=\s*(["']?)content-security-policy\1""", re.I)
META_CONTENT = re.compile(rb"""((?<![\w-])content\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def widen_meta_policy(html, origins):
    """index.html's bytes with `origins` added to connect-src in every Content-Security-Policy meta tag:
    a page is bound by every policy it has (CSP3 s8.1), so the header alone cannot widen what the meta tag
    allows. Input: the document's bytes and serialized origins (ASCII, so nothing needs escaping).
    Output: the document's bytes, unchanged without origins or a meta policy."""
    if not origins:
        return html

    def rewrite_tag(tag):
        text = tag.group(0)
        if not META_CSP.search(text):
            return text

        def rewrite_content(content):
            policy = content.group(3).decode("latin-1")
            widened = widen_connect_src(policy, origins).encode("latin-1")
            return content.group(1) + content.group(2) + widened + content.group(2)
        return META_CONTENT.sub(rewrite_content, text, count=1)
    return META_TAG.sub(rewrite_tag, html)


MIME_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ttf": "font/ttf",
}

RELAY_PATH = "/relay"
RELAY_MAX_BODY = 64 * 1024          # a token request is well under 4 KiB
RELAY_MAX_ANSWER = 1024 * 1024      # a token answer too
RELAY_DEFAULT_TIMEOUT = 20.0
RELAY_USER_AGENT = "zoho-auth-console-relay"


class RelayConfig:
    """What --relay and the test hooks set: allowed origins, connect overrides, TLS context, timeout."""

    def __init__(self, origins, connect, ssl_context, timeout):
        self.origins = set(origins)      # serialized origins (RFC 6454 s6.2), compared exactly
        self.connect = dict(connect)     # accounts host -> (loopback address, port): the test hook
        self.ssl_context = ssl_context
        self.timeout = timeout


def normalize_origin(text):
    """An origin as a browser serializes it in the Origin header (RFC 6454 s6.2): lower-case scheme and
    host, no default port, no path. Input: 'https://Console.example.com:443/' or similar. Output: the
    serialized origin. Raises ValueError naming the problem for anything that is not an http(s) origin."""
    parts = urllib.parse.urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("%r is not an origin like https://console.example.com" % text)
    if parts.username or parts.password or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("%r is not an origin: give scheme, host and port only (https://console.example.com)" % text)
    port = parts.port  # raises ValueError for a bad port
    host = parts.hostname
    if ":" in host:
        host = "[" + host + "]"
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme + "://" + host + ("" if port in (None, default) else ":%d" % port)


def parse_connect_hook(text):
    """ZC_RELAY_CONNECT: 'host=127.0.0.1:PORT[,host=ADDR:PORT]'. Output: {host: (addr, port)}. Raises
    ValueError when a host is not an accounts server or the address is not loopback (the hook exists to
    reach a local stand-in, never to send a token request anywhere else)."""
    out = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        host, sep, address = item.partition("=")
        addr, colon, port = address.rpartition(":")
        if not sep or not colon or not port.isdigit():
            raise ValueError("ZC_RELAY_CONNECT item %r is not host=127.0.0.1:PORT" % item)
        if host not in RELAY_ACCOUNTS_HOSTS:
            raise ValueError("ZC_RELAY_CONNECT names %r, which is not an accounts server" % host)
        addr = addr.strip("[]")
        if not ipaddress.ip_address(addr).is_loopback:
            raise ValueError("ZC_RELAY_CONNECT address %r is not a loopback address" % addr)
        out[host] = (addr, int(port))
    return out


class RelayRefusal(Exception):
    """A request the relay refuses: HTTP status, JSON error code and a description with the fix."""

    def __init__(self, status, code, description, headers=()):
        super().__init__(code)
        self.status, self.code, self.description, self.headers = status, code, description, list(headers)


def check_relay_target(target):
    """Decides whether the relay may forward to `target` (the decoded value of ?target=).

    Input: an absolute URL. Output: (host, port, path) to send the request to, the host lower-case and the
    path as sent. Errors: RelayRefusal 403 relay_target_refused naming the rule broken and the fix. The
    rules: https only, the host exactly one of RELAY_ACCOUNTS_HOSTS (no user info, no trailing dot; scheme
    and host compared case-insensitively, RFC 3986 s6.2.2.1, so HTTPS://Accounts.Zoho.EU is
    accounts.zoho.eu), port 443, a path under /oauth/ without dot segments (RFC 3986 s5.2.4 would move it
    elsewhere), no query, no fragment.
    Anything a URL parser could read two ways (backslashes, spaces, controls, non-ASCII) is refused first.
    """
    def refuse(why):
        raise RelayRefusal(403, "relay_target_refused", why)

    hosts = ", ".join(RELAY_ACCOUNTS_HOSTS)
    if any(not 0x21 <= ord(c) <= 0x7E for c in target):
        refuse("The target URL contains spaces, control or non-ASCII characters. Send the token URL "
               "percent-encoded, e.g. ?target=https%3A%2F%2Faccounts.zoho.com%2Foauth%2Fv2%2Ftoken.")
    if "\\" in target:
        refuse("The target URL contains a backslash, which URL parsers read differently. Remove it.")
    if target[:8].lower() != "https://":
        refuse("The relay forwards only to https:// URLs of Zoho's accounts servers (rule: https only). "
               "Use e.g. https://accounts.zoho.com/oauth/v2/token.")
    parts = urllib.parse.urlsplit(target)
    if "@" in parts.netloc:
        refuse("The target URL names a user before the host (user@host). Remove it: the relay forwards "
               "only to the accounts server itself.")
    if parts.netloc.startswith("["):  # an IPv6 literal: its colons are not the port's
        host, _, rest = parts.netloc.partition("]")
        host += "]"
        colon, port = (":", rest[1:]) if rest.startswith(":") else ("", "")
    else:
        host, colon, port = parts.netloc.partition(":")
    name = host.lower()   # ASCII only (checked above): no Unicode case mapping can turn it into another host
    if name not in RELAY_ACCOUNTS_HOSTS:
        refuse("The host %r is not one of Zoho's accounts servers (rule: the host must be exactly one of "
               "%s). Check the profile's Data Centre and token URL (Canada is accounts.zohocloud.ca)."
               % (host, hosts))
    if colon and port != "443":
        refuse("The target URL names port %r; the relay connects only to the default HTTPS port 443. "
               "Remove the port." % port)
    if parts.fragment or target.endswith("#"):
        refuse("The target URL has a fragment (#...). Remove it.")
    if parts.query or target.endswith("?"):
        # Zoho's token, refresh and revoke calls carry their parameters in the body (a secret in a URL
        # lands in logs); a query here is a mistake or an attempt to leak one.
        refuse("The target URL has a query (?...). Token requests carry their parameters in the form body; "
               "send the token URL alone, e.g. https://accounts.zoho.com/oauth/v2/token.")
    if not parts.path.startswith("/oauth/"):
        refuse("The path %r is not under /oauth/ (rule: the relay forwards only OAuth endpoints such as "
               "/oauth/v2/token). Use the profile's token URL." % parts.path)
    segments = urllib.parse.unquote(parts.path).split("/")
    if any(s in (".", "..") for s in segments) or re.search(r"%2f|%5c", parts.path, re.I):
        refuse("The path contains dot segments or encoded slashes, which would reach another endpoint. "
               "Use the token URL as Zoho documents it (/oauth/v2/token).")
    return name, 443, parts.path


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to `host` (SNI, Host header and certificate name) over a TCP connection to another address:
    the ZC_RELAY_CONNECT test hook. Inputs: host, (address, port) to connect to, TLS context, timeout."""

    def __init__(self, host, connect_to, context, timeout):
        super().__init__(host, 443, timeout=timeout, context=context)
        self._connect_to = connect_to
        self._tls_context = context

    def connect(self):
        sock = socket.create_connection(self._connect_to, self.timeout)
        self.sock = self._tls_context.wrap_socket(sock, server_hostname=self.host)


def origin_of_location(location):
    """Where a redirect points, for an error message: scheme and host only (the query may hold a code)."""
    parts = urllib.parse.urlsplit(location or "")
    if parts.scheme and parts.hostname:
        return "%s://%s" % (parts.scheme, parts.hostname)
    return "a relative location"


class ConsoleHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from dist/ with the security headers on every response; /relay when configured."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    server_version = "serve.py"
    sys_version = ""
    timeout = 30                      # a client that stops sending does not hold a thread forever
    dist = DIST
    relay = None                      # a RelayConfig when --relay is given
    connect_origins = ()              # --connect-origin: added to connect-src, header and meta tag
    policy = CONTENT_SECURITY_POLICY  # the header's policy: content_security_policy(connect_origins)

    def __init__(self, *args, **kwargs):
        self._cache_control = "no-cache"
        self._log_detail = ""
        self._body_read = False
        super().__init__(*args, directory=self.dist, **kwargs)

    # ---- headers and logging -------------------------------------------------------------------------

    def end_headers(self):
        # Here rather than per response so that errors, 404s and 304s carry them too.
        self.send_header("Cache-Control", self._cache_control)
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    # The base class answers a request line it cannot parse as HTTP/0.9, that is without a status line or
    # headers; as 1.0 its refusals carry the headers above.
    default_request_version = "HTTP/1.0"

    def parse_request(self):
        """The base parser, minus HTTP/0.9 (RFC 1945 s4.1, a request line without a version): its answer
        would carry no headers at all, so it is refused with a 400."""
        if not super().parse_request():
            return False
        if len(self.requestline.split()) == 2:
            self.send_error(400, "HTTP/0.9 is not supported")
            return False
        return True

    def log_request(self, code="-", size="-"):
        # Method, path without the query, the relay's target host, status: nothing a secret could be in.
        path = (getattr(self, "path", "") or "").split("?", 1)[0].split("#", 1)[0]
        status = getattr(code, "value", code)
        words = [self.command or "-", path or "-"] + ([self._log_detail] if self._log_detail else []) + [str(status)]
        sys.stderr.write(" ".join(words) + "\n")

    def log_error(self, fmt, *args):
        # send_error's messages quote the request line (query included); log_request already logs the status.
        pass

    def log_message(self, fmt, *args):
        # Anything else the base class logs: the same fields as log_request, never its arguments.
        sys.stderr.write("%s %s\n" % (self.command or "-", (getattr(self, "path", "") or "").split("?", 1)[0]))

    # ---- static files --------------------------------------------------------------------------------

    def _route_path(self):
        return urllib.parse.urlsplit(self.path).path if self.path.startswith("/") else ""

    def _refuse_unsafe_path(self):
        """Refuses what could reach outside dist/ before the base class sees it. Output: True when an
        error was sent. 400: not an origin-form target (RFC 9112 s3.2.1) or a NUL; 403: a dot segment or
        an encoded slash or backslash, raw or percent-encoded (RFC 3986 s2.4, s5.2.4)."""
        if not self.path.startswith("/"):
            self.send_error(400, "Only paths starting with / are served")
            return True
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        decoded = urllib.parse.unquote(raw)
        if "\x00" in decoded:
            self.send_error(400, "NUL in path")
            return True
        if ("\\" in decoded or re.search(r"%2f|%5c", raw, re.I)
                or any(s in (".", "..") for s in decoded.split("/"))):
            self.send_error(403, "Dot segments and encoded slashes are refused")
            return True
        return False

    def send_head(self):
        """The base class's file lookup, refusing any file whose real path (symlinks resolved) is outside
        dist/: 404, as if it did not exist."""
        path = self.translate_path(self.path)
        root = os.path.realpath(self.dist)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            self.send_error(404, "File not found")
            return None
        if self.connect_origins and (self._served_file(path)
                                     == os.path.realpath(os.path.join(self.dist, "index.html"))):
            return self._send_index(path)
        return super().send_head()

    def _served_file(self, path):
        """The real path of the file the base class would serve for the translated `path` (a folder's
        index.html included), or None when it would redirect, list or 404."""
        if os.path.isdir(path):
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return None
            path = os.path.join(path, "index.html")
        elif path.endswith("/"):
            return None
        return os.path.realpath(path) if os.path.isfile(path) else None

    def _send_index(self, path):
        """dist/index.html with each --connect-origin added to its meta tag's connect-src (the file on disk
        is not changed). No Last-Modified, so a browser never keeps a copy with another policy on a 304."""
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        try:
            with open(path, "rb") as f:
                body = widen_meta_policy(f.read(), self.connect_origins)
        except OSError:
            self.send_error(404, "File not found")
            return None
        self.send_response(200)
        self.send_header("Content-type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):
        # No directory listings: a static host shows files, not folders.
        self.send_error(404, "File not found")
        return None

    def do_GET(self):
        if self._route_path() == RELAY_PATH:
            return self._relay("GET")
        if self._refuse_unsafe_path():
            return
        super().do_GET()

    def do_HEAD(self):
        if self._route_path() == RELAY_PATH:
            return self._relay("HEAD")
        if self._refuse_unsafe_path():
            return
        super().do_HEAD()

    def _other_method(self):
        if self._route_path() == RELAY_PATH:
            return self._relay(self.command)
        self._discard_body()
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _other_method

    # ---- the relay -----------------------------------------------------------------------------------

    def _send_json(self, status, payload, headers=()):
        body = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _discard_body(self):
        # Reads (and drops) a refused request's body, so closing the socket does not reset the connection
        # before the client has read the refusal. Bounded: a huge body is simply cut off.
        if self._body_read:
            return
        self._body_read = True
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return
        remaining = min(max(length, 0), 1024 * 1024)
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 65536))
            if not chunk:
                break
            remaining -= len(chunk)

    def _relay(self, method):
        """POST /relay?target=URL: see the module docstring for the contract."""
        self._cache_control = "no-store"
        if self.relay is None:
            self._discard_body()
            return self._send_json(404, {"error": "relay_disabled", "error_description":
                                         "The relay is off. Start serve.py with --relay to use /relay."})
        cors = [("Vary", "Origin")]
        try:
            origin = self.headers.get_all("Origin") or []
            if len(origin) > 1 or (origin and origin[0] not in self.relay.origins):
                # No CORS headers: the page of a foreign origin cannot even read this refusal.
                raise RelayRefusal(403, "relay_origin_refused",
                                   "The Origin %r may not use this relay. Start serve.py with --relay-origin %s "
                                   "to allow a console hosted there." % (origin[0], origin[0] if origin else ""))
            if origin:
                cors.append(("Access-Control-Allow-Origin", origin[0]))
            if method == "OPTIONS":
                return self._preflight(cors)
            if method != "POST":
                raise RelayRefusal(405, "relay_method_not_allowed",
                                   "The relay takes only POST (and the CORS preflight OPTIONS); %s was sent." % method,
                                   [("Allow", "POST, OPTIONS")])
            host, port, path = self._relay_target()
            self._log_detail = host
            body = self._relay_body()
            return self._forward(host, port, path, body, cors)
        except RelayRefusal as refusal:
            self._discard_body()
            if refusal.code == "relay_origin_refused":
                cors = [("Vary", "Origin")]
            return self._send_json(refusal.status, {"error": refusal.code, "error_description": refusal.description},
                                   cors + refusal.headers)

    def _preflight(self, cors):
        """The CORS preflight (Fetch standard, CORS protocol): POST with Content-Type and Authorization."""
        headers = cors + [("Access-Control-Allow-Methods", "POST"),
                          ("Access-Control-Allow-Headers", "Content-Type, Authorization"),
                          ("Access-Control-Max-Age", "600"),
                          ("Allow", "POST, OPTIONS"),
                          ("Content-Length", "0")]
        # Chrome's Private Network Access asks before a public page calls a loopback server.
        if self.headers.get("Access-Control-Request-Private-Network") == "true" and len(cors) > 1:
            headers.append(("Access-Control-Allow-Private-Network", "true"))
        self.send_response(204)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def _relay_target(self):
        """The single ?target= parameter (form-decoded, WHATWG URL s5.1), checked by check_relay_target."""
        query = urllib.parse.urlsplit(self.path).query
        try:
            pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, errors="strict", max_num_fields=4)
        except (ValueError, UnicodeDecodeError):
            pairs = None
        if not pairs or len(pairs) != 1 or pairs[0][0] != "target" or not pairs[0][1]:
            raise RelayRefusal(400, "relay_bad_request",
                               "Send exactly one query parameter, target, holding the percent-encoded token URL: "
                               "POST /relay?target=https%3A%2F%2Faccounts.zoho.com%2Foauth%2Fv2%2Ftoken.")
        return check_relay_target(pairs[0][1])

    def _relay_body(self):
        """The request body as bytes, after checking its headers: one Content-Type, form-encoded (RFC 6749
        s4.1.3 token requests are), a Content-Length (no chunked bodies) of at most RELAY_MAX_BODY."""
        for name in ("Content-Type", "Authorization", "Content-Length"):
            if len(self.headers.get_all(name) or []) > 1:
                raise RelayRefusal(400, "relay_bad_request", "The request has more than one %s header." % name)
        if self.headers.get("Transfer-Encoding"):
            raise RelayRefusal(411, "relay_length_required", "Send the body with a Content-Length, not chunked.")
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise RelayRefusal(411, "relay_length_required", "Send the body with a Content-Length.")
        if not length_text.strip().isdigit():
            raise RelayRefusal(400, "relay_bad_request", "The Content-Length is not a number.")
        length = int(length_text)
        if length > RELAY_MAX_BODY:
            raise RelayRefusal(413, "relay_body_too_large",
                               "The body has %d bytes; the relay forwards at most %d (a token request is far "
                               "smaller)." % (length, RELAY_MAX_BODY))
        content_type = self.headers.get("Content-Type")
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if (content_type is not None or length) and media != "application/x-www-form-urlencoded":
            raise RelayRefusal(415, "relay_unsupported_media_type",
                               "The relay forwards form bodies only (Content-Type: "
                               "application/x-www-form-urlencoded), as Zoho's token endpoint takes them.")
        self._body_read = True
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            raise RelayRefusal(400, "relay_bad_request", "The body ended before its Content-Length.")
        return body

    def _forward(self, host, port, path, body, cors):
        """Sends the checked request to https://host:port/path and passes the answer back; see the contract."""
        headers = {"User-Agent": RELAY_USER_AGENT, "Content-Length": str(len(body))}
        for name in ("Content-Type", "Authorization", "Accept"):
            value = self.headers.get(name)
            if value is not None:
                headers[name] = value
        config = self.relay
        try:
            if host in config.connect:
                connection = PinnedHTTPSConnection(host, config.connect[host], config.ssl_context, config.timeout)
            else:
                connection = http.client.HTTPSConnection(host, port, timeout=config.timeout,
                                                         context=config.ssl_context)
            try:
                connection.request("POST", path, body=body, headers=headers)
                answer = connection.getresponse()
                status = answer.status
                location = answer.getheader("Location")
                answer_type = answer.getheader("Content-Type")
                answer_body = answer.read(RELAY_MAX_ANSWER + 1)
            finally:
                connection.close()
        except socket.timeout:
            raise RelayRefusal(502, "relay_upstream_unreachable",
                               "%s did not answer within %g s. Try again, or check the network." % (host, config.timeout))
        except ssl.SSLError as error:
            raise RelayRefusal(502, "relay_upstream_unreachable",
                               "The TLS connection to %s failed (%s); the relay never sends a token request "
                               "over an unverified connection." % (host, getattr(error, "verify_message", None) or error.reason or type(error).__name__))
        except (OSError, http.client.HTTPException) as error:
            raise RelayRefusal(502, "relay_upstream_unreachable",
                               "%s could not be reached (%s). Check the network and the data centre."
                               % (host, type(error).__name__))
        if 300 <= status < 400:
            raise RelayRefusal(502, "relay_redirect_refused",
                               "%s answered HTTP %d, a redirect to %s. The relay never follows redirects: a "
                               "token request goes only to the accounts server you chose. Check the profile's "
                               "token URL and data centre." % (host, status, origin_of_location(location)))
        if len(answer_body) > RELAY_MAX_ANSWER:
            raise RelayRefusal(502, "relay_upstream_unreachable",
                               "%s answered with more than %d bytes, which no token answer has." % (host, RELAY_MAX_ANSWER))
        self.send_response(status)
        for name, value in cors:
            self.send_header(name, value)
        if answer_type:
            self.send_header("Content-Type", answer_type)
        self.send_header("Content-Length", str(len(answer_body)))
        self.end_headers()
        self.wfile.write(answer_body)


def free_port(host, preferred):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, preferred))
            return preferred
        except OSError:
            s.bind((host, 0))
            return s.getsockname()[1]


def relay_config(args, port):
    """The RelayConfig for --relay: own origins, --relay-origin, and the ZC_RELAY_* test hooks. Exits with
    a message on a malformed origin or hook."""
    origins = {"http://localhost:%d" % port, "http://127.0.0.1:%d" % port}
    if args.host not in ("127.0.0.1", "localhost", "0.0.0.0", "::", ""):
        origins.add(normalize_origin("http://%s:%d" % ("[%s]" % args.host if ":" in args.host else args.host, port)))
    try:
        origins.update(normalize_origin(o) for o in args.relay_origin)
        connect = parse_connect_hook(os.environ.get("ZC_RELAY_CONNECT", ""))
        timeout = float(os.environ.get("ZC_RELAY_TIMEOUT_SECONDS") or RELAY_DEFAULT_TIMEOUT)
    except ValueError as error:
        sys.exit("serve.py: %s" % error)
    ca_file = os.environ.get("ZC_RELAY_CA_FILE") or None
    try:
        context = ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as error:
        sys.exit("serve.py: ZC_RELAY_CA_FILE %r cannot be read: %s" % (ca_file, error))
    for name in ("ZC_RELAY_CONNECT", "ZC_RELAY_CA_FILE", "ZC_RELAY_TIMEOUT_SECONDS"):
        if os.environ.get(name):
            sys.stderr.write("serve.py: test hook %s is set\n" % name)
    return RelayConfig(origins, connect, context, timeout)


EPILOG = """\
custom providers (--connect-origin): the console's page may connect only to the origins its
Content-Security-Policy lists in connect-src, in the header and in index.html's meta tag; both are
enforced. --connect-origin https://idp.example.com adds one to both (http:// only for 127.0.0.0/8 and
localhost). --print-policy prints the resulting header policy for a static host; add the same origins to
connect-src in dist/index.html's meta tag there. See README "Allowing a custom provider's origin".

relay (--relay): POST /relay?target=<percent-encoded https://accounts.zoho.../oauth/... URL> forwards the
form body (and an Authorization header) to that accounts server and returns its answer; only the accounts
servers of Zoho's data-centre table, https, port 443, paths under /oauth/; redirects are never followed.
Bodies, headers and query strings are never logged. See README "Relay".

test hooks (environment, for tests only):
  ZC_RELAY_CONNECT="accounts.zoho.com=127.0.0.1:PORT[,...]"  connect to this loopback address instead of
      resolving the host (SNI, Host and certificate checks still use the real host name)
  ZC_RELAY_CA_FILE=ca.pem          trust this CA instead of the system's
  ZC_RELAY_TIMEOUT_SECONDS=N       upstream timeout (default 20)
"""


def main():
    parser = argparse.ArgumentParser(description="Serve the Zoho CRM authorization console (dist/).",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=None, help="port (default 8000, or a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--build", action="store_true", help="install what is missing and rebuild dist/ first")
    parser.add_argument("--no-build", action="store_true", help="never build; fail when dist/ is missing")
    parser.add_argument("--dist", default=None, help="serve this folder instead of dist/ (never builds)")
    parser.add_argument("--relay", action="store_true", help="enable POST /relay?target=... (README \"Relay\")")
    parser.add_argument("--relay-origin", action="append", default=[], metavar="ORIGIN",
                        help="also allow a console at ORIGIN (e.g. https://tools.example.com) to call the relay; "
                             "repeatable. http://localhost:PORT and http://127.0.0.1:PORT always may.")
    parser.add_argument("--connect-origin", action="append", default=[], metavar="ORIGIN",
                        help="also let the page connect to ORIGIN (a custom OAuth provider, e.g. "
                             "https://idp.example.com; http:// only for 127.0.0.0/8 and localhost): added to "
                             "connect-src in the Content-Security-Policy header and in index.html's meta tag "
                             "as served; repeatable")
    parser.add_argument("--print-policy", action="store_true",
                        help="print the Content-Security-Policy header for the given --connect-origin list "
                             "and exit (for a static host; add the same origins to dist/index.html's meta tag)")
    args = parser.parse_args()
    if args.relay_origin and not args.relay:
        parser.error("--relay-origin needs --relay")
    try:
        extra_origins = connect_origins(args.connect_origin)
    except ValueError as error:
        parser.error(str(error))
    if args.print_policy:
        print(content_security_policy(extra_origins))
        return
    ConsoleHandler.connect_origins = tuple(extra_origins)
    ConsoleHandler.policy = content_security_policy(extra_origins)

    if args.dist is not None:
        ConsoleHandler.dist = os.path.abspath(args.dist)
        if not os.path.isdir(ConsoleHandler.dist):
            sys.exit("serve.py: --dist %s is not a folder" % args.dist)
    elif args.build or not os.path.exists(os.path.join(DIST, "index.html")):
        if args.no_build:
            sys.exit("serve.py: dist/ has no index.html. Build it with: scripts/build.sh (or python3 serve.py --build)")
        print("serve.py: building dist/ with scripts/build.sh ...", flush=True)
        if subprocess.call(["bash", BUILD, "wasm"]) != 0:
            sys.exit("serve.py: the build failed (see above); nothing to serve.")

    port = args.port if args.port is not None else free_port(args.host, 8000)

    class Server(http.server.ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET

        def handle_error(self, request, client_address):
            # A client that hangs up mid-request (a short body, a closed tab) is routine, not a traceback.
            if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, TimeoutError)):
                return
            super().handle_error(request, client_address)

    try:
        server = Server((args.host, port), ConsoleHandler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            sys.exit("serve.py: port %d is in use; pick another with --port" % port)
        raise
    port = server.server_address[1]  # --port 0: the port the system picked, printed and allowed as it is
    if args.relay:
        ConsoleHandler.relay = relay_config(args, port)
    host = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    lines = ["Zoho CRM authorization console: http://%s:%d/   (Ctrl+C stops)" % (host, port)]
    if extra_origins:
        lines.append("Also allowed in connect-src (header and index.html's meta tag): %s" % ", ".join(extra_origins))
    print("\n".join(lines), flush=True)
    if args.relay:
        print("Relay: POST http://%s:%d%s   allowed origins: %s" % (host, port, RELAY_PATH,
                                                              ", ".join(sorted(ConsoleHandler.relay.origins))), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nserve.py: stopped.")
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
