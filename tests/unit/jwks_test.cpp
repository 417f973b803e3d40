#include "oauth/jwks.hpp"

#include <gtest/gtest.h>

#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

TEST(Jwks, ParsesRsaKeysAndSkipsOthers) {
  auto keys = parse_jwks(R"({"keys":[{"kty":"EC","kid":"ec","crv":"P-256","x":"AQ","y":"AQ"},
                                     {"kty":"RSA","kid":"r1","use":"sig","alg":"RS256","n":"AQAB","e":"AQAB"}]})");
  ASSERT_OK(keys);
  ASSERT_EQ(keys.value().size(), 1u);
  EXPECT_EQ(keys.value()[0].kid, "r1");
  EXPECT_EQ(keys.value()[0].n, "AQAB");
  EXPECT_EQ(jwk_to_json(keys.value()[0]).dump(), R"({"alg":"RS256","e":"AQAB","kid":"r1","kty":"RSA","n":"AQAB","use":"sig"})");
}

TEST(Jwks, RefusalsNameWhatIsWrong) {
  EXPECT_EQ(error_code(parse_jwks("nope")), "jwks.not_json");
  EXPECT_EQ(error_code(parse_jwks(R"({"keys":{}})")), "jwks.keys");
  EXPECT_EQ(error_code(parse_jwks(R"({})")), "jwks.keys");
  EXPECT_EQ(error_code(parse_jwks(R"({"keys":[{"kty":"RSA","kid":"r1","e":"AQAB"}]})")), "jwks.key");
  EXPECT_EQ(error_code(parse_jwks(R"({"keys":[{"kty":"RSA","kid":"r1","n":"*","e":"AQAB"}]})")), "jwks.key");
}

TEST(Jwks, FindKeyByKidExactly) {
  const std::vector<Jwk> keys = {{"RSA", "a", "", "", "AQ", "AQ"}, {"RSA", "b", "", "", "Ag", "AQ"}};
  EXPECT_EQ(value_of(find_key(keys, "b")).n, "Ag");
  EXPECT_EQ(error_code(find_key(keys, "B")), "jwks.kid_unknown");
  EXPECT_EQ(error_code(find_key(keys, "")), "jwks.kid_missing");
  EXPECT_EQ(error_code(find_key({}, "a")), "jwks.empty");
}

// OIDC Core s10.1: a kid is only needed when the set holds more than one key.
TEST(Jwks, NoKidUsesTheOnlyKey) {
  EXPECT_EQ(value_of(find_key({{"RSA", "only", "", "", "AQ", "AQ"}}, "")).kid, "only");
}

}  // namespace zc
