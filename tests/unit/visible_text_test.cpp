// Invisible characters are written out; visible ones, in any script, are kept byte for byte.
#include "console/visible_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zc {

TEST(VisibleText, ControlAndBidiCharactersAreWrittenOut) {
  // The end-user id of a link: a right-to-left override, a NUL and a line feed around "evil".
  const std::string id = std::string("\xE2\x80\xAE" "evil" "\xE2\x80\xAC") + std::string(1, '\0') + "\n";
  EXPECT_EQ(visible_text(id), "<U+202E>evil<U+202C><U+0000><U+000A>");
  EXPECT_TRUE(has_invisible(id));
  EXPECT_EQ(visible_text("a\xE2\x80\x8B" "b"), "a<U+200B>b");        // zero-width space
  EXPECT_EQ(visible_text("\xEF\xBB\xBF" "x\x7F"), "<U+FEFF>x<U+007F>");  // BOM, DEL
  EXPECT_EQ(visible_text("\xC2\x85"), "<U+0085>");                      // C1 control (NEL)
}

TEST(VisibleText, EveryScriptAndEmojiIsKept) {
  for (const std::string s : {"ada@example.com", "リード", "عميل", "ग्राहक", "1000.DEMO😀CLIENT", "a b"}) {
    EXPECT_EQ(visible_text(s), s);
    EXPECT_FALSE(has_invisible(s));
  }
}

TEST(VisibleText, MalformedBytesAreShownAsBytes) {
  EXPECT_EQ(visible_text("a\xFF" "b"), "a<0xFF>b");
  EXPECT_EQ(visible_text("\xE2\x80"), "<0xE2><0x80>");  // cut short
}

}  // namespace zc
