// Token status, in the integration guide's two modes (tabs): "Pre-authorize the Integration" (one token
// set for the integration) and "Allow Users to Authorize the Integration" (one per end user). Each set
// shows its masked access token, API domain, expiry countdown and refresh token, and one-click actions:
// Refresh now, Revoke, Forget, Test connection (a records table), Create test lead. Tokens are drawn as
// text, never as items, so the accessible mirror holds none (End User Id and the end users are items).
#include <emscripten.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>

#include "app.hpp"
#include "console/client_credentials_grant.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "item_recorder.hpp"
#include "console/openid_nonce.hpp"
#include "js_shell.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "views.hpp"
#include "views/grid.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"

namespace zc::web {
namespace {

const ImVec4 kGreen(0.35f, 0.80f, 0.45f, 1.0f), kRed(0.95f, 0.45f, 0.40f, 1.0f), kAmber(0.95f, 0.75f, 0.30f, 1.0f);

// The token actions, one click each; disabled while a request is in flight.
void draw_token_actions(App& app, const TokenSet& t, const std::string& end_user, const TokenBudget& budget) {
  const Model& m = app.model();
  const std::string id = m.selected_profile_id();
  ImGui::PushID(end_user.c_str());
  ImGui::BeginDisabled(m.busy());
  // A client-credentials set has no refresh token: Refresh asks again with the client credentials.
  const bool asks_again = m.draft().client_type == ClientType::kClientCredentials;
  ImGui::BeginDisabled(t.refresh_token.empty() && !asks_again);
  if (ImGui::Button("Refresh now")) app.dispatch(&Model::refresh, id, end_user, App::now());
  ImGui::EndDisabled();
  if (t.refresh_token.empty() && m.draft().client_type != ClientType::kSelf && !asks_again) {
    // No refresh token (implicit grant, online access): a new authorization is the way to a new token.
    ImGui::SameLine();
    if (ImGui::Button("Authorize again")) app.effects().authorize(end_user);
  }
  // Revoke and the CRM calls are Zoho's endpoints: a custom provider's token set can be forgotten here.
  const bool zoho = m.draft().provider == Provider::kZoho;
  if (zoho) {
    ImGui::SameLine();
    // Revoking cannot be undone at Zoho: it asks first, as Delete does.
    if (ImGui::Button("Revoke")) ImGui::OpenPopup("Revoke at Zoho?");
    if (ImGui::BeginPopupModal("Revoke at Zoho?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
      ImGui::TextUnformatted(end_user.empty() ? "Revoke the integration's refresh token at Zoho?"
                                              : ("Revoke end user " + end_user + "'s refresh token at Zoho?").c_str());
      ImGui::TextDisabled("Zoho deletes it for good, with the access tokens made from it: the integration stops "
                          "working until someone authorizes again. This cannot be undone.");
      ImGui::PopTextWrapPos();
      if (ImGui::Button("Revoke at Zoho")) {
        app.dispatch(&Model::revoke, id, end_user, App::now());
        ImGui::CloseCurrentPopup();
      }
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
      ImGui::SetItemDefaultFocus();  // Enter twice must not revoke: the keyboard starts on Cancel
      ImGui::EndPopup();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Forget")) app.dispatch(&Model::forget, id, end_user, App::now());
  // Zoho's limits, beside the buttons they are about, before they are pressed (never blocking).
  draw_budget_warning(budget.refresh_warning, "Refresh warning");
  draw_budget_warning(budget.authorize_warning, "Authorize warning");
  if (!zoho) {
    ImGui::EndDisabled();
    ImGui::PopID();
    return;
  }
  if (ImGui::Button("Test connection")) app.dispatch(&Model::test_connection, id, end_user, App::now());
  ImGui::SameLine();
  if (ImGui::Button("Create test lead")) app.dispatch(&Model::create_test_lead, id, end_user, App::now());
  ImGui::EndDisabled();
  if (!m.crm_created_id().empty()) ImGui::Text("Last created lead: %s", m.crm_created_id().c_str());
  ImGui::PopID();
}

// The records of the last Test connection, as a grid in a box that scrolls both ways, its header above
// the rows (clipped: only visible rows are drawn).
void draw_records(const Model& m) {
  const nlohmann::json& records = m.crm_records();
  if (records.empty()) return;
  ImGui::TextDisabled("GET %s: %zu record(s)", m.crm_source().c_str(), records.size());
  static const char* const kColumns[] = {"id", "First_Name", "Last_Name", "Company", "Email", "Lead_Status"};
  // Widths in font sizes, wide enough for Zoho's 18-digit ids and a typical email; the box scrolls sideways
  // in a narrow window.
  const float em = ImGui::GetFontSize();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float rows = static_cast<float>(std::min<size_t>(records.size(), 6));
  ImGui::SetNextWindowContentSize(ImVec2(em * 58.0f, 0.0f));
  ImGui::BeginChild("##records", ImVec2(0, line * (rows + 2.0f) + 8.0f), true, ImGuiWindowFlags_HorizontalScrollbar);
  const auto grid = [](const char* id, bool header) {
    begin_grid(id, {12.0f, 7.0f, 7.0f, 10.0f, 14.0f, 8.0f}, {});  // in font sizes, of 58
    if (header) {
      for (const char* c : kColumns) {
        ImGui::TextDisabled("%s", c);
        grid_next();
      }
    }
  };
  grid("##head", true);
  end_grid();
  ImGui::Separator();
  // The rows scroll under the header (the header stays, as a frozen table row did).
  ImGui::BeginChild("##rows", ImVec2(0, line * rows + 2.0f), false);
  grid("##body", false);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(records.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const nlohmann::json& r = records[static_cast<size_t>(row)];
      for (const char* c : kColumns) {
        const std::string v = string_at(r, c);
        ImGui::TextUnformatted(v.c_str());
        grid_next();
      }
    }
  }
  end_grid();
  ImGui::EndChild();
  ImGui::EndChild();
}

// "in 59:59", "expired 12 s ago"; asks for a frame at the next tick while it counts.
std::string expiry_text(App& app, const TokenSet& t) {
  if (t.expires_at == 0) return "no lifetime given";
  const std::int64_t now = App::now();
  const std::int64_t left = t.expires_at - now;
  char text[96];
  if (left > 0) {
    std::snprintf(text, sizeof text, "in %02" PRId64 ":%02" PRId64 "%s", left / 60, left % 60,
                  is_expired(t, now) ? "  (inside the 60 s safety margin: refresh before use)" : "");
    app.frames().request_at(std::floor(emscripten_get_now() / 1000.0) + 1.0);  // the countdown's next tick
  } else {
    std::snprintf(text, sizeof text, "expired %" PRId64 " s ago", -left);
  }
  return text;
}

// One token set: its facts as a table, then its actions.
void draw_token_set(App& app, const std::string& end_user) {
  const Model& m = app.model();
  const TokenSet* t = m.tokens_for(m.selected_profile_id(), end_user);
  if (t == nullptr) {
    // A self client has no Authorize: its way to a token set is the pasted grant code. The others name the
    // button their client type has (token_action).
    const std::string how = m.draft().client_type == ClientType::kSelf
                                ? "Not authorized yet: paste a grant code and press Exchange code."
                            : asks_again_for_tokens(m.draft()) ? "No token yet: press Get token."
                                                               : std::string("Not authorized yet: press ") +
                                                                     token_action(m.draft()) + ".";
    const std::string hint = end_user.empty() ? how : "No token set for this end user.";
    ImGui::TextDisabled("%s", hint.c_str());
    // A line for reading of its own in items(), so tests (and the accessible layer) read the hint.
    const ImGuiID id = ImGui::GetID("##token_hint");
    ImGui::ItemAdd(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), id, nullptr, ImGuiItemFlags_NoNav);
    items_label(id, "Token hint");
    items_text(id, hint);
    return;
  }
  if (m.phase() == FlowPhase::kError) {
    ImGui::TextDisabled("Token set stored from the last successful authorization (still usable until it expires):");
  }
  {
    // Names in a first column as wide as the widest of them.
    const float names = label_column_width({"Access token", "API domain", "Expires", "Refresh token", "Scope", "Accounts server"});
    begin_grid("##token", {0.0f, 1.0f}, {}, false, names);
    bool first = true;
    auto row = [&first](const char* name) {
      if (!first) grid_next();
      first = false;
      ImGui::TextDisabled("%s", name);
      grid_next();
    };
    row("Access token");
    ImGui::TextUnformatted(redact_secret(t->access_token).c_str());
    const bool zoho = m.draft().provider == Provider::kZoho;
    if (zoho) {  // Zoho's api_domain: where the CRM calls go; other providers send none
      row("API domain");
      ImGui::TextUnformatted(t->api_domain.c_str());
    }
    row("Expires");
    const std::string expiry = expiry_text(app, *t);
    ImGui::TextColored(t->expires_at != 0 && t->expires_at <= App::now() ? kRed : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                       "%s", expiry.c_str());
    row("Refresh token");
    ImGui::TextUnformatted(!t->refresh_token.empty() ? redact_secret(t->refresh_token).c_str()
                           : m.draft().client_type == ClientType::kClientCredentials
                               ? "none (client credentials: Refresh asks again)"
                               : "none (online access, implicit grant, or not the first consent)");
    row("Scope");
    draw_wrapped(t->scope, nullptr, 3);
    row(zoho ? "Accounts server" : "Issuer");
    ImGui::TextUnformatted(t->accounts_server.c_str());
    end_grid();
  }
  // Zoho's token limits (docs/ZOHO.md "Limits"): a set with a refresh token at Zoho has a budget.
  TokenBudget budget;
  if (m.draft().provider == Provider::kZoho && !t->refresh_token.empty()) {
    budget = m.token_budget(m.selected_profile_id(), end_user, App::now());
    draw_token_budget(budget);
  }
  draw_token_actions(app, *t, end_user, budget);
  draw_token_timeline(app, *t, end_user);
  // OpenID Connect: a set that holds an id_token (or a profile that asks for openid) gets its panel.
  if (!t->id_token.empty() || asks_for_id_token(m.draft().scopes)) draw_id_token(app, *t, end_user);
  draw_records(m);
}

// End-user mode: authorize as a given end user, the link an end user would receive, and the end users
// with their token sets.
void draw_end_users(App& app, ViewState& views) {
  const Model& m = app.model();
  const std::string& end_user = views.end_user;
  std::string& shown = views.shown_end_user;  // the end user whose token set is shown
  if (shown.empty()) shown = m.last_authorized_end_user();  // back from an end user's consent
  ImGui::TextWrapped("Each end user authorizes the integration for themselves and gets a token set of their own.");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
  ImGui::InputText("End User Id", &views.end_user);
  items_value_last(end_user);
  ImGui::BeginDisabled(end_user.empty() || m.busy());
  if (ImGui::Button("Authorize as end user")) {
    shown = end_user;
    app.effects().authorize(end_user);
  }
  ImGui::SameLine();
  if (ImGui::Button("Copy end-user link")) {
    // Opening this link starts the authorization for that end user in this console.
    const std::string link = app.base_url() + "?authorize=" + percent_encode(m.selected_profile_id()) +
                             "&end_user=" + percent_encode(end_user);
    zc_js_copy(link.c_str());
    app.dispatch(&Model::note, "Copied the authorization link for end user " + end_user + ": " + link, App::now());
  }
  ImGui::EndDisabled();
  const std::vector<std::string>& users = m.end_users(m.selected_profile_id());
  if (users.empty()) {
    ImGui::TextDisabled("No end user has authorized yet.");
    return;
  }
  {
    // Fixed proportions, not the contents' widths: a 5,000-character end-user id is cut, not the others.
    begin_grid("##end_users", {2.0f, 1.5f, 1.0f}, {"End user", "Access token expires", "Refresh token"});
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(users.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const std::string& user = users[static_cast<size_t>(i)];
        const TokenSet* t = m.tokens_for(m.selected_profile_id(), user);
        // A long end-user id is cut with "…" (shown whole on hover): the grid keeps its columns.
        const std::string fitted = fit_one_line(user, ImGui::GetContentRegionAvail().x);
        const bool is_shown = shown == user;
        // The row's label is empty and its text drawn here: an id holding "##" is shown whole.
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushID(i);
        if (ImGui::Selectable("##user", is_shown, ImGuiSelectableFlags_SpanAllColumns)) shown = user;
        ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), fitted.c_str());
        items_label_last(user.c_str());  // items() and the accessible mirror name it whole
        items_selected_last(is_shown);
        ImGui::PopID();
        if (fitted != user && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", user.c_str());
        grid_next();
        ImGui::TextUnformatted(t ? expiry_text(app, *t).c_str() : "");
        grid_next();
        ImGui::TextUnformatted(t && !t->refresh_token.empty() ? "yes" : "no");
        grid_next();
      }
    }
    end_grid();
  }
  if (!shown.empty()) {
    draw_clipped("End user " + shown);
    draw_token_set(app, shown);
  }
}

// The flow's phase (with a spinner while a request is in flight) and the last error or status line.
void draw_flow(App& app) {
  const Model& m = app.model();
  const FlowPhase phase = m.phase();
  ImGui::TextUnformatted("Flow:");
  ImGui::SameLine();
  // The device flow says what it is doing (waiting for approval at <link>, polling, approved...): its
  // phase alone would read "redirecting" while nothing redirects.
  const std::string activity = m.device_activity(App::now());
  const std::string flow = (activity.empty() ? std::string(phase_name(phase)) : activity) +
                           (m.busy() ? "  (request in flight...)" : "");
  const ImVec4& colour = phase == FlowPhase::kError ? kRed : phase == FlowPhase::kAuthorized ? kGreen : kAmber;
  draw_wrapped(flow, &colour, 3);  // a verification link can be long: room for it and the countdown
  const ImGuiID flow_id = ImGui::GetID("##flow");
  ImGui::ItemAdd(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), flow_id, nullptr, ImGuiItemFlags_NoNav);
  items_label(flow_id, "Flow");
  items_text(flow_id, flow);
  if (m.busy()) {
    // A spinner while a request is in flight: the only animation, drawn only while it lasts.
    ImGui::SameLine();
    const float r = ImGui::GetFontSize() * 0.4f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 centre(p.x + r + 2, p.y + ImGui::GetTextLineHeight() * 0.5f);
    const float start = static_cast<float>(ImGui::GetTime()) * 6.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PathArcTo(centre, r, start, start + 4.2f, 16);
    draw->PathStroke(ImGui::GetColorU32(kAmber), 0, r * 0.35f);
    ImGui::Dummy(ImVec2(r * 2 + 4, ImGui::GetTextLineHeight()));
    app.frames().request(1);
    // Waiting is never forced on anyone: Cancel request (or Escape) stops it; a late answer is ignored.
    if (ImGui::Button("Cancel request")) app.dispatch(&Model::cancel_requests, App::now());
  }
  // Wrapped at spaces only: a scope or URL in the text stays whole.
  if (m.flow_error()) {
    draw_wrapped(m.flow_error()->message, &kRed);
    const ImVec4 grey = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    draw_wrapped("Error code " + m.flow_error()->code + "  -  see " + m.flow_error()->source, &grey);
  } else if (!m.status().empty()) {
    draw_wrapped(m.status());
  }
}

// The tab open picks the draft's mode (saved with the profile): an edit of the draft, only when it differs.
void pick_mode(App& app, AuthorizationMode mode) {
  if (app.model().draft().authorization_mode == mode) return;
  Profile edited = app.model().draft();
  edited.authorization_mode = mode;
  app.dispatch(&Model::edit_draft, edited);
}

}  // namespace

void draw_token_status(App& app, ViewState& views) {
  const Model& m = app.model();
  ImGui::Spacing();
  ImGui::TextUnformatted("Token status");
  ImGui::SameLine();
  // Enable (and disable) the integration: while enabled, its tokens are refreshed before they expire.
  bool enabled = m.draft().enabled;
  ImGui::BeginDisabled(m.selected_profile_id().empty());
  if (ImGui::Checkbox("Enable integration", &enabled)) app.dispatch(&Model::set_enabled, enabled, App::now());
  ImGui::EndDisabled();
  ImGui::Separator();
  draw_flow(app);
  draw_device_flow(app);
  // Scrolling, not shrinking, tabs: the guide's mode names stay whole in a narrow column.
  if (!ImGui::BeginTabBar("##modes", ImGuiTabBarFlags_FittingPolicyScroll)) return;
  // When another profile comes on screen its mode picks the tab; after that, the tab picks the mode
  // (saved with the profile).
  const bool sync = views.tabs_synced_to != m.draft().id;
  views.tabs_synced_to = m.draft().id;
  const bool end_user_mode = m.draft().authorization_mode == AuthorizationMode::kEndUser;
  const bool pre_open = ImGui::BeginTabItem("Pre-authorize the Integration", nullptr,
                                            sync && !end_user_mode ? ImGuiTabItemFlags_SetSelected : 0);
  items_label_last("Pre-authorize the Integration");
  if (pre_open) {
    if (!sync) pick_mode(app, AuthorizationMode::kPreAuthorize);
    draw_token_set(app, "");
    ImGui::EndTabItem();
  }
  const bool users_open = ImGui::BeginTabItem("Allow Users to Authorize the Integration", nullptr,
                                              sync && end_user_mode ? ImGuiTabItemFlags_SetSelected : 0);
  items_label_last("Allow Users to Authorize the Integration");
  if (users_open) {
    if (!sync) pick_mode(app, AuthorizationMode::kEndUser);
    draw_end_users(app, views);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
  draw_sequence(app, views);
  draw_hand_off(app, views);
  draw_scenarios(app, views);
}

}  // namespace zc::web
