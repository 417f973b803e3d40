#include "oauth/json_text.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(JsonText, ParsesOrDiscardsNeverThrows) {
  EXPECT_EQ(parse_json(R"({"a":[1,2]})")["a"][1], 2);
  EXPECT_TRUE(parse_json("{").is_discarded());
  EXPECT_TRUE(parse_json("").is_discarded());
}

TEST(JsonText, RefusesDeepNesting) {
  const std::string deep(100000, '[');
  EXPECT_TRUE(parse_json(deep + std::string(100000, ']')).is_discarded());
  const std::string ok = std::string(60, '[') + std::string(60, ']');
  EXPECT_FALSE(parse_json(ok).is_discarded());
  std::string text;
  for (int i = 0; i < 70; ++i) text += "{\"k\":";
  text += "1";
  for (int i = 0; i < 70; ++i) text += "}";
  EXPECT_TRUE(parse_json(text).is_discarded());
}

TEST(JsonText, TheLimitIs64LevelsExactly) {
  EXPECT_FALSE(parse_json(std::string(64, '[') + std::string(64, ']')).is_discarded());
  EXPECT_TRUE(parse_json(std::string(65, '[') + std::string(65, ']')).is_discarded());
}

TEST(JsonText, DepthIsNestingNotTheNumberOfBrackets) {
  // A CRM answer with 200 records: 200 objects side by side are 2 levels deep, not 200.
  std::string records = "{\"data\":[";
  for (int i = 0; i < 200; ++i) records += std::string(i ? "," : "") + "{\"id\":\"" + std::to_string(i) + "\",\"tags\":[1]}";
  records += "]}";
  const nlohmann::json j = parse_json(records);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["data"].size(), 200u);
  // Brackets inside strings are text, whatever their number (an error_description, a record's notes).
  const std::string text = "{\"note\":\"" + std::string(100, '[') + std::string(30, '{') + "\\\"[\"}";
  ASSERT_FALSE(parse_json(text).is_discarded()) << text;
  EXPECT_EQ(parse_json(text)["note"].get<std::string>().size(), 132u);
  EXPECT_FALSE(duplicate_key(text).has_value());
}

TEST(JsonText, DumpReplacesInvalidUtf8) {
  nlohmann::json j = {{"scope", std::string("\xff\xfe")}};
  EXPECT_EQ(to_json_text(j), "{\"scope\":\"\xEF\xBF\xBD\xEF\xBF\xBD\"}");
}

TEST(JsonText, PrintableQuotesSafely) {
  EXPECT_EQ(printable("st\xff" "ate\n"), "st?ate?");
  EXPECT_EQ(printable(std::string(100, 'a'), 10), "aaaaaaaaaa...");
}

}  // namespace zc
