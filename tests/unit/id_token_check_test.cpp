// The console's id_token verification (console/id_token_check.hpp): discovery -> JWK Set -> a
// VerifySignature effect the shell answers -> finish; cached per issuer; each failure explained. The
// shell's WebCrypto is played by OpenSSL here. Also Discover's fill of the draft (provider_discovery.hpp)
// and Call userinfo's request (openid_userinfo.hpp), through the Model.
#include "console/id_token_check.hpp"

#include <gtest/gtest.h>

#include "console/model.hpp"
#include "console/openid_userinfo.hpp"
#include "console/provider_discovery.hpp"
#include "id_token_fixture.hpp"
#include "oauth/base64url.hpp"

namespace zc {
namespace {
using testing::good_claims;
using testing::good_header;
using testing::kTestClientId;
using testing::kTestIssuer;
using testing::kTestNow;
using testing::signed_token;
using testing::test_jwks;

const std::string kConfigurationUrl = std::string(kTestIssuer) + "/.well-known/openid-configuration";
const std::string kJwksUrl = std::string(kTestIssuer) + "/jwks";

std::string discovery_document(const std::string& issuer = kTestIssuer) {
  return nlohmann::json{{"issuer", issuer},
                        {"authorization_endpoint", std::string(kTestIssuer) + "/auth"},
                        {"token_endpoint", std::string(kTestIssuer) + "/token"},
                        {"userinfo_endpoint", std::string(kTestIssuer) + "/me"},
                        {"jwks_uri", kJwksUrl},
                        {"device_authorization_endpoint", std::string(kTestIssuer) + "/device"}}
      .dump();
}

Profile custom_profile() {
  Profile p;
  p.id = "p-1";
  p.name = "oidc";
  p.provider = Provider::kCustom;
  p.client_id = kTestClientId;
  p.issuer = kTestIssuer;
  p.scopes = {"openid", "email"};
  return p;
}

TokenSet tokens_with(const std::string& id_token) {
  TokenSet t;
  t.access_token = "access-token-value-123456";
  t.accounts_server = kTestIssuer;
  t.id_token = id_token;
  return t;
}

// The shell: the VerifySignature effect checked by OpenSSL (as WebCrypto does in the browser).
struct Harness {
  IdTokenCheckFlow flow;
  Outbox out;
  Profile profile = custom_profile();

  std::optional<Call> start(const std::string& token) {
    TokenSet tokens = tokens_with(token);
    tokens.id_token_nonce = "n-0S6_WzA2Mj";
    return flow.start(profile, "", tokens, kTestNow, out);
  }
  // Runs the VerifySignature effect queued, if any; false when none was.
  bool answer_signature() {
    for (Effect& e : out.take_effects()) {
      if (const auto* v = std::get_if<VerifySignature>(&e)) {
        const Jwk key = parse_jwks(R"({"keys":[)" + v->jwk + "]}").value().front();
        const bool valid = OpenSslSignatureVerifier().verify("RS256", key, v->signing_input,
                                                             base64url_decode(v->signature).value_or(""));
        flow.on_signature(v->check_id, valid, kTestNow, out);
        return true;
      }
    }
    return false;
  }
  // Discovery and JWK Set answered with `configuration` and `jwks`, then the signature.
  void run(const std::string& token, const HttpResponse& configuration = {200, {}, discovery_document()},
           const HttpResponse& jwks = {200, {}, test_jwks()}) {
    std::optional<Call> first = start(token);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->request.url, kConfigurationUrl);
    EXPECT_EQ(first->flight.purpose, Purpose::kOpenIdConfiguration);
    std::optional<Call> second = flow.on_configuration(first->flight, configuration, kTestNow, out);
    if (!second) return;
    EXPECT_EQ(second->request.url, kJwksUrl);
    flow.on_jwks(second->flight, jwks, kTestNow, out);
    answer_signature();
  }
  std::string refused_by() const { return flow.verdict() ? flow.verdict()->refused_by : "(no verdict)"; }
};

// One byte of `token`'s signature changed.
std::string tampered_signature(std::string token) {
  const size_t at = token.rfind('.') + 5;
  token[at] = token[at] == 'A' ? 'B' : 'A';
  return token;
}

TEST(IdTokenCheck, DiscoveryThenKeysThenTheShellsSignatureVerdict) {
  Harness h;
  h.run(signed_token());
  ASSERT_TRUE(h.flow.verdict().has_value());
  EXPECT_TRUE(h.flow.verdict()->verified) << h.refused_by();
  EXPECT_EQ(h.flow.stage(), "done");
  EXPECT_EQ(h.flow.verdict()->checks.size(), 10u);
  EXPECT_EQ(h.flow.snapshot()["verdict"]["claims"]["email"], "user@example.test");
  EXPECT_EQ(h.out.status().find("id_token verified"), 0u);
}

TEST(IdTokenCheck, TheSecondVerificationUsesTheCachedKeys) {
  Harness h;
  h.run(signed_token());
  ASSERT_TRUE(h.flow.verdict()->verified);
  EXPECT_FALSE(h.start(signed_token()).has_value()) << "no request: discovery and keys are cached per issuer";
  EXPECT_TRUE(h.answer_signature()) << "the signature is asked of the shell at once";
  EXPECT_TRUE(h.flow.verdict()->verified);
}

TEST(IdTokenCheck, TheSignatureVerdictDecides) {
  // The payload with one claim's byte changed (still JSON), under the original signature.
  const std::string token = signed_token();
  nlohmann::json claims = good_claims();
  claims["email"] = "user@example.tesT";
  const size_t first = token.find('.'), second = token.rfind('.');
  Harness h;
  h.run(token.substr(0, first + 1) + base64url_encode(claims.dump()) + token.substr(second));
  EXPECT_EQ(h.refused_by(), "signature") << "a changed payload byte";
  Harness s;
  s.run(tampered_signature(signed_token()));
  EXPECT_EQ(s.refused_by(), "signature") << "a changed signature byte";
  EXPECT_NE(s.out.status().find("id_token refused: signature"), std::string::npos);
}

TEST(IdTokenCheck, AStaleSignatureAnswerIsIgnored) {
  Harness h;
  std::optional<Call> first = h.start(signed_token());
  std::optional<Call> second = h.flow.on_configuration(first->flight, {200, {}, discovery_document()}, kTestNow, h.out);
  h.flow.on_jwks(second->flight, {200, {}, test_jwks()}, kTestNow, h.out);
  std::vector<Effect> effects = h.out.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  const int id = std::get<VerifySignature>(effects[0]).check_id;
  h.flow.on_signature(id + 1, true, kTestNow, h.out);
  EXPECT_EQ(h.flow.stage(), "signature") << "an answer for another verification changes nothing";
  h.flow.on_signature(id, false, kTestNow, h.out);
  EXPECT_EQ(h.refused_by(), "signature");
}

TEST(IdTokenCheck, AlgNoneUnknownKidAndExpiredAreRefusedByName) {
  nlohmann::json none = good_header();
  none["alg"] = "none";
  Harness a;
  a.run(base64url_encode(none.dump()) + "." + base64url_encode(good_claims().dump()) + ".");
  EXPECT_EQ(a.refused_by(), "alg");
  nlohmann::json other = good_header();
  other["kid"] = "not-published";
  Harness k;
  k.run(signed_token(other));
  EXPECT_EQ(k.refused_by(), "kid");
  nlohmann::json claims = good_claims();
  claims["exp"] = kTestNow - 120;
  Harness e;
  e.run(signed_token(good_header(), claims));
  EXPECT_EQ(e.refused_by(), "exp");
}

TEST(IdTokenCheck, AWrongNonceIsRefused) {
  nlohmann::json claims = good_claims();
  claims["nonce"] = "another-session";
  Harness h;
  h.run(signed_token(good_header(), claims));
  EXPECT_EQ(h.refused_by(), "nonce");
}

TEST(IdTokenCheck, EachFetchFailureIsExplained) {
  Harness missing;
  missing.run(signed_token(), {404, {}, "not found"});
  EXPECT_EQ(missing.flow.stage(), "failed");
  EXPECT_EQ(missing.out.error()->code, "id_token.discovery");
  EXPECT_NE(missing.out.error()->message.find("404"), std::string::npos);

  Harness impostor;
  impostor.run(signed_token(), {200, {}, discovery_document("https://evil.example")});
  EXPECT_EQ(impostor.out.error()->code, "id_token.discovery.issuer") << "a document for another issuer";

  Harness no_keys;
  no_keys.run(signed_token(), {200, {}, discovery_document()}, {500, {}, ""});
  EXPECT_EQ(no_keys.out.error()->code, "id_token.jwks");

  Harness no_token;
  EXPECT_FALSE(no_token.flow.start(no_token.profile, "", tokens_with(""), kTestNow, no_token.out).has_value());
  EXPECT_EQ(no_token.out.error()->code, "id_token.none");

  Harness no_issuer;
  no_issuer.profile.issuer.clear();
  EXPECT_FALSE(no_issuer.start(signed_token()).has_value());
  EXPECT_EQ(no_issuer.out.error()->code, "id_token.issuer");
}

TEST(IdTokenCheck, AProfileJwksUrlSkipsDiscovery) {
  Harness h;
  h.profile.jwks_url = kJwksUrl;
  std::optional<Call> first = h.start(signed_token());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->flight.purpose, Purpose::kJwks);
  EXPECT_EQ(first->request.url, kJwksUrl);
  h.flow.on_jwks(first->flight, {200, {}, test_jwks()}, kTestNow, h.out);
  ASSERT_TRUE(h.answer_signature());
  EXPECT_TRUE(h.flow.verdict()->verified) << h.refused_by();
}

TEST(IdTokenCheck, ZohosKeysComeFromTheAccountsServerThatIssuedTheSet) {
  Profile zoho = custom_profile();
  zoho.provider = Provider::kZoho;
  TokenSet t = tokens_with("x");
  t.accounts_server = "https://accounts.zoho.eu";
  const Result<KeySource> source = key_source_for(zoho, t);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(source.value().issuer, "https://accounts.zoho.eu");
  EXPECT_EQ(source.value().configuration_url, "https://accounts.zoho.eu/.well-known/openid-configuration");
}

// [SECTION] Call userinfo

TEST(OpenIdUserinfoCall, GetWithTheAccessTokenAsBearer) {
  OpenIdUserinfo userinfo;
  Outbox out;
  const TokenSet t = tokens_with("x");
  Result<Call> call = userinfo.call("https://id.example/me", "p-1", "", &t, kTestNow, out);
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call.value().request.method, "GET");
  EXPECT_EQ(call.value().request.url, "https://id.example/me");
  EXPECT_EQ(header_value(call.value().request.headers, "Authorization"), "Bearer " + t.access_token);
  EXPECT_EQ(call.value().flight.purpose, Purpose::kUserinfo);
  userinfo.on_answer({200, {}, R"({"sub":"1","email":"user@example.test"})"}, kTestNow, out);
  EXPECT_EQ(userinfo.status(), 200);
  EXPECT_NE(userinfo.body().find("user@example.test"), std::string::npos);
  userinfo.on_answer({401, {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}}, ""}, kTestNow, out);
  EXPECT_EQ(out.error()->code, "userinfo.http_401");
  EXPECT_NE(out.error()->message.find("invalid_token"), std::string::npos);
  EXPECT_FALSE(userinfo.call("", "p-1", "", &t, kTestNow, out).ok()) << "no endpoint known";
  EXPECT_EQ(out.error()->code, "userinfo.endpoint");
  EXPECT_EQ(userinfo_endpoint(custom_profile(), "https://d/me"), "https://d/me");
}

// [SECTION] Discover, through the Model: an edit of the draft, nothing saved until Save

struct DiscoverModel {
  Model model{ConsoleConfig{"http://127.0.0.1:8000/", "http://127.0.0.1:8000/"}};
  DiscoverModel() {
    model.load(nlohmann::json::array(), nlohmann::json::array(), nlohmann::json::array(), kTestNow, "p-1");
    model.new_draft("p-1");
    model.set_draft_provider(Provider::kCustom);
    Profile p = model.draft();
    p.issuer = kTestIssuer;
    model.edit_draft(p);
    model.take_effects();
  }
  // The Http effect queued, as (request id, url).
  std::pair<int, std::string> sent() {
    for (Effect& e : model.take_effects()) {
      if (const auto* http = std::get_if<Http>(&e)) return {http->request_id, http->request.url};
    }
    return {0, ""};
  }
};

TEST(Discover, FillsTheDraftAndSavesNothing) {
  DiscoverModel d;
  ASSERT_FALSE(d.model.discover(kTestNow).has_value());
  const auto [id, url] = d.sent();
  EXPECT_EQ(url, kConfigurationUrl);
  d.model.http_response(id, {200, {}, discovery_document()}, kTestNow);
  for (const Effect& e : d.model.take_effects()) {
    EXPECT_FALSE(std::holds_alternative<StorePut>(e)) << "a draft edit, never a silent save";
  }
  const Profile& p = d.model.draft();
  EXPECT_EQ(p.authorization_url, std::string(kTestIssuer) + "/auth");
  EXPECT_EQ(p.token_url, std::string(kTestIssuer) + "/token");
  EXPECT_EQ(p.refresh_token_url, std::string(kTestIssuer) + "/token");
  EXPECT_EQ(p.jwks_url, kJwksUrl);
  EXPECT_EQ(p.userinfo_url, std::string(kTestIssuer) + "/me");
  EXPECT_EQ(p.device_authorization_url, std::string(kTestIssuer) + "/device");
  EXPECT_TRUE(d.model.draft_is_dirty());
  EXPECT_TRUE(d.model.profiles().empty()) << "nothing saved until Save";
  EXPECT_NE(d.model.log().back().text.find("Discover filled"), std::string::npos);
}

TEST(Discover, FallsBackToRfc8414AndRefusesAnotherIssuersDocument) {
  DiscoverModel d;
  ASSERT_FALSE(d.model.discover(kTestNow).has_value());
  auto [id, url] = d.sent();
  d.model.http_response(id, {404, {}, ""}, kTestNow);
  std::tie(id, url) = d.sent();
  EXPECT_EQ(url, "https://accounts.example.test/.well-known/oauth-authorization-server");
  d.model.http_response(id, {200, {}, discovery_document("https://evil.example")}, kTestNow);
  EXPECT_TRUE(d.model.draft().token_url.empty()) << "another issuer's document fills nothing";
  ASSERT_TRUE(d.model.flow_error().has_value());
  EXPECT_EQ(d.model.flow_error()->code, "discovery.issuer");
}

TEST(Discover, ZohoAndAnEmptyIssuerAreRefused) {
  DiscoverModel d;
  Profile p = d.model.draft();
  p.issuer.clear();
  d.model.edit_draft(p);
  EXPECT_EQ(d.model.discover(kTestNow)->code, "discover.issuer");
  d.model.set_draft_provider(Provider::kZoho);
  EXPECT_EQ(d.model.discover(kTestNow)->code, "discover.provider");
}

}  // namespace
}  // namespace zc
