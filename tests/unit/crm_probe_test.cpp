#include "console/crm_probe.hpp"

#include <gtest/gtest.h>

#include "result_checks.hpp"

namespace zc {
using testing::error_code;
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TokenSet eu_tokens(std::int64_t expires_at) {
  TokenSet t;
  t.access_token = "1000.access";
  t.api_domain = "https://www.zohoapis.eu";
  t.scope = "ZohoCRM.modules.leads.READ";
  t.expires_at = expires_at;
  t.accounts_server = "https://accounts.zoho.eu";
  return t;
}

TEST(CrmProbe, NoCallWithoutAnAccessToken) {
  CrmProbe crm;
  Outbox out;
  EXPECT_EQ(error_code(crm.call(Purpose::kCrmGet, "p", "", nullptr, kNow, out)), "crm.no_token");
  TokenSet empty = eu_tokens(0);
  empty.access_token.clear();
  EXPECT_EQ(error_code(crm.call(Purpose::kCrmCreate, "p", "", &empty, kNow, out)), "crm.no_token");
  EXPECT_EQ(out.phase(), FlowPhase::kError);
  TokenSet no_domain = eu_tokens(0);
  no_domain.api_domain.clear();
  EXPECT_EQ(error_code(crm.call(Purpose::kCrmGet, "p", "", &no_domain, kNow, out)), "crm.api_domain");
}

TEST(CrmProbe, TestConnectionGetsLeadsOnTheTokensApiDomain) {
  CrmProbe crm;
  Outbox out;
  const TokenSet live = eu_tokens(kNow + 61);
  Result<Call> call = crm.call(Purpose::kCrmGet, "p", "alice", &live, kNow, out);
  ASSERT_OK(call);
  EXPECT_EQ(call.value().request.method, "GET");
  EXPECT_EQ(call.value().request.url,
            "https://www.zohoapis.eu/crm/v8/Leads?fields=Last_Name%2CFirst_Name%2CCompany%2CEmail%2CLead_Status&per_page=10&page=1");
  EXPECT_EQ(call.value().flight.purpose, Purpose::kCrmGet);
  EXPECT_EQ(call.value().flight.end_user, "alice");
  EXPECT_EQ(call.value().flight.url, call.value().request.url);
  EXPECT_EQ(out.status(), "Testing the connection: GET Leads on https://www.zohoapis.eu...");
  EXPECT_TRUE(out.log().empty()) << "61 s left: not expired";
  const TokenSet expiring = eu_tokens(kNow + 60);
  ASSERT_OK(crm.call(Purpose::kCrmGet, "p", "alice", &expiring, kNow, out));
  ASSERT_EQ(out.log().size(), 1u);
  EXPECT_EQ(out.log()[0].text, "The access token has expired (or expires within 60 s): expect INVALID_TOKEN; refresh first.");

  EXPECT_FALSE(crm.on_answer(call.value().flight, {401, {}, R"({"code":"OAUTH_SCOPE_MISMATCH","message":"m","status":"error"})"},
                             &live, kNow, out));
  EXPECT_EQ(error_code(out.error()), "OAUTH_SCOPE_MISMATCH");
  ASSERT_TRUE(out.error().has_value());
  EXPECT_NE(out.error()->message.find("ZohoCRM.modules.leads.READ"), std::string::npos) << "names the scope granted";
  EXPECT_EQ(crm.source(), "");
  ASSERT_TRUE(crm.on_answer(call.value().flight, {200, {}, R"({"data":[{"id":"1","Last_Name":"A"},{"id":"2"}],"info":{}})"},
                            &live, kNow, out));
  EXPECT_EQ(crm.records().size(), 2u);
  EXPECT_EQ(crm.source(), "https://www.zohoapis.eu/crm/v8/Leads");
  EXPECT_EQ(out.status(), "Connection works: 2 lead(s) from https://www.zohoapis.eu/crm/v8/Leads.");
}

TEST(CrmProbe, CreateTestLeadReportsTheNewIdOrTheRecordsError) {
  CrmProbe crm;
  Outbox out;
  const TokenSet expired = eu_tokens(kNow);
  Result<Call> call = crm.call(Purpose::kCrmCreate, "p", "", &expired, kNow, out);
  ASSERT_OK(call);
  EXPECT_TRUE(out.log().empty()) << "only Test connection warns of an expired token";
  EXPECT_EQ(call.value().request.method, "POST");
  EXPECT_EQ(call.value().request.url, "https://www.zohoapis.eu/crm/v8/Leads");
  EXPECT_EQ(call.value().request.body,
            R"({"data":[{"Company":"Zoho CRM authorization console","Last_Name":"Console test lead","Lead_Source":"Web Download"}]})");
  EXPECT_EQ(out.status(), "Creating a test lead on https://www.zohoapis.eu...");
  const InFlight& flight = call.value().flight;
  EXPECT_FALSE(crm.on_answer(flight, {400, {}, R"({"data":[{"code":"MANDATORY_NOT_FOUND","details":{},"message":"required field not found","status":"error"}]})"},
                             nullptr, kNow, out));
  EXPECT_EQ(error_code(out.error()), "MANDATORY_NOT_FOUND");
  EXPECT_FALSE(crm.on_answer(flight, {201, {}, R"({"data":[]})"}, nullptr, kNow, out));
  EXPECT_EQ(error_code(out.error()), "INVALID_DATA") << "no result at all";
  EXPECT_EQ(crm.created_id(), "");
  ASSERT_TRUE(crm.on_answer(flight, {201, {}, R"({"data":[{"code":"SUCCESS","details":{"id":"5725767000000450001"},"message":"record added","status":"success"}]})"},
                            nullptr, kNow, out));
  EXPECT_EQ(crm.created_id(), "5725767000000450001");
  EXPECT_EQ(out.status(), "Created a test lead: record id 5725767000000450001.");
  EXPECT_TRUE(crm.records().empty()) << "Test connection's records are another call's";
}

}  // namespace
}  // namespace zc
