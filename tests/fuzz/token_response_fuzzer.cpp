// libFuzzer target: token endpoint answers (outside input from the network). Properties: no crash, no
// throw, no UB, whatever the status and body; a parsed set survives its JSON round trip; redaction of the
// body never throws.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console/redaction.hpp"
#include "oauth/json_text.hpp"
#include "oauth/token_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int status = data[0] == 0 ? 0 : 200 + (data[0] % 3) * 100;  // 0, 200, 300, 400
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  zc::TokenSet previous;
  previous.refresh_token = "1000.previous";
  // Both readings of expires_in, chosen by the status byte's spare bit.
  const auto reading = (data[0] & 0x80) ? zc::ExpiresInReading::kSeconds : zc::ExpiresInReading::kZohoMillisecondsFallback;
  auto t = zc::parse_token_response(status, body, previous, 1'700'000'000, "https://accounts.zoho.eu", reading);
  if (t.ok()) {
    auto back = zc::token_set_from_json(zc::parse_json(zc::to_json_text(zc::token_set_to_json(t.value()))));
    if (!back.ok() || back.value().access_token != t.value().access_token) __builtin_trap();
    zc::is_expired(t.value(), 1'700'000'000);
  }
  zc::redact_json(body);
  return 0;
}
