#include "oauth/url.hpp"

#include <algorithm>
#include <cctype>

namespace zc {

Result<UrlParts> parse_url(std::string_view url, std::string_view field) {
  const std::string name(field);
  auto fail = [&](const std::string& why) {
    return Error{"url.invalid", name + ": " + why, "RFC 3986 s3"};
  };
  if (url.empty()) return fail("is empty; enter an absolute https:// URL.");
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F) {
      return fail("contains a space or control character; remove it (URLs must be percent-encoded).");
    }
  }
  const size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) {
    return fail("is not an absolute URL; it must start with https://.");
  }
  UrlParts parts;
  parts.scheme = std::string(url.substr(0, colon));
  std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (parts.scheme != "https" && parts.scheme != "http") {
    return fail("uses the scheme '" + parts.scheme + "'; only https:// (or http:// on localhost) works.");
  }
  std::string_view rest = url.substr(colon + 3);
  const size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    parts.has_fragment = true;
    parts.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  const size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    parts.has_query = true;
    parts.query = std::string(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  const size_t slash = rest.find('/');
  parts.authority = std::string(rest.substr(0, slash));
  parts.path = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash));
  std::string_view host = parts.authority;
  const size_t at = host.rfind('@');
  if (at != std::string_view::npos) {
    parts.has_userinfo = true;
    host = host.substr(at + 1);
  }
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    host = close == std::string_view::npos ? host : host.substr(0, close + 1);
  } else {
    const size_t port = host.find(':');
    if (port != std::string_view::npos) host = host.substr(0, port);
  }
  if (host.empty()) return fail("has no host name; write it as https://host/path.");
  parts.host = std::string(host);
  std::transform(parts.host.begin(), parts.host.end(), parts.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return parts;
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
