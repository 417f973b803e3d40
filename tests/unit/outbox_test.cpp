#include "console/outbox.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(Outbox, EffectsLeaveInTheOrderTheyCameAndOnlyOnce) {
  Outbox out;
  out.put("profiles", "p-1", {{"name", "A"}});
  out.remove("pending", "st");
  out.push(Navigate{"https://accounts.zoho.com/oauth/v2/auth?x=1"});
  std::vector<Effect> effects = out.take_effects();
  ASSERT_EQ(effects.size(), 3u);
  const auto* put = std::get_if<StorePut>(&effects[0]);
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->store, "profiles");
  EXPECT_EQ(put->key, "p-1");
  EXPECT_EQ(put->value.dump(), R"({"name":"A"})");
  const auto* gone = std::get_if<StoreDelete>(&effects[1]);
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->store, "pending");
  EXPECT_EQ(gone->key, "st");
  const auto* go = std::get_if<Navigate>(&effects[2]);
  ASSERT_NE(go, nullptr);
  EXPECT_EQ(go->url, "https://accounts.zoho.com/oauth/v2/auth?x=1");
  EXPECT_TRUE(out.take_effects().empty());
}

TEST(Outbox, TheLogKeepsTheNewest500Lines) {
  Outbox out;
  for (int i = 0; i < 500; ++i) out.add_log(kNow + i, "info", "line " + std::to_string(i));
  ASSERT_EQ(out.log().size(), 500u);
  EXPECT_EQ(out.log().front().text, "line 0") << "500 lines: none dropped yet";
  out.add_log(kNow + 500, "response", "line 500");
  ASSERT_EQ(out.log().size(), 500u);
  EXPECT_EQ(out.log().front().text, "line 1") << "the 501st drops the oldest";
  EXPECT_EQ(out.log().back().at, kNow + 500);
  EXPECT_EQ(out.log().back().kind, "response");
  out.clear_log();
  EXPECT_TRUE(out.log().empty());
  EXPECT_EQ(out.log_json().dump(), "[]");
  out.note("Saved.", kNow);
  EXPECT_EQ(out.status(), "Saved.");
  EXPECT_EQ(out.log_json().dump(), R"([{"at":1700000000,"kind":"info","text":"Saved."}])");
}

TEST(Outbox, FailStopsTheFlowRefuseKeepsItsPhase) {
  Outbox out;
  const Error e{"refresh.rate_limited", "Try again in 5 s.", "Zoho OAuth: Token limits"};
  out.set_phase(FlowPhase::kAuthorized);
  out.refuse(e, kNow);
  EXPECT_EQ(out.phase(), FlowPhase::kAuthorized) << "a refusal does not change the token set on screen";
  ASSERT_TRUE(out.error().has_value());
  EXPECT_EQ(out.error()->source, "Zoho OAuth: Token limits");
  EXPECT_EQ(out.status(), "Try again in 5 s.");
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().kind, "error");
  EXPECT_EQ(out.log().back().text, "refresh.rate_limited: Try again in 5 s.");
  out.fail({"crm.no_token", "No token.", ""}, kNow);
  EXPECT_EQ(out.phase(), FlowPhase::kError);
  ASSERT_TRUE(out.error().has_value());
  EXPECT_EQ(out.error()->code, "crm.no_token");
  EXPECT_EQ(out.log().size(), 2u);
}

TEST(Outbox, TheFlowPanelShowsTheProfileOnScreen) {
  Outbox out;
  EXPECT_EQ(out.phase(), FlowPhase::kIdle);
  out.set_error({"profile.Name", "Name is empty.", ""});
  EXPECT_EQ(out.phase(), FlowPhase::kError);
  ASSERT_TRUE(out.error().has_value());
  EXPECT_EQ(out.error()->code, "profile.Name");
  EXPECT_EQ(out.status(), "") << "set_error shows and logs nothing more";
  EXPECT_TRUE(out.log().empty());
  out.show_profile(true);
  EXPECT_EQ(out.phase(), FlowPhase::kAuthorized);
  EXPECT_FALSE(out.error().has_value());
  out.set_error({"x", "y", ""});
  out.show_profile(false);
  EXPECT_EQ(out.phase(), FlowPhase::kIdle);
  EXPECT_FALSE(out.error().has_value());
  out.set_error({"x", "y", ""});
  out.authorized("Authorized: access token received from US.", kNow);
  EXPECT_EQ(out.phase(), FlowPhase::kAuthorized);
  EXPECT_FALSE(out.error().has_value());
  EXPECT_EQ(out.status(), "Authorized: access token received from US.");
  ASSERT_FALSE(out.log().empty());
  EXPECT_EQ(out.log().back().kind, "info");
}

TEST(Outbox, PhaseNamesAreTheBridges) {
  EXPECT_STREQ(phase_name(FlowPhase::kIdle), "idle");
  EXPECT_STREQ(phase_name(FlowPhase::kRedirecting), "redirecting");
  EXPECT_STREQ(phase_name(FlowPhase::kExchanging), "exchanging");
  EXPECT_STREQ(phase_name(FlowPhase::kAuthorized), "authorized");
  EXPECT_STREQ(phase_name(FlowPhase::kError), "error");
}

}  // namespace
}  // namespace zc
