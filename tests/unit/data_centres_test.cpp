#include "zoho/data_centres.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace zc {

const char* kBase = "http://127.0.0.1:8000/console/";

TEST(DataCentres, NineRealOnesInGuideOrder) {
  const auto& t = zoho_data_centres();
  ASSERT_EQ(t.size(), 9u);
  const char* order[] = {"us", "eu", "in", "au", "jp", "cn", "ca", "sa", "uk"};
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(t[i].location, order[i]);
}

// The C++ table is generated at build time from core/zoho/data_centres.json (scripts/data_centres.py),
// the copy serve.py and the page's Content-Security-Policy read: row for row, field for field, the same.
TEST(DataCentres, GeneratedTableIsTheDataFile) {
  std::ifstream file(ZC_DATA_CENTRES_JSON);
  ASSERT_TRUE(file) << ZC_DATA_CENTRES_JSON;
  const nlohmann::json rows = nlohmann::json::parse(file).at("data_centres");
  const auto& t = zoho_data_centres();
  ASSERT_EQ(t.size(), rows.size());
  for (size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(t[i].location, rows[i].at("location").get<std::string>()) << i;
    EXPECT_EQ(t[i].name, rows[i].at("name").get<std::string>()) << i;
    EXPECT_EQ(t[i].accounts_server, rows[i].at("accounts_server").get<std::string>()) << i;
    EXPECT_EQ(t[i].api_domain, rows[i].at("api_domain").get<std::string>()) << i;
    EXPECT_EQ(t[i].confirmed, rows[i].at("confirmed").get<bool>()) << i;
    EXPECT_FALSE(t[i].demo) << i;
  }
}

TEST(DataCentres, CanadaIsZohoCloudNotZohoCa) {
  auto ca = find_data_centre("ca", "");
  ASSERT_TRUE(ca);
  EXPECT_EQ(ca->accounts_server, "https://accounts.zohocloud.ca");
  EXPECT_EQ(ca->api_domain, "https://www.zohoapis.ca");
  EXPECT_FALSE(find_by_accounts_server("https://accounts.zoho.ca", ""));
}

TEST(DataCentres, UsIsDotCom) {
  auto us = find_data_centre("us", "");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->accounts_server, "https://accounts.zoho.com");
  EXPECT_EQ(us->api_domain, "https://www.zohoapis.com");
}

TEST(DataCentres, UkApiDomainMarkedUnconfirmed) {
  EXPECT_FALSE(find_data_centre("uk", "")->confirmed);
  EXPECT_TRUE(find_data_centre("sa", "")->confirmed);
  EXPECT_EQ(find_data_centre("sa", "")->accounts_server, "https://accounts.zoho.sa");
}

TEST(DataCentres, AccountsServerOfTheTableOnly) {
  EXPECT_EQ(find_by_accounts_server("https://accounts.zoho.eu", "")->location, "eu");
  EXPECT_EQ(find_by_accounts_server("https://accounts.zoho.eu/", "")->location, "eu");
  EXPECT_FALSE(find_by_accounts_server("https://accounts.zoho.eu.attacker.example", ""));
  EXPECT_FALSE(find_by_accounts_server("http://accounts.zoho.eu", ""));
  EXPECT_EQ(find_by_accounts_server("https://ACCOUNTS.zoho.eu", "")->location, "eu") << "RFC 3986 s6.2.2.1: host case";
  EXPECT_FALSE(find_by_accounts_server("https://accounts.zoho.eu@evil.example", ""));
}

TEST(DataCentres, DemoRegionsLiveUnderTheBaseUrl) {
  auto demo = find_data_centre("demo", kBase);
  ASSERT_TRUE(demo);
  EXPECT_TRUE(demo->demo);
  EXPECT_EQ(demo->accounts_server, std::string(kBase) + "demo/accounts");
  EXPECT_EQ(demo->api_domain, std::string(kBase) + "demo/api");
  auto eu = find_by_accounts_server(std::string(kBase) + "demo/eu/accounts", kBase);
  ASSERT_TRUE(eu);
  EXPECT_EQ(eu->location, "eu");
  EXPECT_EQ(eu->api_domain, std::string(kBase) + "demo/eu/api");
  EXPECT_FALSE(find_by_accounts_server(std::string(kBase) + "demo/eu/accounts", ""));
}

TEST(DataCentres, EndpointPaths) {
  auto eu = *find_data_centre("eu", "");
  EXPECT_EQ(authorization_endpoint(eu), "https://accounts.zoho.eu/oauth/v2/auth");
  EXPECT_EQ(token_endpoint(eu), "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(revoke_endpoint(eu), "https://accounts.zoho.eu/oauth/v2/token/revoke");
}


// Issue 10, case 3: lookups compare scheme and host case-insensitively, the path exactly.
TEST(DataCentres, LookupsIgnoreTheCaseOfSchemeAndHost) {
  auto eu = find_by_accounts_server("https://Accounts.Zoho.EU", "");
  ASSERT_TRUE(eu);
  EXPECT_EQ(eu->location, "eu");
  EXPECT_EQ(eu->accounts_server, "https://accounts.zoho.eu") << "the table's spelling comes back";
  ASSERT_TRUE(find_by_accounts_server("HTTPS://ACCOUNTS.ZOHOCLOUD.CA/", ""));
  EXPECT_FALSE(find_by_accounts_server("https://accounts.zoho.eu.evil.example", ""));
  auto api = find_by_api_domain("https://WWW.ZohoAPIs.com", "");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->location, "us");
  EXPECT_FALSE(unknown_api_domain_message("https://Sandbox.ZohoAPIs.EU", ""));
  const std::string base = "http://127.0.0.1:8000/Console/";
  ASSERT_TRUE(find_by_accounts_server("HTTP://127.0.0.1:8000/Console/demo/eu/accounts", base));
  EXPECT_FALSE(find_by_accounts_server("http://127.0.0.1:8000/console/demo/eu/accounts", base)) << "paths are exact";
}

}  // namespace zc
