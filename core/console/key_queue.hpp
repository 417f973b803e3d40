// A key-event queue that hands Dear ImGui 1.86 at most one change per key per frame, with typed text in
// its place between the keys. ImGui 1.86 samples
// key state once per frame, so a key pressed and released between two frames (a quick tap, Playwright's
// keyboard.press, any key while the loop idles) would be lost; ImGui 1.87's input queue fixed the same
// fault the same way. docs/TOOLCHAIN.md "Browser tests" has the measurement. Platform-free: key codes are ints.
#pragma once
#include <string>
#include <vector>

namespace zc {

/// One input event: a key as GLFW reports it (key code, scancode, action 0 release / 1 press / 2 repeat,
/// mods), or, with key == KeyEvent::kText, typed text (UTF-8) in `text`.
struct KeyEvent {
  static constexpr int kText = -1;
  int key = 0;
  int scancode = 0;
  int action = 0;
  int mods = 0;
  std::string text;
};

/// FIFO of key events and typed text, released frame by frame in the order they arrived.
class KeyQueue {
 public:
  void push(const KeyEvent& event) { queue_.push_back(event); }
  /// Typed text (UTF-8), in order with the keys around it.
  void push_text(const std::string& utf8);

  /// The events to apply in this frame, in arrival order: all of them up to (not including) the first
  /// event for a key that already changed in this frame, or the first text after a key event of this
  /// frame that a text field acts on (text_field_ignores). The rest wait for the next frame. Why such text
  /// waits for a frame of its own: within one frame, an ImGui 1.86 text field takes typed characters
  /// before key presses, so "Backspace, then h" in one frame would insert the h and then delete it; and
  /// characters are dropped while ImGui's Ctrl is down, so the letters after a Ctrl+A must come after
  /// Ctrl's release has been applied.
  std::vector<KeyEvent> next_frame();

  /// True for a key event that an ImGui 1.86 text field does nothing with, so the order ImGui takes it and
  /// typed text in changes nothing: a printable key (GLFW's codes 39-96: letters, digits, punctuation;
  /// not Space, which the KeyRouter gives a meaning) or Shift, with neither Ctrl, Alt nor Super held. The
  /// letter a key types then shares its key press's frame: it shows in the first frame after the key,
  /// not one frame later (issue 16's input latency).
  static bool text_field_ignores(const KeyEvent& e);

  /// True while events wait (the main loop must keep drawing frames until it is empty).
  bool pending() const { return !queue_.empty(); }

 private:
  // A vector, not a deque: it holds a few events at a time, and std::deque cost the console 1.5 KB of
  // code (docs/PERFORMANCE.md "Transfer size, round 2").
  std::vector<KeyEvent> queue_;
};

}  // namespace zc
