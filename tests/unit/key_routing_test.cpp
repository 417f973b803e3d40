// The keyboard rules of issue 11 case 3, with GLFW's literal key codes (32 Space, 256 Escape, 257 Enter,
// 335 keypad Enter; action 1 press, 0 release, 2 repeat).
#include "console/key_routing.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

KeyEvent key(int code, int action) { return {code, 0, action, 0}; }
KeyEvent text(const char* t) {
  KeyEvent e;
  e.key = KeyEvent::kText;
  e.text = t;
  return e;
}

}  // namespace

TEST(KeyRouter, SpaceThatActivatesDoesNotTypeItsSpace) {
  KeyRouter r;
  EXPECT_EQ(r.route(key(32, 1), false), KeyRoute::kForward);  // activates the focused control
  EXPECT_EQ(r.route(text(" "), true), KeyRoute::kDrop);       // the field is editing now: still not typed
  EXPECT_EQ(r.route(key(32, 0), true), KeyRoute::kForward);
  // The next Space, typed while editing, is a space.
  EXPECT_EQ(r.route(key(32, 1), true), KeyRoute::kForward);
  EXPECT_EQ(r.route(text(" "), true), KeyRoute::kForward);
}

TEST(KeyRouter, OnlyTheSpaceCharacterRightAfterThePressIsDropped) {
  KeyRouter r;
  r.route(key(32, 1), false);
  EXPECT_EQ(r.route(text("a"), true), KeyRoute::kForward);  // not Space's character (an IME, a paste)
  EXPECT_EQ(r.route(text(" "), true), KeyRoute::kForward);  // a later space is typed
}

TEST(KeyRouter, EnterActivatesLikeSpaceUnlessEditing) {
  KeyRouter r;
  EXPECT_EQ(r.route(key(257, 1), false), KeyRoute::kForwardAsSpace);
  // Editing began on that press (a field was activated): the release still goes as Space's, or ImGui
  // would hold Space down for ever.
  EXPECT_EQ(r.route(key(257, 0), true), KeyRoute::kForwardAsSpace);
  // In a field being edited, Enter is Enter (it ends the edit), press and release.
  EXPECT_EQ(r.route(key(257, 1), true), KeyRoute::kForward);
  EXPECT_EQ(r.route(key(257, 0), false), KeyRoute::kForward);
  // The keypad's Enter alike, tracked on its own.
  EXPECT_EQ(r.route(key(335, 1), false), KeyRoute::kForwardAsSpace);
  EXPECT_EQ(r.route(key(335, 2), false), KeyRoute::kForwardAsSpace);
  EXPECT_EQ(r.route(key(335, 0), false), KeyRoute::kForwardAsSpace);
}

TEST(KeyRouter, EscapeIsTheShellsOnPressAndHiddenOnRelease) {
  KeyRouter r;
  EXPECT_EQ(r.route(key(256, 1), true), KeyRoute::kEscape);
  EXPECT_EQ(r.route(key(256, 2), false), KeyRoute::kEscape);
  EXPECT_EQ(r.route(key(256, 0), false), KeyRoute::kDrop);
}

TEST(KeyRouter, OtherKeysAndTextPassUnchanged) {
  KeyRouter r;
  EXPECT_EQ(r.route(key(258, 1), false), KeyRoute::kForward);  // Tab
  EXPECT_EQ(r.route(key(65, 1), true), KeyRoute::kForward);    // A
  EXPECT_EQ(r.route(text(" "), true), KeyRoute::kForward);     // a space typed with no Space press before
}

}  // namespace zc
