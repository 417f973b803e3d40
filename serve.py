#!/usr/bin/env python3
"""Serves the console's dist/ folder on 127.0.0.1 with the headers a static host should send.

    python3 serve.py              # builds dist/ first when it is missing, then serves it
    python3 serve.py --build      # installs what is missing, rebuilds, then serves
    python3 serve.py --port 9000  # a port of your choice (default: 8000, or a free one when taken)

Correct MIME types (application/wasm lets the browser compile while downloading), Cache-Control:
no-cache (a rebuilt console is picked up on reload), Referrer-Policy: no-referrer (an authorization code
in the address bar never leaks to another site), nosniff, and the Content-Security-Policy of index.html.
Ctrl+C stops it.
"""
import argparse
import errno
import http.server
import os
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.join(ROOT, "dist")
BUILD = os.path.join(ROOT, "scripts", "build.sh")

ZOHO_HOSTS = [
    "https://accounts.zoho.com", "https://accounts.zoho.eu", "https://accounts.zoho.in",
    "https://accounts.zoho.com.au", "https://accounts.zoho.jp", "https://accounts.zoho.com.cn",
    "https://accounts.zohocloud.ca", "https://accounts.zoho.sa", "https://accounts.zoho.uk",
    "https://www.zohoapis.com", "https://www.zohoapis.eu", "https://www.zohoapis.in",
    "https://www.zohoapis.com.au", "https://www.zohoapis.jp", "https://www.zohoapis.com.cn",
    "https://www.zohoapis.ca", "https://www.zohoapis.sa", "https://www.zohoapis.uk",
]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "connect-src 'self' " + " ".join(ZOHO_HOSTS)
)

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ttf": "font/ttf",
}


class ConsoleHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from dist/ (the base handler refuses paths that leave it) with our headers."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=DIST, **kwargs)

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        # The demo consent page (served by the service worker) sets its own policy.
        if not self.path.split("?", 1)[0].rstrip("/").endswith(("sw.js", "demo_dc.js")):
            self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def log_message(self, fmt, *args):
        # Paths only, never the query: a callback's code and state must not land in a terminal log.
        sys.stderr.write("%s %s\n" % (self.command, self.path.split("?", 1)[0]))


def free_port(host, preferred):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, preferred))
            return preferred
        except OSError:
            s.bind((host, 0))
            return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description="Serve the Zoho CRM authorization console (dist/).")
    parser.add_argument("--port", type=int, default=None, help="port (default 8000, or a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--build", action="store_true", help="install what is missing and rebuild dist/ first")
    parser.add_argument("--no-build", action="store_true", help="never build; fail when dist/ is missing")
    args = parser.parse_args()

    if args.build or not os.path.exists(os.path.join(DIST, "index.html")):
        if args.no_build:
            sys.exit("serve.py: dist/ has no index.html. Build it with: scripts/build.sh (or python3 serve.py --build)")
        print("serve.py: building dist/ with scripts/build.sh ...", flush=True)
        if subprocess.call(["bash", BUILD, "wasm"]) != 0:
            sys.exit("serve.py: the build failed (see above); nothing to serve.")

    port = args.port if args.port is not None else free_port(args.host, 8000)
    try:
        server = http.server.ThreadingHTTPServer((args.host, port), ConsoleHandler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            sys.exit("serve.py: port %d is in use; pick another with --port" % port)
        raise
    host = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    print("Zoho CRM authorization console: http://%s:%d/   (Ctrl+C stops)" % (host, port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nserve.py: stopped.")
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
