// What the views remember from one frame to the next, in one place (App owns it, draw_console hands it
// to each panel): text being typed that is not (yet) the model's, scroll and popup bookkeeping, and
// choices that only change what is shown. Nothing here is model state: that changes only through
// App::dispatch.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zc::web {

/// Which fields of the draft on screen a person has had the chance to fill: a field counts once it was
/// changed or left, and every field once Save or Authorize was pressed. A new, blank form shows its
/// errors only for those (issue 11 case 8): four red lines before anything is typed read as blame.
/// Warnings and notes always show, and so does everything for a saved profile.
struct TouchedFields {
  std::string draft_id;  // the draft these are for
  std::uint64_t replaced = 0;  // Model::draft_replaced() when they started
  std::vector<std::string> fields;
  bool all = false;
  bool has(const std::string& field) const { return all || std::find(fields.begin(), fields.end(), field) != fields.end(); }
  void add(const char* field) {
    if (!has(field)) fields.emplace_back(field);
  }
};

/// The views' memory between frames.
struct ViewState {
  // [SECTION] The console window (console_window.cpp)
  bool end_user_link_open = false;  // the end-user link's confirmation was opened
  float form_height = 0.0f;         // the form's height in stacked layouts, as last measured (0: not yet)
  std::string announced;            // the status line last handed to the ARIA live region

  // [SECTION] The profile form (profile_form_view.cpp)
  TouchedFields touched;
  bool reveal_secret = false;  // Show secret
  std::string scopes_text;     // the Scopes field as typed
  std::string scopes_of;       // which draft scopes_text belongs to
  std::string grant_code;      // a self client's Grant Code box
  std::string grant_code_sent; // the code last sent: it leaves the box only once it became tokens
  std::string registered_redirect_uri;  // Registered redirect URI, as pasted (never stored)

  // [SECTION] The profile list (profile_list_view.cpp)
  std::string filter;         // Filter profiles
  std::string scrolled_to;    // the profile last scrolled into view
  std::string scrolled_with;  // the filter then
  bool include_secret = false;
  std::string import_text;    // Import JSON's box

  // [SECTION] Token status (token_status_view.cpp)
  std::string end_user;        // End User Id
  std::string shown_end_user;  // the end user whose token set is shown
  std::string tabs_synced_to;  // the draft whose mode last picked the tab
  bool hand_off_secrets = false;  // Hand-off: Include secrets in .env
  int scenario_choice = 0;        // Scenarios: the scenario picked (zoho/demo_scenarios.hpp's order)

  // [SECTION] The activity log (activity_log_view.cpp) and the sequence diagram (sequence_view.cpp)
  size_t log_lines_shown = 0;
  size_t log_selected = static_cast<size_t>(-1);  // the serial of the line an arrow selected (none: -1)
  bool log_scroll = false;                         // bring it into view in the next frame

  // [SECTION] The main loop (main.cpp)
  int open_popups = 0;  // ImGui's popup stack in the last frame
};

}  // namespace zc::web
