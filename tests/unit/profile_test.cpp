#include "console/profile.hpp"

#include <gtest/gtest.h>
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

const char* kDesignExample = R"({"version":1,"name":"Zoho CRM leads","provider":"zoho","dataCenter":"eu",
 "clientType":"server","authorizationMode":"pre-authorize",
 "clientId":"1000.ABC","clientSecret":"xyz","scopes":["ZohoCRM.modules.leads.ALL"],
 "redirectUri":"https://console.example/callback",
 "authorizationUrl":"https://accounts.zoho.eu/oauth/v2/auth",
 "tokenUrl":"https://accounts.zoho.eu/oauth/v2/token",
 "refreshTokenUrl":"https://accounts.zoho.eu/oauth/v2/token",
 "accessType":"offline","prompt":"consent","pkce":false})";

TEST(Profile, ParsesTheDesignExample) {
  auto p = parse_profile(kDesignExample);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p.value().name, "Zoho CRM leads");
  EXPECT_EQ(p.value().data_centre, "eu");
  EXPECT_EQ(p.value().client_id, "1000.ABC");
  EXPECT_EQ(p.value().client_secret, "xyz");
  EXPECT_EQ(p.value().scopes, std::vector<std::string>{"ZohoCRM.modules.leads.ALL"});
  EXPECT_EQ(p.value().token_url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_FALSE(p.value().pkce);
}

TEST(Profile, RoundTripKeepsUnknownKeys) {
  nlohmann::json j = nlohmann::json::parse(kDesignExample);
  j["x-team"] = {{"owner", "ops"}};
  auto p = profile_from_json(j);
  ASSERT_TRUE(p.ok());
  nlohmann::json back = profile_to_json(p.value());
  j["clientAuthentication"] = "body";  // keys with a default are written out
  j["enabled"] = false;
  EXPECT_EQ(back, j);
  auto again = profile_from_json(back);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(profile_to_json(again.value()), back);
}

TEST(Profile, SerializeWithoutSecretLeavesItOut) {
  auto p = parse_profile(kDesignExample);
  ASSERT_OK(p);
  EXPECT_FALSE(profile_to_json(p.value(), false).contains("clientSecret"));
}

TEST(Profile, MissingRequiredKeyIsNamed) {
  for (const char* key : {"version", "name", "clientId", "scopes", "redirectUri", "dataCenter"}) {
    nlohmann::json j = nlohmann::json::parse(kDesignExample);
    j.erase(key);
    auto p = profile_from_json(j);
    ASSERT_FALSE(p.ok()) << key;
    EXPECT_EQ(p.error().code, std::string("profile.") + key);
    EXPECT_NE(p.error().message.find(key), std::string::npos) << p.error().message;
  }
}

TEST(Profile, WrongTypeIsNamed) {
  nlohmann::json j = nlohmann::json::parse(kDesignExample);
  j["clientId"] = 42;
  auto p = profile_from_json(j);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "profile.clientId");
  EXPECT_NE(p.error().message.find("string"), std::string::npos);
  j = nlohmann::json::parse(kDesignExample);
  j["scopes"] = "ZohoCRM.modules.leads.ALL";
  EXPECT_EQ(error_code(profile_from_json(j)), "profile.scopes");
  j = nlohmann::json::parse(kDesignExample);
  j["pkce"] = "yes";
  EXPECT_EQ(error_code(profile_from_json(j)), "profile.pkce");
}

TEST(Profile, EnumsChecked) {
  nlohmann::json j = nlohmann::json::parse(kDesignExample);
  j["dataCenter"] = "de";
  auto p = profile_from_json(j);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "profile.dataCenter");
  EXPECT_NE(p.error().message.find("eu"), std::string::npos);
  j = nlohmann::json::parse(kDesignExample);
  j["version"] = 2;
  EXPECT_EQ(error_code(profile_from_json(j)), "profile.version");
}

TEST(Profile, CustomProviderNeedsUrlsNotDataCentre) {
  nlohmann::json j = nlohmann::json::parse(kDesignExample);
  j["provider"] = "custom";
  j.erase("dataCenter");
  EXPECT_TRUE(profile_from_json(j).ok());
  j.erase("tokenUrl");
  EXPECT_EQ(error_code(profile_from_json(j)), "profile.tokenUrl");
}

// OpenID Connect's optional addresses of a custom provider: read, written back only when set, typed.
TEST(Profile, JwksAndUserinfoUrlsRoundTripAndAreTyped) {
  nlohmann::json j = nlohmann::json::parse(kDesignExample);
  j["provider"] = "custom";
  j["jwksUrl"] = "https://id.example/jwks";
  j["userinfoUrl"] = "https://id.example/me";
  const Profile p = value_of(profile_from_json(j));
  EXPECT_EQ(p.jwks_url, "https://id.example/jwks");
  EXPECT_EQ(p.userinfo_url, "https://id.example/me");
  EXPECT_TRUE(p.extra.empty()) << "known keys, not kept as unknown ones";
  const nlohmann::json back = profile_to_json(p);
  EXPECT_EQ(back["jwksUrl"], "https://id.example/jwks");
  EXPECT_EQ(back["userinfoUrl"], "https://id.example/me");
  EXPECT_FALSE(profile_to_json(value_of(parse_profile(kDesignExample))).contains("jwksUrl")) << "written only when set";
  j["userinfoUrl"] = 7;
  EXPECT_EQ(error_code(profile_from_json(j)), "profile.userinfoUrl");
}

TEST(Profile, NotJsonOrNotObject) {
  EXPECT_EQ(error_code(parse_profile("{")), "profile");
  EXPECT_EQ(error_code(parse_profile("[1]")), "profile");
}

TEST(Profile, ScopeSplitAndJoin) {
  EXPECT_EQ(split_scopes(" a, b c,,\td "), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(join_scopes({"a", "b"}), "a,b");
}

TEST(Profile, IdMustBeAPlainWord) {
  nlohmann::json j = nlohmann::json::parse(kDesignExample);
  j["id"] = "a/b";
  EXPECT_EQ(error_code(profile_from_json(j)), "profile.id");
  j["id"] = "p-Abc_1.2";
  EXPECT_TRUE(profile_from_json(j).ok());
}

TEST(Profile, DeeplyNestedUnknownKeyIsRefusedNotACrash) {
  std::string text = kDesignExample;
  text.insert(1, "\"x\":" + std::string(100000, '[') + std::string(100000, ']') + ",");
  EXPECT_EQ(error_code(parse_profile(text)), "profile");
}
}  // namespace zc
