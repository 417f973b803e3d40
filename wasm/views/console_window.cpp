// Layout: header line, then two columns (profiles | form), then token status and the activity log.
#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "imgui.h"
#include "js_shell.hpp"
#include "views.hpp"
#include "views/view_state.hpp"
#include "views/wrapped_text.hpp"
#include "console/visible_text.hpp"
#include "oauth/url.hpp"

namespace zc::web {
namespace {

// An end-user link opened the console: who, which profile, which scopes and where the sign-in goes are
// shown before anything is sent; the person continues or cancels (App::end_user_link).
void draw_end_user_link_confirmation(App& app, ViewState& views) {
  const char* title = "Authorize as an end user?";
  bool& opened = views.end_user_link_open;
  if (app.end_user_link().empty()) {
    opened = false;
    return;
  }
  if (!opened) {
    ImGui::OpenPopup(title);
    opened = true;
  }
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    app.dismiss_end_user_link();  // closed another way (Escape): as Cancel
    return;
  }
  const Profile& p = app.model().draft();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
  ImGui::TextUnformatted("This link starts an authorization:");
  ImGui::TextDisabled("End user");
  ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
  // Every character shown (a right-to-left override or a NUL would hide part of the id), one line at
  // most: the buttons stay on screen whatever the link holds.
  const std::string who = visible_text(app.end_user_link());
  draw_clipped(who);
  if (who != app.end_user_link()) {
    const ImVec4 amber(0.95f, 0.75f, 0.30f, 1.0f);
    draw_wrapped("This id holds invisible characters, shown as <U+...>: check it is the end user you mean.", &amber);
  }
  ImGui::TextDisabled("Profile");
  ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
  draw_clipped(p.name);
  ImGui::TextDisabled("Sign-in at");
  ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
  ImGui::TextUnformatted(serialized_origin(p.authorization_url).c_str());
  ImGui::TextDisabled("Scopes");
  ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
  draw_wrapped(join_scopes(p.scopes), nullptr, 3);
  ImGui::TextDisabled("Continue only if this is the end user you mean: the token set will be stored under that id.");
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Continue to sign-in")) {
    ImGui::CloseCurrentPopup();
    app.confirm_end_user_link();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    ImGui::CloseCurrentPopup();
    app.dismiss_end_user_link();
  }
  ImGui::SetItemDefaultFocus();  // Enter twice does not send an end user to sign in unseen
  ImGui::EndPopup();
}

// The title line, and when storage cannot keep anything its warning with the way out.
void draw_header(const Model& m) {
  ImGui::TextColored(ImVec4(0.89f, 0.15f, 0.15f, 1.0f), "ZOHO CRM");
  ImGui::SameLine();
  ImGui::TextUnformatted("authorization console  -  OAuth - Custom  -  OAuth v2");
  if (!m.storage_warning().empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.95f, 0.65f, 0.2f, 1.0f), "%s", m.storage_warning().c_str());
    ImGui::PopTextWrapPos();
    // The way out when nothing can be kept: every profile as one file (Import file reads it back).
    ImGui::BeginDisabled(m.profiles().empty());
    if (ImGui::Button("Download all profiles")) zc_js_download("zoho-crm-profiles", m.export_all_profiles(false).c_str());
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
      ImGui::SetTooltip("Profile JSON (a list), without client secrets; Import file reads it back.");
    }
  }
  ImGui::Separator();
}

// The panels are "flattened" for the keyboard: Tab and the arrow keys go from one panel into the next in
// reading order (profiles, form, token status), as if they were one page.
constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NavFlattened;

// Wide windows: profiles | form | token status side by side, the log below; the form's actions are pinned
// under its fields, which scroll when they do not fit (a self client's extra rows), so the log never moves.
// `left`: the profile list's width; `actions`: the height the form's actions take.
void draw_wide(App& app, ViewState& views, float left, float actions) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float log_height = ImGui::GetTextLineHeightWithSpacing() * 9.0f;
  const float top_height = std::max(avail.y - log_height, ImGui::GetFrameHeightWithSpacing() * 12.0f + actions);
  ImGui::BeginChild("##profiles", ImVec2(left, top_height), true, kPanel);
  draw_profile_list(app, views);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##form", ImVec2((avail.x - left) * 0.5f, top_height), true, kPanel);
  ImGui::BeginChild("##fields", ImVec2(0, -actions), false, kPanel);
  draw_profile_form(app, views);
  ImGui::EndChild();
  draw_form_actions(app, views);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##tokens", ImVec2(0, top_height), true, kPanel);
  draw_token_status(app, views);
  ImGui::EndChild();
  draw_activity_log(app, views);
}

// Narrow windows: everything stacked in one scrolling page, and the form's actions with the outcome of
// the last action pinned at the bottom of the window: what just happened is always in view (issue 11
// case 4). The form is as tall as its fields took in the last frame (they change with the client type,
// the provider, lint findings and the window's width), so it never scrolls inside the page.
void draw_stacked(App& app, ViewState& views, float left, float actions) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  float& form_height = views.form_height;
  ImGui::BeginChild("##page", ImVec2(0, avail.y - actions - ImGui::GetStyle().ItemSpacing.y * 2.0f), false, kPanel);
  // Very narrow windows (a phone, a split screen): the profile list goes above the form, full width and
  // at most 40% of the height, so the form's fields keep a usable width.
  const bool tiny = avail.x < ImGui::GetFontSize() * 44.0f;
  const float list_height = std::max(ImGui::GetFontSize() * 6.0f, std::min(ImGui::GetFontSize() * 12.0f, avail.y * 0.4f));
  ImGui::BeginChild("##profiles", ImVec2(tiny ? 0.0f : left, tiny ? list_height : form_height), true, kPanel);
  draw_profile_list(app, views);
  ImGui::EndChild();
  if (!tiny) ImGui::SameLine();
  ImGui::BeginChild("##form", ImVec2(0.0f, form_height), true, kPanel);
  draw_profile_form(app, views);
  const float needed = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
  if (std::abs(needed - form_height) >= 1.0f) {
    form_height = needed;
    app.frames().request(2);  // drawn at its new height in the next frame
  }
  ImGui::EndChild();
  draw_token_status(app, views);
  draw_activity_log(app, views);
  ImGui::EndChild();
  ImGui::Separator();
  draw_form_actions(app, views);
}

}  // namespace

void draw_console(App& app) {
  ViewState& views = app.views();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  // No title bar or resize grip, but a scrollbar when a small window cannot show everything.
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Zoho CRM authorization console", nullptr, flags);
  const Model& m = app.model();
  draw_header(m);
  const float left = ImGui::GetFontSize() * 15.0f;
  const float actions = form_actions_height(m.draft());
  // The stacked form's height before it was ever measured: a first guess (draw_stacked measures it).
  if (views.form_height <= 0.0f) views.form_height = ImGui::GetFrameHeightWithSpacing() * 20.0f;
  if (ImGui::GetContentRegionAvail().x >= ImGui::GetFontSize() * 78.0f) {
    draw_wide(app, views, left, actions);
  } else {
    draw_stacked(app, views, left, actions);
  }
  draw_end_user_link_confirmation(app, views);
  // The status line, mirrored into an ARIA live region (a canvas is invisible to screen readers).
  if (m.status() != views.announced) {
    views.announced = m.status();
    zc_js_announce(views.announced.c_str());
  }
  ImGui::End();
}

}  // namespace zc::web
