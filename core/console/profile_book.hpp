// The console's authorization profiles: the saved ones in natural name order, the one selected, the draft
// in the form with the unsaved edits kept per profile (for this page's life, and across a reload without
// their secrets), the custom provider's fields kept while the draft is switched to Zoho, the last deleted
// profile for Undo, and import and export as profile JSON version 1 (docs/ARCHITECTURE.md "Profile JSON,
// version 1"; Integration guide: Create an authorization profile).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/natural_order.hpp"
#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "oauth/error.hpp"

namespace zc {

/// The largest profile file Model::import_profile_file() reads, in bytes (a profile is a few hundred bytes).
inline constexpr std::uint64_t kMaxProfileFileBytes = 1024 * 1024;

/// What an import read: every profile of the text (all of them parse, or the import is refused), and
/// whether the text was a list (a JSON array, even of one) rather than one profile.
struct ProfileImport {
  std::vector<Profile> profiles;
  bool list = false;
};

/// The profiles. Times are Unix seconds; ids are the shell's fresh random ids. Saving and deleting queue
/// their store effects (`profiles`) in the Outbox given; so do the status and log lines they produce.
class ProfileBook {
 public:
  /// `base_url`: where the console runs (it places the demo data centre); `default_redirect_uri`: the
  /// Redirect URI of a new profile.
  ProfileBook(std::string base_url, std::string default_redirect_uri);

  // [SECTION] Reading

  const std::vector<Profile>& profiles() const { return profiles_; }
  /// The saved profile on screen; empty while the draft is a profile not saved yet.
  const std::string& selected_id() const { return selected_id_; }
  /// The profile in the form; nothing is stored until save_draft(). The form's typing arrives through
  /// edit_draft(); the writable form is for the model's own actions (Enable integration).
  Profile& draft() { return draft_; }
  const Profile& draft() const { return draft_; }
  /// How many times another tab's save replaced the draft on screen (the same profile, no edits here):
  /// the form then stops the field being edited, whose own copy of the old text would be written back.
  std::uint64_t draft_replaced() const { return draft_replaced_; }
  /// See Model::edit_draft(): `edited` becomes the draft unless its id is another profile's.
  void edit_draft(const Profile& edited) {
    if (edited.id == draft_.id) draft_ = edited;
  }
  /// The saved profile `id`, or nullptr.
  const Profile* find(const std::string& id) const;
  /// True when the draft holds edits of saved profile `id` kept from an earlier switch.
  bool has_unsaved(const std::string& id) const { return unsaved_.count(id) != 0; }
  /// The name of the profile restore_deleted() would bring back; empty when none.
  std::string undoable_name() const { return deleted_ ? deleted_->name : std::string(); }
  /// True when the draft differs from its saved profile, or is not saved at all.
  bool draft_is_dirty() const;
  /// The authorization URL the draft would send now (no `state`), or the error that stops it.
  Result<std::string> authorization_url_preview() const;

  // [SECTION] Loading and other tabs

  /// Replaces the profiles with the stored `records` (profile JSON; one that does not parse or has no id
  /// is skipped and logged) and the draft with the demo profile under `fresh_id`. Nothing is selected.
  void load(const nlohmann::json& records, const std::string& fresh_id, std::int64_t now, Outbox& out);
  /// Another tab stored profile `key` as `record` (null: deleted it). The form keeps its unsaved edits;
  /// a profile deleted elsewhere while on screen stays in the form, unsaved. Malformed records are ignored.
  void external_change(const std::string& key, const nlohmann::json& record, std::int64_t now, Outbox& out);

  // [SECTION] The draft

  /// An empty profile under `id` (data centre `us`, the default Redirect URI); edits of the one left are kept.
  void new_draft(const std::string& id, Outbox& out);
  /// See Model::set_draft_data_centre().
  void set_draft_data_centre(const std::string& id);
  /// See Model::set_draft_provider().
  void set_draft_provider(Provider provider);
  /// Validates the draft and stores it (StorePut `profiles`), selected. Errors name the field (a missing
  /// name, client id, secret, scope or redirect URI, a URL that does not parse, a value over the limits)
  /// and are shown and logged; `profile.id` (not logged) for a draft without id. Nothing saved is lost.
  std::optional<Error> save_draft(std::int64_t now, Outbox& out);
  /// Puts saved profile `id` in the form (its edits kept from an earlier switch, if any), keeping the
  /// edits of the one left. False, changing nothing, for an unknown id or the profile already in the form.
  bool select(const std::string& id, Outbox& out);
  /// Puts saved `profile` (one of profiles()) in the form as stored and selects it; the form's edits are
  /// dropped (after a redirect, the page is new).
  void show_saved(const Profile& profile);
  /// Keeps the form's edits of a saved profile (logged), for select() to bring back; before the form
  /// takes another profile.
  void keep_unsaved_edits(Outbox& out);
  /// Puts `profile` in the form under `id`, unsaved and unselected (keep_unsaved_edits() first to keep
  /// the edits of the one left).
  void take_into_form(Profile profile, const std::string& id);

  // [SECTION] Delete, undo, duplicate

  /// Deletes saved profile `id` (StoreDelete `profiles`), kept for restore_deleted(). True when it was on
  /// screen: the form then holds a profile with no id (another profile is to be selected), or, when none
  /// is left, an empty profile.
  bool remove(const std::string& id, Outbox& out);
  /// Saves the last deleted profile again (StorePut `profiles`) and returns it; the form then holds no
  /// profile id, for the caller to select the restored one. nullopt when there is nothing to undo.
  std::optional<Profile> restore_deleted(Outbox& out);
  /// Puts a copy of profile `id` (the form's edits when it is on screen) in the form under `new_id`,
  /// named "<name> (copy)", unsaved. False for an unknown id.
  bool duplicate(const std::string& id, const std::string& new_id, Outbox& out);

  // [SECTION] Import and export

  /// Reads profile JSON version 1 text: one profile or a list. Each profile's own id is dropped, and a
  /// Zoho profile's empty URLs come from its data centre. Errors (`profile.<key>` naming the key, every
  /// problem of the first bad profile at once, and its place in a list) start "Not imported: ", or
  /// "Not imported from <file_name>: " when `file_name` is not empty.
  Result<ProfileImport> read_import(const std::string& file_name, const std::string& json_text) const;
  /// Every saved profile (the form's version of the one on screen) as a JSON array, pretty-printed.
  std::string export_all(bool include_secret) const;
  /// One profile (the form's when it is on screen), pretty-printed; empty for an unknown id.
  std::string export_profile(const std::string& id, bool include_secret) const;

  // [SECTION] Unsaved edits across a reload

  /// See Model::unsaved_draft().
  nlohmann::json unsaved_draft() const;
  /// Puts back what unsaved_draft() kept (see Model::restore_draft()) and says so on the status line.
  /// True when the form now holds a kept draft, for the flow panel to describe it.
  bool restore(const nlohmann::json& kept, std::int64_t now, Outbox& out);

 private:
  std::vector<Profile>::iterator saved(const std::string& id);
  /// The first problem that stops the draft from being saved, or nullopt.
  std::optional<Error> draft_problem() const;
  /// A Zoho profile's empty Authorization, Token and Refresh Token URLs filled from its data centre, as
  /// choosing the Data Centre in the form does (an imported file may name only `dataCenter`).
  void fill_empty_urls(Profile& profile) const;
  void sort_profiles();

  std::string base_url_;
  std::string default_redirect_uri_;
  std::vector<Profile> profiles_;
  std::string selected_id_;
  Profile draft_;
  std::uint64_t draft_replaced_ = 0;
  std::map<std::string, Profile> unsaved_;  // profile id -> edits not yet saved
  std::optional<Profile> deleted_;
  struct CustomFields {  // a custom provider's fields while the draft is switched to Zoho
    std::string profile_id, authorization_url, token_url, refresh_token_url, issuer;
  };
  CustomFields custom_fields_;
};

}  // namespace zc
