#include "console/profile_book.hpp"

#include <algorithm>
#include <utility>

#include "console/profile_endpoints.hpp"
#include "console/redaction.hpp"
#include "oauth/json_text.hpp"
#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"

namespace zc {

using nlohmann::json;

namespace {
const char* kSaveSource = "Integration guide: Create an authorization profile";

Profile demo_profile(const std::string& redirect_uri) {
  Profile p;
  p.name = "Zoho CRM leads (demo)";
  p.data_centre = "demo";
  p.client_id = kDemoClientId;
  p.client_secret = kDemoClientSecret;
  p.scopes = {"ZohoCRM.modules.leads.ALL"};
  p.redirect_uri = redirect_uri;
  return p;
}

// The first of the draft's required fields that is empty, as the error that names it and how to fill it.
std::optional<Error> missing_field(const Profile& d) {
  auto missing = [](const std::string& field, const std::string& fix) {
    return Error{"profile." + field, field + " is empty; " + fix, kSaveSource};
  };
  const bool zoho = d.provider == Provider::kZoho;
  if (d.name.empty()) return missing("Name", "give the profile a name you will recognise.");
  if (d.client_id.empty()) {
    return missing("Client Id", zoho ? "copy it from your app in Zoho's API console."
                                     : "copy it from your client's registration at the provider.");
  }
  if (requires_client_secret(d) && d.client_secret.empty()) {
    return missing("Client Secret", zoho ? "copy it from your app in Zoho's API console."
                                         : "copy it from the provider, or for a public client set Client "
                                           "authentication to none.");
  }
  if (d.scopes.empty()) return missing("Scopes", "add at least one, e.g. ZohoCRM.modules.leads.ALL.");
  if (d.redirect_uri.empty() && uses_redirect(d)) {
    return missing("Redirect URI", "enter the URI registered for your app.");
  }
  if (zoho && d.client_type == ClientType::kClientCredentials && trim_white_space(d.organization_id).empty()) {
    return missing("Organization ID", "copy the Org ID from Zoho CRM (Setup > Company Details); Zoho answers "
                                      "missing_org_info without it.");
  }
  if (std::optional<std::string> problem = organization_id_problem(d)) {
    return Error{"profile.Organization ID", *problem, kSaveSource};
  }
  return std::nullopt;
}

// `value` as a URL for the form's `field`, or the error naming the field (`profile.<field>`).
std::optional<Error> url_problem(const std::string& value, const char* field) {
  auto parsed = parse_url(value, field);
  if (parsed.ok()) return std::nullopt;
  Error error = parsed.error();
  error.code = std::string("profile.") + field;
  return error;
}

// The first of the draft's URLs (its effective endpoints, Redirect URI, Issuer, Relay URL) that is not one.
std::optional<Error> invalid_url(const Profile& d, const std::string& base_url) {
  const ProfileEndpoints e = resolve_endpoints(d, base_url);
  struct Url {
    const char* field;
    const std::string* value;
    bool used;  // the draft's client type reads it (the form shows it)
  };
  // Only a client that redirects has an authorization URL and a redirect URI (an empty one is missing_field's
  // to report); only the device flow has a device authorization URL.
  const Url urls[] = {{"Authorization URL", &e.authorization_url, uses_redirect(d)},
                      {"Token URL", &e.token_url, true},
                      {"Refresh Token URL", &e.refresh_token_url, true},
                      {"Redirect URI", &d.redirect_uri, uses_redirect(d) && !d.redirect_uri.empty()},
                      {"Device Authorization URL", &e.device_authorization_url, uses_device_flow(d)}};
  for (const Url& u : urls) {
    if (!u.used) continue;
    if (auto error = url_problem(*u.value, u.field)) return error;
  }
  // Optional URLs: checked when given (Issuer; OpenID Connect's JWKS and Userinfo URLs).
  const std::pair<const char*, const std::string*> optional[] = {
      {"Issuer", &d.issuer}, {"JWKS URL", &d.jwks_url}, {"Userinfo URL", &d.userinfo_url}};
  for (const auto& [field, value] : optional) {
    if (value->empty()) continue;
    if (auto error = url_problem(*value, field)) return error;
  }
  if (d.relay_url.empty()) return std::nullopt;
  if (auto error = url_problem(d.relay_url, "Relay URL")) return error;
  if (d.relay_url.find('?') != std::string::npos || d.relay_url.find('#') != std::string::npos) {
    return Error{"profile.Relay URL",
                 "Relay URL must not carry a query or fragment; the console adds ?target=. Example: "
                 "http://localhost:8000/relay",
                 kSaveSource};
  }
  return std::nullopt;
}
}  // namespace

ProfileBook::ProfileBook(std::string base_url, std::string default_redirect_uri)
    : base_url_(std::move(base_url)), default_redirect_uri_(std::move(default_redirect_uri)) {
  draft_ = demo_profile(default_redirect_uri_);
}

// [SECTION] Reading

const Profile* ProfileBook::find(const std::string& id) const {
  for (const Profile& p : profiles_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::vector<Profile>::iterator ProfileBook::saved(const std::string& id) {
  return std::find_if(profiles_.begin(), profiles_.end(), [&](const Profile& p) { return p.id == id; });
}

bool ProfileBook::draft_is_dirty() const {
  const Profile* saved = find(draft_.id);
  return saved == nullptr || profile_to_json(*saved) != profile_to_json(draft_);
}

Result<std::string> ProfileBook::authorization_url_preview() const {
  return build_authorization_url(authorization_request_for(draft_, base_url_));
}

// [SECTION] Loading and other tabs

void ProfileBook::load(const json& records, const std::string& fresh_id, std::int64_t now, Outbox& out) {
  draft_ = demo_profile(default_redirect_uri_);
  draft_.id = fresh_id;
  set_draft_data_centre("demo");
  profiles_.clear();
  if (records.is_array()) {
    for (const json& j : records) {
      auto p = profile_from_json(j);
      if (p.ok() && !p.value().id.empty()) {
        profiles_.push_back(std::move(p).value());
      } else {
        out.add_log(now, "error", "A stored profile could not be read and was skipped: " +
                                      (p.ok() ? std::string("it has no id.") : p.error().message));
      }
    }
  }
  sort_profiles();
}

void ProfileBook::external_change(const std::string& key, const json& record, std::int64_t now, Outbox& out) {
  auto it = saved(key);
  const bool on_screen = key == draft_.id;
  const bool had_edits = on_screen && draft_is_dirty();
  if (record.is_null()) {
    if (it == profiles_.end()) return;
    const std::string name = it->name;
    profiles_.erase(it);
    out.note("Profile '" + name + "' was deleted in another tab" +
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
  if (on_screen && !had_edits) {
    draft_ = parsed.value();
    ++draft_replaced_;
  }
  out.note("Profile '" + parsed.value().name + "' was saved in another tab" +
               (had_edits ? std::string("; your unsaved edits here are kept (Save replaces it).") : std::string(".")),
           now);
}

// [SECTION] The draft

void ProfileBook::new_draft(const std::string& id, Outbox& out) {
  keep_unsaved_edits(out);
  draft_ = Profile{};
  draft_.id = id;
  draft_.redirect_uri = default_redirect_uri_;
  set_draft_data_centre("us");
  selected_id_.clear();
}

void ProfileBook::set_draft_data_centre(const std::string& id) {
  const bool was_demo = draft_.data_centre == "demo";
  draft_.data_centre = id;
  if (auto dc = find_data_centre(id, base_url_)) {
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

void ProfileBook::set_draft_provider(Provider provider) {
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
    if (find_by_accounts_server(accounts, base_url_)) url->clear();
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

std::optional<Error> ProfileBook::draft_problem() const {
  if (auto error = profile_limits_error(draft_)) return error;
  if (auto error = missing_field(draft_)) return error;
  return invalid_url(draft_, base_url_);
}

std::optional<Error> ProfileBook::save_draft(std::int64_t now, Outbox& out) {
  if (std::optional<Error> error = draft_problem()) {
    out.set_status(error->message);
    out.add_log(now, "error", "Not saved: " + error->message);
    return error;
  }
  if (draft_.id.empty()) return Error{"profile.id", "The profile has no id; press Create New first.", kSaveSource};
  auto it = saved(draft_.id);
  if (it == profiles_.end()) profiles_.push_back(draft_);
  else *it = draft_;
  sort_profiles();
  unsaved_.erase(draft_.id);
  selected_id_ = draft_.id;
  out.put("profiles", draft_.id, profile_to_json(draft_));
  out.note("Saved authorization profile '" + draft_.name + "'.", now);
  return std::nullopt;
}

bool ProfileBook::select(const std::string& id, Outbox& out) {
  const Profile* p = find(id);
  if (p == nullptr || id == draft_.id) return false;
  keep_unsaved_edits(out);
  selected_id_ = id;
  const auto kept = unsaved_.find(id);
  draft_ = kept != unsaved_.end() ? kept->second : *p;
  return true;
}

void ProfileBook::show_saved(const Profile& profile) {
  selected_id_ = profile.id;
  draft_ = profile;
}

void ProfileBook::take_into_form(Profile profile, const std::string& id) {
  draft_ = std::move(profile);
  draft_.id = id;
  selected_id_.clear();
}

void ProfileBook::sort_profiles() {
  // A binary insertion sort of pointers, then each profile moves once. Stable like std::stable_sort (a
  // profile goes after its equals), as fast for the 1,000 profiles of docs/PERFORMANCE.md "Scale", and
  // about 3 KB smaller in the wasm bundle than stable_sort's merging of whole profiles.
  std::vector<Profile*> order;
  order.reserve(profiles_.size());
  for (Profile& p : profiles_) {
    order.insert(std::upper_bound(order.begin(), order.end(), &p,
                                  [](const Profile* a, const Profile* b) { return natural_less(a->name, b->name); }),
                 &p);
  }
  std::vector<Profile> sorted;
  sorted.reserve(profiles_.size());
  for (Profile* p : order) sorted.push_back(std::move(*p));
  profiles_.swap(sorted);
}

void ProfileBook::keep_unsaved_edits(Outbox& out) {
  // Edits not yet saved are kept per profile for this page's life, so switching profiles loses nothing.
  if (!draft_.id.empty() && draft_is_dirty() && find(draft_.id) != nullptr) {
    unsaved_[draft_.id] = draft_;
    out.add_log(0, "info", "Unsaved changes to '" + draft_.name +
                               "' are kept in this tab; press Save Authorization Profile to store them.");
  }
}

// [SECTION] Delete, undo, duplicate

bool ProfileBook::remove(const std::string& id, Outbox& out) {
  const auto it = saved(id);
  if (it == profiles_.end()) return false;
  out.remove("profiles", id);
  deleted_ = std::move(*it);
  profiles_.erase(it);
  unsaved_.erase(id);
  if (draft_.id != id) return false;
  selected_id_.clear();
  if (!profiles_.empty()) {
    draft_.id.clear();  // the deleted profile's edits are not stashed
  } else {
    draft_ = Profile{};
    draft_.redirect_uri = default_redirect_uri_;
  }
  return true;
}

std::optional<Profile> ProfileBook::restore_deleted(Outbox& out) {
  std::optional<Profile> restored = std::move(deleted_);
  deleted_.reset();
  if (!restored) return restored;
  profiles_.push_back(*restored);
  sort_profiles();
  out.put("profiles", restored->id, profile_to_json(*restored));
  selected_id_.clear();
  draft_.id.clear();  // nothing to stash: the restored profile is selected next
  return restored;
}

bool ProfileBook::duplicate(const std::string& id, const std::string& new_id, Outbox& out) {
  const Profile* p = find(id);
  if (p == nullptr) return false;
  Profile copy = (id == draft_.id) ? draft_ : *p;
  copy.name += " (copy)";
  keep_unsaved_edits(out);
  take_into_form(std::move(copy), new_id);
  return true;
}

// [SECTION] Import and export

void ProfileBook::fill_empty_urls(Profile& p) const {
  if (p.provider != Provider::kZoho) return;
  if (auto dc = find_data_centre(p.data_centre, base_url_)) {
    if (p.authorization_url.empty()) p.authorization_url = authorization_endpoint(*dc);
    if (p.token_url.empty()) p.token_url = token_endpoint(*dc);
    if (p.refresh_token_url.empty()) p.refresh_token_url = token_endpoint(*dc);
  }
}

Result<ProfileImport> ProfileBook::read_import(const std::string& file_name, const std::string& json_text) const {
  const std::string prefix = file_name.empty() ? "Not imported: " : "Not imported from " + file_name + ": ";
  auto refused = [&](Error e, const std::string& where) {
    e.message = prefix + where + e.message;
    return e;
  };
  if (auto e = duplicate_key_error(json_text)) return refused(*e, "");
  json all = parse_json(json_text);
  if (!all.is_array() && !all.is_object()) return refused(parse_profile(json_text).error(), "");
  ProfileImport read;
  read.list = all.is_array();
  if (read.list && all.empty()) {
    return refused({"profile", "the list holds no profile.", "README: profile JSON, version 1"}, "");
  }
  if (!read.list) all = json::array({all});
  // All of them parse, or none is imported; each problem of a profile is named at once.
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].is_object()) all[i].erase("id");  // an import always gets a new id: the file's is not checked
    const std::vector<Error> problems = profile_problems(all[i]);
    const std::string where =
        read.list ? "profile " + std::to_string(i + 1) + " of " + std::to_string(all.size()) + ": " : "";
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
    read.profiles.push_back(std::move(p));
  }
  return read;
}

std::string ProfileBook::export_all(bool include_secret) const {
  json all = json::array();
  for (const Profile& p : profiles_) all.push_back(profile_to_json(p.id == draft_.id ? draft_ : p, include_secret));
  return all.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string ProfileBook::export_profile(const std::string& id, bool include_secret) const {
  const Profile* p = id == draft_.id ? &draft_ : find(id);
  if (p == nullptr) return {};
  return profile_to_json(*p, include_secret).dump(2, ' ', false, json::error_handler_t::replace);
}

// [SECTION] Unsaved edits across a reload

json ProfileBook::unsaved_draft() const {
  json others = json::array();
  for (const auto& [id, p] : unsaved_) {
    if (id != draft_.id) others.push_back(profile_to_json(p, /*include_secret=*/false));
  }
  const bool on_screen = draft_is_dirty() && !draft_.id.empty();
  if (!on_screen && others.empty()) return nullptr;
  return {{"draft", on_screen ? profile_to_json(draft_, /*include_secret=*/false) : json()}, {"others", others}};
}

bool ProfileBook::restore(const json& kept, std::int64_t now, Outbox& out) {
  if (!kept.is_object()) return false;
  // Edits of profiles that were not on screen go back to where select() finds them.
  if (kept.contains("others") && kept["others"].is_array()) {
    for (const json& o : kept["others"]) {
      auto p = profile_from_json(o);
      const Profile* saved = p.ok() ? find(p.value().id) : nullptr;
      if (saved == nullptr) continue;
      Profile edit = std::move(p).value();
      edit.client_secret = saved->client_secret;
      unsaved_[edit.id] = edit;
    }
  }
  const json j = kept.contains("draft") ? kept["draft"] : kept;  // a version-1 page kept the draft alone
  if (j.is_null()) {
    if (unsaved_.empty()) return false;
    if (const auto it = unsaved_.find(draft_.id); it != unsaved_.end()) draft_ = it->second;  // the one on screen
    out.note("Your unsaved edits were restored after the reload (profiles marked *).", now);
    return false;
  }
  auto p = profile_from_json(j);
  if (!p.ok() || p.value().id.empty()) return false;
  Profile draft = std::move(p).value();
  const Profile* saved = find(draft.id);
  if (saved != nullptr) draft.client_secret = saved->client_secret;
  selected_id_ = saved != nullptr ? saved->id : std::string();
  draft_ = draft;
  out.note(saved != nullptr || draft_.client_type != ClientType::kServer
               ? "Your unsaved edits were restored after the reload."
               : "Your unsaved edits were restored after the reload; enter the Client Secret again (it is never "
                 "kept outside saved profiles).",
           now);
  return true;
}

}  // namespace zc
