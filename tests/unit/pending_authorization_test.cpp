// The state and the pending authorization's record (docs/SECURITY.md rule 2).
#include "console/pending_authorization.hpp"

#include <gtest/gtest.h>

#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;
namespace {

TEST(PendingAuthorization, StateIs256RandomBitsAs43Base64urlCharacters) {
  EXPECT_EQ(value_of(make_state(std::string(32, '\xff'))), "__________________________________________8");
  std::string counting;
  for (int i = 0; i < 32; ++i) counting += static_cast<char>(i);
  EXPECT_EQ(value_of(make_state(counting)), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  EXPECT_EQ(error_code(make_state(std::string(31, 'x'))), "state.random");
  EXPECT_EQ(error_code(make_state(std::string(16, 'x'))), "state.random");
  EXPECT_EQ(error_code(make_state(std::string(33, 'x'))), "state.random");
  // The message says what was wanted and what came, from the rule's own value.
  const Result<std::string> short_state = make_state(std::string(31, 'x'));
  ASSERT_FALSE(short_state.ok());
  EXPECT_EQ(short_state.error().message, "A state needs exactly 32 random octets (256 bits); the random source gave 31.");
}

TEST(PendingAuthorization, AStateWeakerThan256BitsIsNotValid) {
  EXPECT_TRUE(is_valid_state(std::string(43, 'A')));
  EXPECT_TRUE(is_valid_state("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"));
  EXPECT_TRUE(is_valid_state(std::string(512, '-')));
  EXPECT_FALSE(is_valid_state(std::string(42, 'A')));
  EXPECT_FALSE(is_valid_state(std::string(513, 'A')));
  EXPECT_FALSE(is_valid_state(""));
  EXPECT_FALSE(is_valid_state(std::string(42, 'A') + "="));  // padding is no base64url character
  EXPECT_FALSE(is_valid_state(std::string(42, 'A') + "+"));
  EXPECT_FALSE(is_valid_state(std::string(42, 'A') + "\xC3\xA9"));
}

TEST(PendingAuthorization, RecordRoundTripKeepsEveryField) {
  PendingAuthorization p;
  p.state = std::string(43, 's');
  p.profile_id = "p-1";
  p.end_user = "ann@example.com";
  p.accounts_server = "https://accounts.zoho.eu";
  p.token_url = "https://accounts.zoho.eu/oauth/v2/token";
  p.redirect_uri = "https://localhost:8000/";
  p.code_verifier = std::string(43, 'v');
  p.response_type = "token";
  p.issuer = "https://accounts.zoho.eu";
  p.provider = Provider::kCustom;
  p.created_at = 1'700'000'000;
  p.exchanging_since = 1'700'000'007;
  const nlohmann::json j = pending_to_json(p);
  EXPECT_EQ(j["state"], std::string(43, 's'));
  EXPECT_EQ(j["createdAt"], 1'700'000'000);
  EXPECT_EQ(j["exchangingSince"], 1'700'000'007);
  const auto back = pending_from_json(j);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->state, p.state);
  EXPECT_EQ(back->profile_id, "p-1");
  EXPECT_EQ(back->end_user, "ann@example.com");
  EXPECT_EQ(back->accounts_server, "https://accounts.zoho.eu");
  EXPECT_EQ(back->token_url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(back->redirect_uri, "https://localhost:8000/");
  EXPECT_EQ(back->code_verifier, std::string(43, 'v'));
  EXPECT_EQ(back->response_type, "token");
  EXPECT_EQ(back->issuer, "https://accounts.zoho.eu");
  EXPECT_EQ(back->provider, Provider::kCustom);
  EXPECT_EQ(back->created_at, 1'700'000'000);
  EXPECT_EQ(back->exchanging_since, 1'700'000'007);
}

}  // namespace
}  // namespace zc
