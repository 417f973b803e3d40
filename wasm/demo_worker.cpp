// The demo data centre as a worker module: web/sw.js (the service worker) loads it and answers every
// request under `{base}demo/` from the same C++ the native tests run (core/zoho/demo_server.hpp).
//
// [X] Consent page, decision redirect, token endpoint, both revoke paths, CRM Leads
// [X] State saved by sw.js in IndexedDB after each request, loaded when the worker restarts
// [X] Entropy from getentropy (crypto.getRandomValues in a worker)
// [X] Sign in with Zoho: sw.js hands in the public half of its WebCrypto RS256 key and signs the
//     id_token's signing input; zc_demo_sign completes the answer (core/zoho/demo_openid.hpp)
// [X] Failure scenarios' transport (DemoTransport): sw.js waits `delayMs`, or answers Response.error()
#include <emscripten.h>
#include <unistd.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"
#include "zoho/demo_openid.hpp"
#include "zoho/demo_server.hpp"

namespace {

std::unique_ptr<zc::DemoServer> server;

zc::DemoServer& server_for(const std::string& base) {
  if (!server) server = std::make_unique<zc::DemoServer>(base);
  return *server;
}

// The `headers` member of a request or answer object, [[name, value]...]; malformed pairs are skipped.
zc::Headers headers_from(const nlohmann::json& j) {
  zc::Headers headers;
  if (!j.is_object() || !j.contains("headers") || !j["headers"].is_array()) return headers;
  for (const auto& h : j["headers"]) {
    if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string()) {
      headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    }
  }
  return headers;
}

// {status, headers: [[name, value]...], body, delayMs, networkGone}: what sw.js turns into a Response, and
// how it carries it (the core's DemoTransport; both absent for a normal answer).
std::string answer_json(const zc::HttpResponse& r, const zc::DemoTransport& transport = {}) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : r.headers) headers.push_back({name, value});
  nlohmann::json out = {{"status", r.status}, {"headers", headers}, {"body", r.body}};
  if (transport.kind == zc::DemoTransport::kDelay) out["delayMs"] = transport.delay_ms;
  if (transport.kind == zc::DemoTransport::kNetworkGone) out["networkGone"] = true;
  return zc::to_json_text(out);
}

}  // namespace

extern "C" {

/// Answers one request. `request_json`: {method, url, headers: [[name, value]...], body,
/// codeVerifierSha256 (base64url, may be empty), signingKey (public JWK, may be absent)}. `now`: Unix
/// seconds. Returns answer_json's {status, headers: [[name, value]...], body, delayMs?, networkGone?}; valid
/// until the next call.
EMSCRIPTEN_KEEPALIVE const char* zc_demo_handle(const char* base, const char* request_json, double now) {
  static std::string out;
  const nlohmann::json j = zc::parse_json(request_json);
  zc::DemoRequest request;
  if (j.is_object()) {
    request.method = j.value("method", std::string("GET"));
    request.url = j.value("url", std::string());
    request.body = j.value("body", std::string());
    // sw.js sends SHA-256(code_verifier) as base64url; the server compares raw digests.
    if (auto digest = zc::base64url_decode(j.value("codeVerifierSha256", std::string()))) {
      request.code_verifier_sha256 = *digest;
    }
    // The public half of sw.js's RS256 key, as a JWK (n, e, kid); absent before WebCrypto made one.
    if (j.contains("signingKey") && j["signingKey"].is_object()) {
      const nlohmann::json& k = j["signingKey"];
      request.signing_key = {"RSA", zc::string_at(k, "kid"), "sig", "RS256", zc::string_at(k, "n"), zc::string_at(k, "e")};
    }
    request.headers = headers_from(j);
  }
  std::string entropy(zc::DemoServer::kEntropyBytes, '\0');
  if (getentropy(entropy.data(), entropy.size()) != 0) entropy.clear();
  const zc::DemoAnswer a = server_for(base).answer(request, static_cast<std::int64_t>(now), entropy);
  out = answer_json(a.response, a.transport);
  return out.c_str();
}

/// Completes an answer zc_demo_handle returned with X-Demo-Signing-Input: `signature_base64url` is
/// WebCrypto's RS256 signature of that input. Returns the answer in the same JSON shape, header removed.
EMSCRIPTEN_KEEPALIVE const char* zc_demo_sign(const char* answer, const char* signature_base64url) {
  static std::string out;
  const nlohmann::json j = zc::parse_json(answer);
  zc::HttpResponse r;
  if (j.is_object() && j.contains("status") && j["status"].is_number_integer()) r.status = j["status"].get<int>();
  r.body = zc::string_at(j, "body");
  r.headers = headers_from(j);
  out = answer_json(zc::demo::sign_demo_answer(r, zc::base64url_decode(signature_base64url).value_or("")));
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* zc_demo_save_state() {
  static std::string out;
  out = server ? zc::to_json_text(server->save_state()) : "null";
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE void zc_demo_load_state(const char* base, const char* state_json) {
  server_for(base).load_state(zc::parse_json(state_json));
}
}
