#include "oauth/revocation.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(Revocation, LegacyEndpointTokenInTheBodyNotTheUrl) {
  HttpRequest r = build_revoke("https://accounts.zoho.eu/oauth/v2/token/revoke", "1000.r+t");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://accounts.zoho.eu/oauth/v2/token/revoke");
  EXPECT_EQ(r.body, "token=1000.r%2Bt");
}

TEST(Revocation, NewEndpointWithBasicClientAuthentication) {
  HttpRequest r = build_revoke_with_client_authentication("https://accounts.zoho.com/oauth/v2/revoke/token",
                                                          {"1000.ID", "s:c r"}, "1000.r", "refresh_token");
  EXPECT_EQ(r.body, "token=1000.r&token_type=refresh_token");
  // base64("1000.ID:s%3Ac+r"): the secret is form-encoded first (RFC 6749 s2.3.1).
  EXPECT_EQ(header_value(r.headers, "Authorization"), "Basic MTAwMC5JRDpzJTNBYyty");
}

TEST(Revocation, Http400MeansAlreadyRevokedStatus0MeansUnknown) {
  EXPECT_TRUE(read_revocation_response(200).forget);
  EXPECT_TRUE(read_revocation_response(400).forget);
  EXPECT_NE(read_revocation_response(400).message.find("already revoked"), std::string::npos);
  EXPECT_FALSE(read_revocation_response(0).forget);
  EXPECT_NE(read_revocation_response(0).message.find("status 0"), std::string::npos);
  EXPECT_FALSE(read_revocation_response(500).forget);
}

}  // namespace zc
