// Hand-off (core/console/hand_off.hpp): the curl text is valid bash, names every secret as a variable and
// never inline, and, run with a stand-in `curl` that prints its arguments, sends exactly the body the
// console's request builders make; the .env text reads back, in bash, as the profile's values.
#include "console/hand_off.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "oauth/percent.hpp"
#include "oauth/token_request.hpp"

namespace zc {
namespace {

const char* kSecret = "s3cr'et \xC3\xBC&x";  // a quote, a space, non-ASCII, a form separator
const char* kRefresh = "1000.refresh'token.abcdef0123456789";

Profile server_profile() {
  Profile p;
  p.name = "Sales \xE8\xB2\xA9\xE5\xA3\xB2's";  // 販売 with a quote
  p.client_id = "1000.CLIENTID";
  p.client_secret = kSecret;
  p.scopes = {"ZohoCRM.modules.ALL", "ZohoCRM.\xE6\xA8\xA1\xE5\x9D\x97.READ"};
  p.redirect_uri = "https://app.example.com/cb?x='1'";
  return p;
}

// Runs `script` with bash; returns what it printed and sets `status` to bash's exit code.
std::string run_bash(const std::string& script, int& status) {
  const std::string file = ::testing::TempDir() + "hand_off_" + std::to_string(getpid()) + ".sh";
  std::ofstream(file, std::ios::binary) << script;
  FILE* pipe = popen(("bash " + file + " 2>&1").c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t n;
  while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int s = pipe == nullptr ? -1 : pclose(pipe);
  status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  return out;
}

// One curl command as bash passed it: its URL and the form body its --data-raw/--data-urlencode make
// (curl joins them with '&' and percent-encodes a --data-urlencode content; form_encode stands in).
struct CurlRun {
  std::string url;
  std::string body;
  std::vector<std::string> args;
};

std::vector<CurlRun> run_curl_text(const std::string& text) {
  const std::string script = "set -eu\ncurl() { printf '%s\\0' \"$@\"; printf 'END\\0'; }\n" + text;
  int status = 0;
  const std::string out = run_bash(script, status);
  EXPECT_EQ(status, 0) << out;
  std::vector<CurlRun> runs(1);
  for (size_t at = 0; at < out.size();) {
    const size_t end = out.find('\0', at);
    const std::string arg = out.substr(at, end - at);
    at = end == std::string::npos ? out.size() : end + 1;
    CurlRun& r = runs.back();
    if (arg == "END") {
      runs.emplace_back();
      continue;
    }
    const std::string previous = r.args.empty() ? "" : r.args.back();
    r.args.push_back(arg);
    if (arg.rfind("https://", 0) == 0 && r.url.empty()) r.url = arg;
    if (previous == "--data-raw") r.body += (r.body.empty() ? "" : "&") + arg;
    if (previous == "--data-urlencode") {
      const size_t eq = arg.find('=');
      r.body += (r.body.empty() ? "" : "&") + arg.substr(0, eq + 1) + form_encode(arg.substr(eq + 1));
    }
  }
  runs.pop_back();
  return runs;
}

TEST(HandOff, ShellQuoteSingleQuotesAndEscapesAQuote) {
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("\xE8\xB2\xA9 $HOME"), "'\xE8\xB2\xA9 $HOME'");
}

TEST(HandOff, CurlTextNeverHoldsASecretInline) {
  TokenSet t;
  t.access_token = "1000.accesstoken.0123456789abcdef";
  t.refresh_token = kRefresh;
  t.accounts_server = "https://accounts.zoho.eu";
  t.api_domain = "https://www.zohoapis.eu";
  const std::string text = hand_off_curl(server_profile(), &t, "");
  EXPECT_EQ(text.find("s3cr"), std::string::npos);
  EXPECT_EQ(text.find("refresh'token"), std::string::npos);
  EXPECT_EQ(text.find("accesstoken"), std::string::npos);
  EXPECT_NE(text.find("\"${ZOHO_CLIENT_SECRET}\""), std::string::npos);
  EXPECT_NE(text.find("\"${ZOHO_REFRESH_TOKEN}\""), std::string::npos);
  EXPECT_NE(text.find("\"${ZOHO_ACCESS_TOKEN}\""), std::string::npos);
  EXPECT_NE(text.find("https://accounts.zoho.eu/oauth/v2/token"), std::string::npos);  // the user's data centre
  EXPECT_NE(text.find("https://www.zohoapis.eu/crm/v8/Leads"), std::string::npos);
}

TEST(HandOff, CurlTextIsValidBash) {
  int status = -1;
  const std::string file = ::testing::TempDir() + "hand_off_syntax_" + std::to_string(getpid()) + ".sh";
  std::ofstream(file, std::ios::binary) << hand_off_curl(server_profile(), nullptr, "");
  run_bash("bash -n " + file + "\n", status);
  EXPECT_EQ(status, 0);
}

TEST(HandOff, ALineBreakInTheNameCannotEndTheCommentLine) {
  Profile p = server_profile();
  p.name = "x\ntouch /tmp/hand_off_injected\r\n";
  for (const std::string& text : {hand_off_curl(p, nullptr, ""), hand_off_env(p, nullptr, "", SecretValues::kEmpty)}) {
    EXPECT_EQ(text.find("\ntouch"), std::string::npos);
    EXPECT_NE(text.find("'x touch /tmp/hand_off_injected  '"), std::string::npos);
  }
}

TEST(HandOff, CurlBodiesEqualTheRequestBuilders) {
  setenv("ZOHO_CLIENT_SECRET", kSecret, 1);
  setenv("ZOHO_REFRESH_TOKEN", kRefresh, 1);
  setenv("ZOHO_CODE", "1000.code'x", 1);
  setenv("ZOHO_ACCESS_TOKEN", "1000.access", 1);
  const Profile p = server_profile();
  const auto runs = run_curl_text(hand_off_curl(p, nullptr, ""));
  ASSERT_EQ(runs.size(), 4u);  // exchange, refresh, revoke, CRM call
  const std::string token_url = "https://accounts.zoho.com/oauth/v2/token";
  EXPECT_EQ(runs[0].url, token_url);
  EXPECT_EQ(runs[0].body, build_code_exchange(token_url, client_credentials(p), "1000.code'x", p.redirect_uri, "").body);
  EXPECT_EQ(runs[1].body, build_refresh(token_url, client_credentials(p), kRefresh).body);
  EXPECT_EQ(runs[2].body, "token=" + form_encode(kRefresh));
  EXPECT_NE(std::find(runs[3].args.begin(), runs[3].args.end(), "Authorization: Zoho-oauthtoken 1000.access"),
            runs[3].args.end());
}

TEST(HandOff, BasicClientAuthenticationIsCurlUserWithTheSecretAsVariable) {
  Profile p = server_profile();
  p.client_type = ClientType::kClientCredentials;
  p.client_authentication = ClientAuthentication::kBasic;
  p.organization_id = "123";
  const std::string text = hand_off_curl(p, nullptr, "");
  EXPECT_NE(text.find("--user '1000.CLIENTID:'\"${ZOHO_CLIENT_SECRET}\""), std::string::npos) << text;
  EXPECT_NE(text.find("soid=ZohoCRM.123"), std::string::npos);
  EXPECT_EQ(text.find("refresh_token"), std::string::npos);  // client credentials ask again instead
}

TEST(HandOff, EnvReadsBackInBashWithCjkAndQuotes) {
  TokenSet t;
  t.refresh_token = kRefresh;
  const Profile p = server_profile();
  const std::string env = hand_off_env(p, &t, "", SecretValues::kIncluded);
  EXPECT_NE(env.find("WARNING"), std::string::npos);
  int status = -1;
  const std::string out = run_bash(env + "printf '%s|%s|%s|%s' \"$ZOHO_CLIENT_SECRET\" \"$ZOHO_SCOPE\" "
                                         "\"$ZOHO_REDIRECT_URI\" \"$ZOHO_REFRESH_TOKEN\"\n",
                                   status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, std::string(kSecret) + "|ZohoCRM.modules.ALL,ZohoCRM.\xE6\xA8\xA1\xE5\x9D\x97.READ|" + p.redirect_uri +
                     "|" + kRefresh);
}

TEST(HandOff, EnvLeavesSecretsEmptyOrMasked) {
  TokenSet t;
  t.refresh_token = kRefresh;
  const std::string empty = hand_off_env(server_profile(), &t, "", SecretValues::kEmpty);
  EXPECT_NE(empty.find("ZOHO_CLIENT_SECRET=''\n"), std::string::npos);
  EXPECT_NE(empty.find("ZOHO_REFRESH_TOKEN=''\n"), std::string::npos);
  EXPECT_NE(empty.find("ZOHO_ACCOUNTS_URL='https://accounts.zoho.com'\n"), std::string::npos);
  EXPECT_EQ(empty.find("WARNING"), std::string::npos);
  const std::string masked = hand_off_env(server_profile(), &t, "", SecretValues::kMasked);
  EXPECT_EQ(masked.find("s3cr"), std::string::npos);
  EXPECT_EQ(masked.find(kRefresh), std::string::npos);
  EXPECT_NE(masked.find("ZOHO_REFRESH_TOKEN='" + redact_secret(kRefresh) + "'"), std::string::npos);
}

TEST(HandOff, CustomProviderUsesOauthNamesAndItsOwnUrls) {
  Profile p = server_profile();
  p.provider = Provider::kCustom;
  p.authorization_url = "https://idp.example.com/authorize";
  p.token_url = "https://idp.example.com/token";
  const std::string env = hand_off_env(p, nullptr, "", SecretValues::kEmpty);
  EXPECT_NE(env.find("OAUTH_TOKEN_URL='https://idp.example.com/token'\n"), std::string::npos);
  EXPECT_NE(env.find("OAUTH_AUTHORIZATION_URL="), std::string::npos);
  EXPECT_NE(env.find("OAUTH_SCOPE='ZohoCRM.modules.ALL ZohoCRM."), std::string::npos);  // spaces, RFC 6749 s3.3
  const std::string curl = hand_off_curl(p, nullptr, "");
  EXPECT_NE(curl.find("\"${OAUTH_CLIENT_SECRET}\""), std::string::npos);
  EXPECT_EQ(curl.find("zohoapis"), std::string::npos);  // no CRM call, no Zoho revoke
}

TEST(HandOff, CliPrintsTheCurlTextAndTheEnvOfAProfileFile) {
  const std::string file = ::testing::TempDir() + "hand_off_profile_" + std::to_string(getpid()) + ".json";
  std::ofstream(file) << R"({"version":1,"name":"Leads","dataCenter":"eu","clientId":"1000.ABC","clientSecret":)"
                         R"("cli0secret0value","scopes":["ZohoCRM.modules.ALL"],"redirectUri":"https://a.example.com/cb"})";
  int status = -1;
  const std::string curl = run_bash(std::string(ZOHO_AUTH_BIN) + " handoff " + file + "\n", status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(curl.find("'https://accounts.zoho.eu/oauth/v2/token'"), std::string::npos);
  EXPECT_EQ(curl.find("cli0secret0value"), std::string::npos);
  const std::string env = run_bash(std::string(ZOHO_AUTH_BIN) + " handoff " + file + " --format env\n", status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(env.find("ZOHO_CLIENT_ID='1000.ABC'\nZOHO_CLIENT_SECRET=''\n"), std::string::npos) << env;
  run_bash(std::string(ZOHO_AUTH_BIN) + " handoff " + file + " --format yaml\n", status);
  EXPECT_EQ(status, 2);
}

}  // namespace
}  // namespace zc
