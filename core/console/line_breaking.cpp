#include "console/line_breaking.hpp"

namespace zc {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The longest prefix of text[begin, end) that fits `width`, at a character boundary; at least one
// character. Binary search: a 10,000-character word costs about 14 measurements per line.
size_t fitting_end(std::string_view text, size_t begin, size_t end, float width, const MeasureText& measure) {
  size_t lo = begin, hi = end;  // text[begin, lo) fits; text[begin, hi + 1) may not
  while (lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    while (mid < end && continuation(text[mid])) ++mid;  // a whole character
    if (mid > hi) mid = hi;
    if (measure(text.substr(begin, mid - begin)) <= width) {
      if (mid == lo) break;
      lo = mid;
    } else {
      hi = mid - 1;
      while (hi > lo && continuation(text[hi])) --hi;
    }
  }
  if (lo == begin) {  // not even one character fits: take one anyway
    lo = begin + 1;
    while (lo < end && continuation(text[lo])) ++lo;
  }
  return lo;
}

}  // namespace

size_t fitting_prefix(std::string_view text, float width, const MeasureText& measure) {
  if (text.empty() || measure(text) <= width) return text.size();
  const size_t end = fitting_end(text, 0, text.size(), width, measure);
  // fitting_end takes one character even when it does not fit; here that is "nothing fits".
  return measure(text.substr(0, end)) <= width ? end : 0;
}

std::vector<LineSpan> break_at_spaces(std::string_view text, float width, const MeasureText& measure,
                                      size_t max_lines) {
  std::vector<LineSpan> lines;
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n && (max_lines == 0 || lines.size() < max_lines)) {
    while (pos < n && text[pos] == ' ') ++pos;  // a line never starts with the spaces of a break
    if (pos >= n) break;
    const size_t feed = text.find('\n', pos);
    const size_t hard_end = feed == std::string_view::npos ? n : feed;
    // Take words while the line still fits.
    size_t line_end = pos;
    size_t scan = pos;
    while (scan < hard_end) {
      size_t word_end = text.find(' ', scan);
      if (word_end == std::string_view::npos || word_end > hard_end) word_end = hard_end;
      if (measure(text.substr(pos, word_end - pos)) > width) break;
      line_end = word_end;
      scan = word_end;
      while (scan < hard_end && text[scan] == ' ') ++scan;
    }
    if (line_end == pos) {
      // The first word alone is too wide: cut it where it stops fitting.
      size_t word_end = text.find(' ', pos);
      if (word_end == std::string_view::npos || word_end > hard_end) word_end = hard_end;
      line_end = fitting_end(text, pos, word_end, width, measure);
    }
    size_t trimmed = line_end;
    while (trimmed > pos && text[trimmed - 1] == ' ') --trimmed;
    lines.push_back({pos, trimmed});
    pos = line_end;
    if (pos == hard_end && feed != std::string_view::npos) ++pos;  // past the line feed
  }
  return lines;
}

bool is_cut(std::string_view text, const std::vector<LineSpan>& lines) {
  size_t end = lines.empty() ? 0 : lines.back().end;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\n')) ++end;
  return end < text.size();
}

}  // namespace zc
