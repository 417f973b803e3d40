// The console's token sets, one per profile and end user (RFC 6749 s5.1), and their upkeep: refresh at the
// accounts server that issued them (RFC 6749 s6, Zoho Multi-DC) under a cross-tab lock (docs/SECURITY.md
// rule 9), automatic refresh shortly before expiry that never loops against Zoho's limits (Zoho OAuth:
// token limits), revoke at Zoho (Zoho OAuth: Revoke tokens), and forgetting, with Undo of a deleted
// profile's sets. Storage: object store `tokens`, records {profileId, endUser, tokens, history}; `history`
// (console/token_history.hpp) is written once a set has one, and a record without it loads as before.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "console/token_history.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_response.hpp"
#include "oauth/token_set.hpp"
#include "zoho/explain.hpp"

namespace zc {

/// Seconds before expiry at which an enabled integration's token set is refreshed, and the least time
/// between two automatic attempts on the same set.
inline constexpr std::int64_t kAutoRefreshLead = 300;
inline constexpr std::int64_t kAutoRefreshRetry = 120;
/// After a refresh answered `rate_limited` (Zoho's throttle, or HTTP 429), automatic refresh of that set
/// waits this many seconds: Zoho's window of at most 10 access tokens per refresh token (Zoho OAuth:
/// token limits), so the console never keeps a throttle alive by asking again.
inline constexpr std::int64_t kRateLimitWindow = 600;

/// The token sets. Times are Unix seconds. Store effects, status and log lines go to the Outbox given;
/// requests come back as a Call for the model to send.
class TokenStore {
 public:
  /// `base_url` places the demo data centre.
  explicit TokenStore(std::string base_url);

  /// A set's key, in storage and in memory: `<profile id>/<end user>` (profile ids hold no '/').
  static std::string key(const std::string& profile_id, const std::string& end_user);

  // [SECTION] The sets

  /// Takes the stored sets as storage hands them: `stored`, the JSON text of one object {storage key:
  /// record} (records {profileId, endUser, tokens, history}). Only the keys are read now; each record is
  /// read the first time its set is used (find: a row of the end-user list, a refresh...) or by read_stored(), so a
  /// start with 10,000 sets builds 10,000 keys, not 10,000 parsed records (docs/PERFORMANCE.md "Scale:
  /// reading token sets on use"). A member that is not an object is no set (and, written last, leaves
  /// none for its key, as a parsed object would). False, taking nothing, when `stored` is not a JSON object.
  bool load_stored(std::string stored);
  /// Takes records as a list ({profileId, endUser, tokens}; one without a profileId is ignored):
  /// Model::load's and the tests' shape.
  void load(const nlohmann::json& records);
  /// Reads up to `count` of the records load_stored() left unread, in key order, and logs every record found
  /// unreadable so far (here or on use): a record whose tokens do not read, or whose key names another
  /// profile or end user, is skipped ("A stored token set could not be read and was skipped: ...") and
  /// stays in storage. Returns how many are left unread; at 0 the stored text is released.
  size_t read_stored(size_t count, std::int64_t now, Outbox& out);
  /// The set of a profile and end user, or nullptr.
  const TokenSet* find(const std::string& profile_id, const std::string& end_user = "") const;
  /// End users of a profile that hold a set (end-user mode), sorted. Kept until a set is added or
  /// removed: the console draws the list every frame (copying 100,000 end users took 30 ms a frame).
  const std::vector<std::string>& end_users(const std::string& profile_id) const;
  /// Keeps `tokens` as the set of a profile and end user (StorePut `tokens`, with the set's history).
  void put(const std::string& profile_id, const std::string& end_user, const TokenSet& tokens, Outbox& out);
  /// Adds an event at `now` to the history of a profile's and end user's set (written by the next put).
  /// A history outlives its set for the page's life (revoked, forgotten): a new set under the same key
  /// continues it, so Zoho's refresh tokens still alive are counted (console/token_budget.hpp).
  void record(const std::string& profile_id, const std::string& end_user, TokenEventKind kind, std::int64_t now);
  /// The history of a profile's and end user's set, or nullptr when none was kept.
  const TokenHistory* history(const std::string& profile_id, const std::string& end_user) const;
  /// Forgets a set locally, without telling the server (StoreDelete `tokens`, and a note). False, doing
  /// nothing, when there is none.
  bool forget(const std::string& profile_id, const std::string& end_user, std::int64_t now, Outbox& out);
  /// Another tab stored set `key` as `record` (null: removed it). True, with a note, when a set changed;
  /// false for a malformed record or a removal of a set not held here.
  bool external_change(const std::string& key, const nlohmann::json& record, std::int64_t now, Outbox& out);
  /// Removes every set of a profile (StoreDelete `tokens` each, in key order), kept for restore_removed().
  void remove_profile(const std::string& profile_id, Outbox& out);
  /// Puts back the sets remove_profile() removed last (StorePut `tokens` each); afterwards none are kept.
  void restore_removed(Outbox& out);
  /// The sets as the bridge's snapshot shows them: [{profileId, endUser, hasAccessToken, hasRefreshToken,
  /// apiDomain, expiresAt, expired, scope, accountsServer}], no token value.
  nlohmann::json snapshot(std::int64_t now) const;

  // [SECTION] Refresh

  /// The refresh of a set of `profile` at the accounts server that issued it (for Zoho, when one of the
  /// table's; any other provider: its Refresh Token URL, always); for a client-credentials profile, the
  /// same client-credentials request again (it has no refresh token). Errors: `refresh.no_refresh_token` (no
  /// profile, set or refresh token: the flow fails), `refresh.in_flight` (one is in `requests` already:
  /// nothing shown), `refresh.rate_limited` (within kRateLimitWindow of a `rate_limited` answer: refused,
  /// the phase stays).
  Result<Call> refresh(const Profile* profile, const std::string& profile_id, const std::string& end_user,
                       const RequestLedger& requests, std::int64_t now, Outbox& out);
  /// For an enabled `profile`: the end user of its first set (in key order) due for an automatic refresh,
  /// logged and recorded as attempted at `now`; nullopt when none is. Due: a refresh token (or a
  /// client-credentials profile, which asks again), an expiry
  /// within kAutoRefreshLead, no attempt in the last kAutoRefreshRetry seconds, not throttled, and no
  /// refresh of it in `requests`.
  std::optional<std::string> due_refresh(const Profile& profile, std::int64_t now, const RequestLedger& requests,
                                         Outbox& out);
  /// The cross-tab lock a request is sent under: a refresh's, named after its set (docs/SECURITY.md rule
  /// 9); nullopt for any other request.
  static std::optional<CrossTabLock> lock_for(const InFlight& flight);
  /// The lock of `refresh` is held and `stored` is its set's record read inside it (null when gone).
  /// True, with the set updated here and a note, when another tab removed the set or already refreshed
  /// it (its unexpired access token differs from the one the refresh replaces): nothing is to be sent.
  bool settled_elsewhere(const InFlight& refresh, const nlohmann::json& stored, std::int64_t now, Outbox& out);
  /// Reads an exchange's or a refresh's token answer (RFC 6749 s5.1, s5.2); a refresh keeps the refresh
  /// token it had when the answer carries none. A refresh answered `rate_limited` holds automatic and
  /// manual refresh of the set back for kRateLimitWindow seconds.
  Result<TokenSet> read_answer(const InFlight& flight, const HttpResponse& response, ExpiresInReading reading,
                               std::int64_t now);

  // [SECTION] Revoke

  /// Revokes a set's refresh token (or, without one, its access token) at Zoho's revoke endpoint of the
  /// accounts server that issued it. Errors (the flow fails): `revoke.no_tokens`, `revoke.endpoint`
  /// (not one of Zoho's accounts servers, or a `profile` of another provider).
  Result<Call> revoke(const Profile* profile, const std::string& profile_id, const std::string& end_user,
                      std::int64_t now, Outbox& out);
  /// The revoke answer: on success, or HTTP 400 (already revoked), the set is forgotten (StoreDelete
  /// `tokens`, a note) and true returned; otherwise the flow fails with the explained error (`context`).
  bool on_revoke(const InFlight& flight, const HttpResponse& response, const ExplainContext& context,
                 std::int64_t now, Outbox& out);

 private:
  std::string base_url_;
  // The sets read so far. Mutable with unread_: reading a stored record on use changes no set's value.
  mutable std::map<std::string, TokenSet> sets_;            // key() -> set
  // What load_stored() took and has not read yet: the stored text, and each unread record's key with the
  // place of its text there, packed as offset * 2^32 + length (a map to int64 shares its code with
  // auto_refreshed_at_'s: no sort and no index type of its own in the module, 1.5 KB of code). A record
  // leaves unread_ as it is read; one that did not read leaves its message in unreadable_ for
  // read_stored() to log. Every change of a key reads it first (read()), so a stored record never
  // overwrites a newer set.
  std::string stored_text_;
  mutable std::map<std::string, std::int64_t> unread_;
  mutable std::vector<std::string> unreadable_;
  void read(const std::string& key) const;
  void read_profile(const std::string& profile_id) const;
  void read_all() const;
  // Reads the record at `it` into sets_ (or unreadable_) and returns the next unread one.
  std::map<std::string, std::int64_t>::iterator read_entry(std::map<std::string, std::int64_t>::iterator it) const;
  // end_users()'s last answer; every change that can add or remove a key of sets_ clears `valid`.
  struct EndUsers {
    bool valid = false;
    std::string profile_id;
    std::vector<std::string> users;
  };
  mutable EndUsers end_users_;
  void keys_changed() const { end_users_.valid = false; }
  std::map<std::string, TokenSet> removed_;                 // key() -> set removed with its profile
  mutable std::map<std::string, TokenHistory> histories_;   // key() -> what happened to its sets
  std::map<std::string, std::int64_t> auto_refreshed_at_;   // key() -> last automatic attempt
  std::map<std::string, std::int64_t> refresh_not_before_;  // key() -> throttled until
};

}  // namespace zc
