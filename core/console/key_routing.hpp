// What the shell does with each key before Dear ImGui 1.86 sees it, so the keyboard works as people expect
// of any form (issue 11, case 3; docs/ARCHITECTURE.md "Keyboard"):
//   - Space on a focused button, checkbox or field activates it and never types a space: ImGui starts
//     editing a field on Space and then takes the same key's character, which replaced a selected
//     value with " ".
//   - Enter activates a focused button (ImGui 1.86 presses buttons on Space only); while a field is
//     being edited, Enter still ends the edit as ImGui does.
//   - Escape closes the topmost popup (also a modal such as Import JSON), else ends editing a field and
//     keeps what was typed (ImGui 1.86 reverts the edit on Escape: that lost typed text).
// Platform-free: key codes are GLFW's, as KeyEvent carries them.
#pragma once
#include "console/key_queue.hpp"

namespace zc {

/// What to do with one KeyEvent.
enum class KeyRoute {
  kForward,         ///< hand it to ImGui as it is
  kForwardAsSpace,  ///< hand it to ImGui as the Space key (same action and mods)
  kDrop,            ///< ImGui never sees it
  kEscape,          ///< the shell's Escape: close the top popup, else stop editing (KeyRouter's comment)
};

/// Routes key events one by one, in arrival order; remembers what a press was routed as, so its release
/// goes the same way (an Enter pressed as Space is released as Space even if editing began in between).
class KeyRouter {
 public:
  static constexpr int kSpace = 32, kEscape = 256, kEnter = 257, kKeypadEnter = 335;  // GLFW key codes

  /// `editing_text`: a text field is being edited as this event is applied (ImGui's io.WantTextInput).
  KeyRoute route(const KeyEvent& event, bool editing_text);

 private:
  bool enter_as_space_ = false;     // the Enter key now down was pressed as Space
  bool keypad_as_space_ = false;    // the same for the keypad's Enter
  bool drop_space_text_ = false;    // a Space press activated something: its " " is not typed
};

}  // namespace zc
