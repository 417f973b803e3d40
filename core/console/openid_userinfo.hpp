// Call userinfo: the OpenID Connect userinfo endpoint asked with the token set's access token as a
// Bearer token, and its answer kept for the token panel like Test connection's. Source: OpenID Connect
// Core 1.0 s5.3 (UserInfo endpoint), RFC 6750 s2.1 (Bearer), s3.1 (WWW-Authenticate errors).
#pragma once
#include <cstdint>
#include <string>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// The userinfo endpoint of `profile`: its `userinfoUrl` when set, else `discovered` (the issuer's
/// discovery document's userinfo_endpoint, "" when not read). "" when neither is known.
std::string userinfo_endpoint(const Profile& profile, const std::string& discovered);

/// The last userinfo call's answer. Times are Unix seconds.
class OpenIdUserinfo {
 public:
  /// GET `endpoint` with `Authorization: Bearer <access token>` of `tokens` (the set of `profile_id` and
  /// `end_user`). Errors (the flow fails): `userinfo.no_token`, `userinfo.endpoint` (none known: verify
  /// the id_token first, which reads the discovery document, or set userinfoUrl).
  Result<Call> call(const std::string& endpoint, const std::string& profile_id, const std::string& end_user,
                    const TokenSet* tokens, std::int64_t now, Outbox& out) const;
  /// Its answer: a 200 JSON object is kept (status and body) and noted; otherwise the flow fails with the
  /// status explained (401: the access token is expired, revoked or lacks the openid scope).
  void on_answer(const HttpResponse& response, std::int64_t now, Outbox& out);

  /// The last answer's status (0 before any) and body (JSON text).
  int status() const { return status_; }
  const std::string& body() const { return body_; }

 private:
  int status_ = 0;
  std::string body_;
};

}  // namespace zc
