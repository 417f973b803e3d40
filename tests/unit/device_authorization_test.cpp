#include "oauth/device_authorization.hpp"

#include <gtest/gtest.h>

#include "oauth/percent.hpp"

namespace zc {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

std::string param_of(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : form_parse(r.body)) {
    if (k == name) return v;
  }
  return "(absent)";
}

TEST(DeviceAuthorization, ZohoInitiationRequestCarriesCommaScopesAndNoSecret) {
  const HttpRequest r =
      build_device_authorization(DeviceDialect::kZoho, "https://accounts.zoho.com/oauth/v3/device/code",
                                 {"1000.ABC", "secret!", false}, {"ZohoCRM.modules.ALL", "ZohoCRM.users.READ"},
                                 "offline", "consent");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://accounts.zoho.com/oauth/v3/device/code");
  EXPECT_EQ(param_of(r, "grant_type"), "device_request");
  EXPECT_EQ(param_of(r, "client_id"), "1000.ABC");
  EXPECT_EQ(param_of(r, "scope"), "ZohoCRM.modules.ALL,ZohoCRM.users.READ");
  EXPECT_EQ(param_of(r, "access_type"), "offline");
  EXPECT_EQ(param_of(r, "prompt"), "consent");
  EXPECT_EQ(param_of(r, "client_secret"), "(absent)") << "Zoho's initiation request sends no secret";
}

TEST(DeviceAuthorization, Rfc8628RequestHasSpaceScopesAndTheProfilesClientAuthentication) {
  const HttpRequest body = build_device_authorization(DeviceDialect::kRfc8628, "https://op.example/device",
                                                      {"app", "s3cret", false}, {"openid", "offline_access"}, "", "");
  EXPECT_EQ(param_of(body, "scope"), "openid offline_access");
  EXPECT_EQ(param_of(body, "client_id"), "app");
  EXPECT_EQ(param_of(body, "client_secret"), "s3cret");
  EXPECT_EQ(param_of(body, "grant_type"), "(absent)") << "RFC 8628 s3.1 has no grant_type here";
  const HttpRequest basic = build_device_authorization(DeviceDialect::kRfc8628, "https://op.example/device",
                                                       {"app", "s3cret", true}, {"openid"}, "", "");
  EXPECT_EQ(param_of(basic, "client_secret"), "(absent)");
  EXPECT_EQ(header_value(basic.headers, "Authorization").rfind("Basic ", 0), 0u);
}

TEST(DeviceAuthorization, ReadsZohosAnswerInSecondsOrMilliseconds) {
  const std::string seconds =
      R"({"user_code":"ABCD1234","device_code":"1000.dc","verification_url":"https://accounts.zoho.com/oauth/v3/device","interval":30,"expires_in":300})";
  auto a = parse_device_authorization(DeviceDialect::kZoho, 200, seconds, kNow);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a.value().user_code, "ABCD1234");
  EXPECT_EQ(a.value().device_code, "1000.dc");
  EXPECT_EQ(a.value().verification_uri, "https://accounts.zoho.com/oauth/v3/device");
  EXPECT_EQ(a.value().interval, 30);
  EXPECT_EQ(a.value().expires_at, kNow + 300);
  const std::string millis =
      R"({"user_code":"A","device_code":"d","verification_url":"https://accounts.zoho.com/oauth/v3/device","interval":30000,"expires_in":300000})";
  auto m = parse_device_authorization(DeviceDialect::kZoho, 200, millis, kNow);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().interval, 30);
  EXPECT_EQ(m.value().expires_at, kNow + 300);
}

TEST(DeviceAuthorization, ReadsRfc8628AnswerWithDefaultIntervalAndCompleteUri) {
  const std::string body =
      R"({"device_code":"d","user_code":"WDJB-MJHT","verification_uri":"https://op.example/device","verification_uri_complete":"https://op.example/device?user_code=WDJB-MJHT","expires_in":1800})";
  auto a = parse_device_authorization(DeviceDialect::kRfc8628, 200, body, kNow);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a.value().interval, 5) << "RFC 8628 s3.2: 5 seconds when absent";
  EXPECT_EQ(a.value().expires_at, kNow + 1800) << "RFC 8628 answers are seconds, whatever their size";
  EXPECT_EQ(a.value().verification_uri_complete, "https://op.example/device?user_code=WDJB-MJHT");
}

// A scheme is case-insensitive (RFC 3986 s3.1): "Https://" is an https address, kept as the server wrote
// it (the browser opens it as https). Found by the fuzzer's 10 M run, whose property had read it otherwise.
TEST(DeviceAuthorization, AcceptsAVerificationAddressWhoseSchemeIsInAnyCase) {
  const std::string body =
      R"({"device_code":"GmRh","user_code":"WDJB-MJHT","verification_uri":"Https://example.com/device","expires_in":1800,"interval":5})";
  auto a = parse_device_authorization(DeviceDialect::kRfc8628, 200, body, kNow);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a.value().verification_uri, "Https://example.com/device");
}

TEST(DeviceAuthorization, RefusesUnusableAnswersNamingTheField) {
  auto code = [](int status, const std::string& body) {
    auto a = parse_device_authorization(DeviceDialect::kRfc8628, status, body, kNow);
    return a.ok() ? std::string("(ok)") : a.error().code;
  };
  const std::string ok_rest = R"("verification_uri":"https://op.example/d","expires_in":600)";
  EXPECT_EQ(code(0, ""), "network.status_0");
  EXPECT_EQ(code(200, R"({"error":"invalid_client"})"), "invalid_client");
  EXPECT_EQ(code(400, R"({"error":"invalid_scope","error_description":"no"})"), "invalid_scope");
  EXPECT_EQ(code(503, ""), "http.503");
  EXPECT_EQ(code(404, "<html>"), "http.404");
  EXPECT_EQ(code(200, "<html>"), "device_authorization.not_json");
  EXPECT_EQ(code(200, R"({"user_code":"U",)" + ok_rest + "}"), "device_authorization.device_code");
  EXPECT_EQ(code(200, R"({"device_code":"d",)" + ok_rest + "}"), "device_authorization.user_code");
  EXPECT_EQ(code(200, R"x({"device_code":"d","user_code":"U","verification_uri":"javascript:alert(1)","expires_in":600})x"),
            "device_authorization.verification_uri");
  EXPECT_EQ(code(200, R"({"device_code":"d","user_code":"U","verification_uri":"https://op.example/d"})"),
            "device_authorization.expires_in");
  EXPECT_EQ(code(200, R"({"device_code":"d","user_code":"U",)" + ok_rest + R"(,"interval":-1})"),
            "device_authorization.interval");
}

TEST(DeviceAuthorization, PollRequestsFollowEachDialect) {
  const HttpRequest zoho = build_device_poll(DeviceDialect::kZoho, "https://accounts.zoho.com/oauth/v3/device/token",
                                             {"1000.ABC", "sec", true}, "1000.dev");
  EXPECT_EQ(param_of(zoho, "grant_type"), "device_token");
  EXPECT_EQ(param_of(zoho, "code"), "1000.dev");
  EXPECT_EQ(param_of(zoho, "client_id"), "1000.ABC");
  EXPECT_EQ(param_of(zoho, "client_secret"), "sec") << "Zoho's polling page: the secret in the request";
  const HttpRequest rfc =
      build_device_poll(DeviceDialect::kRfc8628, "https://op.example/token", {"app", "", false}, "dev");
  EXPECT_EQ(param_of(rfc, "grant_type"), "urn:ietf:params:oauth:grant-type:device_code");
  EXPECT_EQ(param_of(rfc, "device_code"), "dev");
  EXPECT_EQ(param_of(rfc, "client_id"), "app");
  EXPECT_EQ(param_of(rfc, "client_secret"), "(absent)");
}

DevicePollOutcome outcome(int status, const std::string& body) {
  return classify_device_poll(status, body, kNow, "https://accounts.zoho.com", ExpiresInReading::kSeconds).outcome;
}

TEST(DeviceAuthorization, ClassifiesEveryPollAnswer) {
  EXPECT_EQ(outcome(200, R"({"error":"authorization_pending"})"), DevicePollOutcome::kPending);
  EXPECT_EQ(outcome(400, R"({"error":"authorization_pending"})"), DevicePollOutcome::kPending);
  EXPECT_EQ(outcome(200, R"({"error":"slow_down"})"), DevicePollOutcome::kSlowDown);
  EXPECT_EQ(outcome(400, R"({"error":"access_denied"})"), DevicePollOutcome::kDenied);
  EXPECT_EQ(outcome(200, R"({"error":"expired"})"), DevicePollOutcome::kExpired) << "Zoho's spelling";
  EXPECT_EQ(outcome(400, R"({"error":"expired_token"})"), DevicePollOutcome::kExpired) << "RFC 8628's";
  EXPECT_EQ(outcome(200, R"({"error":"invalid_client"})"), DevicePollOutcome::kFailed);
  EXPECT_EQ(outcome(0, ""), DevicePollOutcome::kFailed);
  const DevicePollAnswer tokens = classify_device_poll(
      200, R"({"access_token":"1000.a","refresh_token":"1000.r","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600})",
      kNow, "https://accounts.zoho.com", ExpiresInReading::kZohoMillisecondsFallback);
  ASSERT_EQ(tokens.outcome, DevicePollOutcome::kTokens);
  EXPECT_EQ(tokens.tokens->refresh_token, "1000.r");
  EXPECT_EQ(tokens.tokens->accounts_server, "https://accounts.zoho.com");
  EXPECT_EQ(tokens.tokens->expires_at, kNow + 3600);
}

TEST(DeviceAuthorization, OtherDcNamesTheUsersLocationOrFails) {
  const DevicePollAnswer eu =
      classify_device_poll(200, R"({"user_location":"eu","error":"other_dc"})", kNow, "", ExpiresInReading::kSeconds);
  EXPECT_EQ(eu.outcome, DevicePollOutcome::kOtherDc);
  EXPECT_EQ(eu.user_location, "eu");
  const DevicePollAnswer none = classify_device_poll(200, R"({"error":"other_dc"})", kNow, "", ExpiresInReading::kSeconds);
  EXPECT_EQ(none.outcome, DevicePollOutcome::kFailed);
  EXPECT_EQ(none.error->code, "device.other_dc");
  for (const char* body : {R"({"user_location":"https://evil.example","error":"other_dc"})",
                           R"({"user_location":"../x","error":"other_dc"})", R"({"user_location":"e.vil","error":"other_dc"})"}) {
    const DevicePollAnswer odd = classify_device_poll(200, body, kNow, "", ExpiresInReading::kSeconds);
    EXPECT_EQ(odd.outcome, DevicePollOutcome::kFailed) << "a location is a code like eu, never an address: " << body;
  }
}

}  // namespace
}  // namespace zc
