#include "oauth/url.hpp"

#include <cstdint>
#include <algorithm>
#include <cstring>

namespace zc {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

bool starts_with_lower(std::string_view text, std::string_view lower) {
  if (text.size() < lower.size()) return false;
  for (size_t i = 0; i < lower.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != static_cast<unsigned char>(lower[i])) return false;
  }
  return true;
}

namespace {

// Why a URL is refused; the message is built only then (the happy path allocates nothing).
enum class UrlFault { kNone, kEmpty, kControl, kNotAbsolute, kScheme, kNoHost, kBadHost, kBadPort };

bool equals_lower(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() && starts_with_lower(text, lower);
}

// True when any byte is a space, a control character (<= 0x20) or DEL (0x7F). Eight bytes at a time
// (the classic "has a byte less than n" and "has a zero byte" word tricks, exact as yes/no answers):
// every URL is checked whole, so this loop is most of parse_url's time on a long callback URL.
bool has_control(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const std::uint64_t below_0x21 = (w - kOnes * 0x21) & ~w & kHighs;
    const std::uint64_t del = w ^ (kOnes * 0x7F);
    const std::uint64_t is_del = (del - kOnes) & ~del & kHighs;
    if (below_0x21 | is_del) return true;
  }
  for (; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c == 0x7F) return true;
  }
  return false;
}

UrlFault split(std::string_view url, UrlView& parts) {
  if (url.empty()) return UrlFault::kEmpty;
  if (has_control(url)) return UrlFault::kControl;
  const size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return UrlFault::kNotAbsolute;
  parts.scheme = url.substr(0, colon);
  if (!equals_lower(parts.scheme, "https") && !equals_lower(parts.scheme, "http")) return UrlFault::kScheme;
  std::string_view rest = url.substr(colon + 3);
  const size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    parts.has_fragment = true;
    parts.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  const size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    parts.has_query = true;
    parts.query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  // A backslash ends the authority as '/' does: browsers read http://evil.com\@127.0.0.1/ as host
  // evil.com (WHATWG URL: special schemes), so the host seen here must be the one they will use.
  // A loop, not find_first_of("/\\"), which calls memchr once per byte (split runs on every callback).
  size_t slash = 0;
  while (slash < rest.size() && rest[slash] != '/' && rest[slash] != '\\') ++slash;
  if (slash == rest.size()) slash = std::string_view::npos;
  parts.authority = rest.substr(0, slash);
  parts.path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::string_view host = parts.authority;
  const size_t at = host.rfind('@');
  if (at != std::string_view::npos) {
    parts.has_userinfo = true;
    host = host.substr(at + 1);
  }
  std::string_view port;
  bool has_port = false;
  if (!host.empty() && host.front() == '[') {
    // An IPv6 literal: after its ']' only ":port" may follow.
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return UrlFault::kBadHost;
    const std::string_view after = host.substr(close + 1);
    if (!after.empty() && after.front() != ':') return UrlFault::kBadHost;
    has_port = !after.empty();
    if (has_port) port = after.substr(1);
    host = host.substr(0, close + 1);
  } else {
    const size_t colon = host.find(':');
    if (colon != std::string_view::npos) {
      has_port = true;
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
  }
  if (host.empty()) return UrlFault::kNoHost;
  // A port is digits (RFC 3986 s3.2.3): "127.0.0.1:80:evil.com" is no URL a browser would open.
  if (has_port && (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)) {
    return UrlFault::kBadPort;
  }
  parts.host = host;
  return UrlFault::kNone;
}

Error url_error(UrlFault fault, std::string_view field, std::string_view scheme) {
  std::string why;
  switch (fault) {
    case UrlFault::kEmpty: why = "is empty; enter an absolute https:// URL."; break;
    case UrlFault::kControl:
      why = "contains a space or control character; remove it (URLs must be percent-encoded).";
      break;
    case UrlFault::kNotAbsolute: why = "is not an absolute URL; it must start with https://."; break;
    case UrlFault::kScheme:
      why = "uses the scheme '" + ascii_lower(scheme) + "'; only https:// (or http:// on localhost) works.";
      break;
    case UrlFault::kNoHost: why = "has no host name; write it as https://host/path."; break;
    case UrlFault::kBadHost: why = "has a malformed [IPv6] host; write it as https://[::1]:8443/path."; break;
    case UrlFault::kBadPort: why = "has a port that is not a number; write it as https://host:8443/path."; break;
    case UrlFault::kNone: break;
  }
  return Error{"url.invalid", std::string(field) + ": " + why, "RFC 3986 s3"};
}

}  // namespace

Result<UrlView> split_url(std::string_view url, std::string_view field) {
  UrlView parts;
  const UrlFault fault = split(url, parts);
  if (fault != UrlFault::kNone) return url_error(fault, field, parts.scheme);
  return parts;
}

Result<UrlParts> parse_url(std::string_view url, std::string_view field) {
  UrlView v;
  const UrlFault fault = split(url, v);
  if (fault != UrlFault::kNone) return url_error(fault, field, v.scheme);
  UrlParts parts;
  parts.scheme = ascii_lower(v.scheme);
  parts.authority = std::string(v.authority);
  parts.host = ascii_lower(v.host);
  parts.path = std::string(v.path);
  parts.query = std::string(v.query);
  parts.fragment = std::string(v.fragment);
  parts.has_query = v.has_query;
  parts.has_fragment = v.has_fragment;
  parts.has_userinfo = v.has_userinfo;
  return parts;
}

namespace {
// Where the part compared case-insensitively ends: after "scheme://authority"; 0 without "://".
size_t origin_length(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return 0;
  const size_t end = url.find_first_of("/?#", scheme + 3);
  return end == std::string_view::npos ? url.size() : end;
}

// True for a decimal byte 0-255 written plainly. A leading zero is refused: the WHATWG URL parser reads
// "010" as octal, so it is not the number it seems.
bool decimal_octet(std::string_view text) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) return false;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= 255;
}
}  // namespace

std::string serialized_origin(std::string_view url) {
  UrlView v;
  if (split(url, v) != UrlFault::kNone) return "";
  const std::string scheme = ascii_lower(v.scheme);
  std::string origin = scheme + "://" + ascii_lower(v.host);
  std::string_view authority = v.authority.substr(v.authority.rfind('@') == std::string_view::npos ? 0 : v.authority.rfind('@') + 1);
  const size_t port_at = authority.find(':', authority.front() == '[' ? authority.find(']') : 0);
  if (port_at != std::string_view::npos) {
    std::string_view port = authority.substr(port_at + 1);
    while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
    if (!port.empty() && !(scheme == "https" && port == "443") && !(scheme == "http" && port == "80")) {
      origin += ":" + std::string(port);
    }
  }
  return origin;
}

bool same_url(std::string_view a, std::string_view b) {
  const size_t na = origin_length(a);
  if (na != origin_length(b) || a.size() != b.size()) return false;
  return ascii_lower(a.substr(0, na)) == ascii_lower(b.substr(0, na)) && a.substr(na) == b.substr(na);
}

bool is_loopback_host(std::string_view host) {
  const std::string h = ascii_lower(host);
  if (h == "localhost" || (h.size() > 10 && h.compare(h.size() - 10, 10, ".localhost") == 0)) return true;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
    // ::1 spelled any way: every 16-bit group before the last is zero (or elided by "::"), the last is 1.
    const std::string_view v6(h.data() + 1, h.size() - 2);
    const size_t last = v6.rfind(':');
    if (last == std::string_view::npos) return false;
    const std::string_view tail = v6.substr(last + 1);
    if (tail.empty() || tail.size() > 4 || tail.find_first_not_of('0') != tail.size() - 1 || tail.back() != '1') return false;
    const std::string_view head = v6.substr(0, last);
    size_t groups = 0;
    const size_t gap = v6.find("::");
    const bool elided = gap != std::string_view::npos;
    // At most one "::", and never three colons in a row ("[:::1]" is no address).
    if (elided && (v6.find("::", gap + 1) != std::string_view::npos || v6.find(":::") != std::string_view::npos)) return false;
    if (!elided && (v6.front() == ':' || head.find("::") != std::string_view::npos)) return false;
    for (size_t start = 0; start <= head.size();) {
      const size_t colon = std::min(head.find(':', start), head.size());
      const std::string_view group = head.substr(start, colon - start);
      if (group.size() > 4 || group.find_first_not_of('0') != std::string_view::npos) return false;
      if (!group.empty()) ++groups;
      start = colon + 1;
    }
    return elided ? groups <= 6 : groups == 7;
  }
  // IPv4: exactly four decimal octets, the first 127.
  std::string_view rest = h;
  for (int i = 0; i < 4; ++i) {
    const size_t dot = rest.find('.');
    const std::string_view part = i < 3 ? rest.substr(0, dot) : rest;
    if ((i < 3 && dot == std::string_view::npos) || !decimal_octet(part)) return false;
    if (i == 0 && part != "127") return false;
    if (i < 3) rest = rest.substr(dot + 1);
  }
  return true;
}

std::string strip_query_and_fragment(std::string_view url) {
  const size_t cut = url.find_first_of("?#");
  return std::string(url.substr(0, cut));
}

std::string append_query(std::string_view url, std::string_view query) {
  std::string out(url);
  const size_t hash = out.find('#');
  if (hash != std::string::npos) out.erase(hash);  // a fragment would swallow the query
  if (query.empty()) return out;
  if (out.find('?') == std::string::npos) {
    out += '?';
  } else if (out.back() != '?' && out.back() != '&') {
    out += '&';
  }
  out += query;
  return out;
}

}  // namespace zc
