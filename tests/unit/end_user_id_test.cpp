#include "console/end_user_id.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zc {
namespace {

Profile in_mode(AuthorizationMode mode) {
  Profile p;
  p.authorization_mode = mode;
  return p;
}

TEST(EndUserId, IsRequiredOnlyInEndUserMode) {
  EXPECT_FALSE(end_user_id_error(in_mode(AuthorizationMode::kPreAuthorize), "").has_value());
  const auto missing = end_user_id_error(in_mode(AuthorizationMode::kEndUser), "");
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->code, "authorize.end_user");
  EXPECT_NE(missing->message.find("enter the End User Id first"), std::string::npos);
}

TEST(EndUserId, AnyPrintableTextIsAnId) {
  for (const char* id : {"ada@example.com", "Ada Lovelace", "エイダ", "آدا", "a/b", "%00", "~"}) {
    EXPECT_FALSE(end_user_id_error(in_mode(AuthorizationMode::kEndUser), id).has_value()) << id;
  }
}

TEST(EndUserId, AControlCharacterIsRefusedInEveryMode) {
  // A NUL would cut the storage key short in the browser ("ada\0b" stored as "ada"); a line feed or an
  // escape would break the log line that names the end user.
  for (const std::string id : {std::string("ada\0b", 5), std::string("ada\nb"), std::string("\x1b[31m"),
                               std::string("ada\x7f")}) {
    for (AuthorizationMode mode : {AuthorizationMode::kEndUser, AuthorizationMode::kPreAuthorize}) {
      const auto refused = end_user_id_error(in_mode(mode), id);
      ASSERT_TRUE(refused.has_value());
      EXPECT_EQ(refused->code, "authorize.end_user");
      EXPECT_NE(refused->message.find("control character"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace zc
