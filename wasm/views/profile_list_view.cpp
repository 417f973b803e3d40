// "Select Authorization": the saved authorization profiles, and Create New. The list's entries tell the
// accessible mirror which one is selected (item_recorder.hpp).
#include <algorithm>
#include <vector>

#include "app.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "item_recorder.hpp"
#include "js_shell.hpp"
#include "views.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"
#include "oauth/url.hpp"

namespace zc::web {
namespace {

// The filter box shows above this many profiles.
constexpr size_t kFilterFrom = 8;

// The guide's authorization type matrix, the panel's title, and what to do while nothing is saved.
void draw_list_header(const Model& m) {
  // The guide's authorization type matrix for Zoho CRM: only OAuth - Custom is offered, in both modes.
  if (ImGui::CollapsingHeader("Authorization types")) {
    ImGui::TextWrapped("OAuth - System: not offered for Zoho CRM.");
    ImGui::TextWrapped("OAuth - Custom: offered, to pre-authorize and to let end users authorize.");
    ImGui::TextDisabled("Mechanism: OAuth v2");
  }
  ImGui::TextUnformatted("Select Authorization");
  ImGui::Separator();
  if (m.profiles().empty()) {
    // The demo's ready-to-use hint only while the form can be saved as it is (an imported profile
    // without its secret is on the demo data centre too, but needs the secret first).
    const bool ready_demo = m.draft().provider == Provider::kZoho && m.draft().data_centre == "demo" && !m.draft().client_secret.empty();
    ImGui::TextWrapped(ready_demo ? "No saved profile yet. The form holds a demo profile: press Save Authorization "
                                    "Profile, or Authorize straight away."
                                  : "No saved profile yet: fill in the form and press Save Authorization Profile.");
  }
}

// The indexes of the profiles to list: all, or, once the list is longer than a glance, those whose name
// holds the filter's text (case-insensitive), with the filter box above them.
std::vector<int> filtered_rows(const std::vector<Profile>& profiles, ViewState& views) {
  if (profiles.size() > kFilterFrom) {
    ImGui::SetNextItemWidth(-1.0f);
    const ImGuiID filter_id = ImGui::GetID("##filter");
    ImGui::InputTextWithHint("##filter", "Filter profiles", &views.filter);
    items_label(filter_id, "Filter profiles");
  }
  const std::string needle = ascii_lower(views.filter);
  std::vector<int> rows;
  rows.reserve(profiles.size());
  for (size_t i = 0; i < profiles.size(); ++i) {
    if (needle.empty() || profiles.size() <= kFilterFrom || ascii_lower(profiles[i].name).find(needle) != std::string::npos) {
      rows.push_back(static_cast<int>(i));
    }
  }
  if (rows.empty() && !profiles.empty()) ImGui::TextDisabled("No profile name contains \"%s\".", views.filter.c_str());
  return rows;
}

// The selected profile is scrolled into view when it changes (picked elsewhere, imported, loaded) and
// when the filter changes the rows around it. `row`: one row's height.
void scroll_to_selected(App& app, ViewState& views, const std::vector<int>& rows, float row) {
  const Model& m = app.model();
  if (views.scrolled_to == m.selected_profile_id() && views.scrolled_with == views.filter) return;
  views.scrolled_to = m.selected_profile_id();
  views.scrolled_with = views.filter;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (m.profiles()[static_cast<size_t>(rows[r])].id != views.scrolled_to) continue;
    const float top = row * static_cast<float>(r);
    if (top < ImGui::GetScrollY() || top + row > ImGui::GetScrollY() + ImGui::GetWindowHeight()) {
      ImGui::SetScrollY(top - (ImGui::GetWindowHeight() - row) * 0.5f);
      app.frames().request(2);  // the scroll lands in the next frame
    }
  }
}

// One profile's row: its name (cut with "…" when long, whole on hover), selected when it is the draft's.
void draw_row(App& app, ViewState& views, const Profile& p) {
  const Model& m = app.model();
  const bool selected = p.id == m.selected_profile_id();
  const std::string name = m.has_unsaved(p.id) ? p.name + " *" : p.name;
  const std::string fitted = fit_one_line(name, ImGui::GetContentRegionAvail().x);
  // The row's label is empty and its text drawn here: a name holding "##" is shown whole (ImGui
  // would end a label there).
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::PushID(p.id.c_str());
  const bool picked = ImGui::Selectable("##row", selected);
  ImGui::PopID();
  ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), fitted.c_str());
  if (picked) {
    app.dispatch(&Model::select_profile, p.id);
    views.scrolled_to = p.id;  // picked here: it is in view already
  }
  items_label_last(name.c_str());  // items() and the accessible mirror name it whole
  items_selected_last(selected);
  if (fitted != name && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name.c_str());
}

// The list scrolls in a box of its own, so the buttons under it stay in view however many profiles
// there are (issue 11 case 5); the box is as tall as the rows up to what the panel has left.
void draw_rows(App& app, ViewState& views, const std::vector<int>& rows) {
  const float row = ImGui::GetTextLineHeightWithSpacing();
  const float below = ImGui::GetFrameHeightWithSpacing() * 6.0f + ImGui::GetTextLineHeightWithSpacing() * 2.0f;
  const float height = std::clamp(row * static_cast<float>(rows.size()) + ImGui::GetStyle().ItemSpacing.y,
                                  std::min(row * 3.0f, row * static_cast<float>(rows.size()) + 1.0f),
                                  std::max(row * 3.0f, ImGui::GetContentRegionAvail().y - below));
  if (rows.empty()) return;
  ImGui::BeginChild("##list", ImVec2(0, height), false, ImGuiWindowFlags_NavFlattened);
  scroll_to_selected(app, views, rows, row);
  // Clipped: only the rows in view are built and drawn, so a thousand profiles cost what a screenful does.
  // A row picked changes the selection, never the list itself, so the rows stay valid while drawn.
  const std::vector<Profile>& profiles = app.model().profiles();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()), row);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      draw_row(app, views, profiles[static_cast<size_t>(rows[static_cast<size_t>(r)])]);
    }
  }
  ImGui::EndChild();
}

// Create New, and for the selected profile `id` (empty: none) Duplicate, Delete (asks first); Undo.
void draw_profile_buttons(App& app, const std::string& id) {
  const Model& m = app.model();
  ImGui::BeginDisabled(id.empty());
  if (ImGui::Button("Duplicate")) {
    app.dispatch(&Model::duplicate_profile, id, "p-" + App::random_token(9), App::now());
  }
  ImGui::SameLine();
  if (ImGui::Button("Delete")) ImGui::OpenPopup("Delete profile?");
  ImGui::EndDisabled();
  if (ImGui::BeginPopupModal("Delete profile?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("Delete '%s' and its tokens from this browser?", m.draft().name.c_str());
    ImGui::TextDisabled("Tokens are not revoked at Zoho: use Revoke first for that. Undo brings it back.");
    if (ImGui::Button("Delete profile")) {
      app.dispatch(&Model::delete_profile, id, App::now());
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::SetItemDefaultFocus();  // the keyboard starts on Cancel, not on the deletion
    ImGui::EndPopup();
  }
  if (!m.undoable_name().empty()) {
    ImGui::SameLine();
    if (ImGui::Button("Undo")) app.dispatch(&Model::undo_delete, App::now());
  }
}

// Import JSON's dialog: a profile pasted into the box, its refusal under it.
void draw_import_dialog(App& app, ViewState& views) {
  if (!ImGui::BeginPopupModal("Import profile JSON", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const Model& m = app.model();
  ImGui::TextUnformatted("Paste a profile (version 1) with Ctrl+V, then press Import.");
  const ImGuiID import_id = ImGui::GetID("##import");
  ImGui::InputTextMultiline("##import", &views.import_text, ImVec2(ImGui::GetFontSize() * 34, ImGui::GetFontSize() * 12));
  items_label(import_id, "Profile JSON to import");
  items_multiline(import_id);  // no value in the mirror: a pasted profile may hold its client secret
  if (ImGui::Button("Import")) {
    if (!app.dispatch(&Model::import_profile, views.import_text, "p-" + App::random_token(9), App::now())) {
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  if (m.flow_error() && m.flow_error()->message.rfind("Not imported", 0) == 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.5f, 0.45f, 1));
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ImGui::TextUnformatted(m.flow_error()->message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::EndPopup();
}

// Export (of the selected profile `id`) and import as profile JSON version 1 (docs/ARCHITECTURE.md), through
// the clipboard or a file.
void draw_profile_json(App& app, ViewState& views, const std::string& id) {
  const Model& m = app.model();
  const bool include_secret = views.include_secret;
  ImGui::Spacing();
  ImGui::TextDisabled("Profile JSON");
  ImGui::BeginDisabled(id.empty());
  if (ImGui::Button("Copy JSON")) {
    zc_js_copy(m.export_profile(id, include_secret).c_str());
    app.dispatch(&Model::note,
                 include_secret ? "Profile JSON copied, client secret included." : "Profile JSON copied (without the client secret).",
                 App::now());
  }
  ImGui::SameLine();
  if (ImGui::Button("Download")) {
    const std::string name = m.draft().name.empty() ? std::string("profile") : m.draft().name;
    zc_js_download(name.c_str(), m.export_profile(id, include_secret).c_str());
    // The browser saves it without a word on some setups: the console says what went where.
    app.dispatch(&Model::note,
                 std::string("Profile JSON of '") + name + "' downloaded as a .json file, " +
                     (include_secret ? "client secret included." : "without the client secret.") +
                     " Your browser's downloads list has it; Import file reads it back.",
                 App::now());
  }
  ImGui::EndDisabled();
  ImGui::Checkbox("Include secret", &views.include_secret);
  if (ImGui::Button("Import JSON")) {
    views.import_text.clear();
    ImGui::OpenPopup("Import profile JSON");
  }
  ImGui::SameLine();
  if (ImGui::Button("Import file")) zc_js_pick_file();
  draw_import_dialog(app, views);
}

}  // namespace

void draw_profile_list(App& app, ViewState& views) {
  const Model& m = app.model();
  draw_list_header(m);
  const std::vector<int> rows = filtered_rows(m.profiles(), views);
  draw_rows(app, views, rows);
  ImGui::Spacing();
  if (ImGui::Button("Create New")) app.dispatch(&Model::new_draft, "p-" + App::random_token(9));
  // The profile selected before this frame's buttons: what they act on.
  const std::string id = m.selected_profile_id();
  draw_profile_buttons(app, id);
  draw_profile_json(app, views, id);
}

}  // namespace zc::web
