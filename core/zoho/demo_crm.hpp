// The demo's CRM API: `{api}/crm/v{N}/Leads`, read and insert, with Zoho's error bodies and statuses
// (docs/ZOHO.md "CRM API"). Its own file because it is the resource server, a different party from the
// accounts server: it only reads the access tokens the accounts server issued (demo_state.hpp).
#pragma once
#include <cstdint>

#include "zoho/demo_http.hpp"
#include "zoho/demo_server.hpp"
#include "zoho/demo_state.hpp"

namespace zc::demo {

/// HTTP 404 {"code":"INVALID_URL_PATTERN","details":{},"message":"Please check if the URL trying to access is
/// a correct one","status":"error"}: what Zoho's API hosts answer for an address they do not serve (docs/ZOHO.md
/// "CRM API"). Also the demo's answer to any address it does not serve.
HttpResponse invalid_url_pattern();

/// A request under `{api}/crm/` (route.path starts with `api/crm/`). Needs `Authorization: Zoho-oauthtoken
/// <access token>` of this data centre, unexpired at `now` (Unix seconds), else 401 INVALID_TOKEN (also
/// what Zoho's API host of another data centre answers). Only the Leads module exists (seeded with four
/// records per region on first use); others get 400 INVALID_MODULE, a malformed path 404 INVALID_URL_PATTERN.
/// - GET: scope READ on leads (else 401 OAUTH_SCOPE_MISMATCH); `fields` required from v8 (else 400
///   REQUIRED_PARAM_MISSING); `per_page` 1-200 (default 200) and `page` from 1 (else 400 INVALID_DATA); 200
///   {"data":[...],"info":{per_page,count,page,more_records}}, or a bare 204 when there is nothing.
/// - POST {"data":[{...}]}: scope CREATE (else 401 OAUTH_SCOPE_MISMATCH); each record needs Last_Name
///   (else a MANDATORY_NOT_FOUND entry); 201, 207 or 400 as all, some or none were added (Zoho CRM v8
///   "Status codes"), a body that is no {"data":[...]} 400 INVALID_DATA.
/// - any other method: 400 INVALID_REQUEST_METHOD.
HttpResponse crm(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now);

}  // namespace zc::demo
