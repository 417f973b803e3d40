#include "zoho/crm.hpp"

#include <gtest/gtest.h>
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

TokenSet eu_token() {
  TokenSet t;
  t.access_token = "1000.access";
  t.api_domain = "https://www.zohoapis.eu";
  t.scope = "ZohoCRM.modules.leads.READ";
  return t;
}

TEST(Crm, GetLeadsOnTheTokensApiDomainWithZohoOauthtoken) {
  auto r = build_get_records(eu_token(), RecordsQuery{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().method, "GET");
  EXPECT_EQ(r.value().url,
            "https://www.zohoapis.eu/crm/v8/Leads?fields=Last_Name%2CFirst_Name%2CCompany%2CEmail%2CLead_Status&per_page=10&page=1");
  EXPECT_EQ(header_value(r.value().headers, "Authorization"), "Zoho-oauthtoken 1000.access");
}

TEST(Crm, QueryLimits) {
  RecordsQuery q;
  q.fields.clear();
  EXPECT_EQ(error_code(build_get_records(eu_token(), q)), "crm.query");  // v8 needs fields
  q.version = 7;
  EXPECT_TRUE(build_get_records(eu_token(), q).ok());
  q = RecordsQuery{};
  q.fields.assign(51, "F");
  EXPECT_FALSE(build_get_records(eu_token(), q).ok());
  q = RecordsQuery{};
  q.per_page = 201;
  EXPECT_FALSE(build_get_records(eu_token(), q).ok());
  q = RecordsQuery{};
  q.page = 11;
  EXPECT_FALSE(build_get_records(eu_token(), q).ok());
  q.page_token = "tok";
  auto r = build_get_records(eu_token(), q);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r.value().url.find("page_token=tok"), std::string::npos);
  EXPECT_EQ(r.value().url.find("&page="), std::string::npos);
  TokenSet none = eu_token();
  none.api_domain.clear();
  EXPECT_EQ(error_code(build_get_records(none, RecordsQuery{})), "crm.api_domain");
  q = RecordsQuery{};
  q.module = "Leads/../x";
  EXPECT_FALSE(build_get_records(eu_token(), q).ok());
}

TEST(Crm, RecordsAndPaging) {
  auto page = parse_records_response(200, R"({"data":[{"id":"1","Last_Name":"A"},5],"info":{"per_page":10,"page":1,"more_records":true,"next_page_token":"t2"}})");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page.value().records.size(), 1u);
  EXPECT_TRUE(page.value().more_records);
  EXPECT_EQ(page.value().next_page_token, "t2");
}

TEST(Crm, Http204MeansNoRecords) {
  auto page = parse_records_response(204, "");
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page.value().records.empty());
}

TEST(Crm, EveryErrorCodeOfZohoMdExplainedWithItsFix) {
  struct Case {
    int status;
    const char* code;
    const char* fix;
  };
  const Case cases[] = {{401, "INVALID_TOKEN", "api_domain"},          {401, "OAUTH_SCOPE_MISMATCH", "ZohoCRM.modules.leads.READ"},
                        {403, "NO_PERMISSION", "permission"},          {404, "INVALID_URL_PATTERN", "API version"},
                        {400, "INVALID_MODULE", "case-sensitive"},     {429, "TOO_MANY_REQUESTS", "Wait"},
                        {500, "INTERNAL_ERROR", "retry"},              {400, "REQUIRED_PARAM_MISSING", "fields"}};
  for (const Case& c : cases) {
    const std::string body = std::string(R"({"code":")") + c.code + R"(","details":{"param":"fields"},"message":"m","status":"error"})";
    auto r = parse_records_response(c.status, body);
    ASSERT_FALSE(r.ok()) << c.code;
    EXPECT_EQ(r.error().code, c.code);
    EXPECT_NE(r.error().message.find(c.fix), std::string::npos) << c.code << ": " << r.error().message;
  }
}

TEST(Crm, CreateReadsTheNewIdFromDetails) {
  auto request = build_create_records(eu_token(), "Leads", nlohmann::json::array({{{"Last_Name", "Demo"}}}));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request.value().body, R"({"data":[{"Last_Name":"Demo"}]})");
  EXPECT_EQ(header_value(request.value().headers, "Content-Type"), "application/json");
  auto created = parse_create_response(
      201, R"({"data":[{"code":"SUCCESS","details":{"id":"5725767000000450001"},"message":"record added","status":"success"},)"
           R"({"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name"},"message":"required field not found","status":"error"}]})");
  ASSERT_TRUE(created.ok());
  ASSERT_EQ(created.value().size(), 2u);
  EXPECT_TRUE(created.value()[0].ok);
  EXPECT_EQ(created.value()[0].id, "5725767000000450001");
  EXPECT_FALSE(created.value()[1].ok);
  EXPECT_EQ(created.value()[1].code, "MANDATORY_NOT_FOUND");
  EXPECT_FALSE(build_create_records(eu_token(), "Leads", nlohmann::json::array()).ok());
}

// Issue 10, case 2, for the CRM API: a gateway's page or an empty 503 is temporary, the status kept.
TEST(Crm, GatewayFailuresAreTemporary) {
  auto page = parse_records_response(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, "http.502");
  EXPECT_NE(page.error().message.find("The CRM API answered HTTP 502 (Bad Gateway)"), std::string::npos) << page.error().message;
  EXPECT_NE(page.error().message.find("temporary failure"), std::string::npos);
  auto create = parse_create_response(503, "");
  ASSERT_FALSE(create.ok());
  EXPECT_EQ(create.error().code, "http.503");
  auto limited = parse_records_response(429, "");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, "rate_limited");
  // Zoho's own INTERNAL_ERROR body with a 500 keeps its code: the body says more than the status.
  auto internal = parse_records_response(500, R"({"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"})");
  ASSERT_FALSE(internal.ok());
  EXPECT_EQ(internal.error().code, "INTERNAL_ERROR");
}

// Zoho CRM v8 answers an insert in which no record was added with 400 and each record's own result.
TEST(Crm, CreateAnsweredWith400ListsEachRecordsError) {
  auto created = parse_create_response(
      400, R"({"data":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name","json_path":"$.data[0].Last_Name"},"message":"required field not found","status":"error"}]})");
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_EQ(created.value().size(), 1u);
  EXPECT_FALSE(created.value()[0].ok);
  EXPECT_EQ(created.value()[0].code, "MANDATORY_NOT_FOUND");
}

TEST(Crm, HostileBodiesNeverThrow) {
  for (const char* body : {R"({"code":5,"status":"error"})", R"({"code":"X","status":7})", R"({"data":"x"})",
                           R"({"data":[{"status":[],"code":{}}]})", "[", ""}) {
    EXPECT_NO_THROW(parse_records_response(200, body)) << body;
    EXPECT_NO_THROW(parse_create_response(201, body)) << body;
  }
  EXPECT_EQ(error_code(parse_records_response(0, "")), "network.status_0");
}

}  // namespace zc
