// The HTTP messages the core asks the shell to send and reads back. The core never does I/O itself:
// the browser shell carries a request out with emscripten_fetch, the native tests with a fake transport.
#pragma once
#include <string>
#include <utility>
#include <vector>

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
/// offline, blocked, timeout): never a protocol error (TOOLCHAIN.md "Emscripten fetch").
struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

/// Case-insensitive header lookup (RFC 9110 s5.1); empty when absent.
std::string header_value(const Headers& headers, const std::string& name);

}  // namespace zc
