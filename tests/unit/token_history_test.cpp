#include "console/token_history.hpp"

#include <gtest/gtest.h>

#include "console/token_store.hpp"

namespace zc {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;

TokenSet tokens() {
  TokenSet t;
  t.access_token = "1000.access";
  t.refresh_token = "1000.refresh";
  t.api_domain = "https://www.zohoapis.com";
  t.expires_at = kNow + 3600;
  t.accounts_server = "https://accounts.zoho.com";
  return t;
}

// The record the last StorePut `tokens` wrote.
json last_put(Outbox& out) {
  json record;
  for (Effect& e : out.take_effects()) {
    if (const auto* put = std::get_if<StorePut>(&e)) record = put->value;
  }
  return record;
}

TEST(TokenHistory, TravelsWithItsSetThroughTheStoredRecord) {
  TokenStore store("http://127.0.0.1:8000/");
  Outbox out;
  store.record("p", "", TokenEventKind::kIssued, kNow);
  store.record("p", "", TokenEventKind::kRefreshed, kNow + 60);
  store.put("p", "", tokens(), out);
  const json record = last_put(out);
  EXPECT_EQ(record["history"], json::parse(R"([{"event":"issued","at":1700000000},{"event":"refreshed","at":1700000060}])"));
  EXPECT_EQ(record["tokens"]["accessToken"], "1000.access") << "the set itself is as before";

  TokenStore reloaded("http://127.0.0.1:8000/");
  reloaded.load(json::array({record}));
  ASSERT_NE(reloaded.find("p"), nullptr);
  ASSERT_NE(reloaded.history("p", ""), nullptr);
  EXPECT_EQ(*reloaded.history("p", ""), (TokenHistory{{TokenEventKind::kIssued, kNow}, {TokenEventKind::kRefreshed, kNow + 60}}));
  EXPECT_EQ(reloaded.history("p", "alice"), nullptr);
}

TEST(TokenHistory, ARecordWrittenBeforeItExistedLoadsAsBeforeAndIsWrittenAsBefore) {
  TokenStore store("http://127.0.0.1:8000/");
  Outbox out;
  const json old = {{"profileId", "p"}, {"endUser", "bob"}, {"tokens", token_set_to_json(tokens())}};
  store.load(json::array({old}));
  store.read_stored(SIZE_MAX, kNow, out);
  EXPECT_TRUE(out.log().empty()) << "nothing reported: " << out.log()[0].text;
  ASSERT_NE(store.find("p", "bob"), nullptr);
  EXPECT_EQ(store.find("p", "bob")->refresh_token, "1000.refresh");
  EXPECT_TRUE(store.history("p", "bob") == nullptr || store.history("p", "bob")->empty());
  store.put("p", "bob", tokens(), out);
  EXPECT_EQ(last_put(out), old) << "no history: the record keeps its old shape";
}

TEST(TokenHistory, AMalformedHistoryIsReadAsFarAsItGoes) {
  EXPECT_TRUE(token_history_of_record(json()).empty());
  EXPECT_TRUE(token_history_of_record(json{{"history", "issued"}}).empty());
  const TokenHistory h = token_history_of_record(json{{"history", json::parse(
      R"([{"event":"issued","at":5},{"event":"exploded","at":6},{"event":"refreshed","at":"7"},7,{"at":8},{"event":4,"at":8},{"event":"revoked","at":9}])")}});
  EXPECT_EQ(h, (TokenHistory{{TokenEventKind::kIssued, 5}, {TokenEventKind::kRevoked, 9}}));
}

TEST(TokenHistory, IsBoundedAndRefreshesLeaveBeforeIssuesAndRevocations) {
  TokenHistory h;
  record_token_event(h, TokenEventKind::kIssued, 1);
  for (int i = 0; i < 100; ++i) record_token_event(h, TokenEventKind::kRefreshed, 10 + i);
  record_token_event(h, TokenEventKind::kRevoked, 200);
  record_token_event(h, TokenEventKind::kIssued, 201);
  ASSERT_EQ(h.size(), kMaxTokenEvents);
  EXPECT_EQ(h.front(), (TokenEvent{TokenEventKind::kIssued, 1})) << "the first issue is still counted";
  EXPECT_EQ(h[h.size() - 3], (TokenEvent{TokenEventKind::kRefreshed, 109})) << "the newest refreshes stay";
  EXPECT_EQ(h[1].at, 10 + 39) << "the oldest refreshes left";
  // Only issues: the oldest leaves.
  TokenHistory issues;
  for (int i = 0; i < 70; ++i) record_token_event(issues, TokenEventKind::kIssued, i);
  ASSERT_EQ(issues.size(), kMaxTokenEvents);
  EXPECT_EQ(issues.front().at, 6);
  // A stored history longer than the bound (another version wrote it) is cut the same way on reading.
  EXPECT_EQ(token_history_of_record(json{{"history", token_history_to_json(issues)}}).size(), kMaxTokenEvents);
}

TEST(TokenHistory, ARevokedSetKeepsItsHistoryForTheNextSet) {
  TokenStore store("http://127.0.0.1:8000/");
  Outbox out;
  store.record("p", "", TokenEventKind::kIssued, kNow);
  store.put("p", "", tokens(), out);
  InFlight f;
  f.purpose = Purpose::kRevoke;
  f.profile_id = "p";
  ASSERT_TRUE(store.on_revoke(f, {200, {}, R"({"status":"success"})"}, ExplainContext{}, kNow + 5, out));
  EXPECT_EQ(store.find("p"), nullptr);
  ASSERT_NE(store.history("p", ""), nullptr);
  EXPECT_EQ(store.history("p", "")->back(), (TokenEvent{TokenEventKind::kRevoked, kNow + 5}));
  store.record("p", "", TokenEventKind::kIssued, kNow + 10);
  store.put("p", "", tokens(), out);
  EXPECT_EQ(last_put(out)["history"].size(), 3u) << "issued, revoked, issued";
}

}  // namespace
}  // namespace zc
