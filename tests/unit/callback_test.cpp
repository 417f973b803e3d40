#include "oauth/callback.hpp"

#include <optional>

#include <gtest/gtest.h>
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

TEST(Callback, ZohoMultiDcParametersWithTrailingAmpersand) {
  auto r = parse_callback(
      "https://console.example/cb?state=S&code=X&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu&",
      ResponseMode::kQuery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().code, "X");
  EXPECT_EQ(r.value().state, "S");
  EXPECT_EQ(r.value().location, "eu");
  EXPECT_EQ(r.value().accounts_server, "https://accounts.zoho.eu");
}

// docs/SECURITY.md vector: the fragment is ignored when reading a query response.
TEST(Callback, FragmentIgnoredForQueryResponse) {
  auto r = parse_callback("https://app.example/cb?code=a%2Bb&state=s%3D1#/route?code=evil", ResponseMode::kQuery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().code, "a+b");
  EXPECT_EQ(r.value().state, "s=1");
}

TEST(Callback, DuplicateParameterRefused) {
  auto r = parse_callback("https://app.example/cb?state=a&state=a&code=x", ResponseMode::kQuery);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "callback.duplicate_parameter");
  EXPECT_NE(r.error().message.find("state"), std::string::npos);
}

TEST(Callback, DuplicateParameterRefusedAmongManyAndInTheFragment) {
  // Above 16 parameters another check runs (a set, for hostile inputs): it must refuse alike.
  std::string many = "https://app.example/cb?code=x&state=a";
  for (int i = 0; i < 20; ++i) many += "&p" + std::to_string(i) + "=v";
  EXPECT_TRUE(parse_callback(many, ResponseMode::kQuery).ok());
  EXPECT_EQ(error_code(parse_callback(many + "&code=y", ResponseMode::kQuery)), "callback.duplicate_parameter");
  EXPECT_EQ(error_code(parse_callback(many + "&p3=w", ResponseMode::kQuery)), "callback.duplicate_parameter");
  EXPECT_EQ(error_code(parse_callback("https://app.example/cb#access_token=a&state=s&access_token=b", ResponseMode::kFragment)),
            "callback.duplicate_parameter");
}

TEST(Callback, ErrorResponse) {
  auto r = parse_callback("https://app.example/cb?error=access_denied&error_description=User+denied&state=S",
                          ResponseMode::kQuery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().error, "access_denied");
  EXPECT_EQ(r.value().error_description, "User denied");
}

TEST(Callback, FragmentModeReadsImplicitToken) {
  auto r = parse_callback("https://app.example/cb?code=ignored#access_token=1000.t&token_type=Bearer&expires_in=3600&state=S",
                          ResponseMode::kFragment);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().access_token, "1000.t");
  EXPECT_EQ(r.value().code, "");
}

TEST(Callback, LooksLikeCallbackOnlyWithResponseParameters) {
  EXPECT_FALSE(looks_like_callback("https://app.example/", ResponseMode::kQuery));
  EXPECT_FALSE(looks_like_callback("https://app.example/?tab=2", ResponseMode::kQuery));
  EXPECT_FALSE(looks_like_callback("https://app.example/#code=x", ResponseMode::kQuery));
  EXPECT_TRUE(looks_like_callback("https://app.example/?code=x", ResponseMode::kQuery));
  EXPECT_TRUE(looks_like_callback("https://app.example/?error=access_denied", ResponseMode::kQuery));
}

TEST(Callback, EmptyAndNotAUrl) {
  EXPECT_EQ(error_code(parse_callback("https://app.example/cb", ResponseMode::kQuery)), "callback.empty");
  EXPECT_EQ(error_code(parse_callback("code=x", ResponseMode::kQuery)), "callback.url");
}

TEST(Callback, NotAUrlEvenWithSchemeMarkerInside) {
  EXPECT_EQ(error_code(parse_callback("not a url ?code=1&u=://", ResponseMode::kQuery)), "callback.url");
}

TEST(Callback, DuplicateNameQuotedPrintably) {
  auto r = parse_callback("https://a/cb?state=x&%ff=1&%ff=2", ResponseMode::kQuery);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find('\xff'), std::string::npos);
  EXPECT_NE(r.error().message.find("'?'"), std::string::npos);
}

// Issue 10, case 6: a callback whose '&' was HTML-escaped (copied from a page or an e-mail) is named as
// such, never read as a state mismatch.
TEST(Callback, HtmlEscapedSeparatorsAreNamed) {
  for (const char* url : {"http://localhost:8000/?code=1000.c7&amp;state=st-7&amp;location=us",
                          "http://localhost:8000/?code=1000.c7&#38;state=st-7",
                          "http://localhost:8000/?code=1000.c7&#x26;state=st-7",
                          "http://localhost:8000/?code=1000.c7%26state%3Dst-7%26location%3Dus"}) {
    auto r = parse_callback(url, ResponseMode::kQuery);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().code, "callback.mangled_separators") << url;
    EXPECT_EQ(r.error().message.find("CSRF"), std::string::npos);
    EXPECT_NE(r.error().message.find("address bar"), std::string::npos);
  }
  // Siblings: other spellings of the entity, state first (Zoho's order), twice encoded, and a code with
  // Multi-DC's parameters glued to it, which would lose the user's data centre.
  for (const char* url : {"https://a/cb?state=s1&code=1000.abc&#038;location=eu&#038;accounts-server=x",
                          "https://a/cb?state=s1&code=1000.abc&#x026;location=eu", "https://a/cb?state=s1&AMP;code=1",
                          "https://a/cb?state=s1%26code%3D1000.abc", "https://a/cb?code=1000.abc%2526state%253Ds1",
                          "https://a/cb?state=s1&code=1000.abc%26location%3Deu%26accounts-server%3Dx",
                          // In any case: the entity's x, the encoded separator and the name.
                          "https://a/cb?state=s1&#X26;code=1", "https://a/cb?code=1000.abc%2526STATE%253Ds1",
                          "https://a/cb?state=s1&code=1000.abc%26Location%3Deu",
                          // A literal '%' (an invalid escape kept as it is) that becomes "%26" with the next
                          // escape: the quick sweep over the raw part must not skip it.
                          "https://a/cb?state=s1&code=1000.abc%%326location%253Deu"}) {
    auto r = parse_callback(url, ResponseMode::kQuery);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().code, "callback.mangled_separators") << url;
  }
  // A value that merely holds "amp;" or an '&' before no parameter's name is fine.
  auto fine = parse_callback("https://a/cb?code=amp%3Bx%26y&state=s", ResponseMode::kQuery);
  ASSERT_TRUE(fine.ok()) << fine.error().message;
  EXPECT_EQ(fine.value().state, "s");
  EXPECT_EQ(fine.value().code, "amp;x&y");
  // Near misses: a name that only starts like a response parameter's, an encoded '&' with no '=' after
  // the name, and a '%' that is not an encoded '&'.
  for (const char* url : {"https://a/cb?code=a%2526stat%253Dx&state=s", "https://a/cb?code=a%26state&state=s",
                          "https://a/cb?code=a%25state%253Dx&state=s"}) {
    auto r = parse_callback(url, ResponseMode::kQuery);
    EXPECT_TRUE(r.ok()) << url << ": " << r.error().message;
  }
}

TEST(Callback, IssIsRead) {
  auto r = parse_callback("https://a/cb?code=c&state=s&iss=https%3A%2F%2Fidp.example", ResponseMode::kQuery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().iss, "https://idp.example");
}

// The named fields are views into `all`: a copy points into its own parameters (the original may go), a
// move keeps pointing at the same parameters, and short values (kept inside the string) survive both.
TEST(Callback, FieldsViewTheirOwnParametersAfterCopyAndMove) {
  std::optional<CallbackResponse> original;
  {
    auto r = parse_callback("https://a/cb?code=1000.0123456789abcdef0123456789&state=s&location=eu", ResponseMode::kQuery);
    ASSERT_TRUE(r.ok());
    original = std::move(r).value();
  }
  const CallbackResponse copy = *original;
  CallbackResponse assigned;
  assigned = copy;
  CallbackResponse moved = std::move(*original);
  original.reset();  // the moved-from and its storage are gone
  for (const CallbackResponse* c : {&copy, static_cast<const CallbackResponse*>(&assigned), static_cast<const CallbackResponse*>(&moved)}) {
    EXPECT_EQ(c->code, "1000.0123456789abcdef0123456789");
    EXPECT_EQ(c->state, "s");
    EXPECT_EQ(c->location, "eu");
    EXPECT_TRUE(c->error.empty());
    ASSERT_EQ(c->all.size(), 3u);
    EXPECT_EQ(c->code.data(), c->all[0].second.data()) << "a view into its own parameters";
    EXPECT_EQ(c->location.data(), c->all[2].second.data());
  }
}

}  // namespace zc
