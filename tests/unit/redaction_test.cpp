#include "console/redaction.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(Redaction, FormBody) {
  const std::string out = redact_form("grant_type=authorization_code&code=1000.secretcode0123&client_id=1000.ID"
                                      "&client_secret=topsecretvalue99");
  EXPECT_EQ(out.find("secretcode0123"), std::string::npos);
  EXPECT_EQ(out.find("topsecretvalue99"), std::string::npos);
  EXPECT_NE(out.find("client_id=1000.ID"), std::string::npos);
  EXPECT_NE(out.find("grant_type=authorization_code"), std::string::npos);
}

TEST(Redaction, SecretsShowNothingTokensShowTheirEnds) {
  const std::string out = redact_form("client_secret=demo0secret0d8f3a1c9e4b7&refresh_token=1000.abcdefghijklmnop.xy");
  EXPECT_NE(out.find("client_secret=%2A%2A%2A"), std::string::npos) << out;
  EXPECT_EQ(out.find("demo0se"), std::string::npos);
  EXPECT_NE(out.find("refresh_token=1000.ab...xy"), std::string::npos) << out;
}

TEST(Redaction, JsonBodyAtAnyDepth) {
  const std::string out = redact_json(R"({"access_token":"1000.aaaaaaaaaaaaaaaa","x":{"refresh_token":"1000.bbbbbbbbbbbbbbbbbb"},"api_domain":"d"})");
  EXPECT_EQ(out.find("aaaaaaaaaaaaaaaa"), std::string::npos);
  EXPECT_EQ(out.find("bbbbbbbbbbbbbbbbbb"), std::string::npos);
  EXPECT_NE(out.find("\"api_domain\":\"d\""), std::string::npos);
  EXPECT_EQ(redact_json("not json 1000.secret"), "<20 bytes, not JSON>");
}

TEST(Redaction, StatusWordsNamedCodeStayReadableGrantCodesDoNot) {
  const std::string crm = redact_json(R"({"data":[{"code":"OAUTH_SCOPE_MISMATCH","status":"error"}],"code":"SUCCESS"})");
  EXPECT_NE(crm.find("OAUTH_SCOPE_MISMATCH"), std::string::npos) << crm;
  EXPECT_NE(crm.find("SUCCESS"), std::string::npos) << crm;
  const std::string grant = redact_json(R"({"code":"1000.3f0c9d8e7b6a5f4e3d2c1b0a.9e8d7c6b5a4f"})");
  EXPECT_EQ(grant.find("3f0c9d8e7b6a5f4e3d2c1b0a"), std::string::npos) << grant;
  EXPECT_EQ(redact_form("code=4F3A9C0D1E2B3A4F5C6D&x=1").find("4F3A9C0D1E2B3A4F5C6D"), std::string::npos)
      << "an upper-case hex code of another provider is still a secret";
  EXPECT_EQ(redact_form("code=QWERTYUIOPASDFGHJKLZ").find("QWERTYUIOPASDFGHJKLZ"), std::string::npos)
      << "a long word without '_' is not a status word";
}

TEST(Redaction, UrlQueryAndFragment) {
  const std::string out = redact_url("https://a/cb?code=1000.longsecretcode&state=abc#access_token=1000.longaccesstoken");
  EXPECT_EQ(out.find("longsecretcode"), std::string::npos);
  EXPECT_EQ(out.find("longaccesstoken"), std::string::npos);
  EXPECT_NE(out.find("state=abc"), std::string::npos);
}

TEST(Redaction, NamesMatchWhateverTheirCaseOrPunctuation) {
  const std::vector<std::string> secret_names = {
      "client_secret", "Client_Secret", "CLIENT_SECRET", "client-secret", "clientSecret", "Code",  "access_token",
      "Access_Token",  "idToken",       "id_token",      "refreshToken",  "code_verifier", "password",
      "/r?access_token", std::string("client_secret\0", 14)};
  for (const std::string& name : secret_names) {
    EXPECT_TRUE(is_secret_name(name)) << name;
  }
  for (const char* name : {"state", "client_id", "grant_type", "token_type", "expires_in", "api_domain", "scope",
                           "redirect_uri", "location", "accounts-server", "response_type"}) {
    EXPECT_FALSE(is_secret_name(name)) << name;
  }
}

TEST(Redaction, BreakerVectorsLeakNothing) {
  const std::string s = "S3cretValueThatMustNotLeak";
  for (const std::string& body : {"Client_Secret=" + s, "CLIENT_SECRET=" + s, "Code=" + s, "client_secret%00=" + s,
                                  "client_secret+=" + s}) {
    EXPECT_EQ(redact_form(body).find(s), std::string::npos) << body;
  }
  for (const std::string& json : {R"({"Access_Token":")" + s + R"("})", R"({"access_token":[")" + s + R"("]})",
                                  R"({"refresh_token":{"v":")" + s + R"("}})", R"({"idToken":")" + s + R"("})",
                                  R"({"a":[{"client_secret":")" + s + R"("}]})"}) {
    EXPECT_EQ(redact_json(json).find(s), std::string::npos) << json;
  }
  for (const std::string& url : {"https://a/cb#/r?access_token=" + s, "https://u:" + s + "@host/path?x=1",
                                 "https://a/cb?Code=" + s}) {
    EXPECT_EQ(redact_url(url).find(s), std::string::npos) << url;
  }
  EXPECT_NE(redact_url("https://u:" + s + "@host/p").find("https://u:...@host/p"), std::string::npos);
}

TEST(Redaction, MultiByteTokensAndDeepJsonNeverThrow) {
  EXPECT_NO_THROW(redact_json(R"({"access_token":"éééééééé"})"));
  EXPECT_EQ(redact_json(std::string(100000, '[') + std::string(100000, ']')), "<200000 bytes, not JSON>");
}

}  // namespace zc
