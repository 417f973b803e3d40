#include "console/token_budget.hpp"

#include <gtest/gtest.h>

#include "console/model.hpp"
#include "console/profile.hpp"

namespace zc {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;

TokenHistory events(std::initializer_list<TokenEvent> list) { return TokenHistory(list); }
constexpr TokenEventKind kIssued = TokenEventKind::kIssued, kRefreshed = TokenEventKind::kRefreshed,
                         kRevoked = TokenEventKind::kRevoked;

TEST(TokenBudget, CountsLiveRefreshTokensOverTheClientsSetsForTheUser) {
  // One set authorized three times, one revoked since; another profile's set of the same client once.
  const TokenHistory own = events({{kIssued, 1}, {kIssued, 2}, {kRevoked, 3}, {kIssued, 4}});
  const TokenHistory other = events({{kIssued, 5}, {kRefreshed, 6}});
  const TokenHistory revoked_twice = events({{kIssued, 7}, {kRevoked, 8}, {kRevoked, 9}});
  const TokenBudget b = token_budget({&own, &other, &revoked_twice}, own, kNow);
  EXPECT_EQ(b.refresh_tokens, 3) << "2 live in its own set, 1 in the other; a set never counts below zero";
  EXPECT_TRUE(b.authorize_warning.empty());
}

TEST(TokenBudget, AccessTokensCountOnlyThisRefreshTokensRefreshesInTheLast600Seconds) {
  const TokenHistory h = events({{kRefreshed, kNow - 1000},  // of an earlier refresh token
                                 {kIssued, kNow - 900},
                                 {kRefreshed, kNow - 700},  // long gone from the window
                                 {kRefreshed, kNow - 600},  // exactly 600 s ago: has just left it
                                 {kRefreshed, kNow - 599},  // the oldest still in it
                                 {kRefreshed, kNow - 10},
                                 {kRefreshed, kNow}});
  const TokenBudget b = token_budget({&h}, h, kNow);
  EXPECT_EQ(b.access_tokens, 3);
  EXPECT_EQ(b.window_frees_in, 1) << "kNow - 599 leaves in 1 s";
  EXPECT_EQ(b.refresh_tokens, 1);
  // One second later the oldest has left; a second before the first refresh, nothing of the window had come.
  EXPECT_EQ(token_budget({&h}, h, kNow + 1).access_tokens, 2);
  EXPECT_EQ(token_budget({&h}, h, kNow - 700 - 1).access_tokens, 0) << "events after `now` are not counted";
  // A new issue starts the count again: the new refresh token has given nothing yet.
  TokenHistory again = h;
  record_token_event(again, kIssued, kNow);
  EXPECT_EQ(token_budget({&again}, again, kNow).access_tokens, 0);
  EXPECT_EQ(token_budget({&again}, again, kNow).refresh_tokens, 2);
}

TEST(TokenBudget, WarnsBeforeTheTwentyFirstRefreshTokenNotBefore) {
  TokenHistory h;
  for (int i = 0; i < 19; ++i) record_token_event(h, kIssued, kNow - 100 + i);
  EXPECT_TRUE(token_budget({&h}, h, kNow).authorize_warning.empty()) << "19 live: the next is the 20th, allowed";
  record_token_event(h, kIssued, kNow);
  const TokenBudget b = token_budget({&h}, h, kNow);
  EXPECT_EQ(b.refresh_tokens, 20);
  EXPECT_NE(b.authorize_warning.find("refresh token 21"), std::string::npos) << b.authorize_warning;
  EXPECT_NE(b.authorize_warning.find("Zoho keeps 20 and silently deletes the oldest, maybe your integration's"),
            std::string::npos);
  EXPECT_NE(b.authorize_warning.find("Revoke a token set you no longer need first"), std::string::npos);
  EXPECT_TRUE(b.refresh_warning.empty());
  record_token_event(h, kRevoked, kNow + 1);
  EXPECT_TRUE(token_budget({&h}, h, kNow + 1).authorize_warning.empty()) << "a revocation makes room";
}

TEST(TokenBudget, WarnsBeforeTheEleventhAccessTokenInTenMinutes) {
  TokenHistory h = events({{kIssued, kNow - 300}});
  for (int i = 0; i < 9; ++i) record_token_event(h, kRefreshed, kNow - 200 + i * 10);
  EXPECT_TRUE(token_budget({&h}, h, kNow).refresh_warning.empty()) << "9 in the window: the next is the 10th";
  record_token_event(h, kRefreshed, kNow);
  const TokenBudget b = token_budget({&h}, h, kNow);
  EXPECT_EQ(b.access_tokens, 10);
  EXPECT_NE(b.refresh_warning.find("access token 11 in 10 minutes"), std::string::npos) << b.refresh_warning;
  EXPECT_NE(b.refresh_warning.find("Zoho throttles past 10. Wait 400 s"), std::string::npos)
      << "the oldest (kNow - 200) leaves the window in 400 s: " << b.refresh_warning;
  EXPECT_TRUE(token_budget({&h}, h, kNow + 400).refresh_warning.empty()) << "then the 11th is allowed";
}

// The model sums per client id and end user: another client's sets, and the same client's other end
// users, are not counted.
TEST(TokenBudget, TheModelCountsPerClientIdAndUser) {
  Model model({"http://127.0.0.1:8000/", "http://127.0.0.1:8000/"});
  const auto profile = [](const std::string& id, const std::string& client_id) {
    Profile p;
    p.id = id;
    p.name = id;
    p.client_id = client_id;
    p.client_secret = "secret";
    p.scopes = {"ZohoCRM.modules.ALL"};
    p.redirect_uri = "http://127.0.0.1:8000/";
    return profile_to_json(p, true);
  };
  TokenSet t;
  t.access_token = "1000.a";
  t.refresh_token = "1000.r";
  t.accounts_server = "https://accounts.zoho.com";
  t.api_domain = "https://www.zohoapis.com";
  const auto record = [&t](const std::string& id, const std::string& user, int issued) {
    TokenHistory h;
    for (int i = 0; i < issued; ++i) record_token_event(h, kIssued, kNow - 100 + i);
    return json{{"profileId", id}, {"endUser", user}, {"tokens", token_set_to_json(t)}, {"history", token_history_to_json(h)}};
  };
  model.load(json::array({profile("a", "1000.ONE"), profile("b", "1000.ONE"), profile("c", "1000.TWO")}),
             json::array({record("a", "", 12), record("b", "", 8), record("b", "alice", 5), record("c", "", 3)}),
             json::array(), kNow, "fresh");
  const TokenBudget a = model.token_budget("a", "", kNow);
  EXPECT_EQ(a.refresh_tokens, 20) << "a's 12 and b's 8: the same client, the same (integration's) user";
  EXPECT_FALSE(a.authorize_warning.empty());
  EXPECT_EQ(model.token_budget("b", "alice", kNow).refresh_tokens, 5) << "end user alice is another user";
  EXPECT_EQ(model.token_budget("c", "", kNow).refresh_tokens, 3) << "another client id";
  EXPECT_EQ(model.token_budget("c", "nobody", kNow).refresh_tokens, 0);
}

}  // namespace
}  // namespace zc
