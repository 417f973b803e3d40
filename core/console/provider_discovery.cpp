#include "console/provider_discovery.hpp"

#include <string>
#include <utility>

#include "oauth/discovery.hpp"
#include "oauth/url.hpp"

namespace zc {

namespace {
constexpr const char* kSource = "OpenID Connect Discovery 1.0 s4; RFC 8414 s3";

}  // namespace

Result<Call> discover_call(const Profile& draft, std::int64_t now, Outbox& out) {
  Error e;
  if (draft.provider == Provider::kZoho) {
    e = {"discover.provider", "Discover is for custom providers: a Zoho profile's Data Centre fills its URLs.", kSource};
  } else if (oauth_authorization_server_url(draft.issuer).empty()) {
    e = {"discover.issuer", "Type the provider's issuer (an https:// URL such as https://id.example.com) into Issuer, "
                            "then press Discover.", kSource};
  }
  if (!e.code.empty()) return out.refuse(e, now);
  out.set_status("Discovering " + draft.issuer + "...");
  return metadata_call(Purpose::kDiscover, openid_configuration_url(draft.issuer), draft.issuer, draft.id);
}

std::optional<Call> discover_fallback(const InFlight& flight, const HttpResponse& response) {
  if (response.status == 200 || flight.url != openid_configuration_url(flight.issuer)) return std::nullopt;
  return metadata_call(Purpose::kDiscover, oauth_authorization_server_url(flight.issuer), flight.issuer,
                       flight.profile_id);
}

Result<Profile> fill_from_discovery(Profile draft, const InFlight& flight, const HttpResponse& response,
                                    std::int64_t now, Outbox& out) {
  Result<ProviderMetadata> parsed =
      response.status == 200
          ? parse_discovery(response.body, flight.issuer)
          : Result<ProviderMetadata>(Error{"discover.http",
                                           "Neither " + openid_configuration_url(flight.issuer) + " nor " + flight.url +
                                               " brought a metadata document (the last answered " +
                                               std::to_string(response.status) + "): check the issuer.",
                                           kSource});
  if (!parsed.ok()) {
    out.refuse(parsed.error(), now);
    return parsed.error();
  }
  const ProviderMetadata& m = parsed.value();
  const std::pair<const char*, std::pair<std::string*, const std::string*>> fields[] = {
      {"Authorization URL", {&draft.authorization_url, &m.authorization_endpoint}},
      {"Token URL", {&draft.token_url, &m.token_endpoint}},
      {"Refresh Token URL", {&draft.refresh_token_url, &m.token_endpoint}},
      {"Issuer", {&draft.issuer, &m.issuer}},
      {"JWKS URL", {&draft.jwks_url, &m.jwks_uri}},
      {"Userinfo URL", {&draft.userinfo_url, &m.userinfo_endpoint}},
      {"Device Authorization URL", {&draft.device_authorization_url, &m.device_authorization_endpoint}}};
  std::string filled;
  for (const auto& [label, field] : fields) {
    if (field.second->empty()) continue;
    *field.first = *field.second;
    filled += (filled.empty() ? "" : ", ") + std::string(label);
  }
  out.note("Discover filled from " + flight.url + ": " + filled + ". Check them, then Save (nothing is saved yet).", now);
  return draft;
}

}  // namespace zc
