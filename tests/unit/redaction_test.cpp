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

TEST(Redaction, JsonBodyAtAnyDepth) {
  const std::string out = redact_json(R"({"access_token":"1000.aaaaaaaaaaaaaaaa","x":{"refresh_token":"1000.bbbbbbbbbbbbbbbbbb"},"api_domain":"d"})");
  EXPECT_EQ(out.find("aaaaaaaaaaaaaaaa"), std::string::npos);
  EXPECT_EQ(out.find("bbbbbbbbbbbbbbbbbb"), std::string::npos);
  EXPECT_NE(out.find("\"api_domain\":\"d\""), std::string::npos);
  EXPECT_EQ(redact_json("not json 1000.secret"), "<20 bytes, not JSON>");
}

TEST(Redaction, UrlQueryAndFragment) {
  const std::string out = redact_url("https://a/cb?code=1000.longsecretcode&state=abc#access_token=1000.longaccesstoken");
  EXPECT_EQ(out.find("longsecretcode"), std::string::npos);
  EXPECT_EQ(out.find("longaccesstoken"), std::string::npos);
  EXPECT_NE(out.find("state=abc"), std::string::npos);
}

}  // namespace zc
