// Splitting absolute URLs into the parts OAuth needs, without normalising anything: a redirect URI must
// be sent byte for byte as registered (RFC 6749 s3.1.2, RFC 9700 s4.1.3), so nothing here adds a `/`,
// lower-cases a path or re-encodes a query.
#pragma once
#include <string>
#include <string_view>

#include "oauth/error.hpp"

namespace zc {

/// The parts of `scheme://authority/path?query#fragment`, each a view-free copy of the original bytes.
/// `origin` is `scheme://authority` (authority lower-cased for comparison only in `host`).
struct UrlParts {
  std::string scheme;     // lower-case, e.g. "https"
  std::string authority;  // as written, e.g. "accounts.zoho.eu" or "127.0.0.1:8000"
  std::string host;       // authority without userinfo and port, lower-cased
  std::string path;       // as written, may be empty
  std::string query;      // without '?', as written
  std::string fragment;   // without '#', as written
  bool has_query = false;
  bool has_fragment = false;
  bool has_userinfo = false;
};

/// Splits an absolute http(s) URL. Errors (code `url.invalid`): no scheme, a scheme other than http/https,
/// an empty host, spaces or control characters. `field` names the profile field in the message.
Result<UrlParts> parse_url(std::string_view url, std::string_view field);

/// The same parts as views into the URL's own bytes (valid while that string lives), `scheme` and `host`
/// as written (not lower-cased): parse_url without a copy, for callers that only check or read.
struct UrlView {
  std::string_view scheme, authority, host, path, query, fragment;
  bool has_query = false;
  bool has_fragment = false;
  bool has_userinfo = false;
};

/// parse_url's rules and errors, without allocating unless the URL is refused.
Result<UrlView> split_url(std::string_view url, std::string_view field);

/// `text` with A-Z lower-cased and every other byte as it is (no locale: URL schemes and hosts, OAuth
/// error codes and Zoho's spellings are ASCII).
std::string ascii_lower(std::string_view text);

/// True when `text` starts with `lower` (lower-case ASCII) in any case, compared in place (no copy).
bool starts_with_lower(std::string_view text, std::string_view lower);

/// True when `a` and `b` name the same resource as RFC 3986 s6.2.2.1 compares URLs: the scheme and the
/// authority (host and port) case-insensitively, everything after them (path, query) byte for byte. So
/// `https://Accounts.Zoho.EU/oauth` equals `https://accounts.zoho.eu/oauth`, but `/OAuth` is another path.
/// Strings without "://" compare byte for byte. Nothing is rewritten: callers keep sending what was typed.
bool same_url(std::string_view a, std::string_view b);

/// The origin of an absolute http(s) URL as browsers serialize it (RFC 6454 s6.2): lower-case scheme and
/// host, the port only when it is not the scheme's default, no user info, no path. "" when `url` does not
/// parse. `https://User:pw@IdP.Example.com:443/auth` gives `https://idp.example.com`.
std::string serialized_origin(std::string_view url);

/// True for a loopback host (RFC 8252 s7.3, RFC 6761 s6.3): `localhost` and names under `.localhost`,
/// any dotted-quad address in 127.0.0.0/8 (`127.0.0.2`), and `[::1]` in any spelling
/// (`[0:0:0:0:0:0:0:1]`). `host` as UrlParts::host gives it (lower-cased, IPv6 in brackets).
bool is_loopback_host(std::string_view host);

/// `url` without its `#fragment` and `?query` (the address bar after a callback is handled).
std::string strip_query_and_fragment(std::string_view url);

/// Appends `?query` or `&query` to a URL that may already carry a query (RFC 6749 s3.1: the
/// authorization endpoint URI MAY include a query component, which MUST be retained).
std::string append_query(std::string_view url, std::string_view query);

}  // namespace zc
