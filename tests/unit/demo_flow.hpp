// Test helpers: drive the demo server as a browser would (consent page, decision, redirect) and give it
// deterministic entropy. Shared by demo_server_test.cpp and model_test.cpp.
#pragma once
#include <string>

#include "cli/openssl_crypto.hpp"
#include "oauth/callback.hpp"
#include "oauth/http.hpp"
#include "oauth/percent.hpp"
#include "zoho/demo_server.hpp"

namespace zc::testing {

inline constexpr const char* kBase = "http://127.0.0.1:8000/console/";

/// 64 bytes that differ per call, so every minted code and token is distinct.
inline std::string entropy() {
  static unsigned counter = 0;
  std::string e(DemoServer::kEntropyBytes, '\0');
  ++counter;
  for (size_t i = 0; i < e.size(); ++i) e[i] = static_cast<char>((counter * 131u + i * 17u) & 0xFF);
  return e;
}

/// What a host (the service worker, or here OpenSSL) adds to a request: SHA-256 of its code_verifier.
inline DemoRequest with_verifier_digest(DemoRequest request) {
  for (const auto& [name, value] : form_parse(request.body)) {
    if (name == "code_verifier") request.code_verifier_sha256 = sha256(value);
  }
  return request;
}

inline HttpResponse get(DemoServer& server, const std::string& url, std::int64_t now) {
  return server.handle({"GET", url, {}, ""}, now, entropy());
}

inline HttpResponse post_form(DemoServer& server, const std::string& url, const std::string& body, std::int64_t now,
                              Headers headers = {}) {
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return server.handle(with_verifier_digest({"POST", url, headers, body, ""}), now, entropy());
}

/// What a person does on the consent page: the authorization URL's parameters plus the decision and the
/// chosen data centre, sent to the decision endpoint. Returns the redirect's Location ("" if none).
inline std::string consent(DemoServer& server, const std::string& authorization_url, const std::string& decision,
                           const std::string& dc, std::int64_t now) {
  const size_t q = authorization_url.find('?');
  const std::string endpoint = authorization_url.substr(0, q);
  std::string url = endpoint + "/decision?" + authorization_url.substr(q + 1) + "&decision=" + decision + "&dc=" + dc;
  HttpResponse r = get(server, url, now);
  return r.status == 302 ? header_value(r.headers, "Location") : std::string();
}

}  // namespace zc::testing
