#include "zoho/demo_device_flow.hpp"

#include <gtest/gtest.h>

#include "demo_flow.hpp"
#include "oauth/json_text.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

using nlohmann::json;
using testing::get;
using testing::kBase;
using testing::post_form;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kAccounts = std::string(kBase) + "demo/accounts";

json initiate(DemoServer& s, const std::string& client_id = kDemoClientId) {
  const HttpResponse r = post_form(s, kAccounts + "/oauth/v3/device/code",
                                   form_serialize({{"grant_type", "device_request"}, {"client_id", client_id},
                                                   {"scope", "ZohoCRM.modules.ALL"}, {"access_type", "offline"},
                                                   {"prompt", "consent"}}),
                                   kNow);
  EXPECT_EQ(r.status, 200);
  return parse_json(r.body);
}

std::string poll(DemoServer& s, const std::string& device_code, std::int64_t now, const std::string& region = "") {
  const std::string accounts = region.empty() ? kAccounts : std::string(kBase) + "demo/" + region + "/accounts";
  return post_form(s, accounts + "/oauth/v3/device/token",
                   form_serialize({{"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret},
                                   {"grant_type", "device_token"}, {"code", device_code}}),
                   now)
      .body;
}

void decide(DemoServer& s, const std::string& user_code, const std::string& decision, const std::string& dc) {
  get(s, kAccounts + "/oauth/v3/device/decision?user_code=" + user_code + "&dc=" + dc + "&decision=" + decision, kNow);
}

TEST(DemoDeviceFlow, InitiationAnswersZohosDocumentedKeys) {
  DemoServer s(kBase);
  const json a = initiate(s);
  EXPECT_EQ(a.size(), 5u) << a.dump();
  EXPECT_TRUE(a["device_code"].is_string());
  EXPECT_EQ(a["user_code"].get<std::string>().size(), 8u);
  EXPECT_EQ(a["verification_url"], kAccounts + "/oauth/v3/device");
  EXPECT_EQ(a["interval"], 30);
  EXPECT_EQ(a["expires_in"], 300);
  EXPECT_EQ(initiate(s, "1000.OTHER")["error"], "invalid_client");
}

TEST(DemoDeviceFlow, PollAnswersPendingThenTokensOnce) {
  DemoServer s(kBase);
  const json a = initiate(s);
  const std::string code = a["device_code"];
  EXPECT_EQ(poll(s, code, kNow + 30), R"({"error":"authorization_pending"})");
  decide(s, a["user_code"], "accept", "us");
  const json t = parse_json(poll(s, code, kNow + 60));
  EXPECT_TRUE(t.contains("access_token")) << t.dump();
  EXPECT_TRUE(t.contains("refresh_token"));
  EXPECT_EQ(t["api_domain"], std::string(kBase) + "demo/api");
  EXPECT_EQ(poll(s, code, kNow + 90), R"({"error":"invalid_code"})");
}

TEST(DemoDeviceFlow, SlowDownDenyExpiredAndAWrongSecret) {
  DemoServer s(kBase);
  const json a = initiate(s);
  const std::string code = a["device_code"];
  EXPECT_EQ(poll(s, code, kNow + 30), R"({"error":"authorization_pending"})");
  EXPECT_EQ(poll(s, code, kNow + 45), R"({"error":"slow_down"})");
  decide(s, a["user_code"], "deny", "us");
  EXPECT_EQ(poll(s, code, kNow + 90), R"({"error":"access_denied"})");
  const json b = initiate(s);
  EXPECT_EQ(poll(s, b["device_code"], kNow + 300), R"({"error":"expired"})");
  const HttpResponse wrong = post_form(s, kAccounts + "/oauth/v3/device/token",
                                       form_serialize({{"client_id", kDemoClientId}, {"client_secret", "nope"},
                                                       {"grant_type", "device_token"}, {"code", "x"}}),
                                       kNow);
  EXPECT_EQ(wrong.body, R"({"error":"invalid_client"})");
}

TEST(DemoDeviceFlow, AnotherDataCentreChosenAnswersOtherDcAndThatDataCentreIssues) {
  DemoServer s(kBase);
  const json a = initiate(s);
  const std::string code = a["device_code"];
  decide(s, a["user_code"], "accept", "eu");
  EXPECT_EQ(parse_json(poll(s, code, kNow + 30)), json::parse(R"({"user_location":"eu","error":"other_dc"})"));
  const json t = parse_json(poll(s, code, kNow + 31, "eu"));
  EXPECT_EQ(t["api_domain"], std::string(kBase) + "demo/eu/api") << t.dump();
  EXPECT_EQ(poll(s, code, kNow + 32, "in"), R"({"error":"invalid_code"})");
}

TEST(DemoDeviceFlow, VerificationPageEscapesAndRefusesAnUnknownCode) {
  DemoServer s(kBase);
  const HttpResponse page = get(s, kAccounts + "/oauth/v3/device?user_code=%3Cb%3E", kNow);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>\""), std::string::npos);
  const HttpResponse wrong = get(s, kAccounts + "/oauth/v3/device/decision?user_code=NOPE&dc=us&decision=accept", kNow);
  EXPECT_NE(wrong.body.find("unknown, used or expired"), std::string::npos);
  const json a = initiate(s);
  std::string typed = a["user_code"];
  typed = "  " + typed.substr(0, 4) + "-" + typed.substr(4);  // as a person types it
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const HttpResponse ok = get(s, kAccounts + "/oauth/v3/device/decision?user_code=" + percent_encode(typed) +
                                     "&dc=us&decision=accept",
                              kNow);
  EXPECT_NE(ok.body.find("Device approved"), std::string::npos) << ok.body;
}

TEST(DemoDeviceFlow, DeviceCodesSurviveTheServiceWorkersRestart) {
  DemoServer s(kBase);
  const json a = initiate(s);
  decide(s, a["user_code"], "accept", "us");
  DemoServer restarted(kBase);
  restarted.load_state(s.save_state());
  EXPECT_TRUE(parse_json(poll(restarted, a["device_code"], kNow + 30)).contains("access_token"));
}

}  // namespace
}  // namespace zc
