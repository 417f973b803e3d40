// Trying a token set against the Zoho CRM API: Test connection (GET Leads, a few fields, 10 records) and
// Create test lead (one lead), always on the token set's own API domain (Zoho CRM API "Get Records",
// "Insert Records"; docs/ZOHO.md "CRM API"). Keeps what the last ones brought back for the view.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "console/outbox.hpp"
#include "console/request_ledger.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// The CRM calls and their answers. Times are Unix seconds; status and log lines go to the Outbox given.
class CrmProbe {
 public:
  /// The request for `purpose` (Purpose::kCrmGet: Test connection; Purpose::kCrmCreate: Create test
  /// lead) made with `tokens`, the set of `profile_id` and `end_user`. Errors (the flow fails):
  /// `crm.no_token` (no set, or no access token in it), and the request's own (crm.hpp).
  Result<Call> call(Purpose purpose, const std::string& profile_id, const std::string& end_user,
                    const TokenSet* tokens, std::int64_t now, Outbox& out) const;
  /// The answer to such a call; `tokens`: the set it was made with (its granted scope explains a scope
  /// mismatch; nullptr when gone). True when it succeeded (the records or the new id are kept and noted);
  /// otherwise the flow fails with the CRM's error explained.
  bool on_answer(const InFlight& flight, const HttpResponse& response, const TokenSet* tokens, std::int64_t now,
                 Outbox& out);

  /// The records of the last successful Test connection (objects), and where they came from.
  const nlohmann::json& records() const { return records_; }
  const std::string& source() const { return source_; }
  /// The id of the lead the last Create test lead made; empty before.
  const std::string& created_id() const { return created_id_; }

 private:
  bool on_records(const InFlight& flight, const HttpResponse& response, const std::string& scope, std::int64_t now,
                  Outbox& out);
  bool on_created(const HttpResponse& response, const std::string& scope, std::int64_t now, Outbox& out);

  nlohmann::json records_ = nlohmann::json::array();
  std::string source_;
  std::string created_id_;
};

}  // namespace zc
