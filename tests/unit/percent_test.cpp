#include "oauth/percent.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(PercentEncode, UnreservedStayOthersBecomeUpperHex) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("a b+c,d/e"), "a%20b%2Bc%2Cd%2Fe");
  EXPECT_EQ(percent_encode("\xC2\xA3"), "%C2%A3");
}

TEST(PercentDecode, PlusIsLiteralUnlessFormMode) {
  EXPECT_EQ(percent_decode("a+b%2Bc", false), "a+b+c");
  EXPECT_EQ(percent_decode("a+b%2Bc", true), "a b+c");
}

TEST(PercentDecode, InvalidEscapeStaysLiteral) {
  EXPECT_EQ(percent_decode("%zz%4", true), "%zz%4");
  EXPECT_EQ(percent_decode("%", true), "%");
  EXPECT_EQ(percent_decode("%e2%82%ac", true), "\xE2\x82\xAC");
}

// docs/SECURITY.md: form encoding vector (WHATWG application/x-www-form-urlencoded).
TEST(FormEncode, SecurityVector) {
  EXPECT_EQ(form_encode(" %&+\xC2\xA3\xE2\x82\xAC!'()*~-._"), "+%25%26%2B%C2%A3%E2%82%AC%21%27%28%29*%7E-._");
}

TEST(FormParse, SecurityVectors) {
  Params p = form_parse("a=b+c%20d");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].second, "b c d");
  EXPECT_EQ(form_parse("x=%2B")[0].second, "+");
  EXPECT_EQ(form_parse("x=%zz")[0].second, "%zz");
}

TEST(FormParse, KeepsOrderDuplicatesAndBareNames) {
  Params p = form_parse("a=1&&b&a=2&");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(p[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(p[2], (std::pair<std::string, std::string>{"a", "2"}));
}

TEST(FormRoundTrip, AnyBytesSurvive) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  Params p = form_parse(form_serialize({{all, all}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].first, all);
  EXPECT_EQ(p[0].second, all);
}

TEST(QuerySerialize, SpaceIsPercent20NotPlus) {
  EXPECT_EQ(query_serialize({{"scope", "openid email"}, {"x", "a,b"}}), "scope=openid%20email&x=a%2Cb");
}

}  // namespace zc
