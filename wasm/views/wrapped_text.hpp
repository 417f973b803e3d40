// Text the console wraps itself: breaking only at spaces (core/console/line_breaking.hpp), at most a
// number of lines, a cut text ending in "…" and shown whole on hover. Used for statuses, errors, lint
// findings and long values in tables, so a scope or URL is never split and a 10,000-character value
// cannot push the buttons off screen (issue 11, cases 4, 5 and 8).
#pragma once
#include <string>

#include "imgui.h"

namespace zc::web {

/// Draws `text` wrapped to the available width in `colour` (nullptr: the normal text colour), at most
/// `max_lines` lines (0: all). Returns true when the text was cut.
bool draw_wrapped(const std::string& text, const ImVec4* colour = nullptr, size_t max_lines = 0);

/// `text` as one line no wider than `width` pixels: whole when it fits, else cut at a character (and
/// at its first line feed) and ended with "…".
std::string fit_one_line(const std::string& text, float width);

/// One line of `text` (a table cell, a value), cut with "…" at the available width.
inline bool draw_clipped(const std::string& text, const ImVec4* colour = nullptr) { return draw_wrapped(text, colour, 1); }

}  // namespace zc::web
