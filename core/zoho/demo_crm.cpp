// The demo's CRM API (see demo_crm.hpp).
#include "zoho/demo_crm.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "oauth/json_text.hpp"

namespace zc::demo {
namespace {

using nlohmann::json;

// [SECTION] Zoho's CRM answers

// The shape of every CRM answer about one thing (an error, or one inserted record's result):
// {"code","details","message","status"} (docs/ZOHO.md "CRM API").
json crm_entry(const std::string& code, json details, const std::string& message, const char* status) {
  return json_object({{"code", code}, {"details", std::move(details)}, {"message", message}, {"status", status}});
}

HttpResponse crm_error(int status, const std::string& code, const std::string& message, json details = json::object()) {
  return json_answer(status, crm_entry(code, std::move(details), message, "error"));
}

HttpResponse scope_mismatch() { return crm_error(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL"); }

// [SECTION] Requests

bool scope_grants(const std::string& granted, const std::string& module, const std::string& operation) {
  // Granted scopes are comma-separated; any of ZohoCRM.modules.ALL, ZohoCRM.modules.<m>.ALL,
  // ZohoCRM.modules.<m>.<OP> grants the call (scope names are case-insensitive at Zoho).
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  const std::string m = lower(module);
  for (const std::string& raw : split_list(granted)) {
    const std::string s = lower(raw);
    if (s == "zohocrm.modules.all" || s == "zohocrm.modules." + m + ".all" ||
        s == "zohocrm.modules." + m + "." + lower(operation)) {
      return true;
    }
  }
  return false;
}

// `crm/v{version}/{module}`: the version and what follows it; false when the path has no version of one
// or two digits (Zoho's CRM API has versions 2 to 8; a longer run could overflow an int).
bool parse_crm_path(const std::string& path, int& version, std::string& module) {
  const size_t vpos = std::string("api/crm/").size();
  if (path.size() < vpos + 3 || path[vpos] != 'v') return false;
  const size_t slash = path.find('/', vpos);
  if (slash == std::string::npos) return false;
  const std::string digits = path.substr(vpos + 1, slash - vpos - 1);
  if (digits.empty() || digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  version = std::atoi(digits.c_str());
  module = path.substr(slash + 1);
  return true;
}

// The access token of `Authorization: Zoho-oauthtoken <token>` when it is known at `region` and unexpired at
// `now`; nullptr otherwise.
DemoAccessToken* bearer(DemoState& state, const DemoRequest& request, const std::string& region, std::int64_t now) {
  const std::string auth = header_value(request.headers, "Authorization");
  const std::string prefix = "Zoho-oauthtoken ";
  if (auth.rfind(prefix, 0) != 0 || auth.size() == prefix.size()) return nullptr;
  const auto found = state.access_tokens.find(auth.substr(prefix.size()));
  if (found == state.access_tokens.end()) return nullptr;
  DemoAccessToken& t = found->second;
  return t.region == region && t.expires_at > now ? &t : nullptr;
}

std::vector<DemoRecord> seed_leads() {
  const char* rows[][5] = {
      {"Ava", "Thompson", "Northwind Traders", "ava.thompson@example.com", "Web Download"},
      {"Rahul", "Mehta", "Blue Lotus Exports", "rahul.mehta@example.in", "Trade Show"},
      {"Lena", "Fischer", "Alpen Solar GmbH", "lena.fischer@example.de", "Partner"},
      {"Kenji", "Sato", "Sakura Robotics", "kenji.sato@example.jp", "Cold Call"},
  };
  std::vector<DemoRecord> leads;
  int i = 0;
  for (const auto& r : rows) {
    leads.push_back({"5725767000000" + std::to_string(41000 + i),  // numeric strings, as Zoho's ids
                     json_object({{"First_Name", r[0]}, {"Last_Name", r[1]}, {"Company", r[2]}, {"Email", r[3]},
                                  {"Lead_Source", r[4]}, {"Lead_Status", i % 2 ? "Contacted" : "Not Contacted"}})});
    ++i;
  }
  return leads;
}

// A paging parameter: 1 to 6 digits, or `fallback` when absent or not a number.
int number_param(const Params& query, const char* name, int fallback) {
  const std::string v = param(query, name);
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return fallback;
  return std::atoi(v.c_str());
}

HttpResponse list_records(const std::vector<DemoRecord>& leads, const Params& query, int version) {
  const std::string fields = param(query, "fields");
  if (fields.empty() && version >= 8) {
    return crm_error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", json_object({{"param", "fields"}}));
  }
  if (leads.empty()) return {204, {}, ""};
  // Paging as Zoho pages: per_page 1-200 (200 when absent), page from 1; `info` echoes them.
  const int per_page = number_param(query, "per_page", 200);
  const int page = number_param(query, "page", 1);
  if (per_page < 1 || per_page > 200 || page < 1) {
    return crm_error(400, "INVALID_DATA", "invalid data", json_object({{"param", per_page < 1 || per_page > 200 ? "per_page" : "page"}}));
  }
  const size_t first = static_cast<size_t>(page - 1) * static_cast<size_t>(per_page);
  if (first >= leads.size()) return {204, {}, ""};
  const size_t end = std::min(leads.size(), first + static_cast<size_t>(per_page));
  json data = json::array();
  const std::vector<std::string> wanted = split_list(fields);
  for (size_t i = first; i < end; ++i) {
    const DemoRecord& lead = leads[i];
    if (wanted.empty()) {
      data.push_back(demo_record_json(lead));
      continue;
    }
    json row = json_object({{"id", lead.id}});
    for (const std::string& f : wanted) {
      if (lead.fields.contains(f)) row[f] = lead.fields[f];
    }
    data.push_back(row);
  }
  return json_answer(200, json_object({{"data", data},
                                       {"info", json_object({{"per_page", per_page}, {"count", data.size()}, {"page", page},
                                                             {"more_records", end < leads.size()}})}}));
}

HttpResponse insert_records(DemoState& state, std::vector<DemoRecord>& leads, const std::string& request_body,
                            int version) {
  const json body = parse_json(request_body);
  if (body.is_discarded() || !body.is_object() || !body.contains("data") || !body["data"].is_array()) {
    return crm_error(400, "INVALID_DATA", "body must be {\"data\":[{...}]}");
  }
  json results = json::array();
  size_t added = 0;
  for (const json& rec : body["data"]) {
    if (!rec.is_object() || !rec.contains("Last_Name")) {
      // v8 names the failing field's place in the request too (Zoho's CRM v8 OpenAPI specification,
      // github.com/zoho/crm-oas, example v8.0/appointments/operations/createAppointmentsS/examples/
      // response-400-mandatorynotfoundresponse1: details {api_name, json_path "$.data[i].<field>"}).
      // Before v8 the demo keeps details {api_name} alone (not checked against Zoho's v2-v7 pages).
      json details = json_object({{"api_name", "Last_Name"}});
      if (version >= 8) details["json_path"] = "$.data[" + std::to_string(results.size()) + "].Last_Name";
      results.push_back(crm_entry("MANDATORY_NOT_FOUND", std::move(details), "required field not found", "error"));
      continue;
    }
    ++added;
    DemoRecord lead{"5725767000000" + std::to_string(state.next_lead_id++), rec};
    lead.fields.erase("id");  // the client's own `id`, if any, is replaced
    results.push_back(crm_entry("SUCCESS", json_object({{"id", lead.id}}), "record added", "success"));
    leads.push_back(std::move(lead));
  }
  // Zoho CRM v8 "Status codes" (crm/developer/docs/api/v8/status-codes.html): 201 "record added" when
  // every record was inserted, 207 Multi-Status when some were ("the record added (for successful
  // insertions) and the error message for unsuccessful insertions"); when none was, 400 with the same
  // {"data":[...]} of errors (crm-oas, the MANDATORY_NOT_FOUND example above is a response-400).
  const int status = added == results.size() ? 201 : added == 0 ? 400 : 207;
  return json_answer(status, json_object({{"data", results}}));
}

}  // namespace

HttpResponse invalid_url_pattern() {
  return crm_error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
}

HttpResponse crm(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now) {
  int version = 0;
  std::string module;
  if (!parse_crm_path(route.path, version, module)) return invalid_url_pattern();
  std::string region = route.region.location;
  // Failure scenario "token of another data centre" (zoho/demo_scenarios.hpp): the call reaches another data
  // centre's API host, as a hard-coded www.zohoapis.com does for a European user.
  if (take_scenario(state, DemoScenario::kTokenOfOtherDataCentre)) region = region == "us" ? "eu" : "us";
  // An unknown, expired, or other-data-centre token: INVALID_TOKEN, as a wrong-DC API host answers.
  DemoAccessToken* token = bearer(state, request, region, now);
  if (!token) return crm_error(401, "INVALID_TOKEN", "invalid oauth token");
  // Failure scenario "scope missing for the call": this access token was granted without the Leads scopes
  // (they leave its record), so the scope checks below refuse it.
  if (take_scenario(state, DemoScenario::kScopeMissing)) {
    std::string kept;
    for (const std::string& s : split_list(token->scope)) {
      if (!scope_grants(s, "leads", "READ") && !scope_grants(s, "leads", "CREATE")) kept += (kept.empty() ? "" : ",") + s;
    }
    token->scope = kept;
  }
  if (module != "Leads") {
    if (module.find('/') != std::string::npos || module.empty()) return invalid_url_pattern();
    return crm_error(400, "INVALID_MODULE", "the module name given seems to be invalid", json_object({{"resource_path_index", 0}}));
  }
  // A region's records are seeded on its first CRM call (and kept, even when all are gone later).
  if (state.leads.find(region) == state.leads.end()) state.leads[region] = seed_leads();
  std::vector<DemoRecord>& leads = state.leads[region];
  if (request.method == "GET") {
    if (!scope_grants(token->scope, "leads", "READ")) return scope_mismatch();
    return list_records(leads, route.query, version);
  }
  if (request.method == "POST") {
    if (!scope_grants(token->scope, "leads", "CREATE")) return scope_mismatch();
    return insert_records(state, leads, request.body, version);
  }
  // HTTP 400, not 405: Zoho's "Kaizen #25 - Zoho CRM API - Common Errors and Error Handling"
  // (help.zoho.com community, by Zoho's CRM team) lists INVALID_REQUEST_METHOD under status 400, and
  // crm-oas v8.0/appointments/operations/getAppointmentsS/examples/response-400-invalidrequestmethodresponse1
  // has this exact body.
  return crm_error(400, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one");
}

}  // namespace zc::demo
