// The CLI's OpenID Connect commands run as a user would (the built zoho-auth binary): discovery,
// verify-id-token and jwt-decode, their JSON and exit codes.
#include "cli/oidc_commands.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "id_token_fixture.hpp"

namespace zc {
namespace {

using nlohmann::json;
using namespace zc::testing;

struct CliRun {
  int exit_code = -1;
  json out;
};

CliRun run(const std::string& args, const std::string& stdin_text) {
  const std::string input = ::testing::TempDir() + "oidc_stdin_" + std::to_string(getpid()) + ".txt";
  std::ofstream(input, std::ios::binary) << stdin_text;
  FILE* pipe = popen((std::string(ZOHO_AUTH_BIN) + " " + args + " < " + input + " 2>/dev/null").c_str(), "r");
  std::string text;
  char buffer[4096];
  size_t n;
  while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  const int status = pipe == nullptr ? -1 : pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, json::parse(text, nullptr, false)};
}

std::string jwks_file() {
  const std::string path = ::testing::TempDir() + "jwks_" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << test_jwks();
  return path;
}

std::string verify_args(const std::string& nonce = "n-0S6_WzA2Mj") {
  return "verify-id-token --jwks " + jwks_file() + " --issuer " + kTestIssuer + " --client-id " + kTestClientId +
         " --nonce " + nonce + " --now " + std::to_string(kTestNow);
}

TEST(OidcCommands, VerifyIdTokenPrintsEachCheckAndExits0) {
  const CliRun r = run(verify_args(), signed_token() + "\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out["verified"], true);
  ASSERT_EQ(r.out["checks"].size(), 10u);
  EXPECT_EQ(r.out["checks"][3]["check"], "signature");
  EXPECT_EQ(r.out["checks"][3]["passed"], true);
  EXPECT_EQ(r.out["claims"]["sub"], "675925609");
}

TEST(OidcCommands, ARefusedTokenExits1NamingTheCheck) {
  const CliRun wrong_nonce = run(verify_args("other-nonce"), signed_token());
  EXPECT_EQ(wrong_nonce.exit_code, 1);
  EXPECT_EQ(wrong_nonce.out["refusedBy"], "nonce");
  json header = good_header();
  header["alg"] = "none";
  const CliRun none = run(verify_args(), base64url_encode(header.dump()) + "." + base64url_encode(good_claims().dump()) + ".");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.out["refusedBy"], "alg");
}

TEST(OidcCommands, VerifyIdTokenUsage) {
  EXPECT_EQ(run("verify-id-token --issuer I --client-id C", signed_token()).exit_code, 2);
  EXPECT_EQ(run("verify-id-token --jwks /nonexistent --issuer I --client-id C", signed_token()).exit_code, 2);
  EXPECT_EQ(run("discovery", "{}").exit_code, 2);
}

TEST(OidcCommands, DiscoveryParsesOrNamesTheField) {
  const std::string doc = R"({"issuer":"https://idp.test","authorization_endpoint":"https://idp.test/auth",
                              "token_endpoint":"https://idp.test/token","jwks_uri":"https://idp.test/jwks"})";
  const CliRun ok = run("discovery --issuer https://idp.test", doc);
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.out["jwks_uri"], "https://idp.test/jwks");
  const CliRun other = run("discovery --issuer https://evil.test", doc);
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(other.out["error"], "discovery.issuer");
}

TEST(OidcCommands, JwtDecodeShowsHeaderAndClaimsUnverified) {
  const CliRun r = run("jwt-decode", signed_token());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out["verified"], false);
  EXPECT_EQ(r.out["header"]["kid"], "test-key-1");
  EXPECT_EQ(r.out["claims"]["email"], "user@example.test");
  const CliRun bad = run("jwt-decode", "a.b");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out["error"], "jwt.parts");
}

TEST(OidcCommands, AuthorizeUrlSendsANonceForOpenidScopes) {
  const std::string path = ::testing::TempDir() + "openid_profile_" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << json{{"version", 1}, {"name", "Sign in"}, {"dataCenter", "us"}, {"clientId", "1000.ABC"},
                              {"clientSecret", "x"}, {"scopes", {"openid", "email"}},
                              {"redirectUri", "https://localhost:8000"}}.dump();
  const CliRun fresh = run("authorize-url " + path + " --state s1", "");
  ASSERT_EQ(fresh.exit_code, 0);
  const std::string nonce = fresh.out["nonce"];
  EXPECT_EQ(nonce.size(), 43u);
  EXPECT_NE(fresh.out["url"].get<std::string>().find("&state=s1&nonce=" + nonce), std::string::npos);
  const CliRun given = run("authorize-url " + path + " --state s1 --nonce n-1", "");
  EXPECT_EQ(given.out["nonce"], "n-1");
}

TEST(OidcCommands, TokenResponseKeepsTheIdToken) {
  const CliRun r = run("token-response --now 1700000000",
                       R"({"access_token":"1000.a","id_token":"h.p.s","expires_in":3600})");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out["idToken"], "h.p.s");
}

// The in-process answers the commands print, for the parts a shell run cannot reach cheaply.
TEST(OidcCommands, AnswersInProcess) {
  EXPECT_EQ(verify_id_token_answer(signed_token(), "{}", {kTestIssuer, kTestClientId, "", kTestNow}).json["error"],
            "jwks.keys");
  EXPECT_EQ(jwt_decode_answer("  " + signed_token() + "\r\n").exit_code, 0);
}

}  // namespace
}  // namespace zc
