// The OpenID Connect nonce: sent for scopes with openid, as strong as a state, kept with the pending
// authorization (and its stored record), and never sent for other scopes.
#include "console/openid_nonce.hpp"

#include <gtest/gtest.h>

#include "console/authorization_flow.hpp"
#include "console/pending_authorization.hpp"
#include "console/profile_endpoints.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
namespace {

constexpr std::int64_t kNow = 1'700'000'000;
constexpr const char* kBase = "http://127.0.0.1:8000/";
const std::string kState(43, 's');
const std::string kNonce(43, 'n');

Profile openid_profile() {
  Profile p;
  p.id = "p-1";
  p.name = "Sign in";
  p.client_id = "1000.CLIENT";
  p.client_secret = "secret";
  p.scopes = {"openid", "email", "profile"};
  p.redirect_uri = "https://app.example/callback";
  return p;
}

Result<std::string> url_of(const Profile& p) { return build_authorization_url(authorization_request_for(p, kBase)); }

TEST(OpenIdNonce, OnlyTheOpenidScopeAsksForAnIdToken) {
  EXPECT_TRUE(asks_for_id_token({"email", "openid"}));
  EXPECT_FALSE(asks_for_id_token({"email", "profile", "OpenID", "openid2"}));
  EXPECT_FALSE(nonce_problem(kNonce).has_value());
  EXPECT_EQ(error_code(nonce_problem(std::string(42, 'n'))), "authorize.nonce");
  EXPECT_EQ(error_code(nonce_problem("")), "authorize.nonce");
}

TEST(OpenIdNonce, TheAuthorizationSendsItAndThePendingRecordKeepsIt) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  const Profile p = openid_profile();
  EXPECT_EQ(error_code(flow.start(p, url_of(p), kState, kNow, "", "", "", out, std::string(42, 'n'))),
            "authorize.nonce");
  EXPECT_TRUE(out.take_effects().empty()) << "nothing is sent with a weak nonce";
  ASSERT_FALSE(flow.start(p, url_of(p), kState, kNow, "", "", "", out, kNonce).has_value());
  const std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  const auto& put = std::get<StorePut>(effects[0]);
  EXPECT_EQ(put.value["nonce"], kNonce);
  EXPECT_EQ(pending_from_json(put.value)->nonce, kNonce) << "it survives the redirect as the state does";
  EXPECT_NE(std::get<Navigate>(effects[1]).url.find("&state=" + kState + "&nonce=" + kNonce), std::string::npos);
}

TEST(OpenIdNonce, NoNonceForOtherScopes) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  Profile p = openid_profile();
  p.scopes = {"ZohoCRM.modules.leads.ALL"};
  ASSERT_FALSE(flow.start(p, url_of(p), kState, kNow, "", "", "", out, kNonce).has_value());
  const std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_FALSE(std::get<StorePut>(effects[0]).value.contains("nonce"));
  EXPECT_EQ(std::get<Navigate>(effects[1]).url.find("nonce="), std::string::npos);
}

TEST(OpenIdNonce, ANonceOfTheWrongTypeMakesTheStoredRecordUnreadable) {
  PendingAuthorization p;
  p.state = kState;
  p.nonce = kNonce;
  nlohmann::json j = pending_to_json(p);
  EXPECT_EQ(pending_from_json(j)->nonce, kNonce);
  j["nonce"] = 7;
  EXPECT_FALSE(pending_from_json(j).has_value());
}

}  // namespace
}  // namespace zc

namespace zc {

// A caller that makes no nonce authorizes as before OpenID Connect: no nonce in the URL or the record.
TEST(OpenIdNonce, NoNonceGivenSendsNone) {
  AuthorizationFlow flow("http://127.0.0.1:8000/");
  Outbox out;
  Profile p;
  p.id = "p-1";
  p.name = "Sign in";
  p.client_id = "1000.CLIENT";
  p.client_secret = "secret";
  p.scopes = {"openid"};
  p.redirect_uri = "https://app.example/callback";
  const auto url = build_authorization_url(authorization_request_for(p, "http://127.0.0.1:8000/"));
  ASSERT_FALSE(flow.start(p, url, std::string(43, 's'), 1'700'000'000, "", "", "", out).has_value());
  const std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_FALSE(std::get<StorePut>(effects[0]).value.contains("nonce"));
  EXPECT_EQ(std::get<Navigate>(effects[1]).url.find("nonce="), std::string::npos);
}

}  // namespace zc
