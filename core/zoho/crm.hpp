// Zoho CRM API requests and responses (CRM API v2-v8): listing and creating records on the token's API
// domain, and every error code of docs/ZOHO.md turned into a message with its fix. Sources: Zoho CRM API
// "Get Records", "Insert Records", "Status codes"; docs/ZOHO.md "CRM API".
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// GET Leads (or another module): fields (v8 requires them, at most 50), per_page (1-200), page (1-10; later
/// pages need page_token).
struct RecordsQuery {
  std::string module = "Leads";
  std::vector<std::string> fields = {"Last_Name", "First_Name", "Company", "Email", "Lead_Status"};
  int per_page = 10;
  int page = 1;
  std::string page_token;
  int version = 8;
};

/// GET {api_domain}/crm/v{version}/{module}?fields=...&per_page=...&page=... (or page_token) with
/// `Authorization: Zoho-oauthtoken <access token>`: always the token's own API domain, never a
/// hard-coded one. Errors: `crm.api_domain` (the token set has none), `crm.query` (fields empty or over
/// 50, per_page outside 1-200, page outside 1-10 without page_token, version outside 2-8).
Result<HttpRequest> build_get_records(const TokenSet& tokens, const RecordsQuery& query);

/// POST {api_domain}/crm/v{version}/{module} with body {"data":[...]} (1-100 records, each an object).
Result<HttpRequest> build_create_records(const TokenSet& tokens, const std::string& module,
                                         const nlohmann::json& records, int version = 8);

/// A page of records: `records` (objects), and paging info.
struct RecordsPage {
  nlohmann::json records = nlohmann::json::array();
  bool more_records = false;
  std::string next_page_token;
  int page = 0;
  int per_page = 0;
};

/// Reads a GET answer: 200 with {"data":[...],"info":{...}}; 204 means no records (an empty page).
/// Errors: the CRM's `code` (INVALID_TOKEN, OAUTH_SCOPE_MISMATCH, ...) explained, `crm.not_json`,
/// `network.status_0`, `rate_limited` (429) and `http.500|502|503|504` (temporary, temporary_failure())
/// when the body carries no CRM code, `http.<status>` otherwise.
Result<RecordsPage> parse_records_response(int status, const std::string& body);

/// One result of an insert: `ok`, the new record's id (details.id), or the CRM's code and message.
struct CreatedRecord {
  bool ok = false;
  std::string id;
  std::string code;
  std::string message;
};

/// Reads a POST answer: {"data":[{code, status, message, details:{id}}]} with 201 (all added), 207 (some)
/// or 400 (none: each record's own error code, e.g. MANDATORY_NOT_FOUND, is in its result). Errors as
/// parse_records_response.
Result<std::vector<CreatedRecord>> parse_create_response(int status, const std::string& body);

/// The CRM error `code` (with its `message` and `details`) as a message a person can act on: what it
/// means and the fix (which scope to add, which API domain to use, ...). `scope`: the token's scope.
Error explain_crm_error(const std::string& code, const std::string& message, const nlohmann::json& details,
                        const std::string& scope);

}  // namespace zc
