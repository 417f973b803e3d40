#include "oauth/token_set.hpp"

#include <gtest/gtest.h>

namespace zc {

// docs/SECURITY.md rule 10: expired = now >= expiresAt - skew (the skew makes tokens expire early, never late).
TEST(TokenSet, ExpiryAppliesTheSkewInTheSafeDirection) {
  TokenSet t;
  t.expires_at = 1000;
  EXPECT_FALSE(is_expired(t, 939));
  EXPECT_TRUE(is_expired(t, 940));
  EXPECT_TRUE(is_expired(t, 1000));
  EXPECT_TRUE(is_expired(t, 5000));
  t.expires_at = 0;
  EXPECT_FALSE(is_expired(t, 5000));
}

TEST(TokenSet, JsonRoundTrip) {
  TokenSet t{"1000.a", "1000.r", "https://www.zohoapis.eu", "Bearer", "ZohoCRM.modules.leads.ALL", 123,
             "https://accounts.zoho.eu", ""};
  auto back = token_set_from_json(token_set_to_json(t));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(token_set_to_json(back.value()), token_set_to_json(t));
  EXPECT_FALSE(token_set_from_json({{"accessToken", 5}}).ok());
  EXPECT_FALSE(token_set_from_json({{"expiresAt", "soon"}}).ok());
}

TEST(TokenSet, RedactShowsPrefixAndTailOnly) {
  EXPECT_EQ(redact_secret("1000.abcdef0123456789.xyz"), "1000.ab...yz");
  EXPECT_EQ(redact_secret("short"), "...");
  EXPECT_EQ(redact_secret(""), "");
}

TEST(TokenSet, CorruptExpiryRefusedAndExtremesDoNotOverflow) {
  EXPECT_FALSE(token_set_from_json({{"expiresAt", 1e300}}).ok());
  EXPECT_FALSE(token_set_from_json({{"expiresAt", -5}}).ok());
  EXPECT_FALSE(token_set_from_json({{"expiresAt", 9223372036854775807LL}}).ok());
  TokenSet t;
  t.expires_at = INT64_MIN;  // only reachable in memory, never from storage: still no overflow
  EXPECT_TRUE(is_expired(t, 1000));
}

TEST(TokenSet, RedactNeverCutsInsideAMultiByteCharacter) {
  EXPECT_EQ(redact_secret("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"), "...");
}
}  // namespace zc
