// The console's model against an OAuth 2.0 server that is not Zoho (issue 10): a public client with PKCE
// and no secret, RFC 9207's `iss`, RFC 6749 seconds for expires_in, the server's own wording of errors,
// the page's Content-Security-Policy refusing a request, and the token endpoint's temporary failures and
// throttle as the model handles them. The server is scripted here (its answers are literal RFC shapes);
// tests/e2e/custom_provider.test.mjs drives the console's UI against oidc-provider, a server we did not
// write.
#include <gtest/gtest.h>

#include <functional>

#include "console/model.hpp"
#include "oauth/percent.hpp"
#include "draft_edit.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::DraftEdit;
using testing::error_code;
using testing::value_of;
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr const char* kBase = "http://127.0.0.1:8000/";
constexpr const char* kIssuer = "http://127.0.0.1:3000";

// Carries out the model's effects; HTTP goes to `server` (a scripted stand-in), storage to a map.
struct ScriptedShell {
  Model model{{kBase, kBase}};
  std::function<HttpResponse(const HttpRequest&)> server;
  std::vector<HttpRequest> sent;
  std::string navigated_to;
  std::map<std::string, std::map<std::string, json>> store;
  std::int64_t now = kNow;

  void run() {
    for (Effect& effect : model.take_effects()) {
      if (const auto* put = std::get_if<StorePut>(&effect)) store[put->store][put->key] = put->value;
      if (const auto* gone = std::get_if<StoreDelete>(&effect)) store[gone->store].erase(gone->key);
      if (const auto* go = std::get_if<Navigate>(&effect)) navigated_to = go->url;
      const auto* e = std::get_if<Http>(&effect);
      if (e == nullptr) continue;
      if (e->lock) {
        const auto it = store[e->lock->store].find(e->lock->key);
        if (!model.proceed_under_lock(e->request_id, it == store[e->lock->store].end() ? json() : it->second, now)) continue;
      }
      sent.push_back(e->request);
      model.http_response(e->request_id, server(e->request), now);
      run();
    }
  }

  // A saved custom profile: a public client (no secret) with PKCE.
  void save_public_client(const std::string& issuer = "") {
    model.load(json::array(), json::array(), json::array(), now, "c-1");
    model.set_draft_provider(Provider::kCustom);
    {
      DraftEdit edit(model);
      Profile& p = edit.profile();
      p.name = "Local IdP";
      p.client_id = "console-public";
      p.client_secret = "";
      p.client_authentication = ClientAuthentication::kNone;
      p.pkce = true;
      p.scopes = {"openid", "offline_access"};
      p.authorization_url = std::string(kIssuer) + "/auth";
      p.token_url = std::string(kIssuer) + "/token";
      p.refresh_token_url = "";
      p.issuer = issuer;
    }
    ASSERT_FALSE(model.save_draft(now).has_value()) << model.status();
    run();
  }

  // Authorize, then come back with `query` appended to the redirect URI.
  void authorize_and_return(const std::string& query) {
    ASSERT_FALSE(model.authorize("st-1_______________________________________", now, std::string(43, 'v'), "challenge-of-v").has_value()) << model.status();
    run();
    ASSERT_FALSE(navigated_to.empty());
    model.handle_callback(std::string(kBase) + "?" + query, now);
    run();
  }
};

HttpResponse json_answer(int status, const std::string& body) {
  return {status, {{"Content-Type", "application/json"}}, body};
}

TEST(CustomProvider, ThePublicClientSendsNoSecretAndReadsSecondsAndRefreshes) {
  ScriptedShell s;
  s.server = [](const HttpRequest&) {
    return json_answer(200, R"({"access_token":"at-1","refresh_token":"rt-1","token_type":"Bearer","expires_in":172800,"scope":"openid offline_access"})");
  };
  s.save_public_client();
  s.authorize_and_return("code=c-1&state=st-1_______________________________________&iss=http%3A%2F%2F127.0.0.1%3A3000");
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_NE(s.navigated_to.find("code_challenge=challenge-of-v&code_challenge_method=S256"), std::string::npos);
  EXPECT_NE(s.navigated_to.find("scope=openid%20offline_access"), std::string::npos);
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.sent[0].url, "http://127.0.0.1:3000/token");
  const Params body = form_parse(s.sent[0].body);
  const Params expected = {{"grant_type", "authorization_code"}, {"code", "c-1"}, {"redirect_uri", kBase},
                           {"client_id", "console-public"}, {"code_verifier", std::string(43, 'v')}};
  EXPECT_EQ(body, expected) << s.sent[0].body;
  EXPECT_EQ(header_value(s.sent[0].headers, "Authorization"), "");
  const TokenSet* t = s.model.tokens_for("c-1");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->expires_at, kNow + 172800) << "two days in seconds, not 172 s";
  EXPECT_EQ(t->api_domain, "") << "a custom provider has no Zoho API domain";

  ASSERT_FALSE(s.model.refresh("c-1", "", s.now).has_value());
  s.run();
  ASSERT_EQ(s.sent.size(), 2u);
  const Params refresh = form_parse(s.sent[1].body);
  const Params expected_refresh = {{"grant_type", "refresh_token"}, {"refresh_token", "rt-1"}, {"client_id", "console-public"}};
  EXPECT_EQ(refresh, expected_refresh);
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
}

TEST(CustomProvider, AForgedIssIsRefusedAndNothingIsSent) {
  ScriptedShell s;
  s.server = [](const HttpRequest&) { return json_answer(200, R"({"access_token":"at"})"); };
  s.save_public_client();
  s.authorize_and_return("code=c-1&state=st-1_______________________________________&iss=https%3A%2F%2Fevil.example");
  EXPECT_EQ(s.model.phase(), FlowPhase::kError);
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.iss");
  EXPECT_EQ(s.model.flow_error()->source, "RFC 9207 s2.4");
  EXPECT_TRUE(s.sent.empty()) << "the code never reached any token endpoint";
  EXPECT_TRUE(s.store["pending"].empty()) << "the pending authorization is spent";
}

TEST(CustomProvider, ATypedIssuerIsWhatIssMustEqual) {
  ScriptedShell s;
  s.server = [](const HttpRequest&) { return json_answer(200, R"({"access_token":"at","expires_in":3600})"); };
  s.save_public_client("https://idp.example/realms/console");
  s.authorize_and_return("code=c-1&state=st-1_______________________________________&iss=http%3A%2F%2F127.0.0.1%3A3000");
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.iss");
  ScriptedShell ok;
  ok.server = s.server;
  ok.save_public_client("https://idp.example/realms/console");
  ok.authorize_and_return("code=c-1&state=st-1_______________________________________&iss=https%3A%2F%2Fidp.example%2Frealms%2Fconsole");
  EXPECT_EQ(ok.model.phase(), FlowPhase::kAuthorized) << ok.model.status();
}

TEST(CustomProvider, InvalidClientIsWordedForTheProvider) {
  ScriptedShell s;
  s.server = [](const HttpRequest&) {
    return json_answer(401, R"({"error":"invalid_client","error_description":"client authentication failed"})");
  };
  s.save_public_client();
  s.authorize_and_return("code=c-1&state=st-1_______________________________________");
  ASSERT_TRUE(s.model.flow_error());
  const Error& e = *s.model.flow_error();
  EXPECT_EQ(e.code, "invalid_client");
  EXPECT_EQ(e.message.find("Zoho"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("Multi-DC"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("http://127.0.0.1:3000/token"), std::string::npos) << e.message;
}

TEST(CustomProvider, APolicyRefusalIsNamedWithItsFix) {
  ScriptedShell s;
  s.server = [](const HttpRequest&) {
    HttpResponse r;  // status 0, as the browser reports a request its page's connect-src refused
    r.blocked_by_policy = true;
    return r;
  };
  s.save_public_client();
  s.authorize_and_return("code=c-1&state=st-1_______________________________________");
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "network.csp_blocked");
  EXPECT_NE(s.model.flow_error()->message.find("--connect-origin http://127.0.0.1:3000"), std::string::npos)
      << s.model.flow_error()->message;
  EXPECT_EQ(s.model.flow_error()->message.find("CORS,"), std::string::npos);
  // The same status 0 without the policy's report is the CORS/network explanation, worded for the provider.
  ScriptedShell cors;
  cors.server = [](const HttpRequest&) { return HttpResponse{}; };
  cors.save_public_client();
  cors.authorize_and_return("code=c-1&state=st-1_______________________________________");
  ASSERT_TRUE(cors.model.flow_error());
  EXPECT_EQ(error_code(cors.model.flow_error()), "network.status_0");
  EXPECT_EQ(cors.model.flow_error()->message.find("Zoho"), std::string::npos) << cors.model.flow_error()->message;
}

TEST(CustomProvider, PublicClientSavesWithoutSecretButConfidentialNeedsOne) {
  ScriptedShell s;
  s.save_public_client();
  EXPECT_EQ(s.store["profiles"].count("c-1"), 1u);
  DraftEdit(s.model)->client_authentication = ClientAuthentication::kBasic;
  auto e = s.model.save_draft(s.now);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "profile.Client Secret");
  EXPECT_NE(e->message.find("Client authentication to none"), std::string::npos) << e->message;
  EXPECT_EQ(s.store["profiles"]["c-1"]["clientAuthentication"], "none") << "nothing saved is lost";
}

// Issue 10, case 1: after the token endpoint's throttle, automatic refresh waits Zoho's 10-minute window
// out (no loop), and a manual refresh is held back with the time left.
TEST(CustomProvider, ThrottledRefreshBacksOffForTheWholeWindow) {
  ScriptedShell s;
  int refreshes = 0;
  s.server = [&](const HttpRequest& r) {
    if (r.body.find("grant_type=refresh_token") == std::string::npos) {
      return json_answer(200, R"({"access_token":"at-1","refresh_token":"rt-1","expires_in":3600})");
    }
    ++refreshes;
    return json_answer(400, R"({"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"})");
  };
  s.save_public_client();
  s.authorize_and_return("code=c-1&state=st-1_______________________________________");
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized);
  s.model.set_enabled(true, s.now);
  s.run();
  s.now = kNow + 3600 - 200;  // inside the refresh lead: the first automatic attempt
  s.model.tick(s.now);
  s.run();
  ASSERT_EQ(refreshes, 1);
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "rate_limited");
  for (std::int64_t t = s.now + 1; t < s.now + 600; t += 30) {
    s.model.tick(t);
    s.run();
  }
  EXPECT_EQ(refreshes, 1) << "no automatic request inside the 600 s window";
  auto manual = s.model.refresh("c-1", "", s.now + 599);
  ASSERT_TRUE(manual);
  EXPECT_EQ(manual->code, "refresh.rate_limited");
  EXPECT_NE(manual->message.find("1 s"), std::string::npos) << manual->message;
  s.run();
  EXPECT_EQ(refreshes, 1);
  s.model.tick(s.now + 600);
  s.run();
  EXPECT_EQ(refreshes, 2) << "one try once the window has passed";
}

TEST(CustomProvider, GatewayFailureOnRefreshIsTemporary) {
  ScriptedShell s;
  s.server = [&](const HttpRequest& r) {
    if (r.body.find("grant_type=refresh_token") == std::string::npos) {
      return json_answer(200, R"({"access_token":"at-1","refresh_token":"rt-1","expires_in":3600})");
    }
    return HttpResponse{502, {{"Content-Type", "text/html"}}, "<html><body><h1>502 Bad Gateway</h1></body></html>"};
  };
  s.save_public_client();
  s.authorize_and_return("code=c-1&state=st-1_______________________________________");
  ASSERT_FALSE(s.model.refresh("c-1", "", s.now).has_value());
  s.run();
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "http.502");
  EXPECT_NE(s.model.flow_error()->message.find("temporary failure"), std::string::npos);
  const TokenSet* t = s.model.tokens_for("c-1");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->refresh_token, "rt-1") << "the stored token set is kept";
}

// A custom profile whose issuer names a Zoho accounts server still refreshes at its own Refresh Token URL:
// its refresh token and secret go nowhere else.
TEST(CustomProvider, RefreshNeverLeavesTheProvidersOwnUrl) {
  ScriptedShell s;
  s.server = [](const HttpRequest&) { return json_answer(200, R"({"access_token":"at","refresh_token":"rt","expires_in":3600})"); };
  s.save_public_client("https://accounts.zoho.com");
  s.authorize_and_return("code=c-1&state=st-1_______________________________________&iss=https%3A%2F%2Faccounts.zoho.com");
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  ASSERT_FALSE(s.model.refresh("c-1", "", s.now).has_value());
  s.run();
  ASSERT_EQ(s.sent.size(), 2u);
  EXPECT_EQ(s.sent[1].url, "http://127.0.0.1:3000/token");
  auto revoke = s.model.revoke("c-1", "", s.now);
  ASSERT_TRUE(revoke);
  EXPECT_EQ(revoke->code, "revoke.endpoint");
  EXPECT_EQ(s.sent.size(), 2u) << "nothing sent to Zoho's revoke endpoint";
}

// Switching the form to Zoho to look, and back, loses nothing typed for the custom provider.
TEST(CustomProvider, SwitchingProvidersBackAndForthKeepsTheCustomFields) {
  ScriptedShell s;
  s.save_public_client("https://idp.example/realms/a");
  s.model.set_draft_provider(Provider::kZoho);
  EXPECT_EQ(s.model.draft().token_url.rfind("http://127.0.0.1:8000/demo/", 0), 0u) << s.model.draft().token_url;
  EXPECT_EQ(s.model.draft().issuer, "");
  s.model.set_draft_provider(Provider::kCustom);
  EXPECT_EQ(s.model.draft().authorization_url, "http://127.0.0.1:3000/auth");
  EXPECT_EQ(s.model.draft().token_url, "http://127.0.0.1:3000/token");
  EXPECT_EQ(s.model.draft().issuer, "https://idp.example/realms/a");
  EXPECT_FALSE(s.model.draft_is_dirty()) << "back where it was";
}

}  // namespace
}  // namespace zc
