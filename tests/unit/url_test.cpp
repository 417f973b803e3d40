#include "oauth/url.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(ParseUrl, SplitsWithoutNormalising) {
  auto u = parse_url("HTTPS://Accounts.Zoho.EU:443/oauth/v2/auth?a=b#frag", "Authorization URL");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u.value().scheme, "https");
  EXPECT_EQ(u.value().authority, "Accounts.Zoho.EU:443");
  EXPECT_EQ(u.value().host, "accounts.zoho.eu");
  EXPECT_EQ(u.value().path, "/oauth/v2/auth");
  EXPECT_EQ(u.value().query, "a=b");
  EXPECT_EQ(u.value().fragment, "frag");
}

TEST(ParseUrl, NoPathStaysEmpty) {
  auto u = parse_url("https://localhost:8000", "Redirect URI");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u.value().path, "");
  EXPECT_EQ(u.value().host, "localhost");
}

TEST(ParseUrl, ErrorsNameTheField) {
  for (const char* bad : {"", "accounts.zoho.eu/oauth", "ftp://x/y", "https:///path", "https://a b/"}) {
    auto u = parse_url(bad, "Token URL");
    ASSERT_FALSE(u.ok()) << bad;
    EXPECT_EQ(u.error().code, "url.invalid");
    EXPECT_NE(u.error().message.find("Token URL"), std::string::npos) << u.error().message;
  }
}

TEST(AppendQuery, KeepsExistingQueryAndDropsFragment) {
  EXPECT_EQ(append_query("https://a/b", "x=1"), "https://a/b?x=1");
  EXPECT_EQ(append_query("https://a/b?k=v", "x=1"), "https://a/b?k=v&x=1");
  EXPECT_EQ(append_query("https://a/b?", "x=1"), "https://a/b?x=1");
  EXPECT_EQ(append_query("https://a/b#f", "x=1"), "https://a/b?x=1");
}

TEST(StripQueryAndFragment, LeavesThePath) {
  EXPECT_EQ(strip_query_and_fragment("https://a/b/?code=1&state=2#x"), "https://a/b/");
  EXPECT_EQ(strip_query_and_fragment("https://a/b#x?y"), "https://a/b");
}

}  // namespace zc
