#include "console/request_history.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

LoggedRequest logged(Party from, Party to, const std::string& method, const std::string& url, int status = -1,
                     bool starts = false, std::size_t line = 0) {
  LoggedRequest r{from, to, method, url};
  r.status = status;
  r.starts = starts;
  r.log_line = line;
  return r;
}

TEST(RequestHistory, LanesAreTheFiveParties) {
  EXPECT_STREQ(party_name(Party::kBrowser), "Browser");
  EXPECT_STREQ(party_name(Party::kConsole), "Console");
  EXPECT_STREQ(party_name(Party::kAccountsServer), "Accounts server");
  EXPECT_STREQ(party_name(Party::kTokenEndpoint), "Token endpoint");
  EXPECT_STREQ(party_name(Party::kApiDomain), "API domain");
  EXPECT_EQ(party_of(Purpose::kExchange), Party::kTokenEndpoint);
  EXPECT_EQ(party_of(Purpose::kRefresh), Party::kTokenEndpoint);
  EXPECT_EQ(party_of(Purpose::kClientCredentials), Party::kTokenEndpoint);
  EXPECT_EQ(party_of(Purpose::kDevicePoll), Party::kTokenEndpoint);
  EXPECT_EQ(party_of(Purpose::kCrmGet), Party::kApiDomain);
  EXPECT_EQ(party_of(Purpose::kCrmCreate), Party::kApiDomain);
  EXPECT_EQ(party_of(Purpose::kRevoke), Party::kAccountsServer);
  EXPECT_EQ(party_of(Purpose::kJwks), Party::kAccountsServer);
  EXPECT_TRUE(starts_authorization(Purpose::kExchange, true));
  EXPECT_FALSE(starts_authorization(Purpose::kExchange, false)) << "after a redirect, the callback came first";
  EXPECT_TRUE(starts_authorization(Purpose::kClientCredentials, false));
  EXPECT_TRUE(starts_authorization(Purpose::kDeviceCode, false));
  EXPECT_FALSE(starts_authorization(Purpose::kRefresh, false));
}

TEST(RequestHistory, LabelsSayMethodPathAndStatusAndNeverAValue) {
  EXPECT_EQ(request_label(logged(Party::kConsole, Party::kTokenEndpoint, "POST",
                                 "https://accounts.zoho.eu/oauth/v2/token?refresh_token=1000.SECRETREFRESH&client_secret=SHH", 200)),
            "POST /oauth/v2/token 200");
  EXPECT_EQ(request_label(logged(Party::kBrowser, Party::kAccountsServer, "GET",
                                 "https://accounts.zoho.com/oauth/v2/auth?client_id=1000.X&state=abc#frag")),
            "GET /oauth/v2/auth") << "no status: the browser left with it";
  EXPECT_EQ(request_label(logged(Party::kConsole, Party::kApiDomain, "GET", "https://www.zohoapis.com", 0)), "GET / 0");
  // The callback names its parameters, so a code and an error read apart; their values never appear.
  EXPECT_EQ(request_label(logged(Party::kBrowser, Party::kConsole, "GET",
                                 "http://127.0.0.1:8000/app/?code=1000.SECRETCODE&state=xyz&location=us&accounts-server=https%3A%2F%2Fa")),
            "GET /app/?code&state&location&accounts-server");
  EXPECT_EQ(request_label(logged(Party::kBrowser, Party::kConsole, "GET", "http://h/?error=access_denied&state=s")),
            "GET /?error&state");
  EXPECT_EQ(request_label(logged(Party::kBrowser, Party::kConsole, "GET", "http://h/#access_token=1000.TOKEN&expires_in=3600")),
            "GET /#access_token&expires_in") << "an implicit grant's fragment: names only";
}

TEST(RequestHistory, StartsAtTheLastAuthorizationAndMarksFailures) {
  std::vector<LoggedRequest> log = {
      logged(Party::kConsole, Party::kTokenEndpoint, "POST", "https://a/oauth/v2/token", 200, true, 3),  // an earlier one
      logged(Party::kBrowser, Party::kAccountsServer, "GET", "https://a/oauth/v2/auth?x=1", -1, true, 7),
      logged(Party::kBrowser, Party::kConsole, "GET", "http://c/?code=C&state=S", -1, false, 8),
      logged(Party::kConsole, Party::kTokenEndpoint, "POST", "https://a/oauth/v2/token", 200, false, 9),
      logged(Party::kConsole, Party::kApiDomain, "GET", "https://api/crm/v8/Leads?fields=Email", 401, false, 11),
  };
  log.back().failed = true;
  const std::vector<SequenceArrow> arrows = request_history(log, 5, 6);  // lines 5..10 are in the log
  ASSERT_EQ(arrows.size(), 4u);
  EXPECT_EQ(arrows[0].label, "GET /oauth/v2/auth");
  EXPECT_EQ(arrows[0].from, Party::kBrowser);
  EXPECT_EQ(arrows[0].to, Party::kAccountsServer);
  EXPECT_EQ(arrows[1].label, "GET /?code&state");
  EXPECT_EQ(arrows[1].to, Party::kConsole);
  EXPECT_EQ(arrows[2].label, "POST /oauth/v2/token 200");
  EXPECT_EQ(arrows[3].label, "GET /crm/v8/Leads 401");
  EXPECT_FALSE(arrows[2].failed);
  EXPECT_TRUE(arrows[3].failed);
  EXPECT_EQ(arrows[0].log_index, std::optional<std::size_t>(2));
  EXPECT_EQ(arrows[2].log_index, std::optional<std::size_t>(4));
  EXPECT_EQ(arrows[3].log_index, std::nullopt) << "line 11 is past the log's end";
  // After the redirect back the page holds no authorization request: everything it logged is shown.
  const std::vector<LoggedRequest> after_reload(log.begin() + 2, log.end());
  EXPECT_EQ(request_history(after_reload, 0, 20).size(), 3u);
  EXPECT_TRUE(request_history({}, 0, 0).empty());
  // Lines that left the log (Clear log, or the oldest of 500) link nowhere.
  EXPECT_EQ(request_history(log, 10, 5)[0].log_index, std::nullopt);
}

}  // namespace
}  // namespace zc
