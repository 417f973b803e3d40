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

// [SECTION] client-credentials-request (Zoho OAuth: Self client - client credentials flow; RFC 6749 s4.4.2)

TEST(Cli, ClientCredentialsRequestPrintsTheZohoRequestWithTheSoid) {
  const std::string profile = profile_file({{"clientType", "client-credentials"}, {"organizationId", "600123434"}});
  CliRun r = run("client-credentials-request " + profile);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json j = r.j();
  EXPECT_EQ(j["method"], "POST");
  EXPECT_EQ(j["url"], "https://accounts.zoho.com/oauth/v2/token");
  EXPECT_EQ(j["headers"]["Content-Type"], "application/x-www-form-urlencoded");
  const std::string body = j["body"];
  EXPECT_EQ(body.rfind("grant_type=client_credentials&scope=ZohoCRM.modules.leads.ALL&soid=ZohoCRM.600123434&", 0), 0u)
      << body;
  EXPECT_NE(body.find("client_secret=xyz"), std::string::npos);
  CliRun eu = run("client-credentials-request " + profile + " --accounts-server https://accounts.zoho.eu");
  EXPECT_EQ(eu.j()["url"], "https://accounts.zoho.eu/oauth/v2/token");
}

TEST(Cli, ClientCredentialsRequestRefusesOtherClientTypesAndAZohoProfileWithoutOrganization) {
  CliRun server = run("client-credentials-request " + profile_file());
  EXPECT_EQ(server.exit_code, 1);
  EXPECT_EQ(server.j()["error"], "client_credentials.client_type") << server.out;
  CliRun no_org = run("client-credentials-request " + profile_file({{"clientType", "client-credentials"}}));
  EXPECT_EQ(no_org.exit_code, 1);
  EXPECT_EQ(no_org.j()["error"], "client_credentials.organization_id") << no_org.out;
  CliRun usage = run("client-credentials-request " + profile_file() + " --code C");
  EXPECT_EQ(usage.exit_code, 2);
  // A custom provider: scopes separated by spaces, no soid, and no redirect URI needed.
  const std::string custom = profile_file({{"provider", "custom"}, {"clientType", "client-credentials"},
                                           {"authorizationUrl", "https://id.example/auth"},
                                           {"tokenUrl", "https://id.example/token"}, {"scopes", {"a", "b"}}});
  CliRun c = run("client-credentials-request " + custom);
  ASSERT_EQ(c.exit_code, 0) << c.out;
  EXPECT_EQ(c.j()["body"], "grant_type=client_credentials&scope=a+b&client_id=1000.ABCDEFGHIJ0123456789&client_secret=xyz");
}

TEST(Cli, TokenResponseReadsAClientCredentialsAnswerWithoutRefreshToken) {
  CliRun r = run("token-response --now 1700000000",
                 R"({"access_token":"1000.aa.bb","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600})");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.j()["expiresAt"], 1700003600);
  EXPECT_EQ(r.j().value("refreshToken", ""), "");
  CliRun missing = run("token-response", R"({"error":"missing_org_info"})");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.j()["error"], "missing_org_info");
  EXPECT_NE(missing.j()["description"].get<std::string>().find("Organization ID"), std::string::npos);
}

}  // namespace

// Issue 10, cases 1, 2 and 5 through the CLI.
TEST(Cli, ZohoThrottleIsNamedAsTheRateLimit) {
  CliRun r = run("token-response --status 400",
                 R"({"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.j()["error"], "rate_limited");
  const std::string d = r.j()["description"];
  EXPECT_NE(d.find("wait 10 minutes"), std::string::npos) << d;
  EXPECT_EQ(d.find("Check the Client Id"), std::string::npos) << d;
}

TEST(Cli, GatewayFailureIsTemporary) {
  CliRun bad_gateway = run("token-response --status 502", "<html><body><h1>502 Bad Gateway</h1></body></html>");
  EXPECT_EQ(bad_gateway.exit_code, 1);
  EXPECT_EQ(bad_gateway.j()["error"], "http.502");
  const std::string d = bad_gateway.j()["description"];
  EXPECT_NE(d.find("temporary failure"), std::string::npos) << d;
  EXPECT_EQ(d.find("Client Secret"), std::string::npos) << d;
  CliRun empty = run("token-response --status 503", "");
  EXPECT_EQ(empty.j()["error"], "http.503");
  EXPECT_EQ(std::string(empty.j()["description"]).find("Token URL"), std::string::npos);
}

TEST(Cli, CustomProviderReadsExpiresInAsSeconds) {
  const std::string body = R"({"access_token":"x","token_type":"Bearer","expires_in":172800})";
  CliRun custom = run("token-response --now 1700000000 --provider custom", body);
  ASSERT_EQ(custom.exit_code, 0) << custom.out;
  EXPECT_EQ(custom.j()["expiresAt"], 1700000000 + 172800);
  CliRun zoho = run("token-response --now 1700000000", body);
  ASSERT_EQ(zoho.exit_code, 0) << zoho.out;
  EXPECT_EQ(zoho.j()["expiresAt"], 1700000000 + 172);
  EXPECT_EQ(run("token-response --provider google", body).exit_code, 2);
}

TEST(Cli, CallbackHostInAnotherCaseAndLoopbackRedirect) {
  const std::string p = profile_file({{"dataCenter", "eu"}, {"authorizationUrl", "https://Accounts.Zoho.EU/oauth/v2/auth"},
                                      {"redirectUri", "http://127.0.0.2:8000/"}});
  CliRun lint = run("lint " + p);
  EXPECT_EQ(lint.exit_code, 0) << lint.out;
  CliRun cb = run("callback " + p + " --state S --url " +
                  q("http://127.0.0.2:8000/?code=X&location=in&accounts-server=https%3A%2F%2Faccounts.zoho.in&state=S"));
  ASSERT_EQ(cb.exit_code, 0) << cb.out;
  EXPECT_EQ(cb.j()["tokenUrl"], "https://accounts.zoho.in/oauth/v2/token");
  CliRun same = run("callback " + p + " --state S --url " +
                    q("http://127.0.0.2:8000/?code=X&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu&state=S"));
  ASSERT_EQ(same.exit_code, 0) << same.out;
  EXPECT_EQ(same.j()["accountsServer"], "https://Accounts.Zoho.EU") << "no switch: the host as typed is kept";
}

TEST(Cli, HtmlEscapedCallbackIsNamedNotCsrf) {
  const std::string p = profile_file({{"redirectUri", "http://localhost:8000/"}});
  CliRun cb = run("callback " + p + " --state st-7 --url " + q("http://localhost:8000/?code=1000.c7&amp;state=st-7&amp;location=us"));
  EXPECT_EQ(cb.exit_code, 1);
  EXPECT_EQ(cb.j()["error"], "callback.mangled_separators");
  EXPECT_EQ(std::string(cb.j()["description"]).find("CSRF"), std::string::npos);
}

TEST(Cli, ForgedIssRefusedRightIssAccepted) {
  const std::string p = profile_file({{"provider", "custom"}, {"clientAuthentication", "none"}, {"pkce", true},
                                      {"authorizationUrl", "http://127.0.0.1:3000/auth"},
                                      {"tokenUrl", "http://127.0.0.1:3000/token"}});
  CliRun forged = run("callback " + p + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss=https%3A%2F%2Fevil.example"));
  EXPECT_EQ(forged.exit_code, 1);
  EXPECT_EQ(forged.j()["error"], "callback.iss");
  EXPECT_NE(std::string(forged.j()["description"]).find("http://127.0.0.1:3000"), std::string::npos);
  CliRun right = run("callback " + p + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss=http%3A%2F%2F127.0.0.1%3A3000"));
  EXPECT_EQ(right.exit_code, 0) << right.out;
  CliRun absent = run("callback " + p + " --state S --url " + q("https://localhost:8000/?code=X&state=S"));
  EXPECT_EQ(absent.exit_code, 0) << absent.out;
  // A trailing slash is another string (RFC 9207 s2.4: simple string comparison).
  CliRun slash = run("callback " + p + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss=http%3A%2F%2F127.0.0.1%3A3000%2F"));
  EXPECT_EQ(slash.j()["error"], "callback.iss");
  // An error response with a forged iss is refused as such, before its error is believed.
  CliRun error = run("callback " + p + " --state S --url " + q("https://localhost:8000/?error=access_denied&state=S&iss=https%3A%2F%2Fevil.example"));
  EXPECT_EQ(error.j()["error"], "callback.iss");
  // A typed issuer with a path is what iss must equal.
  const std::string typed = profile_file({{"provider", "custom"}, {"issuer", "https://idp.example/realms/a"},
                                          {"authorizationUrl", "https://idp.example/realms/a/auth"},
                                          {"tokenUrl", "https://idp.example/realms/a/token"}});
  EXPECT_EQ(run("callback " + typed + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss=https%3A%2F%2Fidp.example%2Frealms%2Fa")).exit_code, 0);
  EXPECT_EQ(run("callback " + typed + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss=https%3A%2F%2Fidp.example")).exit_code, 1);
}

TEST(Cli, PublicClientSendsNoSecret) {
  const std::string p = profile_file({{"provider", "custom"}, {"clientAuthentication", "none"}, {"clientSecret", "typed-by-mistake"},
                                      {"authorizationUrl", "https://idp.example/auth"}, {"tokenUrl", "https://idp.example/token"}});
  CliRun tr = run("token-request " + p + " --code C --code-verifier " + std::string(43, 'a'));
  ASSERT_EQ(tr.exit_code, 0) << tr.out;
  const std::string body = tr.j()["body"];
  EXPECT_NE(body.find("client_id="), std::string::npos);
  EXPECT_EQ(body.find("client_secret"), std::string::npos) << body;
  EXPECT_FALSE(tr.j()["headers"].contains("Authorization"));
  CliRun refresh = run("token-request " + p + " --refresh-token R");
  EXPECT_EQ(std::string(refresh.j()["body"]).find("client_secret"), std::string::npos);
}

// Issue 10, case 5's sibling: an implicit grant's fragment from a custom provider is read in seconds too.
TEST(Cli, CustomImplicitFragmentLifetimeIsSeconds) {
  const std::string p = profile_file({{"provider", "custom"}, {"clientType", "client"}, {"clientAuthentication", "none"},
                                      {"authorizationUrl", "https://idp.example/auth"}, {"tokenUrl", "https://idp.example/token"}});
  CliRun r = run("callback " + p + " --state S --now 1700000000 --url " +
                 q("https://localhost:8000/#access_token=at&token_type=Bearer&expires_in=172800&state=S"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.j()["expiresAt"], 1700000000 + 172800);
  const std::string z = profile_file({{"clientType", "client"}});
  CliRun zoho = run("callback " + z + " --state S --now 1700000000 --url " +
                    q("https://localhost:8000/#access_token=at&token_type=Bearer&expires_in=172800&state=S"));
  ASSERT_EQ(zoho.exit_code, 0) << zoho.out;
  EXPECT_EQ(zoho.j()["expiresAt"], 1700000000 + 172) << "Zoho's old millisecond reading, for Zoho only";
}

// Issue 11, case 6: lint names every problem of a profile that does not parse, each on its key.
TEST(Cli, LintNamesEveryProblemAtOnce) {
  const std::string path = ::testing::TempDir() + "mars_" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << R"({"version":1,"name":"x","dataCenter":"mars","clientType":7})";
  CliRun r = run("lint " + path);
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> fields;
  for (const json& d : r.j()) fields.push_back(d["field"]);
  const std::vector<std::string> expected = {"clientType", "clientId", "redirectUri", "scopes", "dataCenter"};
  EXPECT_EQ(fields, expected) << r.out;
  std::ofstream(path) << R"({"version":1,"name":"first","name":"second","clientId":"1000.X"})";
  CliRun twice = run("lint " + path);
  ASSERT_EQ(twice.j().size(), 1u) << twice.out;
  EXPECT_EQ(twice.j()[0]["field"], "name");
  EXPECT_NE(std::string(twice.j()[0]["message"]).find("given twice"), std::string::npos);
}


// What the breaker found in callbacks: a Zoho profile typed with capitals still accepts Zoho's own iss;
// a custom provider's default issuer is its serialized origin; an empty iss is no issuer; a Zoho profile
// carrying an issuer key still expects Zoho's.
TEST(Cli, IssMatchesTheSerializedIssuer) {
  const std::string zoho = profile_file({{"authorizationUrl", "https://Accounts.Zoho.com/oauth/v2/auth"},
                                         {"issuer", "https://idp.example.com"}});
  CliRun ok = run("callback " + zoho + " --state s1 --url " +
                  q("https://localhost:8000?state=s1&code=1000.abc&location=us&accounts-server=https%3A%2F%2Faccounts.zoho.com&iss=https%3A%2F%2Faccounts.zoho.com"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  const std::string custom = profile_file({{"provider", "custom"}, {"clientAuthentication", "none"},
                                           {"authorizationUrl", "https://User:pw@IdP.Example.com:443/auth"},
                                           {"tokenUrl", "https://idp.example.com/token"}});
  CliRun origin = run("callback " + custom + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss=https%3A%2F%2Fidp.example.com"));
  EXPECT_EQ(origin.exit_code, 0) << origin.out;
  CliRun empty = run("callback " + custom + " --state S --url " + q("https://localhost:8000/?code=X&state=S&iss="));
  EXPECT_EQ(empty.j()["error"], "callback.iss");
  EXPECT_EQ(std::string(empty.j()["description"]).find("pw"), std::string::npos) << "no user info in the message";
}

TEST(Cli, MangledSeparatorsInZohosOrderAreNamed) {
  const std::string p = profile_file();
  for (const char* url : {"https://localhost:8000?state=s1&code=1000.abc&#038;location=eu&#038;accounts-server=https%3A%2F%2Faccounts.zoho.eu",
                          "https://localhost:8000?state=s1%26code%3D1000.abc",
                          "https://localhost:8000?state=s1&code=1000.abc%26location%3Deu%26accounts-server%3Dhttps%253A%252F%252Faccounts.zoho.eu"}) {
    CliRun r = run("callback " + p + " --state s1 --url " + q(url));
    EXPECT_EQ(r.j()["error"], "callback.mangled_separators") << url << " " << r.out;
  }
}

// [SECTION] Device flow (the CLI's device-* commands)

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

}  // namespace zc
