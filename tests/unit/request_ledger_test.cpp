#include "console/request_ledger.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

InFlight flight(Purpose purpose, const std::string& profile_id, const std::string& end_user) {
  InFlight f;
  f.purpose = purpose;
  f.profile_id = profile_id;
  f.end_user = end_user;
  return f;
}

TEST(RequestLedger, IdsStartAtOneAndAreNeverReused) {
  RequestLedger ledger;
  EXPECT_TRUE(ledger.empty());
  EXPECT_EQ(ledger.open(flight(Purpose::kCrmGet, "p", "")), 1);
  EXPECT_EQ(ledger.open(flight(Purpose::kCrmGet, "p", "")), 2);
  ASSERT_TRUE(ledger.close(2).has_value());
  EXPECT_EQ(ledger.open(flight(Purpose::kCrmGet, "p", "")), 3) << "an answered id is not handed out again";
}

TEST(RequestLedger, CloseReturnsTheRequestOnceAndForgetsIt) {
  RequestLedger ledger;
  InFlight f = flight(Purpose::kExchange, "p", "alice");
  f.code = "1000.code";
  const int id = ledger.open(f);
  ASSERT_NE(ledger.find(id), nullptr);
  EXPECT_EQ(ledger.find(id)->code, "1000.code");
  const std::optional<InFlight> closed = ledger.close(id);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->purpose, Purpose::kExchange);
  EXPECT_EQ(closed->end_user, "alice");
  EXPECT_FALSE(ledger.close(id).has_value()) << "an answer that comes twice is handled once";
  EXPECT_EQ(ledger.find(id), nullptr);
  EXPECT_FALSE(ledger.close(99).has_value()) << "an id never sent";
  EXPECT_TRUE(ledger.empty());
}

TEST(RequestLedger, RefreshingNamesOnlyARefreshOfThatTokenSet) {
  RequestLedger ledger;
  ledger.open(flight(Purpose::kRevoke, "p", ""));
  EXPECT_FALSE(ledger.refreshing("p", "")) << "a revoke is not a refresh";
  const int id = ledger.open(flight(Purpose::kRefresh, "p", "alice"));
  EXPECT_TRUE(ledger.refreshing("p", "alice"));
  EXPECT_FALSE(ledger.refreshing("p", "")) << "another end user's set";
  EXPECT_FALSE(ledger.refreshing("q", "alice")) << "another profile's set";
  ledger.close(id);
  EXPECT_FALSE(ledger.refreshing("p", "alice"));
}

TEST(RequestLedger, OnlyExchangeRefreshAndRevokeGoToTheAccountsServer) {
  EXPECT_TRUE(goes_to_accounts_server(Purpose::kExchange));
  EXPECT_TRUE(goes_to_accounts_server(Purpose::kRefresh));
  EXPECT_TRUE(goes_to_accounts_server(Purpose::kRevoke));
  EXPECT_FALSE(goes_to_accounts_server(Purpose::kSelfCode));
  EXPECT_FALSE(goes_to_accounts_server(Purpose::kCrmGet));
  EXPECT_FALSE(goes_to_accounts_server(Purpose::kCrmCreate));
  EXPECT_FALSE(goes_to_accounts_server(Purpose::kScenario)) << "the demo's own endpoint: never through a relay";
}

// Cancel request closes every request; the timeout those sent before a time (Model::kRequestTimeout).
TEST(RequestLedger, SentBeforeListsTheRequestsSentBeforeATimeOldestFirst) {
  RequestLedger ledger;
  InFlight early = flight(Purpose::kCrmGet, "p", "");
  early.sent_at = 100;
  InFlight late = flight(Purpose::kRefresh, "p", "");
  late.sent_at = 130;
  const int a = ledger.open(early);
  const int b = ledger.open(late);
  EXPECT_EQ(ledger.sent_before(100), std::vector<int>{});
  EXPECT_EQ(ledger.sent_before(101), std::vector<int>{a});
  EXPECT_EQ(ledger.sent_before(131), (std::vector<int>{a, b}));
  ledger.close(a);
  EXPECT_EQ(ledger.sent_before(131), std::vector<int>{b});
}

}  // namespace
}  // namespace zc
