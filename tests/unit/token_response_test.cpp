#include "oauth/token_response.hpp"

#include <gtest/gtest.h>
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

constexpr std::int64_t kNow = 1'700'000'000;

namespace {
// Most tests read Zoho's answers as a Zoho profile does; the custom-provider tests pass kSeconds.
Result<TokenSet> parse_token_response(int status, const std::string& body, const std::optional<TokenSet>& previous,
                                      std::int64_t now, const std::string& accounts_server) {
  return zc::parse_token_response(status, body, previous, now, accounts_server,
                                  ExpiresInReading::kZohoMillisecondsFallback);
}
}  // namespace

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
  ASSERT_FALSE(t.ok()) << "expected a refusal";
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

// The nonce an authorization sent belongs to its id_token: stored with it (JSON round trip), forgotten
// when a refresh answer brings no id_token, kept beside a refreshed one.
TEST(TokenResponse, TheIdTokensNonceTravelsWithItAndGoesWithIt) {
  TokenSet signed_in;
  signed_in.access_token = "1000.old";
  signed_in.id_token = "h.c.s";
  signed_in.id_token_nonce = "n-0S6_WzA2Mj";
  const nlohmann::json stored = token_set_to_json(signed_in);
  EXPECT_EQ(stored["idTokenNonce"], "n-0S6_WzA2Mj");
  EXPECT_EQ(value_of(token_set_from_json(stored)).id_token_nonce, "n-0S6_WzA2Mj");
  TokenSet no_id_token = signed_in;
  no_id_token.id_token.clear();
  EXPECT_FALSE(token_set_to_json(no_id_token).contains("idTokenNonce"));

  auto without = parse_token_response(200, R"({"access_token":"1000.new","expires_in":3600})", signed_in, kNow,
                                      "https://accounts.zoho.com");
  EXPECT_EQ(value_of(without).id_token, "");
  EXPECT_EQ(value_of(without).id_token_nonce, "");
  auto with = parse_token_response(200, R"({"access_token":"1000.new","expires_in":3600,"id_token":"h.c2.s2"})",
                                   signed_in, kNow, "https://accounts.zoho.com");
  EXPECT_EQ(value_of(with).id_token, "h.c2.s2");
  EXPECT_EQ(value_of(with).id_token_nonce, "n-0S6_WzA2Mj");
}

TEST(TokenResponse, RefreshReplacesRefreshTokenWhenANewOneComes) {
  TokenSet previous;
  previous.refresh_token = "1000.old";
  auto t = parse_token_response(200, R"({"access_token":"a","refresh_token":"1000.new"})", previous, kNow, "");
  ASSERT_OK(t);
  EXPECT_EQ(t.value().refresh_token, "1000.new");
}

// docs/ZOHO.md: old answers carried expires_in_sec beside a millisecond expires_in.
TEST(TokenResponse, ExpiresInSecWinsOverMilliseconds) {
  auto t = parse_token_response(200, R"({"access_token":"a","expires_in_sec":3600,"expires_in":3600000,"token_type":"Bearer"})",
                                std::nullopt, kNow, "");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
  EXPECT_EQ(t.value().expires_in_reading, "expires_in_sec (seconds)");
}

TEST(TokenResponse, LargeExpiresInAloneReadAsMilliseconds) {
  auto t = parse_token_response(200, R"({"access_token":"a","expires_in":3600000})", std::nullopt, kNow, "");
  ASSERT_OK(t);
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
  EXPECT_NE(t.value().expires_in_reading.find("milliseconds"), std::string::npos);
}

TEST(TokenResponse, NoLifetimeMeansNoExpiry) {
  auto t = parse_token_response(200, R"({"access_token":"a"})", std::nullopt, kNow, "");
  ASSERT_OK(t);
  EXPECT_EQ(t.value().expires_at, 0);
  EXPECT_EQ(t.value().token_type, "Bearer");
}

TEST(TokenResponse, RejectsWhatCannotBeAToken) {
  EXPECT_EQ(error_code(parse_token_response(200, "<html>", std::nullopt, kNow, "")), "token_response.not_json");
  EXPECT_EQ(error_code(parse_token_response(200, "[]", std::nullopt, kNow, "")), "token_response.not_json");
  EXPECT_EQ(error_code(parse_token_response(200, R"({"access_token":""})", std::nullopt, kNow, "")),
            "token_response.access_token");
  EXPECT_EQ(error_code(parse_token_response(200, R"({"access_token":5})", std::nullopt, kNow, "")),
            "token_response.access_token");
  EXPECT_EQ(error_code(parse_token_response(200, R"({"access_token":"a","expires_in":-5})", std::nullopt, kNow, "")),
            "token_response.expires_in");
  EXPECT_EQ(error_code(parse_token_response(502, "Bad gateway", std::nullopt, kNow, "")), "http.502");
}

TEST(TokenResponse, Status0IsANetworkErrorNeverAGrantError) {
  auto t = parse_token_response(0, "", std::nullopt, kNow, "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "network.status_0");
  EXPECT_EQ(t.error().message.find("invalid_grant"), std::string::npos);
  // Whatever a status 0 comes with (a relay, an extension or a test double may hand back a body), it is
  // the network's failure: the body is not read.
  EXPECT_EQ(error_code(parse_token_response(0, R"({"error":"invalid_grant"})", std::nullopt, kNow, "")),
            "network.status_0");
  EXPECT_EQ(error_code(parse_token_response(0, R"({"access_token":"1000.a"})", std::nullopt, kNow, "")),
            "network.status_0");
}

TEST(TokenResponse, Rfc6749ErrorOn400) {
  auto t = parse_token_response(400, R"({"error":"invalid_grant","error_description":"bad code"})", std::nullopt, kNow, "");
  ASSERT_FALSE(t.ok()) << "expected a refusal";
  EXPECT_EQ(t.error().code, "invalid_grant");
  EXPECT_NE(t.error().message.find("bad code"), std::string::npos);
}

TEST(TokenResponse, ServerErrorCodesCannotImpersonateOurs) {
  EXPECT_EQ(error_code(parse_token_response(200, R"({"error":"network.status_0"})", std::nullopt, kNow, "")),
            "networkstatus_0");
  EXPECT_EQ(error_code(parse_token_response(200, R"({"error":""})", std::nullopt, kNow, "")), "unknown_error");
  EXPECT_EQ(error_code(parse_token_response(200, R"({"error":7})", std::nullopt, kNow, "")), "unknown_error");
  EXPECT_EQ(error_code(parse_token_response(200, "{\"error\":\"bad\\u0000\\n\"}", std::nullopt, kNow, "")), "bad");
}

TEST(TokenResponse, TokenTypeIsCaseInsensitiveAndMustBeBearer) {
  for (const char* type : {"Bearer", "bearer", "BEARER"}) {
    auto t = parse_token_response(200, std::string(R"({"access_token":"a","token_type":")") + type + "\"}", std::nullopt, kNow, "");
    ASSERT_TRUE(t.ok()) << type;
    EXPECT_EQ(t.value().token_type, "Bearer");
  }
  EXPECT_EQ(error_code(parse_token_response(200, R"({"access_token":"a","token_type":"mac"})", std::nullopt, kNow, "")),
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

// Issue 10, case 1: Zoho's throttle, spelled as Zoho spells it, with HTTP 400 and with 200.
TEST(TokenResponse, ZohoThrottleIsRateLimitedWhateverTheStatus) {
  const std::string body =
      R"({"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"})";
  for (int status : {400, 200}) {
    auto t = parse_token_response(status, body, std::nullopt, kNow, "");
    ASSERT_FALSE(t.ok()) << status;
    EXPECT_EQ(t.error().code, "rate_limited") << status;
  }
  // A sibling spelling: the RFC word with the same description.
  auto lower = parse_token_response(200, R"({"error":"access_denied","error_description":"Too many requests"})",
                                    std::nullopt, kNow, "");
  ASSERT_FALSE(lower.ok());
  EXPECT_EQ(lower.error().code, "rate_limited");
  // access_denied without the throttle's words stays access_denied; other codes are matched by meaning.
  auto denied = parse_token_response(200, R"({"error":"access_denied"})", std::nullopt, kNow, "");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "access_denied");
  auto spaced = parse_token_response(200, R"({"error":"Invalid Client"})", std::nullopt, kNow, "");
  ASSERT_FALSE(spaced.ok());
  EXPECT_EQ(spaced.error().code, "invalid_client");
}

TEST(TokenResponse, Http429IsRateLimited) {
  auto t = parse_token_response(429, "", std::nullopt, kNow, "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "rate_limited");
  EXPECT_EQ(t.error().source, "RFC 6585 s4");
}

// Issue 10, case 2: a gateway's page or an empty 503 is a temporary failure, the status kept.
TEST(TokenResponse, GatewayFailuresAreTemporaryNotConfiguration) {
  const struct {
    int status;
    const char* body;
  } cases[] = {{502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"},
               {503, ""},
               {504, "upstream request timeout"},
               {500, "<html>Internal Server Error</html>"}};
  for (const auto& c : cases) {
    auto t = parse_token_response(c.status, c.body, std::nullopt, kNow, "");
    ASSERT_FALSE(t.ok()) << c.status;
    EXPECT_EQ(t.error().code, "http." + std::to_string(c.status));
    EXPECT_NE(t.error().message.find("temporary failure"), std::string::npos) << t.error().message;
    EXPECT_NE(t.error().message.find("Try again"), std::string::npos);
    EXPECT_EQ(t.error().message.find("Client Secret"), std::string::npos) << t.error().message;
    EXPECT_EQ(t.error().message.find("Token URL"), std::string::npos) << t.error().message;
  }
  // A 404 without an OAuth body is still about the Token URL.
  auto missing = parse_token_response(404, "Not Found", std::nullopt, kNow, "");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("Token URL"), std::string::npos);
  // An OAuth error body wins over the status.
  auto oauth = zc::parse_token_response(503, R"({"error":"temporarily_unavailable"})", std::nullopt, kNow, "",
                                        ExpiresInReading::kSeconds);
  ASSERT_FALSE(oauth.ok());
  EXPECT_EQ(oauth.error().code, "temporarily_unavailable");
}

// Issue 10, case 5: a custom provider's expires_in is RFC 6749 seconds, however large.
TEST(TokenResponse, CustomProviderLifetimeIsAlwaysSeconds) {
  const std::string body = R"({"access_token":"x","token_type":"Bearer","expires_in":172800})";
  auto custom = zc::parse_token_response(200, body, std::nullopt, kNow, "", ExpiresInReading::kSeconds);
  ASSERT_TRUE(custom.ok()) << custom.error().message;
  EXPECT_EQ(custom.value().expires_at, kNow + 172800);
  EXPECT_EQ(custom.value().expires_in_reading, "expires_in (seconds)");
  // Zoho's reading of the same answer: its old milliseconds.
  auto zoho = zc::parse_token_response(200, body, std::nullopt, kNow, "", ExpiresInReading::kZohoMillisecondsFallback);
  ASSERT_TRUE(zoho.ok());
  EXPECT_EQ(zoho.value().expires_at, kNow + 172);
  // The boundary: 86400 is a day in seconds for both; 86401 is Zoho's milliseconds only.
  auto day = zc::parse_token_response(200, R"({"access_token":"x","expires_in":86400})", std::nullopt, kNow, "",
                                      ExpiresInReading::kZohoMillisecondsFallback);
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day.value().expires_at, kNow + 86400);
  auto over = zc::parse_token_response(200, R"({"access_token":"x","expires_in":86401})", std::nullopt, kNow, "",
                                       ExpiresInReading::kSeconds);
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(over.value().expires_at, kNow + 86401);
  // Ten years in seconds is the most either reading takes.
  auto decade = zc::parse_token_response(200, R"({"access_token":"x","expires_in":315360001})", std::nullopt, kNow, "",
                                         ExpiresInReading::kSeconds);
  ASSERT_FALSE(decade.ok());
  EXPECT_EQ(decade.error().code, "token_response.expires_in");
}


// A 5xx whose `error` is no OAuth code (a gateway's object, an empty string) is still temporary; 429 with
// Zoho's spelling is the rate limit; expires_in_sec is Zoho's key only.
TEST(TokenResponse, GatewayErrorObjectsAreTemporaryAndCustomIgnoresExpiresInSec) {
  for (const char* body : {R"({"error":{"code":503,"message":"unavailable","status":"UNAVAILABLE"}})", R"({"error":""})"}) {
    auto t = parse_token_response(503, body, std::nullopt, kNow, "");
    ASSERT_FALSE(t.ok()) << body;
    EXPECT_EQ(t.error().code, "http.503") << body;
  }
  auto limited = parse_token_response(429, R"({"error":"Access Denied"})", std::nullopt, kNow, "");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, "rate_limited");
  auto custom = zc::parse_token_response(200, R"({"access_token":"a","expires_in_sec":60,"expires_in":3600})", std::nullopt,
                                         kNow, "", ExpiresInReading::kSeconds);
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom.value().expires_at, kNow + 3600);
}

}  // namespace zc
