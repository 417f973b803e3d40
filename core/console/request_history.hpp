// The requests of the last authorization as arrows between five lanes - Browser, Console, Accounts
// server, Token endpoint, API domain - for the sequence diagram (wasm/views/sequence_view.cpp), read from
// the console's request log (Outbox::requests). Each arrow says what went where and how it ended, in the
// words of the activity log line it links to, without a token or secret: a label holds the method, the
// path and the status, never a query value (docs/SECURITY.md rule 5).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "console/outbox.hpp"
#include "console/request_ledger.hpp"

namespace zc {

/// The lanes, left to right.
inline constexpr int kPartyCount = 5;

/// A lane's name: Browser, Console, Accounts server, Token endpoint, API domain.
const char* party_name(Party party);

/// The lane that answers a request of `purpose`: the token endpoint for the token requests (exchange,
/// refresh, client credentials, device poll), the API domain for the CRM calls, the accounts server else.
Party party_of(Purpose purpose);

/// True when a request of `purpose` starts an authorization by itself (no redirect before it): client
/// credentials, the device authorization request, and an exchange of a pasted code (`pasted`).
bool starts_authorization(Purpose purpose, bool pasted);

/// One arrow of the diagram.
struct SequenceArrow {
  Party from = Party::kConsole;
  Party to = Party::kAccountsServer;
  /// "POST /oauth/v2/token 200": method, path, status (none while unanswered, or for the authorization
  /// request the browser left with); the callback adds its parameter names, "GET /?code&state".
  std::string label;
  bool failed = false;
  /// Its line's index in Outbox::log(); nullopt when that line has left the log.
  std::optional<std::size_t> log_index;
};

/// The label of one request (see SequenceArrow::label).
std::string request_label(const LoggedRequest& request);

/// The arrows from the last request that starts an authorization (the browser's authorization request,
/// or one that starts_authorization()), oldest first; every request when none does: a page loaded by the
/// redirect back starts with the callback, the authorization request having left with the page before.
/// `first_log_serial` and `log_size` place the log lines (Outbox::first_log_serial, log().size()).
std::vector<SequenceArrow> request_history(const std::vector<LoggedRequest>& requests, std::size_t first_log_serial,
                                           std::size_t log_size);

}  // namespace zc
