#include "console/redirect_uri_check.hpp"

#include "console/profile.hpp"
#include "oauth/percent.hpp"
#include "oauth/url.hpp"

namespace zc {
namespace {

std::string shown(std::string_view part, bool present) { return present ? std::string(part) : "(none)"; }

bool has_non_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// An IDN host spelled in Unicode or as punycode (`xn--` labels, RFC 5891 s4.4): Zoho compares the bytes,
// so the two spellings of one name are two URIs.
bool is_idn(std::string_view host) {
  return has_non_ascii(host) || ascii_lower(host).find("xn--") != std::string::npos;
}

// The port as written (digits after the host), "" when the authority names none.
std::string_view port_of(const UrlView& u) {
  std::string_view rest = u.authority;
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  rest = rest.substr(u.host.size());
  return rest.empty() ? rest : rest.substr(1);
}

struct Comparison {
  std::vector<RedirectDifference>& out;
  std::string use;  // the registered URI, trimmed
  void add(std::string kind, std::string_view r, std::string_view p, bool r_present, bool p_present,
           std::string message, std::string fix = "") {
    if (fix.empty()) {
      fix = "Change the profile's Redirect URI to " + use + " (Use registered), or register the profile's URI "
            "in Zoho's API console.";
    }
    out.push_back({std::move(kind), shown(r, r_present), shown(p, p_present), std::move(message), std::move(fix)});
  }
};

void compare_host(const UrlView& r, const UrlView& p, Comparison& c) {
  if (r.host == p.host) return;
  if (ascii_lower(r.host) == ascii_lower(p.host)) {
    c.add("host-case", r.host, p.host, true, true,
          "Host differs in letter case only: " + std::string(r.host) + " registered, " + std::string(p.host) +
              " in the profile. Zoho compares the bytes, so case matters here.");
  } else if (is_idn(r.host) || is_idn(p.host)) {
    c.add("non-ascii-host", r.host, p.host, true, true,
          "Host is spelled differently: one side is a non-ASCII (IDN) name or its punycode (xn--) form. They "
          "may name one host, but Zoho compares the bytes.",
          "Use one spelling in both: change the profile's Redirect URI to " + c.use +
              " (Use registered), or register the profile's spelling in Zoho's API console.");
  } else {
    c.add("host", r.host, p.host, true, true,
          "Host differs: " + std::string(r.host) + " registered, " + std::string(p.host) + " in the profile.");
  }
}

void compare_port(const UrlView& r, const UrlView& p, Comparison& c) {
  const std::string_view rp = port_of(r), pp = port_of(p);
  if (rp == pp) return;
  const std::string scheme = ascii_lower(r.scheme);
  const std::string_view default_port = scheme == "https" ? "443" : "80";
  const bool default_vs_none = (rp.empty() && pp == default_port) || (pp.empty() && rp == default_port);
  c.add("port", rp, pp, !rp.empty(), !pp.empty(),
        default_vs_none ? "Port: one side names the default port :" + std::string(default_port) +
                              " and the other none. Browsers treat them alike, Zoho does not."
                        : "Port differs: " + shown(rp, !rp.empty()) + " registered, " + shown(pp, !pp.empty()) +
                              " in the profile.");
}

void compare_path(const UrlView& r, const UrlView& p, Comparison& c) {
  if (r.path == p.path) return;
  const std::string rs(r.path), ps(p.path);
  if (rs + "/" == ps || ps + "/" == rs) {
    const bool registered_has = rs.size() > ps.size();
    c.add("trailing-slash", r.path, p.path, !rs.empty(), !ps.empty(),
          std::string("Trailing slash: the ") + (registered_has ? "registered URI ends with '/', the profile's does not."
                                                                : "profile's URI ends with '/', the registered one does not."));
  } else if (percent_decode(rs, false) == percent_decode(ps, false)) {
    c.add("percent-encoding", r.path, p.path, true, true,
          "Path is encoded differently (e.g. %2F against /, lower-case hex, or non-ASCII characters against their "
          "%XX escapes): the same text to a person, other bytes to Zoho.");
  } else if (ascii_lower(rs) == ascii_lower(ps)) {
    c.add("path-case", r.path, p.path, true, true, "Path differs in letter case only; paths are case-sensitive.");
  } else {
    c.add("path", r.path, p.path, !rs.empty(), !ps.empty(),
          "Path differs: " + shown(rs, !rs.empty()) + " registered, " + shown(ps, !ps.empty()) + " in the profile.");
  }
}

void compare_parts(const UrlView& r, const UrlView& p, Comparison& c) {
  if (r.scheme != p.scheme) {
    c.add("scheme", r.scheme, p.scheme, true, true,
          "Scheme differs: " + std::string(r.scheme) + " registered, " + std::string(p.scheme) + " in the profile.");
  }
  compare_host(r, p, c);
  compare_port(r, p, c);
  compare_path(r, p, c);
  if (r.has_query != p.has_query || r.query != p.query) {
    c.add("query", r.query, p.query, r.has_query, p.has_query,
          "Query differs: " + shown(r.query, r.has_query) + " registered, " + shown(p.query, p.has_query) +
              " in the profile.");
  }
  if (r.has_fragment != p.has_fragment || r.fragment != p.fragment) {
    c.add("fragment", r.fragment, p.fragment, r.has_fragment, p.has_fragment,
          "Fragment (#...) differs; a redirect URI must have none (RFC 6749 s3.1.2).",
          "Remove the #... part from the profile's Redirect URI and from the URI registered in Zoho's API console.");
  }
}

}  // namespace

RedirectUriCheck check_redirect_uri(std::string_view registered, std::string_view profile_uri) {
  RedirectUriCheck result;
  result.use = trim_white_space(registered);
  result.equal = registered == profile_uri;
  if (result.equal) return result;
  Comparison c{result.differences, result.use};
  const std::string profile_trimmed = trim_white_space(profile_uri);
  if (result.use.size() != registered.size() || profile_trimmed.size() != profile_uri.size()) {
    c.add("whitespace", registered, profile_uri, true, true,
          "White space (a space, tab or line break) around one of the URIs: it was pasted with it, and Zoho "
          "compares it too.",
          "Remove the white space: Use registered takes the URI without it.");
  }
  auto r = split_url(result.use, "Registered redirect URI");
  auto p = split_url(profile_trimmed, "Redirect URI");
  if (!r.ok() || !p.ok()) {
    const auto& bad = r.ok() ? p.error() : r.error();
    c.add("unparsable", result.use, profile_trimmed, true, true, bad.message,
          "Enter an absolute https:// URL in both fields.");
    return result;
  }
  compare_parts(r.value(), p.value(), c);
  return result;
}

}  // namespace zc
