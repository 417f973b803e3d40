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

// object_members: the views are the members' exact texts, whatever precedes a '}' (a number the lexer read
// past, spaces, a string holding braces), and parsing each view gives the member's value.
TEST(JsonText, ObjectMembersAreTheExactTextsOfObjectValues) {
  const std::string text = R"( { "a/1" : {"n":12} , "b\/\u00e9":{ "s":"}{\"" , "x":[1,{"y":2.5e3}] } ,)"
                           R"("skip":[{"z":1}],"num":7,"str":"{}","t":true,"nil":null,"e":{},"last":{"deep":{"k":-1 }}})";
  const auto members = object_members(text);
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 9u);
  EXPECT_EQ((*members)[0].name, "a/1");
  EXPECT_EQ((*members)[0].text, R"({"n":12})");
  EXPECT_EQ((*members)[1].name, "b/\u00e9") << "names unescaped";
  EXPECT_EQ((*members)[1].text, R"({ "s":"}{\"" , "x":[1,{"y":2.5e3}] })");
  EXPECT_EQ((*members)[7].name, "e");
  EXPECT_EQ((*members)[7].text, "{}");
  EXPECT_EQ((*members)[8].text, R"({"deep":{"k":-1 }})");
  const nlohmann::json whole = parse_json(text);
  for (const ObjectMember& m : *members) {
    if (whole[m.name].is_object()) EXPECT_EQ(parse_json(m.text), whole[m.name]) << m.name;
    else EXPECT_TRUE(m.text.empty()) << m.name << ": no text for a value that is no object";
  }
}

TEST(JsonText, ObjectMembersOfWhatIsNoObject) {
  for (const char* text : {"", "[]", "[{}]", "1", "\"{}\"", "null", "{", "{\"a\":{}", "{\"a\":{}} {}", "{\"a\" {}}",
                           "{\"a\":{\"b\":}}"}) {
    EXPECT_FALSE(object_members(text).has_value()) << text;
  }
  ASSERT_TRUE(object_members("{}").has_value());
  EXPECT_TRUE(object_members("{}")->empty());
  EXPECT_EQ(object_members(R"({"a":{},"a":{"x":1}})")->size(), 2u) << "a repeated name is the caller's to settle";
  std::string deep = "{\"a\":";
  for (int i = 0; i < 70; ++i) deep += "{\"k\":";
  deep += "1" + std::string(71, '}');
  EXPECT_FALSE(object_members(deep).has_value()) << "deeper than the limit";
  EXPECT_TRUE(object_members(deep, 80).has_value());
}

}  // namespace zc
