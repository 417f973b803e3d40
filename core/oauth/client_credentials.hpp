// The client credentials grant's token request: a client asking for an access token with its own id and
// secret, no user and no redirect. Sources: RFC 6749 s4.4.2 (grant_type=client_credentials, scope), Zoho
// OAuth "Self client - client credentials flow" (scope comma-separated, `soid` naming the organization),
// docs/ZOHO.md "Client credentials". As for every token request, a form body: no secret in a URL.
#pragma once
#include <string>
#include <string_view>

#include "oauth/http.hpp"
#include "oauth/token_request.hpp"

namespace zc {

/// Zoho's `soid` for a Zoho CRM organization: `ZohoCRM.<organization id>` (Zoho: {servicename}.{zsoid});
/// empty when the id is empty (then no soid is sent).
std::string zoho_crm_soid(std::string_view organization_id);

/// POST {token_url} with grant_type=client_credentials, `scope` (already joined: commas for Zoho, spaces
/// for RFC 6749 s3.3), `soid` when non-empty (Zoho only), and the client authenticated as `client` says
/// (client_form_post).
HttpRequest build_client_credentials_request(const std::string& token_url, const ClientCredentials& client,
                                             const std::string& scope, const std::string& soid);

}  // namespace zc
