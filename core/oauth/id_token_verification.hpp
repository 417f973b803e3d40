// The checks a client makes on an OpenID Connect id_token before it believes who signed in, each with its
// own verdict so the console and the CLI can say which one refused a token. Source: OpenID Connect Core
// 1.0 s3.1.3.7 (ID Token Validation) and s3.1.2.1 (nonce); RFC 7518 s3.3 (RS256); RFC 8725 s3.1 (the
// algorithm is the verifier's choice, never the token's: `none` and anything but RS256 are refused).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "oauth/jwks.hpp"
#include "oauth/jwt.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// The one signature algorithm accepted (Zoho's and oidc-provider's default; OIDC Core s15.1 requires it).
inline constexpr const char* kIdTokenAlg = "RS256";

/// The signature port: natively OpenSSL (core/cli/openssl_signature.hpp), in the browser WebCrypto
/// (asynchronous, so the console uses prepare_id_token_checks / finish_id_token_checks instead).
class SignatureVerifier {
 public:
  virtual ~SignatureVerifier() = default;
  /// True when `signature` (raw octets) is a valid `alg` signature of `signing_input` under `key`.
  virtual bool verify(const std::string& alg, const Jwk& key, std::string_view signing_input,
                      std::string_view signature) const = 0;
};

/// What the token must say. Times are Unix seconds; `skew` is SECURITY.md rule 10's kExpirySkewSeconds.
/// `nonce` "" means none was sent: then the token must carry none either.
struct IdTokenExpectations {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  std::int64_t now = 0;
  std::int64_t skew = kExpirySkewSeconds;
};

/// One check's verdict. `check` is one of: format, alg, kid, signature, iss, aud, azp, exp, iat, nonce.
/// `passed` false with `why` "" never happens; `why` never quotes the token.
struct IdTokenCheck {
  std::string check;
  bool passed = false;
  std::string why;
};

/// All verdicts, in the order above. `verified` only when every check passed; `refused_by` names the
/// first that failed. `key` and `jwt` carry what the signature check needs when it is still to run.
struct IdTokenVerdict {
  Jwt jwt;
  Jwk key;
  std::vector<IdTokenCheck> checks;
  bool signature_pending = false;
  bool verified = false;
  std::string refused_by;
};

/// Every check but the signature: format, alg, kid (the key found in `keys`), iss, aud, azp, exp, iat,
/// nonce. When alg and kid passed, `signature_pending` is true and `key`/`jwt.signing_input`/`jwt.signature`
/// are what to verify; otherwise the signature check is already recorded as failed.
IdTokenVerdict prepare_id_token_checks(std::string_view compact, const std::vector<Jwk>& keys,
                                       const IdTokenExpectations& expected);

/// Records the signature's outcome on a prepared verdict and settles `verified` and `refused_by`.
IdTokenVerdict finish_id_token_checks(IdTokenVerdict verdict, bool signature_valid);

/// Both steps with a synchronous verifier (native).
IdTokenVerdict verify_id_token(std::string_view compact, const std::vector<Jwk>& keys,
                               const IdTokenExpectations& expected, const SignatureVerifier& verifier);

/// {verified, refusedBy, header, claims, checks: [{check, passed, why}]} for the CLI and the console.
nlohmann::json verdict_to_json(const IdTokenVerdict& verdict);

}  // namespace zc
