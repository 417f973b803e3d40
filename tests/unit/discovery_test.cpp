#include "oauth/discovery.hpp"

#include <gtest/gtest.h>

#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

namespace {
const char* kDocument = R"({
  "issuer": "https://accounts.zoho.com",
  "authorization_endpoint": "https://accounts.zoho.com/oauth/v2/auth",
  "token_endpoint": "https://accounts.zoho.com/oauth/v2/token",
  "userinfo_endpoint": "https://accounts.zoho.com/oauth/v2/userinfo",
  "jwks_uri": "https://accounts.zoho.com/oauth/v2/keys",
  "revocation_endpoint": "https://accounts.zoho.com/oauth/v2/token/revoke",
  "device_authorization_endpoint": "https://accounts.zoho.com/oauth/v3/device/code",
  "scopes_supported": ["openid", "email", "profile"],
  "response_types_supported": ["code"],
  "id_token_signing_alg_values_supported": ["RS256"],
  "code_challenge_methods_supported": ["S256"]})";
}  // namespace

TEST(Discovery, ParsesTheEndpointsAndLists) {
  const ProviderMetadata m = value_of(parse_discovery(kDocument, "https://accounts.zoho.com"));
  EXPECT_EQ(m.token_endpoint, "https://accounts.zoho.com/oauth/v2/token");
  EXPECT_EQ(m.jwks_uri, "https://accounts.zoho.com/oauth/v2/keys");
  EXPECT_EQ(m.userinfo_endpoint, "https://accounts.zoho.com/oauth/v2/userinfo");
  EXPECT_EQ(m.device_authorization_endpoint, "https://accounts.zoho.com/oauth/v3/device/code");
  EXPECT_EQ(m.scopes_supported, (std::vector<std::string>{"openid", "email", "profile"}));
  EXPECT_EQ(m.id_token_signing_alg_values_supported, (std::vector<std::string>{"RS256"}));
  EXPECT_EQ(metadata_to_json(m)["revocation_endpoint"], "https://accounts.zoho.com/oauth/v2/token/revoke");
}

// OIDC Discovery s4.3: the issuer must be identical to the one the document was fetched for.
TEST(Discovery, AnotherIssuerIsRefused) {
  EXPECT_EQ(error_code(parse_discovery(kDocument, "https://accounts.zoho.eu")), "discovery.issuer");
  EXPECT_EQ(error_code(parse_discovery(kDocument, "https://accounts.zoho.com/")), "discovery.issuer");
  EXPECT_EQ(error_code(parse_discovery(R"({"authorization_endpoint":"https://a.test/auth"})", "")), "discovery.issuer");
}

TEST(Discovery, FieldErrorsNameTheField) {
  EXPECT_EQ(error_code(parse_discovery("[]", "https://a.test")), "discovery.not_json");
  EXPECT_EQ(error_code(parse_discovery(R"({"issuer":"https://a.test"})", "https://a.test")),
            "discovery.authorization_endpoint");
  EXPECT_EQ(error_code(parse_discovery(
                R"({"issuer":"https://a.test","authorization_endpoint":"https://a.test/a","jwks_uri":"ftp://x"})",
                "https://a.test")),
            "discovery.jwks_uri");
  EXPECT_EQ(error_code(parse_discovery(
                R"({"issuer":"https://a.test","authorization_endpoint":"https://a.test/a","scopes_supported":"openid"})",
                "https://a.test")),
            "discovery.scopes_supported");
}

TEST(Discovery, WellKnownLocations) {
  EXPECT_EQ(openid_configuration_url("https://accounts.zoho.com"), "https://accounts.zoho.com/.well-known/openid-configuration");
  EXPECT_EQ(openid_configuration_url("https://idp.test/tenant/"), "https://idp.test/tenant/.well-known/openid-configuration");
  EXPECT_EQ(oauth_authorization_server_url("https://as.test/t1"), "https://as.test/.well-known/oauth-authorization-server/t1");
  EXPECT_EQ(oauth_authorization_server_url("https://as.test"), "https://as.test/.well-known/oauth-authorization-server");
  EXPECT_EQ(oauth_authorization_server_url("https://as.test/"), "https://as.test/.well-known/oauth-authorization-server");
  EXPECT_EQ(oauth_authorization_server_url("not a url"), "");
}

}  // namespace zc
