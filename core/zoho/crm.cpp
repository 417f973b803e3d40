#include "zoho/crm.hpp"

#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"

namespace zc {
namespace {

using nlohmann::json;

const char* kSource = "Zoho CRM API: Status codes";

bool valid_module(const std::string& m) {
  return !m.empty() && m.size() <= 100 &&
         m.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

Result<std::string> module_url(const TokenSet& t, const std::string& module, int version) {
  if (t.api_domain.empty()) {
    return Error{"crm.api_domain", "The token set has no API domain; authorize again (Zoho sends api_domain with the token).",
                 "Zoho CRM API: Get Records"};
  }
  if (version < 2 || version > 8) return Error{"crm.query", "CRM API versions are 2 to 8.", kSource};
  if (!valid_module(module)) return Error{"crm.query", "Module names are letters, digits and '_' (e.g. Leads).", kSource};
  // A trailing '/' (an api_domain typed or answered so) would make //crm/..., which Zoho does not route.
  std::string domain = t.api_domain;
  while (!domain.empty() && domain.back() == '/') domain.pop_back();
  return domain + "/crm/v" + std::to_string(version) + "/" + module;
}

Headers auth_headers(const TokenSet& t) {
  // Zoho's own scheme name, not "Bearer" (Zoho CRM API: Authentication).
  return {{"Authorization", "Zoho-oauthtoken " + t.access_token}, {"Accept", "application/json"}};
}

// Reads a CRM error body {"code","message","details","status":"error"}, or one nested in data[0].
std::optional<Error> crm_error_in(const json& j, const std::string& scope) {
  const json* e = nullptr;
  if (j.is_object() && j.contains("code") && j["code"].is_string() && string_at(j, "status") == "error") {
    e = &j;
  } else if (j.is_object() && j.contains("data") && j["data"].is_array() && j["data"].size() == 1 &&
             j["data"][0].is_object() && string_at(j["data"][0], "status") == "error" &&
             j["data"][0].contains("code") && j["data"][0]["code"].is_string() && !j.contains("info")) {
    e = &j["data"][0];
  }
  if (e == nullptr) return std::nullopt;
  const std::string message = string_at(*e, "message");
  return explain_crm_error((*e)["code"].get<std::string>(), message,
                           (*e).contains("details") ? (*e)["details"] : json::object(), scope);
}

std::optional<Error> transport_error(int status) {
  if (status == 0) {
    return Error{"network.status_0",
                 "The browser could not read the CRM API's answer (status 0): CORS, offline, or the wrong host. Zoho's "
                 "CRM API allows browsers only for a registered client-based app's JavaScript domain.",
                 "README: CORS, honestly"};
  }
  return std::nullopt;
}

}  // namespace

Result<HttpRequest> build_get_records(const TokenSet& t, const RecordsQuery& q) {
  auto url = module_url(t, q.module, q.version);
  if (!url.ok()) return url.error();
  if (q.version >= 8 && q.fields.empty()) {
    return Error{"crm.query", "CRM API v8 requires fields (at most 50), e.g. Last_Name,Email.", kSource};
  }
  if (q.fields.size() > 50) return Error{"crm.query", "At most 50 fields per request.", kSource};
  if (q.per_page < 1 || q.per_page > 200) return Error{"crm.query", "per_page is 1 to 200.", kSource};
  if (q.page_token.empty() && (q.page < 1 || q.page > 10)) {
    return Error{"crm.query", "page is 1 to 10; beyond the 2,000th record use page_token.", kSource};
  }
  std::string fields;
  for (const std::string& f : q.fields) fields += (fields.empty() ? "" : ",") + f;
  Params params;
  if (!fields.empty()) params.emplace_back("fields", fields);
  params.emplace_back("per_page", std::to_string(q.per_page));
  if (q.page_token.empty()) params.emplace_back("page", std::to_string(q.page));
  else params.emplace_back("page_token", q.page_token);
  return HttpRequest{"GET", url.value() + "?" + query_serialize(params), auth_headers(t), ""};
}

Result<HttpRequest> build_create_records(const TokenSet& t, const std::string& module, const json& records, int version) {
  auto url = module_url(t, module, version);
  if (!url.ok()) return url.error();
  if (!records.is_array() || records.empty() || records.size() > 100) {
    return Error{"crm.query", "Insert 1 to 100 records at a time.", kSource};
  }
  for (const json& r : records) {
    if (!r.is_object()) return Error{"crm.query", "Each record is a JSON object of field names and values.", kSource};
  }
  HttpRequest r{"POST", url.value(), auth_headers(t), to_json_text({{"data", records}})};
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Result<RecordsPage> parse_records_response(int status, const std::string& body) {
  if (auto e = transport_error(status)) return *e;
  if (status == 204) return RecordsPage{};  // Zoho: no records at all
  const json j = parse_json(body);
  if (auto e = crm_error_in(j, "")) return *e;
  if (auto e = temporary_failure(status, "The CRM API")) return *e;  // a gateway's HTML page, an empty 503
  if (status < 200 || status > 299) {
    return Error{"http." + std::to_string(status), "The CRM API answered HTTP " + std::to_string(status) + ".", kSource};
  }
  if (j.is_discarded() || !j.is_object() || !j.contains("data") || !j["data"].is_array()) {
    return Error{"crm.not_json", "The CRM API's answer is not {\"data\":[...]}; check the API domain.", kSource};
  }
  RecordsPage page;
  for (const json& r : j["data"]) {
    if (r.is_object()) page.records.push_back(r);
  }
  if (j.contains("info") && j["info"].is_object()) {
    const json& info = j["info"];
    if (info.contains("more_records") && info["more_records"].is_boolean()) page.more_records = info["more_records"];
    if (info.contains("next_page_token") && info["next_page_token"].is_string()) page.next_page_token = info["next_page_token"];
    if (info.contains("page") && info["page"].is_number_integer()) page.page = info["page"].get<int>();
    if (info.contains("per_page") && info["per_page"].is_number_integer()) page.per_page = info["per_page"].get<int>();
  }
  return page;
}

Result<std::vector<CreatedRecord>> parse_create_response(int status, const std::string& body) {
  if (auto e = transport_error(status)) return *e;
  const json j = parse_json(body);
  if (j.is_object() && j.contains("code") && j["code"].is_string() && string_at(j, "status") == "error") {
    return *crm_error_in(j, "");
  }
  if (auto e = temporary_failure(status, "The CRM API")) return *e;
  // Zoho CRM v8: 201 all added, 207 some, 400 none; 207 and 400 list each record's own result in data[].
  const bool per_record = (status >= 200 && status <= 299) || status == 400;
  if (!per_record || j.is_discarded() || !j.is_object() || !j.contains("data") || !j["data"].is_array()) {
    return Error{status >= 200 && status <= 299 ? "crm.not_json" : "http." + std::to_string(status),
                 "The CRM API's answer to the insert is not {\"data\":[...]} (HTTP " + std::to_string(status) + ").", kSource};
  }
  std::vector<CreatedRecord> out;
  for (const json& r : j["data"]) {
    CreatedRecord c;
    if (!r.is_object()) continue;
    if (r.contains("code") && r["code"].is_string()) c.code = r["code"];
    if (r.contains("message") && r["message"].is_string()) c.message = r["message"];
    c.ok = c.code == "SUCCESS";
    if (r.contains("details") && r["details"].is_object() && r["details"].contains("id") && r["details"]["id"].is_string()) {
      c.id = r["details"]["id"];
    }
    out.push_back(c);
  }
  return out;
}

Error explain_crm_error(const std::string& raw_code, const std::string& message, const json& details,
                        const std::string& scope) {
  const std::string code = error_code_from_server(raw_code);
  Error e{code, "", kSource};
  if (code == "INVALID_TOKEN") {
    e.message = "The CRM API refused the access token (INVALID_TOKEN): it expired (1 hour), was revoked, or was sent "
                "to the wrong data centre's API domain. Use the token's own api_domain; refresh the token, or "
                "authorize again.";
  } else if (code == "OAUTH_SCOPE_MISMATCH") {
    e.message = "The token's scope does not cover this call (OAUTH_SCOPE_MISMATCH)" +
                (scope.empty() ? std::string() : " (granted: " + printable(scope, 200) + ")") +
                ". Add the scope it needs, e.g. ZohoCRM.modules.leads.READ to list leads or ZohoCRM.modules.leads.CREATE "
                "to create them (ZohoCRM.modules.leads.ALL covers both), then authorize again.";
  } else if (code == "NO_PERMISSION") {
    e.message = "The Zoho user has no permission for this (NO_PERMISSION); grant the user's profile access to the "
                "module in Zoho CRM's settings, or authorize as another user.";
  } else if (code == "INVALID_URL_PATTERN") {
    e.message = "The CRM API does not know this URL (INVALID_URL_PATTERN); check the API version (v2-v8) and path.";
  } else if (code == "INVALID_MODULE") {
    e.message = "No such module (INVALID_MODULE); module API names are case-sensitive, e.g. Leads, Contacts, Deals.";
  } else if (code == "REQUIRED_PARAM_MISSING") {
    const std::string param = details.is_object() && details.contains("param") && details["param"].is_string()
                                  ? details["param"].get<std::string>() : "a parameter";
    e.message = "The CRM API needs " + printable(param, 60) + " (REQUIRED_PARAM_MISSING); v8 requires fields=... "
                "(at most 50) on GET.";
  } else if (code == "TOO_MANY_REQUESTS") {
    e.message = "Too many CRM API calls (TOO_MANY_REQUESTS): the edition's API credits or concurrency limit is used "
                "up. Wait, then retry with fewer calls.";
  } else if (code == "INTERNAL_ERROR") {
    e.message = "Zoho CRM had an internal error (INTERNAL_ERROR); retry later, and contact Zoho support if it lasts.";
  } else if (code == "MANDATORY_NOT_FOUND") {
    e.message = "A required field is missing (MANDATORY_NOT_FOUND); Leads need Last_Name.";
  } else {
    e.message = "The CRM API answered " + code + (message.empty() ? "." : ": " + printable(message, 200) + ".");
  }
  return e;
}

}  // namespace zc
