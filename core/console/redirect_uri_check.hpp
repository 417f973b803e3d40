// The redirect URI check: the URI registered in Zoho's API console (pasted) against the profile's
// Redirect URI, compared as Zoho compares them, exactly: byte for byte (docs/ZOHO.md "Redirect URI
// comparison"; RFC 6749 s3.1.2.3 with RFC 3986 s6.2.1, simple string comparison). Every difference is
// named, so a person fixes it before Zoho answers `invalid_redirect_uri`.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace zc {

/// One way the two URIs differ.
/// - kind: a stable name: `whitespace`, `unparsable`, `scheme`, `host`, `host-case`, `non-ascii-host`,
///   `port`, `path`, `path-case`, `trailing-slash`, `percent-encoding`, `query`, `fragment`.
/// - registered, profile: that part of each URI as written (`(none)` when absent).
/// - message: what differs, for a person; fix: what to change, in the profile or in the API console.
struct RedirectDifference {
  std::string kind;
  std::string registered;
  std::string profile;
  std::string message;
  std::string fix;
};

/// The outcome of one comparison. `equal`: the bytes are identical (nothing to fix). `differences`: every
/// difference found (empty when equal). `use`: the registered URI without the white space around it, what
/// "Use registered" puts in the profile's Redirect URI.
struct RedirectUriCheck {
  bool equal = false;
  std::vector<RedirectDifference> differences;
  std::string use;
};

/// Compares `registered` (pasted from Zoho's API console) with `profile_uri` (the profile's Redirect URI).
/// Both texts are bytes (UTF-8); neither is rewritten. A URI that is not an absolute http(s) URL gives one
/// `unparsable` difference; otherwise each part (scheme, host, port, path, query, fragment) is compared
/// and every difference listed in that order. Never throws.
RedirectUriCheck check_redirect_uri(std::string_view registered, std::string_view profile_uri);

}  // namespace zc
