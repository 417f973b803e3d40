// libFuzzer target: callback URLs (outside input from the address bar). Properties: no crash, no leak, no
// undefined behaviour; parse -> accept never throws; the form codec round-trips any bytes; base64url too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "console/callback_acceptance.hpp"
#include "oauth/base64url.hpp"
#include "oauth/callback.hpp"
#include "oauth/percent.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (zc::ResponseMode mode : {zc::ResponseMode::kQuery, zc::ResponseMode::kFragment}) {
    zc::looks_like_callback(input, mode);
    auto parsed = zc::parse_callback(input, mode);
    if (parsed.ok()) {
      zc::PendingAuthorization pending;
      pending.state = parsed.value().state;
      pending.accounts_server = "https://accounts.zoho.com";
      pending.token_url = "https://accounts.zoho.com/oauth/v2/token";
      pending.response_type = mode == zc::ResponseMode::kQuery ? "code" : "token";
      pending.created_at = 1'700'000'000;
      zc::accept_callback(parsed.value(), pending, "http://127.0.0.1:8000/", 1'700'000'010);
    }
  }
  // form-decode(form-encode(x)) == x
  const zc::Params round = zc::form_parse(zc::form_serialize({{input, input}}));
  if (round.size() != 1 || round[0].first != input || round[0].second != input) __builtin_trap();
  // base64url round trip
  const auto decoded = zc::base64url_decode(zc::base64url_encode(input));
  if (!decoded || *decoded != input) __builtin_trap();
  return 0;
}
