#include "oauth/url.hpp"
#include "oauth/http.hpp"

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


// Issue 10, case 3: scheme and host compare case-insensitively (RFC 3986 s6.2.2.1), the rest exactly.
TEST(SameUrl, SchemeAndHostIgnoreCasePathDoesNot) {
  EXPECT_TRUE(same_url("https://Accounts.Zoho.EU/oauth/v2/auth", "https://accounts.zoho.eu/oauth/v2/auth"));
  EXPECT_TRUE(same_url("HTTPS://ACCOUNTS.ZOHO.EU", "https://accounts.zoho.eu"));
  EXPECT_TRUE(same_url("http://127.0.0.1:8000/Console/demo", "http://127.0.0.1:8000/Console/demo"));
  EXPECT_FALSE(same_url("https://accounts.zoho.eu/OAuth/v2/auth", "https://accounts.zoho.eu/oauth/v2/auth"));
  EXPECT_FALSE(same_url("https://accounts.zoho.eu/x?A=1", "https://accounts.zoho.eu/x?a=1"));
  EXPECT_FALSE(same_url("https://accounts.zoho.eu.evil", "https://accounts.zoho.eu"));
  EXPECT_FALSE(same_url("https://accounts.zoho.eu:8443", "https://accounts.zoho.eu"));
  EXPECT_FALSE(same_url("accounts.zoho.EU", "accounts.zoho.eu")) << "no scheme: bytes compared";
}

// Issue 10, case 4: loopback is 127.0.0.0/8, [::1] in any spelling and localhost (RFC 8252 s7.3).
TEST(LoopbackHost, AllOf127Slash8AndIpv6Loopback) {
  for (const char* host : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "127.1.2.3", "localhost", "LOCALHOST",
                           "app.localhost", "[::1]", "[0:0:0:0:0:0:0:1]", "[::0001]", "[0::1]"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"128.0.0.1", "126.0.0.1", "127.0.0.256", "127.0.0", "127.0.0.1.2", "0127.0.0.1",
                           "127.0.0.01", "1.127.0.0", "[::2]", "[1::]", "[::1:0]", "[1:0:0:0:0:0:0:1]", "localhost.evil",
                           "evil-localhost", "[::ffff:127.0.0.1]", "example.com", ""}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}


// A backslash ends the authority as browsers read it; junk after an IPv6 literal or a port that is not a
// number is no URL: the host checked is the host a browser would use.
TEST(ParseUrl, HostIsTheOneABrowserWouldUse) {
  auto backslash = parse_url("http://evil.com\\@127.0.0.1/", "Redirect URI");
  ASSERT_TRUE(backslash.ok());
  EXPECT_EQ(backslash.value().host, "evil.com");
  EXPECT_FALSE(parse_url("http://[::1]evil.com/", "x").ok());
  EXPECT_FALSE(parse_url("http://127.0.0.1:80:evil.com/", "x").ok());
  EXPECT_FALSE(parse_url("http://127.0.0.1:8o/", "x").ok());
  EXPECT_TRUE(parse_url("http://[::1]:8080/cb", "x").ok());
  EXPECT_TRUE(parse_url("http://127.0.0.1:/cb", "x").ok()) << "an empty port is the default (RFC 3986 s3.2.3)";
  for (const char* host : {"[:::1]", "[0::0::1]", "[::1::]"}) EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(SerializedOrigin, LowerCaseNoDefaultPortNoUserInfo) {
  EXPECT_EQ(serialized_origin("https://User:pw@IdP.Example.com:443/auth"), "https://idp.example.com");
  EXPECT_EQ(serialized_origin("HTTP://127.0.0.1:80/x"), "http://127.0.0.1");
  EXPECT_EQ(serialized_origin("http://127.0.0.1:3000/auth?x#y"), "http://127.0.0.1:3000");
  EXPECT_EQ(serialized_origin("https://[::1]:8443/"), "https://[::1]:8443");
  EXPECT_EQ(serialized_origin("not a url"), "");
}

}  // namespace zc

namespace zc {

// A header's value without the white space around it (RFC 9110 s5.5): a browser's unpacked response
// headers keep the space after ':' and the line's CR, and a name matches in any case.
TEST(HeaderValue, TrimsOptionalWhiteSpaceAndMatchesAnyCase) {
  const Headers h = {{"X-Demo-Scenario", " code-expired\r"}, {"Content-Type", "\tapplication/json ; charset=utf-8 \r\n"},
                     {"X-Empty", " \r"}};
  EXPECT_EQ(header_value(h, "x-demo-scenario"), "code-expired");
  EXPECT_EQ(header_value(h, "content-type"), "application/json ; charset=utf-8");
  EXPECT_EQ(header_value(h, "X-Empty"), "");
  EXPECT_EQ(header_value(h, "X-Absent"), "");
}

TEST(StartsWithLower, ComparesAsciiInAnyCaseWithoutCopying) {
  EXPECT_TRUE(starts_with_lower("HTTPS://a", "https"));
  EXPECT_TRUE(starts_with_lower("%2A", "%2a"));
  EXPECT_FALSE(starts_with_lower("htt", "https"));
  EXPECT_FALSE(starts_with_lower("httpx", "https"));
  EXPECT_FALSE(starts_with_lower("ÄMP;", "amp;"));
}

}  // namespace zc
