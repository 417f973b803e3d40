#include "console/key_queue.hpp"

#include <gtest/gtest.h>

namespace zc {

TEST(KeyQueue, PressAndReleaseOfOneKeyGoToTwoFrames) {
  KeyQueue q;
  q.push({259, 0, 1, 0});  // Backspace down
  q.push({259, 0, 0, 0});  // Backspace up, same frame
  auto first = q.next_frame();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].action, 1);
  EXPECT_TRUE(q.pending());
  auto second = q.next_frame();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].action, 0);
  EXPECT_FALSE(q.pending());
}

TEST(KeyQueue, DifferentKeysShareAFrameInOrder) {
  KeyQueue q;
  q.push({341, 0, 1, 0});  // Ctrl down
  q.push({65, 0, 1, 2});   // A down
  q.push({65, 0, 0, 2});   // A up
  q.push({341, 0, 0, 0});  // Ctrl up
  auto f1 = q.next_frame();
  ASSERT_EQ(f1.size(), 2u);  // Ctrl down, A down; stops before A's second change
  EXPECT_EQ(f1[0].key, 341);
  EXPECT_EQ(f1[1].key, 65);
  auto f2 = q.next_frame();
  ASSERT_EQ(f2.size(), 2u);  // A up, Ctrl up: the chord keeps its order
  EXPECT_EQ(f2[0].key, 65);
  EXPECT_EQ(f2[1].key, 341);
  EXPECT_TRUE(q.next_frame().empty());
}

TEST(KeyQueue, TextAfterAKeyWaitsForTheNextFrame) {
  // Ctrl+A, Backspace, then "ht" typed quickly: the letters must reach ImGui after Ctrl's release and
  // after the Backspace, never in the same frame as either (ImGui takes characters first in a frame,
  // and drops them while Ctrl is down). A letter may share the frame of its own key's press.
  KeyQueue q;
  q.push({341, 0, 1, 0});  // Ctrl down
  q.push({65, 0, 1, 2});   // A down
  q.push({65, 0, 0, 2});   // A up
  q.push({341, 0, 0, 0});  // Ctrl up
  q.push({259, 0, 1, 0});  // Backspace down
  q.push({259, 0, 0, 0});  // Backspace up
  q.push({72, 0, 1, 0});   // H down
  q.push_text("h");
  q.push({72, 0, 0, 0});   // H up
  q.push({84, 0, 1, 0});   // T down
  q.push_text("t");
  q.push({84, 0, 0, 0});   // T up
  std::vector<std::vector<KeyEvent>> frames;
  while (q.pending()) frames.push_back(q.next_frame());
  std::string order;
  for (size_t f = 0; f < frames.size(); ++f) {
    bool key_seen = false;  // a key the field acts on
    for (const auto& e : frames[f]) {
      if (e.key == KeyEvent::kText) {
        EXPECT_FALSE(key_seen) << "text after a key in frame " << f;
        order += e.text;
      } else {
        key_seen = key_seen || !KeyQueue::text_field_ignores(e);
        order += "[" + std::to_string(e.key) + (e.action ? "v" : "^") + "]";
      }
    }
  }
  EXPECT_EQ(order, "[341v][65v][65^][341^][259v][259^][72v]h[72^][84v]t[84^]");
}

TEST(KeyQueue, ALetterSharesTheFrameOfItsKeyPress) {
  // H typed while the loop sleeps: the first frame draws the h (issue 16's input latency).
  KeyQueue q;
  q.push({340, 0, 1, 1});  // Shift down
  q.push({72, 0, 1, 1});   // H down
  q.push_text("H");
  q.push({72, 0, 0, 1});   // H up
  auto first = q.next_frame();
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[2].text, "H");
  auto second = q.next_frame();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].action, 0);
}

TEST(KeyQueue, TextWaitsAfterKeysATextFieldActsOn) {
  EXPECT_TRUE(KeyQueue::text_field_ignores({65, 0, 1, 0}));    // A
  EXPECT_TRUE(KeyQueue::text_field_ignores({49, 0, 1, 1}));    // Shift+1
  EXPECT_FALSE(KeyQueue::text_field_ignores({65, 0, 1, 2}));   // Ctrl+A selects all
  EXPECT_FALSE(KeyQueue::text_field_ignores({65, 0, 1, 4}));   // Alt+A
  EXPECT_FALSE(KeyQueue::text_field_ignores({32, 0, 1, 0}));   // Space (KeyRouter)
  EXPECT_FALSE(KeyQueue::text_field_ignores({259, 0, 1, 0}));  // Backspace
  EXPECT_FALSE(KeyQueue::text_field_ignores({341, 0, 0, 0}));  // Ctrl up
  KeyQueue q;
  q.push({65, 0, 1, 0});   // A down
  q.push({259, 0, 1, 0});  // Backspace down
  q.push_text("a");
  EXPECT_EQ(q.next_frame().size(), 2u);  // the text waits: Backspace is in this frame
  EXPECT_EQ(q.next_frame().size(), 1u);
}

TEST(KeyQueue, LettersTypedInARowShareAFrame) {
  KeyQueue q;
  q.push_text("h");
  q.push_text("ttp");
  auto f = q.next_frame();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "http");
  EXPECT_FALSE(q.pending());
}

}  // namespace zc
