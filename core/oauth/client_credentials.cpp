#include "oauth/client_credentials.hpp"

#include <utility>

namespace zc {

std::string zoho_crm_soid(std::string_view organization_id) {
  return organization_id.empty() ? std::string() : "ZohoCRM." + std::string(organization_id);
}

HttpRequest build_client_credentials_request(const std::string& token_url, const ClientCredentials& client,
                                             const std::string& scope, const std::string& soid) {
  Params params = {{"grant_type", "client_credentials"}, {"scope", scope}};
  // Zoho answers missing_org_info without it for apps with several organizations, Zoho CRM among them.
  if (!soid.empty()) params.emplace_back("soid", soid);
  return client_form_post(token_url, std::move(params), client);
}

}  // namespace zc
