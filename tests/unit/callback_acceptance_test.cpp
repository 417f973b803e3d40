// accept_callback: the rules a callback must pass before anything is sent (docs/SECURITY.md rules 2-4, 13).
// Expected values are literals on purpose: 600 s means 600, whatever the code's constant says.
#include "console/callback_acceptance.hpp"

#include <gtest/gtest.h>

#include "oauth/callback.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
namespace {

constexpr std::int64_t kStarted = 1'700'000'000;
constexpr const char* kState = "k3y-of-43-characters-AAAAAAAAAAAAAAAAAAAAAA";

PendingAuthorization us_pending(const std::string& response_type = "code") {
  PendingAuthorization p;
  p.state = kState;
  p.accounts_server = "https://accounts.zoho.com";
  p.issuer = "https://accounts.zoho.com";
  p.token_url = "https://accounts.zoho.com/oauth/v2/token";
  p.redirect_uri = "https://localhost:8000/";
  p.response_type = response_type;
  p.created_at = kStarted;
  return p;
}

// Parses `query` (or `#fragment`) as the callback of https://localhost:8000/.
CallbackResponse callback(const std::string& response, ResponseMode mode = ResponseMode::kQuery) {
  auto r = parse_callback("https://localhost:8000/" + response, mode);
  EXPECT_TRUE(r.ok()) << response << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : CallbackResponse{};
}

TEST(CallbackAcceptance, StateMustEqualThePendingOnesExactly) {
  const PendingAuthorization p = us_pending();
  EXPECT_TRUE(accept_callback(callback("?code=c&state=" + std::string(kState)), p, "", kStarted).ok());
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&state=" + std::string(kState) + "A"), p, "", kStarted)),
            "callback.state_mismatch");
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&state=k3Y-of-43-characters-AAAAAAAAAAAAAAAAAAAAAA"), p, "",
                                       kStarted)),
            "callback.state_mismatch")
      << "compared byte for byte, case included";
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&state="), p, "", kStarted)), "callback.state_mismatch");
}

TEST(CallbackAcceptance, ThePendingAuthorizationLivesExactlyTenMinutes) {
  const PendingAuthorization p = us_pending();
  const CallbackResponse r = callback("?code=c&state=" + std::string(kState));
  EXPECT_TRUE(accept_callback(r, p, "", kStarted + 599).ok());
  EXPECT_TRUE(accept_callback(r, p, "", kStarted + 600).ok()) << "600 s old is still within 10 minutes";
  EXPECT_EQ(error_code(accept_callback(r, p, "", kStarted + 601)), "callback.state_expired");
  EXPECT_EQ(error_code(accept_callback(r, p, "", kStarted + 6000)), "callback.state_expired");
}

TEST(CallbackAcceptance, AnErrorIsRefusedEvenBesideACode) {
  auto a = accept_callback(callback("?code=c&error=access_denied&state=" + std::string(kState)), us_pending(), "",
                           kStarted);
  EXPECT_EQ(error_code(a), "access_denied");
}

TEST(CallbackAcceptance, IssMustBeTheIssuerExactlyAndEmptyCountsAsWrong) {
  const PendingAuthorization p = us_pending();
  const std::string s = "&state=" + std::string(kState);
  EXPECT_TRUE(accept_callback(callback("?code=c&iss=https%3A%2F%2Faccounts.zoho.com" + s), p, "", kStarted).ok());
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&iss=" + s), p, "", kStarted)), "callback.iss");
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&iss=https%3A%2F%2Faccounts.zoho.com%2F" + s), p, "", kStarted)),
            "callback.iss")
      << "a trailing slash is another string (RFC 9207 s2.4: simple string comparison)";
  // On an error response too: a forged iss is a mix-up attempt whatever it carries.
  EXPECT_EQ(error_code(accept_callback(callback("?error=access_denied&iss=https%3A%2F%2Fevil.example" + s), p, "",
                                       kStarted)),
            "callback.iss");
}

TEST(CallbackAcceptance, AccountsServerOnlyFromTheTableAndOfTheSameKind) {
  const PendingAuthorization p = us_pending();
  const std::string s = "&state=" + std::string(kState);
  auto eu = accept_callback(callback("?code=c&accounts-server=https%3A%2F%2Faccounts.zoho.eu" + s), p, "", kStarted);
  ASSERT_OK(eu);
  EXPECT_EQ(eu.value().token_url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&accounts-server=https%3A%2F%2Faccounts.zoho.eu.evil.example" + s),
                                       p, "", kStarted)),
            "callback.accounts_server");
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&accounts-server=https%3A%2F%2Faccounts.zoho.eu%2Fx" + s), p, "",
                                       kStarted)),
            "callback.accounts_server");
  // An authorization sent to the demo data centre never follows a real one (and the reverse).
  const std::string base = "http://127.0.0.1:8000/console/";
  PendingAuthorization demo = p;
  demo.accounts_server = base + "demo/accounts";
  demo.issuer = demo.accounts_server;
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&accounts-server=https%3A%2F%2Faccounts.zoho.eu" + s), demo, base,
                                       kStarted)),
            "callback.accounts_server");
  EXPECT_EQ(error_code(accept_callback(callback("?code=c&accounts-server=" + std::string("http%3A%2F%2F127.0.0.1%3A8000%2Fconsole%2Fdemo%2Feu%2Faccounts") + s),
                                       p, base, kStarted)),
            "callback.accounts_server");
}

TEST(CallbackAcceptance, AnImplicitGrantsApiDomainMustBeZohosOfTheSameKind) {
  const PendingAuthorization p = us_pending("token");
  const std::string s = "&state=" + std::string(kState);
  auto ok = accept_callback(callback("#access_token=1000.a&expires_in=3600&api_domain=https%3A%2F%2Fwww.zohoapis.com" + s,
                                     ResponseMode::kFragment),
                            p, "", kStarted);
  ASSERT_OK(ok);
  ASSERT_TRUE(ok.value().tokens.has_value());
  EXPECT_EQ(ok.value().tokens->api_domain, "https://www.zohoapis.com");
  EXPECT_EQ(ok.value().tokens->expires_at, kStarted + 3600);
  EXPECT_EQ(error_code(accept_callback(callback("#access_token=1000.a&api_domain=https%3A%2F%2Fevil.example" + s,
                                                ResponseMode::kFragment),
                                       p, "", kStarted)),
            "callback.api_domain");
  const std::string base = "http://127.0.0.1:8000/console/";
  EXPECT_EQ(error_code(accept_callback(callback("#access_token=1000.a&api_domain=http%3A%2F%2F127.0.0.1%3A8000%2Fconsole%2Fdemo%2Fapi" + s,
                                                ResponseMode::kFragment),
                                       p, base, kStarted)),
            "callback.api_domain")
      << "a real authorization's token never goes to the demo's API domain";
}

}  // namespace
}  // namespace zc
