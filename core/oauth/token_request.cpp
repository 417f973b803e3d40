#include "oauth/token_request.hpp"

#include "oauth/base64url.hpp"
#include "oauth/percent.hpp"

namespace zc {
namespace {

HttpRequest form_post(const std::string& url, const Params& params) {
  HttpRequest r;
  r.method = "POST";
  r.url = url;
  // A form body is a CORS "simple" request: no preflight (docs/TOOLCHAIN.md: JSON would trigger one).
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  r.body = form_serialize(params);
  return r;
}

void add_client(Params& params, const ClientCredentials& client) {
  if (client.basic && !client.client_secret.empty()) return;  // in the Authorization header instead
  params.emplace_back("client_id", client.client_id);
  if (!client.client_secret.empty()) params.emplace_back("client_secret", client.client_secret);
}

}  // namespace

HttpRequest client_form_post(const std::string& url, Params params, const ClientCredentials& client) {
  add_client(params, client);
  HttpRequest r = form_post(url, params);
  if (client.basic && !client.client_secret.empty()) r.headers.emplace_back("Authorization", basic_authorization(client));
  return r;
}

std::string basic_authorization(const ClientCredentials& client) {
  // Standard base64 with padding (RFC 4648 s4), from the url alphabet.
  std::string b = base64url_encode(form_encode(client.client_id) + ":" + form_encode(client.client_secret));
  for (char& c : b) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  while (b.size() % 4 != 0) b += '=';
  return "Basic " + b;
}

HttpRequest build_code_exchange(const std::string& token_url, const ClientCredentials& client,
                                const std::string& code, const std::string& redirect_uri,
                                const std::string& code_verifier) {
  Params params = {{"grant_type", "authorization_code"}, {"code", code}};
  // A self client's code came without a redirect: then there is no redirect_uri to repeat.
  if (!redirect_uri.empty()) params.emplace_back("redirect_uri", redirect_uri);
  HttpRequest r = client_form_post(token_url, params, client);
  // The verifier follows the client's credentials in the body (RFC 7636 s4.5).
  if (!code_verifier.empty()) r.body += "&" + form_serialize({{"code_verifier", code_verifier}});
  return r;
}

HttpRequest build_refresh(const std::string& token_url, const ClientCredentials& client,
                          const std::string& refresh_token) {
  return client_form_post(token_url, {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}}, client);
}

}  // namespace zc
