#include "console/token_store.hpp"

#include <utility>

#include "console/client_credentials_grant.hpp"
#include "console/profile_endpoints.hpp"
#include "oauth/json_text.hpp"
#include "oauth/revocation.hpp"
#include "oauth/token_request.hpp"
#include "zoho/data_centres.hpp"

namespace zc {

using nlohmann::json;

namespace {
// The token set inside a stored `tokens` record ({profileId, endUser, tokens}); an error for a record
// of another shape. One reader for load, other tabs' changes and the refresh lock.
Result<TokenSet> token_set_of_record(const json& record) {
  return token_set_from_json(record.is_object() && record.contains("tokens") ? record["tokens"] : json());
}

// True when a key (`<profile id>/<end user>`) belongs to the profile; ids hold no '/'.
bool key_of_profile(const std::string& key, const std::string& profile_id) {
  return key.size() > profile_id.size() && key.compare(0, profile_id.size(), profile_id) == 0 &&
         key[profile_id.size()] == '/';
}
}  // namespace

TokenStore::TokenStore(std::string base_url) : base_url_(std::move(base_url)) {}

std::string TokenStore::key(const std::string& profile_id, const std::string& end_user) {
  return profile_id + "/" + end_user;
}

// [SECTION] The sets

bool TokenStore::load_stored(std::string stored) {
  read_all();  // a second load: what the first left unread is read before its text goes
  std::optional<std::vector<ObjectMember>> members = object_members(stored, kMaxJsonDepth + 1);
  if (!members) return false;
  keys_changed();
  // Places are offsets from the text's start as given: a short text moves by copy (the small-string
  // buffer), so the views' addresses mean nothing once it is stored_text_.
  const char* const base = stored.data();
  for (ObjectMember& m : *members) {
    // A key written twice keeps its last record, as a parsed object would; the stored record replaces a
    // set of the same key held before the load (a key is never in both sets_ and unread_).
    sets_.erase(m.name);
    if (m.text.empty()) {  // not an object: no token set (and no earlier record of that key either)
      unread_.erase(m.name);
      continue;
    }
    unread_.insert_or_assign(std::move(m.name), static_cast<std::int64_t>(m.text.data() - base) << 32 |
                                                    static_cast<std::int64_t>(m.text.size()));
  }
  stored_text_ = std::move(stored);
  return true;
}

void TokenStore::load(const json& records) {
  json stored = json::object();
  if (records.is_array()) {
    for (const json& j : records) {
      if (!j.is_object() || !j.contains("profileId") || !j["profileId"].is_string()) continue;
      stored[key(j["profileId"].get<std::string>(), string_at(j, "endUser"))] = j;
    }
  }
  load_stored(to_json_text(stored));
}

std::map<std::string, std::int64_t>::iterator TokenStore::read_entry(std::map<std::string, std::int64_t>::iterator it) const {
  const std::string& k = it->first;
  const json record = parse_json(std::string_view(stored_text_).substr(static_cast<size_t>(it->second >> 32),
                                                                       static_cast<size_t>(it->second & 0xFFFFFFFF)));
  // Why the record is no token set of its key, if it is not one. A member without a profileId is no token
  // set and never was one (ignored, as before bundles): it leaves no message.
  std::optional<std::string> problem;
  if (!record.is_object() || !record.contains("profileId") || !record["profileId"].is_string()) {
    problem.emplace();
  } else if (key(record["profileId"].get<std::string>(), string_at(record, "endUser")) != k) {
    problem = "its key " + printable(k) + " names another profile or end user than its record.";
  } else if (auto t = token_set_of_record(record); !t.ok()) {
    problem = t.error().message;
  } else {
    sets_.insert_or_assign(k, std::move(t).value());
    if (TokenHistory h = token_history_of_record(record); !h.empty()) histories_.insert_or_assign(k, std::move(h));
  }
  if (problem) {
    if (!problem->empty()) unreadable_.push_back(std::move(*problem));
    keys_changed();  // unless the record reads, its key leaves the end-user list
  }
  return unread_.erase(it);
}

void TokenStore::read(const std::string& k) const {
  if (unread_.empty()) return;
  if (const auto it = unread_.find(k); it != unread_.end()) read_entry(it);
}

void TokenStore::read_profile(const std::string& profile_id) const {
  for (auto it = unread_.lower_bound(profile_id + "/"); it != unread_.end() && key_of_profile(it->first, profile_id);) {
    it = read_entry(it);
  }
}

void TokenStore::read_all() const {
  for (auto it = unread_.begin(); it != unread_.end();) it = read_entry(it);
}

size_t TokenStore::read_stored(size_t count, std::int64_t now, Outbox& out) {
  for (auto it = unread_.begin(); it != unread_.end() && count > 0; --count) it = read_entry(it);
  for (const std::string& message : unreadable_) {
    out.add_log(now, "error", "A stored token set could not be read and was skipped: " + message);
  }
  unreadable_.clear();
  if (unread_.empty()) std::string().swap(stored_text_);  // `= {}` would keep its capacity: megabytes
  return unread_.size();
}

const TokenSet* TokenStore::find(const std::string& profile_id, const std::string& end_user) const {
  const std::string k = key(profile_id, end_user);
  read(k);
  const auto it = sets_.find(k);
  return it == sets_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& TokenStore::end_users(const std::string& profile_id) const {
  if (end_users_.valid && end_users_.profile_id == profile_id) return end_users_.users;
  end_users_ = EndUsers{true, profile_id, {}};
  // The profile's keys are one run of the sorted sets and one of the sorted unread records ("<id>/" up to
  // "<id>0": '0' follows '/'), merged: the list needs no record read (10,000 rows, a screen of them drawn).
  std::vector<std::string>& users = end_users_.users;
  auto set = sets_.lower_bound(profile_id + "/");
  auto unread = unread_.lower_bound(profile_id + "/");
  for (;;) {
    const bool more_sets = set != sets_.end() && key_of_profile(set->first, profile_id);
    const bool more_unread = unread != unread_.end() && key_of_profile(unread->first, profile_id);
    if (!more_sets && !more_unread) break;
    // A key is in one of the two, never both: reading moves it from unread_ to sets_.
    const std::string& k = more_unread && (!more_sets || unread->first < set->first) ? (unread++)->first : (set++)->first;
    if (k.size() > profile_id.size() + 1) users.push_back(k.substr(profile_id.size() + 1));
  }
  return users;
}

void TokenStore::put(const std::string& profile_id, const std::string& end_user, const TokenSet& tokens, Outbox& out) {
  const std::string k = key(profile_id, end_user);
  read(k);  // its stored history goes into the record written
  sets_[k] = tokens;
  keys_changed();
  json record = {{"profileId", profile_id}, {"endUser", end_user}, {"tokens", token_set_to_json(tokens)}};
  if (const TokenHistory* h = history(profile_id, end_user); h != nullptr && !h->empty()) {
    record["history"] = token_history_to_json(*h);
  }
  out.put("tokens", k, std::move(record));
}

void TokenStore::record(const std::string& profile_id, const std::string& end_user, TokenEventKind kind,
                        std::int64_t now) {
  const std::string k = key(profile_id, end_user);
  read(k);
  record_token_event(histories_[k], kind, now);
}

const TokenHistory* TokenStore::history(const std::string& profile_id, const std::string& end_user) const {
  const std::string k = key(profile_id, end_user);
  read(k);
  const auto it = histories_.find(k);
  return it == histories_.end() ? nullptr : &it->second;
}

bool TokenStore::forget(const std::string& profile_id, const std::string& end_user, std::int64_t now, Outbox& out) {
  const std::string k = key(profile_id, end_user);
  read(k);
  if (sets_.erase(k) == 0) return false;
  keys_changed();
  out.remove("tokens", k);
  out.note("The token set was forgotten in this browser (not revoked at the server).", now);
  return true;
}

bool TokenStore::external_change(const std::string& k, const json& record, std::int64_t now, Outbox& out) {
  read(k);  // the stored record is older than the change
  keys_changed();
  if (record.is_null()) {
    if (sets_.erase(k) == 0) return false;
    out.note("A token set was removed in another tab.", now);
    return true;
  }
  auto t = token_set_of_record(record);
  if (!t.ok()) return false;
  sets_[k] = t.value();
  histories_[k] = token_history_of_record(record);
  out.note("New tokens arrived from another tab.", now);
  return true;
}

void TokenStore::remove_profile(const std::string& profile_id, Outbox& out) {
  read_profile(profile_id);
  keys_changed();
  removed_.clear();
  for (auto t = sets_.begin(); t != sets_.end();) {
    if (key_of_profile(t->first, profile_id)) {
      removed_[t->first] = t->second;
      out.remove("tokens", t->first);
      t = sets_.erase(t);
    } else {
      ++t;
    }
  }
}

void TokenStore::restore_removed(Outbox& out) {
  for (const auto& [k, t] : removed_) {
    const size_t slash = k.find('/');
    put(k.substr(0, slash), k.substr(slash + 1), t, out);
  }
  removed_.clear();
}

json TokenStore::snapshot(std::int64_t now) const {
  read_all();
  json tokens = json::array();
  for (const auto& [k, t] : sets_) {
    const size_t slash = k.find('/');
    tokens.push_back({{"profileId", k.substr(0, slash)},
                      {"endUser", k.substr(slash + 1)},
                      {"hasAccessToken", !t.access_token.empty()},
                      {"hasRefreshToken", !t.refresh_token.empty()},
                      {"apiDomain", t.api_domain},
                      {"expiresAt", t.expires_at},
                      {"expired", is_expired(t, now)},
                      {"scope", t.scope},
                      {"accountsServer", t.accounts_server}});
  }
  return tokens;
}

// [SECTION] Refresh

Result<Call> TokenStore::refresh(const Profile* profile, const std::string& profile_id, const std::string& end_user,
                                 const RequestLedger& requests, std::int64_t now, Outbox& out) {
  const TokenSet* t = find(profile_id, end_user);
  // A client-credentials set has no refresh token: it is renewed by asking again (Zoho: "repeat Step 1").
  if (profile == nullptr || t == nullptr || (t->refresh_token.empty() && !asks_again_for_tokens(*profile))) {
    return out.fail({"refresh.no_refresh_token",
                     "There is no refresh token to use: Zoho gives one only with access_type=offline on the first "
                     "consent (or with prompt=consent). Press Authorize again.",
                     "Zoho OAuth: Refresh tokens"}, now);
  }
  if (requests.refreshing(profile_id, end_user)) {
    return Error{"refresh.in_flight", "A refresh of this token set is already under way.", "README: Security"};
  }
  if (const auto until = refresh_not_before_.find(key(profile_id, end_user));
      until != refresh_not_before_.end() && now < until->second) {
    // Asking again while throttled restarts the server's count: the console holds the request back.
    return out.refuse({"refresh.rate_limited",
                       "The token endpoint throttled this token set (rate_limited); asking again now would prolong "
                       "it. Try again in " + std::to_string(until->second - now) +
                           " s. The current access token works until it expires.",
                       profile->provider == Provider::kZoho ? "Zoho OAuth: Token limits" : "RFC 6585 s4"}, now);
  }
  // Zoho: the token set's own accounts server (Multi-DC: the user's data centre), when it is one of the
  // table's. Any other provider: its own Refresh Token URL, always (its secret goes nowhere else).
  std::string url = resolve_endpoints(*profile, base_url_).refresh_token_url;
  const auto dc = profile->provider == Provider::kZoho ? find_by_accounts_server(t->accounts_server, base_url_)
                                                       : std::nullopt;
  if (dc) url = token_endpoint(*dc);
  InFlight flight = token_set_call(Purpose::kRefresh, profile_id, end_user, *t, url);
  flight.held_access_token = t->access_token;
  out.set_status("Refreshing the access token at " + url + "...");
  return Call{asks_again_for_tokens(*profile) ? client_credentials_request_for(*profile, url)
                                              : build_refresh(url, client_credentials(*profile), t->refresh_token),
              std::move(flight)};
}

std::optional<std::string> TokenStore::due_refresh(const Profile& profile, std::int64_t now,
                                                   const RequestLedger& requests, Outbox& out) {
  read_profile(profile.id);
  for (const auto& [k, t] : sets_) {
    if (!key_of_profile(k, profile.id)) continue;
    if ((t.refresh_token.empty() && !asks_again_for_tokens(profile)) || t.expires_at == 0 ||
        t.expires_at - now > kAutoRefreshLead) {
      continue;
    }
    const auto last = auto_refreshed_at_.find(k);
    if (last != auto_refreshed_at_.end() && now - last->second < kAutoRefreshRetry) continue;
    const auto throttled = refresh_not_before_.find(k);
    if (throttled != refresh_not_before_.end() && now < throttled->second) continue;
    const std::string end_user = k.substr(profile.id.size() + 1);
    if (requests.refreshing(profile.id, end_user)) continue;
    auto_refreshed_at_[k] = now;
    out.add_log(now, "info", "Automatic refresh: the token set of '" + profile.name + "'" +
                                 (end_user.empty() ? "" : " for end user " + end_user) + " expires soon.");
    return end_user;
  }
  return std::nullopt;
}

std::optional<CrossTabLock> TokenStore::lock_for(const InFlight& flight) {
  if (flight.purpose != Purpose::kRefresh) return std::nullopt;
  // docs/SECURITY.md rule 9: one refresh per token set across all tabs.
  const std::string k = key(flight.profile_id, flight.end_user);
  return CrossTabLock{"zoho-auth-console refresh " + k, "tokens", k};
}

bool TokenStore::settled_elsewhere(const InFlight& refresh, const json& stored, std::int64_t now, Outbox& out) {
  const std::string k = key(refresh.profile_id, refresh.end_user);
  read(k);
  keys_changed();
  if (stored.is_null()) {
    // Revoked or forgotten in another tab meanwhile: nothing to refresh.
    sets_.erase(k);
    out.note("The token set was removed in another tab; nothing was refreshed.", now);
    return true;
  }
  auto t = token_set_of_record(stored);
  if (t.ok() && t.value().access_token != refresh.held_access_token && !is_expired(t.value(), now)) {
    sets_[k] = t.value();
    histories_[k] = token_history_of_record(stored);
    out.note("Another tab refreshed this token set a moment ago; its new access token is used, nothing was sent.", now);
    return true;
  }
  return false;
}

Result<TokenSet> TokenStore::read_answer(const InFlight& f, const HttpResponse& response, ExpiresInReading reading,
                                         std::int64_t now) {
  std::optional<TokenSet> previous;
  read(key(f.profile_id, f.end_user));
  if (auto t = sets_.find(key(f.profile_id, f.end_user)); t != sets_.end() && f.purpose == Purpose::kRefresh) {
    previous = t->second;
  }
  auto parsed = parse_token_response(response.status, response.body, previous, now, f.accounts_server, reading);
  if (!parsed.ok() && f.purpose == Purpose::kRefresh && parsed.error().code == "rate_limited") {
    // Zoho counts every request in its 10-minute window: automatic refresh waits the window out.
    refresh_not_before_[key(f.profile_id, f.end_user)] = now + kRateLimitWindow;
  }
  return parsed;
}

// [SECTION] Revoke

Result<Call> TokenStore::revoke(const Profile* profile, const std::string& profile_id, const std::string& end_user,
                                std::int64_t now, Outbox& out) {
  const TokenSet* t = find(profile_id, end_user);
  if (t == nullptr) {
    return out.fail({"revoke.no_tokens", "There is no token set to revoke.", ""}, now);
  }
  std::string url;
  const bool zoho = profile == nullptr || profile->provider == Provider::kZoho;
  if (auto dc = zoho ? find_by_accounts_server(t->accounts_server, base_url_) : std::nullopt) {
    url = revoke_endpoint(*dc);
  }
  if (url.empty()) {
    return out.fail({"revoke.endpoint",
                     "The token set's accounts server is not one of Zoho's; this console revokes only at Zoho.",
                     "Zoho OAuth: Revoke tokens"}, now);
  }
  out.set_status("Revoking at " + url + "...");
  return Call{build_revoke(url, t->refresh_token.empty() ? t->access_token : t->refresh_token),
              token_set_call(Purpose::kRevoke, profile_id, end_user, *t, url)};
}

bool TokenStore::on_revoke(const InFlight& f, const HttpResponse& response, const ExplainContext& context,
                           std::int64_t now, Outbox& out) {
  // Zoho: {"status":"success"} on 200; HTTP 400 for a token it does not know: already revoked.
  const RevocationOutcome outcome = read_revocation_response(response.status);
  if (outcome.forget) {
    const std::string k = key(f.profile_id, f.end_user);
    read(k);
    sets_.erase(k);
    keys_changed();
    record_token_event(histories_[k], TokenEventKind::kRevoked, now);  // Zoho no longer counts it
    out.remove("tokens", k);
    out.note(outcome.message + " Forgotten here too.", now);
    return true;
  }
  out.fail(explain_error(response.status == 0 ? Error{"network.status_0", "", ""}
                                              : Error{"http." + std::to_string(response.status),
                                                      "The revoke endpoint answered HTTP " +
                                                          std::to_string(response.status) + ".",
                                                      "Zoho OAuth: Revoke tokens"},
                         context),
           now);
  return false;
}

}  // namespace zc
