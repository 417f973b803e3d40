#include "console/crm_probe.hpp"

#include <utility>

#include "zoho/crm.hpp"

namespace zc {

namespace {
// A CRM call's error as shown: a scope mismatch is explained against the token set's granted `scope`.
Error crm_failure(const Error& e, const std::string& scope) {
  return e.code == "OAUTH_SCOPE_MISMATCH" ? explain_crm_error(e.code, "", nlohmann::json::object(), scope) : e;
}

// What Create test lead sends: one lead a person recognises as the console's.
nlohmann::json test_lead() {
  return nlohmann::json::array(
      {{{"Last_Name", "Console test lead"}, {"Company", "Zoho CRM authorization console"}, {"Lead_Source", "Web Download"}}});
}
}  // namespace

Result<Call> CrmProbe::call(Purpose purpose, const std::string& profile_id, const std::string& end_user,
                            const TokenSet* tokens, std::int64_t now, Outbox& out) const {
  if (tokens == nullptr || tokens->access_token.empty()) {
    return out.fail({"crm.no_token", "There is no access token for this: press Authorize first.", ""}, now);
  }
  const TokenSet& t = *tokens;
  const bool get = purpose == Purpose::kCrmGet;
  auto request = get ? build_get_records(t, RecordsQuery{}) : build_create_records(t, "Leads", test_lead());
  if (!request.ok()) {
    out.fail(request.error(), now);
    return request.error();
  }
  if (get && is_expired(t, now)) {
    out.add_log(now, "info", "The access token has expired (or expires within 60 s): expect INVALID_TOKEN; refresh first.");
  }
  out.set_status(get ? "Testing the connection: GET Leads on " + t.api_domain + "..."
                     : "Creating a test lead on " + t.api_domain + "...");
  InFlight flight = token_set_call(purpose, profile_id, end_user, t, request.value().url);
  return Call{std::move(request).value(), std::move(flight)};
}

bool CrmProbe::on_answer(const InFlight& flight, const HttpResponse& response, const TokenSet* tokens,
                         std::int64_t now, Outbox& out) {
  const std::string scope = tokens != nullptr ? tokens->scope : "";
  return flight.purpose == Purpose::kCrmGet ? on_records(flight, response, scope, now, out)
                                            : on_created(response, scope, now, out);
}

bool CrmProbe::on_records(const InFlight& flight, const HttpResponse& response, const std::string& scope,
                          std::int64_t now, Outbox& out) {
  auto page = parse_records_response(response.status, response.body);
  if (!page.ok()) {
    out.fail(crm_failure(page.error(), scope), now);
    return false;
  }
  records_ = page.value().records;
  source_ = flight.url.substr(0, flight.url.find('?'));
  out.note("Connection works: " + std::to_string(records_.size()) + " lead(s) from " + source_ + ".", now);
  return true;
}

bool CrmProbe::on_created(const HttpResponse& response, const std::string& scope, std::int64_t now, Outbox& out) {
  auto created = parse_create_response(response.status, response.body);
  if (!created.ok()) {
    out.fail(crm_failure(created.error(), scope), now);
    return false;
  }
  if (created.value().empty() || !created.value()[0].ok) {
    const CreatedRecord c = created.value().empty() ? CreatedRecord{} : created.value()[0];
    out.fail(explain_crm_error(c.code.empty() ? "INVALID_DATA" : c.code, c.message, nlohmann::json::object(), scope), now);
    return false;
  }
  created_id_ = created.value()[0].id;
  out.note("Created a test lead: record id " + created_id_ + ".", now);
  return true;
}

}  // namespace zc
