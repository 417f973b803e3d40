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

TEST(JsonText, DumpReplacesInvalidUtf8) {
  nlohmann::json j = {{"scope", std::string("\xff\xfe")}};
  EXPECT_EQ(to_json_text(j), "{\"scope\":\"\xEF\xBF\xBD\xEF\xBF\xBD\"}");
}

TEST(JsonText, PrintableQuotesSafely) {
  EXPECT_EQ(printable("st\xff" "ate\n"), "st?ate?");
  EXPECT_EQ(printable(std::string(100, 'a'), 10), "aaaaaaaaaa...");
}

}  // namespace zc
