#include "console/client_credentials_grant.hpp"

#include "console/profile_endpoints.hpp"
#include "oauth/client_credentials.hpp"

namespace zc {

bool asks_again_for_tokens(const Profile& profile) { return profile.client_type == ClientType::kClientCredentials; }

HttpRequest client_credentials_request_for(const Profile& profile, const std::string& token_url) {
  const bool zoho = profile.provider == Provider::kZoho;
  std::string scope;
  for (const std::string& s : profile.scopes) scope += (scope.empty() ? "" : zoho ? "," : " ") + s;
  return build_client_credentials_request(token_url, client_credentials(profile), scope,
                                          zoho ? zoho_crm_soid(trim_white_space(profile.organization_id)) : "");
}

std::optional<Error> client_credentials_refusal(const Profile& profile) {
  if (!asks_again_for_tokens(profile)) {
    return Error{"client_credentials.client_type",
                 "Get token belongs to a client-credentials profile; this one's client type is " +
                     std::string(spelling(profile.client_type)) + ". Choose \"Self Client (client credentials)\".",
                 "RFC 6749 s4.4"};
  }
  if (profile.provider == Provider::kZoho && trim_white_space(profile.organization_id).empty()) {
    // Sent without soid, Zoho CRM answers missing_org_info: say what to type before asking.
    return Error{"client_credentials.organization_id",
                 "Organization ID is empty: Zoho CRM issues a client-credentials token for one organization, "
                 "named as soid=ZohoCRM.<id>. Copy the Org ID from Zoho CRM (Setup > Company Details) into "
                 "Organization ID.",
                 "Zoho OAuth: Self client - client credentials flow"};
  }
  return std::nullopt;
}

Result<Call> client_credentials_call(const Profile& profile, const std::string& base_url, std::int64_t now,
                                     Outbox& out) {
  if (auto refused = client_credentials_refusal(profile)) {
    out.fail(*refused, now);
    return *refused;
  }
  const std::string token_url = resolve_endpoints(profile, base_url).token_url;
  InFlight flight;
  flight.purpose = Purpose::kClientCredentials;
  flight.profile_id = profile.id;
  flight.accounts_server = token_url.substr(0, token_url.find("/oauth/"));
  flight.url = token_url;
  out.set_phase(FlowPhase::kExchanging);
  out.clear_error();
  out.set_status("Asking " + token_url + " for an access token with the client credentials...");
  return Call{client_credentials_request_for(profile, token_url), std::move(flight)};
}

}  // namespace zc
