// The console's ImGui views, one file per panel. Each reads the Model and changes it only by handing an
// action to App::dispatch (the same actions the automation bridge and the native tests use); what a view
// remembers between frames is in the ViewState it is given (views/view_state.hpp).
#pragma once
#include <cstddef>
#include <string>

namespace zc {
struct Profile;
struct TokenBudget;
struct TokenSet;
}

namespace zc::web {
class App;
struct ViewState;

/// The whole console: one full-viewport window with the panels below, each given the App's ViewState.
void draw_console(App& app);

/// "Select Authorization": saved profiles and Create New.
void draw_profile_list(App& app, ViewState& views);
/// The authorization profile form's fields and the live authorization URL (a self client's grant code too).
void draw_profile_form(App& app, ViewState& views);
/// The form's actions - a self client's Grant Code and Exchange code, Save Authorization Profile,
/// Authorize, Copy URL - and under them the outcome of the last action (draw_outcome). Kept in view at
/// every window size (console_window.cpp).
void draw_form_actions(App& app, ViewState& views);
/// What the last action did: the model's error or status line, two lines at most ("Outcome" in items()).
void draw_outcome(App& app);
/// The label of the button that gets the draft `p` its tokens, as draw_form_actions draws it and the
/// token panel's hint names it: "Get token" (client credentials), "Start device flow" (non-browser),
/// "Authorize" (the others; a self client's is disabled: it pastes a grant code).
const char* token_action(const Profile& p);
/// The height draw_form_actions takes for the draft `p`: a self client's rows, the button row, the
/// unsaved-changes note when it wraps, two outcome lines.
float form_actions_height(const Profile& p);
/// The form's "Registered redirect URI" field and, once something is pasted, each difference from
/// `redirect_uri` (the draft's) with its fix, and "Use registered". True when Use registered was pressed:
/// `redirect_uri` then holds the registered URI (the caller hands the edit to the model).
bool draw_redirect_uri_check(ViewState& views, std::string& redirect_uri);
/// "Hand-off", a collapsing section: Copy curl, Copy .env (with "Include secrets in .env") and the text
/// shown masked, for the draft and the selected profile's token set.
void draw_hand_off(App& app, ViewState& views);
/// "Scenarios", a collapsing section shown only for a draft on the demo data centre: the demo's failure
/// scenarios to arm (one at a time, each fires once), the armed one with Disarm, and the last that fired.
void draw_scenarios(App& app, ViewState& views);
/// Token status of the selected profile: flow phase, error, masked token, API domain, expiry countdown.
void draw_token_status(App& app, ViewState& views);
/// The pending device authorization (client type non-browser): the user code large, the verification
/// link (open, copy), its QR code, the expiry countdown, the next poll, Cancel. Nothing when none is pending.
void draw_device_flow(App& app);
/// Sign in with Zoho (OpenID Connect) for token set `t` of the selected profile and `end_user`: Verify
/// id_token, Call userinfo, the verdict of each check, the decoded header and claims, the userinfo answer.
void draw_id_token(App& app, const TokenSet& t, const std::string& end_user);
/// "Token budget" for a token set (core/console/token_budget.hpp): Zoho's refresh tokens of its client and
/// user, of 20, and its access tokens in the last 10 minutes, of 10.
void draw_token_budget(const TokenBudget& budget);
/// A budget warning in amber, an item named `name` for reading: drawn beside the button it is about.
void draw_budget_warning(const std::string& warning, const char* name);
/// "Token timeline", a collapsing section: token set `t`'s history as marks, its access token's life as a
/// bar, the "now" line and the next automatic refresh.
void draw_token_timeline(App& app, const TokenSet& t, const std::string& end_user);
/// "Sequence diagram", a collapsing section shown once a request was logged: the last authorization's
/// requests as arrows between five lanes; a click selects the arrow's activity log line.
void draw_sequence(App& app, ViewState& views);
/// The activity log (redacted requests and responses).
void draw_activity_log(App& app, ViewState& views);

/// A combo labelled `label` (what items() reports) of `count` choices shown as `labels`, `current` the
/// index of the one held, `combo_flags` ImGui's ImGuiComboFlags; returns the index picked this frame, or -1.
int draw_choice_index(const char* label, std::size_t current, const char* const* labels, std::size_t count,
                      int combo_flags = 0);

}  // namespace zc::web
