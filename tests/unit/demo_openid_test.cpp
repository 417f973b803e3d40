// The demo data centre's Sign in with Zoho: discovery, JWK Set, an id_token the host signs (here OpenSSL,
// a key generated in the test), which the console's own checks then verify, and userinfo.
#include "zoho/demo_openid.hpp"

#include <gtest/gtest.h>

#include "cli/openssl_signature.hpp"
#include "demo_flow.hpp"
#include "id_token_fixture.hpp"
#include "oauth/discovery.hpp"
#include "oauth/id_token_verification.hpp"
#include "result_checks.hpp"
#include "zoho/demo_server.hpp"

namespace zc {
namespace {

using nlohmann::json;
using testing::consent;
using testing::entropy;
using testing::kBase;
using testing::test_signer;
using testing::value_of;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kAccounts = std::string(kBase) + "demo/accounts";
const std::string kNonce = "n-0S6_WzA2Mj-0S6_WzA2Mj-0S6_WzA2Mj-0S6_WzA2M";

HttpResponse send(DemoServer& s, DemoRequest r, std::int64_t now = kNow) {
  r.signing_key = test_signer().public_key();
  return s.handle(testing::with_verifier_digest(r), now, entropy());
}

// Consent for `scope` with kNonce, then the code exchange; the answer as the host sends it on: signed.
HttpResponse sign_in(DemoServer& s, const std::string& scope) {
  const std::string url = kAccounts + "/oauth/v2/auth?scope=" + scope + "&client_id=" + kDemoClientId +
                          "&response_type=code&redirect_uri=" + percent_encode(kBase) + "&state=S1&nonce=" + kNonce;
  const std::string location = consent(s, url, "accept", "us", kNow);
  const std::string code(value_of(parse_callback(location, ResponseMode::kQuery)).code);  // copied while the parse lives
  const std::string body = form_serialize({{"grant_type", "authorization_code"}, {"code", code},
                                           {"redirect_uri", kBase}, {"client_id", kDemoClientId},
                                           {"client_secret", kDemoClientSecret}});
  HttpResponse r = send(s, {"POST", kAccounts + "/oauth/v2/token", {}, body, ""});
  const std::string input = header_value(r.headers, demo::kSigningInputHeader);
  return demo::sign_demo_answer(r, input.empty() ? "" : test_signer().sign(input));
}

TEST(DemoOpenId, DiscoveryAndKeysAtTheAccountsServer) {
  DemoServer s(kBase);
  const HttpResponse d = send(s, {"GET", kAccounts + "/.well-known/openid-configuration", {}, "", ""});
  ASSERT_EQ(d.status, 200);
  const ProviderMetadata m = value_of(parse_discovery(d.body, kAccounts));
  EXPECT_EQ(m.jwks_uri, kAccounts + "/oauth/v2/keys");
  EXPECT_EQ(m.token_endpoint, kAccounts + "/oauth/v2/token");
  EXPECT_EQ(m.id_token_signing_alg_values_supported, (std::vector<std::string>{"RS256"}));
  const std::string eu = std::string(kBase) + "demo/eu/accounts";
  EXPECT_TRUE(parse_discovery(send(s, {"GET", eu + "/.well-known/openid-configuration", {}, "", ""}).body, eu).ok());
  const auto keys = value_of(parse_jwks(send(s, {"GET", kAccounts + "/oauth/v2/keys", {}, "", ""}).body));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].n, test_signer().public_key().n);
}

TEST(DemoOpenId, AnOpenidSignInAnswersAnIdTokenThatVerifies) {
  DemoServer s(kBase);
  const HttpResponse r = sign_in(s, "openid,email,profile");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(header_value(r.headers, demo::kSigningInputHeader), "") << "the host's header never leaves";
  const json j = json::parse(r.body);
  const std::string id_token = j["id_token"];
  const auto keys = value_of(parse_jwks(send(s, {"GET", kAccounts + "/oauth/v2/keys", {}, "", ""}).body));
  const IdTokenVerdict v = verify_id_token(id_token, keys, {kAccounts, kDemoClientId, kNonce, kNow + 5},
                                           OpenSslSignatureVerifier());
  EXPECT_TRUE(v.verified) << v.refused_by;
  EXPECT_EQ(v.jwt.claims["email"], demo::kDemoUserEmail);
  EXPECT_EQ(v.jwt.claims["sub"], demo::kDemoUserSub);
  EXPECT_EQ(v.jwt.claims["exp"], kNow + 3600);
}

TEST(DemoOpenId, NoIdTokenWithoutOpenidOrWithoutAKey) {
  DemoServer s(kBase);
  EXPECT_FALSE(json::parse(sign_in(s, "ZohoCRM.modules.leads.ALL").body).contains("id_token"));
  const HttpResponse unsigned_answer = demo::sign_demo_answer({200, {}, "{}"}, "sig");
  EXPECT_EQ(unsigned_answer.body, "{}");
}

TEST(DemoOpenId, UserinfoNeedsALiveOpenidAccessToken) {
  DemoServer s(kBase);
  const std::string access = json::parse(sign_in(s, "openid,email").body)["access_token"];
  const HttpResponse ok = send(s, {"GET", kAccounts + "/oauth/v2/userinfo", {{"Authorization", "Bearer " + access}}, "", ""});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(json::parse(ok.body)["email"], demo::kDemoUserEmail);
  const HttpResponse wrong = send(s, {"GET", kAccounts + "/oauth/v2/userinfo", {{"Authorization", "Bearer 1000.x"}}, "", ""});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json::parse(wrong.body)["error"], "invalid_token");
  const HttpResponse late = send(s, {"GET", kAccounts + "/oauth/v2/userinfo", {{"Authorization", "Bearer " + access}}, "", ""},
                                 kNow + 3600);
  EXPECT_EQ(late.status, 401);
  const std::string crm = json::parse(sign_in(s, "ZohoCRM.modules.leads.ALL").body)["access_token"];
  EXPECT_EQ(send(s, {"GET", kAccounts + "/oauth/v2/userinfo", {{"Authorization", "Bearer " + crm}}, "", ""}).status, 401);
}

TEST(DemoOpenId, TheNonceSurvivesTheSavedState) {
  DemoServer s(kBase);
  const std::string url = kAccounts + "/oauth/v2/auth?scope=openid&client_id=" + kDemoClientId +
                          "&response_type=code&redirect_uri=" + percent_encode(kBase) + "&state=S1&nonce=" + kNonce;
  consent(s, url, "accept", "us", kNow);
  const json saved = s.save_state();
  ASSERT_EQ(saved["codes"].size(), 1u);
  EXPECT_EQ(saved["codes"].begin().value()["nonce"], kNonce);
  DemoServer restarted(kBase);
  restarted.load_state(saved);
  EXPECT_EQ(restarted.save_state(), saved);
  EXPECT_TRUE(demo::scope_has_openid("email,openid"));
  EXPECT_FALSE(demo::scope_has_openid("openid2,email"));
}

}  // namespace
}  // namespace zc
