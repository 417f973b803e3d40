#include "oauth/token_request.hpp"

#include <gtest/gtest.h>

#include "oauth/percent.hpp"

namespace zc {

TEST(TokenRequest, CodeExchangeIsAFormBodyNotAQuery) {
  HttpRequest r = build_code_exchange("https://accounts.zoho.eu/oauth/v2/token", {"1000.ABC", "s e+c"}, "1000.code",
                                      "https://localhost:8000", "");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(header_value(r.headers, "content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(r.body,
            "grant_type=authorization_code&code=1000.code&redirect_uri=https%3A%2F%2Flocalhost%3A8000"
            "&client_id=1000.ABC&client_secret=s+e%2Bc");
  // The redirect URI decodes to exactly the string given: no slash added.
  EXPECT_EQ(form_parse(r.body)[2].second, "https://localhost:8000");
}

TEST(TokenRequest, CodeVerifierAddedWhenPresent) {
  HttpRequest r = build_code_exchange("https://t", {"id", ""}, "c", "https://r", "verifier");
  EXPECT_EQ(r.body, "grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Fr&client_id=id&code_verifier=verifier");
}

TEST(TokenRequest, HttpBasicClientAuthenticationKeepsTheSecretOutOfTheBody) {
  HttpRequest r = build_code_exchange("https://idp.example/token", {"cid", "s:c r", true}, "c", "https://r", "");
  EXPECT_EQ(r.body, "grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Fr");
  EXPECT_EQ(header_value(r.headers, "Authorization"), "Basic Y2lkOnMlM0FjK3I=");
  HttpRequest refresh = build_refresh("https://idp.example/token", {"cid", "sec", true}, "r1");
  EXPECT_EQ(refresh.body, "grant_type=refresh_token&refresh_token=r1");
  EXPECT_EQ(header_value(refresh.headers, "Authorization"), "Basic Y2lkOnNlYw==");
}

TEST(TokenRequest, Refresh) {
  HttpRequest r = build_refresh("https://accounts.zoho.com/oauth/v2/token", {"id", "sec"}, "1000.r");
  EXPECT_EQ(r.body, "grant_type=refresh_token&refresh_token=1000.r&client_id=id&client_secret=sec");
}

}  // namespace zc
