#include "console/model.hpp"

#include <limits>
#include <utility>

#include "console/client_credentials_grant.hpp"
#include "console/lint.hpp"
#include "console/provider_discovery.hpp"
#include "console/redaction.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/token_response.hpp"
#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/explain.hpp"

namespace zc {

using nlohmann::json;

// [SECTION] Loading

Model::Model(ConsoleConfig config)
    : config_(std::move(config)),
      book_(config_.base_url, config_.default_redirect_uri),
      flow_(config_.base_url),
      device_(config_.base_url),
      tokens_(config_.base_url),
      scenarios_(config_.base_url) {}

nlohmann::json record_list(nlohmann::json&& store) {
  if (store.is_array()) return std::move(store);
  nlohmann::json records = nlohmann::json::array();
  if (!store.is_object()) return records;
  records.get_ref<nlohmann::json::array_t&>().reserve(store.size());
  for (auto& record : store) records.push_back(std::move(record));
  return records;
}

void Model::load(const json& profiles, const json& tokens, const json& pending, std::int64_t now,
                 const std::string& fresh_id) {
  tokens_.load(tokens);
  load_others(profiles, pending, now, fresh_id);
  tokens_.read_stored(SIZE_MAX, now, out_);  // a list is read at once, unreadable sets logged now
}

bool Model::load_stored(const json& profiles, std::string tokens, const json& pending, std::int64_t now,
                        const std::string& fresh_id) {
  const bool read = tokens_.load_stored(std::move(tokens));
  load_others(profiles, pending, now, fresh_id);
  return read;
}

size_t Model::read_stored_tokens(size_t count, std::int64_t now) { return tokens_.read_stored(count, now, out_); }

void Model::load_others(const json& profiles, const json& pending, std::int64_t now, const std::string& fresh_id) {
  book_.load(profiles, fresh_id, now, out_);
  flow_.load(pending, now, out_);
  device_.load(pending, now, out_);
  if (book_.profiles().empty()) return;
  select_profile(book_.profiles().front().id);
  if (tokens_.find(book_.selected_id()) != nullptr) {
    out_.set_status("Authorized earlier: the token set was loaded from this browser's storage.");
  }
}

void Model::show_selected_profile_state() { out_.show_profile(tokens_.find(book_.draft().id) != nullptr); }

void Model::recover_from_error() {
  if (out_.phase() == FlowPhase::kError) show_selected_profile_state();
}

void Model::set_storage_status(const std::string& mode, const std::string& warning) { storage_.set(mode, warning); }

void Model::storage_failed(const std::string& what) { storage_.failed(what, out_); }

void Model::storage_quarantined(const json& records, std::int64_t now) { storage_.quarantined(records, now, out_); }

void Model::external_change(const std::string& store, const std::string& key, const json& record, std::int64_t now) {
  if (store == "tokens") {
    if (tokens_.external_change(key, record, now, out_) && key.rfind(book_.selected_id() + "/", 0) == 0) {
      show_selected_profile_state();
    }
  } else if (store == "profiles") {
    book_.external_change(key, record, now, out_);
  }
}

bool Model::proceed_under_lock(int request_id, const json& stored, std::int64_t now) {
  const InFlight* f = requests_.find(request_id);
  if (f == nullptr) return false;
  if (f->purpose != Purpose::kRefresh) return true;
  const bool on_screen = f->profile_id == book_.selected_id();
  if (!tokens_.settled_elsewhere(*f, stored, now, out_)) return true;
  requests_.close(request_id);  // the refresh is dropped: nothing is sent
  if (on_screen) show_selected_profile_state();
  return false;
}

// [SECTION] Profiles

void Model::edit_draft(const Profile& edited) { book_.edit_draft(edited); }

void Model::new_draft(const std::string& id) {
  book_.new_draft(id, out_);
  show_selected_profile_state();
  out_.set_status("New profile: fill in the fields, then press Save Authorization Profile.");
}

void Model::set_draft_data_centre(const std::string& id) { book_.set_draft_data_centre(id); }

void Model::set_draft_provider(Provider provider) { book_.set_draft_provider(provider); }

std::optional<Error> Model::save_draft(std::int64_t now) {
  std::optional<Error> error = book_.save_draft(now, out_);
  if (!error) recover_from_error();  // the problem that stopped the flow is fixed
  return error;
}

void Model::select_profile(const std::string& id) {
  if (!book_.select(id, out_)) return;
  show_selected_profile_state();
  out_.set_status(std::string());
}

void Model::note(const std::string& text, std::int64_t now) { out_.note(text, now); }

void Model::delete_profile(const std::string& id, std::int64_t now) {
  if (book_.find(id) == nullptr) return;
  tokens_.remove_profile(id, out_);
  if (book_.remove(id, out_)) {  // it was on screen
    if (!book_.profiles().empty()) select_profile(book_.profiles().front().id);
    else show_selected_profile_state();
  }
  out_.note("Deleted profile '" + book_.undoable_name() + "' and its tokens (Undo restores them).", now);
}

bool Model::undo_delete(std::int64_t now) {
  const std::optional<Profile> restored = book_.restore_deleted(out_);
  if (!restored) return false;
  tokens_.restore_removed(out_);
  select_profile(restored->id);
  out_.note("Restored profile '" + restored->name + "'.", now);
  return true;
}

void Model::duplicate_profile(const std::string& id, const std::string& new_id, std::int64_t now) {
  if (!book_.duplicate(id, new_id, out_)) return;
  save_draft(now);
  show_selected_profile_state();
}

std::optional<Error> Model::import_profile(const std::string& json_text, const std::string& new_id, std::int64_t now) {
  return import_from("", json_text, new_id, now);
}

std::optional<Error> Model::import_profile_file(const std::string& file_name, std::uint64_t size,
                                                const std::string& text, const std::string& new_id, std::int64_t now) {
  const std::string name = printable(file_name, 80);
  if (size > kMaxProfileFileBytes) {
    return out_.refuse({"import.too_large",
                        "Not imported: " + name + " is " + std::to_string(size) +
                            " bytes, more than a profile file can be (1 MiB). Choose the .json file that Download "
                            "saved.",
                        "README: profile JSON, version 1"}, now);
  }
  return import_from(name, text, new_id, now);
}

std::optional<Error> Model::import_from(const std::string& file_name, const std::string& json_text,
                                        const std::string& new_id, std::int64_t now) {
  Result<ProfileImport> read = book_.read_import(file_name, json_text);
  if (!read.ok()) {
    out_.refuse(read.error(), now);
    return read.error();
  }
  std::vector<Profile>& profiles = read.value().profiles;
  book_.keep_unsaved_edits(out_);
  if (read.value().list) {
    std::string unsaved;
    for (size_t i = 0; i < profiles.size(); ++i) {
      book_.take_into_form(std::move(profiles[i]), new_id + "-" + std::to_string(i + 1));
      if (save_draft(now)) unsaved += (unsaved.empty() ? "" : ", ") + book_.draft().name;
    }
    out_.note("Imported " + std::to_string(profiles.size()) + " profile(s)" +
                  (unsaved.empty() ? "." : "; not saved, as they lack a field such as the client secret: " + unsaved + "."),
              now);
    return std::nullopt;
  }
  const std::string name = profiles.front().name;
  book_.take_into_form(std::move(profiles.front()), new_id);
  if (auto e = save_draft(now)) {
    // Typically an export made without its client secret: the profile stays in the form, unsaved, and
    // the status names what to fill in before Save.
    out_.set_status("Imported '" + name + "' into the form, not saved yet: " + e->message);
    return std::nullopt;
  }
  show_selected_profile_state();
  out_.note("Imported profile '" + name + "'.", now);
  return std::nullopt;
}

std::string Model::export_all_profiles(bool include_secret) const { return book_.export_all(include_secret); }

std::string Model::export_profile(const std::string& id, bool include_secret) const {
  return book_.export_profile(id, include_secret);
}

void Model::set_enabled(bool enabled, std::int64_t now) {
  book_.draft().enabled = enabled;
  if (auto e = save_draft(now)) {
    book_.draft().enabled = !enabled;
    return;
  }
  out_.note(enabled ? "Integration enabled: its tokens are refreshed shortly before they expire, while this console is open."
                    : "Integration disabled: no automatic refresh.",
            now);
}

void Model::tick(std::int64_t now) {
  // A request unanswered for kRequestTimeout seconds: the console stops waiting and says why.
  for (int id : requests_.sent_before(now - kRequestTimeout + 1)) {
    if (std::optional<InFlight> f = abandon(id, "no answer in " + std::to_string(kRequestTimeout) + " s", now)) {
      out_.fail(explain_error({"network.timeout", "", ""}, explain_context_for(*f)), now);
    }
  }
  if (device_.pending()) {
    if (std::optional<Call> poll = device_.due_poll(book_.find(device_.pending()->profile_id), now, out_)) {
      send(std::move(*poll), now);
    }
  }
  for (const Profile& p : book_.profiles()) {
    if (!p.enabled) continue;
    if (const std::optional<std::string> end_user = tokens_.due_refresh(p, now, requests_, out_)) {
      refresh(p.id, *end_user, now);
      return;  // one at a time; the next tick takes the next one
    }
  }
}

const std::vector<std::string>& Model::end_users(const std::string& profile_id) const {
  return tokens_.end_users(profile_id);
}

json Model::unsaved_draft() const { return book_.unsaved_draft(); }

void Model::restore_draft(const json& kept, std::int64_t now) {
  if (book_.restore(kept, now, out_)) show_selected_profile_state();
}

Result<std::string> Model::authorization_url_preview() const { return book_.authorization_url_preview(); }

// [SECTION] Authorization flow

std::optional<Error> Model::save_if_dirty(std::int64_t now) {
  if (!book_.draft_is_dirty()) return std::nullopt;
  std::optional<Error> error = save_draft(now);
  if (error) out_.set_error(*error);  // save_draft already logged and showed why
  return error;
}

std::optional<Error> Model::authorize(const std::string& state, std::int64_t now, const std::string& code_verifier,
                                     const std::string& code_challenge, const std::string& end_user,
                                     const std::string& nonce) {
  if (auto e = flow_.require_end_user(book_.draft(), end_user, now, out_)) return e;
  if (auto e = save_if_dirty(now)) return e;
  return flow_.start(book_.draft(), authorization_url_preview(), state, now, code_verifier, code_challenge, end_user,
                     out_, nonce);
}

void Model::handle_callback(const std::string& url, std::int64_t now) {
  const size_t refusals = out_.refusals(), next_line = out_.first_log_serial() + out_.log().size();
  const std::optional<AcceptedRedirect> accepted = flow_.receive(url, now, out_);
  // A refused callback is the diagram's red arrow (when it was logged: a malformed one is not).
  const std::vector<LoggedRequest>& logged = out_.requests();
  if (out_.refusals() != refusals && !logged.empty() && logged.back().to == Party::kConsole &&
      logged.back().log_line >= next_line) {
    out_.log_failed();
  }
  if (!accepted) return;
  const PendingAuthorization& pending = accepted->pending;
  const Profile* profile = book_.find(pending.profile_id);
  if (profile == nullptr) {
    out_.fail({"callback.profile", "The profile this authorization was started for no longer exists.", ""}, now);
    return;
  }
  book_.show_saved(*profile);
  if (accepted->callback.tokens) {
    tokens_.record(pending.profile_id, pending.end_user, TokenEventKind::kIssued, now);
    tokens_.put(pending.profile_id, pending.end_user, *accepted->callback.tokens, out_);
    flow_.implicit_authorized(pending.end_user, now, out_);
    return;
  }
  send(flow_.exchange_redirected(*accepted, *profile, now, out_), now);
}

std::optional<Error> Model::exchange_pasted_code(const std::string& pasted, std::int64_t now) {
  Result<std::string> code = flow_.pasted_code(pasted, now, out_);
  if (!code.ok()) return code.error();
  if (auto e = save_if_dirty(now)) return e;
  return send_or_error(flow_.exchange_pasted(code.value(), book_.draft(), now, out_), now);
}

std::optional<Error> Model::generate_demo_grant_code(std::int64_t now) {
  return send_or_error(flow_.generate_demo_code(book_.draft(), now, out_), now);
}

std::optional<Error> Model::get_client_credentials_token(std::int64_t now) {
  if (auto e = save_if_dirty(now)) return e;
  return send_or_error(client_credentials_call(book_.draft(), config_.base_url, now, out_), now);
}

std::optional<Error> Model::start_device_flow(const std::string& end_user, std::int64_t now) {
  if (auto e = save_if_dirty(now)) return e;
  return send_or_error(device_.start(book_.draft(), end_user, now, out_), now);
}

void Model::cancel_device_flow(std::int64_t now) {
  if (device_.cancel(now, out_)) show_selected_profile_state();
}

std::string Model::device_activity(std::int64_t now) const {
  return uses_device_flow(book_.draft()) ? device_.activity(out_.phase(), now) : std::string();
}

std::optional<Error> Model::refresh(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  return send_or_error(tokens_.refresh(book_.find(profile_id), profile_id, end_user, requests_, now, out_), now);
}

std::optional<Error> Model::revoke(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  return send_or_error(tokens_.revoke(book_.find(profile_id), profile_id, end_user, now, out_), now);
}

void Model::forget(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  if (tokens_.forget(profile_id, end_user, now, out_) && profile_id == book_.draft().id) show_selected_profile_state();
}

std::optional<Error> Model::test_connection(const std::string& profile_id, const std::string& end_user,
                                           std::int64_t now) {
  return send_or_error(crm_.call(Purpose::kCrmGet, profile_id, end_user, tokens_.find(profile_id, end_user), now, out_),
                       now);
}

std::optional<Error> Model::create_test_lead(const std::string& profile_id, const std::string& end_user,
                                            std::int64_t now) {
  return send_or_error(
      crm_.call(Purpose::kCrmCreate, profile_id, end_user, tokens_.find(profile_id, end_user), now, out_), now);
}

// [SECTION] Requests and answers

std::optional<Error> Model::send_or_error(Result<Call>&& call, std::int64_t now) {
  if (!call.ok()) return call.error();
  send(std::move(call).value(), now);
  return std::nullopt;
}

void Model::send(Call&& call, std::int64_t now) {
  HttpRequest& request = call.request;
  InFlight& flight = call.flight;
  // Calls to the accounts server go through the profile's relay when it names one (README "Relay").
  const Profile* profile = book_.find(flight.profile_id);
  const bool accounts_call = goes_to_accounts_server(flight.purpose);
  const std::string target = request.url;
  // HTTP Basic client authentication is in a header the log does not show: say that it was sent.
  std::string via = header_value(request.headers, "Authorization").rfind("Basic ", 0) == 0
                        ? "  (client id and secret in an HTTP Basic Authorization header)"
                        : "";
  if (accounts_call && profile != nullptr && !profile->relay_url.empty()) {
    via += "  (via relay " + redact_url(profile->relay_url) + ")";
    flight.relay = profile->relay_url;
    request.url = append_query(profile->relay_url, "target=" + percent_encode(target));
  }
  // The body as sent: JSON for the CRM API, a form for the accounts server; secrets masked either way.
  const bool json_body = header_value(request.headers, "Content-Type").find("json") != std::string::npos;
  out_.add_log(now, "request", request.method + " " + redact_url(target) + "  " +
                                   (json_body ? redact_json(request.body) : redact_form(request.body)) + via);
  flight.sent_at = now;
  LoggedRequest logged{Party::kConsole, party_of(flight.purpose), request.method, redact_url(target)};
  logged.starts = starts_authorization(flight.purpose, flight.pending_state.empty());
  Http http{0, std::move(request), TokenStore::lock_for(flight)};
  http.request_id = logged.request_id = requests_.open(std::move(flight));
  out_.log_request(std::move(logged));
  out_.push(std::move(http));
}

void Model::http_response(int request_id, const HttpResponse& response, std::int64_t now) {
  const InFlight* open = requests_.find(request_id);
  // The demo names a failure scenario that fired in its answer, also in one that comes too late.
  scenarios_.on_answer(open != nullptr ? open->url : config_.base_url + "demo/", response);
  const std::optional<InFlight> closed = requests_.close(request_id);
  if (!closed) {
    out_.add_log(now, "info", "Ignored a late answer (HTTP " + std::to_string(response.status) + ") to request #" +
                                  std::to_string(request_id) + ".");
    return;
  }
  const InFlight& f = *closed;
  if (!f.pending_state.empty()) out_.remove("pending", f.pending_state);  // the answer came: done with it
  out_.add_log(now, "response", std::to_string(response.status) + " from " +
                                    (f.relay.empty() ? f.url : "the relay for " + f.url) + "  " +
                                    redact_json(response.body));
  // The request log: its status, and whether handling it refused (Zoho's errors come with HTTP 200).
  const size_t refusals = out_.refusals();
  on_answer(f, response, now);
  out_.log_answer(request_id, response.status,
                  response.status < 200 || response.status > 299 || out_.refusals() != refusals);
}

void Model::on_answer(const InFlight& f, const HttpResponse& response, std::int64_t now) {
  const ExplainContext context = explain_context_for(f);
  if (unreadable_answer(f, response, context, now)) {
    if (f.purpose == Purpose::kDevicePoll) device_.cancel(now, out_);  // no poll left waiting on an answer
    return;
  }
  switch (f.purpose) {
    case Purpose::kSelfCode: return flow_.on_generated_code(response, book_.draft(), now, out_);
    case Purpose::kRevoke:
      if (tokens_.on_revoke(f, response, context, now, out_) && f.profile_id == book_.draft().id) {
        show_selected_profile_state();
      }
      return;
    case Purpose::kCrmGet:
    case Purpose::kCrmCreate:
      if (crm_.on_answer(f, response, tokens_.find(f.profile_id, f.end_user), now, out_)) recover_from_error();
      return;
    case Purpose::kExchange:
    case Purpose::kRefresh:
    case Purpose::kClientCredentials: return on_token_answer(f, response, context, now);
    case Purpose::kDeviceCode: return device_.on_authorization(f, response, book_.find(f.profile_id), now, out_);
    case Purpose::kDevicePoll: return on_device_poll(f, response, now);
    case Purpose::kOpenIdConfiguration:
      if (std::optional<Call> next = id_tokens_.on_configuration(f, response, now, out_)) send(std::move(*next), now);
      return;
    case Purpose::kJwks: return id_tokens_.on_jwks(f, response, now, out_);
    case Purpose::kUserinfo: return userinfo_.on_answer(response, now, out_);
    case Purpose::kDiscover: return on_discover(f, response, now);
    case Purpose::kScenario: return scenarios_.on_armed(f, response, now, out_);
  }
}

std::optional<InFlight> Model::abandon(int id, const std::string& why, std::int64_t now) {
  std::optional<InFlight> f = requests_.close(id);
  if (!f) return f;
  out_.add_log(now, "info", "Stopped waiting for request #" + std::to_string(id) + " (" + why + "); its answer is ignored.");
  if (!f->pending_state.empty()) out_.remove("pending", f->pending_state);
  // A pasted code may be tried again (it fails at Zoho if the server did use it); a redirected one never is.
  if (f->purpose == Purpose::kExchange && f->redirect_uri.empty()) flow_.release_code(f->code);
  if (f->purpose == Purpose::kDevicePoll) device_.cancel(now, out_);  // no poll left waiting on an answer
  return f;
}

void Model::cancel_requests(std::int64_t now) {
  const std::vector<int> ids = requests_.sent_before(std::numeric_limits<std::int64_t>::max());
  if (ids.empty()) return;
  for (int id : ids) abandon(id, "cancelled", now);
  show_selected_profile_state();
  out_.note("Cancelled: the console stopped waiting for " + std::to_string(ids.size()) +
                " request(s); the server may still have acted on it.",
            now);
}

std::optional<Error> Model::arm_scenario(const std::string& id, std::int64_t now) {
  return send_or_error(scenarios_.arm(book_.draft(), id, now, out_), now);
}

ExplainContext Model::explain_context_for(const InFlight& f) const {
  const Profile* profile = book_.find(f.profile_id);
  ExplainContext context{data_centre_label(f.accounts_server, config_.base_url), f.redirect_uri, f.url, "token"};
  // A pasted code (self client) exchanges with no redirect URI at all.
  context.self_client = f.purpose == Purpose::kExchange && f.redirect_uri.empty();
  context.refresh = f.purpose == Purpose::kRefresh;
  context.zoho = profile == nullptr || profile->provider == Provider::kZoho;
  if (profile != nullptr) {
    context.client_authentication =
        spelling(sends_client_secret(*profile) ? profile->client_authentication : ClientAuthentication::kNone);
  }
  return context;
}

bool Model::unreadable_answer(const InFlight& f, const HttpResponse& response, const ExplainContext& context,
                              std::int64_t now) {
  if (response.status == 0 && response.blocked_by_policy) {
    // The page's own Content-Security-Policy stopped it: not CORS, not the server, and not the relay.
    ExplainContext blocked = context;
    blocked.token_url = f.relay.empty() ? f.url : f.relay;
    out_.fail(explain_error({"network.csp_blocked", "", ""}, blocked), now);
  } else if (response.status == 0 && !f.relay.empty()) {
    // The relay itself could not be read: say so, not "Zoho's endpoint refused browsers".
    out_.fail({"network.relay_unreachable",
               "The browser could not reach the relay at " + redact_url(f.relay) + " (status 0): is `python3 serve.py "
               "--relay` running there, and is the console open at that same address (localhost and 127.0.0.1 "
               "differ)? The request did not reach Zoho; try again once the relay answers, or clear the profile's "
               "Relay URL.",
               "README: Relay"},
              now);
  } else {
    return false;
  }
  if (context.self_client) flow_.release_code(f.code);
  return true;
}

void Model::on_token_answer(const InFlight& f, const HttpResponse& response, const ExplainContext& context,
                            std::int64_t now) {
  const Profile* profile = book_.find(f.profile_id);
  auto parsed = tokens_.read_answer(f, response,
                                    profile != nullptr ? expires_in_reading_for(*profile)
                                                       : ExpiresInReading::kZohoMillisecondsFallback,
                                    now);
  if (!parsed.ok()) {
    out_.fail(explain_error(parsed.error(), context), now);
    if (context.self_client) flow_.release_code(f.code);
    return;
  }
  // Zoho's refresh answer may lack api_domain and scope (docs/ZOHO.md "Token endpoint"): the stored ones stay.
  const json body = parse_json(response.body);
  const bool kept = context.zoho && f.purpose == Purpose::kRefresh && body.is_object() &&
                    (!body.contains("api_domain") || !body.contains("scope"));
  accept_tokens(f, parsed.value(),
                f.purpose == Purpose::kRefresh ? "Refreshed: a new access token from " + context.data_centre + "." +
                                                     (kept ? " Its answer had no api_domain or scope: the stored ones "
                                                             "were kept."
                                                           : "")
                : f.purpose == Purpose::kClientCredentials
                    ? "Token received (client credentials) from " + context.data_centre +
                          ". This grant has no refresh token: Refresh asks again."
                    : "Authorized: access token received from " + context.data_centre + ".",
                now);
}

void Model::accept_tokens(const InFlight& f, const TokenSet& tokens, const std::string& message, std::int64_t now) {
  const Profile* profile = book_.find(f.profile_id);
  if (profile != nullptr && profile->provider == Provider::kZoho) {
    if (auto refusal = unknown_api_domain_message(tokens.api_domain, config_.base_url)) {
      out_.fail({"token_response.api_domain", *refusal, "RFC 9700 s4.4"}, now);
      return;
    }
  }
  // The nonce this authorization sent stays with its id_token (a check after a reload needs it).
  TokenSet kept = tokens;
  if (f.purpose != Purpose::kRefresh) kept.id_token_nonce = kept.id_token.empty() ? "" : f.nonce;
  tokens_.record(f.profile_id, f.end_user,
                 f.purpose == Purpose::kRefresh ? TokenEventKind::kRefreshed : TokenEventKind::kIssued, now);
  tokens_.put(f.profile_id, f.end_user, kept, out_);
  // A client-credentials token belongs to no end user who authorized in this page.
  if (f.purpose == Purpose::kExchange || f.purpose == Purpose::kDevicePoll) flow_.exchanged(f.end_user);
  out_.authorized(message, now);
  // OpenID Connect: an id_token is verified as it arrives (a refresh's keeps the sign-in's verdict).
  if (tokens.id_token.empty() || f.purpose == Purpose::kRefresh) return;
  if (profile != nullptr && !key_source_for(*profile, tokens).ok()) {
    // A custom provider without an issuer: said in the log, not as an error of the authorization that worked.
    out_.add_log(now, "info", "The id_token was not verified: the profile has no Issuer (Discover fills it); "
                              "then press Verify id_token.");
    return;
  }
  start_id_token_check(f.profile_id, f.end_user, now);
}

// [SECTION] OpenID Connect

void Model::start_id_token_check(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  const Profile* profile = book_.find(profile_id);
  const TokenSet* tokens = tokens_.find(profile_id, end_user);
  if (profile == nullptr || tokens == nullptr) return;
  if (std::optional<Call> fetch = id_tokens_.start(*profile, end_user, *tokens, now, out_)) send(std::move(*fetch), now);
}

std::optional<Error> Model::verify_id_token(const std::string& profile_id, const std::string& end_user,
                                            std::int64_t now) {
  if (tokens_.find(profile_id, end_user) == nullptr || book_.find(profile_id) == nullptr) {
    return out_.refuse({"verify.no_token", "There is no token set to verify: press Authorize first.", ""}, now);
  }
  start_id_token_check(profile_id, end_user, now);
  return std::nullopt;
}

void Model::signature_checked(int check_id, bool valid, std::int64_t now) {
  id_tokens_.on_signature(check_id, valid, now, out_);
}

std::optional<Error> Model::call_userinfo(const std::string& profile_id, const std::string& end_user,
                                          std::int64_t now) {
  const Profile* profile = book_.find(profile_id);
  const TokenSet* tokens = tokens_.find(profile_id, end_user);
  std::string discovered;
  if (profile != nullptr && tokens != nullptr) {
    const Result<KeySource> source = key_source_for(*profile, *tokens);
    const IssuerKeys* keys = source.ok() ? id_tokens_.cached(source.value().issuer) : nullptr;
    if (keys != nullptr) discovered = keys->metadata.userinfo_endpoint;
  }
  const std::string endpoint = profile != nullptr ? userinfo_endpoint(*profile, discovered) : "";
  return send_or_error(userinfo_.call(endpoint, profile_id, end_user, tokens, now, out_), now);
}

std::optional<Error> Model::discover(std::int64_t now) {
  return send_or_error(discover_call(book_.draft(), now, out_), now);
}

void Model::on_discover(const InFlight& f, const HttpResponse& response, std::int64_t now) {
  if (std::optional<Call> fallback = discover_fallback(f, response)) return send(std::move(*fallback), now);
  if (f.profile_id != book_.draft().id) return;  // another profile is on screen now: its form is not touched
  Result<Profile> filled = fill_from_discovery(book_.draft(), f, response, now, out_);
  if (filled.ok()) book_.edit_draft(filled.value());
}

void Model::on_device_poll(const InFlight& f, const HttpResponse& response, std::int64_t now) {
  const Profile* profile = book_.find(f.profile_id);
  const ExpiresInReading reading =
      profile != nullptr ? expires_in_reading_for(*profile) : ExpiresInReading::kZohoMillisecondsFallback;
  std::optional<TokenSet> tokens = device_.on_poll(f, response, reading, now, out_);
  if (!tokens) return;
  if (profile != nullptr) book_.show_saved(*profile);
  accept_tokens(f, *tokens, "Authorized by the device flow: access token received from " +
                                data_centre_label(f.accounts_server, config_.base_url) + ".",
                now);
}

std::vector<Effect> Model::take_effects() { return out_.take_effects(); }

TokenBudget Model::token_budget(const std::string& profile_id, const std::string& end_user, std::int64_t now) const {
  const Profile* profile = book_.find(profile_id);
  std::vector<const TokenHistory*> same_client_user;
  for (const Profile& p : book_.profiles()) {
    const TokenHistory* h = tokens_.history(p.id, end_user);
    if (h != nullptr && profile != nullptr && p.client_id == profile->client_id) same_client_user.push_back(h);
  }
  const TokenHistory* own = tokens_.history(profile_id, end_user);
  return zc::token_budget(same_client_user, own != nullptr ? *own : TokenHistory{}, now);
}

std::vector<SequenceArrow> Model::sequence() const {
  return request_history(out_.requests(), out_.first_log_serial(), out_.log().size());
}

const TokenSet* Model::tokens_for(const std::string& profile_id, const std::string& end_user) const {
  return tokens_.find(profile_id, end_user);
}

// [SECTION] Snapshot

json Model::snapshot(std::int64_t now) const {
  json profiles = json::array();
  for (const Profile& p : book_.profiles()) profiles.push_back(profile_to_json(p, /*include_secret=*/false));
  auto url = authorization_url_preview();
  const std::optional<std::int64_t> left = flow_.grant_code_seconds_left(now);
  const std::optional<Error>& flow_error = out_.error();
  json error = nullptr;
  if (flow_error) error = {{"code", flow_error->code}, {"message", flow_error->message}, {"source", flow_error->source}};
  return {{"profiles", profiles},
          {"selectedProfileId", book_.selected_id()},
          {"draft", profile_to_json(book_.draft(), false)},
          {"authorizationUrl", url.ok() ? url.value() : ""},
          {"authorizationUrlError", url.ok() ? "" : url.error().message},
          {"lint", diagnostics_to_json(lint_profile(book_.draft(), config_.base_url))},
          {"flow", {{"phase", phase_name(out_.phase())}, {"error", error}, {"activity", device_activity(now)}}},
          {"status", out_.status()},
          {"busy", busy()},
          {"tokens", tokens_.snapshot(now)},
          {"storage", {{"mode", storage_.mode()}, {"warning", storage_.warning()}}},
          {"device", device_.snapshot(now)},
          {"grantCode", {{"minutes", flow_.grant_code_minutes()}, {"secondsLeft", left ? json(*left) : json(nullptr)}}},
          {"crm", {{"records", crm_.records().size()}, {"source", crm_.source()}, {"createdId", crm_.created_id()}}},
          {"idToken", id_tokens_.snapshot()},
          {"userinfo", {{"status", userinfo_.status()}, {"body", userinfo_.body()}}},
          {"scenario", {{"armed", scenarios_.armed()}, {"fired", scenarios_.fired()}}},
          {"log", out_.log_json()}};
}

}  // namespace zc
