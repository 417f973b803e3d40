#include "views/grid.hpp"

#include <algorithm>

#include "imgui_internal.h"

namespace zc::web {

void begin_grid(const char* id, std::initializer_list<float> weights, std::initializer_list<const char*> headers,
                bool border, float first_px) {
  const int count = static_cast<int>(weights.size());
  ImGui::BeginColumns(id, count, border ? ImGuiOldColumnFlags_NoResize : ImGuiOldColumnFlags_NoBorder);
  const float width = ImGui::GetColumnOffset(count);  // the right edge: the grid's whole width
  float shared = 0.0f;
  int i = 0;
  for (float w : weights) shared += (first_px > 0.0f && i++ == 0) ? 0.0f : w;
  float x = 0.0f;
  i = 0;
  for (float w : weights) {
    // Offsets left to right, each column its share; column 0 fixed when first_px says so.
    if (i > 0) ImGui::SetColumnOffset(i, x);
    const float own = (first_px > 0.0f && i == 0) ? first_px : (width - (first_px > 0.0f ? first_px : 0.0f)) * w / std::max(shared, 1e-3f);
    x += own;
    ++i;
  }
  if (headers.size() == 0) return;
  for (const char* h : headers) {
    ImGui::TextDisabled("%s", h);
    ImGui::NextColumn();
  }
  ImGui::Separator();
}

void end_grid() { ImGui::EndColumns(); }

float label_column_width(std::initializer_list<const char*> labels) {
  float widest = 0.0f;
  for (const char* l : labels) widest = std::max(widest, ImGui::CalcTextSize(l).x);
  return widest + ImGui::GetStyle().ItemSpacing.x * 2.0f;
}

}  // namespace zc::web
