// The console's application model: profiles, the draft being edited, pending authorizations, the flow
// state machine, token sets and the activity log. Pure: every input arrives as a call (an action) with
// the time and any randomness it needs, and every output leaves as an Effect for the shell to carry out
// (store this record, send this request, navigate there). Native tests drive it against the in-process
// demo server exactly as the browser drives it (docs/ARCHITECTURE.md "Layers").
//
// The Model coordinates parts that each own their state (docs/ARCHITECTURE.md "Layers"): ProfileBook (profiles
// and the draft), AuthorizationFlow (pending authorizations, callbacks, grant codes), TokenStore (token
// sets, refresh, revoke), CrmProbe (the CRM calls), StorageStatus, the RequestLedger of requests in
// flight, and the Outbox every part writes its effects, status and log lines to. It passes each part
// what it needs of the others and sends the requests they make.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/authorization_flow.hpp"
#include "console/callback_acceptance.hpp"
#include "console/crm_probe.hpp"
#include "console/device_authorization_flow.hpp"
#include "console/grant_code_clock.hpp"
#include "console/id_token_check.hpp"
#include "console/natural_order.hpp"
#include "console/openid_userinfo.hpp"
#include "console/outbox.hpp"
#include "console/pending_authorization.hpp"
#include "console/profile.hpp"
#include "console/profile_book.hpp"
#include "console/profile_endpoints.hpp"
#include "console/request_history.hpp"
#include "console/request_ledger.hpp"
#include "console/scenario_rehearsal.hpp"
#include "console/storage_status.hpp"
#include "console/token_budget.hpp"
#include "console/token_store.hpp"
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

/// A stored store's records as a JSON array, for Model::load: the browser hands each store as one object
/// {storage key: record} (web/shell.js keeps records in bundles), the CLI and tests as an array; anything
/// else is no records. The records are moved out of `store`, not copied (100,000 token sets at scale).
nlohmann::json record_list(nlohmann::json&& store);

/// The model. Not thread-safe (the browser main loop and tests are single-threaded).
class Model {
 public:
  explicit Model(ConsoleConfig config);

  /// Seconds a request may go unanswered: tick() then stops waiting for it (the flow fails with
  /// `network.timeout`, explained) and a late answer is ignored.
  static constexpr std::int64_t kRequestTimeout = 30;

  // [SECTION] Loading and storage status

  /// Loads what storage held: arrays of profile JSON, token records ({profileId, endUser, tokens}) and
  /// pending authorizations. A record that does not parse is skipped and reported in the log, the rest
  /// loads. With no profile at all, the draft is the demo profile (with id `fresh_id`, a random id from
  /// the shell) so a first visit can authorize at once; otherwise the first profile is selected.
  void load(const nlohmann::json& profiles, const nlohmann::json& tokens, const nlohmann::json& pending,
            std::int64_t now, const std::string& fresh_id);
  /// The same, with the token sets as the browser's storage hands them: `tokens`, the JSON text of one
  /// object {storage key: record}, read on use (TokenStore::load_stored; read_stored_tokens() reads the rest).
  /// False when `tokens` is not a JSON object: no token set is loaded, everything else is.
  bool load_stored(const nlohmann::json& profiles, std::string tokens, const nlohmann::json& pending,
                   std::int64_t now, const std::string& fresh_id);
  /// Reads up to `count` stored token sets not read yet and logs those that did not read
  /// (TokenStore::read_stored); how many are left. The shell calls it between frames after start.
  size_t read_stored_tokens(size_t count, std::int64_t now);

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
  const Profile& draft() const { return book_.draft(); }
  /// Counts the times another tab's save replaced draft() (ProfileBook::draft_replaced).
  std::uint64_t draft_replaced() const { return book_.draft_replaced(); }

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
  bool has_unsaved(const std::string& id) const { return book_.has_unsaved(id); }

  /// A message for the status line and the log (e.g. "Authorization URL copied").
  void note(const std::string& text, std::int64_t now);

  /// Deletes a saved profile and its token sets (effects StoreDelete). The last deletion can be undone.
  void delete_profile(const std::string& id, std::int64_t now);
  /// Restores the last deleted profile and its token sets; false when there is nothing to undo.
  bool undo_delete(std::int64_t now);
  /// The name of the profile undo_delete() would restore; empty when none.
  std::string undoable_name() const { return book_.undoable_name(); }

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

  /// The timer: closes the requests unanswered for kRequestTimeout seconds (the flow fails with
  /// `network.timeout`, explained); sends the device flow's poll when it is due (DeviceAuthorizationFlow::due_poll); refreshes, once, each token set of an enabled profile that expires within
  /// kAutoRefreshLead seconds and has a refresh token; never more than once per kAutoRefreshRetry
  /// seconds per set, so a failing refresh cannot loop against Zoho's limit (10 per 10 minutes), and not
  /// for kRateLimitWindow seconds after the server answered `rate_limited`.
  void tick(std::int64_t now);

  /// End users of a profile that hold a token set (end-user mode), sorted.
  const std::vector<std::string>& end_users(const std::string& profile_id) const;

  /// Unsaved edits as {"draft": profile JSON or null, "others": [profile JSON of other profiles' edits]},
  /// without client secrets; null when there are none. What the shell keeps in the tab's sessionStorage so
  /// a reload loses no work (and no secret sits there).
  nlohmann::json unsaved_draft() const;

  /// Puts back what unsaved_draft() kept (or, from an older page, a bare draft) after a reload. A saved profile's secret comes from
  /// storage; a new profile's secret must be entered again (the status says so). Ignored if malformed.
  void restore_draft(const nlohmann::json& draft, std::int64_t now);

  /// Empties the activity log.
  void clear_log() { out_.clear_log(); }

  const std::vector<Profile>& profiles() const { return book_.profiles(); }
  const std::string& selected_profile_id() const { return book_.selected_id(); }
  bool draft_is_dirty() const { return book_.draft_is_dirty(); }

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
  /// For a profile whose scopes include `openid`, a non-empty `nonce` is sent and kept with the pending
  /// authorization; it must be as strong as a state (console/openid_nonce.hpp; the browser shell makes one).
  std::optional<Error> authorize(const std::string& state, std::int64_t now, const std::string& code_verifier = "",
                                 const std::string& code_challenge = "", const std::string& end_user = "",
                                 const std::string& nonce = "");

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
  std::string take_generated_code() { return flow_.take_generated_code(); }

  /// Self client: the Grant Code field changed at `now` (Unix seconds). Its clock starts when a code
  /// first appears and stops when the field is emptied or the code is exchanged.
  void grant_code_edited(const std::string& code, std::int64_t now) { flow_.grant_code_edited(code, now); }
  /// The Time Duration chosen for the code in Zoho's API console: 3, 5, 7 or 10 minutes (others are
  /// ignored). Default 3, the console's first choice.
  void set_grant_code_minutes(int minutes) { flow_.set_grant_code_minutes(minutes); }
  int grant_code_minutes() const { return flow_.grant_code_minutes(); }
  /// At most how many seconds the entered grant code has left (its duration, counted from when it was
  /// entered; it was generated a little earlier), negative once past; nullopt when no code is entered.
  std::optional<std::int64_t> grant_code_seconds_left(std::int64_t now) const {
    return flow_.grant_code_seconds_left(now);
  }

  /// Client credentials ("Get token"): asks the selected profile's Token URL for an access token with the
  /// client id and secret (saving the draft first when it changed); no redirect. The answer is stored like
  /// a code exchange's, without a refresh token. Errors: the draft's save error, or
  /// client_credentials_call()'s (console/client_credentials_grant.hpp).
  std::optional<Error> get_client_credentials_token(std::int64_t now);

  /// Refreshes the access token of a profile's token set (RFC 6749 s6) at the accounts server that issued
  /// it (Zoho Multi-DC); a client-credentials profile asks again instead. Error when there is no refresh
  /// token (and the profile cannot ask again), or a refresh is already in flight.
  std::optional<Error> refresh(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Revokes the refresh token (or, without one, the access token) at Zoho's revoke endpoint; on success,
  /// or HTTP 400 (already revoked), the token set is forgotten.
  std::optional<Error> revoke(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Device flow (client type `non-browser`, console/device_authorization_flow.hpp): asks the selected
  /// profile's device authorization endpoint for a user code (saving the draft first when it changed);
  /// tick() then polls. Errors as DeviceAuthorizationFlow::start.
  std::optional<Error> start_device_flow(const std::string& end_user, std::int64_t now);
  /// Cancel: the pending device authorization is forgotten and no further poll is sent.
  void cancel_device_flow(std::int64_t now);
  /// The pending device authorization (user code, verification address, times), if any.
  const std::optional<PendingDevice>& device_pending() const { return device_.pending(); }
  /// The Flow line's words for the draft's device flow (DeviceAuthorizationFlow::activity: waiting for
  /// approval at <link>, next poll in N s, polling, approved, denied, expired, cancelled); empty when the
  /// draft does not use the device flow (uses_device_flow) or nothing is to be said. The bridge's
  /// `flow.activity`.
  std::string device_activity(std::int64_t now) const;

  // [SECTION] OpenID Connect (console/id_token_check.hpp, console/openid_userinfo.hpp)

  /// Verify id_token: verifies the id_token of a token set (also done by itself when a token answer
  /// brings one): the issuer's discovery document and JWK Set are fetched (once per issuer and page),
  /// then a VerifySignature effect asks the shell for the RS256 signature; signature_checked() finishes.
  /// Errors (shown): `verify.no_token` (no token set), and those IdTokenCheckFlow::start explains.
  std::optional<Error> verify_id_token(const std::string& profile_id, const std::string& end_user, std::int64_t now);
  /// The shell's answer to VerifySignature `check_id`: `valid` whether WebCrypto verified the signature.
  void signature_checked(int check_id, bool valid, std::int64_t now);
  /// The id_token verification on screen (its verdict, stage and issuer).
  const IdTokenCheckFlow& id_token_check() const { return id_tokens_; }

  /// Call userinfo with the token set's access token (the profile's userinfoUrl, else the discovery
  /// document's userinfo_endpoint read by Verify id_token). Errors as OpenIdUserinfo::call.
  std::optional<Error> call_userinfo(const std::string& profile_id, const std::string& end_user, std::int64_t now);
  /// The last userinfo answer (status 0 before any; body JSON text).
  const OpenIdUserinfo& userinfo() const { return userinfo_; }

  /// Discover: fetches the draft's issuer's metadata (a custom provider) and, when it answers, fills the
  /// draft's endpoints as an edit (console/provider_discovery.hpp): nothing is saved until save_draft().
  std::optional<Error> discover(std::int64_t now);

  /// Forgets a token set locally (StoreDelete `tokens`), without telling the server.
  void forget(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Test connection: GET Leads (a few fields, 10 records) on the token set's own API domain; the
  /// records land in crm_records(). Error without an access token.
  std::optional<Error> test_connection(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// Creates one test lead (Last_Name and Company) and reports its new id (crm_created_id()).
  std::optional<Error> create_test_lead(const std::string& profile_id, const std::string& end_user, std::int64_t now);

  /// The records of the last successful Test connection (objects), and where they came from.
  const nlohmann::json& crm_records() const { return crm_.records(); }
  const std::string& crm_source() const { return crm_.source(); }
  /// The id of the lead the last Create test lead made; empty before.
  const std::string& crm_created_id() const { return crm_.created_id(); }

  /// The answer to an earlier Http effect. status 0: the browser could not read it. The answer to a request
  /// no longer in flight (cancelled, or timed out) is ignored, and the log says so.
  void http_response(int request_id, const HttpResponse& response, std::int64_t now);

  /// Cancel request: stops waiting for every request in flight. Each is closed in the request ledger (its
  /// late answer is ignored), what waited on it is let go (a pending authorization's record, a pasted
  /// code, a device poll: the device flow stops), and the flow panel describes the profile on screen
  /// again. Nothing when no request is in flight.
  void cancel_requests(std::int64_t now);

  // [SECTION] Failure scenarios of the demo data centre (console/scenario_rehearsal.hpp)

  /// Arms the demo's failure scenario `id` (zoho/demo_scenarios.hpp; "" disarms) with a request to the
  /// demo. Errors as ScenarioRehearsal::arm.
  std::optional<Error> arm_scenario(const std::string& id, std::int64_t now);
  /// The armed scenario and the one that fired last, as the Scenarios panel shows them.
  const ScenarioRehearsal& scenarios() const { return scenarios_; }

  /// Effects produced since the last call, in order.
  std::vector<Effect> take_effects();

  // [SECTION] What the views and the bridge read

  FlowPhase phase() const { return out_.phase(); }
  const std::optional<Error>& flow_error() const { return out_.error(); }
  const std::string& status() const { return out_.status(); }
  const std::vector<LogEntry>& log() const { return out_.log(); }
  const std::string& storage_mode() const { return storage_.mode(); }
  const std::string& storage_warning() const { return storage_.warning(); }
  bool busy() const { return !requests_.empty(); }

  /// The token set of a profile (and end user), if any.
  const TokenSet* tokens_for(const std::string& profile_id, const std::string& end_user = "") const;

  /// What happened to the token set of a profile (and end user), as this console saw it; nullptr when
  /// nothing was kept (console/token_history.hpp).
  const TokenHistory* token_history(const std::string& profile_id, const std::string& end_user = "") const {
    return tokens_.history(profile_id, end_user);
  }
  /// Zoho's token limits for that set at `now`: its client id's refresh tokens for that user over every
  /// profile, its access tokens in the last 10 minutes, and the warnings (console/token_budget.hpp).
  TokenBudget token_budget(const std::string& profile_id, const std::string& end_user, std::int64_t now) const;
  /// The requests of the last authorization as the sequence diagram's arrows (console/request_history.hpp).
  std::vector<SequenceArrow> sequence() const;
  /// The serial of log()[0] (Outbox::first_log_serial): a log line's serial minus it is its index.
  std::size_t first_log_serial() const { return out_.first_log_serial(); }

  /// The end user of the last authorization that completed in this page (empty in pre-authorize mode):
  /// the token set the end-user view shows first.
  const std::string& last_authorized_end_user() const { return flow_.last_end_user(); }

  /// The bridge's `state()` snapshot (docs/ARCHITECTURE.md "Browser automation bridge"): no secret, no token value.
  nlohmann::json snapshot(std::int64_t now) const;

 private:
  /// import_profile(), naming `file_name` (when not empty) in its errors.
  std::optional<Error> import_from(const std::string& file_name, const std::string& json_text,
                                   const std::string& new_id, std::int64_t now);
  /// The flow panel describes the profile on screen: authorized when it holds a token set, idle otherwise.
  void show_selected_profile_state();
  // What both loads do after the token sets: profiles, pending authorizations, the first selection.
  void load_others(const nlohmann::json& profiles, const nlohmann::json& pending, std::int64_t now,
                   const std::string& fresh_id);
  /// After an action succeeded: a flow stopped by an error describes the profile on screen again.
  void recover_from_error();
  /// Saves the draft when it changed; a failed save stops the flow with its error (already shown).
  std::optional<Error> save_if_dirty(std::int64_t now);
  /// Sends the Call a part made (Http effect, with the relay and lock it needs, and a log line), or
  /// returns the error that stopped it.
  std::optional<Error> send_or_error(Result<Call>&& call, std::int64_t now);
  void send(Call&& call, std::int64_t now);
  // [SECTION] Answers (http_response dispatches each to the part that owns its Purpose)
  /// Stops waiting for request `id`: closes it in the ledger and lets go what waited on it (cancel_requests,
  /// the timeout). Returns it; nullopt when it was not in flight.
  std::optional<InFlight> abandon(int id, const std::string& why, std::int64_t now);
  /// The context explain_error() words a failed answer of `flight` with.
  ExplainContext explain_context_for(const InFlight& flight) const;
  /// True (after failing with the reason) when the browser could not read the answer at all: the page's
  /// Content-Security-Policy stopped it, or the relay it went through is unreachable.
  bool unreadable_answer(const InFlight& flight, const HttpResponse& response, const ExplainContext& context,
                         std::int64_t now);
  /// An exchange's or a refresh's token answer (RFC 6749 s5.1, s5.2).
  /// http_response() once the request is closed: hands the answer to the part that owns its purpose.
  void on_answer(const InFlight& flight, const HttpResponse& response, std::int64_t now);
  void on_token_answer(const InFlight& flight, const HttpResponse& response, const ExplainContext& context,
                       std::int64_t now);
  /// A device poll's answer: a token set is stored as an exchange's is.
  void on_device_poll(const InFlight& flight, const HttpResponse& response, std::int64_t now);
  /// Stores a token set that arrived for `flight` (exchange or device poll) after the API-domain check.
  void accept_tokens(const InFlight& flight, const TokenSet& tokens, const std::string& message, std::int64_t now);

  /// Starts verifying the id_token of the set of `profile_id` and `end_user` (sends the fetch it needs).
  void start_id_token_check(const std::string& profile_id, const std::string& end_user, std::int64_t now);
  /// A Discover answer: the RFC 8414 fallback sent, or the draft filled (when still on screen).
  void on_discover(const InFlight& flight, const HttpResponse& response, std::int64_t now);

  ConsoleConfig config_;
  ProfileBook book_;
  AuthorizationFlow flow_;
  DeviceAuthorizationFlow device_;
  TokenStore tokens_;
  CrmProbe crm_;
  IdTokenCheckFlow id_tokens_;
  OpenIdUserinfo userinfo_;
  RequestLedger requests_;
  ScenarioRehearsal scenarios_;
  StorageStatus storage_;
  Outbox out_;
};

}  // namespace zc
