#include "zoho/explain.hpp"
#include "oauth/http.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(Explain, InvalidClientNamesDataCentreAndMultiDc) {
  Error e = explain_error({"invalid_client", "x", ""}, {"Europe (https://accounts.zoho.eu)", "", ""});
  EXPECT_EQ(e.code, "invalid_client");
  EXPECT_NE(e.message.find("Europe"), std::string::npos);
  EXPECT_NE(e.message.find("Multi-DC"), std::string::npos);
  EXPECT_NE(e.message.find("data centre"), std::string::npos);
}

TEST(Explain, InvalidRedirectUriShowsTheExactString) {
  Error e = explain_error({"invalid_redirect_uri", "x", ""}, {"", "https://localhost:8000", ""});
  EXPECT_NE(e.message.find("(https://localhost:8000)"), std::string::npos);
}

TEST(Explain, Status0ListsTheWaysForwardAndNeverSaysInvalidGrant) {
  Error e = explain_error({"network.status_0", "x", ""}, {"", "", "https://accounts.zoho.com/oauth/v2/token"});
  EXPECT_NE(e.message.find("CORS"), std::string::npos);
  EXPECT_NE(e.message.find("relay"), std::string::npos);
  EXPECT_NE(e.message.find("demo"), std::string::npos);
  EXPECT_EQ(e.message.find("invalid_grant"), std::string::npos);
}

TEST(Explain, RelayRefusalsSayTheRelayAnsweredWithItsReasonAndTheWayBack) {
  Error e = explain_error({"relay_redirect_refused",
                           "The token endpoint refused the request: relay_redirect_refused (the upstream answered "
                           "302 to https://evil.example; redirects are never followed).",
                           "RFC 6749 s5.2"},
                          {"", "", "https://accounts.zoho.com/oauth/v2/token"});
  EXPECT_EQ(e.message.rfind("The relay, not Zoho, answered relay_redirect_refused: the upstream answered 302", 0), 0u)
      << e.message;
  EXPECT_NE(e.message.find("clear the profile's Relay URL"), std::string::npos);
  EXPECT_EQ(e.source, "README: Relay");
}

TEST(Explain, InvalidCodeMentionsCodeLife) {
  Error e = explain_error({"invalid_code", "x", ""}, {});
  EXPECT_NE(e.message.find("expired"), std::string::npos);
  EXPECT_NE(e.message.find("used"), std::string::npos);
}

// The same code answers a refresh whose refresh token Zoho no longer knows: revoked, or deleted as the 21st
// was issued (docs/ZOHO.md "Limits"); a refresh has no grant code to blame.
TEST(Explain, InvalidCodeToARefreshNamesRevocationAndTheTwentyRefreshTokens) {
  ExplainContext refresh;
  refresh.refresh = true;
  Error e = explain_error({"invalid_code", "x", ""}, refresh);
  EXPECT_NE(e.message.find("invalid_code to the refresh"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("revoked"), std::string::npos);
  EXPECT_NE(e.message.find("21st refresh token"), std::string::npos);
  EXPECT_EQ(e.message.find("grant code"), std::string::npos);
  EXPECT_EQ(explain_error({"invalid_code", "x", ""}, {}).message.find("refresh token"), std::string::npos)
      << "an exchange's invalid_code is the code's";
}

TEST(Explain, ATimeoutAndADroppedDemoConnectionAreNoOAuthErrors) {
  ExplainContext c{"Demo (http://127.0.0.1:8000/console/demo/accounts)", "", "http://127.0.0.1:8000/console/demo/accounts/oauth/v2/token", "token"};
  Error timeout = explain_error({"network.timeout", "", ""}, c);
  EXPECT_EQ(timeout.message.rfind("No answer from " + c.token_url + " in 30 s", 0), 0u) << timeout.message;
  Error dropped = explain_error({"network.status_0", "", ""}, c);
  EXPECT_NE(dropped.message.find("dropped before any answer (status 0)"), std::string::npos) << dropped.message;
  EXPECT_EQ(dropped.message.find("CORS"), std::string::npos);
  c.data_centre = "United States (https://accounts.zoho.com)";
  EXPECT_NE(explain_error({"network.status_0", "", ""}, c).message.find("CORS"), std::string::npos) << "Zoho itself: CORS";
}

}  // namespace zc

namespace zc {
TEST(Explain, AccessDeniedOnTheCallbackQuotesTheDescriptionOnceAndSaysHowToRetry) {
  Error e = explain_error({"access_denied", "The authorization server answered access_denied (The user denied access).", ""},
                          {"", "", "", "callback"});
  EXPECT_NE(e.message.find("refused (access_denied: The user denied access): consent"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("press Authorize again"), std::string::npos);
  EXPECT_EQ(e.message.find("10 minutes"), std::string::npos) << "no rate-limit advice for a Deny";
  Error bare = explain_error({"access_denied", "The authorization server answered access_denied.", ""}, {"", "", "", "callback"});
  EXPECT_NE(bare.message.find("refused (access_denied): consent"), std::string::npos) << bare.message;
}

TEST(Explain, AccessDeniedFromTheTokenEndpointIsTheRateLimit) {
  Error e = explain_error({"access_denied", "The token endpoint refused the request: access_denied (You have made too many requests).", ""},
                          {"", "", "", "token"});
  EXPECT_NE(e.message.find("too many token requests"), std::string::npos) << e.message;
}

// Issue 10, case 7: a custom server's invalid_client is worded for it: no Zoho, no Multi-DC, the token
// endpoint named.
TEST(Explain, CustomProviderInvalidClientNamesTheTokenEndpoint) {
  ExplainContext c{"https://idp.example", "", "https://idp.example/token", "token"};
  c.zoho = false;
  Error e = explain_error({"invalid_client", "The token endpoint refused the request: invalid_client.", ""}, c);
  EXPECT_EQ(e.message.find("Zoho"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("Multi-DC"), std::string::npos);
  EXPECT_EQ(e.message.find("authorization URL"), std::string::npos);
  EXPECT_NE(e.message.find("https://idp.example/token"), std::string::npos);
  EXPECT_NE(e.message.find("Client authentication"), std::string::npos);
  EXPECT_EQ(e.source, "RFC 6749 s5.2");
  Error zoho = explain_error({"invalid_client", "x", ""}, {"Europe (https://accounts.zoho.eu)", "", "", "token"});
  EXPECT_NE(zoho.message.find("Multi-DC"), std::string::npos);
}

TEST(Explain, RateLimitedIsToWaitNotToFixTheProfile) {
  Error e = explain_error({"rate_limited", "The token endpoint refused the request: rate_limited (You have made too many requests continuously.).", ""},
                          {"", "", "", "token"});
  EXPECT_NE(e.message.find("10 access tokens per refresh token in 10 minutes"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("wait 10 minutes"), std::string::npos);
  EXPECT_EQ(e.message.find("Client Secret"), std::string::npos);
  EXPECT_EQ(e.source, "Zoho OAuth: Token limits");
}

TEST(Explain, TemporaryFailureKeepsItsMessage) {
  const Error in = *temporary_failure(502, "The token endpoint");
  Error e = explain_error(in, {"", "", "https://accounts.zoho.com/oauth/v2/token", "token"});
  EXPECT_EQ(e.code, "http.502");
  EXPECT_EQ(e.message, in.message) << "no 'check the Client Secret' for a gateway's failure";
}

TEST(Explain, PolicyRefusalNamesTheOriginAndTheFix) {
  ExplainContext c{"", "", "http://127.0.0.1:3000/token", "token"};
  c.zoho = false;
  Error e = explain_error({"network.csp_blocked", "", ""}, c);
  EXPECT_NE(e.message.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(e.message.find("--connect-origin http://127.0.0.1:3000;"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("CORS)"), std::string::npos);
  EXPECT_EQ(e.source, "CSP3 connect-src");
}

}  // namespace zc
