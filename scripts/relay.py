"""serve.py's relay: POST /relay?target=<token URL> forwards a token request to one of Zoho's accounts
servers, for browsers that Zoho's CORS policy blocks. serve.py imports it (this folder is on its
sys.path); the handler part is a mixin of serve.py's ConsoleHandler, the CORS part another.

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
"""
import http.client
import ipaddress
import json
import os
import re
import socket
import ssl
import sys
import urllib.parse

import data_centres

# The accounts servers of Zoho's data centres (core/zoho/data_centres.json, the table the C++ is generated
# from). Canada is zohocloud.ca, not zoho.ca. These are the only hosts the relay forwards to: a target's
# host, lower-cased (RFC 3986 s6.2.2.1: scheme and host are case-insensitive), must equal one of them exactly.
RELAY_ACCOUNTS_HOSTS = data_centres.accounts_hosts(data_centres.load_table())

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


class RelayCors:
    """The relay's CORS part (Fetch standard, CORS protocol), a mixin of a BaseHTTPRequestHandler whose
    `relay` is a RelayConfig: which Origin may call, and the preflight's answer."""

    def _relay_cors(self):
        """The CORS headers for this request's Origin: Vary, plus Access-Control-Allow-Origin when it sent
        an allowed one. Raises RelayRefusal 403 relay_origin_refused (with Vary only: the page of a foreign
        origin cannot even read the refusal) for two Origin headers or one not in relay.origins."""
        origin = self.headers.get_all("Origin") or []
        if len(origin) > 1 or (origin and origin[0] not in self.relay.origins):
            raise RelayRefusal(403, "relay_origin_refused",
                               "The Origin %r may not use this relay. Start serve.py with --relay-origin %s "
                               "to allow a console hosted there." % (origin[0], origin[0] if origin else ""),
                               [("Vary", "Origin")])
        return [("Vary", "Origin")] + ([("Access-Control-Allow-Origin", origin[0])] if origin else [])

    def _preflight(self, cors):
        """The CORS preflight: POST with Content-Type and Authorization."""
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


class RelayEndpoint(RelayCors):
    """The relay's handler part, a mixin of a BaseHTTPRequestHandler: _relay(method) answers a request
    for RELAY_PATH. The handler sets `_cache_control` (sent by its end_headers) and `_log_detail` (logged
    beside the path)."""

    relay = None          # a RelayConfig when --relay is given; None answers 404 relay_disabled
    _body_read = False    # set once the request's body has been read, so it is never read twice

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
        cors = []
        try:
            cors = self._relay_cors()
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
            return self._send_json(refusal.status, {"error": refusal.code, "error_description": refusal.description},
                                   cors + refusal.headers)

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
        status, location, answer_type, answer_body = self._exchange(host, port, path, body, headers)
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

    def _exchange(self, host, port, path, body, headers):
        """POSTs `body` with `headers` to https://host:port/path over a verified TLS connection (to the
        ZC_RELAY_CONNECT address when the hook names `host`). Output: (status, Location, Content-Type,
        body of at most RELAY_MAX_ANSWER + 1 bytes). Raises RelayRefusal 502 relay_upstream_unreachable
        for a timeout, a TLS failure or a network error."""
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
                return (answer.status, answer.getheader("Location"), answer.getheader("Content-Type"),
                        answer.read(RELAY_MAX_ANSWER + 1))
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
