#include "console/authorization_flow.hpp"

#include <gtest/gtest.h>

#include "console/profile_endpoints.hpp"
#include "result_checks.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
using testing::error_code;
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr const char* kBase = "http://127.0.0.1:8000/";
const std::string kState(43, 's');  // as long as make_state's

Profile us_profile() {
  Profile p;
  p.id = "p-1";
  p.name = "CRM";
  p.client_id = "1000.CLIENT";
  p.client_secret = "secret";
  p.scopes = {"ZohoCRM.modules.leads.ALL"};
  p.redirect_uri = "https://app.example/callback";
  return p;
}

Result<std::string> url_of(const Profile& p) { return build_authorization_url(authorization_request_for(p, kBase)); }

// A flow that started an authorization for `profile` with kState at kNow, its effects taken.
void start(AuthorizationFlow& flow, const Profile& profile, Outbox& out, const std::string& end_user = "") {
  ASSERT_FALSE(flow.start(profile, url_of(profile), kState, kNow, "", "", end_user, out).has_value());
  out.take_effects();
}

TEST(AuthorizationFlow, AnEndUserIsRequiredOnlyInEndUserMode) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  Profile p = us_profile();
  EXPECT_FALSE(flow.require_end_user(p, "", kNow, out).has_value());
  p.authorization_mode = AuthorizationMode::kEndUser;
  EXPECT_FALSE(flow.require_end_user(p, "alice", kNow, out).has_value());
  EXPECT_EQ(error_code(flow.require_end_user(p, "", kNow, out)), "authorize.end_user");
  EXPECT_EQ(out.phase(), FlowPhase::kError);
}

TEST(AuthorizationFlow, AnEndUserWithAControlCharacterIsRefusedBeforeAnythingIsStored) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  Profile p = us_profile();
  p.authorization_mode = AuthorizationMode::kEndUser;
  EXPECT_EQ(error_code(flow.require_end_user(p, std::string("ada\0b", 5), kNow, out)), "authorize.end_user");
  EXPECT_EQ(out.phase(), FlowPhase::kError);
  EXPECT_TRUE(out.take_effects().empty()) << "no pending authorization stored, no navigation";
}

TEST(AuthorizationFlow, StartStoresThePendingRecordThenNavigates) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  Profile p = us_profile();
  p.pkce = true;
  EXPECT_EQ(error_code(flow.start(p, url_of(p), std::string(42, 's'), kNow, "v", "", "", out)), "authorize.state")
      << "42 characters: weaker than 256 bits";
  EXPECT_EQ(error_code(flow.start(p, url_of(p), kState, kNow, "v", "", "", out)), "authorize.pkce");
  EXPECT_TRUE(out.take_effects().empty());
  ASSERT_FALSE(flow.start(p, url_of(p), kState, kNow, "verifier", "challenge", "", out).has_value());
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  const auto& put = std::get<StorePut>(effects[0]);
  EXPECT_EQ(put.store, "pending");
  EXPECT_EQ(put.key, kState);
  EXPECT_EQ(put.value["profileId"], "p-1");
  EXPECT_EQ(put.value["codeVerifier"], "verifier");
  const std::string& url = std::get<Navigate>(effects[1]).url;
  EXPECT_EQ(url.rfind("https://accounts.zoho.com/oauth/v2/auth?", 0), 0u) << url;
  EXPECT_NE(url.find("&state=" + kState + "&code_challenge=challenge&code_challenge_method=S256"), std::string::npos)
      << url;
  EXPECT_EQ(out.phase(), FlowPhase::kRedirecting);
  EXPECT_FALSE(out.error().has_value());
  EXPECT_EQ(out.status(), "Redirecting to the authorization server...");
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().kind, "request");
  p.client_type = ClientType::kSelf;
  EXPECT_EQ(error_code(flow.start(p, url_of(p), kState, kNow, "", "c", "", out)), "authorize.self_client");
}

TEST(AuthorizationFlow, ACallbackIsAcceptedOnceAndItsCodeExchangedOnce) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  const Profile p = us_profile();
  start(flow, p, out);
  const std::string back = "https://app.example/callback?code=1000.code&state=" + kState;
  std::optional<AcceptedRedirect> accepted = flow.receive(back, kNow + 10, out);
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->callback.code, "1000.code");
  EXPECT_EQ(accepted->pending.profile_id, "p-1");
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(std::get<ReplaceUrl>(effects[0]).url, "https://app.example/callback") << "the address bar first";
  EXPECT_EQ(std::get<StoreDelete>(effects[1]).key, kState);
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().text, "Callback https://app.example/callback?code=...&state=" + kState) << "the code masked";

  const Call call = flow.exchange_redirected(*accepted, p, kNow + 10, out);
  EXPECT_EQ(call.request.url, "https://accounts.zoho.com/oauth/v2/token");
  EXPECT_EQ(call.flight.purpose, Purpose::kExchange);
  EXPECT_EQ(call.flight.code, "1000.code");
  EXPECT_EQ(call.flight.redirect_uri, "https://app.example/callback");
  EXPECT_EQ(call.flight.pending_state, kState);
  effects = out.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(std::get<StorePut>(effects[0]).value["exchangingSince"], kNow + 10) << "kept, marked, until the answer";
  EXPECT_EQ(out.phase(), FlowPhase::kExchanging);

  EXPECT_FALSE(flow.receive(back, kNow + 11, out).has_value());
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().text, "This grant code was already exchanged; it is not sent again.");
  EXPECT_EQ(out.phase(), FlowPhase::kExchanging) << "the replay changes nothing";
}

TEST(AuthorizationFlow, RefusedCallbacksFailTheFlow) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  start(flow, us_profile(), out);
  EXPECT_FALSE(flow.receive("https://app.example/callback?code=c&state=other", kNow, out).has_value());
  EXPECT_EQ(error_code(out.error()), "callback.state_unknown");
  EXPECT_FALSE(flow.receive("https://app.example/callback#access_token=t&state=" + kState, kNow, out).has_value());
  EXPECT_EQ(error_code(out.error()), "callback.response_mode") << "a code grant's answer comes in the query";
  EXPECT_FALSE(flow.receive("https://app.example/callback?code=c&state=" + kState, kNow, out).has_value());
  EXPECT_EQ(error_code(out.error()), "callback.state_unknown") << "the state was used up";
  EXPECT_EQ(out.phase(), FlowPhase::kError);
}

TEST(AuthorizationFlow, AnImplicitGrantAuthorizesItsEndUser) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  Profile p = us_profile();
  p.client_type = ClientType::kClient;
  p.authorization_mode = AuthorizationMode::kEndUser;
  start(flow, p, out, "alice");
  std::optional<AcceptedRedirect> accepted = flow.receive(
      "https://app.example/callback#access_token=1000.tok&expires_in=3600&token_type=Bearer&state=" + kState, kNow, out);
  ASSERT_TRUE(accepted.has_value());
  ASSERT_TRUE(accepted->callback.tokens.has_value());
  EXPECT_EQ(accepted->callback.tokens->access_token, "1000.tok");
  EXPECT_EQ(flow.last_end_user(), "");
  flow.implicit_authorized(accepted->pending.end_user, kNow, out);
  EXPECT_EQ(flow.last_end_user(), "alice");
  EXPECT_EQ(out.phase(), FlowPhase::kAuthorized);
}

TEST(AuthorizationFlow, LoadingReportsAnInterruptedExchangeAndDropsExpiredRecords) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  PendingAuthorization fresh = pending_authorization_for(us_profile(), kBase, "fresh", kNow - kPendingLifetime);
  PendingAuthorization old = pending_authorization_for(us_profile(), kBase, "old", kNow - kPendingLifetime - 1);
  PendingAuthorization cut = pending_authorization_for(us_profile(), kBase, "cut", kNow - 5);
  cut.exchanging_since = kNow - 4;
  flow.load(json::array({pending_to_json(fresh), pending_to_json(old), pending_to_json(cut), json(5)}), kNow, out);
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(std::get<StoreDelete>(effects[0]).key, "old") << "601 s old: leaves storage (600 s does not)";
  EXPECT_EQ(std::get<StoreDelete>(effects[1]).key, "cut");
  EXPECT_EQ(error_code(out.error()), "flow.interrupted");
  EXPECT_EQ(out.phase(), FlowPhase::kError);
  ASSERT_TRUE(out.error().has_value());
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().text, out.error()->message) << "logged without its code";
  EXPECT_FALSE(flow.receive("https://app.example/callback?code=c&state=old", kNow, out).has_value());
  EXPECT_EQ(error_code(out.error()), "callback.state_expired") << "still known here, so refused as expired";
  EXPECT_FALSE(flow.receive("https://app.example/callback?code=c&state=cut", kNow, out).has_value());
  EXPECT_EQ(error_code(out.error()), "callback.state_unknown") << "an interrupted record is never used again";
}

TEST(AuthorizationFlow, APastedCodeIsTrimmedAndExchangedOnceUnlessReleased) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  EXPECT_EQ(error_code(flow.pasted_code(" \r\n\t", kNow, out)), "self_client.code");
  Result<std::string> code = flow.pasted_code(" 1000.abc\n", kNow, out);
  ASSERT_OK(code);
  EXPECT_EQ(code.value(), "1000.abc");
  Profile p = us_profile();
  p.client_type = ClientType::kSelf;
  p.redirect_uri.clear();
  flow.grant_code_edited("1000.abc", kNow);
  EXPECT_EQ(flow.grant_code_seconds_left(kNow), 180);
  Result<Call> call = flow.exchange_pasted("1000.abc", p, kNow, out);
  ASSERT_OK(call);
  EXPECT_EQ(call.value().request.body,
            "grant_type=authorization_code&code=1000.abc&client_id=1000.CLIENT&client_secret=secret");
  EXPECT_EQ(call.value().flight.accounts_server, "https://accounts.zoho.com");
  EXPECT_EQ(call.value().flight.redirect_uri, "") << "no redirect: a self client";
  EXPECT_EQ(flow.grant_code_seconds_left(kNow), std::nullopt) << "the code is spent";
  EXPECT_EQ(out.status(), "Exchanging the pasted grant code at https://accounts.zoho.com/oauth/v2/token...");
  EXPECT_EQ(error_code(flow.exchange_pasted("1000.abc", p, kNow, out)), "self_client.reused");
  flow.release_code("1000.abc");
  EXPECT_EQ(error_code(flow.exchange_pasted("1000.abc", p, kNow, out)), "(succeeded)");
}

TEST(AuthorizationFlow, TheDemoGeneratesGrantCodesForItsSelfClientOnly) {
  AuthorizationFlow flow(kBase);
  Outbox out;
  Profile p = us_profile();
  p.client_type = ClientType::kSelf;
  EXPECT_EQ(error_code(flow.generate_demo_code(p, kNow, out)), "self_client.not_demo");
  p.data_centre = "demo";
  flow.set_grant_code_minutes(7);
  Result<Call> call = flow.generate_demo_code(p, kNow, out);
  ASSERT_OK(call);
  EXPECT_EQ(call.value().request.url, std::string(kBase) + "demo/accounts/oauth/v2/self-client/code");
  EXPECT_EQ(call.value().request.body,
            "client_id=1000.CLIENT&client_secret=secret&scope=ZohoCRM.modules.leads.ALL&minutes=7");
  EXPECT_EQ(call.value().flight.purpose, Purpose::kSelfCode);
  flow.on_generated_code({500, {}, R"({"error":"invalid_client"})"}, p, kNow, out);
  EXPECT_EQ(error_code(out.error()), "self_client.generate");
  ASSERT_TRUE(out.error().has_value());
  EXPECT_EQ(out.error()->message,
            "The demo's API console made no code: invalid_client. Check Client Id, Client Secret and Scopes.");
  EXPECT_EQ(flow.take_generated_code(), "");
  flow.on_generated_code({200, {}, R"({"code":"1000.gen"})"}, p, kNow, out);
  EXPECT_EQ(flow.take_generated_code(), "1000.gen");
  EXPECT_EQ(flow.take_generated_code(), "") << "taken once";
  EXPECT_EQ(flow.grant_code_seconds_left(kNow + 60), 7 * 60 - 60);
  EXPECT_EQ(out.status(), "The demo's API console generated a grant code for ZohoCRM.modules.leads.ALL (it lives 7 "
                          "minutes). It is in the Grant Code box: press Exchange code.");
}

}  // namespace
}  // namespace zc
