#include "console/id_token_check.hpp"

#include <utility>

#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"

namespace zc {

namespace {
constexpr const char* kSource = "docs/ZOHO.md: Sign in with Zoho (OpenID Connect)";

// A fetch that did not bring a 200: said with the status and the address (a public document, no secret).
Error fetch_failed(const char* what, const InFlight& flight, const HttpResponse& response) {
  return {std::string("id_token.") + (flight.purpose == Purpose::kJwks ? "jwks" : "discovery"),
          std::string("The ") + what + " at " + flight.url + " answered " + std::to_string(response.status) +
              (response.status == 404 ? " (not found): the provider publishes none there; set the profile's "
                                        "issuer (or jwksUrl) to what the provider documents."
                                      : ": the id_token cannot be verified without it."),
          kSource};
}
}  // namespace

Result<KeySource> key_source_for(const Profile& profile, const TokenSet& tokens) {
  if (profile.provider == Provider::kZoho) {
    // Zoho's id_token names the accounts server that issued the set (Multi-DC: not always the profile's).
    return KeySource{tokens.accounts_server, openid_configuration_url(tokens.accounts_server), ""};
  }
  if (profile.issuer.empty()) {
    return Error{"id_token.issuer",
                 "The profile has no Issuer, so the console cannot tell who must have signed the id_token: press "
                 "Discover next to Issuer (or type the provider's issuer), then Verify id_token.",
                 kSource};
  }
  return KeySource{profile.issuer, profile.jwks_url.empty() ? openid_configuration_url(profile.issuer) : "",
                   profile.jwks_url};
}

std::optional<Call> IdTokenCheckFlow::start(const Profile& profile, const std::string& end_user,
                                            const TokenSet& tokens, std::int64_t now, Outbox& out) {
  ++check_id_;  // an answer for an earlier verification is stale from here on
  verdict_.reset();
  error_.clear();
  profile_id_ = profile.id;
  end_user_ = end_user;
  id_token_ = tokens.id_token;
  if (id_token_.empty()) {
    stop({"id_token.none", "This token set holds no id_token: authorize with the openid scope to get one.", kSource},
         now, out);
    return std::nullopt;
  }
  Result<KeySource> source = key_source_for(profile, tokens);
  if (!source.ok()) {
    stop(source.error(), now, out);
    return std::nullopt;
  }
  expected_ = IdTokenExpectations{source.value().issuer, profile.client_id, tokens.id_token_nonce, now};
  jwks_url_ = source.value().jwks_url;
  out.add_log(now, "info", "Verifying the id_token issued by " + expected_.issuer + ".");
  if (const IssuerKeys* keys = cached(expected_.issuer); keys != nullptr && keys->keys_loaded) {
    check_with(*keys, now, out);  // read earlier this session: no request
    return std::nullopt;
  }
  if (!jwks_url_.empty()) {
    cache_[expected_.issuer].metadata.jwks_uri = jwks_url_;
    stage_ = "jwks";
    return fetch(Purpose::kJwks, jwks_url_);
  }
  stage_ = "discovery";
  return fetch(Purpose::kOpenIdConfiguration, source.value().configuration_url);
}

Call IdTokenCheckFlow::fetch(Purpose purpose, const std::string& url) const {
  return metadata_call(purpose, url, expected_.issuer, profile_id_, end_user_);
}

std::optional<Call> IdTokenCheckFlow::on_configuration(const InFlight& flight, const HttpResponse& response,
                                                       std::int64_t now, Outbox& out) {
  if (flight.issuer != expected_.issuer || stage_ != "discovery") return std::nullopt;  // replaced since
  if (response.status != 200) {
    stop(fetch_failed("discovery document", flight, response), now, out);
    return std::nullopt;
  }
  Result<ProviderMetadata> metadata = parse_discovery(response.body, expected_.issuer);
  if (!metadata.ok()) {
    stop({"id_token." + metadata.error().code, metadata.error().message, metadata.error().source}, now, out);
    return std::nullopt;
  }
  if (metadata.value().jwks_uri.empty()) {
    stop({"id_token.jwks_uri", "The discovery document at " + flight.url + " names no jwks_uri: there is no key to "
                               "verify the id_token with. Set the profile's jwksUrl.", kSource},
         now, out);
    return std::nullopt;
  }
  cache_[expected_.issuer].metadata = std::move(metadata).value();
  stage_ = "jwks";
  return fetch(Purpose::kJwks, cache_[expected_.issuer].metadata.jwks_uri);
}

void IdTokenCheckFlow::on_jwks(const InFlight& flight, const HttpResponse& response, std::int64_t now, Outbox& out) {
  if (flight.issuer != expected_.issuer || stage_ != "jwks") return;
  if (response.status != 200) return stop(fetch_failed("JWK Set", flight, response), now, out);
  Result<std::vector<Jwk>> keys = parse_jwks(response.body);
  if (!keys.ok()) return stop({"id_token." + keys.error().code, keys.error().message, kSource}, now, out);
  IssuerKeys& entry = cache_[expected_.issuer];
  entry.keys = std::move(keys).value();
  entry.keys_loaded = true;
  check_with(entry, now, out);
}

void IdTokenCheckFlow::check_with(const IssuerKeys& keys, std::int64_t now, Outbox& out) {
  verdict_ = prepare_id_token_checks(id_token_, keys.keys, expected_);
  if (!verdict_->signature_pending) {
    on_signature(check_id_, false, now, out);  // the signature check is already recorded as failed
    return;
  }
  stage_ = "signature";
  out.push(VerifySignature{check_id_, to_json_text(jwk_to_json(verdict_->key)), verdict_->jwt.signing_input,
                           base64url_encode(verdict_->jwt.signature)});
}

void IdTokenCheckFlow::on_signature(int check_id, bool valid, std::int64_t now, Outbox& out) {
  if (check_id != check_id_ || !verdict_ || (stage_ != "signature" && verdict_->signature_pending)) return;
  verdict_ = finish_id_token_checks(std::move(*verdict_), valid);
  stage_ = "done";
  if (verdict_->verified) {
    // An earlier refusal of a token on screen no longer stands.
    if (out.error() && out.error()->code.rfind("id_token.", 0) == 0) out.clear_error();
    out.note("id_token verified: every check passed (signature checked with the issuer's published key).", now);
    return;
  }
  std::string why;
  for (const IdTokenCheck& c : verdict_->checks) {
    if (c.check == verdict_->refused_by) why = c.why;
  }
  out.refuse({"id_token." + verdict_->refused_by, "id_token refused: " + verdict_->refused_by + " - " + why, kSource},
             now);
}

void IdTokenCheckFlow::stop(const Error& why, std::int64_t now, Outbox& out) {
  stage_ = "failed";
  error_ = why.message;
  out.refuse(why, now);
}

const IssuerKeys* IdTokenCheckFlow::cached(const std::string& issuer) const {
  const auto it = cache_.find(issuer);
  return it == cache_.end() ? nullptr : &it->second;
}

nlohmann::json IdTokenCheckFlow::snapshot() const {
  return {{"stage", stage_},
          {"profileId", profile_id_},
          {"issuer", expected_.issuer},
          {"error", error_},
          {"verdict", verdict_ ? verdict_to_json(*verdict_) : nlohmann::json(nullptr)}};
}

}  // namespace zc
