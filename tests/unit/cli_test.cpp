// Runs the built `zoho-auth` binary (ZOHO_AUTH_BIN) as a user would, and checks its JSON and exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace zc {
namespace {

using nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
  json j() const { return json::parse(out, nullptr, false); }
};

// Runs `zoho-auth ARGS` with `stdin_text` on standard input (through a file: no shell quoting of input).
CliRun run(const std::string& args, const std::string& stdin_text = "") {
  // Per process: ctest runs tests in parallel processes that share TempDir().
  const std::string input = ::testing::TempDir() + "zoho_auth_stdin_" + std::to_string(getpid()) + ".txt";
  std::ofstream(input, std::ios::binary) << stdin_text;
  const std::string command = std::string(ZOHO_AUTH_BIN) + " " + args + " < " + input + " 2>/dev/null";
  CliRun r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string profile_file(const json& overrides = json::object()) {
  json p = {{"version", 1},
            {"name", "Zoho CRM leads"},
            {"provider", "zoho"},
            {"dataCenter", "us"},
            {"clientId", "1000.ABCDEFGHIJ0123456789"},
            {"clientSecret", "xyz"},
            {"scopes", {"ZohoCRM.modules.leads.ALL"}},
            {"redirectUri", "https://localhost:8000"}};
  p.update(overrides);
  static int counter = 0;
  const std::string path =
      ::testing::TempDir() + "profile_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + ".json";
  std::ofstream(path) << p.dump();
  return path;
}

// Single quotes for the shell; none of our test strings contains one.
std::string q(const std::string& s) { return "'" + s + "'"; }

TEST(Cli, DataCentresIncludeCanadaOnZohoCloud) {
  CliRun r = run("datacenters");
  ASSERT_EQ(r.exit_code, 0);
  bool found = false;
  for (const json& dc : r.j()) {
    if (dc["location"] == "ca") {
      found = true;
      EXPECT_EQ(dc["accountsServer"], "https://accounts.zohocloud.ca");
      EXPECT_EQ(dc["apiDomain"], "https://www.zohoapis.ca");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(r.j().size(), 9u);
}

TEST(Cli, UsProfileReceivingAnEuCallbackSendsTheTokenRequestToEu) {
  const std::string p = profile_file();
  CliRun cb = run("callback " + p + " --state S --url " +
               q("https://localhost:8000?code=X&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu&state=S&"));
  ASSERT_EQ(cb.exit_code, 0) << cb.out;
  EXPECT_EQ(cb.j()["ok"], true);
  EXPECT_EQ(cb.j()["code"], "X");
  EXPECT_EQ(cb.j()["location"], "eu");
  EXPECT_EQ(cb.j()["tokenUrl"], "https://accounts.zoho.eu/oauth/v2/token");
  CliRun tr = run("token-request " + p + " --code X --accounts-server https://accounts.zoho.eu");
  ASSERT_EQ(tr.exit_code, 0);
  EXPECT_EQ(tr.j()["url"], "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(tr.j()["method"], "POST");
}

TEST(Cli, AttackerAccountsServerRefusedAndNothingBuilt) {
  const std::string p = profile_file();
  CliRun cb = run("callback " + p + " --state S --url " +
               q("https://localhost:8000?code=X&state=S&accounts-server=https://accounts.zoho.eu.attacker.example"));
  EXPECT_EQ(cb.exit_code, 1);
  EXPECT_EQ(cb.j()["ok"], false);
  EXPECT_EQ(cb.j()["error"], "callback.accounts_server");
  CliRun tr = run("token-request " + p + " --code X --accounts-server https://accounts.zoho.eu.attacker.example");
  EXPECT_EQ(tr.exit_code, 1);
  EXPECT_FALSE(tr.j().contains("url"));
}

TEST(Cli, InvalidClientWithHttp200NamesDataCentreAndMultiDc) {
  CliRun r = run("token-response --status 200", R"({"error":"invalid_client"})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.j()["error"], "invalid_client");
  const std::string d = r.j()["description"];
  EXPECT_NE(d.find("data centre"), std::string::npos);
  EXPECT_NE(d.find("Multi-DC"), std::string::npos);
}

TEST(Cli, RefreshAnswerWithoutRefreshTokenKeepsTheStoredOne) {
  CliRun r = run("token-response --now 1700000000 --previous " +
                  q(R"({"accessToken":"1000.old","refreshToken":"1000.keep","apiDomain":"https://www.zohoapis.eu"})"),
              R"({"access_token":"1000.new","expires_in":3600,"token_type":"Bearer"})");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.j()["refreshToken"], "1000.keep");
  EXPECT_EQ(r.j()["apiDomain"], "https://www.zohoapis.eu");
  EXPECT_EQ(r.j()["accessToken"], "1000.new");
}

TEST(Cli, ExpiresInSecBesideMillisecondsExpiresIn3600Seconds) {
  CliRun r = run("token-response --now 1700000000",
              R"({"access_token":"a","expires_in_sec":3600,"expires_in":3600000,"token_type":"Bearer"})");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.j()["expiresAt"], 1700003600);
}

TEST(Cli, RedirectUriSentExactlyInBothRequests) {
  const std::string p = profile_file();
  CliRun a = run("authorize-url " + p + " --state S");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_NE(a.j()["url"].get<std::string>().find("redirect_uri=https%3A%2F%2Flocalhost%3A8000&"), std::string::npos);
  CliRun t = run("token-request " + p + " --code C");
  EXPECT_NE(t.j()["body"].get<std::string>().find("redirect_uri=https%3A%2F%2Flocalhost%3A8000&"), std::string::npos);
}

TEST(Cli, DuplicateStateRefusedAndFragmentIgnored) {
  const std::string p = profile_file();
  CliRun dup = run("callback " + p + " --state a --url " + q("https://localhost:8000?state=a&state=a&code=x"));
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_EQ(dup.j()["error"], "callback.duplicate_parameter");
  CliRun frag = run("callback " + p + " --state S --url " + q("https://localhost:8000?code=a%2Bb&state=S#/route?code=evil"));
  ASSERT_EQ(frag.exit_code, 0);
  EXPECT_EQ(frag.j()["code"], "a+b");
  CliRun wrong = run("callback " + p + " --state S --url " + q("https://localhost:8000?code=x&state=T"));
  EXPECT_EQ(wrong.j()["error"], "callback.state_mismatch");
}

TEST(Cli, PkceVerifierGivesTheRfc7636Challenge) {
  CliRun a = run("authorize-url " + profile_file() + " --state S --code-verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_EQ(a.j()["codeChallenge"], "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_NE(a.j()["url"].get<std::string>().find("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"),
            std::string::npos);
  CliRun generated = run("authorize-url " + profile_file({{"pkce", true}}) + " --state S");
  EXPECT_EQ(generated.j()["codeVerifier"].get<std::string>().size(), 43u);
  CliRun bad = run("authorize-url " + profile_file() + " --state S --code-verifier short");
  EXPECT_EQ(bad.exit_code, 1);
}

TEST(Cli, ClientBasedCallbackReadsTheFragmentAndPrintsTheTokenSet) {
  const std::string p = profile_file({{"clientType", "client"}});
  CliRun r = run("callback " + p + " --state S --now 1700000000 --url " +
              q("https://localhost:8000#access_token=1000.t&token_type=Bearer&expires_in=3600&state=S"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.j()["accessToken"], "1000.t");
  EXPECT_EQ(r.j()["expiresAt"], 1700003600);
  EXPECT_EQ(r.j()["refreshToken"], "");
  EXPECT_EQ(r.j()["apiDomain"], "https://www.zohoapis.com");
}

TEST(Cli, LintExitsOneOnErrorsAndNamesTheKey) {
  CliRun good = run("lint " + profile_file());
  EXPECT_EQ(good.exit_code, 0);
  EXPECT_EQ(good.j(), json::array());
  CliRun bad = run("lint " + profile_file({{"authorizationUrl", "https://accounts.zoho.com/oauth/v2/auth"},
                                        {"tokenUrl", "https://accounts.zoho.in/oauth/v2/token"}}));
  EXPECT_EQ(bad.exit_code, 1);
  bool mixed = false;
  for (const json& d : bad.j()) {
    mixed |= d["severity"] == "error" && d["message"].get<std::string>().find("different data centres") != std::string::npos;
  }
  EXPECT_TRUE(mixed) << bad.out;
  CliRun broken = run("lint -", R"({"version":1,"name":"x","dataCenter":"us","clientId":7})");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(broken.j()[0]["field"], "clientId");
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").exit_code, 2);
  EXPECT_EQ(run("frobnicate").exit_code, 2);
  EXPECT_EQ(run("authorize-url " + profile_file()).exit_code, 2);
  EXPECT_EQ(run("token-request " + profile_file()).exit_code, 2);
  EXPECT_EQ(run("token-response --status abc").exit_code, 2);
  EXPECT_EQ(run("callback " + profile_file() + " --state").exit_code, 2);
  EXPECT_EQ(run("lint /nonexistent/profile.json").exit_code, 1);
}

TEST(Cli, SelfClientTokenRequestHasNoRedirectUri) {
  CliRun t = run("token-request " + profile_file({{"clientType", "self"}}) + " --code C");
  EXPECT_EQ(t.j()["body"].get<std::string>().find("redirect_uri"), std::string::npos);
}

// The breaker's findings, each a regression test.
TEST(Cli, DirectoriesAreRefusedNotACrash) {
  EXPECT_EQ(run("lint /tmp").exit_code, 1);
  EXPECT_EQ(run("authorize-url /tmp --state s").exit_code, 1);
  EXPECT_EQ(run("token-response --previous /tmp", "{}").exit_code, 1);
}

TEST(Cli, SecretsAreNeverEchoedInErrors) {
  CliRun eq = run("token-request " + profile_file() + " --code=1000.secretcode");
  EXPECT_EQ(eq.exit_code, 2);
  EXPECT_EQ(eq.out.find("secretcode"), std::string::npos);
  CliRun bad = run("token-response --previous " + q("not-a-file-1000.SECRETREFRESH"), "{}");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out.find("SECRETREFRESH"), std::string::npos);
  CliRun spaced = run("token-response --now 1700000000 --previous " + q(" {\"refreshToken\":\"1000.keep\"}"),
                      R"({"access_token":"a","expires_in":3600})");
  EXPECT_EQ(spaced.exit_code, 0) << spaced.out;
  EXPECT_EQ(spaced.j()["refreshToken"], "1000.keep");
}

TEST(Cli, ImplicitCallbackObeysTheTokenResponseRules) {
  const std::string p = profile_file({{"clientType", "client"}});
  CliRun ms = run("callback " + p + " --state s --now 1000 --url " +
                  q("https://localhost:8000#access_token=a&state=s&token_type=Bearer&expires_in=3600000"));
  ASSERT_EQ(ms.exit_code, 0) << ms.out;
  EXPECT_EQ(ms.j()["expiresAt"], 4600) << "a lifetime above a day is milliseconds";
  CliRun sec = run("callback " + p + " --state s --now 1000 --url " +
                   q("https://localhost:8000#access_token=a&state=s&expires_in=3600000&expires_in_sec=3600"));
  EXPECT_EQ(sec.j()["expiresAt"], 4600);
  CliRun negative = run("callback " + p + " --state s --now 1000 --url " + q("https://localhost:8000#access_token=a&state=s&expires_in=-5"));
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_EQ(negative.j()["error"], "token_response.expires_in");
}

TEST(Cli, TokenResponseRefusesAnApiDomainOutsideTheTable) {
  for (const char* domain : {"javascript:alert(1)", "https://evil.example"}) {
    CliRun r = run("token-response", std::string(R"({"access_token":"a","api_domain":")") + domain + "\"}");
    EXPECT_EQ(r.exit_code, 1) << domain;
    EXPECT_EQ(r.j()["error"], "token_response.api_domain");
  }
  EXPECT_EQ(run("token-response", R"({"access_token":"a","api_domain":"https://sandbox.zohoapis.eu"})").exit_code, 0);
}

TEST(Cli, GrantTypeMismatchesAreRefused) {
  const std::string custom = profile_file({{"provider", "custom"}, {"authorizationUrl", "https://idp.example/auth"},
                                           {"tokenUrl", "https://idp.example/token"}, {"clientAuthentication", "basic"}});
  CliRun redirected = run("token-request " + custom + " --code abc --accounts-server https://accounts.zoho.eu");
  EXPECT_EQ(redirected.exit_code, 1);
  EXPECT_FALSE(redirected.j().contains("headers"));
  const std::string self = profile_file({{"clientType", "self"}});
  CliRun self_url = run("authorize-url " + self + " --state s");
  EXPECT_EQ(self_url.exit_code, 1);
  EXPECT_EQ(self_url.j()["error"], "authorize.self_client");
  CliRun self_lint = run("lint -", R"({"version":1,"name":"s","dataCenter":"us","clientType":"self","clientId":"1000.ABCDEFGHIJ","clientSecret":"x","scopes":["ZohoCRM.modules.leads.ALL"]})");
  EXPECT_EQ(self_lint.exit_code, 0) << "a self client has no redirect at all: " << self_lint.out;
  EXPECT_EQ(self_lint.out.find("redirectUri"), std::string::npos) << self_lint.out;
  const std::string client = profile_file({{"clientType", "client"}});
  EXPECT_EQ(run("token-request " + client + " --code abc").exit_code, 1);
  EXPECT_EQ(run("token-request " + client + " --refresh-token r").exit_code, 1);
}

TEST(Cli, ArgumentsAreStrict) {
  const std::string p = profile_file();
  EXPECT_EQ(run("token-request " + p + " --code --refresh-token").exit_code, 2);
  EXPECT_EQ(run("datacenters extra").exit_code, 2);
  EXPECT_EQ(run("datacenters --code x").exit_code, 2);
  EXPECT_EQ(run("lint " + p + " --state s").exit_code, 2);
  EXPECT_EQ(run("token-request " + p + " --refresh-token r --code-verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").exit_code, 2);
  EXPECT_EQ(run("token-response --now ''").exit_code, 2);
  EXPECT_EQ(run("token-response --previous -", "{}").exit_code, 2);
  CliRun help = run("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: zoho-auth"), std::string::npos);
}

// [SECTION] Device flow

TEST(Cli, DeviceCodeRequestForANonBrowserZohoProfile) {
  const std::string path = profile_file({{"clientType", "non-browser"}, {"redirectUri", nullptr}});
  const CliRun r = run("device-code-request " + path);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.j()["url"], "https://accounts.zoho.com/oauth/v3/device/code");
  EXPECT_NE(r.j()["body"].get<std::string>().find("grant_type=device_request"), std::string::npos);
  EXPECT_EQ(r.j()["body"].get<std::string>().find("client_secret"), std::string::npos);
  const CliRun eu = run("device-code-request " + path + " --accounts-server https://accounts.zoho.eu");
  EXPECT_EQ(eu.j()["url"], "https://accounts.zoho.eu/oauth/v3/device/code");
  const CliRun evil = run("device-code-request " + path + " --accounts-server https://accounts.evil.example");
  EXPECT_EQ(evil.exit_code, 1);
  EXPECT_EQ(run("device-code-request " + profile_file()).j()["error"], "device.client_type");
}

TEST(Cli, DeviceCodeResponseAndTokenRequest) {
  const CliRun a = run("device-code-response --now 1000",
                       R"({"user_code":"ABCD1234","device_code":"1000.dc","verification_url":"https://accounts.zoho.com/oauth/v3/device","interval":30,"expires_in":300})");
  ASSERT_EQ(a.exit_code, 0) << a.out;
  EXPECT_EQ(a.j()["userCode"], "ABCD1234");
  EXPECT_EQ(a.j()["interval"], 30);
  EXPECT_EQ(a.j()["expiresAt"], 1300);
  EXPECT_EQ(run("device-code-response", R"({"error":"invalid_client"})").exit_code, 1);
  const std::string path = profile_file({{"clientType", "non-browser"}});
  const CliRun poll = run("device-token-request " + path + " --device-code 1000.dc");
  ASSERT_EQ(poll.exit_code, 0) << poll.out;
  EXPECT_EQ(poll.j()["url"], "https://accounts.zoho.com/oauth/v3/device/token");
  EXPECT_NE(poll.j()["body"].get<std::string>().find("code=1000.dc"), std::string::npos);
  EXPECT_EQ(run("device-token-request " + path).exit_code, 2) << "--device-code is required";
}

TEST(Cli, DeviceTokenResponseClassifiesEveryAnswer) {
  auto outcome = [](const std::string& body, int exit_code) {
    const CliRun r = run("device-token-response", body);
    EXPECT_EQ(r.exit_code, exit_code) << body << " " << r.out;
    return r.j()["outcome"].get<std::string>();
  };
  EXPECT_EQ(outcome(R"({"error":"authorization_pending"})", 0), "pending");
  EXPECT_EQ(outcome(R"({"error":"slow_down"})", 0), "slow_down");
  EXPECT_EQ(outcome(R"({"error":"access_denied"})", 1), "denied");
  EXPECT_EQ(outcome(R"({"error":"expired"})", 1), "expired");
  EXPECT_EQ(outcome(R"({"error":"expired_token"})", 1), "expired");
  EXPECT_EQ(outcome(R"({"access_token":"1000.a","expires_in":3600})", 0), "tokens");
  const CliRun dc = run("device-token-response --accounts-server https://accounts.zoho.com",
                        R"({"user_location":"eu","error":"other_dc"})");
  EXPECT_EQ(dc.exit_code, 0);
  EXPECT_EQ(dc.j()["nextAccountsServer"], "https://accounts.zoho.eu");
  const CliRun unknown = run("device-token-response", R"({"user_location":"zz","error":"other_dc"})");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.j()["error"], "device.other_dc");
}

}  // namespace
}  // namespace zc
