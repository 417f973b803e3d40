#include "console/grant_code_clock.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(GrantCodeClock, StartsWhenACodeFirstAppearsAndStopsWhenTheFieldEmpties) {
  GrantCodeClock clock;
  EXPECT_FALSE(clock.seconds_left(kNow).has_value()) << "no code entered";
  clock.edited("  \n", kNow);
  EXPECT_FALSE(clock.seconds_left(kNow).has_value()) << "blank text is no code";
  clock.edited("1000.abc", kNow);
  EXPECT_EQ(clock.seconds_left(kNow), 180) << "3 minutes by default";
  clock.edited("1000.abcd", kNow + 30);  // still typing: the clock keeps its start
  EXPECT_EQ(clock.seconds_left(kNow + 30), 150);
  EXPECT_EQ(clock.seconds_left(kNow + 181), -1) << "negative once past";
  clock.edited("", kNow + 40);
  EXPECT_FALSE(clock.seconds_left(kNow + 40).has_value());
}

TEST(GrantCodeClock, TakesOnlyTheDurationsZohosApiConsoleOffers) {
  GrantCodeClock clock;
  EXPECT_EQ(clock.minutes(), 3);
  for (int minutes : {5, 7, 10, 3}) {
    clock.set_minutes(minutes);
    EXPECT_EQ(clock.minutes(), minutes);
  }
  for (int minutes : {0, 1, 4, 6, 11, 60, -3}) {
    clock.set_minutes(minutes);
    EXPECT_EQ(clock.minutes(), 3) << minutes << " is not offered";
  }
  clock.set_minutes(10);
  clock.started(kNow);
  EXPECT_EQ(clock.seconds_left(kNow), 600);
  clock.stop();
  EXPECT_FALSE(clock.seconds_left(kNow).has_value()) << "a code sent for exchange is spent";
}

}  // namespace
}  // namespace zc
