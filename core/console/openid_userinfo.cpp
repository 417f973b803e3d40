#include "console/openid_userinfo.hpp"

#include <utility>

#include "oauth/json_text.hpp"

namespace zc {

namespace {
constexpr const char* kSource = "OpenID Connect Core 1.0 s5.3";
}  // namespace

std::string userinfo_endpoint(const Profile& profile, const std::string& discovered) {
  return profile.userinfo_url.empty() ? discovered : profile.userinfo_url;
}

Result<Call> OpenIdUserinfo::call(const std::string& endpoint, const std::string& profile_id,
                                  const std::string& end_user, const TokenSet* tokens, std::int64_t now,
                                  Outbox& out) const {
  Error e;
  if (tokens == nullptr || tokens->access_token.empty()) {
    e = {"userinfo.no_token", "There is no access token for this: press Authorize first.", kSource};
  } else if (endpoint.empty()) {
    e = {"userinfo.endpoint", "The userinfo endpoint is not known yet: press Verify id_token first (it reads the "
                              "provider's discovery document), or set the profile's userinfoUrl.", kSource};
  }
  if (!e.code.empty()) return out.fail(e, now);
  out.set_status("Calling userinfo: GET " + endpoint + "...");
  Call call{HttpRequest{"GET", endpoint, {{"Authorization", "Bearer " + tokens->access_token}, {"Accept", "application/json"}}, ""},
            token_set_call(Purpose::kUserinfo, profile_id, end_user, *tokens, endpoint)};
  return call;
}

void OpenIdUserinfo::on_answer(const HttpResponse& response, std::int64_t now, Outbox& out) {
  const nlohmann::json claims = parse_json(response.body);
  if (response.status == 200 && claims.is_object()) {
    status_ = response.status;
    body_ = claims.dump(2);
    out.note("Userinfo answered 200 with " + std::to_string(claims.size()) + " claim(s).", now);
    return;
  }
  status_ = response.status;
  body_ = printable(response.body, 2000);
  const std::string challenge = header_value(response.headers, "WWW-Authenticate");
  out.fail({"userinfo.http_" + std::to_string(response.status),
            "The userinfo endpoint answered " + std::to_string(response.status) +
                (response.status == 401 || response.status == 403
                     ? ": the access token is expired or revoked, or was granted without the openid scope. Refresh "
                       "or authorize again with openid in the scopes."
                     : (response.status == 200 ? " but not with a JSON object." : ".")) +
                (challenge.empty() ? "" : " (WWW-Authenticate: " + printable(challenge, 200) + ")"),
            kSource},
           now);
}

}  // namespace zc
