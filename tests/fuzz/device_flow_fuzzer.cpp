// libFuzzer target: the device flow's answers (outside input from the network: the device authorization
// endpoint's answer and each poll's answer, RFC 8628 s3.2 and s3.5, Zoho's /oauth/v3/device/*). The first
// byte picks the parser and the dialect. Properties: no crash, no throw, no UB; an accepted device
// authorization has a device code, a user code, an http(s) verification address, a positive interval and
// an expiry after `now`; a poll's outcome always carries what it promises (a token set, a location, or
// an error).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "oauth/device_authorization.hpp"
#include "oauth/url.hpp"

namespace {

constexpr std::int64_t kNow = 1700000000;

void check_authorization(zc::DeviceDialect dialect, int status, const std::string& body) {
  auto parsed = zc::parse_device_authorization(dialect, status, body, kNow);
  if (!parsed.ok()) {
    if (parsed.error().code.empty()) std::abort();
    return;
  }
  const zc::DeviceAuthorization& a = parsed.value();
  // A scheme in any case is http(s) (RFC 3986 s3.1: "Https://" is https; the 10 M run found the property
  // had been stricter than the parser, which follows the RFC).
  const bool http = zc::starts_with_lower(a.verification_uri, "https://") || zc::starts_with_lower(a.verification_uri, "http://");
  if (a.device_code.empty() || a.user_code.empty() || !http || a.interval <= 0 || a.expires_at <= kNow) std::abort();
}

void check_poll(int status, const std::string& body, zc::ExpiresInReading reading) {
  const zc::DevicePollAnswer answer = zc::classify_device_poll(status, body, kNow, "https://accounts.zoho.com", reading);
  switch (answer.outcome) {
    case zc::DevicePollOutcome::kTokens:
      if (!answer.tokens || answer.error) std::abort();
      break;
    case zc::DevicePollOutcome::kOtherDc:
      if (answer.user_location.empty()) std::abort();
      break;
    default:
      if (!answer.error || answer.tokens) std::abort();
      break;
  }
  if (zc::outcome_name(answer.outcome) == nullptr) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  const int status = (data[0] & 0x40) ? 400 : 200;
  switch (data[0] % 4) {
    case 0: check_authorization(zc::DeviceDialect::kZoho, status, body); break;
    case 1: check_authorization(zc::DeviceDialect::kRfc8628, status, body); break;
    case 2: check_poll(status, body, zc::ExpiresInReading::kZohoMillisecondsFallback); break;
    default: check_poll(status, body, zc::ExpiresInReading::kSeconds); break;
  }
  return 0;
}
