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

The relay (off unless --relay), POST /relay?target=<percent-encoded token URL>, lives in scripts/relay.py,
whose docstring holds its contract and its test hooks (ZC_RELAY_CONNECT, ZC_RELAY_CA_FILE,
ZC_RELAY_TIMEOUT_SECONDS). Zoho's data-centre table comes from core/zoho/data_centres.json through
scripts/data_centres.py, as the C++ table and dist/index.html's meta policy do.

Ctrl+C stops it.
"""
import argparse
import errno
import http.server
import io
import ipaddress
import os
import re
import socket
import subprocess
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.abspath(__file__))
# serve.py's own modules (scripts/data_centres.py, scripts/relay.py): imported from the checkout, nothing
# to install. First on the path, so no installed module of the same name is taken instead.
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import data_centres  # noqa: E402
from relay import RELAY_ACCOUNTS_HOSTS, RELAY_PATH, RelayEndpoint, normalize_origin, relay_config  # noqa: E402,F401

DIST = os.path.join(ROOT, "dist")
BUILD = os.path.join(ROOT, "scripts", "build.sh")

# The page's policy as the header sends it (scripts/data_centres.py: index.html's meta policy plus
# frame-ancestors, which only a header can carry). connect-src is exactly 'self' and the data-centre table
# of core/zoho/data_centres.json: the page talks to nothing else.
CONTENT_SECURITY_POLICY = data_centres.content_security_policy(data_centres.load_table())

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


class SecureHeaders(http.server.SimpleHTTPRequestHandler):
    """The headers and the Content-Security-Policy on every response (files, errors, 404s, 304s, the
    relay), HTTP/0.9 refused, and an access log that never holds a query, header or body."""

    server_version = "serve.py"
    sys_version = ""
    timeout = 30                      # a client that stops sending does not hold a thread forever
    policy = CONTENT_SECURITY_POLICY  # the header's policy: content_security_policy(--connect-origin list)
    _cache_control = "no-cache"       # the relay's answers set no-store (RFC 6749 s5.1)
    _log_detail = ""                  # logged after the path: the relay's target host

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


class StaticFiles(SecureHeaders):
    """The files of `dist` (GET and HEAD): nothing outside it, not even through a symlink, no folder
    listings, and index.html's meta policy widened by --connect-origin as served."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    dist = DIST
    connect_origins = ()              # --connect-origin: added to connect-src, header and meta tag

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=self.dist, **kwargs)

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


class ConsoleHandler(RelayEndpoint, StaticFiles):
    """serve.py's handler: RELAY_PATH goes to the relay (scripts/relay.py; 404 relay_disabled without
    --relay), every other path to the static files, which take GET and HEAD only."""

    def _route_path(self):
        return urllib.parse.urlsplit(self.path).path if self.path.startswith("/") else ""

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


def free_port(host, preferred):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, preferred))
            return preferred
        except OSError:
            s.bind((host, 0))
            return s.getsockname()[1]


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
