// The redirect URI check (core/console/redirect_uri_check.hpp): each kind of difference is named, with
// its fix; identical URIs are equal.
#include "console/redirect_uri_check.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zc {
namespace {

std::vector<std::string> kinds(const RedirectUriCheck& c) {
  std::vector<std::string> out;
  for (const auto& d : c.differences) out.push_back(d.kind);
  return out;
}

using Kinds = std::vector<std::string>;

TEST(RedirectUriCheck, IdenticalUrisAreEqualWithNoDifference) {
  const auto c = check_redirect_uri("https://app.example.com/cb", "https://app.example.com/cb");
  EXPECT_TRUE(c.equal);
  EXPECT_TRUE(c.differences.empty());
}

TEST(RedirectUriCheck, TrailingSlashEitherWay) {
  const auto c = check_redirect_uri("https://app.example.com/cb/", "https://app.example.com/cb");
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(kinds(c), Kinds{"trailing-slash"});
  EXPECT_NE(c.differences[0].message.find("registered URI ends with '/'"), std::string::npos);
  EXPECT_NE(c.differences[0].fix.find("https://app.example.com/cb/"), std::string::npos);
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com", "https://a.example.com/")), Kinds{"trailing-slash"});
}

TEST(RedirectUriCheck, HostCaseOnlyIsItsOwnKind) {
  const auto c = check_redirect_uri("https://App.Example.com/cb", "https://app.example.com/cb");
  EXPECT_EQ(kinds(c), Kinds{"host-case"});
  EXPECT_EQ(c.differences[0].registered, "App.Example.com");
  EXPECT_EQ(c.differences[0].profile, "app.example.com");
}

TEST(RedirectUriCheck, HostCaseAndTrailingSlashAreBothListed) {
  EXPECT_EQ(kinds(check_redirect_uri("https://App.example.com/cb/", "https://app.example.com/cb")),
            (Kinds{"host-case", "trailing-slash"}));
}

TEST(RedirectUriCheck, SchemeHostAndPath) {
  EXPECT_EQ(kinds(check_redirect_uri("http://a.example.com/cb", "https://a.example.com/cb")), Kinds{"scheme"});
  EXPECT_EQ(kinds(check_redirect_uri("https://b.example.com/cb", "https://a.example.com/cb")), Kinds{"host"});
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/callback", "https://a.example.com/cb")), Kinds{"path"});
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/CB", "https://a.example.com/cb")), Kinds{"path-case"});
}

TEST(RedirectUriCheck, ExplicitDefaultPortAgainstNone) {
  const auto c = check_redirect_uri("https://a.example.com:443/cb", "https://a.example.com/cb");
  EXPECT_EQ(kinds(c), Kinds{"port"});
  EXPECT_EQ(c.differences[0].registered, "443");
  EXPECT_EQ(c.differences[0].profile, "(none)");
  EXPECT_NE(c.differences[0].message.find("default port :443"), std::string::npos);
  EXPECT_EQ(kinds(check_redirect_uri("http://127.0.0.1:8000/cb", "http://127.0.0.1:8001/cb")), Kinds{"port"});
}

TEST(RedirectUriCheck, PercentEncodingSlashAndHexCase) {
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/a%2Fb", "https://a.example.com/a/b")),
            Kinds{"percent-encoding"});
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/a%2fb", "https://a.example.com/a%2Fb")),
            Kinds{"percent-encoding"});
}

TEST(RedirectUriCheck, NonLatinPathAgainstItsEscapes) {
  // 回调 ("callback") as UTF-8 bytes and as its %XX escapes.
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/%E5%9B%9E%E8%B0%83", "https://a.example.com/回调")),
            Kinds{"percent-encoding"});
}

TEST(RedirectUriCheck, IdnHostAgainstPunycode) {
  const auto c = check_redirect_uri("https://xn--fsqu00a.xn--0zwm56d/cb", "https://例子.测试/cb");
  EXPECT_EQ(kinds(c), Kinds{"non-ascii-host"});
  EXPECT_EQ(c.differences[0].profile, "例子.测试");
}

TEST(RedirectUriCheck, QueryAndFragment) {
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/cb?x=1", "https://a.example.com/cb")), Kinds{"query"});
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/cb?", "https://a.example.com/cb")), Kinds{"query"});
  EXPECT_EQ(kinds(check_redirect_uri("https://a.example.com/cb", "https://a.example.com/cb#top")), Kinds{"fragment"});
}

TEST(RedirectUriCheck, WhiteSpacePastedAroundIsNamedAndUseDropsIt) {
  const auto c = check_redirect_uri("  https://a.example.com/cb\n", "https://a.example.com/cb");
  EXPECT_EQ(kinds(c), Kinds{"whitespace"});
  EXPECT_EQ(c.use, "https://a.example.com/cb");
}

TEST(RedirectUriCheck, AnUnparsableUriSaysWhy) {
  const auto c = check_redirect_uri("a.example.com/cb", "https://a.example.com/cb");
  ASSERT_EQ(kinds(c), Kinds{"unparsable"});
  EXPECT_NE(c.differences[0].message.find("Registered redirect URI"), std::string::npos);
}

}  // namespace
}  // namespace zc
