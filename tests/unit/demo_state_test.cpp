// The demo state's typed form and its stored JSON (core/zoho/demo_state.hpp). The service worker keeps
// that JSON in IndexedDB across restarts and builds, so its shape is a stored format: kSavedByEarlierBuild
// is the text the demo wrote before its state was typed (the JSON state of commit 2d1a16a, driven
// through scenario_state_text()), and both directions must keep it byte for byte.
#include "zoho/demo_state.hpp"

#include <gtest/gtest.h>

#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/demo_server.hpp"

namespace zc {
namespace {

using nlohmann::json;

constexpr std::int64_t kScenarioNow = 1'700'000'000;

constexpr const char* kSavedByEarlierBuild =
    R"({"access_tokens":{"1000.575e656c737a81888f969da4abb2b9c0.c7ced5dce3eaf1f8ff060d141b222930":{"expires_at":1700003600)"
    R"(,"refresh_token":"","region":"eu","scope":"ZohoCRM.modules.leads.ALL"})"
    R"(,"1000.91989fa6adb4bbc2c9d0d7dee5ecf3fa.01080f161d242b323940474e555c636a":{"expires_at":1700003600)"
    R"(,"refresh_token":"1000.71787f868d949ba2a9b0b7bec5ccd3da.e1e8eff6fd040b121920272e353c434a")"
    R"(,"region":"us","scope":"ZohoCRM.modules.leads.ALL"})"
    R"(,"1000.aeb5bcc3cad1d8dfe6edf4fb02091017.1e252c333a41484f565d646b72798087":{"expires_at":1700003600)"
    R"(,"refresh_token":"1000.71787f868d949ba2a9b0b7bec5ccd3da.e1e8eff6fd040b121920272e353c434a")"
    R"(,"region":"us","scope":"ZohoCRM.modules.leads.ALL"})"
    R"(,"1000.cbd2d9e0e7eef5fc030a11181f262d34.3b424950575e656c737a81888f969da4":{"expires_at":1700003600)"
    R"(,"refresh_token":"1000.71787f868d949ba2a9b0b7bec5ccd3da.e1e8eff6fd040b121920272e353c434a")"
    R"(,"region":"us","scope":"ZohoCRM.modules.leads.ALL"})"
    R"(,"1000.e8eff6fd040b121920272e353c434a51.585f666d747b828990979ea5acb3bac1":{"expires_at":1700003600)"
    R"(,"refresh_token":"","region":"us","scope":"ZohoCRM.modules.leads.ALL"}})"
    R"(,"codes":{"1000.050c131a21282f363d444b525960676e.757c838a91989fa6adb4bbc2c9d0d7de":{"access_type":"offline")"
    R"(,"client_id":"1000.DEMOCONSOLE0CLIENT0ID","code_challenge":"","created_at":1700000000,"lifetime":300)"
    R"(,"prompt":"consent","redirect_uri":"","region":"us","scope":"ZohoCRM.modules.ALL","used":false})"
    R"(,"1000.1d242b323940474e555c636a71787f86.8d949ba2a9b0b7bec5ccd3dae1e8eff6":{"access_type":"offline")"
    R"(,"client_id":"1000.DEMOCONSOLE0CLIENT0ID","code_challenge":"Q2hhbGxlbmdl","created_at":1700000000)"
    R"(,"lifetime":120,"prompt":"consent","redirect_uri":"http://127.0.0.1:8000/console/","region":"us")"
    R"(,"scope":"ZohoCRM.modules.leads.ALL","used":false})"
    R"(,"1000.3a41484f565d646b727980878e959ca3.aab1b8bfc6cdd4dbe2e9f0f7fe050c13":{"access_type":"")"
    R"(,"client_id":"1000.DEMOCONSOLE0CLIENT0ID","code_challenge":"","created_at":1700000000,"lifetime":120)"
    R"(,"prompt":"","redirect_uri":"http://127.0.0.1:8000/console/","region":"eu")"
    R"(,"scope":"ZohoCRM.modules.leads.ALL","used":true})"
    R"(,"1000.747b828990979ea5acb3bac1c8cfd6dd.e4ebf2f900070e151c232a31383f464d":{"access_type":"offline")"
    R"(,"client_id":"1000.DEMOCONSOLE0CLIENT0ID","code_challenge":"","created_at":1700000000,"lifetime":120)"
    R"(,"prompt":"","redirect_uri":"http://127.0.0.1:8000/console/","region":"us")"
    R"(,"scope":"ZohoCRM.modules.leads.ALL","used":true}},"consents":{"eu|1000.DEMOCONSOLE0CLIENT0ID":true)"
    R"(,"us|1000.DEMOCONSOLE0CLIENT0ID":true},"leads":{"us":[{"Company":"Northwind Traders")"
    R"(,"Email":"ava.thompson@example.com","First_Name":"Ava","Last_Name":"Thompson")"
    R"(,"Lead_Source":"Web Download","Lead_Status":"Not Contacted","id":"572576700000041000"})"
    R"(,{"Company":"Blue Lotus Exports","Email":"rahul.mehta@example.in","First_Name":"Rahul")"
    R"(,"Last_Name":"Mehta","Lead_Source":"Trade Show","Lead_Status":"Contacted","id":"572576700000041001"})"
    R"(,{"Company":"Alpen Solar GmbH","Email":"lena.fischer@example.de","First_Name":"Lena")"
    R"(,"Last_Name":"Fischer","Lead_Source":"Partner","Lead_Status":"Not Contacted")"
    R"(,"id":"572576700000041002"},{"Company":"Sakura Robotics","Email":"kenji.sato@example.jp")"
    R"(,"First_Name":"Kenji","Last_Name":"Sato","Lead_Source":"Cold Call","Lead_Status":"Contacted")"
    R"(,"id":"572576700000041003"},{"Last_Name":"Doe","Score":7,"Tags":["a"],"id":"572576700000045000"}]})"
    R"(,"next_lead_id":45001,"next_refresh_seq":1)"
    R"(,"refresh_tokens":{"1000.71787f868d949ba2a9b0b7bec5ccd3da.e1e8eff6fd040b121920272e353c434a":{"issued":0)"
    R"(,"region":"us","requests":[1700000000,1700000000],"scope":"ZohoCRM.modules.leads.ALL"}},"version":1})";

// Drives one server through every kind of state entry, with entropy fixed per request so the saved
// text is the same on every run.
std::string scenario_entropy(unsigned n) {
  std::string e(DemoServer::kEntropyBytes, '\0');
  for (size_t i = 0; i < e.size(); ++i) e[i] = static_cast<char>((n * 29u + i * 7u) & 0xFF);
  return e;
}

HttpResponse scenario_call(DemoServer& s, unsigned& n, const std::string& method, const std::string& url,
                           const std::string& body = "", Headers headers = {}) {
  return s.handle({method, url, std::move(headers), body, ""}, kScenarioNow, scenario_entropy(++n));
}

std::string scenario_location(const HttpResponse& r) { return header_value(r.headers, "Location"); }

std::string scenario_param(const std::string& location, const std::string& name) {
  const size_t q = location.find_first_of("?#");
  for (const auto& [k, v] : form_parse(location.substr(q + 1))) {
    if (k == name) return v;
  }
  return {};
}

std::string scenario_state_text() {
  const std::string base = "http://127.0.0.1:8000/console/";
  const std::string accounts = base + "demo/accounts/oauth/v2/";
  const std::string client = std::string("&client_id=") + kDemoClientId + "&redirect_uri=" + percent_encode(base);
  const std::string secret = std::string("&client_id=") + kDemoClientId + "&client_secret=" + kDemoClientSecret;
  DemoServer s(base);
  unsigned n = 0;
  auto decide = [&](const std::string& extra, const std::string& dc) {
    return scenario_location(scenario_call(s, n, "GET", accounts + "auth/decision?scope=ZohoCRM.modules.leads.ALL" +
                                                            client + extra + "&state=S&decision=accept&dc=" + dc));
  };
  // A code left unexchanged, with a PKCE challenge.
  decide("&response_type=code&access_type=offline&prompt=consent&code_challenge=Q2hhbGxlbmdl", "us");
  // An online code exchanged in the EU: an access token without a refresh token, a consent.
  const std::string eu_code = scenario_param(decide("&response_type=code", "eu"), "code");
  scenario_call(s, n, "POST", base + "demo/eu/accounts/oauth/v2/token",
                "grant_type=authorization_code&code=" + eu_code + "&redirect_uri=" + percent_encode(base) + secret);
  // An offline code in the US: a refresh token, used twice.
  const std::string us_code = scenario_param(decide("&response_type=code&access_type=offline", "us"), "code");
  const nlohmann::json tokens = parse_json(
      scenario_call(s, n, "POST", accounts + "token",
                    "grant_type=authorization_code&code=" + us_code + "&redirect_uri=" + percent_encode(base) + secret)
          .body);
  const std::string refresh = string_at(tokens, "refresh_token");
  for (int i = 0; i < 2; ++i) {
    scenario_call(s, n, "POST", accounts + "token", "grant_type=refresh_token&refresh_token=" + refresh + secret);
  }
  // The implicit grant's access token, and a self client's code.
  decide("&response_type=token", "us");
  scenario_call(s, n, "POST", accounts + "self-client/code", "scope=ZohoCRM.modules.ALL&minutes=5" + secret);
  // The CRM: the seeded leads, one inserted (its own `id` replaced) and one refused.
  const Headers auth = {{"Authorization", "Zoho-oauthtoken " + string_at(tokens, "access_token")}};
  scenario_call(s, n, "GET", base + "demo/api/crm/v8/Leads?fields=Email", "", auth);
  scenario_call(s, n, "POST", base + "demo/api/crm/v8/Leads",
                R"({"data":[{"Last_Name":"Doe","id":"1","Score":7,"Tags":["a"]},{"Email":"x@example.com"}]})", auth);
  return to_json_text(s.save_state());
}

TEST(DemoState, WritesTheShapeEarlierBuildsWrote) { EXPECT_EQ(scenario_state_text(), kSavedByEarlierBuild); }

TEST(DemoState, StateOfAnEarlierBuildLoadsAndIsWrittenBackUnchanged) {
  const DemoState state = demo_state_from_json(parse_json(kSavedByEarlierBuild));
  EXPECT_EQ(state.codes.size(), 4u);
  EXPECT_EQ(state.access_tokens.size(), 5u);
  ASSERT_EQ(state.refresh_tokens.size(), 1u);
  const DemoRefreshToken& refresh = state.refresh_tokens.begin()->second;
  EXPECT_EQ(refresh.requests, (std::vector<std::int64_t>{kScenarioNow, kScenarioNow}));
  EXPECT_EQ(refresh.issued, std::optional<std::int64_t>(0));
  EXPECT_EQ(state.consents.size(), 2u);
  ASSERT_EQ(state.leads.at("us").size(), 5u);
  const DemoRecord& inserted = state.leads.at("us").back();
  EXPECT_EQ(inserted.id, "572576700000045000");
  EXPECT_FALSE(inserted.fields.contains("id"));
  EXPECT_EQ(inserted.fields["Score"], 7);
  EXPECT_EQ(state.next_lead_id, 45001);
  EXPECT_EQ(to_json_text(demo_state_to_json(state)), kSavedByEarlierBuild);
}

TEST(DemoState, RefreshTokenSavedWithoutIssuedStaysWithoutAndCountsAsOldest) {
  const json saved = parse_json(
      R"({"version":1,"refresh_tokens":{"1000.old":{"region":"us","scope":"s","requests":[]},)"
      R"("1000.new":{"issued":6,"region":"us","scope":"s","requests":[5]}},"next_refresh_seq":2})");
  const DemoState state = demo_state_from_json(saved);
  EXPECT_FALSE(state.refresh_tokens.at("1000.old").issued.has_value());
  EXPECT_EQ(state.next_refresh_seq, 7) << "past every kept token's issued";
  const json written = demo_state_to_json(state);
  EXPECT_FALSE(written["refresh_tokens"]["1000.old"].contains("issued"));
  EXPECT_EQ(written["refresh_tokens"]["1000.new"]["issued"], 6);
}

TEST(DemoState, EntriesOfTheWrongShapeAreDroppedOneByOne) {
  const json saved = parse_json(
      R"({"version":1,"codes":{"1000.a":{"region":"us"}},)"
      R"("access_tokens":{"1000.t":{"region":"us","scope":"s","refresh_token":"","expires_at":-1},)"
      R"("1000.u":{"region":"us","scope":"s","refresh_token":"","expires_at":100000000000}},)"
      R"("consents":{"us|x":true,"eu|x":"yes"},"leads":{"us":[{"id":"1"},{"id":2}],"eu":[]},"next_lead_id":1.5})");
  const DemoState state = demo_state_from_json(saved);
  EXPECT_TRUE(state.codes.empty());
  EXPECT_EQ(state.access_tokens.count("1000.t"), 0u) << "below 0";
  EXPECT_EQ(state.access_tokens.count("1000.u"), 1u) << "10^11 is the largest time kept";
  EXPECT_EQ(state.consents, std::set<std::string>{"us|x"});
  EXPECT_EQ(state.leads.count("us"), 0u) << "a region's records are kept all or none";
  EXPECT_TRUE(state.leads.at("eu").empty());
  EXPECT_EQ(state.next_lead_id, 45000);
  EXPECT_EQ(to_json_text(demo_state_to_json(demo_state_from_json(parse_json(R"({"version":2,"next_lead_id":7})")))),
            to_json_text(demo_state_to_json(DemoState())));
}

TEST(DemoState, PruneForgetsCodesAfterTwentyMinutesAndAccessTokensADayAfterExpiry) {
  DemoState state;
  state.codes["1000.kept"].created_at = 1000;
  state.codes["1000.gone"].created_at = 999;
  state.access_tokens["1000.kept"].expires_at = 2200 - 86400;
  state.access_tokens["1000.gone"].expires_at = 2199 - 86400;
  prune_demo_state(state, 2200);
  EXPECT_EQ(state.codes.count("1000.kept"), 1u);
  EXPECT_EQ(state.codes.count("1000.gone"), 0u);
  EXPECT_EQ(state.access_tokens.count("1000.kept"), 1u);
  EXPECT_EQ(state.access_tokens.count("1000.gone"), 0u);
}

}  // namespace
}  // namespace zc
