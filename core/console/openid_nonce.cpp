#include "console/openid_nonce.hpp"

#include <algorithm>

#include "console/pending_authorization.hpp"

namespace zc {

bool asks_for_id_token(const std::vector<std::string>& scopes) {
  return std::find(scopes.begin(), scopes.end(), "openid") != scopes.end();
}

std::optional<Error> nonce_problem(const std::string& nonce) {
  if (is_valid_state(nonce)) return std::nullopt;
  return Error{"authorize.nonce",
               "The profile asks for openid but this browser made no nonce of 256 random bits; nothing was sent. "
               "Reload the page and press Authorize again.",
               "OpenID Connect Core 1.0 s3.1.2.1"};
}

}  // namespace zc
