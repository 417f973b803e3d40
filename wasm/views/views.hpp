// The console's ImGui views, one file per panel. Each reads the Model and changes it only through its
// actions (the same ones the automation bridge and the native tests use).
#pragma once

namespace zc::web {
class App;

/// The whole console: one full-viewport window with the panels below.
void draw_console(App& app);

/// "Select Authorization": saved profiles and Create New.
void draw_profile_list(App& app);
/// The authorization profile form, the live authorization URL, Save and Authorize.
void draw_profile_form(App& app);
/// Token status of the selected profile: flow phase, error, masked token, API domain, expiry countdown.
void draw_token_status(App& app);
/// The activity log (redacted requests and responses).
void draw_activity_log(App& app);

}  // namespace zc::web
