// The console's device flow against the in-process demo data centre: the model asks for a user code, the
// person approves on the demo's verification page, and Model::tick polls as the browser's timer does.
#include "console/device_authorization_flow.hpp"

#include <gtest/gtest.h>

#include "console/model.hpp"
#include "demo_flow.hpp"
#include "draft_edit.hpp"
#include "oauth/percent.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/demo_device_flow.hpp"

namespace zc {
namespace {

using nlohmann::json;
using testing::kBase;

constexpr std::int64_t kNow = 1'700'000'000;

// Plays the browser shell for the device flow: effects carried out in order against the demo server and
// an in-memory store; `answer`, when set, replaces the demo's answer to the next poll.
struct DeviceShell {
  Model model{{kBase, kBase}};
  DemoServer demo{kBase};
  std::map<std::string, std::map<std::string, json>> store;
  std::vector<HttpRequest> sent;
  std::optional<HttpResponse> answer;
  std::int64_t now = kNow;

  void run() {
    for (Effect& effect : model.take_effects()) {
      if (const auto* put = std::get_if<StorePut>(&effect)) store[put->store][put->key] = put->value;
      if (const auto* gone = std::get_if<StoreDelete>(&effect)) store[gone->store].erase(gone->key);
      const auto* e = std::get_if<Http>(&effect);
      if (e == nullptr) continue;
      sent.push_back(e->request);
      HttpResponse r = answer ? *std::exchange(answer, std::nullopt)
                              : demo.handle({e->request.method, e->request.url, e->request.headers, e->request.body, ""},
                                            now, testing::entropy());
      model.http_response(e->request_id, r, now);
      run();
    }
  }
  json records(const std::string& name) {
    json out = json::array();
    for (const auto& [k, v] : store[name]) out.push_back(v);
    return out;
  }
  void reload() {
    model = Model({kBase, kBase});
    model.load(records("profiles"), records("tokens"), records("pending"), now, "p-fresh");
    run();
  }
  // The demo profile as a non-browser client, saved, and its device flow started.
  void start() {
    reload();
    testing::DraftEdit(model)->client_type = ClientType::kNonBrowser;
    ASSERT_FALSE(model.start_device_flow("", now).has_value());
    run();
    ASSERT_TRUE(model.device_pending().has_value()) << model.status();
  }
  // The person on the demo's verification page.
  void decide(const std::string& decision, const std::string& dc) {
    const std::string code = model.device_pending()->authorization.user_code;
    const HttpResponse page = testing::get(
        demo, std::string(kBase) + "demo/accounts/oauth/v3/device/decision?user_code=" + code + "&dc=" + dc +
                  "&decision=" + decision,
        now);
    ASSERT_NE(page.body.find("return to your device"), std::string::npos) << page.body;
  }
  void tick_at(std::int64_t t) {
    now = t;
    model.tick(now);
    run();
  }
};

TEST(DeviceFlow, ApprovedOnTheVerificationPageTheFirstDuePollGetsTokens) {
  DeviceShell s;
  s.start();
  const PendingDevice& p = *s.model.device_pending();
  EXPECT_EQ(p.authorization.interval, demo::kDeviceInterval);
  EXPECT_EQ(p.authorization.verification_uri, std::string(kBase) + "demo/accounts/oauth/v3/device");
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(s.sent[0].url, std::string(kBase) + "demo/accounts/oauth/v3/device/code");
  s.decide("accept", "us");
  s.tick_at(kNow + 29);
  EXPECT_EQ(s.sent.size(), 1u) << "no poll before the interval has passed";
  s.tick_at(kNow + 30);
  ASSERT_EQ(s.sent.size(), 2u);
  EXPECT_EQ(s.sent[1].url, std::string(kBase) + "demo/accounts/oauth/v3/device/token");
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  const TokenSet* t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->refresh_token.empty());
  EXPECT_FALSE(s.model.device_pending().has_value());
  EXPECT_TRUE(s.store["pending"].empty()) << "the device record leaves storage with the tokens";
}

TEST(DeviceFlow, PendingKeepsTheIntervalAndSlowDownAddsFiveSeconds) {
  DeviceShell s;
  s.start();
  s.tick_at(kNow + 30);
  EXPECT_EQ(s.model.device_pending()->last_answer, "pending");
  EXPECT_EQ(s.model.device_pending()->next_poll_at, kNow + 60);
  s.answer = HttpResponse{200, {}, R"({"error":"slow_down"})"};
  s.tick_at(kNow + 60);
  EXPECT_EQ(s.model.device_pending()->authorization.interval, 35);
  EXPECT_EQ(s.model.device_pending()->next_poll_at, kNow + 95);
  const size_t polls = s.sent.size();
  s.tick_at(kNow + 94);
  EXPECT_EQ(s.sent.size(), polls) << "slow_down is honoured";
  s.tick_at(kNow + 95);
  EXPECT_EQ(s.sent.size(), polls + 1);
}

TEST(DeviceFlow, TheDemoAnswersSlowDownToAPollInsideTheInterval) {
  DeviceShell s;
  s.start();
  s.tick_at(kNow + 30);
  // A second poll 10 s later, as a client that ignored the interval would send it.
  const HttpResponse r = testing::post_form(s.demo, std::string(kBase) + "demo/accounts/oauth/v3/device/token",
                                            form_serialize({{"client_id", kDemoClientId},
                                                            {"client_secret", kDemoClientSecret},
                                                            {"grant_type", "device_token"},
                                                            {"code", s.model.device_pending()->authorization.device_code}}),
                                            kNow + 40);
  EXPECT_EQ(r.body, R"({"error":"slow_down"})");
}

TEST(DeviceFlow, DenyStopsWithAccessDenied) {
  DeviceShell s;
  s.start();
  s.decide("deny", "us");
  s.tick_at(kNow + 30);
  EXPECT_EQ(s.model.phase(), FlowPhase::kError);
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(s.model.flow_error()->code, "access_denied");
  EXPECT_FALSE(s.model.device_pending().has_value());
  const size_t polls = s.sent.size();
  s.tick_at(kNow + 120);
  EXPECT_EQ(s.sent.size(), polls) << "nothing more is sent";
}

TEST(DeviceFlow, ExpiryStopsPollingWithoutSending) {
  DeviceShell s;
  s.start();
  const size_t polls = s.sent.size();
  s.tick_at(kNow + demo::kDeviceCodeLifetime);
  EXPECT_EQ(s.sent.size(), polls);
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(s.model.flow_error()->code, "expired_token");
  EXPECT_TRUE(s.store["pending"].empty());
}

TEST(DeviceFlow, TheDemoAnswersExpiredAfterFiveMinutes) {
  DeviceShell s;
  s.start();
  s.answer = testing::post_form(s.demo, std::string(kBase) + "demo/accounts/oauth/v3/device/token",
                                form_serialize({{"client_id", kDemoClientId},
                                                {"client_secret", kDemoClientSecret},
                                                {"grant_type", "device_token"},
                                                {"code", s.model.device_pending()->authorization.device_code}}),
                                kNow + demo::kDeviceCodeLifetime);
  EXPECT_EQ(s.answer->body, R"({"error":"expired"})");
  s.tick_at(kNow + 30);
  EXPECT_EQ(s.model.flow_error()->code, "expired");
}

TEST(DeviceFlow, OtherDcMovesThePollsToTheUsersDataCentre) {
  DeviceShell s;
  s.start();
  s.decide("accept", "eu");
  s.tick_at(kNow + 30);
  EXPECT_EQ(s.model.device_pending()->last_answer, "other_dc");
  EXPECT_EQ(s.model.device_pending()->accounts_server, std::string(kBase) + "demo/eu/accounts");
  s.tick_at(kNow + 60);
  EXPECT_EQ(s.sent.back().url, std::string(kBase) + "demo/eu/accounts/oauth/v3/device/token");
  ASSERT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
  EXPECT_EQ(s.model.tokens_for(s.model.selected_profile_id())->api_domain, std::string(kBase) + "demo/eu/api");
}

TEST(DeviceFlow, OtherDcToALocationOutsideTheTableIsRefusedAndNothingSent) {
  DeviceShell s;
  s.start();
  s.answer = HttpResponse{200, {}, R"({"user_location":"xx","error":"other_dc"})"};
  s.tick_at(kNow + 30);
  ASSERT_TRUE(s.model.flow_error());
  EXPECT_EQ(s.model.flow_error()->code, "device.other_dc");
  const size_t polls = s.sent.size();
  s.tick_at(kNow + 90);
  EXPECT_EQ(s.sent.size(), polls);
}

TEST(DeviceFlow, PollingSurvivesAReload) {
  DeviceShell s;
  s.start();
  const std::string user_code = s.model.device_pending()->authorization.user_code;
  s.now = kNow + 10;
  s.reload();
  ASSERT_TRUE(s.model.device_pending().has_value());
  EXPECT_EQ(s.model.device_pending()->authorization.user_code, user_code);
  s.decide("accept", "us");
  s.tick_at(kNow + 30);
  EXPECT_EQ(s.model.phase(), FlowPhase::kAuthorized) << s.model.status();
}

TEST(DeviceFlow, AnExpiredRecordIsNotResumed) {
  DeviceShell s;
  s.start();
  s.now = kNow + demo::kDeviceCodeLifetime + 1;
  s.reload();
  EXPECT_FALSE(s.model.device_pending().has_value());
  EXPECT_TRUE(s.store["pending"].empty());
}

TEST(DeviceFlow, CancelStopsPolling) {
  DeviceShell s;
  s.start();
  s.model.cancel_device_flow(s.now);
  s.run();
  EXPECT_FALSE(s.model.device_pending().has_value());
  EXPECT_TRUE(s.store["pending"].empty());
  const size_t polls = s.sent.size();
  s.tick_at(kNow + 60);
  EXPECT_EQ(s.sent.size(), polls);
}

TEST(DeviceFlow, TheLogNeverShowsTheDeviceCodeOrTokens) {
  DeviceShell s;
  s.start();
  s.decide("accept", "us");
  s.tick_at(kNow + 30);
  const std::string device_code = s.sent[1].body;
  const TokenSet* t = s.model.tokens_for(s.model.selected_profile_id());
  ASSERT_NE(t, nullptr);
  for (const LogEntry& line : s.model.log()) {
    EXPECT_EQ(line.text.find(t->access_token), std::string::npos) << line.text;
    EXPECT_EQ(line.text.find(t->refresh_token), std::string::npos) << line.text;
    EXPECT_EQ(line.text.find(kDemoClientSecret), std::string::npos) << line.text;
  }
  std::string code;
  for (const auto& [k, v] : form_parse(device_code)) {
    if (k == "code") code = v;
  }
  ASSERT_FALSE(code.empty());
  for (const LogEntry& line : s.model.log()) EXPECT_EQ(line.text.find(code), std::string::npos) << line.text;
}

TEST(DeviceFlow, ANonBrowserProfileSavesWithoutARedirectUriAndOthersCannotStart) {
  DeviceShell s;
  s.reload();
  EXPECT_TRUE(s.model.start_device_flow("", s.now).has_value()) << "a server-based client has no device flow";
  {
    testing::DraftEdit edit(s.model);
    edit->client_type = ClientType::kNonBrowser;
    edit->redirect_uri.clear();
  }
  EXPECT_FALSE(s.model.save_draft(s.now).has_value());
}

TEST(DeviceFlow, AnEndUserWithAControlCharacterIsRefusedAndNothingSent) {
  DeviceShell s;
  s.reload();
  {
    testing::DraftEdit edit(s.model);
    edit->client_type = ClientType::kNonBrowser;
    edit->authorization_mode = AuthorizationMode::kEndUser;
  }
  const auto refused = s.model.start_device_flow(std::string("ada\0b", 5), s.now);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "authorize.end_user");
  s.run();
  EXPECT_TRUE(s.sent.empty());
  EXPECT_FALSE(s.model.device_pending().has_value());
  ASSERT_FALSE(s.model.start_device_flow("ada", s.now).has_value()) << s.model.status();
}

// The Flow line (Model::device_activity, the bridge's flow.activity) says what the device flow does, never
// "redirecting": asking, waiting with the next poll's countdown, polling, and how it ended.
TEST(DeviceFlow, TheFlowLineSaysWhatTheDeviceFlowIsDoing) {
  DeviceShell s;
  s.reload();
  EXPECT_EQ(s.model.device_activity(s.now), "") << "a server-based draft has no device flow";
  testing::DraftEdit(s.model)->client_type = ClientType::kNonBrowser;
  ASSERT_FALSE(s.model.start_device_flow("", s.now).has_value());
  EXPECT_EQ(s.model.device_activity(s.now), "asking for a user code");
  s.run();
  const std::string uri = s.model.device_pending()->authorization.verification_uri;
  EXPECT_EQ(s.model.device_activity(s.now), "waiting for approval at " + uri + "; next poll in 30 s");
  EXPECT_EQ(s.model.device_activity(kNow + 12), "waiting for approval at " + uri + "; next poll in 18 s");
  EXPECT_EQ(s.model.snapshot(kNow + 12)["flow"]["activity"], s.model.device_activity(kNow + 12));
  s.now = kNow + 30;
  s.model.tick(s.now);  // the poll is sent; its answer not yet read
  EXPECT_EQ(s.model.device_activity(s.now), "polling for approval at " + uri);
  s.run();
  EXPECT_EQ(s.model.device_activity(s.now), "waiting for approval at " + uri + "; next poll in 30 s");
  s.decide("accept", "us");
  s.tick_at(kNow + 60);
  EXPECT_EQ(s.model.device_activity(s.now), "authorized (device flow approved)");
  EXPECT_EQ(s.model.snapshot(s.now)["flow"]["phase"], "authorized");
}

TEST(DeviceFlow, TheFlowLineSaysDeniedExpiredAndCancelled) {
  DeviceShell denied;
  denied.start();
  denied.decide("deny", "us");
  denied.tick_at(kNow + 30);
  EXPECT_EQ(denied.model.device_activity(denied.now), "error (device flow denied)");
  DeviceShell expired;
  expired.start();
  expired.tick_at(kNow + demo::kDeviceCodeLifetime);
  EXPECT_EQ(expired.model.device_activity(expired.now), "error (device flow expired)");
  DeviceShell cancelled;
  cancelled.start();
  cancelled.model.cancel_device_flow(cancelled.now);
  EXPECT_EQ(cancelled.model.device_activity(cancelled.now), "idle (device flow cancelled)");
  // Another client type in the form: its own phase alone.
  testing::DraftEdit(cancelled.model)->client_type = ClientType::kServer;
  EXPECT_EQ(cancelled.model.device_activity(cancelled.now), "");
}

}  // namespace
}  // namespace zc
