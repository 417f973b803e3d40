#include "oauth/jwt.hpp"

#include <gtest/gtest.h>

#include "oauth/base64url.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::error_code;

namespace {
std::string part(const std::string& json_text) { return base64url_encode(json_text); }
}  // namespace

TEST(Jwt, SplitsAndDecodesACompactJws) {
  const std::string token = part(R"({"alg":"RS256","kid":"k1"})") + "." + part(R"({"sub":"1","aud":"c"})") + "." +
                            base64url_encode("sig-octets");
  auto jwt = decode_jwt(token);
  ASSERT_OK(jwt);
  EXPECT_EQ(jwt.value().header["kid"], "k1");
  EXPECT_EQ(jwt.value().claims["sub"], "1");
  EXPECT_EQ(jwt.value().signature, "sig-octets");
  EXPECT_EQ(jwt.value().signing_input, token.substr(0, token.rfind('.')));
}

// Zoho's help page shows a header part with '=' padding: it decodes as base64url all the same.
TEST(Jwt, PaddedPartsDecode) {
  auto jwt = decode_jwt(part(R"({"alg":"RS256"})") + "=." + part(R"({"a":1})") + ".c2ln");
  ASSERT_OK(jwt);
  EXPECT_EQ(jwt.value().header["alg"], "RS256");
}

TEST(Jwt, ErrorsNameThePart) {
  const std::string h = part(R"({"alg":"RS256"})"), p = part(R"({"sub":"1"})");
  EXPECT_EQ(error_code(decode_jwt("")), "jwt.parts");
  EXPECT_EQ(error_code(decode_jwt(h + "." + p)), "jwt.parts");
  EXPECT_EQ(error_code(decode_jwt(h + "." + p + ".c2ln.extra")), "jwt.parts");
  EXPECT_EQ(error_code(decode_jwt(std::string(kMaxJwtBytes + 1, 'a'))), "jwt.parts");
  EXPECT_EQ(error_code(decode_jwt("*." + p + ".c2ln")), "jwt.header");
  EXPECT_EQ(error_code(decode_jwt(part("[1]") + "." + p + ".c2ln")), "jwt.header");
  EXPECT_EQ(error_code(decode_jwt(h + "." + part("not json") + ".c2ln")), "jwt.payload");
  EXPECT_EQ(error_code(decode_jwt(h + "." + p + ".c2l+")), "jwt.signature");
}

TEST(Jwt, AnEmptySignatureDecodesSoTheAlgCheckCanRefuseIt) {
  auto jwt = decode_jwt(part(R"({"alg":"none"})") + "." + part(R"({"sub":"1"})") + ".");
  ASSERT_OK(jwt);
  EXPECT_EQ(jwt.value().signature, "");
}

TEST(Jwt, ErrorsNeverQuoteTheToken) {
  const std::string token = part(R"({"alg":"RS256"})") + ".SECRETPAYLOAD*.c2ln";
  auto jwt = decode_jwt(token);
  ASSERT_FALSE(jwt.ok());
  EXPECT_EQ(jwt.error().message.find("SECRETPAYLOAD"), std::string::npos);
}

}  // namespace zc
