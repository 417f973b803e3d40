#include "views/wrapped_text.hpp"

#include <algorithm>
#include <string_view>

#include "console/line_breaking.hpp"

namespace zc::web {
namespace {

constexpr const char* kEllipsis = "\xE2\x80\xA6";  // U+2026, in the UI font's ranges
constexpr size_t kTooltipBytes = 2000;            // a tooltip shows this much of a very long text

float measure(std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

}  // namespace

std::string fit_one_line(const std::string& text, float width) {
  const size_t line_end = std::min(text.find('\n'), text.size());
  if (line_end == text.size() && measure(text) <= width) return text;
  const std::string_view line(text.data(), line_end);
  return std::string(line.substr(0, fitting_prefix(line, width - measure(kEllipsis), measure))) + kEllipsis;
}

bool draw_wrapped(const std::string& text, const ImVec4* colour, size_t max_lines) {
  const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize());
  std::vector<LineSpan> lines = break_at_spaces(text, width, measure, max_lines);
  const bool cut = is_cut(text, lines);
  if (colour != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
  ImGui::BeginGroup();
  if (lines.empty()) ImGui::TextUnformatted("");
  for (size_t i = 0; i < lines.size(); ++i) {
    const LineSpan& l = lines[i];
    if (cut && i + 1 == lines.size()) {
      // The last line shown ends in the ellipsis: the rest of the text is behind it.
      const std::string last = fit_one_line(text.substr(l.begin), width);
      ImGui::TextUnformatted(last.c_str());
    } else {
      ImGui::TextUnformatted(text.data() + l.begin, text.data() + l.end);
    }
  }
  ImGui::EndGroup();
  if (colour != nullptr) ImGui::PopStyleColor();
  if (cut && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
    // The byte limit cut at a character boundary: line_breaking's prefix rule, measuring bytes.
    const size_t keep = fitting_prefix(text, static_cast<float>(kTooltipBytes),
                                       [](std::string_view s) { return static_cast<float>(s.size()); });
    const std::string shown = keep < text.size() ? text.substr(0, keep) + kEllipsis : text;
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return cut;
}

}  // namespace zc::web
