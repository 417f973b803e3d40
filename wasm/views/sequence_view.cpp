// The sequence diagram of the last authorization (core/console/request_history.hpp): five lanes, one arrow
// per logged request labelled with its method, path and status, a failed one red. Each arrow is an item
// (role arrow, `failed`) and a button: a click selects its activity log line and scrolls it into view.
// Drawn with ImDrawList primitives only.
#include <algorithm>

#include "app.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_recorder.hpp"
#include "views.hpp"
#include "views/view_state.hpp"

namespace zc::web {

void draw_sequence(App& app, ViewState& views) {
  const Model& m = app.model();
  const std::vector<SequenceArrow> arrows = m.sequence();
  if (arrows.empty() || !ImGui::CollapsingHeader("Sequence diagram")) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float width = ImGui::GetContentRegionAvail().x, line = ImGui::GetTextLineHeight(), row = line * 2.0f;
  const float lane = width / kPartyCount;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 red = IM_COL32(242, 115, 102, 255);
  const auto x_of = [&](Party p) { return origin.x + lane * (static_cast<float>(p) + 0.5f); };
  // Lane names centred over their lifelines, on two staggered rows: a name may be wider than its lane.
  const float top = origin.y + line * 2.3f;
  const float bottom = top + row * static_cast<float>(arrows.size()) + line * 0.5f;
  for (int p = 0; p < kPartyCount; ++p) {
    const Party party = static_cast<Party>(p);
    const float x = x_of(party), w = ImGui::CalcTextSize(party_name(party)).x;
    draw->AddText(ImVec2(x - w * 0.5f, origin.y + static_cast<float>(p % 2) * line), text, party_name(party));
    draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), dim);
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, top));
  const size_t first = m.first_log_serial();
  for (size_t i = 0; i < arrows.size(); ++i) {
    const SequenceArrow& a = arrows[i];
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("##arrow", ImVec2(width, row)) && a.log_index) {
      views.log_selected = first + *a.log_index;
      views.log_scroll = true;
    }
    items_picture(ImGui::GetItemID(), "arrow", a.label, a.failed);
    const bool selected = a.log_index && views.log_selected == first + *a.log_index;
    if (selected) draw->AddRectFilled(at, ImVec2(at.x + width, at.y + row), ImGui::GetColorU32(ImGuiCol_Header));
    const ImU32 colour = a.failed ? red : text;
    const float x1 = x_of(a.from), x2 = x_of(a.to), y = at.y + row - line * 0.45f;
    const float dir = x2 >= x1 ? 1.0f : -1.0f, head = line * 0.35f;
    draw->AddLine(ImVec2(x1, y), ImVec2(x2 - dir * head, y), colour, a.failed ? 2.0f : 1.0f);
    draw->AddTriangleFilled(ImVec2(x2, y), ImVec2(x2 - dir * head * 1.8f, y - head), ImVec2(x2 - dir * head * 1.8f, y + head),
                            colour);
    // The label over its arrow, kept inside the diagram.
    const float w = ImGui::CalcTextSize(a.label.c_str()).x;
    const float lx = std::max(origin.x, std::min((x1 + x2 - w) * 0.5f, origin.x + width - w));
    draw->AddText(ImVec2(lx, at.y + 1.0f), colour, a.label.c_str());
    ImGui::PopID();
  }
  ImGui::Dummy(ImVec2(width, line * 0.5f));
}

}  // namespace zc::web
