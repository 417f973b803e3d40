// Line breaking for the console's wrapped text (issue 11, cases 4, 5 and 8): lines break only at spaces
// and line feeds, never inside a scope such as ZohoCRM.modules.leads.ALL or a URL (ImGui's own wrapping
// breaks after '.' and ','); a text can be limited to a number of lines, the cut shown by the caller.
// Platform-free: widths come from the caller's measure (ImGui's font in the console, characters in tests).
#pragma once
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace zc {

/// One line: the bytes [begin, end) of the text, without the spaces at the break.
struct LineSpan {
  size_t begin = 0;
  size_t end = 0;
};

/// The width of a piece of text, in the caller's units (pixels).
using MeasureText = std::function<float(std::string_view)>;

/// Breaks UTF-8 `text` into lines no wider than `width`, at spaces and at '\n' only. A word wider than a
/// whole line is cut where it stops fitting, at a character boundary (at least one character per line,
/// so a very narrow width still ends). With `max_lines` > 0 at most that many lines are returned; the text
/// was cut when the last line's end is not the end of the text (`is_cut`). An empty text is no line.
std::vector<LineSpan> break_at_spaces(std::string_view text, float width, const MeasureText& measure,
                                      size_t max_lines = 0);

/// The length in bytes of the longest prefix of UTF-8 `text` no wider than `width`, ending at a character
/// boundary; 0 when not even the first character fits. For cutting one line with an ellipsis.
size_t fitting_prefix(std::string_view text, float width, const MeasureText& measure);

/// True when `lines` (from break_at_spaces) leave part of `text` out (spaces at the end aside).
bool is_cut(std::string_view text, const std::vector<LineSpan>& lines);

}  // namespace zc
