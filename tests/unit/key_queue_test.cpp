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

}  // namespace zc
