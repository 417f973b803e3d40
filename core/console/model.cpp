#include "console/model.hpp"

#include <algorithm>

#include "console/callback_acceptance.hpp"
#include "console/lint.hpp"
#include "console/redaction.hpp"
#include "oauth/json_text.hpp"
#include "oauth/authorization_request.hpp"
#include "oauth/callback.hpp"
#include "oauth/revocation.hpp"
#include "oauth/percent.hpp"
#include "oauth/token_request.hpp"
#include "oauth/token_response.hpp"
#include "oauth/url.hpp"
#include "zoho/crm.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/explain.hpp"

namespace zc {

using nlohmann::json;

const char* phase_name(FlowPhase phase) {
  switch (phase) {
    case FlowPhase::kIdle: return "idle";
    case FlowPhase::kRedirecting: return "redirecting";
    case FlowPhase::kExchanging: return "exchanging";
    case FlowPhase::kAuthorized: return "authorized";
    case FlowPhase::kError: return "error";
  }
  return "idle";
}

// [SECTION] Records

namespace {
std::string token_key(const std::string& profile_id, const std::string& end_user) {
  return profile_id + "/" + end_user;
}

// The token set inside a stored `tokens` record ({profileId, endUser, tokens}); an error for a record
// of another shape. One reader for load, other tabs' changes and the refresh lock.
Result<TokenSet> token_set_of_record(const json& record) {
  return token_set_from_json(record.is_object() && record.contains("tokens") ? record["tokens"] : json());
}

// A request made with (or about) a stored token set: refresh, revoke and the CRM calls.
InFlight token_set_call(Purpose purpose, const std::string& profile_id, const std::string& end_user, const TokenSet& t,
                        const std::string& url) {
  InFlight flight;
  flight.purpose = purpose;
  flight.profile_id = profile_id;
  flight.end_user = end_user;
  flight.accounts_server = t.accounts_server;
  flight.url = url;
  return flight;
}

// True when a token key (`<profile id>/<end user>`) belongs to the profile; ids hold no '/'.
bool key_of_profile(const std::string& key, const std::string& profile_id) {
  return key.size() > profile_id.size() && key.compare(0, profile_id.size(), profile_id) == 0 &&
         key[profile_id.size()] == '/';
}

Profile demo_profile(const ConsoleConfig& config) {
  Profile p;
  p.name = "Zoho CRM leads (demo)";
  p.data_centre = "demo";
  p.client_id = kDemoClientId;
  p.client_secret = kDemoClientSecret;
  p.scopes = {"ZohoCRM.modules.leads.ALL"};
  p.redirect_uri = config.default_redirect_uri;
  return p;
}
}  // namespace

// [SECTION] Loading

Model::Model(ConsoleConfig config) : config_(std::move(config)) { draft_ = demo_profile(config_); }

void Model::load(const json& profiles, const json& tokens, const json& pending, std::int64_t now,
                 const std::string& fresh_id) {
  draft_ = demo_profile(config_);
  draft_.id = fresh_id;
  set_draft_data_centre("demo");
  profiles_.clear();
  if (profiles.is_array()) {
    for (const json& j : profiles) {
      auto p = profile_from_json(j);
      if (p.ok() && !p.value().id.empty()) {
        profiles_.push_back(std::move(p).value());
      } else {
        add_log(now, "error", "A stored profile could not be read and was skipped: " +
                                  (p.ok() ? std::string("it has no id.") : p.error().message));
      }
    }
  }
  sort_profiles();
  if (tokens.is_array()) {
    for (const json& j : tokens) {
      if (!j.is_object() || !j.contains("profileId") || !j["profileId"].is_string()) continue;
      auto t = token_set_of_record(j);
      if (!t.ok()) {
        add_log(now, "error", "A stored token set could not be read and was skipped: " + t.error().message);
        continue;
      }
      const std::string end_user = j.contains("endUser") && j["endUser"].is_string() ? j["endUser"].get<std::string>() : "";
      tokens_[token_key(j["profileId"].get<std::string>(), end_user)] = t.value();
    }
  }
  if (pending.is_array()) {
    for (const json& j : pending) {
      if (auto p = pending_from_json(j)) {
        if (p->exchanging_since != 0) {
          // Its code was on its way to the token endpoint when the last page closed or reloaded.
          store_delete("pending", p->state);
          Error e{"flow.interrupted",
                  "The last authorization was interrupted while its grant code was being exchanged (the page was "
                  "reloaded or closed before the answer came). The code may be spent; press Authorize again.",
                  "RFC 6749 s4.1.3"};
          phase_ = FlowPhase::kError;
          flow_error_ = e;
          status_ = e.message;
          add_log(now, "error", e.message);
          continue;
        }
        // An expired entry leaves storage now, but stays in memory for this page so that its callback,
        // if it is this page's address, is refused as expired (the rule that applies), not as unknown.
        if (now - p->created_at > kPendingLifetime) {
          store_delete("pending", p->state);
        }
        pending_[p->state] = *p;
      }
    }
  }
  if (!profiles_.empty()) {
    select_profile(profiles_.front().id);
    if (tokens_for(selected_id_) != nullptr) {
      status_ = "Authorized earlier: the token set was loaded from this browser's storage.";
    }
  }
}

void Model::show_selected_profile_state() {
  // The flow panel describes the profile on screen: authorized when it holds a token set, idle otherwise.
  phase_ = tokens_for(draft_.id) != nullptr ? FlowPhase::kAuthorized : FlowPhase::kIdle;
  flow_error_.reset();
}

void Model::set_storage_status(const std::string& mode, const std::string& warning) {
  storage_mode_ = mode;
  storage_warning_ = warning;
}

void Model::storage_failed(const std::string& what) {
  storage_warning_ = "Saving failed: " + what + ". Your changes are kept in this tab only; export them before closing it.";
  add_log(0, "error", storage_warning_);
}

void Model::storage_quarantined(const json& records, std::int64_t now) {
  if (!records.is_array() || records.empty()) return;
  std::string names;
  for (const json& r : records) {
    const std::string where = string_at(r, "store") + " '" + printable(string_at(r, "key"), 60) + "'";
    add_log(now, "error", "A stored record could not be read and was set aside (quarantine): " + where + ": " +
                              printable(string_at(r, "reason"), 200));
    names += (names.empty() ? "" : ", ") + where;
  }
  storage_warning_ = std::to_string(records.size()) + " stored record(s) could not be read and were set aside: " + names +
                     ". Everything else loaded; authorize again for a token set that was set aside.";
}

void Model::external_change(const std::string& store, const std::string& key, const json& record, std::int64_t now) {
  if (store == "tokens") {
    if (record.is_null()) {
      if (tokens_.erase(key) == 0) return;
      note("A token set was removed in another tab.", now);
    } else {
      auto t = token_set_of_record(record);
      if (!t.ok()) return;
      tokens_[key] = t.value();
      note("New tokens arrived from another tab.", now);
    }
    if (key.rfind(selected_id_ + "/", 0) == 0) show_selected_profile_state();
    return;
  }
  if (store != "profiles") return;
  auto it = saved_profile(key);
  const bool on_screen = key == draft_.id;
  const bool had_edits = on_screen && draft_is_dirty();
  if (record.is_null()) {
    if (it == profiles_.end()) return;
    const std::string name = it->name;
    profiles_.erase(it);
    note("Profile '" + name + "' was deleted in another tab" +
             (on_screen ? std::string(": it stays in the form, unsaved.") : std::string(".")),
         now);
    if (on_screen) selected_id_.clear();
    return;
  }
  auto parsed = profile_from_json(record);
  if (!parsed.ok() || parsed.value().id != key) return;
  if (it != profiles_.end()) *it = parsed.value();
  else profiles_.push_back(parsed.value());
  sort_profiles();
  if (on_screen && !had_edits) draft_ = parsed.value();
  note("Profile '" + parsed.value().name + "' was saved in another tab" +
           (had_edits ? std::string("; your unsaved edits here are kept (Save replaces it).") : std::string(".")),
       now);
}

bool Model::proceed_under_lock(int request_id, const json& stored, std::int64_t now) {
  const InFlight* f = requests_.find(request_id);
  if (f == nullptr) return false;
  if (f->purpose != Purpose::kRefresh) return true;
  const std::string key = token_key(f->profile_id, f->end_user);
  const bool on_screen = f->profile_id == selected_id_;  // read before close() drops the request
  if (stored.is_null()) {
    // Revoked or forgotten in another tab meanwhile: nothing to refresh.
    requests_.close(request_id);
    tokens_.erase(key);
    if (on_screen) show_selected_profile_state();
    note("The token set was removed in another tab; nothing was refreshed.", now);
    return false;
  }
  auto t = token_set_of_record(stored);
  if (t.ok() && t.value().access_token != f->held_access_token && !is_expired(t.value(), now)) {
    requests_.close(request_id);
    tokens_[key] = t.value();
    if (on_screen) show_selected_profile_state();
    note("Another tab refreshed this token set a moment ago; its new access token is used, nothing was sent.", now);
    return false;
  }
  return true;
}

std::string Model::export_all_profiles(bool include_secret) const {
  json all = json::array();
  for (const Profile& p : profiles_) all.push_back(profile_to_json(p.id == draft_.id ? draft_ : p, include_secret));
  return all.dump(2, ' ', false, json::error_handler_t::replace);
}

// [SECTION] Profiles

void Model::edit_draft(const Profile& edited) {
  if (edited.id != draft_.id) return;
  draft_ = edited;
}

void Model::new_draft(const std::string& id) {
  stash_unsaved_draft();
  draft_ = Profile{};
  draft_.id = id;
  draft_.redirect_uri = config_.default_redirect_uri;
  set_draft_data_centre("us");
  selected_id_.clear();
  show_selected_profile_state();
  status_ = "New profile: fill in the fields, then press Save Authorization Profile.";
}

void Model::set_draft_data_centre(const std::string& id) {
  const bool was_demo = draft_.data_centre == "demo";
  draft_.data_centre = id;
  if (auto dc = find_data_centre(id, config_.base_url)) {
    draft_.authorization_url = authorization_endpoint(*dc);
    draft_.token_url = token_endpoint(*dc);
    draft_.refresh_token_url = token_endpoint(*dc);
  }
  if (id == "demo") {
    if (draft_.client_id.empty()) draft_.client_id = kDemoClientId;
    if (draft_.client_secret.empty()) draft_.client_secret = kDemoClientSecret;
  } else if (was_demo) {
    if (draft_.client_id == kDemoClientId) draft_.client_id.clear();
    if (draft_.client_secret == kDemoClientSecret) draft_.client_secret.clear();
  }
}

void Model::set_draft_provider(Provider provider) {
  if (provider == draft_.provider) return;
  // What a custom provider's fields held is kept aside while the draft shows Zoho's, and comes back when
  // the person switches back (a switch to look loses nothing typed).
  if (provider == Provider::kZoho) {
    custom_fields_ = {draft_.id, draft_.authorization_url, draft_.token_url, draft_.refresh_token_url, draft_.issuer};
    draft_.provider = provider;
    set_draft_data_centre(draft_.data_centre.empty() ? "us" : draft_.data_centre);
    draft_.issuer.clear();
    return;
  }
  draft_.provider = provider;
  for (std::string* url : {&draft_.authorization_url, &draft_.token_url, &draft_.refresh_token_url}) {
    const std::string accounts = url->substr(0, url->find("/oauth/"));
    if (find_by_accounts_server(accounts, config_.base_url)) url->clear();
  }
  if (custom_fields_.profile_id == draft_.id) {
    if (draft_.authorization_url.empty()) draft_.authorization_url = custom_fields_.authorization_url;
    if (draft_.token_url.empty()) draft_.token_url = custom_fields_.token_url;
    if (draft_.refresh_token_url.empty()) draft_.refresh_token_url = custom_fields_.refresh_token_url;
    if (draft_.issuer.empty()) draft_.issuer = custom_fields_.issuer;
  }
  if (draft_.client_id == kDemoClientId) draft_.client_id.clear();
  if (draft_.client_secret == kDemoClientSecret) draft_.client_secret.clear();
  draft_.access_type = AccessType::kOffline;
}

void Model::fill_empty_urls(Profile& p) const {
  if (p.provider != Provider::kZoho) return;
  if (auto dc = find_data_centre(p.data_centre, config_.base_url)) {
    if (p.authorization_url.empty()) p.authorization_url = authorization_endpoint(*dc);
    if (p.token_url.empty()) p.token_url = token_endpoint(*dc);
    if (p.refresh_token_url.empty()) p.refresh_token_url = token_endpoint(*dc);
  }
}

std::vector<Profile>::iterator Model::saved_profile(const std::string& id) {
  return std::find_if(profiles_.begin(), profiles_.end(), [&](const Profile& p) { return p.id == id; });
}

const Profile* Model::find_profile(const std::string& id) const {
  for (const Profile& p : profiles_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool Model::draft_is_dirty() const {
  const Profile* saved = find_profile(draft_.id);
  return saved == nullptr || profile_to_json(*saved) != profile_to_json(draft_);
}

std::optional<Error> Model::save_draft(std::int64_t now) {
  const char* kSource = "Integration guide: Create an authorization profile";
  auto missing = [&](const std::string& field, const std::string& fix) {
    return Error{"profile." + field, field + " is empty; " + fix, kSource};
  };
  std::optional<Error> error = profile_limits_error(draft_);
  if (error) {
    // already set: a value over the limits
  } else if (draft_.name.empty()) error = missing("Name", "give the profile a name you will recognise.");
  else if (draft_.client_id.empty())
    error = missing("Client Id", draft_.provider == Provider::kZoho ? "copy it from your app in Zoho's API console."
                                                            : "copy it from your client's registration at the provider.");
  else if (draft_.client_type == ClientType::kServer && draft_.client_secret.empty() && draft_.client_authentication != ClientAuthentication::kNone)
    error = missing("Client Secret", draft_.provider == Provider::kZoho
                                         ? "copy it from your app in Zoho's API console."
                                         : "copy it from the provider, or for a public client set Client authentication to none.");
  else if (draft_.scopes.empty()) error = missing("Scopes", "add at least one, e.g. ZohoCRM.modules.leads.ALL.");
  // A self client has no redirect at all (Zoho: Self client).
  else if (draft_.redirect_uri.empty() && draft_.client_type != ClientType::kSelf)
    error = missing("Redirect URI", "enter the URI registered for your app.");
  if (!error) {
    const ProfileEndpoints e = resolve_endpoints(draft_, config_.base_url);
    const std::pair<const char*, const std::string*> urls[] = {{"Authorization URL", &e.authorization_url},
                                                               {"Token URL", &e.token_url},
                                                               {"Refresh Token URL", &e.refresh_token_url},
                                                               {"Redirect URI", &draft_.redirect_uri}};
    for (const auto& [field, value] : urls) {
      if (value->empty() && value == &draft_.redirect_uri) continue;  // a self client's
      auto parsed = parse_url(*value, field);
      if (!parsed.ok()) {
        error = parsed.error();
        error->code = std::string("profile.") + field;
        break;
      }
    }
    if (!error && !draft_.issuer.empty()) {
      auto parsed = parse_url(draft_.issuer, "Issuer");
      if (!parsed.ok()) {
        error = parsed.error();
        error->code = "profile.Issuer";
      }
    }
    if (!error && !draft_.relay_url.empty()) {
      auto parsed = parse_url(draft_.relay_url, "Relay URL");
      if (!parsed.ok()) {
        error = parsed.error();
        error->code = "profile.Relay URL";
      } else if (draft_.relay_url.find('?') != std::string::npos || draft_.relay_url.find('#') != std::string::npos) {
        error = Error{"profile.Relay URL",
                      "Relay URL must not carry a query or fragment; the console adds ?target=. Example: "
                      "http://localhost:8000/relay",
                      kSource};
      }
    }
  }
  if (error) {
    status_ = error->message;
    add_log(now, "error", "Not saved: " + error->message);
    return error;
  }
  if (draft_.id.empty()) return Error{"profile.id", "The profile has no id; press Create New first.", kSource};
  auto it = saved_profile(draft_.id);
  if (it == profiles_.end()) profiles_.push_back(draft_);
  else *it = draft_;
  sort_profiles();
  unsaved_.erase(draft_.id);
  selected_id_ = draft_.id;
  if (phase_ == FlowPhase::kError) show_selected_profile_state();  // the problem that stopped it is fixed
  store_put("profiles", draft_.id, profile_to_json(draft_));
  status_ = "Saved authorization profile '" + draft_.name + "'.";
  add_log(now, "info", status_);
  return std::nullopt;
}

bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      // Compare the two numbers: without leading zeros, the longer is larger, then digit by digit.
      size_t ei = i, ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      size_t si = i, sj = j;
      while (si + 1 < ei && a[si] == '0') ++si;
      while (sj + 1 < ej && b[sj] == '0') ++sj;
      if (ei - si != ej - sj) return ei - si < ej - sj;
      const int order = a.compare(si, ei - si, b, sj, ej - sj);
      if (order != 0) return order < 0;
      i = ei;
      j = ej;
      continue;
    }
    const unsigned char ca = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(a[i])));
    const unsigned char cb = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(b[j])));
    if (ca != cb) return ca < cb;
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // equal but for case or leading zeros: a stable, total order
}

void Model::sort_profiles() {
  std::stable_sort(profiles_.begin(), profiles_.end(),
                   [](const Profile& a, const Profile& b) { return natural_less(a.name, b.name); });
}

void Model::stash_unsaved_draft() {
  // Edits not yet saved are kept per profile for this page's life, so switching profiles loses nothing.
  if (!draft_.id.empty() && draft_is_dirty() && find_profile(draft_.id) != nullptr) {
    unsaved_[draft_.id] = draft_;
    add_log(0, "info", "Unsaved changes to '" + draft_.name + "' are kept in this tab; press Save Authorization Profile to store them.");
  }
}

void Model::delete_profile(const std::string& id, std::int64_t now) {
  const auto it = saved_profile(id);
  if (it == profiles_.end()) return;
  Deleted d{*it, {}};
  for (auto t = tokens_.begin(); t != tokens_.end();) {
    if (key_of_profile(t->first, id)) {
      d.tokens[t->first] = t->second;
      store_delete("tokens", t->first);
      t = tokens_.erase(t);
    } else {
      ++t;
    }
  }
  store_delete("profiles", id);
  profiles_.erase(it);
  unsaved_.erase(id);
  deleted_ = std::move(d);
  if (draft_.id == id) {
    selected_id_.clear();
    if (!profiles_.empty()) {
      draft_.id.clear();  // the deleted profile's edits are not stashed
      select_profile(profiles_.front().id);
    } else {
      draft_ = Profile{};
      draft_.redirect_uri = config_.default_redirect_uri;
      show_selected_profile_state();
    }
  }
  note("Deleted profile '" + deleted_->profile.name + "' and its tokens (Undo restores them).", now);
}

bool Model::undo_delete(std::int64_t now) {
  if (!deleted_) return false;
  Deleted d = std::move(*deleted_);
  deleted_.reset();
  profiles_.push_back(d.profile);
  sort_profiles();
  store_put("profiles", d.profile.id, profile_to_json(d.profile));
  for (const auto& [key, t] : d.tokens) {
    const size_t slash = key.find('/');
    store_tokens(key.substr(0, slash), key.substr(slash + 1), t);
  }
  selected_id_.clear();
  draft_.id.clear();  // nothing to stash: select the restored profile
  select_profile(d.profile.id);
  note("Restored profile '" + d.profile.name + "'.", now);
  return true;
}

void Model::duplicate_profile(const std::string& id, const std::string& new_id, std::int64_t now) {
  const Profile* p = find_profile(id);
  if (p == nullptr) return;
  Profile copy = (id == draft_.id) ? draft_ : *p;
  copy.id = new_id;
  copy.name += " (copy)";
  stash_unsaved_draft();
  draft_ = copy;
  selected_id_.clear();
  save_draft(now);
  show_selected_profile_state();
}

std::optional<Error> Model::import_profile(const std::string& json_text, const std::string& new_id, std::int64_t now) {
  return import_from("", json_text, new_id, now);
}

std::optional<Error> Model::import_from(const std::string& file_name, const std::string& json_text,
                                        const std::string& new_id, std::int64_t now) {
  const std::string prefix = file_name.empty() ? "Not imported: " : "Not imported from " + file_name + ": ";
  auto refused = [&](Error e, const std::string& where) {
    e.message = prefix + where + e.message;
    refuse(e, now);
    return e;
  };
  if (auto e = duplicate_key_error(json_text)) return refused(*e, "");
  json all = parse_json(json_text);
  if (!all.is_array() && !all.is_object()) return refused(parse_profile(json_text).error(), "");
  const bool list = all.is_array();
  if (list && all.empty()) {
    return refused({"profile", "the list holds no profile.", "README: profile JSON, version 1"}, "");
  }
  if (!list) all = json::array({all});
  // All of them parse, or none is imported; each problem of a profile is named at once.
  std::vector<Profile> profiles;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].is_object()) all[i].erase("id");  // an import always gets a new id: the file's is not checked
    const std::vector<Error> problems = profile_problems(all[i]);
    const std::string where = list ? "profile " + std::to_string(i + 1) + " of " + std::to_string(all.size()) + ": " : "";
    if (!problems.empty()) {
      Error e = problems.front();
      if (problems.size() > 1) {
        e.message = std::to_string(problems.size()) + " problems: ";
        for (size_t k = 0; k < problems.size(); ++k) e.message += (k ? " " : "") + problems[k].message;
      }
      return refused(e, where);
    }
    Profile p = profile_from_json(all[i]).value();
    fill_empty_urls(p);
    profiles.push_back(std::move(p));
  }
  if (list) {
    stash_unsaved_draft();
    std::string unsaved;
    for (size_t i = 0; i < profiles.size(); ++i) {
      draft_ = profiles[i];
      draft_.id = new_id + "-" + std::to_string(i + 1);
      selected_id_.clear();
      if (save_draft(now)) unsaved += (unsaved.empty() ? "" : ", ") + draft_.name;
    }
    note("Imported " + std::to_string(profiles.size()) + " profile(s)" +
             (unsaved.empty() ? "." : "; not saved, as they lack a field such as the client secret: " + unsaved + "."),
         now);
    return std::nullopt;
  }
  Profile p = profiles.front();
  p.id = new_id;
  stash_unsaved_draft();
  draft_ = p;
  selected_id_.clear();
  if (auto e = save_draft(now)) {
    // Typically an export made without its client secret: the profile stays in the form, unsaved, and
    // the status names what to fill in before Save.
    status_ = "Imported '" + p.name + "' into the form, not saved yet: " + e->message;
    return std::nullopt;
  }
  show_selected_profile_state();
  note("Imported profile '" + p.name + "'.", now);
  return std::nullopt;
}

std::optional<Error> Model::import_profile_file(const std::string& file_name, std::uint64_t size,
                                                const std::string& text, const std::string& new_id, std::int64_t now) {
  const std::string name = printable(file_name, 80);
  if (size > kMaxProfileFileBytes) {
    Error e{"import.too_large",
            "Not imported: " + name + " is " + std::to_string(size) +
                " bytes, more than a profile file can be (1 MiB). Choose the .json file that Download saved.",
            "README: profile JSON, version 1"};
    refuse(e, now);
    return e;
  }
  return import_from(name, text, new_id, now);
}

nlohmann::json Model::unsaved_draft() const {
  json others = json::array();
  for (const auto& [id, p] : unsaved_) {
    if (id != draft_.id) others.push_back(profile_to_json(p, /*include_secret=*/false));
  }
  const bool on_screen = draft_is_dirty() && !draft_.id.empty();
  if (!on_screen && others.empty()) return nullptr;
  return {{"draft", on_screen ? profile_to_json(draft_, /*include_secret=*/false) : json()}, {"others", others}};
}

void Model::restore_draft(const nlohmann::json& kept, std::int64_t now) {
  if (!kept.is_object()) return;
  // Edits of profiles that were not on screen go back to where select_profile() finds them.
  if (kept.contains("others") && kept["others"].is_array()) {
    for (const json& o : kept["others"]) {
      auto p = profile_from_json(o);
      const Profile* saved = p.ok() ? find_profile(p.value().id) : nullptr;
      if (saved == nullptr) continue;
      Profile edit = std::move(p).value();
      edit.client_secret = saved->client_secret;
      unsaved_[edit.id] = edit;
    }
  }
  const json j = kept.contains("draft") ? kept["draft"] : kept;  // a version-1 page kept the draft alone
  if (j.is_null()) {
    if (unsaved_.empty()) return;
    if (const auto it = unsaved_.find(draft_.id); it != unsaved_.end()) draft_ = it->second;  // the one on screen
    note("Your unsaved edits were restored after the reload (profiles marked *).", now);
    return;
  }
  auto p = profile_from_json(j);
  if (!p.ok() || p.value().id.empty()) return;
  Profile draft = std::move(p).value();
  const Profile* saved = find_profile(draft.id);
  if (saved != nullptr) {
    draft.client_secret = saved->client_secret;
    selected_id_ = saved->id;
  } else {
    selected_id_.clear();
  }
  draft_ = draft;
  show_selected_profile_state();
  note(saved != nullptr || draft_.client_type != ClientType::kServer
           ? "Your unsaved edits were restored after the reload."
           : "Your unsaved edits were restored after the reload; enter the Client Secret again (it is never kept "
             "outside saved profiles).",
       now);
}

std::string Model::export_profile(const std::string& id, bool include_secret) const {
  const Profile* p = id == draft_.id ? &draft_ : find_profile(id);
  if (p == nullptr) return {};
  return profile_to_json(*p, include_secret).dump(2, ' ', false, json::error_handler_t::replace);
}

void Model::select_profile(const std::string& id) {
  const Profile* p = find_profile(id);
  if (p == nullptr || id == draft_.id) return;
  stash_unsaved_draft();
  selected_id_ = id;
  const auto kept = unsaved_.find(id);
  draft_ = kept != unsaved_.end() ? kept->second : *p;
  show_selected_profile_state();
  status_.clear();
}

Result<std::string> Model::authorization_url_preview() const {
  return build_authorization_url(authorization_request_for(draft_, config_.base_url));
}

// [SECTION] Authorization flow

std::optional<Error> Model::authorize(const std::string& state, std::int64_t now, const std::string& code_verifier,
                                     const std::string& code_challenge, const std::string& end_user) {
  if (draft_.authorization_mode == AuthorizationMode::kEndUser && end_user.empty()) {
    Error e{"authorize.end_user", "In end-user mode each end user authorizes for themselves: enter the End User Id first.",
            "Integration guide: Allow Users to Authorize the Integration"};
    fail(e, now);
    return e;
  }
  if (draft_is_dirty()) {
    if (auto e = save_draft(now)) {  // save_draft already logged and showed why
      phase_ = FlowPhase::kError;
      flow_error_ = e;
      return e;
    }
  }
  if (draft_.client_type == ClientType::kSelf) {
    Error e{"authorize.self_client",
            "A self client has no redirect: generate a grant code in Zoho's API console (Self Client > Generate "
            "Code) and paste it into Grant Code.",
            "Zoho OAuth: Self client"};
    fail(e, now);
    return e;
  }
  if (!is_valid_state(state)) {
    // docs/SECURITY.md rule 2: a guessable state would let another site plant its own grant code (CSRF).
    Error e{"authorize.state", "The state this browser made is weaker than 256 random bits; nothing was sent. "
                               "Reload the page and press Authorize again.", "RFC 6749 s10.12"};
    fail(e, now);
    return e;
  }
  if (draft_.pkce && code_challenge.empty()) {
    Error e{"authorize.pkce", "PKCE is on but no code challenge was made; this browser may lack WebCrypto (it needs "
                              "https or localhost).", "RFC 7636 s4.2"};
    fail(e, now);
    return e;
  }
  auto url = authorization_url_preview();
  if (!url.ok()) {
    fail(url.error(), now);
    return url.error();
  }
  PendingAuthorization p = pending_authorization_for(draft_, config_.base_url, state, now);
  p.profile_id = draft_.id;
  p.end_user = draft_.authorization_mode == AuthorizationMode::kEndUser ? end_user : "";
  p.code_verifier = draft_.pkce ? code_verifier : "";
  pending_[state] = p;
  store_put("pending", state, pending_to_json(p));
  std::string query = "state=" + percent_encode(state);
  if (draft_.pkce) query += "&code_challenge=" + percent_encode(code_challenge) + "&code_challenge_method=S256";
  const std::string full = append_query(url.value(), query);
  effects_.push_back(Navigate{full});
  phase_ = FlowPhase::kRedirecting;
  flow_error_.reset();
  status_ = "Redirecting to the authorization server...";
  add_log(now, "request", "GET " + redact_url(full));
  return std::nullopt;
}

void Model::handle_callback(const std::string& url, std::int64_t now) {
  // docs/SECURITY.md rule 6: the response leaves the address bar before anything else happens.
  effects_.push_back(ReplaceUrl{strip_query_and_fragment(url)});
  // A code comes in the query; an implicit token in the fragment (RFC 6749 s4.2.2). Each is read only in
  // its own place (docs/SECURITY.md rule 3).
  const ResponseMode mode = looks_like_callback(url, ResponseMode::kQuery) ? ResponseMode::kQuery : ResponseMode::kFragment;
  auto parsed = parse_callback(url, mode);
  if (!parsed.ok()) {
    fail(parsed.error(), now);
    return;
  }
  const CallbackResponse& r = parsed.value();
  add_log(now, "response", "Callback " + redact_url(url));
  // Single flight per grant code (docs/SECURITY.md rule 6): a second render or a replayed address is ignored,
  // and the flow keeps the outcome of the first exchange.
  if (!r.code.empty() &&
      std::find(exchanged_codes_.begin(), exchanged_codes_.end(), r.code) != exchanged_codes_.end()) {
    add_log(now, "info", "This grant code was already exchanged; it is not sent again.");
    return;
  }
  const auto it = pending_.find(r.state);
  if (r.state.empty() || it == pending_.end()) {
    fail({"callback.state_unknown",
          "The callback's state matches no authorization started here (it was already used, expired, or "
          "belongs to another browser). Nothing was sent. Press Authorize to start again.",
          "RFC 6749 s10.12"},
         now);
    return;
  }
  const PendingAuthorization pending = it->second;
  pending_.erase(it);
  store_delete("pending", pending.state);
  if ((pending.response_type == "token") != (mode == ResponseMode::kFragment)) {
    fail({"callback.response_mode",
          "The response came in the " + std::string(mode == ResponseMode::kQuery ? "query" : "fragment") +
              ", but this authorization expects it in the " +
              (pending.response_type == "token" ? "fragment (implicit grant)." : "query (code grant).") +
              " Nothing was used. Check the profile's client type.",
          "RFC 6749 s4.1.2, s4.2.2"},
         now);
    return;
  }
  auto accepted = accept_callback(r, pending, config_.base_url, now);
  if (!accepted.ok()) {
    fail(accepted.error(), now);
    return;
  }
  const Profile* profile = find_profile(pending.profile_id);
  if (profile == nullptr) {
    fail({"callback.profile", "The profile this authorization was started for no longer exists.", ""}, now);
    return;
  }
  selected_id_ = pending.profile_id;
  draft_ = *profile;
  const AcceptedCallback& a = accepted.value();
  if (a.tokens) {
    store_tokens(pending.profile_id, pending.end_user, *a.tokens);
    last_end_user_ = pending.end_user;
    phase_ = FlowPhase::kAuthorized;
    flow_error_.reset();
    status_ = "Authorized (implicit grant): access token received. A client-based app gets no refresh token; "
              "press Authorize again when it expires.";
    add_log(now, "info", status_);
    return;
  }
  exchange_redirected_code(pending, a, *profile, now);
}

void Model::exchange_redirected_code(const PendingAuthorization& pending, const AcceptedCallback& a,
                                     const Profile& profile, std::int64_t now) {
  exchanged_codes_.push_back(a.code);
  PendingAuthorization marked = pending;
  marked.exchanging_since = now;
  store_put("pending", pending.state, pending_to_json(marked));  // deleted when the answer arrives
  InFlight exchange;
  exchange.purpose = Purpose::kExchange;
  exchange.profile_id = pending.profile_id;
  exchange.end_user = pending.end_user;
  exchange.accounts_server = a.accounts_server;
  exchange.url = a.token_url;
  exchange.redirect_uri = pending.redirect_uri;
  exchange.pending_state = pending.state;
  exchange.code = a.code;
  send(build_code_exchange(a.token_url, client_credentials(profile), a.code, pending.redirect_uri,
                           pending.code_verifier),
       exchange, now);
  phase_ = FlowPhase::kExchanging;
  status_ = "Exchanging the grant code at " + a.token_url + "...";
}

std::optional<Error> Model::exchange_pasted_code(const std::string& pasted, std::int64_t now) {
  // Pasted text often carries spaces or a newline around the code.
  std::string code;
  for (char c : pasted) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') code += c;
  }
  if (code.empty()) {
    Error e{"self_client.code", "Grant Code is empty: generate one in Zoho's API console (Self Client) and paste it.",
            "Zoho OAuth: Self client"};
    fail(e, now);
    return e;
  }
  if (draft_is_dirty()) {
    if (auto e = save_draft(now)) {
      phase_ = FlowPhase::kError;
      flow_error_ = e;
      return e;
    }
  }
  if (std::find(exchanged_codes_.begin(), exchanged_codes_.end(), code) != exchanged_codes_.end()) {
    Error e{"self_client.reused", "This grant code was already exchanged; a code works once. Generate a new one.",
            "RFC 6749 s4.1.2"};
    fail(e, now);
    return e;
  }
  exchanged_codes_.push_back(code);
  grant_code_clock_.stop();
  const ProfileEndpoints e = resolve_endpoints(draft_, config_.base_url);
  const std::string accounts = e.token_url.substr(0, e.token_url.find("/oauth/"));
  // A self client's token request carries no redirect_uri: there was no redirect.
  InFlight flight;
  flight.purpose = Purpose::kExchange;
  flight.profile_id = draft_.id;
  flight.accounts_server = accounts;
  flight.url = e.token_url;
  flight.code = code;
  send(build_code_exchange(e.token_url, client_credentials(draft_), code, "", ""), flight, now);
  phase_ = FlowPhase::kExchanging;
  flow_error_.reset();
  status_ = "Exchanging the pasted grant code at " + e.token_url + "...";
  return std::nullopt;
}

std::optional<Error> Model::generate_demo_grant_code(std::int64_t now) {
  if (draft_.provider != Provider::kZoho || draft_.data_centre != "demo" || draft_.client_type != ClientType::kSelf) {
    Error e{"self_client.not_demo",
            "Only the demo data centre generates grant codes here; for Zoho, use the API console (Self Client > "
            "Generate Code) and paste the code.",
            "Zoho OAuth: Self client"};
    fail(e, now);
    return e;
  }
  const std::string token_url = resolve_endpoints(draft_, config_.base_url).token_url;
  const std::string url = token_url.substr(0, token_url.find("/oauth/")) + "/oauth/v2/self-client/code";
  HttpRequest r{"POST", url,
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
                form_serialize({{"client_id", draft_.client_id},
                                {"client_secret", draft_.client_secret},
                                {"scope", join_scopes(draft_.scopes)},
                                {"minutes", std::to_string(grant_code_clock_.minutes())}})};
  InFlight flight;
  flight.purpose = Purpose::kSelfCode;
  flight.profile_id = draft_.id;
  flight.url = url;
  send(std::move(r), flight, now);
  status_ = "Generating a grant code in the demo's API console...";
  return std::nullopt;
}

std::optional<Error> Model::refresh(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  const Profile* profile = find_profile(profile_id);
  const TokenSet* t = tokens_for(profile_id, end_user);
  if (profile == nullptr || t == nullptr || t->refresh_token.empty()) {
    Error e{"refresh.no_refresh_token",
            "There is no refresh token to use: Zoho gives one only with access_type=offline on the first consent "
            "(or with prompt=consent). Press Authorize again.",
            "Zoho OAuth: Refresh tokens"};
    fail(e, now);
    return e;
  }
  if (requests_.refreshing(profile_id, end_user)) {
    return Error{"refresh.in_flight", "A refresh of this token set is already under way.", "README: Security"};
  }
  if (const auto until = refresh_not_before_.find(token_key(profile_id, end_user));
      until != refresh_not_before_.end() && now < until->second) {
    // Asking again while throttled restarts the server's count: the console holds the request back.
    Error e{"refresh.rate_limited",
            "The token endpoint throttled this token set (rate_limited); asking again now would prolong it. Try "
            "again in " + std::to_string(until->second - now) + " s. The current access token works until it expires.",
            profile->provider == Provider::kZoho ? "Zoho OAuth: Token limits" : "RFC 6585 s4"};
    refuse(e, now);
    return e;
  }
  // Zoho: the token set's own accounts server (Multi-DC: the user's data centre), when it is one of the
  // table's. Any other provider: its own Refresh Token URL, always (its secret goes nowhere else).
  std::string url = resolve_endpoints(*profile, config_.base_url).refresh_token_url;
  const auto dc = profile->provider == Provider::kZoho ? find_by_accounts_server(t->accounts_server, config_.base_url)
                                              : std::nullopt;
  if (dc) url = token_endpoint(*dc);
  InFlight flight = token_set_call(Purpose::kRefresh, profile_id, end_user, *t, url);
  flight.held_access_token = t->access_token;
  send(build_refresh(url, client_credentials(*profile), t->refresh_token), flight, now);
  status_ = "Refreshing the access token at " + url + "...";
  return std::nullopt;
}

std::optional<Error> Model::revoke(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  const TokenSet* t = tokens_for(profile_id, end_user);
  if (t == nullptr) {
    Error e{"revoke.no_tokens", "There is no token set to revoke.", ""};
    fail(e, now);
    return e;
  }
  std::string url;
  const Profile* profile = find_profile(profile_id);
  const bool zoho = profile == nullptr || profile->provider == Provider::kZoho;
  if (auto dc = zoho ? find_by_accounts_server(t->accounts_server, config_.base_url) : std::nullopt) {
    url = revoke_endpoint(*dc);
  }
  if (url.empty()) {
    Error e{"revoke.endpoint", "The token set's accounts server is not one of Zoho's; this console revokes only at Zoho.",
            "Zoho OAuth: Revoke tokens"};
    fail(e, now);
    return e;
  }
  send(build_revoke(url, t->refresh_token.empty() ? t->access_token : t->refresh_token),
       token_set_call(Purpose::kRevoke, profile_id, end_user, *t, url), now);
  status_ = "Revoking at " + url + "...";
  return std::nullopt;
}

void Model::forget(const std::string& profile_id, const std::string& end_user, std::int64_t now) {
  const std::string key = token_key(profile_id, end_user);
  if (tokens_.erase(key) == 0) return;
  store_delete("tokens", key);
  if (profile_id == draft_.id) show_selected_profile_state();
  note("The token set was forgotten in this browser (not revoked at the server).", now);
}

void Model::set_enabled(bool enabled, std::int64_t now) {
  draft_.enabled = enabled;
  if (auto e = save_draft(now)) {
    draft_.enabled = !enabled;
    return;
  }
  note(enabled ? "Integration enabled: its tokens are refreshed shortly before they expire, while this console is open."
               : "Integration disabled: no automatic refresh.",
       now);
}

void Model::tick(std::int64_t now) {
  for (const Profile& p : profiles_) {
    if (!p.enabled) continue;
    for (const auto& [key, t] : tokens_) {
      if (!key_of_profile(key, p.id)) continue;
      if (t.refresh_token.empty() || t.expires_at == 0 || t.expires_at - now > kAutoRefreshLead) continue;
      const auto last = auto_refreshed_at_.find(key);
      if (last != auto_refreshed_at_.end() && now - last->second < kAutoRefreshRetry) continue;
      const auto throttled = refresh_not_before_.find(key);
      if (throttled != refresh_not_before_.end() && now < throttled->second) continue;
      const std::string end_user = key.substr(p.id.size() + 1);
      if (requests_.refreshing(p.id, end_user)) continue;
      auto_refreshed_at_[key] = now;
      add_log(now, "info", "Automatic refresh: the token set of '" + p.name + "'" +
                               (end_user.empty() ? "" : " for end user " + end_user) + " expires soon.");
      refresh(p.id, end_user, now);
      return;  // one at a time; the next tick takes the next one
    }
  }
}

std::vector<std::string> Model::end_users(const std::string& profile_id) const {
  std::vector<std::string> out;
  for (const auto& [key, t] : tokens_) {
    if (key_of_profile(key, profile_id) && key.size() > profile_id.size() + 1) {
      out.push_back(key.substr(profile_id.size() + 1));
    }
  }
  return out;
}

const TokenSet* Model::access_token_or_fail(const std::string& profile_id, const std::string& end_user,
                                            std::int64_t now) {
  const TokenSet* t = tokens_for(profile_id, end_user);
  if (t == nullptr || t->access_token.empty()) {
    fail({"crm.no_token", "There is no access token for this: press Authorize first.", ""}, now);
    return nullptr;
  }
  return t;
}

std::optional<Error> Model::test_connection(const std::string& profile_id, const std::string& end_user,
                                           std::int64_t now) {
  const TokenSet* t = access_token_or_fail(profile_id, end_user, now);
  if (t == nullptr) return flow_error_;
  auto request = build_get_records(*t, RecordsQuery{});
  if (!request.ok()) {
    fail(request.error(), now);
    return request.error();
  }
  if (is_expired(*t, now)) add_log(now, "info", "The access token has expired (or expires within 60 s): expect INVALID_TOKEN; refresh first.");
  send(request.value(), token_set_call(Purpose::kCrmGet, profile_id, end_user, *t, request.value().url), now);
  status_ = "Testing the connection: GET Leads on " + t->api_domain + "...";
  return std::nullopt;
}

std::optional<Error> Model::create_test_lead(const std::string& profile_id, const std::string& end_user,
                                            std::int64_t now) {
  const TokenSet* t = access_token_or_fail(profile_id, end_user, now);
  if (t == nullptr) return flow_error_;
  const nlohmann::json lead = nlohmann::json::array(
      {{{"Last_Name", "Console test lead"}, {"Company", "Zoho CRM authorization console"}, {"Lead_Source", "Web Download"}}});
  auto request = build_create_records(*t, "Leads", lead);
  if (!request.ok()) {
    fail(request.error(), now);
    return request.error();
  }
  send(request.value(), token_set_call(Purpose::kCrmCreate, profile_id, end_user, *t, request.value().url), now);
  status_ = "Creating a test lead on " + t->api_domain + "...";
  return std::nullopt;
}

void Model::store_tokens(const std::string& profile_id, const std::string& end_user, const TokenSet& tokens) {
  const std::string key = token_key(profile_id, end_user);
  tokens_[key] = tokens;
  store_put("tokens", key, {{"profileId", profile_id}, {"endUser", end_user}, {"tokens", token_set_to_json(tokens)}});
}

void Model::send(HttpRequest request, InFlight flight, std::int64_t now) {
  // Calls to the accounts server go through the profile's relay when it names one (README "Relay").
  const Profile* profile = find_profile(flight.profile_id);
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
  add_log(now, "request", request.method + " " + redact_url(target) + "  " +
                              (json_body ? redact_json(request.body) : redact_form(request.body)) + via);
  Http http{0, std::move(request), std::nullopt};
  if (flight.purpose == Purpose::kRefresh) {
    // docs/SECURITY.md rule 9: one refresh per token set across all tabs.
    const std::string key = token_key(flight.profile_id, flight.end_user);
    http.lock = CrossTabLock{"zoho-auth-console refresh " + key, "tokens", key};
  }
  http.request_id = requests_.open(std::move(flight));
  effects_.push_back(std::move(http));
}

void Model::http_response(int request_id, const HttpResponse& response, std::int64_t now) {
  const std::optional<InFlight> closed = requests_.close(request_id);
  if (!closed) return;
  const InFlight& f = *closed;
  if (!f.pending_state.empty()) store_delete("pending", f.pending_state);  // the answer came: done with it
  add_log(now, "response", std::to_string(response.status) + " from " + (f.relay.empty() ? f.url : "the relay for " + f.url) +
                              "  " + redact_json(response.body));
  const ExplainContext context = explain_context_for(f);
  if (unreadable_answer(f, response, context, now)) return;
  switch (f.purpose) {
    case Purpose::kSelfCode: return on_self_code(response, now);
    case Purpose::kRevoke: return on_revoke(f, response, context, now);
    case Purpose::kCrmGet: return on_crm_records(f, response, now);
    case Purpose::kCrmCreate: return on_crm_created(f, response, now);
    case Purpose::kExchange:
    case Purpose::kRefresh: return on_token_answer(f, response, context, now);
  }
}

ExplainContext Model::explain_context_for(const InFlight& f) const {
  const Profile* profile = find_profile(f.profile_id);
  ExplainContext context{data_centre_label(f.accounts_server, config_.base_url), f.redirect_uri, f.url, "token"};
  // A pasted code (self client) exchanges with no redirect URI at all.
  context.self_client = f.purpose == Purpose::kExchange && f.redirect_uri.empty();
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
    fail(explain_error({"network.csp_blocked", "", ""}, blocked), now);
  } else if (response.status == 0 && !f.relay.empty()) {
    // The relay itself could not be read: say so, not "Zoho's endpoint refused browsers".
    fail({"network.relay_unreachable",
          "The browser could not reach the relay at " + redact_url(f.relay) + " (status 0): is `python3 serve.py --relay` "
          "running there, and is the console open at that same address (localhost and 127.0.0.1 differ)? The "
          "request did not reach Zoho; try again once the relay answers, or clear the profile's Relay URL.",
          "README: Relay"},
         now);
  } else {
    return false;
  }
  if (context.self_client) forget_exchanged_code(f.code);
  return true;
}

void Model::on_self_code(const HttpResponse& response, std::int64_t now) {
  const json j = parse_json(response.body);
  const std::string code = string_at(j, "code");
  if (response.status != 200 || code.empty()) {
    fail({"self_client.generate", "The demo's API console made no code: " +
                                      printable(string_at(j, "error").empty() ? response.body : string_at(j, "error"), 200) +
                                      ". Check Client Id, Client Secret and Scopes.",
          "Zoho OAuth: Self client"},
         now);
    return;
  }
  generated_code_ = code;
  grant_code_clock_.started(now);
  note("The demo's API console generated a grant code for " + join_scopes(draft_.scopes) + " (it lives " +
           std::to_string(grant_code_clock_.minutes()) + " minutes). It is in the Grant Code box: press Exchange code.",
       now);
}

void Model::on_revoke(const InFlight& f, const HttpResponse& response, const ExplainContext& context, std::int64_t now) {
  // Zoho: {"status":"success"} on 200; HTTP 400 for a token it does not know: already revoked.
  const RevocationOutcome outcome = read_revocation_response(response.status);
  if (outcome.forget) {
    const std::string key = token_key(f.profile_id, f.end_user);
    tokens_.erase(key);
    store_delete("tokens", key);
    if (f.profile_id == draft_.id) show_selected_profile_state();
    note(outcome.message + " Forgotten here too.", now);
    return;
  }
  fail(explain_error(response.status == 0 ? Error{"network.status_0", "", ""}
                                          : Error{"http." + std::to_string(response.status),
                                                  "The revoke endpoint answered HTTP " + std::to_string(response.status) + ".",
                                                  "Zoho OAuth: Revoke tokens"},
                     context),
       now);
}

namespace {
// A CRM call's error as shown: a scope mismatch is explained against the token set's granted `scope`.
Error crm_failure(const Error& e, const std::string& scope) {
  return e.code == "OAUTH_SCOPE_MISMATCH" ? explain_crm_error(e.code, "", nlohmann::json::object(), scope) : e;
}
}  // namespace

void Model::on_crm_records(const InFlight& f, const HttpResponse& response, std::int64_t now) {
  auto page = parse_records_response(response.status, response.body);
  if (!page.ok()) {
    const TokenSet* t = tokens_for(f.profile_id, f.end_user);
    fail(crm_failure(page.error(), t != nullptr ? t->scope : ""), now);
    return;
  }
  crm_records_ = page.value().records;
  crm_source_ = f.url.substr(0, f.url.find('?'));
  note("Connection works: " + std::to_string(crm_records_.size()) + " lead(s) from " + crm_source_ + ".", now);
  if (phase_ == FlowPhase::kError) show_selected_profile_state();
}

void Model::on_crm_created(const InFlight& f, const HttpResponse& response, std::int64_t now) {
  const TokenSet* t = tokens_for(f.profile_id, f.end_user);
  const std::string scope = t != nullptr ? t->scope : "";
  auto created = parse_create_response(response.status, response.body);
  if (!created.ok()) {
    fail(crm_failure(created.error(), scope), now);
    return;
  }
  if (created.value().empty() || !created.value()[0].ok) {
    const CreatedRecord c = created.value().empty() ? CreatedRecord{} : created.value()[0];
    fail(explain_crm_error(c.code.empty() ? "INVALID_DATA" : c.code, c.message, nlohmann::json::object(), scope), now);
    return;
  }
  crm_created_id_ = created.value()[0].id;
  note("Created a test lead: record id " + crm_created_id_ + ".", now);
  if (phase_ == FlowPhase::kError) show_selected_profile_state();
}

void Model::on_token_answer(const InFlight& f, const HttpResponse& response, const ExplainContext& context,
                            std::int64_t now) {
  const Profile* profile = find_profile(f.profile_id);
  std::optional<TokenSet> previous;
  if (auto t = tokens_.find(token_key(f.profile_id, f.end_user)); t != tokens_.end() && f.purpose == Purpose::kRefresh) {
    previous = t->second;
  }
  auto parsed = parse_token_response(response.status, response.body, previous, now, f.accounts_server,
                                     profile != nullptr ? expires_in_reading_for(*profile)
                                                        : ExpiresInReading::kZohoMillisecondsFallback);
  if (!parsed.ok()) {
    if (f.purpose == Purpose::kRefresh && parsed.error().code == "rate_limited") {
      // Zoho counts every request in its 10-minute window: automatic refresh waits the window out.
      refresh_not_before_[token_key(f.profile_id, f.end_user)] = now + kRateLimitWindow;
    }
    fail(explain_error(parsed.error(), context), now);
    // A pasted code may be tried again by hand after a failure (the single-flight guard is against
    // re-renders and replays; a deliberate retry at worst gets invalid_code).
    if (context.self_client) forget_exchanged_code(f.code);
    return;
  }
  if (profile != nullptr && profile->provider == Provider::kZoho) {
    if (auto message = unknown_api_domain_message(parsed.value().api_domain, config_.base_url)) {
      fail({"token_response.api_domain", *message, "RFC 9700 s4.4"}, now);
      return;
    }
  }
  store_tokens(f.profile_id, f.end_user, parsed.value());
  if (f.purpose == Purpose::kExchange) last_end_user_ = f.end_user;
  phase_ = FlowPhase::kAuthorized;
  flow_error_.reset();
  status_ = f.purpose == Purpose::kRefresh ? "Refreshed: a new access token from " + context.data_centre + "."
                                           : "Authorized: access token received from " + context.data_centre + ".";
  add_log(now, "info", status_);
}

void Model::note(const std::string& text, std::int64_t now) {
  status_ = text;
  add_log(now, "info", text);
}

void Model::refuse(const Error& error, std::int64_t now) {
  flow_error_ = error;
  status_ = error.message;
  add_log(now, "error", error.code + ": " + error.message);
}

void Model::fail(const Error& error, std::int64_t now) {
  phase_ = FlowPhase::kError;
  refuse(error, now);
}

void Model::add_log(std::int64_t now, const std::string& kind, const std::string& text) {
  log_.push_back({now, kind, text});
  if (log_.size() > 500) log_.erase(log_.begin());
}

void Model::forget_exchanged_code(const std::string& code) {
  exchanged_codes_.erase(std::remove(exchanged_codes_.begin(), exchanged_codes_.end(), code), exchanged_codes_.end());
}

void Model::store_put(const std::string& store, const std::string& key, json value) {
  effects_.push_back(StorePut{store, key, std::move(value)});
}

void Model::store_delete(const std::string& store, const std::string& key) {
  effects_.push_back(StoreDelete{store, key});
}

std::vector<Effect> Model::take_effects() {
  std::vector<Effect> out;
  out.swap(effects_);
  return out;
}

const TokenSet* Model::tokens_for(const std::string& profile_id, const std::string& end_user) const {
  const auto it = tokens_.find(token_key(profile_id, end_user));
  return it == tokens_.end() ? nullptr : &it->second;
}

// [SECTION] Snapshot

json Model::snapshot(std::int64_t now) const {
  json profiles = json::array();
  for (const Profile& p : profiles_) profiles.push_back(profile_to_json(p, /*include_secret=*/false));
  json tokens = json::array();
  for (const auto& [key, t] : tokens_) {
    const size_t slash = key.find('/');
    tokens.push_back({{"profileId", key.substr(0, slash)},
                      {"endUser", key.substr(slash + 1)},
                      {"hasAccessToken", !t.access_token.empty()},
                      {"hasRefreshToken", !t.refresh_token.empty()},
                      {"apiDomain", t.api_domain},
                      {"expiresAt", t.expires_at},
                      {"expired", is_expired(t, now)},
                      {"scope", t.scope},
                      {"accountsServer", t.accounts_server}});
  }
  json log = json::array();
  for (const LogEntry& e : log_) log.push_back({{"at", e.at}, {"kind", e.kind}, {"text", e.text}});
  auto url = authorization_url_preview();
  const std::optional<std::int64_t> left = grant_code_clock_.seconds_left(now);
  json error = nullptr;
  if (flow_error_) error = {{"code", flow_error_->code}, {"message", flow_error_->message}, {"source", flow_error_->source}};
  return {{"profiles", profiles},
          {"selectedProfileId", selected_id_},
          {"draft", profile_to_json(draft_, false)},
          {"authorizationUrl", url.ok() ? url.value() : ""},
          {"authorizationUrlError", url.ok() ? "" : url.error().message},
          {"lint", diagnostics_to_json(lint_profile(draft_, config_.base_url))},
          {"flow", {{"phase", phase_name(phase_)}, {"error", error}}},
          {"status", status_},
          {"busy", busy()},
          {"tokens", tokens},
          {"storage", {{"mode", storage_mode_}, {"warning", storage_warning_}}},
          {"grantCode", {{"minutes", grant_code_clock_.minutes()},
                         {"secondsLeft", left ? json(*left) : json(nullptr)}}},
          {"crm", {{"records", crm_records_.size()}, {"source", crm_source_}, {"createdId", crm_created_id_}}},
          {"log", log}};
}

}  // namespace zc
