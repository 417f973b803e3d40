#include "zoho/explain.hpp"

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
}  // namespace zc
