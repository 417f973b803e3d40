// The console's application model: profiles, the draft being edited, pending authorizations, the flow
// state machine, token sets and the activity log. Pure: every input arrives as a call (an action) with
// the time and any randomness it needs, and every output leaves as an Effect for the shell to carry out
// (store this record, send this request, navigate there). Native tests drive it against the in-process
// demo server exactly as the browser drives it (docs/DESIGN.md "Layers").
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/callback_acceptance.hpp"
#include "console/grant_code_clock.hpp"
#include "console/pending_authorization.hpp"
#include "console/profile.hpp"
#include "console/profile_endpoints.hpp"
#include "console/request_ledger.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_set.hpp"
#include "zoho/explain.hpp"

namespace zc {

/// Where the console runs. base_url: absolute, ends in `/` (the demo data centre lives under it).
/// default_redirect_uri: the console's own page address, used for new profiles.
struct ConsoleConfig {
  std::string base_url;
  std::string default_redirect_uri;
};

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

/// Something the shell must do, in the order the model produced it. Each kind carries only its own fields.
using Effect = std::variant<StorePut, StoreDelete, Http, Navigate, ReplaceUrl>;

/// The largest profile file import_profile_file() reads, in bytes (a profile is a few hundred bytes).
inline constexpr std::uint64_t kMaxProfileFileBytes = 1024 * 1024;

/// Phase of the authorization flow (docs/DESIGN.md bridge `flow.phase`).
enum class FlowPhase { kIdle, kRedirecting, kExchanging, kAuthorized, kError };

/// Seconds before expiry at which an enabled integration's token set is refreshed, and the least time
/// between two automatic attempts on the same set.
inline constexpr std::int64_t kAutoRefreshLead = 300;
inline constexpr std::int64_t kAutoRefreshRetry = 120;
/// After a refresh answered `rate_limited` (Zoho's throttle, or HTTP 429), automatic refresh of that set
/// waits this many seconds: Zoho's window of at most 10 access tokens per refresh token (Zoho OAuth:
/// token limits), so the console never keeps a throttle alive by asking again.
inline constexpr std::int64_t kRateLimitWindow = 600;

/// The name of a phase as the bridge spells it: idle | redirecting | exchanging | authorized | error.
const char* phase_name(FlowPhase phase);

/// One activity log line. Never holds a secret or token value unredacted.
struct LogEntry {
  std::int64_t at = 0;  // Unix seconds
  std::string kind;     // request | response | info | error
  std::string text;
};

/// The model. Not thread-safe (the browser main loop and tests are single-threaded).
class Model {
 public:
  explicit Model(ConsoleConfig config);

  // [SECTION] Loading and storage status

  /// Loads what storage held: arrays of profile JSON, token records ({profileId, endUser, tokens}) and
  /// pending authorizations. A record that does not parse is skipped and reported in the log, the rest
  /// loads. With no profile at all, the draft is the demo profile (with id `fresh_id`, a random id from
  /// the shell) so a first visit can authorize at once; otherwise the first profile is selected.
  void load(const nlohmann::json& profiles, const nlohmann::json& tokens, const nlohmann::json& pending,
            std::int64_t now, const std::string& fresh_id);

  /// Storage mode as the shell found it (`indexeddb` | `memory`) and a warning to show (may be empty).
  void set_storage_status(const std::string& mode, const std::string& warning);

  /// A storage write failed: shown to the user and logged, never silent.
  void storage_failed(const std::string& what);

  /// Stored records that could not be decrypted or decoded and were set aside by the shell (its
  /// `quarantine` store), each {store, key, reason}: reported on screen and in the log, never dropped
  /// silently; everything else loaded normally.
  void storage_quarantined(const nlohmann::json& records, std::int64_t now);

  /// Another tab changed a record (BroadcastChannel): `store` `profiles` or `tokens`, its `key`, and the
  /// record as stored now (null when deleted). Profiles and token sets update in place; an unsaved edit
  /// of this tab is kept and the status says the profile changed elsewhere. Malformed records are ignored.
  void external_change(const std::string& store, const std::string& key, const nlohmann::json& record,
                       std::int64_t now);

  /// The cross-tab lock of a refresh (Http::lock) is held and `stored` is the token record read inside
  /// it (null when gone). True: send the refresh. False: another tab already refreshed (its tokens are
  /// adopted) or removed the set; the request is dropped and nothing is sent.
  bool proceed_under_lock(int request_id, const nlohmann::json& stored, std::int64_t now);

  // [SECTION] Profiles

  /// The profile being edited (what the form shows); nothing is stored until save_draft().
  const Profile& draft() const { return draft_; }

  /// The form changed fields: `edited`, a copy of draft() with the fields as typed, becomes the draft.
  /// The one way a typed value reaches the draft (the client secret included, which then goes only to
  /// save_draft() and the token requests); nothing is stored until save_draft(). A copy of another draft
  /// (its id differs: taken before a profile was picked, created or imported) is ignored, so a late edit
  /// cannot overwrite the profile now on screen.
  void edit_draft(const Profile& edited);

  /// Starts a new, empty profile (data centre `us`, default redirect URI). `id` is a fresh random id.
  void new_draft(const std::string& id);

  /// Sets the draft's data centre and fills its Authorization, Token and Refresh Token URLs from the
  /// table (they stay editable). Choosing `demo` fills the demo client id and secret when they are empty;
  /// leaving `demo` clears them if they were the demo's.
  void set_draft_data_centre(const std::string& id);

  /// Sets the draft's provider: Zoho (its Data Centre fills the three URLs again) or custom (any OAuth 2.0
  /// server: URLs that were a Zoho data centre's and the demo client's credentials are cleared, so the
  /// form shows what is left to fill in; the secret sent as body until Client authentication changes).
  /// The provider it already has changes nothing.
  void set_draft_provider(Provider provider);

  /// Validates and stores the draft (effect StorePut `profiles`). Errors (returned and shown): a missing
  /// name, client id, scope or redirect URI, or an invalid URL, each naming the field. Nothing saved is
  /// lost on error.
  std::optional<Error> save_draft(std::int64_t now);

  /// Selects a saved profile and copies it into the draft. Unsaved edits of the profile left are kept
  /// (for this page's life) and come back when it is selected again; the flow panel then describes
  /// the selected profile (authorized when it holds tokens, idle otherwise).
  void select_profile(const std::string& id);

  /// True when the draft holds edits kept from an earlier switch (shown as unsaved).
  bool has_unsaved(const std::string& id) const { return unsaved_.count(id) != 0; }

  /// A message for the status line and the log (e.g. "Authorization URL copied").
  void note(const std::string& text, std::int64_t now);

  /// Deletes a saved profile and its token sets (effects StoreDelete). The last deletion can be undone.
  void delete_profile(const std::string& id, std::int64_t now);
  /// Restores the last deleted profile and its token sets; false when there is nothing to undo.
  bool undo_delete(std::int64_t now);
  /// The name of the profile undo_delete() would restore; empty when none.
  std::string undoable_name() const { return deleted_ ? deleted_->profile.name : std::string(); }

  /// Saves a copy of a profile under `new_id` ("<name> (copy)") and selects it.
  void duplicate_profile(const std::string& id, const std::string& new_id, std::int64_t now);

  /// Imports profile JSON version 1 as a new saved profile with id `new_id` (the file's own id is
  /// replaced, unknown keys are kept). Errors name the key (parse_profile); nothing is saved on error.
  /// A profile that parses but cannot be saved yet (an export without its client secret) lands in the
  /// form unsaved, and the status names the field to fill in.
  std::optional<Error> import_profile(const std::string& json_text, const std::string& new_id, std::int64_t now);

  /// import_profile() for a file the user chose: `size` in bytes, `text` its contents (empty when the
  /// shell did not read it because it was too large). Error `import.too_large` above kMaxProfileFileBytes;
  /// other errors as import_profile(), naming the file.
  std::optional<Error> import_profile_file(const std::string& file_name, std::uint64_t size, const std::string& text,
                                           const std::string& new_id, std::int64_t now);

  /// Every saved profile as a JSON array of profile JSON version 1 (secrets only with `include_secret`):
  /// the way out when storage is unavailable. import_profile() reads such an array back.
  std::string export_all_profiles(bool include_secret) const;

  /// Profile JSON version 1 of a saved profile (the draft when it is the one on screen), pretty-printed;
  /// the client secret only with `include_secret`.
  std::string export_profile(const std::string& id, bool include_secret) const;

  /// Enables or disables the selected profile's integration (saved at once). While enabled, tick()
  /// refreshes its token sets shortly before they expire.
  void set_enabled(bool enabled, std::int64_t now);

  /// The timer: refreshes, once, each token set of an enabled profile that expires within
  /// kAutoRefreshLead seconds and has a refresh token; never more than once per kAutoRefreshRetry
  /// seconds per set, so a failing refresh cannot loop against Zoho's limit (10 per 10 minutes), and not
  /// for kRateLimitWindow seconds after the server answered `rate_limited`.
  void tick(std::int64_t now);

  /// End users of a profile that hold a token set (end-user mode), sorted.
  std::vector<std::string> end_users(const std::string& profile_id) const;

  /// Unsaved edits as {"draft": profile JSON or null, "others": [profile JSON of other profiles' edits]},
  /// without client secrets; null when there are none. What the shell keeps in the tab's sessionStorage so
  /// a reload loses no work (and no secret sits there).
  nlohmann::json unsaved_draft() const;

  /// Puts back what unsaved_draft() kept (or, from an older page, a bare draft) after a reload. A saved profile's secret comes from
  /// storage; a new profile's secret must be entered again (the status says so). Ignored if malformed.
  void restore_draft(const nlohmann::json& draft, std::int64_t now);

  /// Empties the activity log.
  void clear_log() { log_.clear(); }

  const std::vector<Profile>& profiles() const { return profiles_; }
  const std::string& selected_profile_id() const { return selected_id_; }
  bool draft_is_dirty() const;

  /// The authorization URL the draft would send now (no `state`: that is made on Authorize), or the
  /// error that stops it.
  Result<std::string> authorization_url_preview() const;

  // [SECTION] The authorization flow

  /// Starts the redirect flow for the selected profile (saving the draft first when it changed).
  /// `state`: a fresh unguessable value from make_state (256 random bits, base64url); `now`: Unix seconds. With the profile's
  /// `pkce`, `code_verifier` and `code_challenge` (RFC 7636, S256) come from the shell, which owns the
  /// randomness and the hash. A client-based profile asks for `response_type=token` (implicit).
  /// Effects: StorePut `pending`, then Navigate to the authorization URL. Error when the profile is
  /// incomplete, `authorize.state` when the state fails is_valid_state (docs/SECURITY.md rule 2), or
  /// `authorize.pkce` when PKCE is on and no challenge was given.
  /// In end-user mode `end_user` names the end user the token set will belong to (required there).
  std::optional<Error> authorize(const std::string& state, std::int64_t now, const std::string& code_verifier = "",
                                 const std::string& code_challenge = "", const std::string& end_user = "");

  /// Handles the page address after a redirect back: the query for a code, the fragment for an implicit
  /// token. Effects: ReplaceUrl (the response leaves the address bar first), StoreDelete `pending`,
  /// then Http (the code exchange) or StorePut `tokens` (implicit). Refusals (duplicate parameter,
  /// unknown or expired state, `error`, an accounts-server or API domain outside the table, a code
  /// already exchanged) set the flow to error with the rule that refused it, and send nothing.
  void handle_callback(const std::string& url, std::int64_t now);

  /// Self client: exchanges a grant code the user generated in Zoho's API console and pasted here, at the
  /// selected profile's Token URL (no redirect at all). Error for an empty code or profile.
  std::optional<Error> exchange_pasted_code(const std::string& code, std::int64_t now);

  /// Self client on the demo data centre: what Zoho's API console does for "Self Client > Generate Code",
  /// with the draft's client, scopes and grant_code_minutes(). The code arrives in take_generated_code().
  /// Error when the draft is not a self client on the demo data centre.
  std::optional<Error> generate_demo_grant_code(std::int64_t now);
  /// The grant code the demo generated since the last call (empty when none); the view puts it in the
  /// Grant Code field.
  std::string take_generated_code() { return std::exchange(generated_code_, std::string()); }

  /// Self client: the Grant Code field changed at `now` (Unix seconds). Its clock starts when a code
  /// first appears and stops when the field is emptied or the code is exchanged.
  void grant_code_edited(const std::string& code, std::int64_t now) { grant_code_clock_.edited(code, now); }
  /// The Time Duration chosen for the code in Zoho's API console: 3, 5, 7 or 10 minutes (others are
  /// ignored). Default 3, the console's first choice.
  void set_grant_code_minutes(int minutes) { grant_code_clock_.set_minutes(minutes); }
  int grant_code_minutes() const { return grant_code_clock_.minutes(); }
  /// At most how many seconds the entered grant code has left (its duration, counted from when it was
  /// entered; it was generated a little earlier), negative once past; nullopt when no code is entered.
  std::optional<std::int64_t> grant_code_seconds_left(std::int64_t now) const {
    return grant_code_clock_.seconds_left(now);
  }

  /// Refreshes the access token of a profile's token set (RFC 6749 s6) at the accounts server that issued
  /// it (Zoho Multi-DC). Error when there is no refresh token, or a refresh is already in flight.
  std::optional<Error> refresh(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Revokes the refresh token (or, without one, the access token) at Zoho's revoke endpoint; on success,
  /// or HTTP 400 (already revoked), the token set is forgotten.
  std::optional<Error> revoke(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Forgets a token set locally (StoreDelete `tokens`), without telling the server.
  void forget(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Test connection: GET Leads (a few fields, 10 records) on the token set's own API domain; the
  /// records land in crm_records(). Error without an access token.
  std::optional<Error> test_connection(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Creates one test lead (Last_Name and Company) and reports its new id (crm_created_id()).
  std::optional<Error> create_test_lead(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// The records of the last successful Test connection (objects), and where they came from.
  const nlohmann::json& crm_records() const { return crm_records_; }
  const std::string& crm_source() const { return crm_source_; }
  /// The id of the lead the last Create test lead made; empty before.
  const std::string& crm_created_id() const { return crm_created_id_; }

  /// The answer to an earlier Http effect. status 0: the browser could not read it.
  void http_response(int request_id, const HttpResponse& response, std::int64_t now);

  /// Effects produced since the last call, in order.
  std::vector<Effect> take_effects();

  // [SECTION] What the views and the bridge read

  FlowPhase phase() const { return phase_; }
  const std::optional<Error>& flow_error() const { return flow_error_; }
  const std::string& status() const { return status_; }
  const std::vector<LogEntry>& log() const { return log_; }
  const std::string& storage_mode() const { return storage_mode_; }
  const std::string& storage_warning() const { return storage_warning_; }
  bool busy() const { return !requests_.empty(); }

  /// The token set of a profile (and end user), if any.
  const TokenSet* tokens_for(const std::string& profile_id, const std::string& end_user = "") const;

  /// The end user of the last authorization that completed in this page (empty in pre-authorize mode):
  /// the token set the end-user view shows first.
  const std::string& last_authorized_end_user() const { return last_end_user_; }

  /// The bridge's `state()` snapshot (docs/DESIGN.md "Browser automation bridge"): no secret, no token value.
  nlohmann::json snapshot(std::int64_t now) const;

 private:
  /// import_profile(), naming `file_name` (when not empty) in its errors.
  std::optional<Error> import_from(const std::string& file_name, const std::string& json_text,
                                   const std::string& new_id, std::int64_t now);
  const Profile* find_profile(const std::string& id) const;
  /// The saved profile `id` in profiles_, or profiles_.end().
  std::vector<Profile>::iterator saved_profile(const std::string& id);
  /// A Zoho profile's empty Authorization, Token and Refresh Token URLs filled from its data centre, as
  /// choosing the Data Centre in the form does (an imported file may name only `dataCenter`).
  void fill_empty_urls(Profile& profile) const;
  /// The token set with an access token, or nullptr after failing with `crm.no_token`.
  const TokenSet* access_token_or_fail(const std::string& profile_id, const std::string& end_user, std::int64_t now);
  void show_selected_profile_state();
  void sort_profiles();
  void stash_unsaved_draft();
  void fail(const Error& error, std::int64_t now);
  /// Like fail(), for input refused outside the authorization flow (an import): the error is shown and
  /// logged, and the flow keeps its phase, since the token set on screen did not change.
  void refuse(const Error& error, std::int64_t now);
  void add_log(std::int64_t now, const std::string& kind, const std::string& text);
  void send(HttpRequest request, InFlight flight, std::int64_t now);
  /// The code grant's second leg (RFC 6749 s4.1.3) for an accepted callback `a` of `pending`: the code is
  /// marked as sent (single flight, docs/SECURITY.md rule 6), the pending record kept marked until the answer.
  void exchange_redirected_code(const PendingAuthorization& pending, const AcceptedCallback& a, const Profile& profile,
                                std::int64_t now);
  // [SECTION] Answers, one handler per Purpose (http_response dispatches)
  /// The context explain_error() words a failed answer of `flight` with.
  ExplainContext explain_context_for(const InFlight& flight) const;
  /// True (after failing with the reason) when the browser could not read the answer at all: the page's
  /// Content-Security-Policy stopped it, or the relay it went through is unreachable.
  bool unreadable_answer(const InFlight& flight, const HttpResponse& response, const ExplainContext& context,
                         std::int64_t now);
  void on_self_code(const HttpResponse& response, std::int64_t now);
  void on_revoke(const InFlight& flight, const HttpResponse& response, const ExplainContext& context, std::int64_t now);
  void on_crm_records(const InFlight& flight, const HttpResponse& response, std::int64_t now);
  void on_crm_created(const InFlight& flight, const HttpResponse& response, std::int64_t now);
  /// An exchange's or a refresh's token answer (RFC 6749 s5.1, s5.2).
  void on_token_answer(const InFlight& flight, const HttpResponse& response, const ExplainContext& context,
                       std::int64_t now);
  void store_tokens(const std::string& profile_id, const std::string& end_user, const TokenSet& tokens);
  void store_put(const std::string& store, const std::string& key, nlohmann::json value);
  void forget_exchanged_code(const std::string& code);
  void store_delete(const std::string& store, const std::string& key);

  ConsoleConfig config_;
  std::vector<Profile> profiles_;
  std::string selected_id_;
  Profile draft_;
  std::map<std::string, Profile> unsaved_;  // profile id -> edits not yet saved
  struct Deleted {
    Profile profile;
    std::map<std::string, TokenSet> tokens;  // token key -> set
  };
  std::optional<Deleted> deleted_;
  struct CustomFields {  // a custom provider's fields while the draft is switched to Zoho
    std::string profile_id, authorization_url, token_url, refresh_token_url, issuer;
  };
  CustomFields custom_fields_;
  std::map<std::string, std::int64_t> auto_refreshed_at_;  // token key -> last automatic attempt
  std::map<std::string, std::int64_t> refresh_not_before_;  // token key -> throttled until (Unix seconds)
  std::map<std::string, PendingAuthorization> pending_;
  std::map<std::string, TokenSet> tokens_;  // key: profile_id + "/" + end_user
  RequestLedger requests_;
  std::vector<std::string> exchanged_codes_;  // single-flight guard, per page life
  std::vector<Effect> effects_;
  std::vector<LogEntry> log_;
  FlowPhase phase_ = FlowPhase::kIdle;
  std::optional<Error> flow_error_;
  std::string status_;
  nlohmann::json crm_records_ = nlohmann::json::array();
  std::string crm_source_;
  std::string crm_created_id_;
  std::string storage_mode_ = "memory";
  std::string storage_warning_;
  GrantCodeClock grant_code_clock_;
  std::string last_end_user_;
  std::string generated_code_;
};

/// The order of the profile list (issue 11): numbers inside names compare as numbers ("n2" before "n10"),
/// letters without regard to case; names equal that way fall back to byte order. A strict weak order.
bool natural_less(const std::string& a, const std::string& b);

}  // namespace zc
