// The activity log: every request and response, secrets and tokens already redacted by the core. Its lines
// also go to the accessible mirror's role="log" (item_recorder.hpp, web/shell.js).
#include <algorithm>

#include "app.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "js_shell.hpp"
#include "views.hpp"
#include "views/view_state.hpp"

namespace zc::web {

void draw_activity_log(App& app, ViewState& views) {
  const Model& m = app.model();
  ImGui::Spacing();
  if (!ImGui::CollapsingHeader("Activity log", ImGuiTreeNodeFlags_DefaultOpen)) return;
  items_log(m.log());  // the accessible mirror's role="log" (web/shell.js): lines already redacted
  if (ImGui::Button("Copy log")) {
    std::string text;
    for (const LogEntry& e : m.log()) text += e.kind + "\t" + e.text + "\n";  // already redacted
    zc_js_copy(text.c_str());
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear log")) app.dispatch(&Model::clear_log);
  // Fills the rest of the window, but never less than six lines (the window scrolls instead).
  const float minimum = ImGui::GetTextLineHeightWithSpacing() * 6.0f;
  const float height = std::max(ImGui::GetContentRegionAvail().y, minimum);
  ImGui::BeginChild("##log", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
  if (m.log().empty()) ImGui::TextDisabled("Requests and responses appear here, secrets and tokens masked.");
  // Follow new entries, unless the person scrolled up to read older ones.
  const bool follow = m.log().size() != views.log_lines_shown && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
  views.log_lines_shown = m.log().size();
  size_t serial = m.first_log_serial();
  for (const LogEntry& e : m.log()) {
    // The line an arrow of the sequence diagram selected: highlighted, brought into view once, and an
    // item for reading ("Selected log line").
    const bool picked = serial++ == views.log_selected;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    if (picked) {
      ImGui::GetWindowDrawList()->AddRectFilled(
          start, ImVec2(start.x + ImGui::GetContentRegionAvail().x, start.y + ImGui::GetTextLineHeight()),
          ImGui::GetColorU32(ImGuiCol_Header));
      if (views.log_scroll) {
        ImGui::SetScrollHereY(0.5f);
        views.log_scroll = false;
        app.frames().request(2);  // the scroll lands in the next frame
      }
    }
    const ImVec4 colour = e.kind == "error"      ? ImVec4(0.95f, 0.45f, 0.40f, 1.0f)
                          : e.kind == "request"  ? ImVec4(0.55f, 0.75f, 1.00f, 1.0f)
                          : e.kind == "response" ? ImVec4(0.60f, 0.85f, 0.60f, 1.0f)
                                                 : ImVec4(0.80f, 0.80f, 0.80f, 1.0f);
    ImGui::TextColored(colour, "%-8s", e.kind.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(e.text.c_str());
    if (picked) {
      const ImGuiID id = ImGui::GetID("##picked");
      ImGui::ItemAdd(ImRect(start, ImGui::GetItemRectMax()), id, nullptr, ImGuiItemFlags_NoNav);
      items_label(id, "Selected log line");
      items_text(id, e.kind + " " + e.text);
    }
  }
  if (follow) {
    ImGui::SetScrollHereY(1.0f);
    app.frames().request(2);  // the scroll lands in the next frame
  }
  ImGui::EndChild();
}

}  // namespace zc::web
