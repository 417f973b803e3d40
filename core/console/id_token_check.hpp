// The console's verification of an id_token (Sign in with Zoho, OpenID Connect): the issuer's discovery
// document, then its JWK Set, both cached per issuer for the page's life, then the RS256 signature, which
// the shell verifies (WebCrypto is asynchronous: a VerifySignature effect, answered by
// Model::signature_checked), then finish_id_token_checks. Source: OpenID Connect Core 1.0 s3.1.3.7,
// OpenID Connect Discovery 1.0 s4, docs/ZOHO.md "Sign in with Zoho (OpenID Connect)", docs/SECURITY.md
// rule 14. The model's part: docs/ARCHITECTURE.md "Layers".
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "oauth/discovery.hpp"
#include "oauth/id_token_verification.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// Where an id_token's keys come from: the issuer it must name, and the discovery document's address or,
/// when the profile names its JWK Set (`jwksUrl`), that address directly. Zoho's issuer is the accounts
/// server that issued the token set; a custom provider's is its profile's `issuer`.
struct KeySource {
  std::string issuer;
  std::string configuration_url;  // "" when jwks_url is given
  std::string jwks_url;
};

/// The KeySource of `tokens` issued for `profile`; error `id_token.issuer` for a custom provider without
/// an issuer (the form's Discover fills it).
Result<KeySource> key_source_for(const Profile& profile, const TokenSet& tokens);

/// An issuer's discovery document and keys as read this session. `keys_loaded` false: the JWK Set is
/// still to be fetched.
struct IssuerKeys {
  ProviderMetadata metadata;
  std::vector<Jwk> keys;
  bool keys_loaded = false;
};

/// One id_token verification at a time (a new one replaces the one on screen). Times are Unix seconds.
class IdTokenCheckFlow {
 public:
  /// Verifies the id_token of `tokens`, the set of `profile` and `end_user`; its nonce must be
  /// `tokens.id_token_nonce`, the one the authorization sent. Returns the request to send (discovery or JWK Set), or nullopt when
  /// nothing is to be fetched: the keys were cached (a VerifySignature effect is queued) or it failed
  /// (the verdict or the error says why, shown and logged).
  std::optional<Call> start(const Profile& profile, const std::string& end_user, const TokenSet& tokens,
                            std::int64_t now, Outbox& out);
  /// The discovery document's answer: the JWK Set request next, or nullopt after a failure (a 404, a
  /// document for another issuer, no jwks_uri) explained.
  std::optional<Call> on_configuration(const InFlight& flight, const HttpResponse& response, std::int64_t now,
                                       Outbox& out);
  /// The JWK Set's answer: the signature is asked for (VerifySignature), or the failure explained.
  void on_jwks(const InFlight& flight, const HttpResponse& response, std::int64_t now, Outbox& out);
  /// The shell's answer to VerifySignature `check_id`: the verdict is finished. Stale ids are ignored.
  void on_signature(int check_id, bool valid, std::int64_t now, Outbox& out);

  /// The session's metadata for `issuer`, nullptr when not read yet.
  const IssuerKeys* cached(const std::string& issuer) const;
  /// The verdict on screen (nullopt before any), and whose token set it is about.
  const std::optional<IdTokenVerdict>& verdict() const { return verdict_; }
  const std::string& profile_id() const { return profile_id_; }
  /// What the step in progress is: "" (none), "discovery", "jwks", "signature", "done", "failed".
  const std::string& stage() const { return stage_; }
  /// Why the last verification stopped before a verdict ("" when it did not), and the issuer it was for.
  const std::string& error() const { return error_; }
  const std::string& issuer() const { return expected_.issuer; }
  /// The bridge's `idToken` snapshot: {stage, profileId, issuer, error, verdict (verdict_to_json or null)}.
  nlohmann::json snapshot() const;

 private:
  /// With the issuer's keys at hand: every other check, then the signature asked of the shell.
  void check_with(const IssuerKeys& keys, std::int64_t now, Outbox& out);
  /// Stops with `why` (an Error shown and logged, never quoting the token).
  void stop(const Error& why, std::int64_t now, Outbox& out);
  /// The request for `url` (GET) with `purpose`.
  Call fetch(Purpose purpose, const std::string& url) const;

  std::map<std::string, IssuerKeys> cache_;
  std::optional<IdTokenVerdict> verdict_;
  std::string profile_id_;
  std::string end_user_;
  std::string id_token_;
  IdTokenExpectations expected_;
  std::string jwks_url_;  // the profile's own jwksUrl, "" to use the discovery document's
  std::string stage_;
  std::string error_;
  int check_id_ = 0;
};

}  // namespace zc
