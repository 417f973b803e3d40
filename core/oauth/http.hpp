// The HTTP messages the core asks the shell to send and reads back. The core never does I/O itself:
// the browser shell carries a request out with emscripten_fetch, the native tests with a fake transport.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oauth/error.hpp"

namespace zc {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// A request to send: method (`GET`, `POST`), absolute URL, headers in order, body bytes.
struct HttpRequest {
  std::string method;
  std::string url;
  Headers headers;
  std::string body;
};

/// What came back. `status` 0 means the browser would not let us read the answer (CORS refusal,
/// offline, blocked, timeout): never a protocol error (docs/TOOLCHAIN.md "Emscripten fetch").
/// `blocked_by_policy`: with status 0, the page's own Content-Security-Policy refused the request
/// (the browser reported a `securitypolicyviolation` for its URL): nothing left the browser.
struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  bool blocked_by_policy = false;
};

/// Case-insensitive header lookup (RFC 9110 s5.1); empty when absent. The value comes without leading or
/// trailing white space (RFC 9110 s5.5: it is not part of the value); a browser's unpacked response headers
/// keep the space after ':' and the line's CR.
std::string header_value(const Headers& headers, const std::string& name);

/// An answer that says "not now" rather than "your request is wrong", when it carries no protocol error
/// of its own: 429 Too Many Requests (RFC 6585 s4) gives code `rate_limited`; 500, 502, 503 and 504
/// (RFC 9110 s15.6: a failing server, a gateway or proxy in front of it, an overloaded or unreachable
/// upstream) give `http.<status>`, the status kept. `who` names the server for the message ("The token
/// endpoint", "The CRM API"). nullopt for any other status. The message says to retry later and that
/// the profile is not at fault, so nobody edits a right Client Secret because a gateway hiccupped.
std::optional<Error> temporary_failure(int status, const std::string& who);

}  // namespace zc
