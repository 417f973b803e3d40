#include "oauth/token_response.hpp"

#include <gtest/gtest.h>

namespace zc {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(TokenResponse, ZohoSuccess) {
  auto t = parse_token_response(200,
                                R"({"access_token":"1000.x","refresh_token":"1000.y","scope":"ZohoCRM.modules.leads.ALL",)"
                                R"("api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600})",
                                std::nullopt, kNow, "https://accounts.zoho.eu");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().access_token, "1000.x");
  EXPECT_EQ(t.value().refresh_token, "1000.y");
  EXPECT_EQ(t.value().api_domain, "https://www.zohoapis.eu");
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
  EXPECT_EQ(t.value().accounts_server, "https://accounts.zoho.eu");
}

TEST(TokenResponse, Http200WithErrorIsAFailure) {
  auto t = parse_token_response(200, R"({"error":"invalid_client"})", std::nullopt, kNow, "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "invalid_client");
}

TEST(TokenResponse, ErrorWinsEvenBesideAnAccessToken) {
  auto t = parse_token_response(200, R"({"error":"invalid_code","access_token":"1000.x"})", std::nullopt, kNow, "");
  EXPECT_EQ(t.error().code, "invalid_code");
}

TEST(TokenResponse, RefreshKeepsStoredRefreshTokenAndApiDomain) {
  TokenSet previous;
  previous.access_token = "1000.old";
  previous.refresh_token = "1000.keep";
  previous.api_domain = "https://www.zohoapis.in";
  previous.scope = "ZohoCRM.modules.leads.ALL";
  auto t = parse_token_response(200, R"({"access_token":"1000.new","token_type":"Bearer","expires_in":3600})",
                                previous, kNow, "https://accounts.zoho.in");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().access_token, "1000.new");
  EXPECT_EQ(t.value().refresh_token, "1000.keep");
  EXPECT_EQ(t.value().api_domain, "https://www.zohoapis.in");
  EXPECT_EQ(t.value().scope, "ZohoCRM.modules.leads.ALL");
}

TEST(TokenResponse, RefreshReplacesRefreshTokenWhenANewOneComes) {
  TokenSet previous;
  previous.refresh_token = "1000.old";
  auto t = parse_token_response(200, R"({"access_token":"a","refresh_token":"1000.new"})", previous, kNow, "");
  EXPECT_EQ(t.value().refresh_token, "1000.new");
}

// ZOHO.md: old answers carried expires_in_sec beside a millisecond expires_in.
TEST(TokenResponse, ExpiresInSecWinsOverMilliseconds) {
  auto t = parse_token_response(200, R"({"access_token":"a","expires_in_sec":3600,"expires_in":3600000,"token_type":"Bearer"})",
                                std::nullopt, kNow, "");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
  EXPECT_EQ(t.value().expires_in_reading, "expires_in_sec (seconds)");
}

TEST(TokenResponse, LargeExpiresInAloneReadAsMilliseconds) {
  auto t = parse_token_response(200, R"({"access_token":"a","expires_in":3600000})", std::nullopt, kNow, "");
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
  EXPECT_NE(t.value().expires_in_reading.find("milliseconds"), std::string::npos);
}

TEST(TokenResponse, NoLifetimeMeansNoExpiry) {
  auto t = parse_token_response(200, R"({"access_token":"a"})", std::nullopt, kNow, "");
  EXPECT_EQ(t.value().expires_at, 0);
  EXPECT_EQ(t.value().token_type, "Bearer");
}

TEST(TokenResponse, RejectsWhatCannotBeAToken) {
  EXPECT_EQ(parse_token_response(200, "<html>", std::nullopt, kNow, "").error().code, "token_response.not_json");
  EXPECT_EQ(parse_token_response(200, "[]", std::nullopt, kNow, "").error().code, "token_response.not_json");
  EXPECT_EQ(parse_token_response(200, R"({"access_token":""})", std::nullopt, kNow, "").error().code,
            "token_response.access_token");
  EXPECT_EQ(parse_token_response(200, R"({"access_token":5})", std::nullopt, kNow, "").error().code,
            "token_response.access_token");
  EXPECT_EQ(parse_token_response(200, R"({"access_token":"a","expires_in":-5})", std::nullopt, kNow, "").error().code,
            "token_response.expires_in");
  EXPECT_EQ(parse_token_response(502, "Bad gateway", std::nullopt, kNow, "").error().code, "http.502");
}

TEST(TokenResponse, Status0IsANetworkErrorNeverAGrantError) {
  auto t = parse_token_response(0, "", std::nullopt, kNow, "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "network.status_0");
  EXPECT_EQ(t.error().message.find("invalid_grant"), std::string::npos);
}

TEST(TokenResponse, Rfc6749ErrorOn400) {
  auto t = parse_token_response(400, R"({"error":"invalid_grant","error_description":"bad code"})", std::nullopt, kNow, "");
  EXPECT_EQ(t.error().code, "invalid_grant");
  EXPECT_NE(t.error().message.find("bad code"), std::string::npos);
}

TEST(TokenResponse, ServerErrorCodesCannotImpersonateOurs) {
  EXPECT_EQ(parse_token_response(200, R"({"error":"network.status_0"})", std::nullopt, kNow, "").error().code,
            "networkstatus_0");
  EXPECT_EQ(parse_token_response(200, R"({"error":""})", std::nullopt, kNow, "").error().code, "unknown_error");
  EXPECT_EQ(parse_token_response(200, R"({"error":7})", std::nullopt, kNow, "").error().code, "unknown_error");
  EXPECT_EQ(parse_token_response(200, "{\"error\":\"bad\\u0000\\n\"}", std::nullopt, kNow, "").error().code, "bad");
}

TEST(TokenResponse, TokenTypeIsCaseInsensitiveAndMustBeBearer) {
  for (const char* type : {"Bearer", "bearer", "BEARER"}) {
    auto t = parse_token_response(200, std::string(R"({"access_token":"a","token_type":")") + type + "\"}", std::nullopt, kNow, "");
    ASSERT_TRUE(t.ok()) << type;
    EXPECT_EQ(t.value().token_type, "Bearer");
  }
  EXPECT_EQ(parse_token_response(200, R"({"access_token":"a","token_type":"mac"})", std::nullopt, kNow, "").error().code,
            "token_response.token_type");
}

TEST(TokenResponse, NullErrorIsNoError) {
  EXPECT_TRUE(parse_token_response(200, R"({"access_token":"a","error":null})", std::nullopt, kNow, "").ok());
}

TEST(TokenResponse, ImplausibleLifetimesRefusedNotOverflowed) {
  EXPECT_EQ(parse_token_response(200, R"({"access_token":"a","expires_in_sec":9223372036854775807})", std::nullopt, kNow, "")
                .error().code, "token_response.expires_in");
  EXPECT_EQ(parse_token_response(200, R"({"access_token":"a","expires_in":18446744073709551615})", std::nullopt, kNow, "")
                .error().code, "token_response.expires_in");
  EXPECT_TRUE(parse_token_response(200, R"({"access_token":"a","expires_in":"3600"})", std::nullopt, kNow, "").ok());
}

TEST(TokenResponse, DeepJsonIsNotJsonHere) {
  EXPECT_EQ(parse_token_response(200, std::string(100000, '[') + std::string(100000, ']'), std::nullopt, kNow, "")
                .error().code, "token_response.not_json");
}
}  // namespace zc
