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
  // The stored record's shape, spelled out: a key renamed on one side only must fail here.
  const nlohmann::json stored = token_set_to_json(t);
  EXPECT_EQ(stored, nlohmann::json::parse(R"({"accessToken":"1000.a","refreshToken":"1000.r",
      "apiDomain":"https://www.zohoapis.eu","tokenType":"Bearer","scope":"ZohoCRM.modules.leads.ALL","expiresAt":123,
      "accountsServer":"https://accounts.zoho.eu"})"));
  auto back = token_set_from_json(stored);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value().access_token, "1000.a");
  EXPECT_EQ(back.value().refresh_token, "1000.r");
  EXPECT_EQ(back.value().api_domain, "https://www.zohoapis.eu");
  EXPECT_EQ(back.value().token_type, "Bearer");
  EXPECT_EQ(back.value().scope, "ZohoCRM.modules.leads.ALL");
  EXPECT_EQ(back.value().expires_at, 123);
  EXPECT_EQ(back.value().accounts_server, "https://accounts.zoho.eu");
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
