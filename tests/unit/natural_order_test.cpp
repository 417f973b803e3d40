#include "console/natural_order.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

TEST(NaturalOrder, NumbersInsideNamesCompareAsNumbers) {
  EXPECT_TRUE(natural_less("n2", "n10"));
  EXPECT_FALSE(natural_less("n10", "n2"));
  EXPECT_TRUE(natural_less("Profile 9 (eu)", "Profile 10 (eu)"));
  // Longer than any integer type: compared by length first, then digit by digit.
  EXPECT_TRUE(natural_less("n99999999999999999999", "n100000000000000000000"));
  EXPECT_FALSE(natural_less("n100000000000000000000", "n99999999999999999999"));
  EXPECT_TRUE(natural_less("n12345678901234567890", "n12345678901234567891"));
}

TEST(NaturalOrder, LettersIgnoreCaseUntilNothingElseDiffers) {
  EXPECT_TRUE(natural_less("alpha", "Beta"));
  EXPECT_FALSE(natural_less("Beta", "alpha"));
  // Equal but for case or leading zeros: byte order decides, so the order is total.
  EXPECT_TRUE(natural_less("A", "a"));
  EXPECT_FALSE(natural_less("a", "A"));
  EXPECT_TRUE(natural_less("n007", "n7"));
  EXPECT_FALSE(natural_less("n7", "n007"));
}

TEST(NaturalOrder, AStrictOrderWithPrefixesFirst) {
  for (const char* name : {"", "a", "n10", "N010"}) EXPECT_FALSE(natural_less(name, name)) << name;
  EXPECT_TRUE(natural_less("", "a"));
  EXPECT_FALSE(natural_less("a", ""));
  EXPECT_TRUE(natural_less("abc", "abcd"));
  EXPECT_TRUE(natural_less("n", "n1"));
  EXPECT_FALSE(natural_less("n1", "n"));
}

}  // namespace
}  // namespace zc
