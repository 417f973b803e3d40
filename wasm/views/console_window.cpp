// Layout: header line, then two columns (profiles | form), then token status and the activity log.
#include <algorithm>

#include "app.hpp"
#include "imgui.h"
#include "js_shell.hpp"
#include "views.hpp"

namespace zc::web {

void draw_console(App& app) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  // No title bar or resize grip, but a scrollbar when a small window cannot show everything.
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Zoho CRM authorization console", nullptr, flags);
  ImGui::TextColored(ImVec4(0.89f, 0.15f, 0.15f, 1.0f), "ZOHO CRM");
  ImGui::SameLine();
  ImGui::TextUnformatted("authorization console  -  OAuth - Custom  -  OAuth v2");
  const Model& m = app.model();
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

  // The form's height: its fields, the authorization URL box and the button row, all visible at once.
  const float left = ImGui::GetFontSize() * 15.0f;
  // A self client adds its Grant Code rows (and on the demo, Generate Code).
  const Profile& shown = app.model().draft();
  const bool demo = shown.provider == "zoho" && shown.data_centre == "demo";
  const float self_rows = shown.client_type != "self" ? 0.0f : demo ? 4.0f : 3.0f;
  // Provider, and Client authentication where it is shown (custom providers, or a Zoho profile holding
  // another choice than body).
  const float auth_row = shown.provider != "zoho" || shown.client_authentication != "body" ? 1.0f : 0.0f;
  const float form_height = ImGui::GetFrameHeightWithSpacing() * (15.0f + auth_row + self_rows) +
                            ImGui::GetTextLineHeightWithSpacing() * 6.4f + ImGui::GetStyle().WindowPadding.y * 2.0f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Wide windows: profiles | form | token status side by side, the log below, nothing to scroll to.
  // Narrow windows: stacked, and the window scrolls.
  const bool wide = avail.x >= ImGui::GetFontSize() * 78.0f;
  const float log_height = ImGui::GetTextLineHeightWithSpacing() * 9.0f;
  const float top_height = wide ? std::max(form_height, avail.y - log_height) : form_height;
  // Very narrow windows (a phone, a split screen): the profile list goes above the form, full width, so
  // the form's fields keep a usable width.
  const bool tiny = avail.x < ImGui::GetFontSize() * 44.0f;
  // The panels are "flattened" for the keyboard: Tab and the arrow keys go from one panel into the next in
  // reading order (profiles, form, token status), as if they were one page.
  const ImGuiWindowFlags panel = ImGuiWindowFlags_NavFlattened;
  ImGui::BeginChild("##profiles", ImVec2(tiny ? 0.0f : left, tiny ? ImGui::GetFontSize() * 12.0f : top_height), true,
                    panel);
  draw_profile_list(app);
  ImGui::EndChild();
  if (!tiny) ImGui::SameLine();
  ImGui::BeginChild("##form", ImVec2(wide ? (avail.x - left) * 0.5f : 0.0f, top_height), true, panel);
  draw_profile_form(app);
  ImGui::EndChild();
  if (wide) {
    ImGui::SameLine();
    ImGui::BeginChild("##tokens", ImVec2(0, top_height), true, panel);
    draw_token_status(app);
    ImGui::EndChild();
  } else {
    draw_token_status(app);
  }
  draw_activity_log(app);

  // The status line, mirrored into an ARIA live region (a canvas is invisible to screen readers).
  static std::string announced;
  if (m.status() != announced) {
    announced = m.status();
    zc_js_announce(announced.c_str());
  }
  ImGui::End();
}

}  // namespace zc::web
