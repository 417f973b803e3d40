#include "oauth/revocation.hpp"

#include "oauth/percent.hpp"

namespace zc {
namespace {
const Headers kFormHeaders = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};

}  // namespace

HttpRequest build_revoke(const std::string& url, const std::string& token) {
  return {"POST", url, kFormHeaders, form_serialize({{"token", token}})};
}

HttpRequest build_revoke_with_client_authentication(const std::string& url, const ClientCredentials& client,
                                                    const std::string& token, const std::string& token_type) {
  HttpRequest r{"POST", url, kFormHeaders, form_serialize({{"token", token}, {"token_type", token_type}})};
  r.headers.emplace_back("Authorization", basic_authorization(client));
  return r;
}

RevocationOutcome read_revocation_response(int status) {
  if (status >= 200 && status < 300) return {true, "Revoked: the token (and, for a refresh token, every access token made from it) is dead."};
  if (status == 400) return {true, "The server did not know the token (HTTP 400): it was already revoked."};
  if (status == 0) return {false, "The browser could not read the revoke endpoint's answer (status 0: CORS, offline or wrong host); the token may still be alive."};
  return {false, "The revoke endpoint answered HTTP " + std::to_string(status) + "; the token may still be alive."};
}

}  // namespace zc
