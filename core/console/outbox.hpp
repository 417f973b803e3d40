// What the console's actions hand out, besides the state each part of the model owns: effects for the
// shell to carry out in order (store this record, send this request, navigate there), and for the person
// the status line, the flow panel's phase and error, and the activity log. Every part of the model
// writes here and none reads another's state through it (docs/ARCHITECTURE.md "Layers", "Data flow").
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/error.hpp"
#include "oauth/http.hpp"

namespace zc {

/// Store effect: put `value` as record `key` of object store `store` (`profiles`, `tokens`, `pending`).
struct StorePut {
  std::string store;
  std::string key;
  nlohmann::json value;
};

/// Store effect: delete record `key` of object store `store`.
struct StoreDelete {
  std::string store;
  std::string key;
};

/// The cross-tab lock a refresh is sent under (docs/SECURITY.md rule 9): Web Lock `name`, and the
/// record (`store`, `key`) to read inside it for Model::proceed_under_lock().
struct CrossTabLock {
  std::string name;
  std::string store;
  std::string key;
};

/// Send `request`; answer with Model::http_response(request_id, ...). With a `lock`, first take it, read
/// its record from storage inside it, and send only if Model::proceed_under_lock() says so; release the
/// lock once the answer has been handled and its store effects have completed.
struct Http {
  int request_id = 0;
  HttpRequest request;
  std::optional<CrossTabLock> lock;
};

/// Send the browser to `url` once every earlier store effect has completed.
struct Navigate {
  std::string url;
};

/// Replace the address bar with `url` (history.replaceState) now.
struct ReplaceUrl {
  std::string url;
};

/// Verify an RS256 signature (WebCrypto RSASSA-PKCS1-v1_5 with SHA-256 in the browser): `jwk` the public
/// key as JWK JSON text, `signing_input` the JWS signing input, `signature` base64url. Answer with
/// Model::signature_checked(check_id, valid).
struct VerifySignature {
  int check_id = 0;
  std::string jwk;
  std::string signing_input;
  std::string signature;
};

/// Something the shell must do, in the order the model produced it. Each kind carries only its own fields.
using Effect = std::variant<StorePut, StoreDelete, Http, Navigate, ReplaceUrl, VerifySignature>;

/// Phase of the authorization flow (docs/ARCHITECTURE.md bridge `flow.phase`).
enum class FlowPhase { kIdle, kRedirecting, kExchanging, kAuthorized, kError };

/// The name of a phase as the bridge spells it: idle | redirecting | exchanging | authorized | error.
const char* phase_name(FlowPhase phase);

/// One activity log line. Never holds a secret or token value unredacted.
struct LogEntry {
  std::int64_t at = 0;  // Unix seconds
  std::string kind;     // request | response | info | error
  std::string text;
};

/// The activity log keeps the newest this many lines; the oldest leaves first.
inline constexpr std::size_t kMaxLogLines = 500;

/// Who sends or answers a request, as the sequence diagram's lanes (console/request_history.hpp).
enum class Party : std::uint8_t { kBrowser, kConsole, kAccountsServer, kTokenEndpoint, kApiDomain };

/// One request of the request log: the browser's authorization request, the callback, or an Http effect.
struct LoggedRequest {
  Party from = Party::kConsole;
  Party to = Party::kAccountsServer;
  std::string method;
  std::string url;         // redacted, as its log line shows it
  int request_id = 0;      // the Http effect's id; 0 for the authorization request and the callback
  int status = -1;         // the answer's HTTP status; -1: none (yet, or ever: the browser left)
  bool failed = false;     // its answer (or the callback) stopped the action with an error
  bool starts = false;     // an authorization starts here
  std::size_t log_line = 0;  // the serial of its activity log line (Outbox::first_log_serial)
};

/// The request log keeps the newest this many requests.
inline constexpr std::size_t kMaxLoggedRequests = 64;

/// The outbox of one model. Times are Unix seconds. Texts given here are shown and logged as they are:
/// the caller has already masked any secret in them (console/redaction.hpp).
class Outbox {
 public:
  // [SECTION] Effects, in the order they were produced

  /// Queues StorePut `value` as record `key` of `store`.
  void put(const std::string& store, const std::string& key, nlohmann::json value);
  /// Queues StoreDelete of record `key` of `store`.
  void remove(const std::string& store, const std::string& key);
  /// Queues any other effect (Http, Navigate, ReplaceUrl, VerifySignature).
  void push(Effect effect) { effects_.push_back(std::move(effect)); }
  /// The effects queued since the last call, in order; the queue is then empty.
  std::vector<Effect> take_effects();

  // [SECTION] The status line and the activity log

  /// Appends a log line of `kind` (request | response | info | error), dropping the oldest past kMaxLogLines.
  void add_log(std::int64_t now, const std::string& kind, const std::string& text);
  /// A message for the status line, logged as `info` too.
  void note(const std::string& text, std::int64_t now);
  void set_status(std::string text) { status_ = std::move(text); }
  const std::string& status() const { return status_; }
  const std::vector<LogEntry>& log() const { return log_; }
  void clear_log() {
    log_dropped_ += log_.size();
    log_.clear();
  }
  /// The log as the bridge's snapshot shows it: [{at, kind, text}].
  nlohmann::json log_json() const;
  /// The serial of log()[0]: lines are numbered from 0 as they are added, so a line's index in log() is
  /// its serial minus this (the oldest lines leave first, and Clear log empties it).
  std::size_t first_log_serial() const { return log_dropped_; }

  // [SECTION] The request log (the sequence diagram's input)

  /// Records `request` as the request of the log line added last, dropping the oldest past kMaxLoggedRequests.
  void log_request(LoggedRequest request);
  /// The answer to Http effect `request_id`: its status, and whether it stopped the action.
  void log_answer(int request_id, int status, bool failed);
  /// Marks the request logged last as failed (a refused callback).
  void log_failed();
  const std::vector<LoggedRequest>& requests() const { return requests_; }
  /// Errors shown so far (refuse() and fail()): a handler that raised it has refused.
  std::size_t refusals() const { return refusals_; }

  // [SECTION] The flow panel: its phase and the error that stopped the last action

  FlowPhase phase() const { return phase_; }
  const std::optional<Error>& error() const { return error_; }
  void set_phase(FlowPhase phase) { phase_ = phase; }
  void clear_error() { error_.reset(); }
  /// The panel describes the profile on screen: `authorized` when it holds a token set, idle otherwise;
  /// no error.
  void show_profile(bool authorized);
  /// The flow stops with `error`, which the caller has already shown and logged: phase error.
  void set_error(const Error& error);
  /// Input refused outside the authorization flow (an import, a throttled refresh): the error is shown
  /// and logged as `<code>: <message>`, and the phase stays, since the token set on screen did not change.
  /// Returns the error as kept (valid until the next error), for the caller to return in turn.
  const Error& refuse(const Error& error, std::int64_t now);
  /// refuse(), and the phase becomes error.
  const Error& fail(const Error& error, std::int64_t now);
  /// A token set arrived: phase authorized, no error, and `message` shown and logged.
  void authorized(const std::string& message, std::int64_t now);

 private:
  std::vector<Effect> effects_;
  std::vector<LogEntry> log_;
  std::size_t log_dropped_ = 0;  // lines that left the log
  std::vector<LoggedRequest> requests_;
  std::size_t refusals_ = 0;
  std::string status_;
  FlowPhase phase_ = FlowPhase::kIdle;
  std::optional<Error> error_;
};

}  // namespace zc
