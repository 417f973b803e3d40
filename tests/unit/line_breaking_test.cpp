// Lines break at spaces only; a scope or URL stays whole; long words are cut at character boundaries.
// Widths in these tests: one unit per byte, so `width` is a number of ASCII characters.
#include "console/line_breaking.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zc {
namespace {

const MeasureText kBytes = [](std::string_view s) { return static_cast<float>(s.size()); };

std::vector<std::string> lines_of(std::string_view text, float width, size_t max_lines = 0) {
  std::vector<std::string> out;
  for (const LineSpan& l : break_at_spaces(text, width, kBytes, max_lines)) {
    out.emplace_back(text.substr(l.begin, l.end - l.begin));
  }
  return out;
}

}  // namespace

TEST(BreakAtSpaces, AScopeIsNeverSplitAtItsDots) {
  // ImGui's wrapping would break after "ZohoCRM." at width 20.
  EXPECT_EQ(lines_of("Scope ZohoCRM.modules.leads.ALL granted.", 30),
            (std::vector<std::string>{"Scope", "ZohoCRM.modules.leads.ALL", "granted."}));
  EXPECT_EQ(lines_of("a b c", 3), (std::vector<std::string>{"a b", "c"}));
}

TEST(BreakAtSpaces, LineFeedsBreakAndSpacesAtABreakAreDropped) {
  EXPECT_EQ(lines_of("one\ntwo   three", 5), (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(lines_of("   ", 10).size(), 0u);
  EXPECT_EQ(lines_of("", 10).size(), 0u);
}

TEST(BreakAtSpaces, AWordWiderThanTheLineIsCutWhereItStopsFitting) {
  EXPECT_EQ(lines_of("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  // At a character boundary: "é" is two bytes and is never split.
  EXPECT_EQ(lines_of("aébc", 2), (std::vector<std::string>{"a", "\xC3\xA9", "bc"}));
  // A width where not even one character fits still ends, one character per line.
  EXPECT_EQ(lines_of("xyz", 0), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(BreakAtSpaces, MaxLinesLimitsTheLinesAndIsCutSaysSo) {
  const std::string scope(10000, 's');
  const std::string text = "warning (scope): " + scope + " is not a Zoho scope";
  const auto lines = break_at_spaces(text, 40, kBytes, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(text.substr(lines[0].begin, lines[0].end - lines[0].begin), "warning (scope):");
  EXPECT_EQ(lines[1].end - lines[1].begin, 40u);
  EXPECT_TRUE(is_cut(text, lines));
  const std::string short_text = "fits in one line  ";
  EXPECT_FALSE(is_cut(short_text, break_at_spaces(short_text, 40, kBytes, 1)));
}

TEST(FittingPrefix, CutsInsideAWordAtACharacterBoundary) {
  EXPECT_EQ(fitting_prefix("End user uuuuuuuu", 12, kBytes), 12u);
  EXPECT_EQ(fitting_prefix("short", 12, kBytes), 5u);
  EXPECT_EQ(fitting_prefix("a\xC3\xA9" "b", 2, kBytes), 1u);  // never half of the two-byte "é"
  EXPECT_EQ(fitting_prefix("abc", 0, kBytes), 0u);
  EXPECT_EQ(fitting_prefix("", 0, kBytes), 0u);
}

}  // namespace zc
