// libFuzzer target: the OpenID Connect parsers (outside input from the network: an id_token, a JWK Set, a
// discovery document). The first byte picks the parser. Properties: no crash, no throw, no UB; a token's
// verdict always lists its checks and is never verified without a signature (no verifier is given).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "oauth/discovery.hpp"
#include "oauth/id_token_verification.hpp"
#include "oauth/jwks.hpp"
#include "oauth/jwt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: {
      const zc::IdTokenVerdict v = zc::prepare_id_token_checks(
          text, {{"RSA", "k", "", "", "AQAB", "AQAB"}}, {"https://idp.test", "client", "n", 1700000000});
      if (v.checks.empty() || v.verified) std::abort();
      zc::verdict_to_json(zc::finish_id_token_checks(v, false));
      break;
    }
    case 1: {
      auto keys = zc::parse_jwks(text);
      if (keys.ok()) {
        for (const zc::Jwk& k : keys.value()) zc::jwk_to_json(k);
        zc::find_key(keys.value(), "k");
      }
      break;
    }
    default: {
      auto m = zc::parse_discovery(text, "https://idp.test");
      if (m.ok()) zc::metadata_to_json(m.value());
      zc::oauth_authorization_server_url(text);
      break;
    }
  }
  return 0;
}
