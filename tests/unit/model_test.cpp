#include "console/model.hpp"

#include <gtest/gtest.h>

#include "demo_flow.hpp"
#include "draft_edit.hpp"
#include "oauth/pkce.hpp"
#include "zoho/crm.hpp"
#include "zoho/data_centres.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::DraftEdit;
using testing::error_code;
using testing::value_of;
namespace {

using nlohmann::json;
using testing::kBase;

constexpr std::int64_t kNow = 1'700'000'000;

// Plays the browser shell: carries out effects in order against the in-process demo server and an
// in-memory store, exactly as wasm/ does against IndexedDB, emscripten_fetch and the service worker.
struct Shell {
  Model model{{kBase, kBase}};
  DemoServer demo{kBase};
  std::map<std::string, std::map<std::string, json>> store;
  std::string address = kBase;  // the address bar
  std::string navigated_to;
  std::vector<HttpRequest> sent;
  std::int64_t now = kNow;

  void run() {
    for (Effect& effect : model.take_effects()) {
      if (const auto* put = std::get_if<StorePut>(&effect)) store[put->store][put->key] = put->value;
      if (const auto* gone = std::get_if<StoreDelete>(&effect)) store[gone->store].erase(gone->key);
      if (const auto* go = std::get_if<Navigate>(&effect)) navigated_to = go->url;
      if (const auto* replace = std::get_if<ReplaceUrl>(&effect)) address = replace->url;
      const auto* e = std::get_if<Http>(&effect);
      if (e == nullptr) continue;
      if (e->lock) {
        // The browser takes the cross-tab lock and reads the record inside it (web/shell.js).
        const auto& tokens = store[e->lock->store];
        const auto it = tokens.find(e->lock->key);
        if (!model.proceed_under_lock(e->request_id, it == tokens.end() ? json() : it->second, now)) continue;
      }
      sent.push_back(e->request);
      HttpResponse r =
          demo.handles(e->request.url)
              ? demo.handle(testing::with_verifier_digest(
                                {e->request.method, e->request.url, e->request.headers, e->request.body, ""}),
                            now, testing::entropy())
              : HttpResponse{0, {}, ""};  // a real host from here: no network, status 0
      model.http_response(e->request_id, r, now);
      run();
    }
  }

  // A store as the browser hands it over: one object {storage key: record} (web/shell.js), as a list.
  json records(const std::string& name) const {
    json out = json::object();
    if (auto it = store.find(name); it != store.end()) {
      for (const auto& [k, v] : it->second) out[k] = v;
    }
    return record_list(std::move(out));
  }

  // A fresh page load: a new model reading what storage holds (what a reload does).
  void reload() {
    model = Model({kBase, kBase});
    model.load(records("profiles"), records("tokens"), records("pending"), now, "p-fresh");
    run();
  }

  // Authorize, then consent on the demo page as a person would, then land back on the console.
  void authorize_and_consent(const std::string& decision, const std::string& dc, const std::string& state = "st-1_______________________________________",
                             const std::string& verifier = "", const std::string& challenge = "") {
    ASSERT_FALSE(model.authorize(state, now, verifier, challenge).has_value());
    run();
    ASSERT_FALSE(navigated_to.empty());
    const std::string back = testing::consent(demo, navigated_to, decision, dc, now);
    ASSERT_FALSE(back.empty());
    address = back;
    reload();  // the redirect back is a new page load
    model.handle_callback(address, now);
    run();
  }

  // Authorize with `state`, consent on the demo `wait` seconds later (US, accept), and land back: the
  // callback is handled but its effects are not run yet (the test runs or inspects them). Returns the
  // callback's address.
  std::string return_from_consent(const std::string& state, std::int64_t wait = 0) {
    EXPECT_EQ(testing::error_code(model.authorize(state, now)), "(no error)");
    run();
    now += wait;
    const std::string back = testing::consent(demo, navigated_to, "accept", "us", now);
    EXPECT_FALSE(back.empty());
    reload();
    model.handle_callback(back, now);
    return back;
  }
};

TEST(Model, FirstVisitDraftIsTheDemoProfile) {
  Shell s;
  s.reload();
  EXPECT_EQ(s.model.draft().data_centre, "demo");
  EXPECT_EQ(s.model.draft().client_id, kDemoClientId);
  EXPECT_EQ(s.model.draft().redirect_uri, kBase);
  EXPECT_TRUE(s.model.authorization_url_preview().ok());
}

TEST(Model, AnImportRefusedLeavesTheFlowAsItWas) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  s.authorize_and_consent("accept", "us");
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized);
  auto e = s.model.import_profile(R"({"version":1,"name":5})", "p-bad", s.now);
  ASSERT_TRUE(e);
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << "the token set on screen is as it was";
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "profile.name");
  EXPECT_NE(s.model.status().find("Not imported"), std::string::npos);
}

// Sign in with Zoho: the nonce the authorization sent is stored with the id_token that came back, so a
// verification after a reload still checks it (it was refused as "nonce" when only the page remembered it).
TEST(Model, TheNonceSentStaysWithTheIdTokenAcrossAReload) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->scopes = {"ZohoCRM.modules.leads.ALL", "openid", "email"};
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  const std::string nonce = "n-0S6_WzA2Mj-0S6_WzA2Mj-0S6_WzA2Mj-0S6_WzA2M";
  ASSERT_FALSE(s.model.authorize("st-oidc____________________________________", s.now, "", "", "", nonce).has_value());
  s.run();
  ASSERT_NE(s.navigated_to.find("nonce=" + nonce), std::string::npos) << s.navigated_to;
  const std::string back = testing::consent(s.demo, s.navigated_to, "accept", "us", s.now);
  s.reload();
  s.model.handle_callback(back, s.now);
  // The exchange goes to the demo; its answer is handed on with an id_token, as a signing host adds one.
  bool exchanged = false;
  for (Effect& effect : s.model.take_effects()) {
    const auto* e = std::get_if<Http>(&effect);
    if (e == nullptr) continue;
    HttpResponse r = s.demo.handle(testing::with_verifier_digest(
                                       {e->request.method, e->request.url, e->request.headers, e->request.body, ""}),
                                   s.now, testing::entropy());
    json body = json::parse(r.body);
    ASSERT_TRUE(body.contains("access_token")) << r.body;
    body["id_token"] = "eyJhbGciOiJSUzI1NiJ9.eyJub25jZSI6Im4ifQ.c2ln";
    r.body = body.dump();
    s.model.http_response(e->request_id, r, s.now);
    exchanged = true;
    break;
  }
  ASSERT_TRUE(exchanged);
  s.run();
  const std::string id = s.model.selected_profile_id();
  ASSERT_NE(s.model.tokens_for(id), nullptr);
  EXPECT_EQ(s.model.tokens_for(id)->id_token_nonce, nonce);
  s.reload();
  ASSERT_NE(s.model.tokens_for(id), nullptr);
  EXPECT_EQ(s.model.tokens_for(id)->id_token_nonce, nonce) << "kept in storage with the id_token";
}

TEST(Model, WholeDemoFlowAuthorizesAndPersists) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  EXPECT_EQ(s.records("profiles").size(), 1u);
  s.authorize_and_consent("accept", "us");
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_EQ(s.address, kBase) << "code and state must leave the address bar";
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.sent[0].url, std::string(kBase) + "demo/accounts/oauth/v2/token");
  EXPECT_TRUE(s.records("pending").empty());
  const std::string id = s.model.selected_profile_id();
  s.reload();
  const TokenSet* t = s.model.tokens_for(id);
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->access_token.empty());
  EXPECT_FALSE(t->refresh_token.empty());
  EXPECT_EQ(t->api_domain, std::string(kBase) + "demo/api");
  EXPECT_EQ(t->expires_at, s.now + 3600);
}

TEST(Model, UserOnAnotherDataCentreSendsTheTokenRequestThere) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "eu");
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.sent[0].url, std::string(kBase) + "demo/eu/accounts/oauth/v2/token");
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized);
  EXPECT_EQ(s.model.tokens_for(s.model.selected_profile_id())->api_domain, std::string(kBase) + "demo/eu/api");
}

TEST(Model, DenyShowsAccessDeniedAndSendsNothing) {
  Shell s;
  s.reload();
  s.authorize_and_consent("deny", "us");
  EXPECT_EQ(s.model.phase(), FlowPhase::kError);
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "access_denied");
  EXPECT_TRUE(s.sent.empty());
}

TEST(Model, ProfileStartedOnUsReceivingEuSendsTokenRequestToEu) {
  Shell s;
  s.reload();
  s.model.set_draft_data_centre("us");
  DraftEdit(s.model)->client_id = "1000.REAL";
  DraftEdit(s.model)->client_secret = "secret";
  ASSERT_FALSE(s.model.authorize("st-us______________________________________", s.now).has_value());
  s.run();
  EXPECT_EQ(s.navigated_to.rfind("https://accounts.zoho.com/oauth/v2/auth?", 0), 0u);
  s.model.handle_callback(std::string(kBase) + "?code=X&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu&state=st-us______________________________________&",
                          s.now);
  s.run();
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.sent[0].url, "https://accounts.zoho.eu/oauth/v2/token");
  // No network to the real Zoho here: status 0, explained as such, never invalid_grant.
  EXPECT_EQ(error_code(s.model.flow_error()), "network.status_0");
  EXPECT_EQ(s.model.status().find("invalid_grant"), std::string::npos);
}

TEST(Model, ForeignAccountsServerRefusedNothingSent) {
  Shell s;
  s.reload();
  s.model.set_draft_data_centre("us");
  DraftEdit(s.model)->client_id = "1000.REAL";
  DraftEdit(s.model)->client_secret = "secret";
  s.model.authorize("st-x_______________________________________", s.now);
  s.run();
  s.model.handle_callback(std::string(kBase) +
                              "?code=X&state=st-x_______________________________________&accounts-server=https%3A%2F%2Faccounts.zoho.eu.attacker.example",
                          s.now);
  s.run();
  EXPECT_TRUE(s.sent.empty());
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.accounts_server");
}

TEST(Model, CustomProviderNeverFollowsAZohoAccountsServer) {
  Shell s;
  s.reload();
  s.model.new_draft("p-custom");
  {
    DraftEdit edit(s.model);
    Profile& p = edit.profile();
    p.name = "Custom";
    p.provider = Provider::kCustom;
    p.client_id = "cid";
    p.client_secret = "CUSTOM-SECRET-VALUE";
    p.scopes = {"openid"};
    p.authorization_url = "https://idp.example/authorize";
    p.token_url = "https://idp.example/token";
    p.refresh_token_url = "https://idp.example/token";
  }
  ASSERT_FALSE(s.model.authorize("st-c_______________________________________", s.now).has_value());
  s.run();
  s.model.handle_callback(std::string(kBase) + "?code=X&state=st-c_______________________________________&accounts-server=https%3A%2F%2Faccounts.zoho.eu", s.now);
  s.run();
  EXPECT_TRUE(s.sent.empty()) << "the custom client secret must not go to " << s.sent[0].url;
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.accounts_server");
}

TEST(Model, HostileCallbacksLeaveASerializableSnapshot) {
  Shell s;
  s.reload();
  s.model.authorize("st-h_______________________________________", s.now);
  s.run();
  s.model.handle_callback(std::string(kBase) + "?state=st-h_______________________________________&error=%ff%00network.status_0&error_description=%ff", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "networkstatus_0");
  s.model.handle_callback(std::string(kBase) + "?state=x&%ff=1&%ff=2", s.now);
  EXPECT_NO_THROW(s.model.snapshot(s.now).dump());
}

TEST(Model, UnknownStateAndDuplicateParametersRefused) {
  Shell s;
  s.reload();
  s.model.handle_callback(std::string(kBase) + "?code=X&state=never-issued", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.state_unknown");
  s.model.authorize("st-d_______________________________________", s.now);
  s.run();
  s.model.handle_callback(std::string(kBase) + "?state=st-d_______________________________________&state=st-d_______________________________________&code=x", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.duplicate_parameter");
  EXPECT_TRUE(s.sent.empty());
}

TEST(Model, ExpiredPendingAuthorizationRefused) {
  Shell s;
  s.reload();
  s.model.authorize("st-old_____________________________________", s.now);
  s.run();
  s.now += kPendingLifetime + 1;
  s.model.handle_callback(std::string(kBase) + "?code=X&state=st-old_____________________________________", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.state_expired");
  EXPECT_TRUE(s.sent.empty());
}

TEST(Model, ExpiredPendingAuthorizationRefusedAsExpiredAfterTheRedirectReloadsThePage) {
  Shell s;
  s.reload();
  s.model.authorize("st-late____________________________________", s.now);
  s.run();
  s.now += kPendingLifetime + 1;
  s.reload();  // the redirect back is a new page load: storage still holds the old entry
  EXPECT_EQ(s.store["pending"].count("st-late____________________________________"), 0u) << "an expired entry leaves storage at load";
  s.model.handle_callback(std::string(kBase) + "?code=X&state=st-late____________________________________", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.state_expired");
  EXPECT_TRUE(s.sent.empty());
}

TEST(Model, AReloadDuringTheCodeExchangeIsReportedAsInterruptedNotLostSilently) {
  Shell s;
  s.reload();
  s.model.authorize("st-cut_____________________________________", s.now);
  s.run();
  const std::string back = testing::consent(s.demo, s.navigated_to, "accept", "us", s.now);
  s.model.handle_callback(back, s.now);
  std::vector<Effect> effects = s.model.take_effects();  // the exchange is sent; no answer comes
  for (const Effect& e : effects) {
    if (const auto* put = std::get_if<StorePut>(&e)) s.store[put->store][put->key] = put->value;
  }
  ASSERT_EQ(s.store["pending"].count("st-cut_____________________________________"), 1u);
  EXPECT_GT(s.store["pending"]["st-cut_____________________________________"]["exchangingSince"].get<std::int64_t>(), 0);
  s.address = s.model.snapshot(s.now)["selectedProfileId"];  // anything: the reload has no callback
  s.reload();
  EXPECT_EQ(s.model.phase(), FlowPhase::kError);
  EXPECT_EQ(error_code(s.model.flow_error()), "flow.interrupted");
  EXPECT_EQ(s.store["pending"].count("st-cut_____________________________________"), 0u) << "reported once, then gone";
  s.model.handle_callback(back, s.now);  // the same callback again: its state is spent
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.state_unknown");
}

TEST(Model, SameCallbackTwiceExchangesOnce) {
  Shell s;
  s.reload();
  s.model.authorize("st-2_______________________________________", s.now);
  s.run();
  const std::string back = testing::consent(s.demo, s.navigated_to, "accept", "us", s.now);
  s.model.handle_callback(back, s.now);
  s.run();
  s.model.handle_callback(back, s.now);  // a second render or a replayed URL
  s.run();
  EXPECT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized);
}

TEST(Model, SaveRefusesIncompleteProfileNamingTheFieldAndKeepsSaved) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  DraftEdit(s.model)->client_id.clear();
  auto e = s.model.save_draft(s.now);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, "profile.Client Id");
  EXPECT_NE(e->message.find("Client Id"), std::string::npos);
  s.run();
  EXPECT_EQ(s.records("profiles")[0]["clientId"], kDemoClientId);
  DraftEdit(s.model)->client_id = "1000.X";
  DraftEdit(s.model)->token_url = "not a url";
  EXPECT_EQ(error_code(s.model.save_draft(s.now)), "profile.Token URL");
}

TEST(Model, DataCentreFillsUrlsAndDemoCredentials) {
  Shell s;
  s.reload();
  s.model.new_draft("p-2");
  EXPECT_EQ(s.model.draft().authorization_url, "https://accounts.zoho.com/oauth/v2/auth");
  s.model.set_draft_data_centre("ca");
  EXPECT_EQ(s.model.draft().token_url, "https://accounts.zohocloud.ca/oauth/v2/token");
  EXPECT_EQ(s.model.draft().refresh_token_url, "https://accounts.zohocloud.ca/oauth/v2/token");
  EXPECT_TRUE(s.model.draft().client_id.empty());
  s.model.set_draft_data_centre("demo");
  EXPECT_EQ(s.model.draft().client_id, kDemoClientId);
  s.model.set_draft_data_centre("eu");
  EXPECT_TRUE(s.model.draft().client_id.empty());
}

TEST(Model, SwitchingProfilesKeepsUnsavedEditsAndNothingSavedChanges) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now));
  const std::string demo_id = s.model.draft().id;
  s.model.new_draft("p-eu");
  s.model.set_draft_data_centre("eu");
  DraftEdit(s.model)->name = "EU";
  DraftEdit(s.model)->client_id = "1000.EU";
  DraftEdit(s.model)->client_secret = "x";
  DraftEdit(s.model)->scopes = {"ZohoCRM.modules.leads.ALL"};
  ASSERT_FALSE(s.model.save_draft(s.now));
  s.run();
  DraftEdit(s.model)->name = "EU edited";
  s.model.select_profile(demo_id);
  EXPECT_EQ(s.model.draft().id, demo_id);
  s.model.select_profile("p-eu");
  EXPECT_EQ(s.model.draft().name, "EU edited") << "the unsaved edit came back";
  EXPECT_TRUE(s.model.draft_is_dirty());
  EXPECT_TRUE(s.model.has_unsaved("p-eu"));
  EXPECT_EQ(s.store["profiles"]["p-eu"]["name"], "EU") << "nothing unsaved reached storage";
  ASSERT_FALSE(s.model.save_draft(s.now));
  EXPECT_FALSE(s.model.has_unsaved("p-eu"));
}

TEST(Model, FlowPanelFollowsTheSelectedProfileAndASaveClearsItsError) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string demo_id = s.model.selected_profile_id();
  s.model.new_draft("p-new");
  EXPECT_EQ(s.model.phase(), FlowPhase::kIdle) << "a new profile is not authorized";
  EXPECT_TRUE(s.model.authorize("st-n_______________________________________", s.now).has_value()) << "an empty profile cannot authorize";
  EXPECT_EQ(s.model.phase(), FlowPhase::kError);
  size_t errors = 0;
  for (const LogEntry& e : s.model.log()) errors += e.kind == "error";
  EXPECT_EQ(errors, 1u) << "one click, one error line";
  DraftEdit(s.model)->name = "N";
  DraftEdit(s.model)->client_id = "1000.N";
  DraftEdit(s.model)->client_secret = "x";
  DraftEdit(s.model)->scopes = {"ZohoCRM.modules.leads.ALL"};
  ASSERT_FALSE(s.model.save_draft(s.now));
  EXPECT_EQ(s.model.phase(), FlowPhase::kIdle);
  EXPECT_FALSE(s.model.flow_error());
  s.model.select_profile(demo_id);
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized);
}

TEST(Model, ProfilesStaySortedByName) {
  Shell s;
  s.reload();
  for (const char* name : {"b", "a", "c"}) {
    s.model.new_draft(std::string("p-") + name);
    s.model.set_draft_data_centre("demo");
    DraftEdit(s.model)->name = name;
    DraftEdit(s.model)->scopes = {"ZohoCRM.modules.leads.ALL"};
    ASSERT_FALSE(s.model.save_draft(s.now));
  }
  ASSERT_EQ(s.model.profiles().size(), 3u);
  EXPECT_EQ(s.model.profiles()[0].name, "a");
  EXPECT_EQ(s.model.profiles()[2].name, "c");
}

TEST(Model, ImplicitGrantForAClientBasedApp) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kClient;
  DraftEdit(s.model)->client_secret.clear();
  ASSERT_NE(value_of(s.model.authorization_url_preview()).find("response_type=token"), std::string::npos);
  s.authorize_and_consent("accept", "eu", "st-i_______________________________________");
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_TRUE(s.sent.empty()) << "the implicit grant needs no token request";
  EXPECT_EQ(s.address, kBase) << "the token left the address bar";
  const TokenSet* t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->refresh_token.empty());
  EXPECT_EQ(t->api_domain, std::string(kBase) + "demo/eu/api");
  EXPECT_EQ(t->expires_at, s.now + 3600);
  EXPECT_TRUE(s.model.refresh(s.model.selected_profile_id(), "", s.now).has_value()) << "no refresh token to use";
}

TEST(Model, ImplicitTokenWithAForeignApiDomainRefused) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kClient;
  s.model.authorize("st-f_______________________________________", s.now);
  s.run();
  s.model.handle_callback(std::string(kBase) + "#access_token=1000.stolen0000000&api_domain=https%3A%2F%2Fevil.example&state=st-f_______________________________________",
                          s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.api_domain");
  EXPECT_EQ(s.model.tokens_for(s.model.selected_profile_id()), nullptr);
}

TEST(Model, CodeInTheQueryForAnImplicitAuthorizationRefused) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kClient;
  s.model.authorize("st-q_______________________________________", s.now);
  s.run();
  s.model.handle_callback(std::string(kBase) + "?code=X&state=st-q_______________________________________", s.now);
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.response_mode");
}

TEST(Model, PkceS256RoundTripAndAWrongVerifierRefused) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->pkce = true;
  EXPECT_EQ(error_code(s.model.authorize("st-p0______________________________________", s.now)), "authorize.pkce") << "PKCE needs a challenge";
  const std::string verifier = value_of(make_code_verifier(random_octets(32)));
  const std::string challenge = value_of(code_challenge_s256(sha256(verifier)));
  s.authorize_and_consent("accept", "us", "st-p_______________________________________", verifier, challenge);
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_NE(s.sent.back().body.find("code_verifier=" + verifier), std::string::npos);

  Shell wrong;
  wrong.reload();
  DraftEdit(wrong.model)->pkce = true;
  wrong.authorize_and_consent("accept", "us", "st-w_______________________________________", value_of(make_code_verifier(random_octets(32))), challenge);
  EXPECT_EQ(error_code(wrong.model.flow_error()), "invalid_code");
}

TEST(Model, SelfClientPastedCodeIsExchangedWithoutRedirectUri) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kSelf;
  EXPECT_EQ(error_code(s.model.authorize("st-s_______________________________________", s.now)), "authorize.self_client");
  const HttpResponse generated = testing::post_form(
      s.demo, std::string(kBase) + "demo/accounts/oauth/v2/self-client/code",
      form_serialize({{"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret},
                      {"scope", "ZohoCRM.modules.leads.ALL"}, {"minutes", "3"}}),
      s.now);
  const std::string code = nlohmann::json::parse(generated.body)["code"];
  ASSERT_FALSE(s.model.exchange_pasted_code("  " + code + "\n", s.now).has_value());
  s.run();
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_EQ(s.sent[0].body.find("redirect_uri"), std::string::npos);
  EXPECT_FALSE(s.model.tokens_for(s.model.selected_profile_id())->refresh_token.empty());
  EXPECT_EQ(error_code(s.model.exchange_pasted_code(code, s.now)), "self_client.reused");
  EXPECT_EQ(error_code(s.model.exchange_pasted_code(" ", s.now)), "self_client.code");
}

TEST(Model, APastedCodeThatFailedMayBeTriedAgainByHand) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kSelf;
  s.model.set_draft_data_centre("us");  // a real host from the Shell: status 0, nothing reached Zoho
  DraftEdit(s.model)->client_id = "1000.ABCDEFGHIJ0123456789";
  DraftEdit(s.model)->client_secret = "s";
  auto first = s.model.exchange_pasted_code("1000.retry", s.now);
  ASSERT_FALSE(first) << first->message;
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "network.status_0");
  EXPECT_FALSE(s.model.exchange_pasted_code("1000.retry", s.now)) << "not refused as reused";
  s.run();
  EXPECT_EQ(s.sent.size(), 2u);
}

TEST(Model, ASelfClientProfileSavesWithoutARedirectUri) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kSelf;
  DraftEdit(s.model)->redirect_uri.clear();
  EXPECT_FALSE(s.model.save_draft(s.now).has_value());
  DraftEdit(s.model)->client_type = ClientType::kServer;
  EXPECT_EQ(error_code(s.model.save_draft(s.now)), "profile.Redirect URI");
}

TEST(Model, SelfClientGrantCodeClockCountsFromEntryAndStopsOnExchange) {
  Shell s;
  s.reload();
  EXPECT_FALSE(s.model.grant_code_seconds_left(s.now).has_value());
  s.model.grant_code_edited("1000.abc", 1000);
  s.model.grant_code_edited("1000.abcd", 1030);  // editing does not restart the clock
  EXPECT_EQ(*s.model.grant_code_seconds_left(1060), 180 - 60);
  s.model.set_grant_code_minutes(10);
  EXPECT_EQ(*s.model.grant_code_seconds_left(1060), 600 - 60);
  s.model.set_grant_code_minutes(4);  // not a duration Zoho's API console offers
  EXPECT_EQ(s.model.grant_code_minutes(), 10);
  EXPECT_EQ(*s.model.grant_code_seconds_left(1700), -100);
  EXPECT_EQ(s.model.snapshot(1060)["grantCode"]["secondsLeft"], 540);
  s.model.grant_code_edited(" \n", 1100);
  EXPECT_FALSE(s.model.grant_code_seconds_left(1100).has_value());
  EXPECT_TRUE(s.model.snapshot(1100)["grantCode"]["secondsLeft"].is_null());
  s.model.grant_code_edited("1000.x", 1200);
  DraftEdit(s.model)->client_type = ClientType::kSelf;
  s.model.exchange_pasted_code("1000.x", 1210);
  EXPECT_FALSE(s.model.grant_code_seconds_left(1210).has_value()) << "a code works once: its clock stops";
}

// Two tabs share one storage: what one wrote, the other reads inside the refresh lock.
TEST(Model, TwoTabsRefreshOnceTheSecondAdoptsTheFirstTabsNewTokens) {
  Shell a;
  a.reload();
  a.authorize_and_consent("accept", "us");
  const std::string id = a.model.selected_profile_id();
  Shell b;
  b.store = a.store;
  b.reload();
  ASSERT_NE(b.model.tokens_for(id), nullptr) << "no token set";
  const std::string old_token = b.model.tokens_for(id)->access_token;

  ASSERT_FALSE(b.model.refresh(id, "", b.now));  // tab B asks first, and waits for the lock
  std::vector<Effect> waiting = b.model.take_effects();
  ASSERT_EQ(waiting.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<Http>(waiting[0]));
  ASSERT_TRUE(std::get<Http>(waiting[0]).lock.has_value());
  EXPECT_EQ(std::get<Http>(waiting[0]).lock->name, "zoho-auth-console refresh " + id + "/");
  EXPECT_EQ(std::get<Http>(waiting[0]).lock->key, id + "/");

  a.sent.clear();
  ASSERT_FALSE(a.model.refresh(id, "", a.now));  // tab A holds the lock and refreshes
  a.run();
  ASSERT_EQ(a.sent.size(), 1u);
  ASSERT_NE(a.model.tokens_for(id), nullptr) << "no token set";
  const std::string fresh = a.model.tokens_for(id)->access_token;
  ASSERT_NE(fresh, old_token);

  // Tab B gets the lock now and reads what A stored: nothing is sent, A's token is adopted.
  EXPECT_FALSE(b.model.proceed_under_lock(std::get<Http>(waiting[0]).request_id, a.store["tokens"][id + "/"], b.now));
  EXPECT_EQ(b.model.tokens_for(id)->access_token, fresh);
  EXPECT_FALSE(b.model.busy());
  EXPECT_NE(b.model.status().find("Another tab refreshed"), std::string::npos);

  // With storage unchanged since it asked, the tab proceeds; with the set gone, it drops the request.
  ASSERT_FALSE(b.model.refresh(id, "", b.now));
  waiting = b.model.take_effects();
  ASSERT_TRUE(std::holds_alternative<Http>(waiting[0]));
  EXPECT_TRUE(b.model.proceed_under_lock(std::get<Http>(waiting[0]).request_id, a.store["tokens"][id + "/"], b.now));
  Shell c;
  c.store = a.store;
  c.reload();
  ASSERT_FALSE(c.model.refresh(id, "", c.now));
  waiting = c.model.take_effects();
  ASSERT_TRUE(std::holds_alternative<Http>(waiting[0]));
  EXPECT_FALSE(c.model.proceed_under_lock(std::get<Http>(waiting[0]).request_id, json(), c.now));
  EXPECT_EQ(c.model.tokens_for(id), nullptr);
}

TEST(Model, ChangesFromAnotherTabUpdateProfilesAndTokensInPlace) {
  Shell a;
  a.reload();
  a.authorize_and_consent("accept", "us");
  const std::string id = a.model.selected_profile_id();
  Shell b;
  b.store = a.store;
  b.reload();

  DraftEdit(a.model)->name = "Renamed in tab A";
  ASSERT_FALSE(a.model.save_draft(a.now));
  a.run();
  const std::uint64_t replaced = b.model.draft_replaced();
  b.model.external_change("profiles", id, a.store["profiles"][id], b.now);
  EXPECT_EQ(b.model.profiles()[0].name, "Renamed in tab A");
  EXPECT_EQ(b.model.draft().name, "Renamed in tab A") << "the form follows when it holds no edit";
  EXPECT_EQ(b.model.draft_replaced(), replaced + 1) << "so the form stops a field being edited";

  DraftEdit(b.model)->name = "My edit in tab B";
  DraftEdit(a.model)->scopes.push_back("ZohoCRM.users.READ");
  ASSERT_FALSE(a.model.save_draft(a.now));
  a.run();
  b.model.external_change("profiles", id, a.store["profiles"][id], b.now);
  EXPECT_EQ(b.model.draft().name, "My edit in tab B") << "an unsaved edit is never lost";
  EXPECT_EQ(b.model.draft_replaced(), replaced + 1) << "the draft was not replaced";
  EXPECT_EQ(b.model.profiles()[0].scopes.size(), 2u);
  EXPECT_NE(b.model.status().find("unsaved edits here are kept"), std::string::npos);

  a.model.forget(id, "", a.now);
  a.run();
  b.model.external_change("tokens", id + "/", json(), b.now);
  EXPECT_EQ(b.model.tokens_for(id), nullptr);
  b.model.external_change("tokens", id + "/", json{{"tokens", "not a token set"}}, b.now);
  EXPECT_EQ(b.model.tokens_for(id), nullptr) << "a malformed record is ignored";
  b.model.external_change("profiles", "p-other", json{{"version", 1}, {"id", "someone-else"}}, b.now);
  EXPECT_EQ(b.model.profiles().size(), 1u);
}

TEST(Model, QuarantinedRecordsAreReportedNotDropped) {
  Shell s;
  s.reload();
  s.model.storage_quarantined(json::array({{{"store", "tokens"}, {"key", "p-1/"}, {"reason", "decryption failed"}}}), s.now);
  EXPECT_NE(s.model.storage_warning().find("1 stored record(s) could not be read"), std::string::npos);
  EXPECT_NE(s.model.storage_warning().find("tokens 'p-1/'"), std::string::npos);
  EXPECT_NE(s.model.log().back().text.find("decryption failed"), std::string::npos);
}

TEST(Model, ARelayURLCarriesAccountsServerCallsOnly) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->relay_url = "http://localhost:8000/relay?x=1";
  EXPECT_EQ(error_code(s.model.save_draft(s.now)), "profile.Relay URL");
  DraftEdit(s.model)->relay_url = "not a url";
  EXPECT_EQ(error_code(s.model.save_draft(s.now)), "profile.Relay URL");
  DraftEdit(s.model)->relay_url = "http://localhost:8000/relay";
  DraftEdit(s.model)->data_centre = "us";
  s.model.set_draft_data_centre("us");
  DraftEdit(s.model)->client_secret = "s3cr3t-value";
  ASSERT_FALSE(s.model.save_draft(s.now));
  s.model.exchange_pasted_code("1000.abc", s.now);  // any exchange shows the routing
  s.run();
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.sent[0].url, "http://localhost:8000/relay?target=https%3A%2F%2Faccounts.zoho.com%2Foauth%2Fv2%2Ftoken");
  EXPECT_NE(s.sent[0].body.find("client_secret=s3cr3t-value"), std::string::npos) << "the body is unchanged";
  bool logged = false;
  for (const LogEntry& e : s.model.log()) logged |= e.text.find("(via relay http://localhost:8000/relay)") != std::string::npos;
  EXPECT_TRUE(logged);
  EXPECT_EQ(nlohmann::json::parse(s.model.export_profile(s.model.draft().id, false))["relayUrl"],
            "http://localhost:8000/relay");
}

TEST(Model, ExportAllProfilesAndImportTheListBack) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now));
  s.model.duplicate_profile(s.model.draft().id, "p-copy", s.now);
  const std::string all = s.model.export_all_profiles(true);
  ASSERT_TRUE(nlohmann::json::parse(all).is_array());
  Shell other;
  other.reload();
  ASSERT_FALSE(other.model.import_profile(all, "p-in", other.now));
  EXPECT_EQ(other.model.profiles().size(), 2u);
  EXPECT_NE(other.model.status().find("Imported 2 profile(s)."), std::string::npos) << other.model.status();
  auto bad = other.model.import_profile(R"([{"version":1,"name":"ok","dataCenter":"us","clientId":"x","scopes":["a"],"redirectUri":"https://a.example/"},{"version":2}])", "p-bad", other.now);
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->message.find("profile 2 of 2"), std::string::npos) << bad->message;
  EXPECT_EQ(other.model.profiles().size(), 2u) << "all or nothing";
  const auto none = other.model.import_profile("[]", "p-none", other.now);
  ASSERT_TRUE(none.has_value()) << "an empty list is refused";
  EXPECT_NE(none->message.find("holds no profile"), std::string::npos);
}

TEST(Model, RefreshGoesToTheIssuingDataCentreAndKeepsTheRefreshToken) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "eu");
  const std::string id = s.model.selected_profile_id();
  const TokenSet before = *s.model.tokens_for(id);
  s.now += 3000;
  ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value());
  s.run();
  EXPECT_EQ(s.sent.back().url, std::string(kBase) + "demo/eu/accounts/oauth/v2/token");
  const TokenSet* after = s.model.tokens_for(id);
  EXPECT_NE(after->access_token, before.access_token);
  EXPECT_EQ(after->refresh_token, before.refresh_token) << "Zoho's refresh answer has none: keep the stored one";
  EXPECT_EQ(after->api_domain, before.api_domain);
  EXPECT_EQ(after->expires_at, s.now + 3600);
  EXPECT_EQ(s.store["tokens"][id + "/"]["tokens"]["accessToken"], after->access_token);
}

// Issue 10, case 1, end to end against the demo data centre, which throttles in Zoho's own shape: the
// 11th access token from one refresh token within 10 minutes is refused, explained as the rate limit, and
// the manual retry is held back until the window has passed.
// Issue 11, case 6: what an import refuses and what it takes.
TEST(Model, ImportRefusesRepeatedKeysAndNamesEveryProblem) {
  Shell s;
  s.reload();
  auto twice = s.model.import_profile(R"({"version":1,"name":"first","name":"second","dataCenter":"eu",)"
                                      R"("clientId":"1000.ABCDEFGHIJ","scopes":["ZohoCRM.modules.leads.ALL"],"redirectUri":"https://a/"})",
                                      "p-2", s.now);
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->code, "profile.name");
  EXPECT_NE(twice->message.find("given twice"), std::string::npos) << twice->message;
  EXPECT_TRUE(s.model.profiles().empty()) << "nothing imported";
  auto many = s.model.import_profile(R"({"version":1,"name":"x","dataCenter":"mars"})", "p-3", s.now);
  ASSERT_TRUE(many);
  EXPECT_EQ(many->code, "profile.clientId");
  for (const char* key : {"'clientId'", "'scopes'", "'redirectUri'", "'dataCenter'"}) {
    EXPECT_NE(many->message.find(key), std::string::npos) << key << " in " << many->message;
  }
  EXPECT_NE(many->message.find("4 problems"), std::string::npos) << many->message;
}

TEST(Model, ImportTakesVersionOnePointZeroIgnoresTheFilesIdAndFillsTheDataCentresUrls) {
  Shell s;
  s.reload();
  auto e = s.model.import_profile(R"({"version":1.0,"id":"not a valid id/at all","name":"EU leads","dataCenter":"eu",)"
                                  R"("clientId":"1000.ABCDEFGHIJ","clientSecret":"s","scopes":["ZohoCRM.modules.leads.ALL"],)"
                                  R"("redirectUri":"https://a/"})",
                                  "p-4", s.now);
  ASSERT_FALSE(e.has_value()) << e->message;
  s.run();
  ASSERT_EQ(s.model.profiles().size(), 1u);
  const Profile& p = s.model.profiles().front();
  EXPECT_EQ(p.id, "p-4");
  EXPECT_EQ(p.authorization_url, "https://accounts.zoho.eu/oauth/v2/auth");
  EXPECT_EQ(p.token_url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(p.refresh_token_url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(s.store["profiles"]["p-4"]["tokenUrl"], "https://accounts.zoho.eu/oauth/v2/token");
}

// Issue 11, case 5: the profile list in natural order.
TEST(Model, ProfilesSortNaturally) {
  std::vector<std::string> names = {"n100", "N2", "n10", "n1", "n0", "leads", "Leads 2", "leads 10", "n01"};
  std::sort(names.begin(), names.end(), natural_less);
  const std::vector<std::string> expected = {"leads", "Leads 2", "leads 10", "n0", "n01", "n1", "N2", "n10", "n100"};
  EXPECT_EQ(names, expected);
  EXPECT_FALSE(natural_less("a", "a"));
  EXPECT_TRUE(natural_less("a9", "a10"));
  EXPECT_FALSE(natural_less("a10", "a9"));
}

TEST(Model, TheEleventhRefreshInTenMinutesMeetsZohosThrottle) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string id = s.model.selected_profile_id();
  for (int i = 0; i < 10; ++i) {
    s.now += 30;
    ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value()) << i;
    s.run();
    ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << i << ": " << s.model.status();
  }
  s.now += 30;
  ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value());
  s.run();
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(error_code(s.model.flow_error()), "rate_limited");
  EXPECT_EQ(s.model.flow_error()->source, "Zoho OAuth: Token limits");
  EXPECT_NE(s.model.flow_error()->message.find("wait 10 minutes"), std::string::npos) << s.model.flow_error()->message;
  EXPECT_EQ(s.model.flow_error()->message.find("Check the Client Id"), std::string::npos);
  ASSERT_NE(s.model.tokens_for(id), nullptr) << "the token set is kept";
  const size_t sent = s.sent.size();
  auto held = s.model.refresh(id, "", s.now + 60);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->code, "refresh.rate_limited");
  EXPECT_NE(held->message.find("540 s"), std::string::npos) << held->message;
  s.run();
  EXPECT_EQ(s.sent.size(), sent) << "nothing sent while throttled";
  s.now += 600;
  ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value());
  s.run();
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
}

// The token budget and the sequence diagram follow what the model did against the demo data centre:
// each refresh is counted and drawn as an arrow, the 11th is warned about before it is sent, and the
// throttled answer is the red arrow, linked to its log line.
TEST(Model, TheBudgetAndTheSequenceFollowAuthorizeRefreshAndTheThrottle) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string id = s.model.selected_profile_id();
  std::vector<SequenceArrow> arrows = s.model.sequence();
  ASSERT_EQ(arrows.size(), 2u) << "after the redirect back: the callback and the code exchange";
  EXPECT_EQ(arrows[0].from, Party::kBrowser);
  EXPECT_EQ(arrows[0].to, Party::kConsole);
  EXPECT_EQ(arrows[0].label, "GET /console/?code&location&accounts-server&state");
  EXPECT_EQ(arrows[1].label, "POST /console/demo/accounts/oauth/v2/token 200");
  EXPECT_EQ(arrows[1].to, Party::kTokenEndpoint);
  ASSERT_TRUE(arrows[1].log_index);
  EXPECT_EQ(s.model.log()[*arrows[1].log_index].text.rfind("POST ", 0), 0u);
  TokenBudget b = s.model.token_budget(id, "", s.now);
  EXPECT_EQ(b.refresh_tokens, 1);
  EXPECT_EQ(b.access_tokens, 0);
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(s.model.token_budget(id, "", s.now).refresh_warning.empty()) << i;
    s.now += 30;
    ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value());
    s.run();
  }
  b = s.model.token_budget(id, "", s.now);
  EXPECT_EQ(b.access_tokens, 10);
  EXPECT_FALSE(b.refresh_warning.empty()) << "warned before the 11th is pressed";
  s.now += 30;
  ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value()) << "warned, never blocked";
  s.run();
  arrows = s.model.sequence();
  ASSERT_EQ(arrows.size(), 13u);
  EXPECT_FALSE(arrows[11].failed);
  EXPECT_TRUE(arrows.back().failed) << arrows.back().label;
  EXPECT_EQ(arrows.back().label.rfind("POST /console/demo/accounts/oauth/v2/token ", 0), 0u) << arrows.back().label;
  EXPECT_EQ(s.model.log()[*arrows.back().log_index].kind, "request");
  // The history travelled to storage: a reload counts the same.
  s.reload();
  EXPECT_EQ(s.model.token_budget(id, "", s.now).access_tokens, 10);
  EXPECT_TRUE(s.model.sequence().empty()) << "a reload starts a new request log";
  for (const SequenceArrow& a : arrows) {
    EXPECT_EQ(a.label.find(s.model.tokens_for(id)->refresh_token), std::string::npos) << a.label;
  }
}

// Zoho answers most errors with HTTP 200: the arrow is red because the console refused the answer, not
// because of its status. A pasted code starts an authorization of its own.
TEST(Model, AnErrorAnsweredWithHttp200IsTheSequencesFailedArrow) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kSelf;
  ASSERT_FALSE(s.model.exchange_pasted_code("1000.not-a-code", s.now).has_value());
  s.run();
  ASSERT_TRUE(s.model.flow_error());
  const std::vector<SequenceArrow> arrows = s.model.sequence();
  ASSERT_EQ(arrows.size(), 1u) << "the pasted code starts the history";
  EXPECT_EQ(arrows[0].label, "POST /console/demo/accounts/oauth/v2/token 200");
  EXPECT_TRUE(arrows[0].failed) << s.model.flow_error()->code;
  EXPECT_EQ(arrows[0].label.find("not-a-code"), std::string::npos);
}

TEST(Model, RevokeForgetsAndASecondRevokeIsAlreadyRevoked) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string id = s.model.selected_profile_id();
  const TokenSet kept = *s.model.tokens_for(id);
  ASSERT_FALSE(s.model.revoke(id, "", s.now).has_value());
  s.run();
  EXPECT_EQ(s.sent.back().url, std::string(kBase) + "demo/accounts/oauth/v2/token/revoke");
  EXPECT_EQ(s.sent.back().url.find(kept.refresh_token), std::string::npos) << "no token in the URL";
  EXPECT_EQ(s.model.tokens_for(id), nullptr);
  EXPECT_TRUE(s.records("tokens").empty());
  EXPECT_NE(s.model.status().find("Revoked"), std::string::npos);
  // The same token once more (restored from a backup, say): Zoho answers 400, read as already revoked.
  s.store["tokens"][id + "/"] = {{"profileId", id}, {"endUser", ""}, {"tokens", token_set_to_json(kept)}};
  s.reload();
  ASSERT_FALSE(s.model.revoke(id, "", s.now).has_value());
  s.run();
  EXPECT_NE(s.model.status().find("already revoked"), std::string::npos) << s.model.status();
  EXPECT_EQ(s.model.tokens_for(id), nullptr);
}

TEST(Model, ForgetDropsTheTokenSetLocally) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string id = s.model.selected_profile_id();
  s.model.forget(id, "", s.now);
  s.run();
  EXPECT_EQ(s.model.tokens_for(id), nullptr);
  EXPECT_TRUE(s.records("tokens").empty());
  EXPECT_EQ(s.model.phase(), FlowPhase::kIdle);
}

TEST(Model, CrmCallsWithTheAuthorizedTokenGoToItsApiDomain) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "eu");
  const TokenSet t = *s.model.tokens_for(s.model.selected_profile_id());
  auto get = build_get_records(t, RecordsQuery{});
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get.value().url.rfind(std::string(kBase) + "demo/eu/api/crm/v8/Leads?", 0), 0u);
  const HttpResponse r = s.demo.handle({"GET", get.value().url, get.value().headers, "", ""}, s.now, testing::entropy());
  auto page = parse_records_response(r.status, r.body);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_GE(page.value().records.size(), 1u);
  auto post = build_create_records(t, "Leads", nlohmann::json::array({{{"Last_Name", "Console"}, {"Company", "Demo"}}}));
  ASSERT_OK(post);
  const HttpResponse c = s.demo.handle({"POST", post.value().url, post.value().headers, post.value().body, ""}, s.now,
                                       testing::entropy());
  auto created = parse_create_response(c.status, c.body);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created.value()[0].ok);
  EXPECT_FALSE(created.value()[0].id.empty());
  // The same token at the US API domain: INVALID_TOKEN, explained.
  TokenSet wrong = t;
  wrong.api_domain = std::string(kBase) + "demo/api";
  auto misdirected = build_get_records(wrong, RecordsQuery{});
  ASSERT_OK(misdirected);
  const HttpResponse w = s.demo.handle({"GET", misdirected.value().url, misdirected.value().headers, "", ""}, s.now,
                                       testing::entropy());
  auto refused = parse_records_response(w.status, w.body);
  ASSERT_FALSE(refused.ok()) << "expected a refusal";
  EXPECT_EQ(refused.error().code, "INVALID_TOKEN");
  EXPECT_NE(refused.error().message.find("wrong data centre"), std::string::npos);
}

TEST(Model, TestConnectionAndCreateTestLeadThroughTheModel) {
  Shell s;
  s.reload();
  const std::string none = "p-none";
  EXPECT_EQ(error_code(s.model.test_connection(none, "", s.now)), "crm.no_token");
  s.authorize_and_consent("accept", "in");
  const std::string id = s.model.selected_profile_id();
  ASSERT_FALSE(s.model.test_connection(id, "", s.now).has_value());
  s.run();
  EXPECT_EQ(s.sent.back().url.rfind(std::string(kBase) + "demo/in/api/crm/v8/Leads?", 0), 0u);
  EXPECT_EQ(header_value(s.sent.back().headers, "Authorization").rfind("Zoho-oauthtoken 1000.", 0), 0u);
  EXPECT_GE(s.model.crm_records().size(), 1u);
  EXPECT_EQ(s.model.crm_source(), std::string(kBase) + "demo/in/api/crm/v8/Leads");
  ASSERT_FALSE(s.model.create_test_lead(id, "", s.now).has_value());
  s.run();
  EXPECT_FALSE(s.model.crm_created_id().empty());
  EXPECT_NE(s.model.status().find(s.model.crm_created_id()), std::string::npos);
  // An hour later the token is dead: INVALID_TOKEN, explained.
  s.now += 3700;
  s.model.test_connection(id, "", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "INVALID_TOKEN");
}

TEST(Model, ScopeMismatchNamesTheScopeToAdd) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->scopes = {"ZohoCRM.users.READ"};
  s.authorize_and_consent("accept", "us");
  s.model.test_connection(s.model.selected_profile_id(), "", s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "OAUTH_SCOPE_MISMATCH");
  ASSERT_TRUE(s.model.flow_error().has_value()) << "expected a flow error";
  EXPECT_NE(s.model.flow_error()->message.find("granted: ZohoCRM.users.READ"), std::string::npos);
  EXPECT_NE(s.model.flow_error()->message.find("ZohoCRM.modules.leads.READ"), std::string::npos);
}

TEST(Model, DeleteTakesTokensAlongAndUndoBringsEverythingBack) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string id = s.model.selected_profile_id();
  s.model.delete_profile(id, s.now);
  s.run();
  EXPECT_TRUE(s.model.profiles().empty());
  EXPECT_EQ(s.model.tokens_for(id), nullptr);
  EXPECT_TRUE(s.records("profiles").empty());
  EXPECT_TRUE(s.records("tokens").empty());
  EXPECT_EQ(s.model.undoable_name(), "Zoho CRM leads (demo)");
  EXPECT_NE(s.model.status().find("Undo restores"), std::string::npos);
  ASSERT_TRUE(s.model.undo_delete(s.now));
  s.run();
  EXPECT_EQ(s.model.profiles().size(), 1u);
  EXPECT_NE(s.model.tokens_for(id), nullptr);
  EXPECT_EQ(s.records("tokens").size(), 1u);
  EXPECT_EQ(s.model.selected_profile_id(), id);
  EXPECT_FALSE(s.model.undo_delete(s.now));
}

TEST(Model, DuplicateExportAndImportRoundTrip) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now));
  const std::string id = s.model.draft().id;
  s.model.duplicate_profile(id, "p-copy", s.now);
  EXPECT_EQ(s.model.profiles().size(), 2u);
  EXPECT_EQ(s.model.draft().name, "Zoho CRM leads (demo) (copy)");
  const std::string without = s.model.export_profile(id, false);
  EXPECT_EQ(without.find(kDemoClientSecret), std::string::npos);
  const std::string with = s.model.export_profile(id, true);
  EXPECT_NE(with.find(kDemoClientSecret), std::string::npos);
  ASSERT_FALSE(s.model.import_profile(with, "p-imported", s.now));
  EXPECT_EQ(s.model.profiles().size(), 3u);
  EXPECT_EQ(s.model.draft().id, "p-imported");
  EXPECT_EQ(s.model.draft().client_secret, kDemoClientSecret);
  auto e = s.model.import_profile(R"({"version":1,"name":"x","dataCenter":"us","clientId":7})", "p-bad", s.now);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "profile.clientId");
  EXPECT_EQ(s.model.profiles().size(), 3u) << "nothing saved on error";
  ASSERT_FALSE(s.model.import_profile(without, "p-no-secret", s.now));
  EXPECT_EQ(s.model.profiles().size(), 3u) << "not saved without its client secret";
  EXPECT_EQ(s.model.draft().id, "p-no-secret");
  EXPECT_TRUE(s.model.draft_is_dirty());
  EXPECT_NE(s.model.status().find("Client Secret is empty"), std::string::npos) << s.model.status();
  DraftEdit(s.model)->client_secret = kDemoClientSecret;
  ASSERT_FALSE(s.model.save_draft(s.now));
  EXPECT_EQ(s.model.profiles().size(), 4u);
  s.model.clear_log();
  EXPECT_TRUE(s.model.log().empty());
}

TEST(Model, ImportFromAFileNamesTheFileAndRefusesOversizedOnes) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now));
  const std::string exported = s.model.export_profile(s.model.draft().id, true);
  ASSERT_FALSE(s.model.import_profile_file("leads.json", exported.size(), exported, "p-file", s.now));
  EXPECT_EQ(s.model.draft().id, "p-file");
  EXPECT_EQ(s.model.profiles().size(), 2u);

  auto big = s.model.import_profile_file("movie.mp4", kMaxProfileFileBytes + 1, "", "p-big", s.now);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->code, "import.too_large");
  EXPECT_NE(big->message.find("movie.mp4"), std::string::npos) << big->message;
  auto bad = s.model.import_profile_file("notes.txt", 5, "hello", "p-bad", s.now);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->message.rfind("Not imported from notes.txt: ", 0), 0u) << bad->message;
  ASSERT_TRUE(s.model.flow_error().has_value()) << "expected a flow error";
  EXPECT_EQ(s.model.flow_error()->message, bad->message);
  EXPECT_EQ(s.model.profiles().size(), 2u) << "nothing saved on error";
}

TEST(Model, AnEndUserWithAControlCharacterStartsNoAuthorization) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->authorization_mode = AuthorizationMode::kEndUser;
  s.run();
  const auto pending_before = s.store["pending"];
  EXPECT_EQ(error_code(s.model.authorize("st-nul" + std::string(43, '_'), s.now, "", "", std::string("ada\0b", 5))),
            "authorize.end_user");
  s.run();
  EXPECT_EQ(s.store["pending"], pending_before) << "no pending authorization stored";
  EXPECT_TRUE(s.navigated_to.empty()) << s.navigated_to;
}

TEST(Model, EndUserModeKeepsOneTokenSetPerEndUser) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->authorization_mode = AuthorizationMode::kEndUser;
  EXPECT_EQ(error_code(s.model.authorize("st-e0______________________________________", s.now)), "authorize.end_user");
  for (const std::string user : {"alice@example.com", "bob@example.com"}) {
    // A state of base64url characters only, 43 or more (the model refuses weaker ones).
    ASSERT_FALSE(s.model.authorize("st-" + user.substr(0, user.find('@')) + std::string(43, '_'), s.now, "", "", user)
                     .has_value());
    s.run();
    const std::string back = testing::consent(s.demo, s.navigated_to, "accept", "us", s.now);
    s.reload();
    s.model.handle_callback(back, s.now);
    s.run();
    ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
    EXPECT_EQ(s.model.last_authorized_end_user(), user) << "the view shows who just authorized";
  }
  const std::string id = s.model.selected_profile_id();
  EXPECT_EQ(s.model.end_users(id), (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
  ASSERT_NE(s.model.tokens_for(id, "alice@example.com"), nullptr) << "no token set";
  ASSERT_NE(s.model.tokens_for(id, "bob@example.com"), nullptr) << "no token set";
  EXPECT_NE(s.model.tokens_for(id, "alice@example.com")->access_token, s.model.tokens_for(id, "bob@example.com")->access_token);
  EXPECT_EQ(s.model.tokens_for(id, ""), nullptr);
  ASSERT_FALSE(s.model.refresh(id, "bob@example.com", s.now).has_value());
  s.run();
  EXPECT_EQ(s.records("tokens").size(), 2u);
}

TEST(Model, EnabledIntegrationRefreshesOnceShortlyBeforeExpiryNeverInALoop) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "eu");
  const std::string id = s.model.selected_profile_id();
  ASSERT_NE(s.model.tokens_for(id), nullptr) << "no token set";
  const std::int64_t expires = s.model.tokens_for(id)->expires_at;
  s.model.tick(expires - 200);
  s.run();
  EXPECT_EQ(s.sent.size(), 1u) << "disabled: no automatic refresh";
  s.model.set_enabled(true, s.now);
  s.run();
  EXPECT_EQ(s.store["profiles"][id]["enabled"], true);
  s.model.tick(expires - kAutoRefreshLead - 1);
  EXPECT_EQ(s.sent.size(), 1u) << "too early";
  s.now = expires - 200;
  s.model.tick(s.now);
  s.run();
  ASSERT_EQ(s.sent.size(), 2u);
  EXPECT_EQ(s.sent.back().url, std::string(kBase) + "demo/eu/accounts/oauth/v2/token");
  EXPECT_GT(s.model.tokens_for(id)->expires_at, expires);
  // A failing refresh (the refresh token revoked elsewhere) is not retried on every tick.
  s.demo.load_state(nlohmann::json::object());
  s.now = s.model.tokens_for(id)->expires_at - 200;
  for (int i = 0; i < 30; ++i) {
    s.model.tick(s.now + i);
    s.run();
  }
  EXPECT_EQ(s.sent.size(), 3u) << "one attempt per kAutoRefreshRetry seconds";
  EXPECT_EQ(error_code(s.model.flow_error()), "invalid_code");
}

TEST(Model, UnsavedDraftSurvivesAReloadWithoutItsSecret) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now));
  s.run();
  EXPECT_TRUE(s.model.unsaved_draft().is_null()) << "nothing unsaved";
  DraftEdit(s.model)->name = "Edited, not saved";
  const nlohmann::json kept = s.model.unsaved_draft();
  ASSERT_TRUE(kept.is_object());
  EXPECT_FALSE(kept["draft"].contains("clientSecret"));
  EXPECT_EQ(kept.dump().find(kDemoClientSecret), std::string::npos);
  s.reload();
  s.model.restore_draft(kept, s.now);
  EXPECT_EQ(s.model.draft().name, "Edited, not saved");
  EXPECT_EQ(s.model.draft().client_secret, kDemoClientSecret) << "from the saved profile";
  EXPECT_TRUE(s.model.draft_is_dirty());
  // A new, never saved profile: its secret is not restored.
  s.model.new_draft("p-new");
  DraftEdit(s.model)->name = "New";
  DraftEdit(s.model)->client_secret = "typed-secret";
  const nlohmann::json fresh = s.model.unsaved_draft();
  s.reload();
  s.model.restore_draft(fresh, s.now);
  EXPECT_EQ(s.model.draft().name, "New");
  EXPECT_TRUE(s.model.draft().client_secret.empty());
  EXPECT_NE(s.model.status().find("Client Secret again"), std::string::npos);
  s.model.restore_draft(nlohmann::json{{"version", 2}}, s.now);  // malformed: ignored
  EXPECT_EQ(s.model.draft().name, "New");
}

TEST(Model, UnsavedEditsOfAProfileSwitchedAwayFromSurviveAReload) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now));
  const std::string first = s.model.draft().id;
  s.model.duplicate_profile(first, "p-second", s.now);
  s.run();
  s.model.select_profile(first);
  DraftEdit(s.model)->name = "First, edited";
  s.model.select_profile("p-second");  // the edit is stashed, not saved
  const nlohmann::json kept = s.model.unsaved_draft();
  ASSERT_TRUE(kept.is_object());
  EXPECT_TRUE(kept["draft"].is_null());
  ASSERT_EQ(kept["others"].size(), 1u);
  EXPECT_EQ(kept.dump().find(kDemoClientSecret), std::string::npos);
  s.reload();
  s.model.restore_draft(kept, s.now);
  EXPECT_TRUE(s.model.has_unsaved(first));
  if (s.model.draft().id == first) EXPECT_EQ(s.model.draft().name, "First, edited") << "on screen after the reload";
  s.model.select_profile("p-second");
  s.model.select_profile(first);
  EXPECT_EQ(s.model.draft().name, "First, edited");
  EXPECT_EQ(s.model.draft().client_secret, kDemoClientSecret) << "the secret comes from the saved profile";
}

TEST(Model, SnapshotCarriesNoSecretOrTokenValue) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us");
  const std::string snap = s.model.snapshot(s.now).dump();
  const TokenSet* t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(snap.find(kDemoClientSecret), std::string::npos);
  EXPECT_EQ(snap.find(t->access_token), std::string::npos);
  EXPECT_EQ(snap.find(t->refresh_token), std::string::npos);
  json j = json::parse(snap);
  EXPECT_EQ(j["flow"]["phase"], "authorized");
  EXPECT_EQ(j["tokens"][0]["hasAccessToken"], true);
  EXPECT_EQ(j["tokens"][0]["hasRefreshToken"], true);
  for (const json& line : j["log"]) {
    EXPECT_EQ(line["text"].get<std::string>().find(t->access_token), std::string::npos);
  }
}

TEST(Model, UnreadableStoredRecordSkippedRestLoads) {
  Shell s;
  s.reload();
  s.model.save_draft(s.now);
  s.run();
  s.store["profiles"]["broken"] = json{{"version", 1}, {"name", 5}};
  s.reload();
  EXPECT_EQ(s.model.profiles().size(), 1u);
  bool reported = false;
  for (const LogEntry& e : s.model.log()) reported |= e.kind == "error" && e.text.find("name") != std::string::npos;
  EXPECT_TRUE(reported);
}

TEST(Model, StoredRecordsArriveAsAnObjectOrAList) {
  json bundled = {{"p-b/", {{"n", 2}}}, {"p-a/", {{"n", 1}}}};
  EXPECT_EQ(record_list(std::move(bundled)), json::parse(R"([{"n":1},{"n":2}])"));  // in key order
  json listed = json::parse(R"([{"n":2},{"n":1}])");
  EXPECT_EQ(record_list(std::move(listed)), json::parse(R"([{"n":2},{"n":1}])"));
  EXPECT_EQ(record_list(json("not records")), json::array());
  EXPECT_EQ(record_list(json()), json::array());
}

// [SECTION] The security rules at the model, with literal values (docs/SECURITY.md; tests/mutation holds
// a one-line breakage of each that must make one of these fail).

constexpr const char* kState = "st-1_______________________________________";

// The code of the callback address the demo sent the browser back with.
std::string code_in(const std::string& callback) {
  auto r = parse_callback(callback, ResponseMode::kQuery);
  return r.ok() ? std::string(r.value().code) : std::string();
}

// Every log line, one per row.
std::string log_text(const Model& m) {
  std::string out;
  for (const LogEntry& e : m.log()) out += e.kind + ": " + e.text + "\n";
  return out;
}

TEST(ModelRules, AStateWeakerThan256BitsStartsNothing) {
  Shell s;
  s.reload();
  EXPECT_EQ(error_code(s.model.authorize("st-1", s.now)), "authorize.state");
  EXPECT_EQ(error_code(s.model.authorize(std::string(42, 'A'), s.now)), "authorize.state");
  EXPECT_EQ(error_code(s.model.authorize(std::string(42, 'A') + "=", s.now)), "authorize.state");
  s.run();
  EXPECT_TRUE(s.navigated_to.empty());
  EXPECT_TRUE(s.records("pending").empty());
  EXPECT_EQ(error_code(s.model.authorize(std::string(43, 'A'), s.now)), "(no error)");
}

TEST(ModelRules, AStateIsUsedOnceThenForgottenInMemoryAndStorage) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us", kState);
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  const size_t sent = s.sent.size();
  // The same state again, with another code (an attacker's, or a replayed address), on the same page.
  s.model.handle_callback(std::string(kBase) + "?code=1000.another&state=" + kState, s.now);
  s.run();
  EXPECT_EQ(error_code(s.model.flow_error()), "callback.state_unknown");
  EXPECT_EQ(s.sent.size(), sent) << "nothing sent for a used state";
  // A refused callback (the user denied) deletes its pending authorization from storage at once.
  Shell d;
  d.reload();
  d.authorize_and_consent("deny", "us", kState);
  EXPECT_EQ(error_code(d.model.flow_error()), "access_denied");
  EXPECT_TRUE(d.records("pending").empty()) << d.records("pending").dump();
  d.reload();
  d.model.handle_callback(std::string(kBase) + "?code=1000.another&state=" + kState, d.now);
  d.run();
  EXPECT_EQ(error_code(d.model.flow_error()), "callback.state_unknown");
}

TEST(ModelRules, AnImplicitGrantsStateLeavesStorageToo) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_type = ClientType::kClient;
  DraftEdit(s.model)->pkce = false;
  s.authorize_and_consent("accept", "us", kState);
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_TRUE(s.records("pending").empty()) << s.records("pending").dump();
}

TEST(ModelRules, ThePendingAuthorizationLivesExactlyTenMinutes) {
  // Consent 600 or 601 s after Authorize, and come back at once: the demo's code is fresh, the state is not.
  Shell at600;
  at600.reload();
  at600.return_from_consent(kState, 600);
  at600.run();
  EXPECT_EQ(at600.model.phase(), FlowPhase::kAuthorized) << at600.model.status();
  Shell at601;
  at601.reload();
  at601.return_from_consent(kState, 601);
  at601.run();
  EXPECT_EQ(error_code(at601.model.flow_error()), "callback.state_expired");
  // At load, storage keeps a 600 s old record and drops a 601 s old one.
  Shell kept;
  kept.reload();
  ASSERT_FALSE(kept.model.authorize(kState, kept.now).has_value());
  kept.run();
  kept.now += 600;
  kept.reload();
  EXPECT_EQ(kept.records("pending").size(), 1u);
  kept.now += 1;
  kept.reload();
  EXPECT_TRUE(kept.records("pending").empty());
}

TEST(ModelRules, TheAuthorizationUrlAsksForS256) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->pkce = true;
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  ASSERT_FALSE(s.model.authorize(kState, s.now, verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").has_value());
  s.run();
  EXPECT_NE(s.navigated_to.find("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"),
            std::string::npos)
      << s.navigated_to;
  EXPECT_EQ(s.navigated_to.find(verifier), std::string::npos) << "the verifier never leaves the browser before the exchange";
}

TEST(ModelRules, TheCallbackLeavesTheAddressBarBeforeAnythingElse) {
  Shell s;
  s.reload();
  s.return_from_consent(kState);
  std::vector<Effect> effects = s.model.take_effects();
  ASSERT_FALSE(effects.empty());
  ASSERT_TRUE(std::holds_alternative<ReplaceUrl>(effects.front()));
  EXPECT_EQ(std::get<ReplaceUrl>(effects.front()).url, kBase);
  // The implicit grant's fragment too.
  s.model.handle_callback(std::string(kBase) + "#access_token=1000.x&state=" + kState, s.now);
  effects = s.model.take_effects();
  ASSERT_FALSE(effects.empty());
  ASSERT_TRUE(std::holds_alternative<ReplaceUrl>(effects.front()));
  EXPECT_EQ(std::get<ReplaceUrl>(effects.front()).url, kBase);
}

TEST(ModelRules, NoLogLineHoldsTheCodeTheSecretOrATokenWhole) {
  Shell s;
  s.reload();
  const std::string code = code_in(s.return_from_consent(kState));
  ASSERT_GT(code.size(), 20u);
  s.run();
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  const TokenSet* t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  ASSERT_FALSE(s.model.refresh(s.model.selected_profile_id(), "", s.now).has_value());
  s.run();
  const std::string log = log_text(s.model);
  EXPECT_NE(log.find("response: Callback "), std::string::npos) << log;
  EXPECT_NE(log.find("client_secret=%2A%2A%2A"), std::string::npos) << "the token request is logged, its secret masked:\n" << log;
  for (const std::string& secret : {code, std::string(kDemoClientSecret), t->access_token, t->refresh_token}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in\n" << log;
  }
  // Masked as 1000.ab...yz: the first 7 characters and the last 2.
  EXPECT_NE(log.find(code.substr(0, 7) + "..." + code.substr(code.size() - 2)), std::string::npos) << log;
}

// Runs effects like Shell::run, but answers the token endpoint with `answer` instead of the demo.
void answer_token_request_with(Shell& s, const std::string& answer) {
  for (Effect& effect : s.model.take_effects()) {
    const auto* e = std::get_if<Http>(&effect);
    if (e != nullptr && e->request.url.find("/oauth/v2/token") != std::string::npos) {
      s.sent.push_back(e->request);
      s.model.http_response(e->request_id, {200, {}, answer}, s.now);
    }
  }
  s.run();
}

TEST(ModelRules, ATokenAnswerNamingAForeignApiDomainIsRefused) {
  for (const std::string api : {"https://evil.example", "https://www.zohoapis.com.evil.example", "https://www.zohoapis.com"}) {
    Shell s;
    s.reload();
    s.return_from_consent(kState);
    answer_token_request_with(s, R"({"access_token":"1000.aaaaaaaaaaaaaaaa","expires_in":3600,"api_domain":")" + api + "\"}");
    // The demo's own answer names its API domain; a real one is another kind, a stranger's host is no one's.
    if (api == "https://www.zohoapis.com") {
      EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << "a Zoho API domain is one of the table's: " << s.model.status();
      continue;
    }
    EXPECT_EQ(error_code(s.model.flow_error()), "token_response.api_domain") << api;
    EXPECT_EQ(s.model.tokens_for(s.model.selected_profile_id()), nullptr) << api << ": no token set kept";
  }
}

TEST(ModelRules, OnlyAClientBasedAppAsksForAnImplicitGrant) {
  for (const std::string provider : {"zoho", "custom"}) {
    for (const auto& [type, response_type] : std::vector<std::pair<std::string, std::string>>{
             {"server", "response_type=code&"}, {"client", "response_type=token&"}}) {
      Shell s;
      s.reload();
      if (provider == "custom") s.model.set_draft_provider(Provider::kCustom);
      {
        DraftEdit edit(s.model);
        Profile& p = edit.profile();
        if (provider == "custom") {
          p.authorization_url = "https://idp.example/authorize";
          p.token_url = "https://idp.example/token";
          p.refresh_token_url = "https://idp.example/token";
          p.client_id = "cid";
          p.client_secret = "CUSTOM-SECRET-VALUE";
          p.scopes = {"openid"};
        }
        p.client_type = parse_choice<ClientType>(type).value();
        p.pkce = false;
      }
      const auto url = s.model.authorization_url_preview();
      ASSERT_OK(url);
      EXPECT_NE(url.value().find(response_type), std::string::npos) << provider << " " << type << ": " << url.value();
      ASSERT_FALSE(s.model.authorize(kState, s.now).has_value()) << s.model.status();
      s.run();
      EXPECT_EQ(s.records("pending").at(0)["responseType"], type == "client" ? "token" : "code") << provider << " " << type;
    }
  }
}

TEST(ModelRules, ARefreshTakesTheTokenSetsLockAndOnlyOneRuns) {
  Shell s;
  s.reload();
  s.authorize_and_consent("accept", "us", kState);
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  const std::string id = s.model.selected_profile_id();
  ASSERT_FALSE(s.model.refresh(id, "", s.now).has_value());
  EXPECT_EQ(error_code(s.model.refresh(id, "", s.now)), "refresh.in_flight");
  const std::vector<Effect> effects = s.model.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<Http>(effects[0]));
  const std::optional<CrossTabLock>& lock = std::get<Http>(effects[0]).lock;
  ASSERT_TRUE(lock.has_value());
  EXPECT_EQ(lock->name, "zoho-auth-console refresh " + id + "/");
  EXPECT_EQ(lock->store, "tokens");
  EXPECT_EQ(lock->key, id + "/");
}

// The form's one way into the draft (Model::edit_draft): the browser's form edits a copy and hands it
// over when a field changed.
TEST(ModelDraft, AnEditBecomesTheDraftAndNothingIsStoredUntilSave) {
  Shell s;
  s.reload();
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  Profile edited = s.model.draft();
  edited.name = "Renamed";
  edited.scopes.push_back("ZohoCRM.users.READ");
  s.model.edit_draft(edited);
  EXPECT_EQ(s.model.draft().name, "Renamed");
  EXPECT_EQ(s.model.draft().scopes, edited.scopes);
  EXPECT_TRUE(s.model.take_effects().empty()) << "an edit stores nothing";
  EXPECT_TRUE(s.model.draft_is_dirty());
  EXPECT_NE(s.records("profiles").at(0)["name"], "Renamed");
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  EXPECT_EQ(s.records("profiles").at(0)["name"], "Renamed");
  EXPECT_FALSE(s.model.draft_is_dirty());
}

TEST(ModelDraft, AnEditOfAnotherDraftIsIgnored) {
  Shell s;
  s.reload();
  Profile stale = s.model.draft();  // taken before another draft came on screen
  s.model.new_draft("p-other");
  stale.name = "Typed into the old form";
  s.model.edit_draft(stale);
  EXPECT_EQ(s.model.draft().id, "p-other");
  EXPECT_TRUE(s.model.draft().name.empty()) << "the new draft keeps its own fields";
  EXPECT_EQ(s.model.draft().data_centre, "us");
}

TEST(ModelDraft, TheSecretTypedGoesThroughTheEditAndTheSaveToTheTokenRequest) {
  Shell s;
  s.reload();
  DraftEdit(s.model)->client_secret = "typed-SECRET-42";
  ASSERT_FALSE(s.model.save_draft(s.now).has_value());
  s.run();
  EXPECT_EQ(s.records("profiles").at(0)["clientSecret"], "typed-SECRET-42");
  s.authorize_and_consent("accept", "us");
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_NE(s.sent[0].body.find("client_secret=typed-SECRET-42"), std::string::npos) << "the typed secret, as typed";
  EXPECT_EQ(s.sent[0].body.find(kDemoClientSecret), std::string::npos) << "no other secret";
}

// [SECTION] Client credentials (Zoho OAuth: Self client - client credentials flow)

// The first-visit demo profile as a client-credentials self client of organization `org`, saved.
void use_client_credentials(Shell& s, const std::string& org) {
  s.reload();
  {
    DraftEdit edit(s.model);
    edit->client_type = ClientType::kClientCredentials;
    edit->organization_id = org;
    edit->redirect_uri.clear();
  }
  ASSERT_EQ(error_code(s.model.save_draft(s.now)), "(no error)");
  s.run();
}

// The value of form parameter `name` in a request body; empty when absent.
std::string form_value(const std::string& body, const std::string& name) {
  for (const auto& [key, value] : form_parse(body)) {
    if (key == name) return value;
  }
  return "";
}

TEST(Model, ClientCredentialsGetTokenThenTestConnectionThenRefreshAsksAgain) {
  Shell s;
  use_client_credentials(s, kDemoOrganizationId);
  ASSERT_EQ(error_code(s.model.get_client_credentials_token(s.now)), "(no error)");
  s.run();
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(form_value(s.sent[0].body, "grant_type"), "client_credentials");
  EXPECT_EQ(form_value(s.sent[0].body, "soid"), std::string("ZohoCRM.") + kDemoOrganizationId);
  EXPECT_EQ(s.sent[0].url.find("secret"), std::string::npos);
  const TokenSet* t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->refresh_token.empty());
  EXPECT_EQ(t->expires_at, s.now + 3600);
  const std::string first = t->access_token;

  ASSERT_EQ(error_code(s.model.test_connection(s.model.selected_profile_id(), "", s.now)), "(no error)");
  s.run();
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_FALSE(s.model.crm_records().empty());

  s.now += 60;
  ASSERT_EQ(error_code(s.model.refresh(s.model.selected_profile_id(), "", s.now)), "(no error)");
  s.run();
  EXPECT_EQ(form_value(s.sent.back().body, "grant_type"), "client_credentials") << "no refresh token: ask again";
  t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->access_token, first);
  EXPECT_EQ(t->expires_at, s.now + 3600);
  EXPECT_NE(s.model.status().find("Refreshed"), std::string::npos) << s.model.status();
  for (const LogEntry& line : s.model.log()) {
    EXPECT_EQ(line.text.find(kDemoClientSecret), std::string::npos) << line.text;
    EXPECT_EQ(line.text.find(first), std::string::npos) << line.text;
  }
}

TEST(Model, ClientCredentialsOfAnotherOrganizationAreExplainedAsMissingOrgInfo) {
  Shell s;
  use_client_credentials(s, "123");
  ASSERT_EQ(error_code(s.model.get_client_credentials_token(s.now)), "(no error)");
  s.run();
  ASSERT_EQ(s.model.phase(), FlowPhase::kError);
  ASSERT_TRUE(s.model.flow_error().has_value());
  EXPECT_EQ(s.model.flow_error()->code, "missing_org_info");
  EXPECT_NE(s.model.flow_error()->message.find("Organization ID"), std::string::npos);
  EXPECT_NE(s.model.flow_error()->message.find(kDemoOrganizationId), std::string::npos) << "the demo names its own";
  EXPECT_EQ(s.model.tokens_for(s.model.selected_profile_id()), nullptr);
}

TEST(Model, ClientCredentialsOfAnEnabledProfileAreAskedAgainBeforeTheyExpire) {
  Shell s;
  use_client_credentials(s, kDemoOrganizationId);
  s.model.get_client_credentials_token(s.now);
  s.run();
  s.model.set_enabled(true, s.now);
  s.run();
  const size_t sent = s.sent.size();
  s.now += 3600 - kAutoRefreshLead + 1;
  s.model.tick(s.now);
  s.run();
  ASSERT_EQ(s.sent.size(), sent + 1);
  EXPECT_EQ(form_value(s.sent.back().body, "grant_type"), "client_credentials");
  EXPECT_EQ(s.model.tokens_for(s.model.selected_profile_id())->expires_at, s.now + 3600);
}

TEST(Model, ClientCredentialsNeedTheOrganizationIdBeforeAnythingIsSent) {
  Shell s;
  s.reload();
  {
    DraftEdit edit(s.model);
    edit->client_type = ClientType::kClientCredentials;
    edit->redirect_uri.clear();
  }
  EXPECT_EQ(error_code(s.model.save_draft(s.now)), "profile.Organization ID");
  EXPECT_EQ(error_code(s.model.get_client_credentials_token(s.now)), "profile.Organization ID");
  s.run();
  EXPECT_TRUE(s.sent.empty());
}

}  // namespace
}  // namespace zc
